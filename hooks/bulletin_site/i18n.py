"""Every string the bulletin site adds, in Swedish and English, and localised dates.

A string is looked up by key; ``{name}`` placeholders are filled with
``str.format``. Dates go through Babel so that they read "12 maj 2020" in
Swedish and "May 12, 2020" in English.
"""
from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from babel.dates import format_date

import importlib
import pkgutil

from .strings import alerts as _alerts, cli as _cli, feeds as _feeds, notify as _notify, printing as _printing
from .strings import languages as _languages, residents as _residents, translations as _translations
from .strings import weight as _weight

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
    "err.signatory_not_text": {"sv": "undertecknarens '{part}' ska vara text men är {kind}", "en": "the signatory's '{part}' must be text but is {kind}"},
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
    # ---- setup ----
    "err.pdf_machine": {"sv": "PDF:erna kan inte skapas: den här datorn saknar {missing}",
                        "en": "the PDFs cannot be made: this machine lacks {missing}"},
    "fix.pdf_machine": {"sv": "installera Debianpaketen ({command}; 'make build' gör det åt dig) "
                              "eller stäng av PDF:er med 'pdf: false' under extra.bulletins",
                        "en": "install the Debian packages ({command}; 'make build' does it for you) "
                              "or turn PDFs off with 'pdf: false' under extra.bulletins"},
    # ---- sanitize ----
    "sanitize.element": {"sv": "elementet <{element}> togs bort", "en": "the <{element}> element was removed"},
    "sanitize.fix_element": {"sv": "ta bort <{element}> ur texten; skript, ramar, formulär och stilar publiceras inte (en webbplats kan tillåta vissa element i extra.bulletins.allow_html)", "en": "remove <{element}> from the text; scripts, frames, forms and styles are not published (a site can allow some elements in extra.bulletins.allow_html)"},
    "sanitize.attribute": {"sv": "attributet {attribute} på <{element}> togs bort", "en": "the {attribute} attribute of <{element}> was removed"},
    "sanitize.fix_attribute": {"sv": "ta bort {attribute} ur texten; händelseattribut (on…) och stilar publiceras inte", "en": "remove {attribute} from the text; event handlers (on…) and styles are not published"},
    "sanitize.link": {"sv": "{scheme}:-länken togs bort (texten står kvar)", "en": "the {scheme}: link was removed (its text is kept)"},
    "sanitize.address": {"sv": "{scheme}:-adressen i <{element} {attribute}> togs bort", "en": "the {scheme}: address in <{element} {attribute}> was removed"},
    "sanitize.fix_url": {"sv": "länka bara till http-, https-, mailto- och tel-adresser eller till sidor och bilder på webbplatsen (bilder läggs i docs/)", "en": "link only to http, https, mailto and tel addresses or to pages and images of the site (images go in docs/)"},
    "sanitize.iframe": {"sv": "ramen (<iframe>) från {address} togs bort", "en": "the frame (<iframe>) from {address} was removed"},
    "sanitize.fix_iframe": {"sv": "länka till sidan i stället, eller lägg till {host} i extra.bulletins.allow_iframe_hosts om webbplatsen litar på den (bara https)", "en": "link to the page instead, or add {host} to extra.bulletins.allow_iframe_hosts if the site trusts it (https only)"},
    "sanitize.reserved_id": {"sv": "id '{value}' på <{element}> togs bort: id som börjar med __ hör till sidan runt meddelandet", "en": "the id '{value}' of <{element}> was removed: ids beginning with __ belong to the page around the bulletin"},
    "sanitize.fix_reserved_id": {"sv": "välj ett id utan __ i början", "en": "choose an id that does not begin with __"},
    "sanitize.config.not_mapping": {"sv": "ska vara element med listor av attribut", "en": "must be elements with lists of attributes"},
    "sanitize.config.fix_not_mapping": {"sv": "skriv t.ex. 'allow_html: {{iframe: [src, title, width, height, allowfullscreen]}}'", "en": "write e.g. 'allow_html: {{iframe: [src, title, width, height, allowfullscreen]}}'"},
    "sanitize.config.never_element": {"sv": "'{element}' kan aldrig tillåtas: det kan köra kod, skicka formulär eller ändra sidan runt meddelandet", "en": "'{element}' can never be allowed: it can run code, send forms or change the page around the bulletin"},
    "sanitize.config.fix_never_element": {"sv": "ta bort '{element}' ur allow_html", "en": "remove '{element}' from allow_html"},
    "sanitize.config.unknown_element": {"sv": "'{element}' är inget HTML-element", "en": "'{element}' is not an HTML element"},
    "sanitize.config.fix_unknown_element": {"sv": "skriv elementets namn, t.ex. iframe", "en": "write the element's name, e.g. iframe"},
    "sanitize.config.not_list": {"sv": "attributen för '{element}' ska vara en lista", "en": "the attributes of '{element}' must be a list"},
    "sanitize.config.fix_not_list": {"sv": "skriv t.ex. '{element}: [title]', eller '{element}: []' för elementet utan attribut", "en": "write e.g. '{element}: [title]', or '{element}: []' for the element without attributes"},
    "sanitize.config.never_attribute": {"sv": "attributet '{attribute}' på '{element}' kan aldrig tillåtas: det kan köra kod, styla sidan eller hämta en egen sida", "en": "the attribute '{attribute}' of '{element}' can never be allowed: it can run code, style the page or load a page of its own"},
    "sanitize.config.fix_never_attribute": {"sv": "ta bort '{attribute}' ur listan", "en": "remove '{attribute}' from the list"},
    "sanitize.config.bad_attribute": {"sv": "'{attribute}' (på '{element}') är inget attributnamn", "en": "'{attribute}' (of '{element}') is not an attribute name"},
    "sanitize.config.fix_bad_attribute": {"sv": "skriv attributets namn med a-z, 0-9 och -, t.ex. title", "en": "write the attribute's name in a-z, 0-9 and -, e.g. title"},
    "sanitize.config.hosts_not_list": {"sv": "ska vara en lista med värdnamn", "en": "must be a list of host names"},
    "sanitize.config.fix_hosts_not_list": {"sv": "skriv t.ex. 'allow_iframe_hosts: [www.youtube-nocookie.com]'", "en": "write e.g. 'allow_iframe_hosts: [www.youtube-nocookie.com]'"},
    "sanitize.config.bad_host": {"sv": "'{value}' är inget värdnamn", "en": "'{value}' is not a host name"},
    "sanitize.config.fix_bad_host": {"sv": "skriv bara värdnamnet, utan https:// och sökväg, t.ex. {example}", "en": "write the host name alone, without https:// and path, e.g. {example}"},
    "sanitize.config.hosts_missing": {"sv": "allow_html tillåter src på iframe men ingen värd är tillåten", "en": "allow_html allows src on iframe but no host is allowed"},
    "sanitize.config.fix_hosts_missing": {"sv": "lista värdarna vars ramar får visas, t.ex. 'allow_iframe_hosts: [www.youtube-nocookie.com]'", "en": "list the hosts whose frames may be shown, e.g. 'allow_iframe_hosts: [www.youtube-nocookie.com]'"},
    "sanitize.config.hosts_unused": {"sv": "värdarna används inte: allow_html tillåter inte iframe med src", "en": "the hosts are not used: allow_html does not allow iframe with src"},
    "sanitize.config.fix_hosts_unused": {"sv": "lägg till 'iframe: [src, title]' i allow_html, eller ta bort allow_iframe_hosts", "en": "add 'iframe: [src, title]' to allow_html, or remove allow_iframe_hosts"},
    # ---- rules ----
    "err.control_char": {"sv": "osynligt styrtecken {char} (kolumn {column})", "en": "invisible control character {char} (column {column})"},
    "err.control_chars": {"sv": "osynligt styrtecken {char} (kolumn {column}; {count} gånger i fältet)", "en": "invisible control character {char} (column {column}; {count} times in the field)"},
    "fix.control_char_word": {"sv": "ta bort den osynliga radbrytningen från Word", "en": "remove the invisible line break from Word"},
    "fix.control_char": {"sv": "ta bort tecknet; de flesta redigerare visar det inte, så skriv om texten runt kolumnen", "en": "remove the character; most editors do not show it, so retype the text around that column"},
    "err.yaml_unclosed_quote": {"sv": "citattecknet {quote} som börjar här avslutas aldrig", "en": "the quote {quote} that starts here is never closed"},
    "fix.yaml_unclosed_quote": {"sv": "avsluta texten med {quote} på samma rad", "en": "end the text with {quote} on the same line"},
    "err.yaml_unclosed_bracket": {"sv": "{bracket} som börjar här stängs aldrig", "en": "the {bracket} that starts here is never closed"},
    "fix.yaml_unclosed_bracket": {"sv": "avsluta med {closing} på samma rad", "en": "close it with {closing} on the same line"},
    "err.yaml_colon": {"sv": "kolon följt av mellanslag i en text utan citattecken", "en": "a colon followed by a space in text without quotes"},
    "fix.yaml_colon": {"sv": "sätt texten inom citattecken: {suggestion}", "en": "put the text in quotes: {suggestion}"},
    "err.yaml_indent": {"sv": "raden är indragen fel jämfört med raderna ovanför", "en": "the line is indented wrongly compared with the lines above"},
    "fix.yaml_indent": {"sv": "börja fälten längst till vänster och rada upp listpunkter (-) och deras name/role med samma antal mellanslag", "en": "start the fields at the left margin and line up list items (-) and their name/role with the same number of spaces"},
    "err.yaml_escape": {"sv": "okänd kod efter \\ i en text inom dubbla citattecken", "en": "an unknown code after \\ in text in double quotes"},
    "fix.yaml_escape": {"sv": "använd enkla citattecken ('…') runt texten, eller skriv \\\\ för ett \\", "en": "put the text in single quotes ('…'), or write \\\\ for one \\"},
    "err.yaml_reserved": {"sv": "texten börjar med {char}, som inte får stå först utan citattecken", "en": "the text starts with {char}, which cannot come first without quotes"},
    "fix.yaml_reserved": {"sv": "sätt texten inom citattecken", "en": "put the text in quotes"},
    "err.yaml_tab": {"sv": "tabbtecken i indraget", "en": "a tab in the indentation"},
    "fix.yaml_tab": {"sv": "dra in med mellanslag i stället för tabb", "en": "indent with spaces instead of tabs"},
    "err.yaml_alias": {"sv": "ett YAML-alias (*namn) används", "en": "a YAML alias (*name) is used"},
    "fix.yaml_alias": {"sv": "skriv ut värdet i stället för att hänvisa till ett &ankare", "en": "write the value out instead of referring to an &anchor"},
    "err.yaml_deep": {"sv": "värdet är nästlat djupare än {limit} nivåer", "en": "the value is nested deeper than {limit} levels"},
    "fix.yaml_deep": {"sv": "skriv värdet som tabellen över fält visar (listor med text, eller name och role)", "en": "write the value as the table of fields shows (lists of text, or name and role)"},
    "err.duplicate_key": {"sv": "'{key}' står två gånger (också på rad {other})", "en": "'{key}' is written twice (also on line {other})"},
    "fix.duplicate_key": {"sv": "ta bort det ena", "en": "remove one of them"},
    "err.duplicate_entry": {"sv": "posten finns två gånger (också på rad {other}); bara en kan gälla", "en": "the entry appears twice (also on line {other}); only one can apply"},
    "fix.duplicate_entry": {"sv": "slå ihop posterna till en, eller ge den ena en egen nyckel", "en": "merge the entries into one, or give one a key of its own"},
    "err.not_readable": {"sv": "värdet '{value}' kan inte läsas", "en": "the value '{value}' cannot be read"},
    "fix.not_readable": {"sv": "sätt värdet inom citattecken", "en": "put the value in quotes"},
    "err.register_not_text": {"sv": "'{part}' i posten '{key}' ska vara text men är {kind}", "en": "'{part}' of the entry '{key}' must be text but is {kind}"},
    "err.date_range": {"sv": "året i '{value}' ligger utanför 1900–2999", "en": "the year of '{value}' is outside 1900–2999"},
    "fix.date_range": {"sv": "menade du {suggestion}? Skriv året med fyra siffror", "en": "did you mean {suggestion}? Write the year with four digits"},
    "err.reserved_slug": {"sv": "filnamnet '{name}' är reserverat: sidan skulle hamna på bulletins/ i stället för på en egen adress", "en": "the file name '{name}' is reserved: the page would be published at bulletins/ instead of an address of its own"},
    "fix.reserved_slug": {"sv": "byt namn på filen till datum och rubrik, t.ex. '2020-05-12-lagesbild.md'", "en": "rename the file to its date and title, e.g. '2020-05-12-lagesbild.md'"},
    "err.reserved_alias": {"sv": "'{value}' är reserverat och kan inte vara ett alias", "en": "'{value}' is reserved and cannot be an alias"},
    "fix.reserved_alias": {"sv": "ta bort aliaset", "en": "remove the alias"},
    "err.replaces_cycle": {"sv": "replaces går runt i en cirkel: {chain}", "en": "replaces goes round in a circle: {chain}"},
    "fix.replaces_cycle": {"sv": "ta bort replaces från det äldsta meddelandet i kedjan", "en": "remove replaces from the oldest bulletin of the chain"},
    "err.replaces_newer": {"sv": "'{value}' ({date}) är nyare än det här meddelandet ({own})", "en": "'{value}' ({date}) is newer than this bulletin ({own})"},
    "fix.replaces_newer": {"sv": "ett meddelande kan bara ersätta ett äldre; skriv 'replaces: {slug}' i {other} i stället", "en": "a bulletin can only replace an older one; write 'replaces: {slug}' in {other} instead"},
    "err.symlink_outside": {"sv": "är en symbolisk länk till {target}, utanför projektet", "en": "is a symbolic link to {target}, outside the project"},
    "fix.symlink_outside": {"sv": "kopiera in filen eller mappen i projektet i stället för att länka till den", "en": "copy the file or folder into the project instead of linking to it"},
    "err.address_collision": {"sv": "sidan får adressen {url}, som meddelandena redan använder", "en": "the page gets the address {url}, which the bulletins already use"},
    "err.alias_slug_taken": {"sv": "adressen '{value}' är redan ett alias för {other}", "en": "the address '{value}' is already an alias of {other}"},
    "fix.alias_slug_taken": {"sv": "välj en annan rubrik eller ett annat datum", "en": "choose another title or date"},
    "err.bad_size": {"sv": "'{value}' ska vara ett heltal, 1 eller mer", "en": "'{value}' must be a whole number, 1 or more"},
    "fix.bad_size": {"sv": "skriv t.ex. '{name}: {default}' under extra.bulletins i mkdocs.yml", "en": "write e.g. '{name}: {default}' under extra.bulletins in mkdocs.yml"},
    "err.bad_epoch": {"sv": "'{value}' är ingen tidpunkt", "en": "'{value}' is not a point in time"},
    "fix.bad_epoch": {"sv": "ange sekunder sedan 1970-01-01 UTC som ett heltal (t.ex. 1700000000), eller ta bort variabeln", "en": "give the seconds since 1970-01-01 UTC as a whole number (e.g. 1700000000), or unset the variable"},
    "cli.import_binary": {"sv": "{name}: filen ser inte ut att vara text (den innehåller binära data) — spara den som .txt från Word, eller importera PDF-filen", "en": "{name}: the file does not look like text (it holds binary data) — save it as .txt from Word, or import the PDF"},
    "cli.import_bad_pdf": {"sv": "{name}: PDF-filen är tom eller trasig och kan inte läsas — exportera den på nytt, eller importera texten som .txt", "en": "{name}: the PDF is empty or damaged and cannot be read — export it again, or import the text as .txt"},
    "cli.import_no_text": {"sv": "{name}: filen innehåller ingen text (en inskannad PDF har bara bilder) — skriv meddelandet med 'bulletins new'", "en": "{name}: the file holds no text (a scanned PDF holds only images) — write the bulletin with 'bulletins new'"},
    "err.bad_timezone": {"sv": "'{value}' är ingen tidszon", "en": "'{value}' is not a time zone"},
    "fix.bad_timezone": {"sv": "ange ett namn som Europe/Stockholm", "en": "use a name such as Europe/Stockholm"},
    "err.bad_pdf": {"sv": "'{value}' är inget av true, false och auto", "en": "'{value}' is none of true, false and auto"},
    "fix.bad_pdf": {"sv": "skriv 'pdf: auto' (PDF:er i mkdocs build, inte i mkdocs serve), 'pdf: true' eller 'pdf: false'", "en": "write 'pdf: auto' (PDFs in mkdocs build, not in mkdocs serve), 'pdf: true' or 'pdf: false'"},
    "kind.set": {"sv": "en mängd", "en": "a set"},
    "kind.bytes": {"sv": "binära data", "en": "binary data"},
    "cli.note_controls": {"sv": "- {count} osynliga styrtecken togs bort ur texten", "en": "- {count} invisible control characters were removed from the text"},
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
    "err.worker_lost": {"sv": "en av byggets arbetsprocesser (utskriftssidor, flöden, PDF:er) avslutades oväntat ({detail})",
                        "en": "a worker process of the build (print pages, feeds, PDFs) stopped unexpectedly ({detail})"},
    "fix.worker_lost": {"sv": "bygg igen; händer det igen, sätt 'concurrency: 0' under extra.bulletins",
                        "en": "build again; if it happens again, set 'concurrency: 0' under extra.bulletins"},
}


