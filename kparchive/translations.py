"""What a translation inherits from its original, at build time.

A translation says what its original says: the same meeting, the same topics and countries. Its own metadata
holds only what differs (its title, its own date and dateline, its language, its sha256 and provenance, the people
it names as it names them); the rest is read from the original's reviewed metadata when the archive is loaded, so
an editor fixes a fact once, in the original, and an unreviewed draft of the original is never copied. A
translation may repeat an inherited value (the equal value is accepted: translations written before inheritance
do); a value that contradicts the original's is refused, for the subjects it shares (meeting, topics, countries).
Its kind of document, authors and publisher are inherited where it gives none, and may differ (a translation
published by someone else).
"""

from __future__ import annotations

# Inherited where the translation gives none; a different value is refused (the text says what its original says).
SHARED = ("meeting", "topics", "countries")
# Inherited where the translation gives none; its own value stands (a translation may be published by another).
DEFAULTS = ("type", "authors", "publisher", "on_behalf_of")
INHERITED = SHARED + DEFAULTS


def _same(field: str, mine, theirs) -> bool:
    """Whether two values of a shared field say the same (lists as sets: the order is the editor's)."""
    if field == "topics":
        return isinstance(mine, list) and isinstance(theirs, list) and sorted(map(str, mine)) == sorted(
            map(str, theirs))
    if field == "countries":
        if not (isinstance(mine, dict) and isinstance(theirs, dict)):
            return False
        return all(sorted(map(str, mine.get(k) or [])) == sorted(map(str, theirs.get(k) or []))
                   for k in ("about", "exclude"))
    return mine == theirs


def inherit(meta: dict, original: dict) -> dict:
    """The translation's metadata with what it does not give taken from its original's."""
    out = dict(meta)
    for field in INHERITED:
        if out.get(field) is None and original.get(field) is not None:
            out[field] = original[field]
    return out


def contradictions(meta: dict, original: dict) -> list[tuple[str, str]]:
    """(field, message) for each shared field the translation gives otherwise than its original."""
    out = []
    for field in SHARED:
        mine, theirs = meta.get(field), original.get(field)
        if mine is not None and theirs is not None and not _same(field, mine, theirs):
            out.append((field, f"differs from its original's ({_short(theirs)}): a translation says what its "
                               f"original says; leave {field} out (it is the original's) or correct the original"))
    return out


def _short(value) -> str:
    if isinstance(value, dict):
        return "about " + ", ".join(map(str, value.get("about") or [])) if value.get("about") else "none about"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    return str(value)
