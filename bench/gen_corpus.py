#!/usr/bin/env python3
"""Write a deterministic synthetic corpus of Swedish municipal safety bulletins.

``gen_corpus.py OUT -n N [--seed S] [--registers]`` writes N bulletins into OUT
as ``YYYY-MM-DD-<slug>.md`` (slug: a-z, 0-9 and ``-``), dated over 2015-2024.
Each is Markdown with YAML front-matter (title, date, topics, signatories, and
in a share of them summary, updated, expires, replaces, contact and id); the
body is 300-900 words of bulletin prose with headings, bullet and numbered
lists, an external link, a mailto link, a table in about one in ten, and a link
to the bulletin it replaces. About one in seven is dated with a time of day.

Topics and signatories are written inline by default (a topic's key is its
label), as in the corpora of earlier benchmarks. With ``--registers`` the corpus
also has ``topics.yml`` and ``signatories.yml`` and bulletins name topics and
signatories by key; the random draws are the same either way, so the two
corpora differ only in how topics and signatories are written.

``replaces`` always names a strictly older bulletin of the same main topic that
no other bulletin replaces (so no cycles, at most one successor). The same N,
seed and options give byte-identical files. Every corpus passes
``bulletins check``. Python 3.11, standard library only.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

FIRST_DAY = dt.date(2015, 1, 1)
LAST_DAY = dt.date(2024, 12, 31)


@dataclass(frozen=True)
class Theme:
    key: str          # the register key (a slug)
    inline: str       # the key written inline without a register (then also the label)
    label: str        # the register label
    description: str  # the register description ("" for none)
    subject: str      # used in titles and sentences
    mailbox: str      # local part of the contact address


THEMES = [
    Theme("brottsforebyggande", "brottsförebyggande", "Brottsförebyggande arbete",
          "Skadegörelse, inbrott och kommunens förebyggande arbete.",
          "skadegörelse och inbrott", "trygghet"),
    Theme("covid-19", "covid-19", "Covid-19", "Smittläget och kommunens verksamhet under pandemin.",
          "smittspridning och besöksförbud", "smittskydd"),
    Theme("krisberedskap", "krisberedskap", "Krisberedskap",
          "Hemberedskap, krisinformation och kommunens krisledning.",
          "hemberedskap och krisinformation", "krisledning"),
    Theme("trafik", "trafik", "Trafik och vägarbeten", "",
          "trafiksäkerhet och vägarbeten", "gata"),
    Theme("brand", "brand", "Brand och eldning",
          "Brandrisk, eldningsförbud och räddningstjänstens råd.",
          "brandrisk och eldningsförbud", "raddning"),
    Theme("dricksvatten", "dricksvatten", "Dricksvatten",
          "Kokningsråd, vattenläckor och avbrott i vattenförsörjningen.",
          "kokningsråd för dricksvattnet", "va"),
    Theme("skola", "skola", "Skola och förskola", "",
          "tryggheten kring skolor och förskolor", "skola"),
    Theme("ungdom", "ungdom", "Unga och fritid",
          "Fritidsgårdar, sommarlov och fältgruppens arbete.",
          "ungas fritid och lovaktiviteter", "fritid"),
    Theme("nattvandring", "nattvandring", "Nattvandring och ordningsvakter", "",
          "nattvandring och ordningsvakter", "trygghet"),
    Theme("vader", "väder", "Väder och oväder",
          "Varningar för storm, snö, skyfall och värmebölja.",
          "storm och kraftigt snöfall", "krisledning"),
    Theme("bedrageri", "it-säkerhet", "Bedrägerier och IT-säkerhet",
          "Falska samtal, sms och e-post och hur du skyddar dig.",
          "bedrägerier via telefon och sms", "trygghet"),
    Theme("psykisk-halsa", "psykisk-ohälsa", "Psykisk hälsa",
          "Stöd till dig som mår dåligt eller oroar dig för någon.",
          "stöd vid psykisk ohälsa", "socialtjanst"),
]


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    role: str
    email: str | None


PEOPLE = [
    Person("karin-westberg", "Karin Westberg", "säkerhetssamordnare", "karin.westberg@kommun.example"),
    Person("mikael-stromgren", "Mikael Strömgren", "kommunpolis", None),
    Person("helena-aberg", "Helena Åberg", "beredskapssamordnare", "helena.aberg@kommun.example"),
    Person("tomas-lindgren", "Tomas Lindgren", "räddningschef", None),
    Person("johanna-ek", "Johanna Ek", "kommunikationschef", "johanna.ek@kommun.example"),
    Person("ali-hassan", "Ali Hassan", "trygghetssamordnare", None),
    Person("birgitta-noren", "Birgitta Norén", "medicinskt ansvarig sjuksköterska", None),
    Person("niklas-sundberg", "Niklas Sundberg", "chef för VA-enheten", "niklas.sundberg@kommun.example"),
    Person("emma-forsberg", "Emma Forsberg", "fältassistent", None),
    Person("olof-dahlqvist", "Olof Dahlqvist", "kommundirektör", "olof.dahlqvist@kommun.example"),
    Person("sofia-gren", "Sofia Grén", "ordförande i trygghetsrådet", None),
]
GUESTS = [  # signatories from outside the organisation, always written inline
    ("Lars Bergkvist", "samordnare, grannsamverkan"),
    ("Nadia Rahimi", "rektor, Centralskolan"),
    ("Peter Holm", "stationschef, räddningstjänsten"),
]
PLACES = ["centrum", "Kvarnbacken", "Stora torget", "Hagalund", "Lillsjön", "Bruksområdet",
          "Västerbyn", "Resecentrum", "Ekdalen", "Södra industriområdet", "Solbacka", "Hamnen"]
ACTORS = ["polisen", "räddningstjänsten", "socialtjänsten", "fältassistenterna",
          "skolledningen", "bostadsbolaget", "grannsamverkan", "kollektivtrafiken", "vårdcentralen"]
WEEKDAYS = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"]
MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december"]

SENTENCES = [
    "Kommunen har under veckan fått flera frågor om {subject} i {place}.",
    "I nuläget bedömer vi att situationen i {place} är under kontroll.",
    "Tillsammans med {actor} följer vi utvecklingen dag för dag.",
    "Hittills i år har {count} ärenden som rör {subject} registrerats.",
    "Vi uppmanar alla som vistas i {place} att vara extra uppmärksamma under kvällar och helger.",
    "Hör gärna av dig till oss om du ser eller hör något som känns fel.",
    "Arbetet med {subject} pågår långsiktigt och bygger på samverkan mellan många aktörer.",
    "På {weekday} träffas kommunen och {actor} för att stämma av läget i {place}.",
    "Enligt {actor} är antalet anmälningar lägre än under samma period förra året.",
    "Belysningen längs gång- och cykelvägarna i {place} har förbättrats under hösten.",
    "Vi uppdaterar den här informationen så snart vi vet mer.",
    "Många har hört av sig med oro, och varje synpunkt tas om hand av en handläggare.",
    "Under {weekday}skvällar finns {actor} på plats i {place}.",
    "Äldre och personer med funktionsnedsättning kan få extra stöd från hemtjänsten.",
    "I den senaste trygghetsmätningen svarade {count} procent att de känner sig trygga i sitt bostadsområde.",
    "Tips kan lämnas anonymt, både per telefon och via kommunens webbformulär.",
    "Kommunens krisledningsgrupp har sammanträtt och fattat beslut om fortsatta åtgärder.",
    "Beslutet gäller tills vidare och omprövas varje vecka.",
    "Föreningar och företag i {place} har erbjudits information om vad som gäller.",
    "Vi tackar alla invånare som hjälper till och visar omtanke om sina grannar.",
]
ADVICE = [
    "Ring 112 vid akut fara för liv, hälsa, egendom eller miljö.",
    "Ring 114 14 för att anmäla brott som inte är akuta eller lämna tips till polisen.",
    "Ring 113 13 för att få information vid allvarliga olyckor och kriser.",
    "Följ kommunens webbplats och Sveriges Radio P4 för aktuell information.",
    "Håll kontakt med dina grannar och säg till om du ska vara bortrest.",
    "Lämna aldrig ut bankkoder, BankID eller lösenord till någon som kontaktar dig.",
    "Ha vatten, mat, värme och en batteriradio hemma för minst en vecka.",
    "Undvik onödiga resor tills läget har stabiliserats.",
    "Kontakta fältassistenterna om du är orolig för ett barn eller en ungdom.",
    "Ta med dig en reflex eller lampa när du rör dig ute efter mörkrets inbrott.",
]
STEPS = [
    "Se till att du och dina närmaste är i säkerhet.",
    "Ring rätt nummer: 112 vid fara, annars 114 14.",
    "Beskriv vad som har hänt, var och när.",
    "Spara bilder, meddelanden och kvitton som kan vara till hjälp.",
    "Berätta för kommunens kontaktcenter om du behöver stöd efteråt.",
]
HEADINGS = ["Bakgrund", "Aktuellt läge", "Det här gör kommunen", "Vad händer nu?",
            "Frågor och svar", "Uppföljning", "Samarbete med andra", "Mer om arbetet"]
TITLES = [
    "Lägesbild vecka {week}: {subject}",
    "Information om {subject} i {place}",
    "Uppdatering om {subject}",
    "Trygghetsrapport för {month} {year}",
    "Viktigt meddelande om {subject} i {place}",
    "{Place}: så arbetar vi med {subject}",
]

_ASCII = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})
_DANGLING = {"i", "om", "och", "for", "med", "av", "pa", "till", "vid"}


def slug_of(text: str, max_length: int = 60) -> str:
    """a-z, 0-9 and single '-' between words, cut at a word boundary, not after a small word."""
    words = re.findall(r"[a-z0-9]+", text.lower().translate(_ASCII))
    kept: list[str] = []
    for word in words:
        if kept and len("-".join([*kept, word])) > max_length:
            break
        kept.append(word)
    while len(kept) > 1 and kept[-1] in _DANGLING:
        kept.pop()
    return "-".join(kept) or "meddelande"


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def stockholm_offset(day: dt.date) -> str:
    """+02:00 in summer time (last Sunday of March to last Sunday of October), else +01:00."""
    def last_sunday(month: int) -> dt.date:
        last = dt.date(day.year, month + 1, 1) - dt.timedelta(days=1)
        return last - dt.timedelta(days=(last.weekday() - 6) % 7)
    return "+02:00" if last_sunday(3) <= day < last_sunday(10) else "+01:00"


def long_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


@dataclass
class Draft:
    """One bulletin's drawn content, rendered to text only at the end."""

    day: dt.date
    time_of_day: str | None
    title: str
    themes: list[Theme]
    people: list[Person]
    guest: tuple[str, str] | None
    summary: str | None
    body: list[str]
    contact: str | None
    identity: str | None
    updated: dt.date | None
    expires: dt.date | None
    name: str = ""
    replaces: Draft | None = None
    replaced: bool = False
    tail: list[str] = field(default_factory=list)
    translation_of: Draft | None = None  # with --translations: the original this one translates
    lang: str | None = None


