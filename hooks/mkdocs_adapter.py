"""MkDocs hooks: translate MkDocs' build events into calls to ``bulletin_site``.

This file owns the one per-build state object (reset in ``on_config``, because
MkDocs keeps hook modules alive across ``mkdocs serve`` rebuilds) and turns
our domain error into MkDocs' ``PluginError``. Everything else lives in the
``bulletin_site`` package beside it, which does not know MkDocs.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jinja2
from markupsafe import escape

from bulletin_site import residents, subscribe
from bulletin_site.errors import BulletinError, Problem
from bulletin_site.i18n import Translator
from bulletin_site.loading import EMAIL_RE, ParseCache
from bulletin_site.pages import PageKind
from bulletin_site.pdf import PrintError, cache_folder
from bulletin_site.project import settings_from_options
from bulletin_site.publish import Publication, PublishError
from bulletin_site.searchindex import SearchIndexError
from bulletin_site.settings import Settings
from bulletin_site.site import SiteBuild
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs_rendering import Bodies, BulletinPage, Chrome, TemplateCache

log = get_plugin_logger("bulletins")

STATIC = Path(__file__).parent / "bulletin_site" / "static"
CSS_URI = "assets/bulletins/bulletins.css"


class _Invalid(base.ValidationError):
    """A setting's error, worded in the site's language once that is known."""

    def __init__(self, key: str, **values: object):
        super().__init__(Translator("en")(key, **values))
        self.key, self.values = key, values


class _TimeZone(c.Type):
    def __init__(self, default: str):
        super().__init__(str, default=default)

    def run_validation(self, value):
        value = super().run_validation(value)
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise _Invalid("config.bad_timezone", value=value)
        return value


class _Email(c.Optional):
    def __init__(self):
        super().__init__(c.Type(str))

    def run_validation(self, value):
        value = super().run_validation(value)
        if value is not None and not EMAIL_RE.match(value):
            raise _Invalid("config.bad_email", value=value)
        return value


class _Concurrency(c.Optional):
    def __init__(self):
        super().__init__(c.Type(int))

    def run_validation(self, value):
        value = super().run_validation(value)
        if value is not None and (isinstance(value, bool) or value < 0):
            raise _Invalid("config.bad_concurrency", value=value)
        return value


class BulletinsConfig(base.Config):
    """``extra.bulletins`` in mkdocs.yml, validated by MkDocs' own config machinery."""

    source = c.Type(str, default="bulletins")
    organisation = c.Type(str, default="")
    logo = c.Optional(c.Type(str))
    timezone = _TimeZone(default="Europe/Stockholm")
    home_count = c.Type(int, default=10)
    page_size = c.Type(int, default=50)
    feed_size = c.Type(int, default=50)
    pdf = c.Choice(("auto", True, False), default="auto")
    pdf_cache = c.Type(str, default=".cache/pdf")  # relative to mkdocs.yml; keep it out of site/
    accessibility_contact = _Email()  # fills {{ accessibility_contact }} in docs/ pages
    # raw HTML allowed in bodies beyond the defaults; what may be allowed is checked by the core
    # (bulletin_site.sanitize, through settings_from_options), so `bulletins check` refuses it too
    allow_html = c.Type(dict, default={})  # element: [attribute, …]
    allow_iframe_hosts = c.ListOfItems(c.Type(str), default=[])
    concurrency = _Concurrency()  # worker processes; default one per core, 0 for none
    notify = c.Optional(c.Type(dict))  # e-mail to the topics' lists; checked by the core (notify_settings)


class _Session:
    """What outlives one build: the command MkDocs was started with, parsed bulletins and, for
    `mkdocs serve --dirty` (which re-renders only changed bulletins), their rendered bodies."""

    command = "build"
    dirty = False
    cache = ParseCache()
    bodies: dict[str, str] = {}


