"""The MkDocs hook (named in mkdocs.yml): build_index's side of the site, in the theme.

A generated page's Markdown is front matter only: its content is the fragment build_index wrote, which
becomes the page's content here, read as it is, its links filled in for the page (kparchive/fragments.py),
so the theme, its table of contents and Material's search (the offline edition) see the page as readers
do. The theme's templates get `kp_fragment(name, base_url)` for a page's head fragment, and
`kp_href(target)`, the address of a docs path (kparchive/urls.py), for their own links (the 404 page, the
header's search form, the footer). MkDocs loads this file by its path, so it finds the package itself.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.utils import get_relative_url  # noqa: E402

from kparchive import fragments, urls  # noqa: E402

_reader: fragments.Reader | None = None


def on_config(config):
    global _reader
    # The offline edition leaves out the files only the online site carries, and links them there.
    online_site = (config.site_url or "") if config.extra.get("edition") == "offline" else ""
    _reader = fragments.Reader(Path(config.theme.custom_dir) / "generated", config.use_directory_urls, online_site)
    return config


def on_env(env, config, files):
    env.globals["kp_fragment"] = _reader
    env.globals["kp_urls"] = urls
    env.globals["kp_href"] = lambda target: urls.site_path(target, config.use_directory_urls)
    return env


def on_page_content(html, page, config, files):
    name = page.meta.get("fragment")
    return _reader(name, get_relative_url(".", page.url)) if name and _reader else html
