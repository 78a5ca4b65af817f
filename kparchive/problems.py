"""Problems found in the input: one line each, naming the file and the field."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.field}" if self.field else self.file
        return f"{where}: {self.message}"


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