class _Warnings(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


class _Publishing:
    """A `mkdocs build` that writes into a new folder (``config.site_dir`` names it until the
    build ends), swapped into place only if the build succeeded. Under `--strict`, MkDocs fails
    a build that logged a warning only after the last event, so the warnings are counted here:
    such a build is not published."""

    def __init__(self, config, settings: Settings):
        self.config, self.site_dir = config, config.site_dir
        self.publication = Publication(Path(config.site_dir), settings.t, log,
                                       shown=settings.relative(Path(config.site_dir).resolve()))
        self.warnings = _Warnings() if config.strict else None

    def begin(self) -> None:
        try:
            self.config.site_dir = str(self.publication.begin())
        except PublishError as error:
            raise PluginError(str(error)) from None
        if self.warnings is not None:
            logging.getLogger("mkdocs").addHandler(self.warnings)

    def end(self, succeeded: bool) -> None:
        if self.warnings is not None:
            logging.getLogger("mkdocs").removeHandler(self.warnings)
        self.config.site_dir = self.site_dir
        if succeeded and (self.warnings is None or self.warnings.count == 0):
            try:
                self.publication.commit()
            except PublishError as error:
                raise PluginError(str(error)) from None
        else:
            self.publication.abort()


_build: SiteBuild | None = None
_chrome: Chrome | None = None  # made in on_nav
_publishing: _Publishing | None = None
_bodies: Bodies | None = None  # made in on_config


def on_startup(command: str, dirty: bool) -> None:
    _Session.command = command
    _Session.dirty = dirty


def _settings(config) -> Settings:
    raw = dict(config.extra.get("bulletins") or {})
    options = BulletinsConfig()
    options.load_dict(raw)
    failed, warnings = options.validate()
    language = config.theme.get("language") or "sv"
    t = Translator(language)
    for key, warning in warnings:
        log.warning(f"extra.bulletins.{key}: {warning}")
    if failed:
        raise PluginError("\n".join(
            f"mkdocs.yml: extra.bulletins.{k}: {t(e.key, **e.values) if isinstance(e, _Invalid) else e}"
            for k, e in failed))
    if config.site_url and not config.use_directory_urls:
        raise PluginError(f"mkdocs.yml: use_directory_urls: {t('config.directory_urls')}")
    try:  # one function makes Settings for the build and for the staff tools (`bulletins check`)
        return settings_from_options(
            Path(config.config_file_path).resolve().parent, dict(options),
            language=language, site_url=config.site_url,
            site_name=config.site_name, preview=_Session.command == "serve",
            docs_dir=Path(config.docs_dir), site_dir=Path(config.site_dir))
    except BulletinError as error:
        raise PluginError("\n".join(str(p) for p in error.problems)) from None


def _end_publishing(succeeded: bool) -> None:
    global _publishing
    publishing, _publishing = _publishing, None
    if publishing is not None:
        publishing.end(succeeded)


def on_config(config):
    global _build, _publishing
    _build = None
    _end_publishing(succeeded=False)  # a previous build of this process that ended unseen
    settings = _settings(config)
    try:
        _build = SiteBuild(settings, _Session.cache, _Session.bodies if _Session.dirty else None, log)
    except BulletinError as error:
        header = settings.t("err.summary_header", count=len(error.problems))
        raise PluginError(header + "\n" + "\n".join(f"  {p}" for p in error.problems)) from None
    except PrintError as error:
        raise PluginError(str(error)) from None
    global _bodies
    if _bodies is not None:
        _bodies.cache.close()  # of a previous build of this process
    _bodies = Bodies(config, settings, log)
    if CSS_URI not in config.extra_css:
        config.extra_css.append(CSS_URI)
    if _Session.command != "serve":  # serve builds into a folder of its own
        publishing = _Publishing(config, settings)
        publishing.begin()
        _publishing = publishing
    return config


def _check_free(files: Files, uri: str) -> None:
    """Raise BulletinError if a file of docs/ has the address of one the build makes."""
    if files.get_file_from_path(uri) is not None:
        t = _build.settings.t
        raise BulletinError([Problem("docs/" + uri, None, "page", t("err.page_collision", uri=uri),
                                     t("fix.page_collision", uri=uri))])


def _add(files: Files, file: File) -> None:
    try:
        _check_free(files, file.src_uri)
    except BulletinError as error:
        raise PluginError(str(error)) from None
    files.append(file)


def on_files(files: Files, config) -> Files:
    build = _build
    now = build.catalogue.now
    own_home = files.get_file_from_path("index.md") is not None
    for spec in build.specs:
        if spec.kind is PageKind.HOME and own_home:
            continue
        inclusion = InclusionLevel.UNDEFINED
        if spec.bulletin is not None and not spec.bulletin.status(now).is_public():
            inclusion = InclusionLevel.DRAFT
        if spec.bulletin is not None:
            # backed by the bulletin's own file, so that `mkdocs serve --dirty` re-renders only the
            # bulletins whose file changed (the body comes from on_page_read_source)
            source = str(build.settings.root / spec.bulletin.source)
            file = File.generated(config, spec.src_uri, abs_src_path=source, inclusion=inclusion)
            if spec.kind is PageKind.BULLETIN:
                BulletinPage.of(file, config, _bodies)  # its body converted once
        else:
            file = File.generated(config, spec.src_uri, content="")
        _add(files, file)
    _add(files, File.generated(config, CSS_URI, content=(STATIC / "bulletins.css").read_bytes()))
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    spec = _build.spec(page.file.src_uri) if page.file.generated_by else None
    # The site's search is Pagefind's (bulletin_site.searchindex), which indexes only what the
    # pages mark: Material's own index, fetched whole on every page view, is left empty. A page
    # of docs/ that asks to be left out of search (`search: exclude: true`) is.
    search = page.meta.get("search")
    page.meta["bulletins_searched"] = not page.file.generated_by and not (isinstance(search, dict) and search.get("exclude"))
    if page.meta["bulletins_searched"]:
        _build.searched(page.file.dest_uri, docs_page=True)
    elif spec is not None and spec.kind is PageKind.BULLETIN:
        _build.searched(page.file.dest_uri, docs_page=False)
    page.meta["search"] = {"exclude": True}
    if spec is not None:
        # MkDocs treats a page title as HTML (it comes from a rendered <h1>) and Material prints
        # it unescaped, so text from front-matter goes in escaped.
        page.meta["title"] = str(escape(spec.title))
        if spec.bulletin is not None:  # Material's <meta name="description">, printed unescaped
            page.meta["description"] = str(escape(spec.bulletin.summary))
    elif not page.file.generated_by:
        try:
            markdown = residents.fill_contact(markdown, _build.settings.accessibility_contact,
                                                  "docs/" + page.file.src_uri, _build.settings.t)
            markdown = subscribe.fill_lists(markdown, _build.settings.notify, _build.catalogue.topics,
                                            "docs/" + page.file.src_uri, _build.settings.t)
            markdown = _build.docs_markdown(markdown, page.url)
        except BulletinError as error:
            raise PluginError(str(error)) from None
    return markdown


def on_page_read_source(page, config) -> str | None:
    """A bulletin's Markdown without its front-matter, which the build has already read: MkDocs
    would otherwise read the file again and parse its YAML a second time. The leading blank line
    keeps MkDocs from taking a first line such as `Obs: ...` or `---` for metadata of its own."""
    try:
        body = _build.markdown(page.file.src_uri) if page.file.generated_by else None
    except BulletinError as error:
        raise PluginError(str(error)) from None
    return "\n" + body if body is not None else None


def on_page_content(html: str, page, config, files) -> str:
    build = _build
    if page.file.generated_by:
        spec = build.spec(page.file.src_uri)
        if spec is not None:
            return build.content_html(spec, html, page.file.dest_uri)
    html = build.docs_html(html, page.url)
    if page.file.src_uri == "index.md":
        return build.home_html(html)
    return html


def on_page_context(context, page, config, nav):
    spec = _build.spec(page.file.src_uri) if page.file.generated_by else None
    context["bulletin"] = spec.bulletin if spec is not None else None
    context["bulletin_page"] = spec
    context["bulletin_feeds"] = _build.feed_links(spec)
    context["bulletin_searched"] = bool(page.meta.get("bulletins_searched"))  # see main.html
    context["bulletin_languages"] = _build.language_head(spec)
    context["bulletin_alerts"] = _build.alert_banner(page.url, spec)
    context["bulletin_text_url"] = _build.text_version(spec)
    if spec is not None and spec.kind is PageKind.BULLETIN:
        page.content = _build.page_html(spec, page.content)  # the page around the body
    return context


@event_priority(-100)  # after every plugin that reads the page
def on_post_page(output: str, page, config) -> str:
    if page.file.generated_by and _build.spec(page.file.src_uri) is not None:
        # MkDocs would hold every page's HTML until the build ends, though it is written now: for
        # thousands of generated pages that is the largest part of the build's memory
        page.content = None
    try:
        _build.written(page.file.dest_uri, output)  # indexed for search now, if searched
        _build.poll()  # the PDFs start as soon as a worker has made the print pages
    except (BulletinError, PrintError) as error:
        raise PluginError(str(error)) from None
    return output


def on_nav(nav, config, files):
    global _chrome
    _chrome = Chrome([page.url for page in nav.pages])
    return nav


def on_env(env, config, files: Files):
    env.globals["bulletin_t"] = _build.settings.t
    # the theme's own templates under "theme/", for the partials that wrap them
    custom = os.path.abspath(config.theme.custom_dir) if config.theme.custom_dir else None
    theme_dirs = [d for d in config.theme.dirs if os.path.abspath(d) != custom]
    env.loader = jinja2.ChoiceLoader(
        [env.loader, jinja2.PrefixLoader({"theme": jinja2.FileSystemLoader(theme_dirs)})])
    env.globals["bulletin_chrome"] = _chrome
    env.bytecode_cache = TemplateCache.at(cache_folder(_build.settings) / "templates")
    statement = files.get_file_from_path(residents.STATEMENT_URL.rstrip("/") + ".md")
    env.globals["bulletin_statement_url"] = statement.url if statement is not None else None
    # Feeds and print pages need only the bodies, all rendered by now: a worker writes them, and
    # then the PDFs render, while MkDocs puts the pages into the theme.
    try:
        _build.start_outputs(Path(config.site_dir), lambda uri: _check_free(files, uri))
    except (BulletinError, PrintError) as error:
        raise PluginError(str(error)) from None
    return env


@event_priority(-100)  # after every plugin that writes into the site (search writes its index)
def on_post_build(config) -> None:
    try:
        _build.finish_outputs()
    except (BulletinError, PrintError, SearchIndexError) as error:
        raise PluginError(str(error)) from None
    _bodies.cache.finish(prune=not _Session.dirty)  # a dirty build renders only what changed
    _end_publishing(succeeded=True)


def on_build_error(error) -> None:
    if _build is not None:
        _build.cancel_outputs()
    _end_publishing(succeeded=False)