def draw(rng: random.Random, day: dt.date) -> Draft:
    themes = rng.sample(THEMES, rng.randint(1, 3))
    main, place = themes[0], rng.choice(PLACES)

    def sentence(template: str) -> str:
        return template.format(subject=main.subject, place=place, actor=rng.choice(ACTORS),
                               weekday=rng.choice(WEEKDAYS), count=rng.randint(3, 97))

    def paragraph(count: int) -> str:
        return " ".join(sentence(s) for s in rng.sample(SENTENCES, count))

    title = rng.choice(TITLES).format(week=day.isocalendar().week, subject=main.subject, place=place,
                                      Place=place[0].upper() + place[1:],
                                      month=MONTHS[day.month - 1], year=day.year)
    title = title[0].upper() + title[1:]
    body = [paragraph(rng.randint(2, 4)), "## Det här gör vi",
            f"Kommunen och {rng.choice(ACTORS)} arbetar just nu bland annat med följande:",
            "\n".join("- " + sentence(s) for s in rng.sample(SENTENCES, rng.randint(3, 5)))]
    if rng.random() < 0.1:
        lines = ["| Område | Anmälningar | Jämfört med förra året |", "| --- | ---: | ---: |"]
        lines += [f"| {p} | {rng.randint(0, 80)} | {rng.randint(-50, 50):+d} % |"
                  for p in rng.sample(PLACES, rng.randint(3, 6))]
        body += ["## Siffror för perioden", "\n".join(lines)]
    body += [f"## Råd till dig i {place}",
             "\n".join("- " + a for a in rng.sample(ADVICE, rng.randint(3, 5)))]
    if rng.random() < 0.25:
        steps = STEPS[:rng.randint(3, len(STEPS))]
        body += ["Om något händer:", "\n".join(f"{i}. {s}" for i, s in enumerate(steps, 1))]
    headings = rng.sample(HEADINGS, len(HEADINGS))
    target = rng.randint(360, 750)  # the whole body then stays within 300-900 words
    while len(" ".join(body).split()) < target:
        if headings and rng.random() < 0.5:
            body.append("## " + headings.pop())
        body.append(paragraph(rng.randint(3, 6)))

    people = rng.sample(PEOPLE, rng.randint(1, 3))
    guest = rng.choice(GUESTS) if rng.random() < 0.1 else None
    summary = None
    if rng.random() < 0.8:
        summary = sentence(rng.choice(SENTENCES)) + " Här finns det senaste läget och kommunens råd."
    time_of_day = None
    if rng.random() < 0.15:
        time_of_day = f"{rng.randint(7, 17):02d}:{rng.choice(['00', '15', '30', '45'])}:00"
    contact = f"{main.mailbox}@kommun.example" if rng.random() < 0.4 else None
    identity = str(uuid.UUID(int=rng.getrandbits(128), version=4)) if rng.random() < 0.6 else None
    updated = expires = None
    if rng.random() < 0.2:
        updated = min(day + dt.timedelta(days=rng.randint(1, 40)), LAST_DAY)
        if updated == day:
            updated = None
    if rng.random() < 0.15:
        expires = day + dt.timedelta(days=rng.randint(7, 120))
    return Draft(day, time_of_day, title, themes, people, guest, summary, body, contact,
                 identity, updated, expires)


