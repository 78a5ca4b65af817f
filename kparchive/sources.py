"""Sources: the public records curated facts come from, read from a vocabulary entry's `sources:` list.

Every fact of a meeting or an organisation names the record that supports it, or is listed under
`unverified:`, which its page shows as such: the archive states no fact it cannot point to.
"""

from __future__ import annotations

from .model import Source
from .problems import Problems, shown
from .yamlio import kind

SOURCE_FIELDS = {"title", "publisher", "url", "date", "supports"}


def as_sources(value, p: Problems, name: str, text, url, mapping, facts: set[str] | None) -> tuple[Source, ...]:
    """An entry's sources. `facts`: the facts a source may say it supports (None: free words, the glossary's).
    text, url, mapping: validate's readers of a field (passed in, so both modules share one way of reading)."""
    if value is None:
        return ()
    if not isinstance(value, list):
        p.add(name, f"must be a list of sources, not {kind(value)}")
        return ()
    out = []
    for i, entry in enumerate(value):
        where = f"{name}[{i}]"
        if not isinstance(entry, dict):
            p.add(where, f"must be a mapping with title, url, publisher, date and supports, not {kind(entry)}")
            continue
        mapping(entry, p, where, SOURCE_FIELDS)
        title = text(entry.get("title"), p, f"{where}.title")
        address = url(entry.get("url"), p, f"{where}.url")
        if entry.get("url") is None:
            p.add(f"{where}.url", "is missing: a source is a record a reader can open")
        supports = []
        raw = entry.get("supports")
        if not isinstance(raw, list) or not raw:
            p.add(f"{where}.supports", "must list the facts this source supports" if raw is None
                  else f"must be a non-empty list, not {kind(raw)}")
        else:
            for j, fact in enumerate(raw):
                fact = text(fact, p, f"{where}.supports[{j}]")
                if fact is None:
                    continue
                if facts is not None and fact not in facts:
                    p.add(f"{where}.supports[{j}]",
                          f"{shown(fact)} is not a fact of this entry ({', '.join(sorted(facts))})")
                    continue
                supports.append(fact)
        if title and address:
            out.append(Source(title, address, text(entry.get("publisher"), p, f"{where}.publisher", required=False),
                              text(entry.get("date"), p, f"{where}.date", required=False), tuple(supports)))
    return tuple(out)


def unsourced(present: list[str], sources: tuple[Source, ...], unverified: tuple[str, ...], p: Problems,
              name: str) -> None:
    """A problem for each fact the entry states that no source supports and that is not marked unverified."""
    supported = {fact for source in sources for fact in source.supports}
    stated = [fact for fact in present if fact not in unverified]
    if stated and not sources:  # one line, not one a fact (a French name may be the only one unverified)
        p.add(f"{name}.sources", f"is missing: every fact ({', '.join(stated)}) needs the public record it comes "
                                 "from, or to be listed under unverified")
        return
    for fact in present:
        if fact not in supported and fact not in unverified:
            p.add(f"{name}.{fact}", "no source supports it: add the public record it comes from to sources "
                                    "(with it under supports), or list it under unverified")
