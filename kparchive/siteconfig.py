"""The site's public base URL, read from the one place that sets it: mkdocs.yml's `site_url`.

MkDocs writes canonical links and the sitemap from it; build_index needs the same value for the feed,
citations and head tags, so both read it here (with MkDocs' `!ENV` rule: the first variable that is set,
else the last item as the default).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

MKDOCS_YML = Path(__file__).resolve().parent.parent / "mkdocs.yml"


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml; tags other than !ENV (e.g. !!python/name in extensions) are kept as None."""


def _env(loader: _ConfigLoader, node: yaml.Node):
    items = [loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode) else loader.construct_sequence(node)
    names, default = (items, None) if len(items) == 1 else (items[:-1], items[-1])
    for name in names:
        if os.environ.get(str(name)):
            return os.environ[str(name)]
    return default


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Site:
    url: str  # absolute, ending in "/" (e.g. https://statements.kpcivilsociety.org/)
    name: str
    description: str

    def absolute(self, path: str) -> str:
        """An absolute URL for a site path such as "/statements/x/" or "feed.xml"."""
        return self.url + path.lstrip("/")


def read_site(config: Path = MKDOCS_YML) -> Site:
    data = yaml.load(config.read_text("utf-8"), Loader=_ConfigLoader) or {}  # noqa: S506 - a SafeLoader
    url = data.get("site_url")
    if not url or "://" not in str(url):
        raise ValueError(f"{config.name}: site_url: {url!r} is not an absolute URL")
    return Site(str(url).rstrip("/") + "/", str(data.get("site_name", "")),
                " ".join(str(data.get("site_description", "")).split()))
