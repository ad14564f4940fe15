"""The domain vocabulary: bulletins, topics, signatories and the catalogue of them all."""
from __future__ import annotations

import enum
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from types import MappingProxyType
from typing import Mapping

from .alert import Alert


class NoticeKind(enum.Enum):
    """What a bulletin's page, print page, card badges and `bulletins status` tell about its state."""

    DRAFT = "draft"
    SCHEDULED = "scheduled"
    REPLACED_BY = "replaced_by"
    EXPIRED = "expired"
    REPLACES = "replaces"
    VALID_UNTIL = "valid_until"


class Status(enum.Enum):
    """Whether a bulletin goes out with the next public build."""

    PUBLISHED = "published"
    DRAFT = "draft"
    SCHEDULED = "scheduled"

    def is_public(self) -> bool:
        return self is Status.PUBLISHED


@dataclass(frozen=True)
class Topic:
    key: str
    label: str
    slug: str
    description: str = ""
    category: str | None = None  # the CAP category of its alerts (topics.yml), lower case

    @property
    def url(self) -> str:
        return f"topics/{self.slug}/"


@dataclass(frozen=True)
class Signatory:
    name: str
    role: str
    email: str | None = None
    key: str | None = None

    def byline(self) -> str:
        """"Name, role": how feeds (dc:creator, authors) and the search text name a signatory."""
        return f"{self.name}, {self.role}"

    @property
    def author(self) -> str:
        """How document metadata names a signatory (the PDF's authors): the name alone."""
        return self.name

    @property
    def mailto(self) -> str | None:
        """The mail link of the signature block on the page and the print page, when there is an address."""
        return f"mailto:{self.email}" if self.email else None


@dataclass(frozen=True)
class Bulletin:
    slug: str
    source: str  # path relative to the project root, as messages name it
    title: str
    date: datetime  # time-zone aware
    summary: str
    topics: tuple[Topic, ...]
    signatories: tuple[Signatory, ...]
    contact: str | None = None
    updated: datetime | None = None
    replaces: str | None = None
    replaced_by: str | None = None
    expires: datetime | None = None
    draft: bool = False
    id: str | None = None
    aliases: tuple[str, ...] = ()
    date_is_day: bool = True  # the author gave a date, not a date-time
    alert: Alert | None = None  # the bulletin is a warning (see alert.py and alerts.py)
    lang: str = "sv"  # BCP 47; the loader gives every bulletin one (default: the site's language)
    translation_of: str | None = None  # the slug of the original, when this is a translation
    easy_read: bool = False  # an easy-to-read version (lättläst) of its original

    @property
    def is_translation(self) -> bool:
        return self.translation_of is not None

    @property
    def url(self) -> str:
        return f"bulletins/{self.slug}/"

    @property
    def src_uri(self) -> str:
        """Where the bulletin's page pretends to live in docs/."""
        return f"bulletins/{self.slug}.md"

    @property
    def print_url(self) -> str:
        return f"bulletins/{self.slug}/print/"

    @property
    def pdf_url(self) -> str:
        return f"bulletins/{self.slug}/{self.slug}.pdf"

    @property
    def valid_until(self) -> datetime | None:
        """The last moment the bulletin is valid (``expires`` is the first one it is not)."""
        return self.expires - timedelta(microseconds=1) if self.expires else None

    def status(self, now: datetime) -> Status:
        if self.draft:
            return Status.DRAFT
        if self.date > now:
            return Status.SCHEDULED
        return Status.PUBLISHED

    def is_expired(self, now: datetime) -> bool:
        return self.expires is not None and self.expires <= now


@dataclass(frozen=True)
class Notice:
    """One thing a bulletin's readers are told about its state, in the order they are told.

    ``date`` is the day the notice names (publication of a scheduled bulletin, the last valid
    moment of an expiring one); ``other`` the bulletin it replaces or is replaced by.
    """

    kind: NoticeKind
    date: datetime | None = None
    other: Bulletin | None = None


def notices(bulletin: Bulletin, now: datetime, by_slug: Mapping[str, Bulletin]) -> tuple[Notice, ...]:
    """The notices ``bulletin`` carries at ``now``, in order; ``by_slug``: the bulletins shown.

    Draft or scheduled first; then replaced by a shown bulletin, or else expired; then the
    shown bulletin it replaces; last, while it is neither expired nor replaced, until when it
    is valid.
    """
    found: list[Notice] = []
    status = bulletin.status(now)
    if status is Status.DRAFT:
        found.append(Notice(NoticeKind.DRAFT))
    elif status is Status.SCHEDULED:
        found.append(Notice(NoticeKind.SCHEDULED, date=bulletin.date))
    successor = by_slug.get(bulletin.replaced_by) if bulletin.replaced_by else None
    expired = bulletin.is_expired(now)
    if successor is not None:
        found.append(Notice(NoticeKind.REPLACED_BY, other=successor))
    elif expired:
        found.append(Notice(NoticeKind.EXPIRED, date=bulletin.valid_until))
    predecessor = by_slug.get(bulletin.replaces) if bulletin.replaces else None
    if predecessor is not None:
        found.append(Notice(NoticeKind.REPLACES, other=predecessor))
    if bulletin.expires is not None and not expired and successor is None:
        found.append(Notice(NoticeKind.VALID_UNTIL, date=bulletin.valid_until))
    return tuple(found)


