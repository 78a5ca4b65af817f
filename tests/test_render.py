"""The inline token stream of a paragraph: emphasis, abbreviations (explained at their first use on a page),
line breaks."""

from kparchive.model import Paragraph, Term
from kparchive.text import Inline


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


def test_an_abbreviation_is_explained_at_its_first_use_on_a_page_only():
    glossary = [Term("Kimberley Process", "…", "KP")]
    paragraphs = [Paragraph(1, ("The KP and the KP.",)), Paragraph(2, ("Again the KP.",))]
    page = Inline(glossary).page(paragraphs)
    assert [(t.kind, t.text) for t in page[1]] == [("text", "The "), ("abbr", "KP"), ("text", " and the "),
                                                  ("text", "KP"), ("text", ".")]
    assert [t.kind for t in page[2]] == ["text", "text", "text"]
