"""A project's settings from the plain values of its ``mkdocs.yml``.

The build (through the adapter, after MkDocs has validated ``extra.bulletins``)
and the staff tools (``bulletins check`` and friends, which read ``mkdocs.yml``
themselves) both make their ``Settings`` with :func:`settings_from_options`, so
the two can never disagree about where the bulletins are, which language the
messages are in, or which time zone a plain date is in.
"""
from __future__ import annotations

import dataclasses
import os
from datetime import datetime
from pathlib import Path
from typing import Any, Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from . import notify_settings
from .errors import BulletinError, Problem, shortened
from .fields import EMAIL_RE
from .i18n import Translator
from .sanitize import PolicyError, validated_options
from .settings import ClockError, Settings, build_clock

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
DEFAULT_SOURCE = "bulletins"
DEFAULT_PDF_CACHE = ".cache/pdf"
_DERIVED = {"root", "source_dir", "language", "timezone", "site_url", "site_name", "organisation",
            "now", "preview", "pdf", "pdf_cache", "docs_dir", "allow_html", "allow_iframe_hosts", "notify"}
_PASSED_ON = {f.name for f in dataclasses.fields(Settings)} - _DERIVED


SIZES = {"home_count": 10, "page_size": 50, "feed_size": 50}  # setting -> its default
TEXTS = ("source", "organisation", "logo", "pdf_cache", "accessibility_contact")  # settings that are text


def check_options(options: Mapping[str, Any], t: Translator) -> list[Problem]:
    """The problems of ``extra.bulletins``, decided here for the build and for ``bulletins check``
    (which reads mkdocs.yml without MkDocs) alike: the sizes are whole numbers of 1 or more (0 would
    divide a listing into no pages, -1 empty it), the time zone is one, texts are text, ``pdf`` is
    one of its choices, the contact an e-mail address. (In the build, MkDocs' validation of types in
    the adapter may name a wrong type first, in its own words.)"""
    problems = []

    def refuse(setting: str, err: str, fix: str, **values: object) -> None:
        problems.append(Problem("mkdocs.yml", None, f"extra.bulletins.{setting}", t(err, **values),
                                t(fix, **values)))

    for name, default in SIZES.items():
        value = options.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            refuse(name, "err.bad_size", "fix.bad_size", value=shortened(value), name=name, default=default)
    for name in TEXTS:
        value = options.get(name)
        if value is not None and not isinstance(value, str):
            refuse(name, "err.not_text", "fix.not_text", kind=t.kind(value))
    contact = options.get("accessibility_contact")
    if isinstance(contact, str) and not EMAIL_RE.match(contact):
        refuse("accessibility_contact", "err.bad_email", "fix.bad_email", value=shortened(contact))
    pdf = options.get("pdf")
    if pdf is not None and pdf not in ("auto", True, False):  # the membership MkDocs' Choice tests
        refuse("pdf", "err.bad_pdf", "fix.bad_pdf", value=shortened(pdf))
    zone = options.get("timezone")
    if zone is not None and not _is_zone(zone):
        refuse("timezone", "err.bad_timezone", "fix.bad_timezone", value=shortened(zone))
    problems += notify_settings.check(options.get("notify"), t)  # e-mail to the topics' lists
    return problems


def _is_zone(name: object) -> bool:
    try:
        ZoneInfo(name)  # type: ignore[arg-type]
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return False
    return True


def clock_problem(error: ClockError, t: Translator) -> Problem:
    return Problem("SOURCE_DATE_EPOCH", None, "environment", t("err.bad_epoch", value=shortened(error.value)),
                   t("fix.bad_epoch"))


def _cache_in_site(root: Path, pdf_cache: object, site_dir: Path, t: Translator) -> list[Problem]:
    """A PDF cache inside the site folder would be published, and swapped away with every build."""
    if pdf_cache is not None and not isinstance(pdf_cache, str):
        return []  # reported as not text
    cache = Path(os.path.realpath(root / (pdf_cache or DEFAULT_PDF_CACHE)))
    site = Path(os.path.realpath(root / site_dir))
    if cache != site and site not in cache.parents:
        return []

    def shown(path: Path) -> str:
        return path.relative_to(root).as_posix() if root in path.parents else path.as_posix()
    return [Problem("mkdocs.yml", None, "extra.bulletins.pdf_cache",
                    t("err.cache_in_site", cache=shown(cache), site=shown(site)), t("fix.cache_in_site"))]


