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
(g) every chapter dir has chapter.md, CMakeLists.txt, tests/ and a demo;
(h) a page's main line (everything before "## Making it fast") keeps to
    STYLE 3.11's budget: no listing over 40 lines, at most 2,750 words of
    prose and 275 listed lines; and the page has "## Making it fast" between
    "How we know it works" and "Exercises";
(i) every chapter page serves a reader who knows PyTorch and little C++:
    a "C++ on this page" box in its Goals (a blockquote starting
    `> **C++ on this page**`) that links (\\ref) what it names, at least
    one Python listing (a \\snippet or \\listing of a .py file: the
    PyTorch the C++ replaces) that a ctest runs (checked with --build), and
    a "## Further reading" section, last, with at least one link.

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
            "## Recap and what's next", "## Further reading"]
OPTIONAL = ["## Making it fast", "## Design note", "## Going further"]
MARKER = re.compile(r"^\s*(?://|#)\s*\[([a-z0-9]+(?:-[a-z0-9]+)+)\]\s*$")
SNIPPET_USE = re.compile(
    r"\\(?:snippet(?:\{[^}]*\})?\s+|listing\{)([^,\s]+)[,\s]+\[?([\w-]+)")
CODE_SUFFIXES = {".cpp", ".hpp", ".h", ".cc", ".cu", ".py"}
# Where listings live: chapters/PATH, tests/PATH for the golden
# generators a page shows beside the C++, or primer/PATH for the page
# "C++ for PyTorch users" (Doxygen's EXAMPLE_PATH too).
LISTING_ROOTS = ("chapters", "tests", "primer")
# STYLE 3.11: "about 2,500 words" and "about 250 listed lines" leave a
# tenth of slack; "no listing over 40 lines" leaves none.
MAX_LISTING_LINES, MAX_MAIN_WORDS, MAX_LISTED_LINES = 40, 2750, 275
FAST_HEADING = "## Making it fast"


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
    for top in LISTING_ROOTS:
        for code in (root / top).rglob("*"):
            if code.suffix in CODE_SUFFIXES and code.is_file():
                rel = code.relative_to(root / top).as_posix()
                for tag in markers_in(code, report):
                    defined.add((top, rel, tag))
    for top, rel, tag in sorted(defined):
        if (rel, tag) not in used:
            report(f"{top}/{rel}", f"marker [{tag}] is used by no page")


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


def listing_lines(root, path, tag):
    """Lines between the two `// [tag]` markers of chapters/PATH (or
    tests/PATH), or None."""
    found = [root / top / path for top in LISTING_ROOTS
             if (root / top / path).is_file()]
    if not found:
        return None
    code = found[0]
    lines = code.read_text().splitlines()
    marks = [i for i, line in enumerate(lines)
             if MARKER.match(line) and MARKER.match(line).group(1) == tag]
    return marks[1] - marks[0] - 1 if len(marks) == 2 else None


def prose_words(text):
    """Words a reader reads: formulas, code blocks and commands left out."""
    text = re.sub(r"\\f\[.*?\\f\]", " ", text, flags=re.S)
    text = re.sub(r"\\code.*?\\endcode", " ", text, flags=re.S)
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"^\\.*$", " ", text, flags=re.M)
    return len(re.findall(r"[A-Za-z0-9][\w'’-]*", text))


def check_budget(root, chapter, report):
    """(h): the main line's budget and the place of "Making it fast"."""
    page = chapter / "chapter.md"
    text = page.read_text()
    headings = [line.strip() for line in text.splitlines()
                if line.startswith("## ")]
    problems = []
    if FAST_HEADING not in headings:
        problems.append(f"no '{FAST_HEADING}' section (STYLE 3.6, 3.11)")
    elif not (headings.index("## How we know it works")
              < headings.index(FAST_HEADING)
              < headings.index("## Exercises")):
        problems.append(f"'{FAST_HEADING}' must come after 'How we know it "
                        "works' and before 'Exercises'")
    main = text.split(f"\n{FAST_HEADING}", 1)[0]
    listed = 0
    for path, tag in SNIPPET_USE.findall(main):
        lines = listing_lines(root, path.strip(), tag.strip("[]"))
        if lines is None:
            continue  # check_markers and Doxygen report a missing snippet
        listed += lines
        if lines > MAX_LISTING_LINES:
            problems.append(f"listing {path}:{tag} is {lines} lines on the "
                            f"main line (at most {MAX_LISTING_LINES})")
    if listed > MAX_LISTED_LINES:
        problems.append(f"{listed} listed lines on the main line (at most "
                        f"{MAX_LISTED_LINES})")
    words = prose_words(main)
    if words > MAX_MAIN_WORDS:
        problems.append(f"{words} words on the main line (at most "
                        f"{MAX_MAIN_WORDS})")
    for problem in problems:
        report(page, problem)


CPP_BOX = "> **C++ on this page**"


def section_text(text, heading):
    """The lines of `## heading` up to the next `## ` heading, or None."""
    parts = re.split(r"^(## .*)$", text, flags=re.M)
    for i in range(1, len(parts) - 1, 2):
        if parts[i].strip() == heading:
            return parts[i + 1]
    return None


def check_reader_parts(page, report, root=None, tests=None):
    """(i): the C++ box, a Python listing and further reading; with the
    build's tests (`tests`), every Python file a page lists is run by one."""
    text = page.read_text()
    goals = section_text(text, "## Goals") or ""
    box = re.search(r"^" + re.escape(CPP_BOX) + r".*(?:\n>.*)*", goals, re.M)
    if not box:
        report(page, f"no '{CPP_BOX}' box in '## Goals' (issue 22, item 2)")
    elif "\\ref " not in box.group(0):
        report(page, "the 'C++ on this page' box links nothing (\\ref)")
    python = sorted({path.strip() for path, _ in SNIPPET_USE.findall(text)
                     if path.strip().endswith(".py")})
    if not python:
        report(page, "no Python listing (a \\snippet or \\listing of a "
                     ".py file: the PyTorch beside the C++)")
    for path in python if tests is not None and root is not None else []:
        found = [root / top / path for top in LISTING_ROOTS
                 if (root / top / path).is_file()]
        if found and str(found[0]) not in tests:
            report(page, f"{path}: no ctest runs this Python listing")
    reading = section_text(text, "## Further reading")
    if reading is None:
        report(page, "no '## Further reading' section")
    elif not re.search(r"https?://", reading):
        report(page, "'## Further reading' has no link")


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
            found = [root / top / out for top in LISTING_ROOTS
                     if (root / top / out).exists()]
            path = found[0] if found else root / "chapters" / out
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
    tests = registered_tests(args.build)
    for chapter in chapters:
        if (chapter / "chapter.md").exists():
            check_headings(chapter / "chapter.md", report)
            check_budget(root, chapter, report)
            check_reader_parts(chapter / "chapter.md", report, root, tests)
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
