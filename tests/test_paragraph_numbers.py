"""Paragraph numbers are part of the archive's stable interface: a citation says "para. 11" and links to
#p11, so the same original must always give the same numbers. tests/fixtures/paragraphs.json pins, for each
of the first five originals, every paragraph's number and the words it opens with."""

import json

import pytest

from kparchive.text import decode, parse_blocks

from projects import FIXTURE, IDS, ROOT

PINNED = json.loads((ROOT / "tests/fixtures/paragraphs.json").read_text("utf-8"))


@pytest.mark.parametrize("sid", IDS)
def test_the_same_original_always_gives_the_same_paragraph_numbers(sid):
    paragraphs = [p for block in parse_blocks(decode((FIXTURE / f"{sid}.txt").read_bytes())) for p in block.paragraphs]
    assert [p.n for p in paragraphs] == list(range(1, len(PINNED[sid]) + 1))
    assert [" ".join(p.text.split())[:60] for p in paragraphs] == PINNED[sid]


def test_every_original_is_pinned():
    assert sorted(PINNED) == IDS
