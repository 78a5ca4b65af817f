"""Problems found in the input: one line each, naming the file and the field."""

from __future__ import annotations

import re
from dataclasses import dataclass

# What would break a problem's one line, or could dress a file name up as another line of the log: control
# characters, line and paragraph separators, and the bidirectional overrides. Shown as \uXXXX escapes.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
SHOWN = 80  # at most this many characters of a value are quoted in a problem


def _escaped(text: str) -> str:
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def shown(value) -> str:
    """A value as a problem quotes it: its repr, cut to SHOWN characters (a value can be a megabyte long)."""
    text = repr(value)
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.field}" if self.field else self.file
        return _escaped(f"{where}: {self.message}")


class Refused(Exception):
    """The build was refused: nothing has been written."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = sorted(set(problems))


class Problems:
    """Collects problems for one file so validators can report and carry on."""

    def __init__(self, sink: list[Problem], file: str):
        self.sink = sink
        self.file = file

    def add(self, field: str, message: str) -> None:
        self.sink.append(Problem(self.file, field, message))
