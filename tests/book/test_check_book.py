#!/usr/bin/env python3
"""Self-test of the book linter: its budget check (h) (a page that keeps to
STYLE 3.11's budget passes, and each way of breaking it is reported) and
its reader's parts (i) (a page without its "C++ on this page" box, its
Python listing or its further reading is reported).
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


READER_PAGE = """# Demo {#ch01_demo}
## Goals
- a goal

> **C++ on this page** — first used here: references and `const`
> (\\ref cpp_values), lambdas (\\ref cpp_lambdas).

## The idea
\\listing{01_demo/pytorch/a.py,torch-listing,the PyTorch}
## The code
## Run it
## How we know it works
## Exercises
## Recap and what's next
## Further reading
- [torch.Tensor](https://pytorch.org/docs/1.13/tensors.html)
"""


def reader_problems(page_text, ctest_text=None):
    """Problems (i) finds on a page; with `ctest_text`, as the text of the
    build's CTestTestfile.cmake files, where {script} is the listed .py."""
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        script = root / "chapters" / "01_demo" / "pytorch" / "a.py"
        script.parent.mkdir(parents=True)
        script.write_text("# [torch-listing]\nx = 1\n# [torch-listing]\n")
        page = root / "chapters" / "01_demo" / "chapter.md"
        page.write_text(page_text)
        report = check_book.Report(root)
        tests = None if ctest_text is None else ctest_text.format(
            script=script)
        check_book.check_reader_parts(page, report, root, tests)
        return report.problems


class ReaderParts(unittest.TestCase):
    def test_a_page_with_all_three_passes(self):
        self.assertEqual(reader_problems(READER_PAGE), [])

    def test_a_page_without_the_cpp_box_is_reported(self):
        text = READER_PAGE.replace("> **C++ on this page**", "> **C++**")
        [problem] = reader_problems(text)
        self.assertIn("no '> **C++ on this page**' box", problem)

    def test_a_cpp_box_outside_the_goals_is_reported(self):
        box = READER_PAGE[READER_PAGE.index("> **C++"):
                          READER_PAGE.index("## The idea")]
        text = READER_PAGE.replace(box, "").replace("## Run it\n",
                                                   "## Run it\n" + box)
        [problem] = reader_problems(text)
        self.assertIn("box in '## Goals'", problem)

    def test_a_cpp_box_without_links_is_reported(self):
        text = READER_PAGE.replace("\\ref cpp_values", "values").replace(
            "\\ref cpp_lambdas", "lambdas")
        [problem] = reader_problems(text)
        self.assertIn("links nothing", problem)

    def test_a_page_without_a_python_listing_is_reported(self):
        text = READER_PAGE.replace("pytorch/a.py", "src/a.cpp")
        [problem] = reader_problems(text)
        self.assertIn("no Python listing", problem)

    def test_a_page_without_further_reading_is_reported(self):
        text = READER_PAGE.split("## Further reading")[0]
        [problem] = reader_problems(text)
        self.assertIn("no '## Further reading' section", problem)
        text = READER_PAGE.replace("(https://pytorch.org/docs/1.13/"
                                   "tensors.html)", "")
        [problem] = reader_problems(text)
        self.assertIn("has no link", problem)

    def test_a_python_listing_that_no_ctest_runs_is_reported(self):
        self.assertEqual(reader_problems(
            READER_PAGE, 'add_test(t python3 run.py --script {script})'), [])
        [problem] = reader_problems(READER_PAGE, "add_test(t other.py)")
        self.assertIn("no ctest runs this Python listing", problem)

    def test_further_reading_is_a_required_heading_after_the_recap(self):
        self.assertEqual(check_book.HEADINGS[-2:],
                         ["## Recap and what's next", "## Further reading"])


if __name__ == "__main__":
    unittest.main()
