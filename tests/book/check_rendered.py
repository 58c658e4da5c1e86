#!/usr/bin/env python3
"""Render the built book in headless Chromium, as a reader sees it.

For the front page, the contents page, every page listed in book/toc.md
and the one-page edition (one_page.html): the page loads without console
errors, its formulas are typeset by MathJax (none left as raw TeX, no
MathJax error), every image it shows exists, its prev/next links lead to
existing pages, and every link within the page (#id) finds its target.
A screenshot of each page is saved to BUILD/book/screenshots/ for people
to look at.

Usage: check_rendered.py --root SOURCE_DIR --html BUILD/book/html
Exit 0: all good; 1: problems (listed); 77: Chromium is not installed
(ctest reports the test as skipped, with this script's message).
Standard library only.
"""
import argparse
import html.parser
import pathlib
import re
import shutil
import subprocess
import sys
import urllib.parse

BROWSERS = ["chromium", "chromium-browser", "google-chrome"]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu",
         "--allow-file-access-from-files", "--hide-scrollbars",
         "--virtual-time-budget=15000"]
CONSOLE_ERROR = re.compile(r"CONSOLE\(\d+\)\] \"(?:Uncaught|.*[Ee]rror)|"
                           r"Failed to load resource|net::ERR_FILE_NOT_FOUND")


class PageParser(html.parser.HTMLParser):
    """Collects image sources, chapter-nav links and typeset formulas."""

    def __init__(self):
        super().__init__()
        self.images, self.nav_links = [], []
        self.ids, self.local_links = set(), []
        self.typeset = self.math_errors = 0
        self.in_nav = 0
        self.text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = attrs.get("class", "") or ""
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and (attrs.get("href") or "#").startswith("#") \
                and len(attrs.get("href") or "") > 1:
            self.local_links.append(attrs["href"][1:])
        if tag == "img" and attrs.get("src"):
            self.images.append(attrs["src"])
        if tag == "object" and attrs.get("data"):
            self.images.append(attrs["data"])
        if tag == "div" and "chapnav" in classes:
            self.in_nav += 1
        elif tag == "div" and self.in_nav:
            self.in_nav += 1
        if tag == "a" and self.in_nav and attrs.get("href"):
            self.nav_links.append(attrs["href"])
        if tag == "script" and (attrs.get("type") or "").startswith("math/tex"):
            self.typeset += 1
        if "MathJax_Error" in classes or "merror" in classes:
            self.math_errors += 1

    def handle_endtag(self, tag):
        if tag == "div" and self.in_nav:
            self.in_nav -= 1

    def handle_data(self, data):
        self.text.append(data)


def browser():
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    return None


def render(chrome, page, screenshot):
    url = page.resolve().as_uri()
    dom = subprocess.run([chrome, *FLAGS, "--enable-logging=stderr", "--v=0",
                          "--dump-dom", url],
                         capture_output=True, text=True, timeout=120)
    subprocess.run([chrome, *FLAGS, "--window-size=1280,2400",
                    f"--screenshot={screenshot}", url],
                   capture_output=True, text=True, timeout=120)
    return dom.stdout, dom.stderr


def local_target(page, href):
    parsed = urllib.parse.urlparse(href)
    if parsed.scheme in ("http", "https"):
        return None
    return (page.parent / urllib.parse.unquote(parsed.path)).resolve()


def check_page(chrome, page, shots, problems):
    name = page.name
    if not page.exists():
        problems.append(f"{name}: page was not generated")
        return
    dom, log = render(chrome, page, shots / f"{page.stem}.png")
    for line in log.splitlines():
        if CONSOLE_ERROR.search(line):
            problems.append(f"{name}: console: {line.strip()[:200]}")
    parser = PageParser()
    parser.feed(dom)
    source = page.read_text(errors="replace")
    formulas = len(re.findall(r"\\\(|\\\[", source))
    text = "".join(parser.text)
    if formulas and parser.typeset == 0:
        problems.append(f"{name}: {formulas} formulas, none typeset by MathJax")
    if parser.math_errors:
        problems.append(f"{name}: {parser.math_errors} MathJax errors")
    if re.search(r"\\f[\$\[]", text):
        problems.append(f"{name}: raw Doxygen formula markup in the text")
    for src in parser.images:
        target = local_target(page, src)
        if target is not None and not target.exists():
            problems.append(f"{name}: image {src} is missing")
    for href in parser.nav_links:
        target = local_target(page, href)
        if target is not None and not target.exists():
            problems.append(f"{name}: navigation link {href} leads nowhere")
    for anchor in sorted(set(parser.local_links) - parser.ids):
        problems.append(f"{name}: link #{anchor} has no target on the page")
    print(f"{name}: {parser.typeset} formulas typeset, "
          f"{len(parser.images)} images, {len(parser.nav_links)} nav links")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", required=True, type=pathlib.Path)
    parser.add_argument("--html", required=True, type=pathlib.Path)
    args = parser.parse_args()
    chrome = browser()
    if chrome is None:
        print("SKIPPED: Chromium is not installed (apt-get install chromium); "
              "the rendered book was not checked")
        return 77
    toc = (args.root / "book" / "toc.md").read_text()
    pages = (["index", "book"] + re.findall(r"\\subpage\s+(\w+)", toc)
             + ["one_page"])
    shots = args.html.parent / "screenshots"
    shots.mkdir(exist_ok=True)
    problems = []
    for page_id in pages:
        check_page(chrome, args.html / f"{page_id}.html", shots, problems)
    for problem in problems:
        print(problem)
    print(f"rendered book: {len(pages)} pages, {len(problems)} problem(s); "
          f"screenshots in {shots}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
