"""The MkDocs hook (named in mkdocs.yml): build_index's side of the site, in the theme.

A generated page's Markdown is front matter only: its content is the fragment build_index wrote, which
becomes the page's content here, read as it is, its links filled in for the page (kparchive/fragments.py),
so the theme, its table of contents and Material's search (the offline edition) see the page as readers
do. The theme's templates get `kp_fragment(name, base_url)` for a page's head fragment, and
`kp_href(target)`, the address of a docs path (kparchive/urls.py), for their own links (the 404 page, the
header's search form, the footer). MkDocs loads this file by its path, so it finds the package itself.

Each interface language is its own build (mkdocs.yml at /, mkdocs.fr.yml at /fr/, i18n.py): the theme's
language names the tree, whose site_url is the site's own under the language's folder; the theme gets
`kp_t` for its few strings (the catalogue build_index uses) and `kp_languages(page)`, the same page in every
language, for the switch in the header and the hreflang links in the head.

Material renders its primary nav into every page, and nearly every page is outside the nav (a statement, a
listing): `kp_nav_key(page, nav)` says what the nav writes differently on such a page (its links, relative to
it) and `kp_remember(key)` renders it once for each key (overrides/main.html's site_nav), the same bytes.
"""

import posixpath
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jinja2 import pass_context  # noqa: E402
from markupsafe import Markup  # noqa: E402
from mkdocs.utils import get_relative_url, normalize_url, templates  # noqa: E402

from kparchive import downloads, fragments, i18n, text, urls  # noqa: E402

_reader: fragments.Reader | None = None
_navs: dict[tuple, str] = {}  # a build's primary navs, by kp_nav_key


def _language(config) -> str:
    lang = config.theme.get("language") or i18n.DEFAULT
    return lang if lang in i18n.LANGUAGES else i18n.DEFAULT


def _split(config) -> bool:
    """A split offline edition (one zip per language, kparchive/offline.py) or the online site offering one."""
    return config.extra.get("offline_split") is True  # !ENV reads KP_OFFLINE_SPLIT=true as YAML: a bool


ASSETS = "assets/"  # the theme's and docs/assets' files: the same in every tree


def _shares_assets(config) -> bool:
    """Whether this tree's pages use the English tree's assets (stylesheets, scripts, icons) instead of a copy
    of their own, so a reader who switches language downloads no asset twice: every tree but the English one,
    except in a split offline edition, whose French zip holds the French tree alone."""
    return _language(config) != i18n.DEFAULT and not (config.extra.get("edition") == "offline" and _split(config))


def on_config(config):
    global _reader
    lang = _language(config)
    if lang != i18n.DEFAULT and config.site_url and not config.site_url.endswith("/" + urls.tree(lang)):
        config.site_url = config.site_url.rstrip("/") + "/" + urls.tree(lang)  # the tree's own address
    if lang != i18n.DEFAULT:  # the site's name, description, copyright and nav, from the catalogue
        i18n.translate_config(config, i18n.Language(lang))
    # The offline edition leaves out the files only the online site carries, and links them there: the
    # English tree's, which every tree shares, at the site's top.
    top = (config.site_url or "").removesuffix(urls.tree(lang))
    offline = config.extra.get("edition") == "offline"
    _reader = fragments.Reader(Path(config.theme.custom_dir) / "generated", config.use_directory_urls,
                               top if offline else "", lang, offline, offline and _split(config))
    return config


