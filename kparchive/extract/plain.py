"""A plain-text original: kept as the text itself, unless its lines are hard-wrapped (an e-mail, a PDF pasted
as text), when its paragraphs are joined for the editor to review (kparchive.reflow)."""

from __future__ import annotations

from ..reflow import is_hard_wrapped, paragraphs
from ..text import TextError, decode
from . import Extracted, Unextractable, finish, language_of


def read(raw: bytes, language: str | None) -> Extracted:
    """The text, joined into paragraphs where its lines are hard-wrapped; else the original as it is (its
    `text` is then the decoded original, and `said` empty: the original is the text)."""
    try:
        text = decode(raw)
    except TextError as err:
        advice = "; save it as UTF-8 text first" if "UTF-8" in str(err) else ""
        raise Unextractable(f"{err}{advice}") from None
    lines = text.split("\n")
    if not is_hard_wrapped(lines):
        return Extracted(text, "txt", "")
    joined = paragraphs(lines, language_of(text, language))
    said = [f"its lines are hard-wrapped at about {joined.width} characters: {joined.joins} line ends were joined "
            f"into {len(joined.paragraphs)} paragraphs"
            + (f" ({joined.unhyphenated} hyphen{'s' if joined.unhyphenated != 1 else ''} at a line's end undone)"
               if joined.unhyphenated else "")]
    return finish(joined.paragraphs, "txt", "", said)
