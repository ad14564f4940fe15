"""The staff tools' strings (``cli.py``: argparse's words, help, messages, status)."""
STRINGS: dict[str, dict[str, str]] = {
    # argparse's own words
    "cli.usage": {"sv": "användning: ", "en": "usage: "},
    "cli.positionals": {"sv": "argument", "en": "positional arguments"},
    "cli.options": {"sv": "flaggor", "en": "options"},
    "cli.commands": {"sv": "kommandon", "en": "commands"},
    "cli.help": {"sv": "visa den här hjälpen och avsluta", "en": "show this help message and exit"},
    "cli.mv_title": {"sv": "RUBRIK", "en": "TITLE"},
    "cli.mv_topic": {"sv": "ÄMNE", "en": "TOPIC"},
    "cli.mv_signatory": {"sv": "UNDERTECKNARE", "en": "SIGNATORY"},
    "cli.mv_date": {"sv": "ÅÅÅÅ-MM-DD", "en": "YYYY-MM-DD"},
    "cli.mv_email": {"sv": "E-POST", "en": "EMAIL"},
    "cli.mv_file": {"sv": "FIL", "en": "FILE"},
    "cli.error": {"sv": "{prog}: fel: {message}", "en": "{prog}: error: {message}"},
    # the program and its options
    "cli.description": {
        "sv": "Verktyg för att skriva trygghetsmeddelanden: skapa, kontrollera, se status och importera. "
              "Reglerna är desamma som i bygget av webbplatsen.",
        "en": "Tools for writing public safety bulletins: create, check, see the status and import. "
              "The rules are the same as in the build of the site."},
    "cli.opt_lang": {"sv": "språk för hjälp och meddelanden: sv eller en (standard: webbplatsens språk i mkdocs.yml)",
                     "en": "language of help and messages: sv or en (default: the site's language in mkdocs.yml)"},
    "cli.opt_config": {"sv": "sökväg till mkdocs.yml (standard: den närmaste i den här mappen eller ovanför)",
                       "en": "path of mkdocs.yml (default: the nearest in this folder or above)"},
    "cli.new": {"sv": "skapa ett nytt meddelande (ett utkast) från en mall",
                "en": "create a new bulletin (a draft) from a template"},
    "cli.new_description": {
        "sv": "Skriver bulletins/<datum>-<slug>.md med ett nytt id, draft: true och en mall för texten, "
              "och skriver ut sökvägen. Ämnen och undertecknare kontrolleras mot registren. "
              "En befintlig fil skrivs aldrig över.",
        "en": "Writes bulletins/<date>-<slug>.md with a fresh id, draft: true and a template for the text, "
              "and prints its path. Topics and signatories are checked against the registers. "
              "An existing file is never overwritten."},
    "cli.arg_title": {"sv": "meddelandets rubrik", "en": "the bulletin's title"},
    "cli.opt_topic": {"sv": "ämne: en nyckel i bulletins/topics.yml (flaggan kan upprepas)",
                      "en": "topic: a key of bulletins/topics.yml (repeat the option for more)"},
    "cli.opt_signatory": {
        "sv": "undertecknare: en nyckel i bulletins/signatories.yml eller \"Namn, roll\" (flaggan kan upprepas)",
        "en": "signatory: a key of bulletins/signatories.yml or \"Name, role\" (repeat the option for more)"},
    "cli.opt_date": {"sv": "datum ÅÅÅÅ-MM-DD (standard: i dag i webbplatsens tidszon)",
                     "en": "date YYYY-MM-DD (default: today in the site's time zone)"},
    "cli.opt_contact": {"sv": "e-postadress för frågor", "en": "e-mail address for questions"},
    "cli.check": {"sv": "kontrollera meddelandena med byggets regler, utan att bygga",
                  "en": "check the bulletins with the build's rules, without building"},
    "cli.check_description": {
        "sv": "Läser alla meddelanden och register som bygget gör och rapporterar varje problem med fil, rad, "
              "fält och åtgärd. Med FILER rapporteras bara problem i de filerna (alla läses ändå, eftersom "
              "vissa regler gäller mellan filer). Slutstatus 0 utan problem, annars 1.",
        "en": "Reads every bulletin and register as the build does and reports every problem with file, line, "
              "field and fix. With FILES only the problems of those files are reported (all are still read, "
              "since some rules span files). Exit status 0 without problems, else 1."},
    "cli.arg_files": {"sv": "filer att rapportera om (standard: alla)", "en": "files to report on (default: all)"},
    "cli.opt_format": {
        "sv": "format: text (som bygget), github (anteckningar i GitHub Actions), gitlab (Code Quality-rapport) "
              "eller json",
        "en": "format: text (as the build), github (GitHub Actions annotations), gitlab (Code Quality report) "
              "or json"},
    "cli.status": {"sv": "visa vad nästa bygge publicerar och vad det inte publicerar",
                   "en": "show what the next build publishes and what it does not"},
    "cli.status_description": {
        "sv": "Utkast och schemalagda meddelanden (publiceras inte), inaktuella och ersatta (publiceras med "
              "en banner). Klockan är byggets: SOURCE_DATE_EPOCH om den är satt, annars nu.",
        "en": "Drafts and scheduled bulletins (not published), expired and replaced ones (published with a "
              "banner). The clock is the build's: SOURCE_DATE_EPOCH when set, else now."},
    "cli.opt_json": {"sv": "skriv JSON i stället för en tabell", "en": "write JSON instead of a table"},
    "cli.import": {"sv": "gör ett utkast av ett gammalt meddelande (.txt eller .pdf)",
                   "en": "turn a legacy bulletin (.txt or .pdf) into a draft"},
    "cli.import_description": {
        "sv": "Hittar rubrik, mellanrubriker, punktlistor, undertecknare (efter \"Med vänliga hälsningar\") "
              "och kontaktadress, fogar ihop avstavade ord och skriver ett utkast i bulletins/. Det som behöver "
              "kontrolleras står i en kommentar överst i filen.",
        "en": "Finds the title, headings, bullet lists, signatories (after \"Kind regards\") and contact "
              "address, joins hyphenated words and writes a draft in bulletins/. What needs checking is listed "
              "in a comment at the top of the file."},
    "cli.arg_file": {"sv": "den gamla filen (.txt eller .pdf)", "en": "the legacy file (.txt or .pdf)"},
    "cli.opt_title": {"sv": "rubrik (standard: den första rubriken i texten)",
                      "en": "title (default: the first heading of the text)"},
    # messages
    "cli.no_config": {"sv": "hittar ingen mkdocs.yml i {folder} eller ovanför — kör kommandot i webbplatsens mapp "
                            "eller ange -f mkdocs.yml",
                      "en": "no mkdocs.yml in {folder} or above — run the command in the site's folder or give "
                            "-f mkdocs.yml"},
    "cli.bad_config": {"sv": "{path}: kan inte läsas: {detail}", "en": "{path}: cannot be read: {detail}"},
    "cli.bad_date": {"sv": "'{value}' är inte ett datum — skriv ÅÅÅÅ-MM-DD, t.ex. 2020-05-12",
                     "en": "'{value}' is not a date — write YYYY-MM-DD, e.g. 2020-05-12"},
    "cli.need_topic": {"sv": "ange minst ett ämne med --topic; ämnen i {register}: {keys}",
                       "en": "give at least one topic with --topic; topics in {register}: {keys}"},
    "cli.exists": {"sv": "{path} finns redan — inget skrevs; välj en annan rubrik eller ett annat datum",
                   "en": "{path} already exists — nothing was written; choose another title or date"},
    "cli.not_written": {"sv": "{count} problem; inget skrevs:", "en": "{count} problem(s); nothing was written:"},
    "cli.check_ok": {"sv": "{count} meddelanden kontrollerade: inga problem.",
                     "en": "{count} bulletins checked: no problems."},
    "cli.check_failed": {"sv": "{count} problem i meddelandena.", "en": "{count} problem(s) in the bulletins."},
    "cli.default_topic": {"sv": "allmänt", "en": "general"},
    "cli.placeholder_name": {"sv": "Förnamn Efternamn", "en": "First Last"},
    "cli.placeholder_role": {"sv": "roll", "en": "role"},
    "cli.note_new": {"sv": "Utkast från 'bulletins new'. Skriv texten; ta bort 'draft: true' när meddelandet ska publiceras.",
                     "en": "Draft from 'bulletins new'. Write the text; remove 'draft: true' when the bulletin is to be published."},
    "cli.note_topic": {"sv": "- topics: '{value}' är en platshållare; ange meddelandets ämnen",
                       "en": "- topics: '{value}' is a placeholder; give the bulletin's topics"},
    "cli.note_signatory": {"sv": "- signatories: en platshållare; ange den eller de som undertecknar",
                           "en": "- signatories: a placeholder; give who signs the bulletin"},
    "cli.template": {
        "sv": "Skriv en inledning: vad har hänt, vem berörs och vad betyder det för invånarna?\n\n"
              "## Bakgrund\n\nBeskriv läget och vad som är känt just nu.\n\n"
              "## Det här gör kommunen\n\n- Första åtgärden\n- Andra åtgärden\n\n"
              "## Det här kan du göra\n\n- Första rådet\n- Andra rådet\n\n"
              "## Mer information\n\nBerätta var invånarna hittar mer information och när meddelandet uppdateras.",
        "en": "Write an introduction: what has happened, who is affected and what it means for residents?\n\n"
              "## Background\n\nDescribe the situation and what is known right now.\n\n"
              "## What the municipality does\n\n- First measure\n- Second measure\n\n"
              "## What you can do\n\n- First advice\n- Second advice\n\n"
              "## More information\n\nSay where residents find more information and when this bulletin is updated."},
    "cli.note_import": {"sv": "Importerad från {name}. Kontrollera innan du tar bort 'draft: true':",
                        "en": "Imported from {name}. Check before you remove 'draft: true':"},
    "cli.note_date": {"sv": "- date: satt till {value}; ange meddelandets datum",
                      "en": "- date: set to {value}; give the bulletin's date"},
    "cli.note_title": {"sv": "- title: ingen rubrik hittades; skriv en", "en": "- title: no heading found; write one"},
    "cli.note_unplaced": {"sv": "- står kvar i texten men kunde inte placeras: {value}",
                          "en": "- kept in the text but could not be placed: {value}"},
    "cli.note_dropped": {"sv": "- sidnummer borttagna: {value}", "en": "- page numbers removed: {value}"},
    "cli.note_structure": {"sv": "- jämför rubriker, stycken och listor med originalet",
                           "en": "- compare headings, paragraphs and lists with the original"},
    "cli.import_kind": {"sv": "{name}: bara .txt och .pdf kan importeras",
                        "en": "{name}: only .txt and .pdf can be imported"},
    "cli.import_no_pdf": {"sv": "för att läsa PDF behövs pypdf eller pdftotext (poppler-utils)",
                          "en": "reading a PDF needs pypdf or pdftotext (poppler-utils)"},
    "cli.import_missing": {"sv": "{path}: filen finns inte", "en": "{path}: no such file"},
    # status
    "cli.status_not_published": {"sv": "Publiceras inte i nästa bygge:", "en": "Not published by the next build:"},
    "cli.status_banner": {"sv": "Publiceras med en banner:", "en": "Published with a banner:"},
    "cli.status_summary": {"sv": "Publiceras i nästa bygge: {count} ({banner} med banner). Publiceras inte: {hidden}.",
                           "en": "Published by the next build: {count} ({banner} with a banner). "
                                 "Not published: {hidden}."},
    "cli.status_problems": {"sv": "{count} problem: nästa bygge misslyckas och publicerar ingenting — kör "
                                  "'bulletins check'.",
                            "en": "{count} problem(s): the next build fails and publishes nothing — run "
                                  "'bulletins check'."},
    "cli.status_scheduled_on": {"sv": "publiceras {date}", "en": "published on {date}"},
    "cli.status_expired_on": {"sv": "gällde till och med {date}", "en": "valid until {date}"},
    "cli.status_replaced_by": {"sv": "ersatt av {slug}", "en": "replaced by {slug}"},
    "cli.status_nothing": {"sv": "(inga)", "en": "(none)"},
}
