"""Rules between bulletins: unique slugs, ids and addresses; ``replaces`` that resolve, point at an
older bulletin and never go round in a circle; topic keys that do not share an address."""
from __future__ import annotations

from dataclasses import replace

from .model import Bulletin
from .reporting import Reporter, closest
from .settings import Settings


def _shown_day(bulletin: Bulletin, settings: Settings) -> str:
    return settings.written(bulletin.date, bulletin.date_is_day)


def _replaces_cycles(by_slug: dict[str, Bulletin]) -> dict[str, str]:
    """Slug -> its cycle written out ("a → b → a"), for each bulletin whose ``replaces`` chain
    comes back to it. Each bulletin replaces at most one, so a chain is followed in one pass."""
    out: dict[str, str] = {}
    done: set[str] = set()
    for start in by_slug:
        path: list[str] = []
        index: dict[str, int] = {}
        slug: str | None = start
        while slug is not None and slug in by_slug and slug not in done and slug not in index:
            index[slug] = len(path)
            path.append(slug)
            slug = by_slug[slug].replaces
        if slug is not None and slug in index:
            loop = path[index[slug]:]
            if len(loop) > 1:  # a bulletin naming itself has its own message
                for at, member in enumerate(loop):
                    out[member] = " → ".join(loop[at:] + loop[:at] + [member])
        done.update(path)
    return out


def cross_check(found: list[tuple[Bulletin, dict[str, int]]], report: Reporter,
                 settings: Settings) -> list[Bulletin]:
    """Rules between files: unique slugs, ids and addresses; replaces that resolve; topic slugs."""
    by_slug: dict[str, Bulletin] = {}
    by_id: dict[str, Bulletin] = {}
    broken: set[str] = set()
    for bulletin, lines in found:
        other = by_slug.get(bulletin.slug)
        if other:
            report.add(bulletin.source, None, "file name", "duplicate_slug", "fix.duplicate_slug",
                       value=bulletin.slug, other=other.source)
            broken.add(bulletin.source)
            continue
        by_slug[bulletin.slug] = bulletin
        if bulletin.id:
            twin = by_id.get(bulletin.id)
            if twin:
                report.add(bulletin.source, lines.get("id"), "id", "duplicate_id", "fix.duplicate_id",
                           other=twin.source)
                broken.add(bulletin.source)
            else:
                by_id[bulletin.id] = bulletin
    addresses = {slug: b.source for slug, b in by_slug.items()}
    cycles = _replaces_cycles(by_slug)
    replaced_by: dict[str, Bulletin] = {}
    topic_slugs: dict[str, str] = {}
    for bulletin, lines in found:
        if bulletin.source in broken or by_slug.get(bulletin.slug) is not bulletin:
            continue
        for alias in bulletin.aliases:
            if alias in addresses and addresses[alias] != bulletin.source:
                report.add(bulletin.source, lines.get("aliases"), "aliases", "alias_taken",
                           "fix.alias_taken", value=alias, other=addresses[alias])
                broken.add(bulletin.source)
            else:
                addresses[alias] = bulletin.source
        if bulletin.replaces:
            line = lines.get("replaces")
            if bulletin.replaces == bulletin.slug:
                report.add(bulletin.source, line, "replaces", "replaces_self", "fix.replaces_self")
                broken.add(bulletin.source)
            elif bulletin.replaces not in by_slug:
                suggestion = closest(bulletin.replaces, by_slug)
                if suggestion:
                    report.add(bulletin.source, line, "replaces", "replaces_missing", "fix.did_you_mean",
                               value=bulletin.replaces, suggestion=suggestion,
                               register="bulletins/")
                else:
                    report.add(bulletin.source, line, "replaces", "replaces_missing",
                               "fix.bad_ref_slug", value=bulletin.replaces,
                               suggestion="2020-05-12-lagesbild")
                broken.add(bulletin.source)
            elif bulletin.slug in cycles:
                report.add(bulletin.source, line, "replaces", "replaces_cycle", "fix.replaces_cycle",
                           chain=cycles[bulletin.slug])
                broken.add(bulletin.source)
            elif by_slug[bulletin.replaces].date > bulletin.date:
                newer = by_slug[bulletin.replaces]
                report.add(bulletin.source, line, "replaces", "replaces_newer", "fix.replaces_newer",
                           value=bulletin.replaces, date=_shown_day(newer, settings),
                           own=_shown_day(bulletin, settings), other=newer.source, slug=bulletin.slug)
                broken.add(bulletin.source)
            elif bulletin.replaces in replaced_by:
                report.add(bulletin.source, line, "replaces", "replaced_twice", "fix.replaced_twice",
                           value=bulletin.replaces, other=replaced_by[bulletin.replaces].source)
                broken.add(bulletin.source)
            else:
                replaced_by[bulletin.replaces] = bulletin
        for topic in bulletin.topics:
            owner = topic_slugs.setdefault(topic.slug, topic.key)
            if owner != topic.key:
                report.add(bulletin.source, lines.get("topics"), "topics", "topic_slug_clash",
                           "fix.topic_slug_clash", value=topic.key, other=owner, slug=topic.slug)
                broken.add(bulletin.source)
    out = []
    for slug, bulletin in by_slug.items():
        if bulletin.source in broken:
            continue
        successor = replaced_by.get(slug)
        out.append(replace(bulletin, replaced_by=successor.slug) if successor else bulletin)
    return out
