#!/usr/bin/env python3
"""The glossary check: every entry of book/glossary.md leads to a page
that introduces its term.

An entry is a list item `- \\anchor gl_<slug> **term** ... \\ref <id>`.
For each entry:
  (a) the anchor is gl_ plus lower-case letters, digits and underscores,
      and no two entries share it;
  (b) its first \\ref names a page (`# Title {#id}`) or a section of one
      (`## Title {#id}`, `\\section id`) among book/*.md and
      chapters/*/chapter.md;
  (c) that page, or that section of it, has the term in italics
      (`*term*`; case, line breaks and a plural "s" do not matter);
  (d) the entries are in alphabetical order.

Usage: check_glossary.py --root SOURCE_DIR
Standard library only; prints one line per problem, exits 1 if any.
"""
import argparse
import pathlib
import re
import sys

ENTRY = re.compile(r"^- \\anchor (\S+) \*\*(.+?)\*\*(.*?)(?=^- |\Z)",
                   re.M | re.S)
REF = re.compile(r"\\ref\s+(\w+)")
SLUG = re.compile(r"gl_[a-z0-9_]+")
# `*term*`, not `**bold**`, not a `*` inside a word or a formula.
ITALIC = re.compile(r"(?<![*\w\\])\*(?![\s*])([^*]+?)(?<![\s*])\*(?![*\w])")
HEADING_ID = re.compile(r"^(#+) .*\{#(\w+)\}\s*$")
SECTION_ID = re.compile(r"^\\(sub)*section\s+(\w+)")


def normal(term):
    """Lower case, one space between words, no plural s."""
    return re.sub(r"s$", "", " ".join(term.lower().split()))


def sort_key(term):
    return re.sub(r"[^a-z0-9]", "", term.lower())


def italics(text):
    """The normalised terms in italics, outside code and formulas."""
    text = re.sub(r"\\code.*?\\endcode|```.*?```", " ", text, flags=re.S)
    text = re.sub(r"\\f\[.*?\\f\]|\\f\$.*?\\f\$|`[^`]*`", " ", text,
                  flags=re.S)
    return {normal(t) for t in ITALIC.findall(text) if "\n\n" not in t}


def targets(root):
    """Every page and section id: (page path, the text it covers)."""
    found = {}
    pages = sorted((root / "book").glob("*.md"))
    pages += sorted((root / "chapters").glob("*/chapter.md"))
    for page in pages:
        lines = page.read_text().splitlines()
        for number, line in enumerate(lines):
            heading = HEADING_ID.match(line)
            section = SECTION_ID.match(line)
            if heading and len(heading.group(1)) == 1:
                found[heading.group(2)] = (page, "\n".join(lines))
                continue
            if heading:
                level, pid = len(heading.group(1)), heading.group(2)
            elif section:
                level, pid = 2 + line.count("sub"), section.group(2)
            else:
                continue
            end = number + 1
            while end < len(lines):
                nxt = re.match(r"^(#+) ", lines[end])
                if nxt and len(nxt.group(1)) <= level:
                    break
                end += 1
            found[pid] = (page, "\n".join(lines[number:end]))
    return found


def check(root):
    problems = []
    glossary = root / "book" / "glossary.md"
    if not glossary.exists():
        return ["book/glossary.md: missing"]
    entries = ENTRY.findall(glossary.read_text())
    if not entries:
        problems.append("book/glossary.md: no entries")
    known = targets(root)
    seen = set()
    for anchor, term, rest in entries:
        where = f"book/glossary.md: '{term}'"
        if not SLUG.fullmatch(anchor):
            problems.append(f"{where}: anchor {anchor} is not gl_<slug>")
        if anchor in seen:
            problems.append(f"{where}: anchor {anchor} used twice")
        seen.add(anchor)
        ref = REF.search(rest)
        if not ref:
            problems.append(f"{where}: no \\ref to where it is introduced")
            continue
        if ref.group(1) not in known:
            problems.append(f"{where}: \\ref {ref.group(1)} is no page or "
                            "section of the book")
            continue
        page, text = known[ref.group(1)]
        if normal(term) not in italics(text):
            rel = page.relative_to(root).as_posix()
            problems.append(f"{where}: not in italics in {rel} "
                            f"(\\ref {ref.group(1)})")
    for before, after in zip(entries, entries[1:]):
        if sort_key(before[1]) > sort_key(after[1]):
            problems.append(f"book/glossary.md: '{after[1]}' comes after "
                            f"'{before[1]}' (alphabetical order)")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", required=True, type=pathlib.Path)
    args = parser.parse_args()
    problems = check(args.root.resolve())
    for problem in problems:
        print(problem)
    print(f"glossary check: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
