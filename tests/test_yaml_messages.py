"""What an editor reads when a statement's YAML is wrong: one line naming the file, the line and the field, and
what to do (kparchive.yamlio.describe_yaml_error, validate.as_mapping). Through the build's own loader, in
process, on the frozen corpus."""

from __future__ import annotations

import pytest

from kparchive.cli import build_catalogue
from kparchive.problems import Refused

from projects import IDS, make_project

SID = IDS[0]
META = f"statements/{SID}.yml"


def problems_after(tmp_path, old: str, new: str) -> list[str]:
    project = make_project(tmp_path, ids=[SID])
    path = project / "statements" / f"{SID}.yml"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    with pytest.raises(Refused) as refused:
        build_catalogue(project / "statements")
    return [str(p) for p in refused.value.problems]


def line_of(tmp_path, new: str) -> int:
    """The number of the line an edit wrote."""
    lines = (tmp_path / "project" / "statements" / f"{SID}.yml").read_text("utf-8").split("\n")
    return lines.index(new) + 1


@pytest.mark.parametrize("old, new, message, field", [
    ("type: press-release", "type: press-release: the first", "an unquoted value holds a colon and a space, which "
     "YAML reads as a new key: put the value in quotes", "type"),
    ("  about: [ZW, CI, GN]", "\tabout: [ZW, CI, GN]", "a tab indents this line: YAML indents with spaces only",
     "countries.about"),
    ("type: press-release", 'type: "press-release', "the quote (\") opened on line {line} is not closed: end "
     "the value with the same quote", "type"),
    ("  about: [ZW, CI, GN]", "  about: [ZW, CI, GN", "the [ opened on line {line} is not closed: end it with ] "
     "on its line",
     "countries.about"),
    ("  exclude: []", " exclude: []", "this line is not indented as the lines around it: indent it by as many "
     "spaces as its neighbours", "countries.exclude"),
])
def test_a_yaml_mistake_is_one_line_saying_what_to_do(tmp_path, old, new, message, field):
    lines = problems_after(tmp_path, old, new)
    line = line_of(tmp_path, new)
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{META}: YAML does not parse: {message.format(line=line)} (line {line}, column "), \
        lines
    assert lines[0].endswith(f", in {field})"), lines


def test_an_unquoted_comma_in_a_flow_mapping_names_the_cause(tmp_path):
    """The reporter's case: a comma in {…} ended a value, and the rest was read as a key; the line says so."""
    lines = problems_after(tmp_path, "    - by: Partnership Africa Canada (its archive, now on IMPACT's site)\n"
                           "      url:", "    - {by: Partnership Africa Canada (its archive, now on IMPACT's site), "
                           "date: 2009-11-06}\n    - by: IMPACT\n      url:")
    assert lines == [f"{META}: provenance.published[0].by: an unquoted comma ends the value, so “now on IMPACT's "
                     "site)” was read as a field: put the whole value in quotes (by: \"Partnership Africa Canada "
                     "(its archive, now on IMPACT's site)\")"]
