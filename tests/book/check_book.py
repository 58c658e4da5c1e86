#!/usr/bin/env python3
"""The book linter: checks what Doxygen does not, so
that the pages and the code they show cannot drift apart.

(a) every snippet tag in code is used by a page (no orphans);
(b) markers are balanced (exactly two per tag per file) and not nested;
(c) every chapter page has the required headings, in order;
(d) \\chapternav prev/next follow book/toc.md; every chapter is listed once;
(e) every \\verbinclude'd .out has a golden-output test (or, for a .gpu.out,
    a manual-regeneration header);
(f) no absolute paths, user names or host names in .md/.out files;
(g) every chapter dir has chapter.md, CMakeLists.txt, tests/ and a demo.

Usage: check_book.py --root SOURCE_DIR [--build BUILD_DIR]
Standard library only; prints one line per problem, exits 1 if any.
"""
import argparse
import getpass
import pathlib
import re
import socket
import sys

HEADINGS = ["## Goals", "## The idea", "## The code", "## Run it",
            "## How we know it works", "## Exercises",
            "## Recap and what's next"]
OPTIONAL = ["## Making it fast", "## Design note", "## Going further"]
MARKER = re.compile(r"^\s*//\s*\[([a-z0-9]+(?:-[a-z0-9]+)+)\]\s*$")
SNIPPET_USE = re.compile(
    r"\\(?:snippet(?:\{[^}]*\})?\s+|listing\{)([^,\s]+)[,\s]+\[?([\w-]+)")
CODE_SUFFIXES = {".cpp", ".hpp", ".h", ".cc", ".cu"}


class Report:
    def __init__(self, root):
        self.root = root
        self.problems = []

    def __call__(self, where, message):
        where = str(where).replace(f"{self.root}/", "")
        self.problems.append(f"{where}: {message}")


def chapter_dirs(root):
    return sorted(p for p in (root / "chapters").iterdir()
                  if p.is_dir() and re.match(r"\d\d_", p.name))


def markers_in(path, report):
    """Tags in one file; checks (b) on the way."""
    tags, open_tag, counts = set(), None, {}
    for number, line in enumerate(path.read_text().splitlines(), 1):
        match = MARKER.match(line)
        if not match:
            continue
        tag = match.group(1)
        counts[tag] = counts.get(tag, 0) + 1
        if open_tag is None:
            open_tag = tag
        elif open_tag == tag:
            open_tag = None
        else:
            report(f"{path}:{number}",
                   f"marker [{tag}] inside [{open_tag}] (nested or overlapping)")
        tags.add(tag)
    for tag, count in counts.items():
        if count != 2:
            report(path, f"marker [{tag}] appears {count} times, not 2")
    return tags


def check_markers(root, pages, report):
    used = set()
    for page in pages:
        for path, tag in SNIPPET_USE.findall(page.read_text()):
            used.add((path.strip(), tag.strip("[]")))
    defined = set()
    for code in (root / "chapters").rglob("*"):
        if code.suffix in CODE_SUFFIXES and code.is_file():
            rel = code.relative_to(root / "chapters").as_posix()
            for tag in markers_in(code, report):
                defined.add((rel, tag))
    for rel, tag in sorted(defined - used):
        report(f"chapters/{rel}", f"marker [{tag}] is used by no page")


def check_headings(page, report):
    text = page.read_text()
    found = [line.strip() for line in text.splitlines()
             if line.startswith("## ")]
    required = [h for h in found if h in HEADINGS]
    if required != HEADINGS:
        report(page, f"required headings {HEADINGS}, found {found}")
    for heading in found:
        if heading not in HEADINGS and heading not in OPTIONAL:
            report(page, f"unexpected section '{heading}'")


def page_id(page):
    match = re.search(r"^# .*\{#(\w+)\}", page.read_text(), re.M)
    return match.group(1) if match else None


