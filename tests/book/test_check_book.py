#!/usr/bin/env python3
"""Self-test of the book linter's budget check (h): a page that keeps to
STYLE 3.11's budget passes, and each way of breaking it is reported.
Standard library only: python3 test_check_book.py"""
import pathlib
import sys
import tempfile
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import check_book  # noqa: E402

HEADINGS = ["Goals", "The idea", "The code", "Run it",
            "How we know it works", "Making it fast", "Exercises",
            "Recap and what's next"]


def write_chapter(root, listing_lines=10, words=100, headings=HEADINGS,
                  fast_listing_lines=0):
    chapter = root / "chapters" / "01_demo"
    (chapter / "src").mkdir(parents=True)
    code = ["// [main-listing]"] + ["int x;"] * listing_lines + ["// [main-listing]"]
    code += ["// [fast-listing]"] + ["int y;"] * fast_listing_lines + ["// [fast-listing]"]
    (chapter / "src" / "a.cpp").write_text("\n".join(code) + "\n")
    body = []
    for heading in headings:
        body.append(f"## {heading}\n")
        if heading == "The code":
            body.append("word " * words + "\n")
            body.append("\\listing{01_demo/src/a.cpp,main-listing,a listing}\n")
        if heading == "Making it fast":
            body.append("\\listing{01_demo/src/a.cpp,fast-listing,tuned}\n")
    (chapter / "chapter.md").write_text("# Demo {#ch01_demo}\n" + "".join(body))
    return chapter


def problems_for(**kwargs):
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        chapter = write_chapter(root, **kwargs)
        report = check_book.Report(root)
        check_book.check_budget(root, chapter, report)
        return report.problems


class BudgetCheck(unittest.TestCase):
    def test_a_page_within_budget_passes(self):
        self.assertEqual(problems_for(listing_lines=40, words=2000), [])

    def test_a_long_listing_after_making_it_fast_is_allowed(self):
        self.assertEqual(problems_for(fast_listing_lines=90), [])

    def test_a_listing_of_41_lines_is_reported(self):
        [problem] = problems_for(listing_lines=41)
        self.assertIn("41 lines", problem)

    def test_too_many_words_are_reported(self):
        [problem] = problems_for(words=2800)
        self.assertIn("words on the main line", problem)

    def test_too_many_listed_lines_are_reported(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = pathlib.Path(tmp)
            chapter = write_chapter(root, listing_lines=35)
            page = chapter / "chapter.md"
            page.write_text(page.read_text().replace(
                "## Run it", "\\listing{01_demo/src/a.cpp,main-listing,again}\n" * 7
                + "## Run it"))
            report = check_book.Report(root)
            check_book.check_budget(root, chapter, report)
            self.assertTrue(any("280 listed lines" in p
                                for p in report.problems), report.problems)

    def test_a_missing_or_misplaced_making_it_fast_is_reported(self):
        missing = [h for h in HEADINGS if h != "Making it fast"]
        [problem] = problems_for(headings=missing)
        self.assertIn("no '## Making it fast'", problem)
        late = missing[:-1] + ["Making it fast", missing[-1]]
        [problem] = problems_for(headings=late)
        self.assertIn("must come after", problem)


if __name__ == "__main__":
    unittest.main()
