#!/usr/bin/env python3
"""Self-test of the glossary check: a glossary whose entries lead to pages
that introduce their terms passes, and each way of breaking it is reported.
Standard library only: python3 test_check_glossary.py"""
import pathlib
import sys
import tempfile
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import check_glossary  # noqa: E402

PAGE = """# Chapter 1 — Demo {#ch01_demo}

## The idea

A *tensor* has a *shape*; `*not_a_term*` is code.

## Primer section {#demo_section}

A *scope
guard* restores a setting.
"""

GOOD = """# Glossary {#glossary}

- \\anchor gl_scope_guard **scope guard**: restores a setting.
  \\ref demo_section
- \\anchor gl_shape **shape**: extents. \\ref ch01_demo
- \\anchor gl_tensor **tensors**: arrays. \\ref ch01_demo
"""


def problems_for(glossary):
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        (root / "chapters" / "01_demo").mkdir(parents=True)
        (root / "chapters" / "01_demo" / "chapter.md").write_text(PAGE)
        (root / "book").mkdir()
        (root / "book" / "glossary.md").write_text(glossary)
        return check_glossary.check(root)


class GlossaryCheck(unittest.TestCase):
    def test_good_glossary_passes(self):
        self.assertEqual(problems_for(GOOD), [])

    def test_term_not_in_italics_fails(self):
        broken = GOOD.replace("**shape**", "**batch**")
        self.assertIn("not in italics", " ".join(problems_for(broken)))

    def test_term_outside_its_section_fails(self):
        # "tensor" is on the page, but not in the section the entry names.
        broken = GOOD.replace("arrays. \\ref ch01_demo",
                              "arrays. \\ref demo_section")
        self.assertIn("not in italics", " ".join(problems_for(broken)))

    def test_term_only_in_code_fails(self):
        broken = GOOD.replace("**shape**", "**not_a_term**")
        self.assertIn("not in italics", " ".join(problems_for(broken)))

    def test_missing_page_fails(self):
        broken = GOOD.replace("\\ref ch01_demo", "\\ref ch09_gone", 1)
        self.assertIn("no page or section", " ".join(problems_for(broken)))

    def test_missing_ref_fails(self):
        broken = GOOD.replace("extents. \\ref ch01_demo", "extents.")
        self.assertIn("no \\ref", " ".join(problems_for(broken)))

    def test_bad_or_repeated_anchor_fails(self):
        found = " ".join(problems_for(GOOD.replace("gl_shape", "shape")))
        self.assertIn("is not gl_<slug>", found)
        found = " ".join(problems_for(GOOD.replace("gl_shape", "gl_tensor")))
        self.assertIn("used twice", found)

    def test_order_fails(self):
        lines = GOOD.splitlines(keepends=True)
        broken = "".join(lines[:2] + lines[4:5] + lines[2:4] + lines[5:])
        self.assertIn("alphabetical order", " ".join(problems_for(broken)))


if __name__ == "__main__":
    unittest.main()
