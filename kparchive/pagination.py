"""Long listings over several pages: a meeting's, country's, topic's, organisation's or person's statements,
newest first, a page of `settings.page_size` at a time (at 10,000 statements a country's single page was
1.2 MB, too much on a slow connection)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Pager:
    """Where one page of a listing stands: its number, the pages' docs paths, the statements it shows."""

    number: int
    paths: tuple[str, ...]
    first: int  # 1-based position of the first statement shown
    last: int
    total: int
    translated: int = 0  # how many of the listing's statements are translations of another (counted apart)

    @property
    def count(self) -> int:
        return len(self.paths)

    @property
    def previous(self) -> str | None:
        return self.paths[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.paths[self.number] if self.number < self.count else None


def paginate(page: Callable[[int], str], statements: list, size: int | None) -> list[tuple[Pager, list]]:
    """The pages of a listing: `page(n)` names the n-th (urls.listing); size None keeps one page."""
    size = size or max(1, len(statements))
    chunks = [statements[i : i + size] for i in range(0, len(statements), size)] or [[]]
    paths = tuple(page(n) for n in range(1, len(chunks) + 1))
    translated = sum(1 for s in statements if getattr(s, "original", None) is not None)
    return [(Pager(n, paths, (n - 1) * size + 1, (n - 1) * size + len(chunk), len(statements), translated), chunk)
            for n, chunk in enumerate(chunks, 1)]
