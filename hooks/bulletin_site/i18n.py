"""Every string the bulletin site adds, in Swedish and English, and localised dates.

A string is looked up by key; ``{name}`` placeholders are filled with
``str.format``. Dates go through Babel so that they read "12 maj 2020" in
Swedish and "May 12, 2020" in English.
"""
from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from babel.dates import format_date

LANGUAGES = ("sv", "en")

STRINGS: dict[str, dict[str, str]] = {
    # ---- pages -------------------------------------------------------------
    "home.latest": {"sv": "Senaste meddelandena", "en": "Latest bulletins"},
    "home.archive_link": {"sv": "Alla meddelanden i arkivet", "en": "All bulletins in the archive"},
    "home.empty": {"sv": "Inga meddelanden är publicerade ännu.", "en": "No bulletins have been published yet."},
    "topics.title": {"sv": "Ämnen", "en": "Topics"},
    "topics.intro": {"sv": "Meddelandena sorterade efter ämne.", "en": "The bulletins by topic."},
    "topic.count": {"sv": "{count} meddelanden", "en": "{count} bulletins"},
    "topic.count_one": {"sv": "1 meddelande", "en": "1 bulletin"},
    "archive.title": {"sv": "Arkiv", "en": "Archive"},
    "archive.intro": {"sv": "Alla meddelanden, år för år.", "en": "All bulletins, year by year."},
    "archive.year_title": {"sv": "Meddelanden {year}", "en": "Bulletins {year}"},
    "pagination.label": {"sv": "Sidor", "en": "Pages"},
    "pagination.page_title": {"sv": "{title} – sida {page} av {pages}", "en": "{title} – page {page} of {pages}"},
    "pagination.newer": {"sv": "Nyare", "en": "Newer"},
    "pagination.older": {"sv": "Äldre", "en": "Older"},
    "pagination.page": {"sv": "Sida {page}", "en": "Page {page}"},
    "bulletin.published": {"sv": "Publicerad", "en": "Published"},
    "bulletin.updated": {"sv": "Uppdaterad", "en": "Updated"},
    "bulletin.updated_on": {"sv": "Uppdaterad {date}", "en": "Updated {date}"},
    "bulletin.topics": {"sv": "Ämnen", "en": "Topics"},
    "bulletin.regards": {"sv": "Med vänliga hälsningar", "en": "Kind regards"},
    "bulletin.signatories": {"sv": "Undertecknat av", "en": "Signed by"},
    "bulletin.contact": {"sv": "Kontakt", "en": "Contact"},
    "bulletin.contact_text": {"sv": "Frågor om meddelandet:", "en": "Questions about this bulletin:"},
    "bulletin.print": {"sv": "Utskriftsvänlig version", "en": "Printable version"},
    "bulletin.pdf": {"sv": "Ladda ner som PDF", "en": "Download as PDF"},
    "bulletin.actions": {"sv": "Skriv ut eller spara", "en": "Print or save"},
    "banner.replaces_title": {"sv": "Ersätter ett tidigare meddelande", "en": "Replaces an earlier bulletin"},
    "banner.replaces": {"sv": "Det här meddelandet ersätter", "en": "This bulletin replaces"},
    "banner.replaced_title": {"sv": "Ersatt av ett nyare meddelande", "en": "Replaced by a newer bulletin"},
    "banner.replaced": {"sv": "Det här meddelandet gäller inte längre. Läs i stället", "en": "This bulletin is no longer current. Read instead"},
    "banner.expired_title": {"sv": "Inte längre aktuellt", "en": "No longer current"},
    "banner.expired": {"sv": "Informationen gällde till och med {date} och är inte längre aktuell.", "en": "This information was valid until {date} and is no longer current."},
    "banner.expires": {"sv": "Gäller till och med {date}.", "en": "Valid until {date}."},
    "banner.draft_title": {"sv": "Utkast", "en": "Draft"},
    "banner.draft": {"sv": "Det här är ett utkast. Det visas bara i förhandsgranskningen och publiceras inte.", "en": "This is a draft. It shows only in the preview and is not published."},
    "banner.scheduled_title": {"sv": "Schemalagt", "en": "Scheduled"},
    "banner.scheduled": {"sv": "Publiceras {date}. Det visas bara i förhandsgranskningen tills dess.", "en": "To be published on {date}. Until then it shows only in the preview."},
    "status.draft": {"sv": "Utkast", "en": "Draft"},
    "status.scheduled": {"sv": "Schemalagt", "en": "Scheduled"},
    "status.expired": {"sv": "Inte längre aktuellt", "en": "No longer current"},
    "status.replaced": {"sv": "Ersatt", "en": "Replaced"},
    # ---- problems: (message, fix) pairs --------------------------------------
    "err.not_utf8": {"sv": "filen är inte UTF-8 (fel byte vid position {position})", "en": "the file is not UTF-8 (bad byte at position {position})"},
    "fix.not_utf8": {"sv": "spara filen som UTF-8 i din editor", "en": "save the file as UTF-8 in your editor"},
    "err.no_front_matter": {"sv": "filen börjar inte med front-matter", "en": "the file does not start with front-matter"},
    "fix.no_front_matter": {"sv": "börja filen med en rad '---', fälten (title, date, topics, signatories) och en rad '---'", "en": "start the file with a line '---', the fields (title, date, topics, signatories) and a line '---'"},
    "err.unclosed_front_matter": {"sv": "front-matter avslutas aldrig", "en": "the front-matter is never closed"},
    "fix.unclosed_front_matter": {"sv": "avsluta fälten med en rad som bara innehåller '---'", "en": "end the fields with a line holding only '---'"},
    "err.yaml": {"sv": "ogiltig YAML: {detail}", "en": "invalid YAML: {detail}"},
    "fix.yaml": {"sv": "rätta raden; sätt text med kolon, # eller citattecken inom citattecken", "en": "correct the line; put text containing a colon, # or quotes in quotes"},
    "err.not_mapping": {"sv": "front-matter är inte en lista med fält", "en": "the front-matter is not a set of fields"},
    "fix.not_mapping": {"sv": "skriv ett fält per rad, som 'title: Rubrik'", "en": "write one field per line, such as 'title: Heading'"},
    "err.bad_slug": {"sv": "filnamnet '{name}' är inte tillåtet (bara a-z, 0-9 och -)", "en": "the file name '{name}' is not allowed (only a-z, 0-9 and -)"},
    "fix.bad_slug": {"sv": "byt namn på filen till '{suggestion}'", "en": "rename the file to '{suggestion}'"},
    "err.unknown_field": {"sv": "okänt fält", "en": "unknown field"},
    "fix.unknown_field": {"sv": "menade du '{suggestion}'? Tillåtna fält: {allowed}", "en": "did you mean '{suggestion}'? Allowed fields: {allowed}"},
    "fix.unknown_field_plain": {"sv": "ta bort det; tillåtna fält: {allowed}", "en": "remove it; allowed fields: {allowed}"},
    "err.duplicate_field": {"sv": "fältet finns två gånger (också på rad {other})", "en": "the field appears twice (also on line {other})"},
    "fix.duplicate_field": {"sv": "ta bort det ena", "en": "remove one of them"},
    "err.missing": {"sv": "obligatoriskt fält saknas", "en": "required field is missing"},
    "fix.missing.title": {"sv": "lägg till 'title: Rubrik' i front-matter", "en": "add 'title: Heading' to the front-matter"},
    "fix.missing.date": {"sv": "lägg till 'date: ÅÅÅÅ-MM-DD' i front-matter", "en": "add 'date: YYYY-MM-DD' to the front-matter"},
    "fix.missing.topics": {"sv": "lägg till 'topics: [ämne]' med minst ett ämne", "en": "add 'topics: [topic]' with at least one topic"},
    "fix.missing.signatories": {"sv": "lägg till 'signatories:' med minst en undertecknare (name och role)", "en": "add 'signatories:' with at least one signatory (name and role)"},
    "err.empty": {"sv": "fältet är tomt", "en": "the field is empty"},
    "fix.empty_text": {"sv": "skriv en text efter kolonet", "en": "write a text after the colon"},
    "fix.empty_list": {"sv": "ange minst ett värde, som [{example}]", "en": "give at least one value, such as [{example}]"},
    "err.not_text": {"sv": "ska vara text men är {kind}", "en": "must be text but is {kind}"},
    "fix.not_text": {"sv": "sätt värdet inom citattecken", "en": "put the value in quotes"},
    "err.not_list": {"sv": "ska vara en lista men är {kind}", "en": "must be a list but is {kind}"},
    "fix.not_list": {"sv": "skriv en lista: [{example}]", "en": "write a list: [{example}]"},
    "err.not_bool": {"sv": "ska vara true eller false men är {value}", "en": "must be true or false but is {value}"},
    "fix.not_bool": {"sv": "skriv 'draft: true' eller ta bort fältet", "en": "write 'draft: true' or remove the field"},
    "err.bad_date": {"sv": "'{value}' är inte ett datum", "en": "'{value}' is not a date"},
    "fix.bad_date": {"sv": "skriv ett datum som finns, ÅÅÅÅ-MM-DD (t.ex. 2020-05-12) eller 2020-05-12T09:00:00+02:00", "en": "write a real date as YYYY-MM-DD (e.g. 2020-05-12) or 2020-05-12T09:00:00+02:00"},
    "err.no_offset": {"sv": "tidpunkten '{value}' saknar tidszon", "en": "the time '{value}' has no time zone"},
    "fix.no_offset": {"sv": "lägg till tidszonen, t.ex. {value}+02:00, eller ange bara datumet", "en": "add the offset, e.g. {value}+02:00, or give the date alone"},
    "err.updated_before_date": {"sv": "{value} är före date ({date})", "en": "{value} is before date ({date})"},
    "fix.updated_before_date": {"sv": "ange ett datum från och med {date}, eller ta bort fältet", "en": "give a date on or after {date}, or remove the field"},
    "err.expires_before_date": {"sv": "{value} är före date ({date})", "en": "{value} is before date ({date})"},
    "fix.expires_before_date": {"sv": "ange ett datum efter {date}, eller ta bort fältet", "en": "give a date after {date}, or remove the field"},
    "err.bad_email": {"sv": "'{value}' är ingen e-postadress", "en": "'{value}' is not an e-mail address"},
    "fix.bad_email": {"sv": "skriv bara adressen, t.ex. kommun@example.se", "en": "write the address alone, e.g. kommun@example.se"},
    "err.bad_ref_slug": {"sv": "'{value}' är ingen giltig slug", "en": "'{value}' is not a valid slug"},
    "fix.bad_ref_slug": {"sv": "ange ett filnamn utan .md, bara a-z, 0-9 och -, t.ex. '{suggestion}'", "en": "give a file name without .md, only a-z, 0-9 and -, e.g. '{suggestion}'"},
    "err.bad_id": {"sv": "'{value}' är inget giltigt id", "en": "'{value}' is not a valid id"},
    "fix.bad_id": {"sv": "använd bara bokstäver a-z, siffror, '-', '.' och ':' (kommandot 'bulletins new' skriver ett)", "en": "use only letters a-z, digits, '-', '.' and ':' (the 'bulletins new' command writes one)"},
    "err.duplicate_item": {"sv": "'{value}' står två gånger", "en": "'{value}' is listed twice"},
    "fix.duplicate_item": {"sv": "ta bort dubbletten", "en": "remove the duplicate"},
    "err.unknown_topic": {"sv": "ämnet '{value}' finns inte i {register}", "en": "the topic '{value}' is not in {register}"},
    "err.unknown_signatory": {"sv": "undertecknaren '{value}' finns inte i {register}", "en": "the signatory '{value}' is not in {register}"},
    "fix.did_you_mean": {"sv": "menade du '{suggestion}'? Annars lägg till den i {register}", "en": "did you mean '{suggestion}'? Otherwise add it to {register}"},
    "fix.add_to_register": {"sv": "lägg till den i {register}", "en": "add it to {register}"},
    "err.no_signatory_register": {"sv": "'{value}' ser ut som en nyckel, men det finns inget undertecknarregister", "en": "'{value}' looks like a key, but there is no signatory register"},
    "fix.no_signatory_register": {"sv": "skriv '- name: Namn' och '  role: Roll', eller skapa {register}", "en": "write '- name: Name' and '  role: Role', or create {register}"},
    "err.bad_signatory": {"sv": "en undertecknare ska vara en nyckel eller name och role, inte {kind}", "en": "a signatory must be a key or a name and role, not {kind}"},
    "fix.bad_signatory": {"sv": "skriv '- name: Namn' med '  role: Roll' på nästa rad", "en": "write '- name: Name' with '  role: Role' on the next line"},
    "err.signatory_missing": {"sv": "undertecknaren saknar {part}", "en": "the signatory has no {part}"},
    "fix.signatory_missing": {"sv": "lägg till '{part}:' under '- name:'", "en": "add '{part}:' below '- name:'"},
    "err.signatory_unknown_part": {"sv": "okänt fält '{part}' hos undertecknaren", "en": "unknown field '{part}' of the signatory"},
    "fix.signatory_unknown_part": {"sv": "använd name, role och email", "en": "use name, role and email"},
    "err.empty_body": {"sv": "meddelandet har ingen text", "en": "the bulletin has no text"},
    "fix.empty_body": {"sv": "skriv texten under front-matter", "en": "write the text below the front-matter"},
    "err.duplicate_slug": {"sv": "samma slug '{value}' som {other}", "en": "same slug '{value}' as {other}"},
    "fix.duplicate_slug": {"sv": "byt namn på en av filerna", "en": "rename one of the files"},
    "err.duplicate_id": {"sv": "samma id som {other}", "en": "same id as {other}"},
    "fix.duplicate_id": {"sv": "ge det här meddelandet ett eget id (eller ta bort fältet)", "en": "give this bulletin an id of its own (or remove the field)"},
    "err.replaces_missing": {"sv": "det finns inget meddelande '{value}'", "en": "there is no bulletin '{value}'"},
    "err.replaces_self": {"sv": "meddelandet kan inte ersätta sig självt", "en": "a bulletin cannot replace itself"},
    "fix.replaces_self": {"sv": "ange det tidigare meddelandets slug", "en": "give the earlier bulletin's slug"},
    "err.replaced_twice": {"sv": "'{value}' ersätts redan av {other}", "en": "'{value}' is already replaced by {other}"},
    "fix.replaced_twice": {"sv": "låt det nyare meddelandet ersätta det senaste i kedjan", "en": "let the newer bulletin replace the latest one in the chain"},
    "err.alias_taken": {"sv": "'{value}' används redan av {other}", "en": "'{value}' is already used by {other}"},
    "fix.alias_taken": {"sv": "ta bort aliaset; två sidor kan inte ha samma adress", "en": "remove the alias; two pages cannot share one address"},
    "err.topic_slug_clash": {"sv": "ämnena '{value}' och '{other}' får samma adress topics/{slug}/", "en": "the topics '{value}' and '{other}' get the same address topics/{slug}/"},
    "fix.topic_slug_clash": {"sv": "använd samma nyckel för båda, eller byt namn på det ena", "en": "use one key for both, or rename one"},
    "err.register_not_mapping": {"sv": "registret ska vara nycklar med fält under", "en": "the register must be keys with fields below them"},
    "fix.register_topics": {"sv": "skriv t.ex. 'covid-19:' och under den '  label: Covid-19'", "en": "write e.g. 'covid-19:' and below it '  label: Covid-19'"},
    "fix.register_signatories": {"sv": "skriv t.ex. 'per-ersgard:' och under den '  name: Per Ersgård' och '  role: kommunpolis'", "en": "write e.g. 'per-ersgard:' and below it '  name: Per Ersgård' and '  role: kommunpolis'"},
    "err.register_entry": {"sv": "posten '{key}' saknar {part}", "en": "the entry '{key}' has no {part}"},
    "fix.register_entry": {"sv": "lägg till '  {part}: …' under '{key}:'", "en": "add '  {part}: …' below '{key}:'"},
    "err.register_unknown_part": {"sv": "okänt fält '{part}' i posten '{key}'", "en": "unknown field '{part}' in the entry '{key}'"},
    "fix.register_unknown_part": {"sv": "använd {allowed}", "en": "use {allowed}"},
    "err.no_site_url": {"sv": "site_url saknas", "en": "site_url is missing"},
    "fix.no_site_url": {"sv": "ange webbplatsens adress i mkdocs.yml, t.ex. 'site_url: https://trygghet.example.se/' (flöden och utskrifter behöver absoluta länkar)", "en": "set the site's address in mkdocs.yml, e.g. 'site_url: https://safety.example.org/' (feeds and printouts need absolute links)"},
    "err.page_collision": {"sv": "sidan '{uri}' skapas av meddelandena men finns redan i docs/", "en": "the page '{uri}' is generated from the bulletins but already exists in docs/"},
    "fix.page_collision": {"sv": "ta bort eller flytta docs/{uri}", "en": "remove or move docs/{uri}"},
    "config.bad_timezone": {"sv": "'{value}' är ingen tidszon; ange ett namn som Europe/Stockholm",
                            "en": "'{value}' is not a time zone; use a name such as Europe/Stockholm"},
    "config.bad_email": {"sv": "'{value}' är ingen e-postadress; skriv den som namn@exempel.se",
                         "en": "'{value}' is not an e-mail address; write it as name@example.se"},
    "config.directory_urls": {"sv": "meddelandena behöver kataloglänkar — ta bort 'use_directory_urls: false'",
                              "en": "bulletins need directory URLs — remove 'use_directory_urls: false'"},
    "err.summary_header": {"sv": "{count} problem i meddelandena; inget publicerades:", "en": "{count} problem(s) in the bulletins; nothing was published:"},
    # kinds of YAML values, for messages
    "kind.str": {"sv": "text", "en": "text"},
    "kind.int": {"sv": "ett tal", "en": "a number"},
    "kind.float": {"sv": "ett tal", "en": "a number"},
    "kind.bool": {"sv": "true/false", "en": "true/false"},
    "kind.list": {"sv": "en lista", "en": "a list"},
    "kind.dict": {"sv": "en samling fält", "en": "a set of fields"},
    "kind.NoneType": {"sv": "tomt", "en": "empty"},
    "kind.date": {"sv": "ett datum", "en": "a date"},
    "kind.datetime": {"sv": "en tidpunkt", "en": "a date-time"},
    "part.name": {"sv": "name", "en": "name"},
    "part.role": {"sv": "role", "en": "role"},
    "part.label": {"sv": "label", "en": "label"},
    # ---- build ----
    "publish.waiting": {"sv": "ett annat bygge av {site} pågår; väntar tills det är klart",
                        "en": "another build of {site} is running; waiting until it is done"},
    "err.publish_prepare": {"sv": "mappen för det nya bygget kan inte skapas bredvid webbplatsen ({detail})",
                            "en": "the folder of the new build cannot be made beside the site ({detail})"},
    "fix.publish_prepare": {"sv": "se till att mappen som site_dir ligger i finns och går att skriva i",
                            "en": "make sure the folder that holds site_dir exists and is writable"},
    "err.publish_swap": {"sv": "det nya bygget kunde inte ersätta den publicerade webbplatsen ({detail}); "
                               "den är oförändrad",
                         "en": "the new build could not replace the published site ({detail}); it is unchanged"},
    "fix.publish_swap": {"sv": "stäng program som har filer i mappen öppna och bygg igen",
                         "en": "close programs that have files in the folder open and build again"},
    "config.bad_concurrency": {"sv": "'{value}' är inget antal processer; ange 0 (allt i byggets egen "
                                     "process) eller fler",
                               "en": "'{value}' is not a number of processes; give 0 (everything in the "
                                     "build's own process) or more"},
    "err.changed_during_build": {"sv": "filen ändrades medan webbplatsen byggdes",
                                 "en": "the file changed while the site was being built"},
    "fix.changed_during_build": {"sv": "spara klart och bygg igen", "en": "finish saving and build again"},
    "err.cache_unwritable": {"sv": "cachemappen {folder} går inte att skriva i ({detail})",
                             "en": "the cache folder {folder} cannot be written ({detail})"},
    "fix.cache_unwritable": {"sv": "gör mappen skrivbar, frigör utrymme eller ange en annan mapp med "
                                   "'pdf_cache:' under extra.bulletins",
                             "en": "make the folder writable, free some space, or set another folder with "
                                   "'pdf_cache:' under extra.bulletins"},
    "err.cache_in_site": {"sv": "PDF-cachen {cache} ligger i webbplatsens mapp {site}: den skulle "
                                "publiceras och tömmas vid varje bygge",
                          "en": "the PDF cache {cache} is inside the site folder {site}: it would be "
                                "published and emptied by every build"},
    "fix.cache_in_site": {"sv": "ange en mapp utanför site_dir, t.ex. pdf_cache: .cache/pdf",
                          "en": "choose a folder outside site_dir, e.g. pdf_cache: .cache/pdf"},
    "print.qr_cache_discarded": {"sv": "QR-kodernas cache {path} hade fel form och kastades; koderna görs om",
                                 "en": "the QR code cache {path} had the wrong shape and was discarded; "
                                       "the codes are made again"},
    "err.pdf_worker_lost": {"sv": "en process som skapade PDF:er avslutades oväntat ({detail})",
                            "en": "a process rendering PDFs stopped unexpectedly ({detail})"},
    "fix.pdf_worker_lost": {"sv": "bygg igen; händer det igen, sätt 'concurrency: 0' under extra.bulletins",
                            "en": "build again; if it happens again, set 'concurrency: 0' under extra.bulletins"},
}