def link_replacements(rng: random.Random, drafts: list[Draft]) -> None:
    """About one in twelve replaces the newest strictly older bulletin of its main topic not yet replaced."""
    for i, draft in enumerate(drafts):
        if rng.random() >= 0.08:
            continue
        for older in reversed(drafts[max(0, i - 60):i]):
            if older.day < draft.day and not older.replaced and older.themes[0] == draft.themes[0]:
                older.replaced = True
                draft.replaces = older
                draft.tail = [f"Det här meddelandet ersätter [meddelandet från {long_date(older.day)}]"
                              f"({older.name}.md), som inte längre gäller."]
                break


def render(draft: Draft, registers: bool) -> str:
    when = draft.day.isoformat()
    if draft.time_of_day:
        when += f"T{draft.time_of_day}{stockholm_offset(draft.day)}"
    front = ["---", f"title: {quoted(draft.title)}", f"date: {when}"]
    if draft.summary:
        front.append(f"summary: {quoted(draft.summary)}")
    keys = [t.key if registers else t.inline for t in draft.themes]
    if draft.translation_of is None:  # a translation takes its topics from the original
        front.append(f"topics: [{', '.join(keys)}]")
    else:
        front += [f"lang: {draft.lang}", f"translation_of: {draft.translation_of.name}"]
    front.append("signatories:")
    for person in draft.people:
        if registers:
            front.append(f"  - {person.key}")
        else:
            front += [f"  - name: {person.name}", f"    role: {person.role}"]
    if draft.guest:
        front += [f"  - name: {draft.guest[0]}", f"    role: {quoted(draft.guest[1])}"]
    if draft.contact:
        front.append(f"contact: {draft.contact}")
    if draft.updated:
        front.append(f"updated: {draft.updated.isoformat()}")
    if draft.replaces and draft.translation_of is None:
        front.append(f"replaces: {draft.replaces.name}")
    if draft.expires and draft.translation_of is None:
        front.append(f"expires: {draft.expires.isoformat()}")
    if draft.identity:
        front.append(f"id: {draft.identity}")
    main = draft.themes[0]
    ending = ["## Mer information",
              f"Läs mer på [kommunens webbplats](https://kommun.example/trygghet/{main.key}/). "
              f"Har du frågor? Skriv till [{main.mailbox}@kommun.example]"
              f"(mailto:{main.mailbox}@kommun.example)."]
    front += ["---", "", ""]
    return "\n".join(front) + "\n\n".join(draft.tail + draft.body + ending) + "\n"


