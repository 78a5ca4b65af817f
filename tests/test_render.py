"""Render: Markdown escaping and the inline token stream (emphasis, abbreviations, line breaks)."""

import markdown
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from kparchive.model import Paragraph, Term
from kparchive.render import Inline, md_escape

MD = markdown.Markdown(extensions=["attr_list", "md_in_html", "def_list", "tables", "toc"])


@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1))
def test_md_escape_makes_any_text_literal_in_markdown(text):
    html = MD.reset().convert("Before " + md_escape(text) + " after")
    shown = BeautifulSoup(html, "html.parser").get_text()
    assert " ".join(shown.split()) == " ".join(("Before " + text + " after").split())


def test_md_escape_in_a_link_and_a_definition():
    html = MD.reset().convert(f"[{md_escape('*a* [b](c) <i>')}](x.md)\n\nTerm\n:   {md_escape('# _x_ {: .y }')}")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.a.get_text() == "*a* [b](c) <i>" and soup.dd.get_text() == "# _x_ {: .y }"
    assert soup.find("i") is None and soup.find("em") is None


def tokens(text, glossary=()):
    return [(t.kind, t.text) for t in Inline(list(glossary)).tokens(Paragraph(1, tuple(text.split("\n"))))]


def test_balanced_double_asterisks_become_emphasis():
    assert tokens("**Bold\nline**") == [("open", ""), ("text", "Bold"), ("br", ""), ("text", "line"), ("close", "")]
    assert tokens("a ** b") == [("text", "a ** b")]  # unbalanced: kept as written
    assert tokens("a **** b") == [("text", "a **** b")]  # empty emphasis: kept as written


def test_abbreviations_whole_words_longest_first():
    glossary = [Term("Kimberley Process", "…", "KP"), Term("Coalition", "…", "KP CSC", ("CSC",))]
    assert tokens("The KP CSC and the KP, not KPCS.", glossary) == [
        ("text", "The "), ("abbr", "KP CSC"), ("text", " and the "), ("abbr", "KP"), ("text", ", not KPCS.")]


def test_emphasis_never_joins_words():
    assert tokens("0**0** and **x**y") == [("text", "0**0** and **x**y")]
    assert tokens("a **b** c") == [("text", "a "), ("open", ""), ("text", "b"), ("close", ""), ("text", " c")]