def check_navigation(root, chapters, report):
    toc = (root / "book" / "toc.md").read_text()
    order = re.findall(r"\\subpage\s+(ch\d\d_\w+)", toc)
    for chapter in chapters:
        if not (chapter / "chapter.md").exists():
            continue  # check_layout reports it
        pid = page_id(chapter / "chapter.md")
        if order.count(pid) != 1:
            report("book/toc.md", f"{pid} listed {order.count(pid)} times")
    for i, pid in enumerate(order):
        page = root / "chapters" / pid[2:] / "chapter.md"
        if not page.exists():
            report("book/toc.md", f"{pid} has no chapters/{pid[2:]}/chapter.md")
            continue
        prev_id = order[i - 1] if i > 0 else "book"
        next_id = order[i + 1] if i + 1 < len(order) else "book"
        navs = re.findall(r"\\chapternav\{(\w+),(\w+)\}", page.read_text())
        if len(navs) != 2:
            report(page, f"{len(navs)} \\chapternav lines, expected 2")
        for nav in navs:
            if nav != (prev_id, next_id):
                report(page, f"\\chapternav{{{nav[0]},{nav[1]}}}, toc.md "
                             f"order says {{{prev_id},{next_id}}}")


def registered_tests(build):
    """The text of every CTestTestfile.cmake: golden tests name their file."""
    if build is None:
        return None
    return "\n".join(f.read_text() for f in build.rglob("CTestTestfile.cmake"))


def check_outputs(root, pages, build, report):
    tests = registered_tests(build)
    for page in pages:
        for out in re.findall(r"\\verbinclude\s+(\S+\.out)", page.read_text()):
            path = root / "chapters" / out
            if not path.exists():
                report(page, f"\\verbinclude {out}: no such file")
                continue
            if out.endswith(".gpu.out"):
                if "manual-regeneration" not in path.read_text()[:2000]:
                    report(path, "a .gpu.out needs a manual-regeneration "
                                 "header (device, ranks, commit, date)")
                continue
            if not path.read_text().startswith("$ "):
                report(path, "a golden output starts with '$ <command>'")
            if tests is not None and f"-DGOLDEN={path}" not in tests:
                report(path, "no golden-output test checks it")


def check_private_text(root, report):
    forbidden = [re.compile(r"(?<![\w.])/(?:home|root|work|tmp|Users)/")]
    names = {getpass.getuser(), socket.gethostname()} - {"root", ""}
    for path in list(root.glob("**/*.md")) + list(root.glob("**/*.out")):
        if any(part.startswith("build") or part.startswith(".")
               for part in path.relative_to(root).parts[:-1]):
            continue
        text = path.read_text()
        for pattern in forbidden:
            for match in pattern.finditer(text):
                report(path, f"absolute path '{match.group(0)}...'")
        for name in names:
            if len(name) > 3 and name in text:
                report(path, f"contains the user or host name '{name}'")


def check_layout(chapter, report):
    for needed in ["chapter.md", "CMakeLists.txt", "tests"]:
        if not (chapter / needed).exists():
            report(chapter, f"missing {needed}")
    if not list((chapter / "examples").glob("demo_*.cpp")):
        report(chapter, "missing examples/demo_*.cpp")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", required=True, type=pathlib.Path)
    parser.add_argument("--build", type=pathlib.Path)
    args = parser.parse_args()
    root = args.root.resolve()
    report = Report(root)
    chapters = chapter_dirs(root)
    for chapter in chapters:
        check_layout(chapter, report)
    pages = [c / "chapter.md" for c in chapters if (c / "chapter.md").exists()]
    pages += sorted((root / "book").glob("*.md"))
    check_markers(root, pages, report)
    for chapter in chapters:
        if (chapter / "chapter.md").exists():
            check_headings(chapter / "chapter.md", report)
    check_navigation(root, chapters, report)
    check_outputs(root, pages, args.build, report)
    check_private_text(root, report)
    for problem in report.problems:
        print(problem)
    print(f"book lint: {len(report.problems)} problem(s) in "
          f"{len(chapters)} chapter(s)")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