def register(strings: dict[str, dict[str, str]]) -> None:
    """Add a module's own strings (each in every language of LANGUAGES) to the table."""
    for key, texts in strings.items():
        missing = [lang for lang in LANGUAGES if lang not in texts]
        if missing or (key in STRINGS and STRINGS[key] != texts):
            raise ValueError(f"string {key!r}: missing {missing} or defined twice")
        STRINGS[key] = texts


class Translator:
    """Strings and dates in one of LANGUAGES (anything else falls back to English)."""

    def __init__(self, language: str):
        lang = (language or "sv").split("-")[0].split("_")[0].lower()
        self.language = lang if lang in LANGUAGES else "en"

    def __call__(self, key: str, /, **values: object) -> str:
        text = STRINGS[key][self.language]
        return text.format(**values) if values else text

    def kind(self, value: object) -> str:
        key = f"kind.{type(value).__name__}"
        return self(key) if key in STRINGS else type(value).__name__

    def date(self, value: date | datetime) -> str:
        return _format_date(value.date() if isinstance(value, datetime) else value, self.language)

    def count(self, count: int) -> str:
        return self("topic.count_one") if count == 1 else self("topic.count", count=count)


@lru_cache(maxsize=8192)
def _format_date(value: date, language: str) -> str:
    return format_date(value, format="long", locale=language)
