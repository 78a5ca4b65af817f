"""The vocabularies' French fields (`fr:`), checked: what the French interface shows of each entry.

A meeting's name, a topic's label and description, a type's label and a glossary entry's definition are required
(the French pages show them); an organisation keeps its own name unless it uses a French one itself, with its
source. A missing or malformed field is a Problem, one line naming the file, the entry and the field, like any
other; the checked fields are what `i18n.Language` names an entry by in French.
"""

from __future__ import annotations

from dataclasses import dataclass

from .problems import Problem, Problems
from .validate import as_mapping, as_text

# The French fields of the vocabularies: which are required (the interface shows them), which optional (an
# organisation keeps its own name unless it uses a French one itself, with its source).
FRENCH_FIELDS = {
    "meetings.yml": {"name": True, "city": False},
    "topics.yml": {"label": True, "description": True},
    "types.yml": {"label": True},
    "organisations.yml": {"name": False, "short": False},
    "glossary.yml": {"term": False, "abbr": False, "definition": True},
}
# The vocabulary file each kind of entry comes from (model.py's classes).
FILES = {"Meeting": "meetings.yml", "Topic": "topics.yml", "DocType": "types.yml",
         "Organisation": "organisations.yml", "Term": "glossary.yml"}


@dataclass(frozen=True)
class French:
    """The vocabularies' French fields, checked: {(file, entry id or glossary term): {field: text}}."""

    fields: dict

    def of(self, entry) -> dict:
        """An entry's French fields ({} for none: a person, an organisation using its own name)."""
        kind = FILES.get(type(entry).__name__)
        key = entry.term if kind == "glossary.yml" else getattr(entry, "id", None)
        return self.fields.get((kind, key), {})


def validate_french(raw_vocabularies: dict, problems: list[Problem]) -> French:
    """Each entry's `fr:` mapping: only the fields the file translates, each a line of text without control
    characters; the required ones present. One Problem a line, as validate.py reports."""
    out: dict = {}
    for name, wanted in FRENCH_FIELDS.items():
        data = raw_vocabularies.get(name)
        if not isinstance(data, list):
            continue  # reported by validate.py
        p = Problems(problems, f"statements/{name}")
        for i, entry in enumerate(data):
            if not isinstance(entry, dict):
                continue
            key = entry.get("id") if name != "glossary.yml" else entry.get("term")
            if not isinstance(key, str):
                continue
            where = key if name != "glossary.yml" else f"[{i}]"
            fr = entry.get("fr")
            if fr is None:
                fr = {}
                if any(wanted.values()):
                    required = ", ".join(f for f, needed in wanted.items() if needed)
                    p.add(f"{where}.fr", f"is missing: the French interface needs its {required} in French "
                                         f"(fr: {{{required.split(', ')[0]}: …}})")
                    continue
            fr = as_mapping(fr, p, f"{where}.fr", set(wanted), " with " + " and ".join(wanted))
            texts = {}
            for field_name, needed in wanted.items():
                if field_name not in fr and not needed:
                    continue
                if field_name not in fr:
                    p.add(f"{where}.fr.{field_name}", "is missing: the French interface shows it; write it in "
                                                      "French")
                    continue
                text = as_text(fr.get(field_name), p, f"{where}.fr.{field_name}")
                if text:
                    texts[field_name] = text
            out[(name, key)] = texts
    return French(out)
