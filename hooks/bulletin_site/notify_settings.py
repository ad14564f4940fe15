"""``extra.bulletins.notify`` in mkdocs.yml: who sends, to which list per topic, through which server.

::

    notify:
      from: Hallstahammars kommun <trygghet@hallstahammar.se>
      lists:
        "*": alla-meddelanden@lists.hallstahammar.se      # every bulletin (optional)
        krisledning: krisledning@lists.hallstahammar.se   # topic key -> list address
        covid-19:
          address: covid@lists.hallstahammar.se
          signup: https://lists.hallstahammar.se/postorius/lists/covid.lists.hallstahammar.se/
          languages: {en: covid-en@lists.hallstahammar.se}  # translations into English
      smtp: {host: smtp.hallstahammar.se, port: 587, starttls: true}
      ledger: .notify/ledger.jsonl    # relative to mkdocs.yml
      domain: trygghet.hallstahammar.se  # of the Message-IDs; default: site_url's host

The user name and password of the SMTP server come only from the environment
(``BULLETINS_SMTP_USER``, ``BULLETINS_SMTP_PASSWORD``): a password in mkdocs.yml is refused, since
everyone who can read the repository could read it. ``check`` gives every problem at once, as
``project.check_options`` does for the rest of ``extra.bulletins``; the build and ``bulletins check``
both refuse what it finds.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from email.utils import parseaddr
from typing import Any, Mapping

from .errors import Problem, shortened
from .fields import EMAIL_RE
from .i18n import Translator

OPTION = "extra.bulletins.notify"
ALL_TOPICS = "*"
USER_ENV = "BULLETINS_SMTP_USER"
PASSWORD_ENV = "BULLETINS_SMTP_PASSWORD"
DEFAULT_LEDGER = ".notify/ledger.jsonl"
KEYS = ("from", "lists", "smtp", "ledger", "domain")
SMTP_KEYS = ("host", "port", "starttls")
LIST_KEYS = ("address", "signup", "languages")
SECRET_RE = re.compile(r"pass|secret|token|user|login|credential", re.IGNORECASE)
HOST_RE = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")
LANG_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class MailingList:
    """The list of one topic (``topic`` is its key, or ``*`` for every bulletin)."""

    topic: str
    address: str
    signup: str | None = None
    languages: tuple[tuple[str, str], ...] = ()  # (language, address) for translations

    def address_for(self, lang: str, site_language: str, translation: bool) -> str | None:
        """Where a bulletin in ``lang`` goes: the list's own address in the site's language; a
        translation to its language's list, or nowhere when none is named; a bulletin written in
        another language (not a translation) to its language's list, else the list's own."""
        if lang == site_language:
            return self.address
        named = dict(self.languages).get(lang)
        if named:
            return named
        return None if translation else self.address


@dataclass(frozen=True)
class Smtp:
    host: str = "localhost"
    port: int = 587
    starttls: bool = True


@dataclass(frozen=True)
class NotifySettings:
    sender: str
    lists: tuple[MailingList, ...]
    smtp: Smtp = Smtp()
    ledger: str = DEFAULT_LEDGER
    domain: str | None = None

    def list_of(self, topic: str) -> MailingList | None:
        return next((m for m in self.lists if m.topic == topic), None)


def _address(value: object) -> str | None:
    """The bare e-mail address of ``"Name <address>"`` or ``"address"``, or None."""
    if not isinstance(value, str):
        return None
    _, address = parseaddr(value)
    return address if address and EMAIL_RE.match(address) else None


def check(options: object, t: Translator) -> list[Problem]:
    """Every problem of ``extra.bulletins.notify`` (None: not set, no problem)."""
    if options is None:
        return []
    problems: list[Problem] = []

    def refuse(where: str, err: str, fix: str, **values: object) -> None:
        problems.append(Problem("mkdocs.yml", None, f"{OPTION}{where}", t(err, **values), t(fix, **values)))

    if not isinstance(options, dict):
        refuse("", "err.notify_not_fields", "fix.notify_not_fields", kind=t.kind(options))
        return problems
    _secrets(options, "", refuse)
    _unknown(options, KEYS, "", refuse)
    if "from" not in options:
        refuse(".from", "err.notify_no_from", "fix.notify_no_from")
    elif _address(options["from"]) is None:
        refuse(".from", "err.bad_email", "fix.notify_from", value=shortened(options["from"]))
    lists = options.get("lists")
    if not isinstance(lists, dict) or not lists:
        refuse(".lists", "err.notify_no_lists", "fix.notify_no_lists")
    else:
        for topic, entry in lists.items():
            _check_list(str(topic), entry, refuse, t)
    smtp = options.get("smtp")
    if smtp is not None:
        _check_smtp(smtp, refuse, t)
    for key in ("ledger", "domain"):
        value = options.get(key)
        if value is not None and not isinstance(value, str):
            refuse(f".{key}", "err.not_text", "fix.not_text", kind=t.kind(value))
    domain = options.get("domain")
    if isinstance(domain, str) and not HOST_RE.match(domain):
        refuse(".domain", "err.notify_bad_domain", "fix.notify_bad_domain", value=shortened(domain))
    return problems


def _secrets(options: Mapping, where: str, refuse) -> None:
    for key, value in options.items():
        if SECRET_RE.search(str(key)) and key not in KEYS:
            env = PASSWORD_ENV if re.search(r"pass|secret|token|credential", str(key), re.I) else USER_ENV
            refuse(f"{where}.{key}", "err.notify_secret", "fix.notify_secret", env=env)
        elif isinstance(value, dict):
            _secrets(value, f"{where}.{key}", refuse)


def _unknown(options: Mapping, known: tuple[str, ...], where: str, refuse) -> None:
    """A problem for each setting of ``options`` not in ``known`` (credentials are ``_secrets``')."""
    for key in options:
        if key not in known and not SECRET_RE.search(str(key)):
            refuse(f"{where}.{key}", "err.notify_unknown", "fix.notify_unknown", key=shortened(key),
                   known=", ".join(known))


def _check_list(topic: str, entry: object, refuse, t: Translator) -> None:
    where = f".lists.{topic}"
    if isinstance(entry, str):
        if not EMAIL_RE.match(entry):
            refuse(where, "err.bad_email", "fix.bad_email", value=shortened(entry))
        return
    if not isinstance(entry, dict):
        refuse(where, "err.notify_bad_list", "fix.notify_bad_list", kind=t.kind(entry))
        return
    _unknown(entry, LIST_KEYS, where, refuse)
    address = entry.get("address")
    if not isinstance(address, str) or not EMAIL_RE.match(address):
        refuse(f"{where}.address", "err.bad_email", "fix.bad_email", value=shortened(address))
    signup = entry.get("signup")
    if signup is not None and not (isinstance(signup, str) and re.match(r"^(?:https?://|mailto:)\S+$", signup)):
        refuse(f"{where}.signup", "err.notify_bad_signup", "fix.notify_bad_signup", value=shortened(signup))
    languages = entry.get("languages")
    if languages is None:
        return
    if not isinstance(languages, dict):
        refuse(f"{where}.languages", "err.notify_bad_languages", "fix.notify_bad_languages", kind=t.kind(languages))
        return
    for lang, address in languages.items():
        if not isinstance(lang, str) or not LANG_RE.match(lang):
            refuse(f"{where}.languages", "err.notify_bad_lang", "fix.notify_bad_lang", value=shortened(lang))
        elif not isinstance(address, str) or not EMAIL_RE.match(address):
            refuse(f"{where}.languages.{lang}", "err.bad_email", "fix.bad_email", value=shortened(address))


def _check_smtp(smtp: object, refuse, t: Translator) -> None:
    if not isinstance(smtp, dict):
        refuse(".smtp", "err.notify_not_fields", "fix.notify_not_fields", kind=t.kind(smtp))
        return
    _unknown(smtp, SMTP_KEYS, ".smtp", refuse)
    host = smtp.get("host")
    if host is not None and not (isinstance(host, str) and HOST_RE.match(host)):
        refuse(".smtp.host", "err.notify_bad_domain", "fix.notify_bad_host", value=shortened(host))
    port = smtp.get("port")
    if port is not None and (isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536):
        refuse(".smtp.port", "err.notify_bad_port", "fix.notify_bad_port", value=shortened(port))
    starttls = smtp.get("starttls")
    if starttls is not None and not isinstance(starttls, bool):
        refuse(".smtp.starttls", "err.notify_bad_starttls", "fix.notify_bad_starttls", value=shortened(starttls))


def parse(options: Mapping[str, Any] | None) -> NotifySettings | None:
    """The settings of ``options``, which ``check`` found no problem in (None: not set)."""
    if options is None:
        return None
    lists = []
    for topic, entry in options["lists"].items():
        if isinstance(entry, str):
            lists.append(MailingList(str(topic), entry))
        else:
            lists.append(MailingList(str(topic), entry["address"], entry.get("signup"),
                                     tuple(sorted((entry.get("languages") or {}).items()))))
    smtp = options.get("smtp") or {}
    starttls = smtp.get("starttls", True)
    return NotifySettings(
        sender=options["from"], lists=tuple(lists),
        smtp=Smtp(smtp.get("host", "localhost"), smtp.get("port", 587 if starttls else 25), starttls),
        ledger=options.get("ledger") or DEFAULT_LEDGER, domain=options.get("domain"))
