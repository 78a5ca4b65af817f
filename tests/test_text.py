"""Reading an original: decoding, paragraphs and lists, sentences."""

import pytest

from kparchive.text import TextError, cut_quotes, decode, parse_blocks, sentences, words


def paragraphs(text):
    return [p for b in parse_blocks(text) for p in b.paragraphs]


def test_decode_drops_bom_and_normalises_line_ends():
    assert decode("\ufeffOne\r\nTwo\rThree\n".encode()) == "One\nTwo\nThree\n"


@pytest.mark.parametrize("raw, message", [
    (b"", "is empty"),
    (b" \n\r\n\t", "is empty"),
    ("caf\u00e9".encode("latin-1"), "is not UTF-8 (byte 0xe9 at offset 3)"),
    (b"a\x00b", "contains a NUL character"),
])
def test_decode_refuses_unusable_text(raw, message):
    with pytest.raises(TextError, match=message.replace("(", r"\(").replace(")", r"\)")):
        decode(raw)


def test_blank_lines_separate_paragraphs_and_lines_within_are_kept():
    ps = paragraphs("Title\n\n**The Coalition\nPRESS RELEASE**\n\nBody text.")
    assert [p.pid for p in ps] == ["p1", "p2", "p3"]
    assert ps[1].lines == ("**The Coalition", "PRESS RELEASE**")


def test_a_text_without_blank_lines_has_one_paragraph_a_line():
    ps = paragraphs("Headline\nFirst paragraph.\nSecond paragraph.\n")
    assert [p.text for p in ps] == ["Headline", "First paragraph.", "Second paragraph."]


def test_list_items_are_numbered_paragraphs_and_keep_their_markers():
    blocks = parse_blocks("Commitments:\n\n- one\n- two\n\n1. first note\n2. second note\n\n· dot item")
    assert [b.kind for b in blocks] == ["p", "list", "list", "list"]
    items = [p for b in blocks if b.kind == "list" for p in b.paragraphs]
    assert [(p.marker, p.text) for p in items][:4] == [("-", "one"), ("-", "two"), ("1.", "first note"),
                                                      ("2.", "second note")]
    assert [p.n for b in blocks for p in b.paragraphs] == list(range(1, 7))


def test_bold_lines_are_not_list_items():
    assert parse_blocks("**Bold start**\n\nText")[0].kind == "p"


def test_words_ignore_markup_but_keep_numbers():
    assert words("**PRESS RELEASE** 1. it’s 90% — done") == ["PRESS", "RELEASE", "1", "it", "s", "90", "done"]


def test_sentences_split_on_full_stops_but_not_after_abbreviations():
    text = "Zimbabwe signed in St. Petersburg in August 2010. It did not comply. Mr. Mtisi spoke."
    assert sentences(text) == ["Zimbabwe signed in St. Petersburg in August 2010.", "It did not comply.",
                               "Mr. Mtisi spoke."]


def test_sentences_are_substrings_of_their_paragraph():
    text = "“We would like to see Zimbabwe comply.” He said so. (Again.) Then: 5 hours lost!"
    for sentence in sentences(text):
        assert sentence in text


@pytest.mark.parametrize("sentence, lead, tail", [
    ("No quotation here.", "", ""),
    ("He said “stop” and left.", "", ""),
    ("“The trade goes on.", "", " …”"),  # the quotation goes on in the next sentence
    ("It must end,” she said.", "“… ", ""),  # it began in an earlier one
    ("« La zone doit être levée.", "", " … »"),
    ('"It goes on.', "", ' …"'),
    ('It ends here." Then more.', '"… ', ""),
])
def test_a_cut_sentence_closes_every_quotation_mark_it_opens(sentence, lead, tail):
    """A country page quotes one sentence of a paragraph: what a cut quotation needs so that its marks balance."""
    assert cut_quotes(sentence) == (lead, tail)