def topic_register() -> str:
    lines = ["# Ämnen: nyckel -> label (och description)"]
    for theme in THEMES:
        lines += [f"{theme.key}:", f"  label: {quoted(theme.label)}"]
        if theme.description:
            lines.append(f"  description: {quoted(theme.description)}")
    return "\n".join(lines) + "\n"


def signatory_register() -> str:
    lines = ["# Undertecknare: nyckel -> name, role (och email)"]
    for person in PEOPLE:
        lines += [f"{person.key}:", f"  name: {person.name}", f"  role: {quoted(person.role)}"]
        if person.email:
            lines.append(f"  email: {person.email}")
    return "\n".join(lines) + "\n"


def generate(n: int, seed: int) -> list[Draft]:
    rng = random.Random(seed)
    span = (LAST_DAY - FIRST_DAY).days
    days = sorted(FIRST_DAY + dt.timedelta(days=rng.randint(0, span)) for _ in range(n))
    drafts, used = [], set()
    for day in days:
        draft = draw(rng, day)
        base = f"{day.isoformat()}-{slug_of(draft.title)}"
        name, suffix = base, 1
        while name in used:
            suffix += 1
            name = f"{base}-{suffix}"
        used.add(name)
        draft.name = name
        drafts.append(draft)
    link_replacements(rng, drafts)
    return drafts


