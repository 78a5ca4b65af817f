"""The site's public base URL, read from the one place that sets it: mkdocs.yml's `site_url`.

MkDocs writes canonical links and the sitemap from it; build_index needs the same value for the feed,
citations and head tags, so both read it here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mkdocs.utils.yaml import yaml_load

from . import urls


@dataclass(frozen=True)
class Site:
    url: str  # absolute, ending in "/" (e.g. https://statements.kpcivilsociety.org/)
    name: str
    description: str

    def absolute(self, target: str) -> str:
        """The absolute URL of a docs path ("statements/x.md", "feed.xml")."""
        return urls.absolute(self.url, target)


def read_site(config: Path) -> Site:
    """MkDocs' own YAML loader, so `!ENV` and `INHERIT` mean here what they mean to MkDocs."""
    with config.open(encoding="utf-8") as f:
        data = yaml_load(f) or {}
    url = data.get("site_url")
    if not url or "://" not in str(url):
        raise ValueError(f"{config.name}: site_url: {url!r} is not an absolute URL")
    return Site(str(url).rstrip("/") + "/", str(data.get("site_name", "")),
                " ".join(str(data.get("site_description", "")).split()))