def settings_from_options(root: Path, options: Mapping[str, Any], *, language: str | None,
                          site_url: str | None, site_name: str, preview: bool = False,
                          now: datetime | None = None, docs_dir: Path | None = None,
                          site_dir: Path | None = None) -> Settings:
    """Settings from ``extra.bulletins`` (``options``) and the top-level values of mkdocs.yml.

    Options named like a field of Settings are passed on as they are; paths are
    made absolute against ``root``. Raises BulletinError when the site cannot be
    built at all (no ``site_url``).
    """
    t = Translator(language or "sv")
    problems = check_options(options, t)
    if not site_url:
        problems.insert(0, Problem("mkdocs.yml", None, "site_url", t("err.no_site_url"), t("fix.no_site_url")))
    if now is None:
        try:
            now = build_clock()
        except ClockError as error:
            problems.append(clock_problem(error, t))
    try:  # raw HTML a site allows in bodies: refused when it could run code or take over a page
        allowed = validated_options(options.get("allow_html"), options.get("allow_iframe_hosts"))
    except PolicyError as error:
        problems += error.as_problems(t)
    if site_dir is not None:
        problems += _cache_in_site(root, options.get("pdf_cache"), site_dir, t)
    if problems:
        raise BulletinError(problems)
    present = {k: v for k, v in options.items() if v is not None}
    pdf = present.get("pdf", "auto")
    passed_on = {k: v for k, v in present.items() if k in _PASSED_ON}
    if "timezone" in present:
        passed_on["timezone"] = ZoneInfo(present["timezone"])
    if "pdf_cache" in present:
        passed_on["pdf_cache"] = (root / present["pdf_cache"]).resolve()
    passed_on["allow_html"], passed_on["allow_iframe_hosts"] = allowed
    passed_on["notify"] = notify_settings.parse(present.get("notify"))
    return Settings(
        root=root, source_dir=(root / present.get("source", DEFAULT_SOURCE)).resolve(),
        language=t.language, site_url=site_url, site_name=site_name,
        organisation=present.get("organisation") or site_name,
        now=now, preview=preview, pdf=(not preview) if pdf == "auto" else bool(pdf),
        docs_dir=docs_dir, **passed_on,
    )


# ---------------------------------------------------------------------------
# reading mkdocs.yml without MkDocs


class _TolerantLoader(yaml.SafeLoader):
    """SafeLoader that reads MkDocs' own tags: ``!ENV`` is resolved, any other tag is kept as plain data."""


def _construct_env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        values = loader.construct_sequence(node)
        names, default = values[:-1] if len(values) > 1 else values, values[-1] if len(values) > 1 else None
    for name in names:
        if str(name) in os.environ:
            return yaml.safe_load(os.environ[str(name)])
    return default


def _construct_unknown(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_scalar(node)


_TolerantLoader.add_constructor("!ENV", _construct_env)
_TolerantLoader.add_multi_constructor("!", _construct_unknown)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_unknown)


def find_config(start: Path) -> Path | None:
    """The mkdocs.yml in ``start`` or the nearest folder above it."""
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
    return None


def read_config(path: Path) -> dict[str, Any]:
    """mkdocs.yml as plain data (``!ENV`` resolved, ``!!python/name:…`` kept as its name)."""
    with path.open(encoding="utf-8") as stream:
        data = yaml.load(stream, Loader=_TolerantLoader)  # noqa: S506 - a SafeLoader subclass
    return data if isinstance(data, dict) else {}


def config_language(config: Mapping[str, Any]) -> str | None:
    theme = config.get("theme")
    return theme.get("language") if isinstance(theme, dict) else None


def markdown_extensions(config: Mapping[str, Any]) -> list[tuple[str, dict]]:
    """``markdown_extensions`` of mkdocs.yml as (name, options) pairs, as MkDocs reads them."""
    given = config.get("markdown_extensions") or []
    items = given.items() if isinstance(given, dict) else (
        next(iter(item.items())) if isinstance(item, dict) and len(item) == 1 else (item, None)
        for item in given if isinstance(item, (str, dict)))
    return [(str(name), options if isinstance(options, dict) else {}) for name, options in items]


def settings_from_config_file(path: Path, *, preview: bool = False) -> Settings:
    """Settings as the build makes them, from the mkdocs.yml at ``path``."""
    config = read_config(path)
    extra = config.get("extra") if isinstance(config.get("extra"), dict) else {}
    options = extra.get("bulletins") if isinstance(extra.get("bulletins"), dict) else {}
    root = path.resolve().parent
    return settings_from_options(root, options, language=config_language(config),
                                 site_url=config.get("site_url"), site_name=config.get("site_name") or "",
                                 preview=preview, docs_dir=root / str(config.get("docs_dir") or "docs"),
                                 site_dir=root / str(config.get("site_dir") or "site"))