TRANSLATION_LANGUAGES = ("en", "ar", "fi", "so", "fa")


def make_translations(drafts: list[Draft], share: float) -> None:
    """Make about ``share`` of the drafts translations of an earlier original (one per language of
    it): drafts that neither replace nor are replaced, each translating the newest original before
    it that has a language left."""
    if share <= 0:
        return
    taken: dict[str, int] = {}
    originals: list[Draft] = []
    made = 0
    for index, draft in enumerate(drafts):
        if made < share * (index + 1) and originals and not draft.replaced and draft.replaces is None:
            for original in reversed(originals):
                count = taken.get(original.name, 0)
                if count < len(TRANSLATION_LANGUAGES):
                    draft.translation_of, draft.lang = original, TRANSLATION_LANGUAGES[count]
                    taken[original.name] = count + 1
                    made += 1
                    break
        if draft.translation_of is None:
            originals.append(draft)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", metavar="OUT", type=Path, help="folder to write the bulletins into")
    parser.add_argument("-n", type=int, required=True, help="number of bulletins")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--registers", action="store_true",
                        help="also write topics.yml and signatories.yml and name topics and "
                             "signatories by key")
    parser.add_argument("--translations", type=float, default=0.0, metavar="SHARE",
                        help="make about this share of the bulletins translations (0.2: one in five)")
    args = parser.parse_args()
    if args.n < 0:
        parser.error("-n must be 0 or more")
    args.out.mkdir(parents=True, exist_ok=True)
    drafts = generate(args.n, args.seed)
    make_translations(drafts, args.translations)
    for draft in drafts:
        (args.out / f"{draft.name}.md").write_text(render(draft, args.registers), encoding="utf-8",
                                                   newline="\n")
    if args.registers:
        (args.out / "topics.yml").write_text(topic_register(), encoding="utf-8", newline="\n")
        (args.out / "signatories.yml").write_text(signatory_register(), encoding="utf-8", newline="\n")


if __name__ == "__main__":
    main()
