#!/usr/bin/env python3
"""The book on one page: the front page and every page of book/toc.md, in
reading order, cut from the HTML Doxygen built, into BUILD/book/html/
one_page.html. Same stylesheets, same offline MathJax, same figures; links
between the book's pages become links within the page, links into the API
reference still open its pages. Run by the `book` target after Doxygen.

Usage: one_page.py --root SOURCE_DIR --html BUILD/book/html
Standard library only.
"""
import argparse
import pathlib
import re
import sys

BODY = re.compile(r'<div><div class="header">(.*?)</div><!-- contents -->',
                  re.S)
NAV = re.compile(r'<div class="chapnav">.*?</div>', re.S)
TITLE = re.compile(r'<div class="title">(.*?)</div>', re.S)
# The head keeps meta, stylesheets and MathJax; the tree view, search and
# sidebar layout belong to the multi-page book.
DROP_HEAD = re.compile(r'<script type="text/javascript" src="(?:jquery|'
                       r'dynsections|resize|navtreedata|navtree|search/'
                       r'searchdata|search/search)\.js"></script>\n|'
                       r'<link href="(?:navtree|search/search|doxygen-'
                       r'awesome-sidebar-only)\.css"[^>]*>\n|'
                       r'<script type="text/javascript">\n/\* @license.*?'
                       r'</script>\n', re.S)


def pages(root):
    toc = (root / "book" / "toc.md").read_text()
    return ["index"] + re.findall(r"\\subpage\s+(\w+)", toc)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", required=True, type=pathlib.Path)
    parser.add_argument("--html", required=True, type=pathlib.Path)
    args = parser.parse_args()
    ids = pages(args.root)
    sources = {i: (args.html / f"{i}.html").read_text() for i in ids}
    head = sources["index"].split("<head>", 1)[1].split("</head>", 1)[0]
    head = DROP_HEAD.sub("", head)
    head = re.sub(r"<title>.*?</title>",
                  "<title>blocks: the whole book on one page</title>", head)

    def relink(match):
        page, anchor = match.group(1), match.group(2)
        if page not in ids:
            return match.group(0)
        return f'href="#{anchor[1:] if anchor else "page-" + page}"'

    sections, contents = [], []
    for i in ids:
        found = BODY.search(sources[i])
        if not found:
            sys.exit(f"one_page.py: {i}.html has no page body")
        body = NAV.sub("", found.group(1))
        body = re.sub(r'href="(\w+)\.html(#[\w-]+)?"', relink, body)
        title = TITLE.search(body)
        contents.append(f'<li><a href="#page-{i}">'
                        f'{title.group(1).strip() if title else i}</a></li>')
        sections.append(f'<section class="one-page" id="page-{i}">\n'
                        f'<div><div class="header">{body}</div></div>\n</section>')
    out = args.html / "one_page.html"
    out.write_text(
        '<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml">\n'
        f"<head>{head}</head>\n<body>\n<div id=\"doc-content\" "
        'class="one-page-book">\n<div class="header"><div class="headertitle">'
        '<div class="title">Logistic Regression, Block by Block — the whole '
        'book on one page</div></div></div>\n<div class="contents">'
        '<p>The <a href="index.html">multi-page edition</a> has the API '
        'reference and a search box. Contents:</p>\n<ol>'
        + "".join(contents) + "</ol></div>\n" + "\n".join(sections)
        + "\n</div>\n</body>\n</html>\n")
    print(f"The book on one page: {out} ({len(ids)} pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