def _merge(area: str, strings: dict[str, dict[str, str]]) -> None:
    """Add one area's table to STRINGS; a key twice or a language missing is a programming error."""
    for key, texts in strings.items():
        missing = [lang for lang in LANGUAGES if lang not in texts]
        if missing or key in STRINGS:
            raise ValueError(f"string {key!r} of strings/{area}.py: missing {missing} or defined twice")
        STRINGS[key] = texts


# The areas' own tables, so that STRINGS is complete whichever module is imported first.
for _area in (_alerts, _cli, _feeds, _notify, _printing, _residents, _translations, _weight):
    _merge(_area.__name__.rsplit(".", 1)[-1], _area.STRINGS)

# Words in more languages (strings/languages/<lang>.py): lang -> key -> text; English for the rest.
MORE_LANGUAGES: dict[str, dict[str, str]] = {}
for _module in pkgutil.iter_modules(_languages.__path__):
    _table = importlib.import_module(f"{_languages.__name__}.{_module.name}").STRINGS
    _unknown = sorted(set(_table) - set(STRINGS))
    if _unknown:
        raise ValueError(f"strings/languages/{_module.name}.py: keys that no table has: {_unknown}")
    MORE_LANGUAGES[_module.name] = _table

# The keys of a bulletin's own page and print page: what a language's file needs for a bulletin in
# that language to be shown in it throughout (``tests/test_strings.py`` checks the shipped files).
BULLETIN_KEYS = tuple(sorted(
    key for key in STRINGS
    if key.startswith(("bulletin.", "banner.", "print.", "lang.")) and key not in
    ("print.qr_cache_discarded", "lang.card_versions")))


class Translator:
    """Strings and dates in one of LANGUAGES (anything else falls back to English)."""

    def __init__(self, language: str):
        lang = (language or "sv").split("-")[0].split("_")[0].lower()
        self.language = lang if lang in LANGUAGES or lang in MORE_LANGUAGES else "en"
        self._more = MORE_LANGUAGES.get(self.language, {})

    def __call__(self, key: str, /, **values: object) -> str:
        texts = STRINGS[key]
        text = self._more.get(key) or texts.get(self.language) or texts["en"]
        return text.format(**values) if values else text

    def kind(self, value: object) -> str:
        key = f"kind.{type(value).__name__}"
        return self(key) if key in STRINGS else type(value).__name__

    def date(self, value: date | datetime) -> str:
        return _format_date(value.date() if isinstance(value, datetime) else value, self.language)

    def count(self, count: int) -> str:
        return self("topic.count_one") if count == 1 else self("topic.count", count=count)


@lru_cache(maxsize=64)
def translator(language: str) -> Translator:
    """The (shared) Translator of a language: a bulletin's page and print page speak its own."""
    return Translator(language)


@lru_cache(maxsize=8192)
def _format_date(value: date, language: str) -> str:
    return format_date(value, format="long", locale=language)