@dataclass(frozen=True)
class Catalogue:
    """All bulletins of one build, newest first, with the indexes pages need.

    Indexes are built once (``cached_property``), never by scanning all
    bulletins per bulletin.
    """

    bulletins: tuple[Bulletin, ...]
    now: datetime
    topics: Mapping[str, Topic] = field(default_factory=dict)

    def __reduce__(self):
        """Sent to a worker without its indexes, which it builds again when it needs them."""
        return Catalogue, (self.bulletins, self.now, dict(self.topics))

    @cached_property
    def by_slug(self) -> Mapping[str, Bulletin]:
        return MappingProxyType({b.slug: b for b in self.bulletins})

    @cached_property
    def originals(self) -> tuple[Bulletin, ...]:
        """The bulletins that are not translations, newest first: what listings and feeds show."""
        return tuple(b for b in self.bulletins if b.translation_of is None)

    @cached_property
    def _translations(self) -> Mapping[str, tuple[Bulletin, ...]]:
        groups: dict[str, list[Bulletin]] = defaultdict(list)
        for b in self.bulletins:
            if b.translation_of is not None:
                groups[b.translation_of].append(b)
        return MappingProxyType({slug: tuple(sorted(v, key=lambda b: (b.lang.lower(), b.easy_read)))
                                 for slug, v in groups.items()})

    def translations_of(self, slug: str) -> tuple[Bulletin, ...]:
        """The translations of the original ``slug`` in this catalogue, by language."""
        return self._translations.get(slug, ())

    def original_of(self, bulletin: Bulletin) -> Bulletin | None:
        """The original of a translation (a bulletin that is no translation is its own)."""
        return self.by_slug.get(bulletin.translation_of) if bulletin.translation_of else bulletin

    def versions(self, bulletin: Bulletin) -> tuple[Bulletin, ...]:
        """The original of ``bulletin`` and all its translations (one alone: just itself)."""
        original = self.original_of(bulletin)
        return (original, *self.translations_of(original.slug)) if original else (bulletin,)

    @cached_property
    def languages(self) -> tuple[str, ...]:
        """The primary languages of the bulletins (each has a feed), sorted."""
        return tuple(sorted({b.lang.split("-")[0].lower() for b in self.bulletins}))

    @cached_property
    def by_language(self) -> Mapping[str, tuple[Bulletin, ...]]:
        """Primary language -> its bulletins, originals and translations, newest first."""
        groups: dict[str, list[Bulletin]] = defaultdict(list)
        for b in self.bulletins:
            groups[b.lang.split("-")[0].lower()].append(b)
        return MappingProxyType({k: tuple(v) for k, v in groups.items()})

    @cached_property
    def by_topic(self) -> Mapping[str, tuple[Bulletin, ...]]:
        """Topic key -> its original bulletins, newest first; topics without any are left out."""
        groups: dict[str, list[Bulletin]] = defaultdict(list)
        for b in self.originals:
            for t in b.topics:
                groups[t.key].append(b)
        return MappingProxyType({k: tuple(v) for k, v in groups.items()})

    @cached_property
    def by_year(self) -> Mapping[int, tuple[Bulletin, ...]]:
        """Year -> its original bulletins, newest year first."""
        groups: dict[int, list[Bulletin]] = defaultdict(list)
        for b in self.originals:
            groups[b.date.year].append(b)
        return MappingProxyType({y: tuple(groups[y]) for y in sorted(groups, reverse=True)})

    @cached_property
    def used_topics(self) -> tuple[Topic, ...]:
        """Topics that have bulletins, by label."""
        seen = {t.key: t for b in self.originals for t in b.topics}
        return tuple(sorted(seen.values(), key=lambda t: t.label.casefold()))

    def notices(self, bulletin: Bulletin) -> tuple[Notice, ...]:
        """What ``bulletin``'s readers are told about its state in this catalogue (see ``notices``)."""
        return notices(bulletin, self.now, self.by_slug)

    def restricted(self, keep) -> "Catalogue":
        """The same catalogue holding only the bulletins ``keep`` accepts."""
        return Catalogue(tuple(b for b in self.bulletins if keep(b)), self.now, self.topics)
