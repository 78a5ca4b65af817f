"""Nothing lost, nothing live: every word of an original appears on its page, in order, and no text of a
statement ever becomes HTML or Markdown."""

import dataclasses
import json
from pathlib import Path

import jinja2
import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kparchive import urls
from kparchive.cli import build_catalogue
from kparchive.fragments import Reader
from kparchive.render import Renderer, statement_files
from kparchive.settings import Settings
from kparchive.text import decode, parse_blocks, words

from projects import REAL_IDS, ROOT, STATEMENTS, add_statement, build_index, make_project, mkdocs_build

# A hidden line break follows an elision's apostrophe ("d’<br hidden>élargir"): Pagefind's word boundary, which
# no reader sees, copies or finds (kparchive/text.py ELISION).
ALLOWED = {"p": {"id"}, "ul": {"class"}, "li": {"id"}, "span": {"class"},
           "a": {"class", "href", "data-n", "aria-label"}, "abbr": {"title"}, "br": {"hidden"}, "strong": set()}


def text_of_statement(html: str):
    """The statement's text element in a page, and the words a reader sees there."""
    body = BeautifulSoup(html, "html.parser").select_one("div.kp-text")
    assert body is not None, "no .kp-text element on the page"
    return body, words(body.get_text())


def assert_only_our_markup(body):
    for element in body.find_all(True):
        assert element.name in ALLOWED, f"live <{element.name}> in a statement's text"
        assert set(element.attrs) <= ALLOWED[element.name], element
        if element.name == "a":
            assert element["class"] in (["kp-pnum"], ["kp-note-ref"])
            assert element["href"] == "#p" + element.get("data-n", "") or element["href"].startswith("#note-")
            assert element.get_text() == ""  # the number is generated content: no word of the text
        if element.name == "span":
            assert element["class"] == ["kp-marker"]


@pytest.mark.parametrize("sid", REAL_IDS)
def test_every_word_of_each_original_is_on_its_built_page_in_order(built_site, sid):
    original = words(decode((STATEMENTS / f"{sid}.txt").read_bytes()))
    body, shown = text_of_statement((built_site / f"statements/{sid}/index.html").read_text("utf-8"))
    assert shown == original
    assert_only_our_markup(body)


# --- generated texts, through the real templates and both ways the theme puts a fragment in place --------

INCLUDE = (ROOT / "overrides/partials/kp-fragment.html").read_text("utf-8")


@pytest.fixture(scope="module", params=["hook", "include"])
def renderer(request, tmp_path_factory):
    """A generated original through statement.html.j2 (build_index's environment), then put in place by
    overrides/partials/kp-fragment.html: read as it is by the MkDocs hook's reader, or, where no hook runs,
    compiled as a Jinja template by the include, which fills in the link placeholders."""
    catalogue = build_catalogue(STATEMENTS)
    settings = Settings.make(ROOT)
    renderer = Renderer(catalogue, settings)
    model = catalogue.chronological[0]
    folder = tmp_path_factory.mktemp("fragments")
    generated = {}
    theme = jinja2.Environment(loader=jinja2.FunctionLoader(lambda name: generated.get(name)))
    if request.param == "hook":
        theme.globals["kp_fragment"] = Reader(folder, directory_urls=True)
    include = theme.from_string(INCLUDE)

    def render(raw: bytes) -> str:
        text = decode(raw)
        s = dataclasses.replace(model, raw=raw, text=text, blocks=parse_blocks(text))
        _, frags = statement_files({"en": renderer.env}, renderer.citer, catalogue, s)  # the English page
        fragment = frags[urls.fragment(urls.statement(s.id))].decode("utf-8")
        (folder / "s.html").write_text(fragment, "utf-8")
        generated["generated/s.html"] = fragment
        theme.cache.clear()
        return include.render(config={"use_directory_urls": True, "theme": {"language": "en"}}, base_url="../..",
                              page={"meta": {"fragment": "s.html"}})

    return render


