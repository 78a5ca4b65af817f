"""The Atom feed, read by feedparser: newest first, dated, summarised, absolute links."""

import json

import feedparser


def test_feed_lists_statements_newest_first(built_site):
    records = json.loads((built_site / "statements.json").read_text("utf-8"))
    feed = feedparser.parse((built_site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    newest = sorted(records, key=lambda r: (r["date"], r["id"]), reverse=True)[:100]
    assert [e.title for e in feed.entries] == [r["title"] for r in newest]
    for entry, record in zip(feed.entries, newest, strict=True):
        assert entry.link == "https://statements.kpcivilsociety.org" + record["url"]
        assert entry.published.startswith(record["date"])
        assert entry.summary.strip()
        assert [author.name for author in entry.authors] == (record["authors"] or [record["source"]["publisher"]])
    assert feed.feed.updated.startswith(newest[0]["date"])
