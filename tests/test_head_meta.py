"""Head metadata read by real consumers: extruct for JSON-LD and OpenGraph, BeautifulSoup for the rest."""

import json

import extruct
import pytest
from bs4 import BeautifulSoup

SITE = "https://statements.kpcivilsociety.org/"


def statement_ids(built_site):
    return [r["id"] for r in json.loads((built_site / "statements.json").read_text("utf-8"))]


def html_of(built_site, path):
    return (built_site / path / "index.html").read_text("utf-8")


def test_every_statement_has_jsonld_and_opengraph(built_site):
    for record in json.loads((built_site / "statements.json").read_text("utf-8")):
        html = html_of(built_site, f"statements/{record['id']}")
        data = extruct.extract(html, base_url=SITE + f"statements/{record['id']}/", syntaxes=["json-ld", "opengraph"],
                               uniform=True)
        (ld,) = data["json-ld"]
        assert ld["@type"] in {"CreativeWork", "Article", "NewsArticle", "Message"}
        assert ld["name"] == record["title"]
        assert ld["datePublished"] == record["date"]
        assert ld["url"] == SITE + f"statements/{record['id']}/"
        assert ld["publisher"]["name"] == record["source"]["publisher"]
        assert [a["name"] for a in ld.get("author", [])] == record["authors"]
        assert sorted(c["identifier"] for c in ld["spatialCoverage"]) == sorted(record["countries"])
        events = [a for a in ld["about"] if a["@type"] == "Event"]
        assert [e["name"] for e in events] == ([record["meeting"]["name"]] if record["meeting"] else [])
        assert ld["encoding"]["sha256"] == record["source"]["sha256"]
        (og,) = data["opengraph"]
        assert og["og:title"] == record["title"]
        assert og["@type"] == "article"  # extruct (uniform) reads og:type as @type
        assert og["og:url"] == SITE + f"statements/{record['id']}/"


def test_highwire_and_dublin_core_tags(built_site):
    record = json.loads((built_site / "statements.json").read_text("utf-8"))[1]
    soup = BeautifulSoup(html_of(built_site, f"statements/{record['id']}"), "html.parser")

    def meta(name):
        return [m["content"] for m in soup.find_all("meta", attrs={"name": name})]

    assert meta("citation_title") == [record["title"]]
    assert meta("citation_author") == [name + "," for name in record["authors"]]  # kept whole by Zotero
    assert meta("citation_publication_date") == [record["date"].replace("-", "/")]
    assert meta("citation_publisher") == [record["source"]["publisher"]]
    assert meta("DC.title") == [record["title"]]
    assert meta("DC.date") == [record["date"]]
    assert soup.find("link", rel="canonical")["href"] == SITE + f"statements/{record['id']}/"
    description = meta("description")[0]
    assert description and description.split()[0] in (built_site / "statements" / record["source"]["file"]).read_text(
        "utf-8")


@pytest.mark.parametrize("path", ["", "statements", "meetings", "data", "about", "timeline"])
def test_every_page_has_canonical_description_opengraph_and_feed_link(built_site, path):
    html = html_of(built_site, path) if path else (built_site / "index.html").read_text("utf-8")
    soup = BeautifulSoup(html, "html.parser")
    canonical = soup.find("link", rel="canonical")["href"]
    assert canonical.startswith(SITE)
    assert soup.find("meta", attrs={"name": "description"})["content"].strip()
    og = extruct.extract(html, base_url=canonical, syntaxes=["opengraph"], uniform=True)["opengraph"][0]
    assert og["og:site_name"] and og["og:title"] and og["og:url"] == canonical
    feed = soup.find("link", rel="alternate", type="application/atom+xml")
    assert feed is not None and feed["href"].endswith("feed.xml")


def test_sitemap_urls_are_absolute(built_site):
    sitemap = (built_site / "sitemap.xml").read_text("utf-8")
    locs = BeautifulSoup(sitemap, "xml").find_all("loc")
    assert locs and all(loc.text.startswith(SITE) for loc in locs)


def test_the_feed_link_does_not_make_every_page_fetch_the_sitemap(page):
    """Material fetches sitemap.xml beside any link[rel=alternate]; ours is "alternate feed" so it does not."""
    page.goto("/statements/2009-11-06-namibia-plenary-zimbabwe/", wait_until="networkidle")
    assert page.locator('link[type="application/atom+xml"]').get_attribute("rel") == "alternate feed"
    assert not [u for u in page.requests_seen if u.endswith("sitemap.xml")]