def on_env(env, config, files):
    lang = _language(config)
    language = i18n.Language(lang)
    top = config.site_url.removesuffix(urls.tree(lang)) if config.site_url else ""
    split = config.extra.get("edition") == "offline" and _split(config) and bool(top)

    def languages(page) -> list[dict]:
        """The page in every language: code, name, its address from this page, its absolute URL."""
        url = "404.html" if page is None else page.url  # the 404 page is the one theme page without a page
        if url is None:
            return []
        online = urls.site_path(page.file.src_uri) if page is not None and page.file else url
        out = []
        for code in i18n.LANGUAGES:
            path = urls.tree(code) + url
            if split and code != lang:  # a split offline edition holds one tree: the others are online
                href = top + urls.tree(code) + online
            elif url == "404.html":  # served at any depth: its switch leads from the site's root
                href = "/" + path
            else:  # from the page, as MkDocs writes a link (the offline edition's pages derive theirs the same way)
                href = get_relative_url(path, urls.tree(lang) + url)
            out.append({"code": code, "name": i18n.NAMES[code], "current": code == lang, "href": href,
                        # search engines are not told about the 404 page
                        "absolute": top + path if top and url != "404.html" else None})
        return out

    if _shares_assets(config):
        _share_assets(env, "../" * urls.tree(lang).count("/"))
    env.globals["kp_fragment"] = _reader
    env.globals["kp_urls"] = urls
    env.globals["kp_href"] = lambda target: urls.site_path(target, config.use_directory_urls)
    env.globals["kp_t"] = language.gettext
    env.globals["kp_nt"] = language.ngettext
    env.globals["kp_zip_size"] = lambda value: (Markup(downloads.SIZE_MARK) if str(value) == downloads.PENDING
                                                else language.file_size(int(value)))
    env.globals["kp_elisions"] = text.ELISIONS  # what the search page strips from a query, as pages split them
    env.globals["kp_lang"] = lang
    # A file every tree shares (the offline zip), from this tree's root: one folder up from /fr/.
    env.globals["kp_shared"] = lambda target: "../" * urls.tree(lang).count("/") + urls.site_path(target)
    env.globals["kp_languages"] = languages
    env.globals["kp_split"] = _split(config)  # the offline edition is one zip per language
    env.globals["kp_locale"] = i18n.LOCALES[lang]
    env.globals["kp_nav_key"] = lambda page, nav: _nav_key(page, nav, config.extra.get("homepage"))
    env.globals["kp_remember"] = _remember
    _navs.clear()
    return env


def _share_assets(env, up: str) -> None:
    """The theme's `url` and `script_tag` filters, an asset's address led to the English tree's copy (`up`: from
    this tree's root to the site's); every other address as MkDocs writes it."""
    def shared(context, value) -> str:
        value = str(value)
        if not value.startswith(ASSETS):
            return templates.url_filter(context, value)
        out = templates.url_filter(context, up + value)
        return posixpath.normpath(out) if out.startswith("/") else out  # the 404 page's "/fr/../assets/…"

    @pass_context
    def url_filter(context, value):
        return shared(context, value)

    @pass_context
    def script_tag(context, extra_script):  # MkDocs 1.6's script_tag_filter, with the address above
        html = '<script src="{0}"'
        if not isinstance(extra_script, str):
            if extra_script.type:
                html += ' type="{1.type}"'
            if extra_script.defer:
                html += " defer"
            if extra_script.async_:
                html += " async"
        html += "></script>"
        return Markup(html).format(shared(context, str(extra_script)), extra_script)

    env.filters["url"] = url_filter
    env.filters["script_tag"] = script_tag


def on_files(files, config):
    """A tree that shares the English tree's assets (_shares_assets) writes no copy of them."""
    if _shares_assets(config):
        for file in [f for f in files if f.dest_uri.startswith(ASSETS)]:
            files.remove(file)
    return files


def _nav_links(items):
    for item in items:
        yield item
        yield from _nav_links(item.children or ())


def _nav_key(page, nav, homepage: str | None = None):
    """What the primary nav (Material's partials/nav.html) writes differently from one page to another: its
    links, as the `url` filter writes them from this page. None for a page in the nav, which it marks active
    (and shows its contents in), or a page with no address: those are rendered as Material renders them."""
    if page is None or page.url is None or nav is None:
        return None
    items = list(_nav_links(nav.items))
    if any(item.active for item in items):
        return None
    links = [item.url for item in items if getattr(item, "url", None) is not None]
    home = homepage or (nav.homepage.url if nav.homepage else "")
    return tuple(normalize_url(url, page) for url in (home, *links))


def _remember(key, caller):
    """A call block's content, rendered the first time its key is met in a build."""
    if key not in _navs:
        _navs[key] = caller()
    return _navs[key]


def on_page_content(html, page, config, files):
    name = page.meta.get("fragment")
    return _reader(name, get_relative_url(".", page.url)) if name and _reader else html