PIECES = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12),
    st.sampled_from(["<script>alert(1)</script>", "<b>", "</div>", "&amp;", "&", "<", ">", "**", "*", "_", "`",
                     "[x](y)", "{: #id }", "# ", "- ", "1. ", "· ", "\\", "KP", "DRC", "<!--", "-->", "]]>",
                     "Zimbabwe", "Côte d'Ivoire", "¶", "  ", "\t", "|a|b|", "---", "===", ":   ", "> ",
                     "{{ config }}", "{% include 'x' %}", "{#", "#}", "{", "}", "{R}", "{S}", "{I}", "{{", "%}"]),
)
LINE = st.lists(PIECES, min_size=1, max_size=12).map("".join)
SEPARATOR = st.sampled_from(["\n", "\r\n", "\n\n", "\r\n\r\n", "\r"])


@st.composite
def originals(draw) -> bytes:
    lines = draw(st.lists(LINE, min_size=1, max_size=8))
    text = lines[0]
    for line in lines[1:]:
        text += draw(SEPARATOR) + line
    text += " words"  # never empty
    bom = "\ufeff" if draw(st.booleans()) else ""
    return (bom + text).encode("utf-8")


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(raw=originals())
@example(raw=b"0**0** words")  # found by hypothesis: dropping the asterisks joined two words
@example(raw=b"- 0\n0. words")  # found by hypothesis: a list item and a numbered line joined two words
def test_generated_texts_keep_every_word_and_stay_literal(renderer, raw):
    body, shown = text_of_statement(renderer(raw))
    assert shown == words(decode(raw))
    assert_only_our_markup(body)


# --- odd but valid input through the real MkDocs build ---------------------------------------------------

ODD = {
    "2020-01-02-bom-crlf": "\ufeffA title line\r\n\r\nFirst para.\r\nSame para.\r\n\r\n- item one\r\n- item two\r\n",
    "2020-01-03-markup": "<script>alert('x')</script> & <b>not bold</b> *not* _emph_ [link](http://x) {: .c }\n\n"
                         "# not a heading\n\n<div>not a div</div>\n\n`not code`\n\n"
                         "{{ config.site_name }} {% if true %}not Jinja{% endif %} {# nor this #} {R}{S}{I}",
    "2020-01-04-long-line": " ".join(f"word{i}" for i in range(20000)),
}


TITLE_TAIL = "{{ 7*7 }} {% raw %}"


@pytest.fixture(scope="module")
def odd_site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("odd"), ids=[], site_files=True)
    for sid, text in ODD.items():
        add_statement(project, sid, text.encode("utf-8"), title=f"Odd <i>{sid}</i> *title* " + TITLE_TAIL)
    result = build_index(project)
    assert result.returncode == 0, result.stderr
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.mark.parametrize("sid", ODD)
def test_odd_input_builds_and_renders_literally(odd_site, sid):
    html = (odd_site / f"statements/{sid}/index.html").read_text("utf-8")
    body, shown = text_of_statement(html)
    assert shown == words(ODD[sid])
    assert_only_our_markup(body)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.h1.get_text(strip=True) == f"Odd <i>{sid}</i> *title* " + TITLE_TAIL
    assert not any("alert" in (s.string or "") for s in soup.find_all("script"))
    # the head metadata holds the title as written too: JSON-LD, Highwire and Dublin Core
    title = f"Odd <i>{sid}</i> *title* " + TITLE_TAIL
    assert json.loads(soup.find("script", type="application/ld+json").string)["name"] == title
    assert soup.find("meta", attrs={"name": "citation_title"})["content"] == title
    assert (odd_site / f"statements/{sid}.txt").read_bytes() == ODD[sid].encode("utf-8")


def test_markup_in_a_text_is_shown_as_written(odd_site):
    body, _ = text_of_statement((odd_site / "statements/2020-01-03-markup/index.html").read_text("utf-8"))
    paragraphs = [p.get_text().removesuffix(" ¶") for p in body.find_all("p")]
    assert paragraphs == ["<script>alert('x')</script> & <b>not bold</b> *not* _emph_ [link](http://x) {: .c }",
                          "# not a heading", "<div>not a div</div>", "`not code`",
                          "{{ config.site_name }} {% if true %}not Jinja{% endif %} {# nor this #} {R}{S}{I}"]
