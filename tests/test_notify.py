"""`bulletins notify` against a real SMTP server on localhost (aiosmtpd): each new or updated bulletin
once per topic list, threaded, with a ledger that survives killed runs and refused messages.

The command reads only the index the build publishes (``/bulletins.json``): one test builds a real
site and sends from its index; the others write the index themselves, which also lets them give
bulletins the attributes of the alerts and languages issues (``alert``, ``lang``, ``text_url``)."""
from __future__ import annotations

import asyncio
import email
import email.policy
import json
import os
import signal
import ssl
import subprocess
import sys
import threading
import time
from email.message import EmailMessage
from pathlib import Path

import lxml.html
import pytest
import yaml
from aiosmtpd.controller import Controller
from filelock import FileLock
from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st

from conftest import FIXED_EPOCH, REPO, empty_project, free_port

from bulletin_site import cli, notify
from bulletin_site.project import settings_from_config_file

BEFORE = "1672531200"  # 2023-01-01: when the tests' ledgers start (their bulletins are from May 2023)
SITE = "https://trygghet.example.se/"
DOMAIN = "trygghet.example.se"


# ---------------------------------------------------------------------------
# a real SMTP server


class Recorder:
    """An aiosmtpd handler that keeps what it was sent; it refuses the recipients in ``refuse`` and,
    while ``hold`` is set, keeps each message waiting before accepting it."""

    def __init__(self):
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.raw: list[bytes] = []
        self.encrypted: list[bool] = []  # per message: whether it came over TLS
        self.refuse: set[str] = set()
        self.hold = threading.Event()
        self.held = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        while self.hold.is_set():
            self.held.set()
            await asyncio.sleep(0.05)
        self.raw.append(envelope.original_content or envelope.content)
        self.encrypted.append(session.ssl is not None)
        parsed = email.message_from_bytes(self.raw[-1], policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"

    def ids(self) -> list[str]:
        return [m["Message-ID"] for _, m in self.messages]

    def by_to(self) -> dict[str, EmailMessage]:
        return {rcpt[0]: m for rcpt, m in self.messages}



@pytest.fixture(scope="module")
def server():
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller
    controller.stop()


@pytest.fixture
def smtp(server) -> Recorder:
    recorder = server.handler
    recorder.messages.clear()
    recorder.raw.clear()
    recorder.refuse.clear()
    recorder.hold.clear()
    recorder.held.clear()
    recorder.port = server.port
    return recorder


# ---------------------------------------------------------------------------
# projects, indexes, runs

LISTS = {"brand": "brand@lists.exempelby.se",
         "trafik": {"address": "trafik@lists.exempelby.se", "signup": "https://lists.exempelby.se/trafik/",
                    "languages": {"en": "trafik-en@lists.exempelby.se"}}}


def notify_settings(port: int, lists: dict | None = None) -> dict:
    return {"from": "Exempelby kommun <trygghet@exempelby.se>", "lists": lists or LISTS,
            "smtp": {"host": "127.0.0.1", "port": port, "starttls": False}}


def make_project(root: Path, port: int, lists: dict | None = None):
    project = empty_project(root)
    project.configure(bulletins={"notify": notify_settings(port, lists)})
    return project


@pytest.fixture
def site(tmp_path, server):
    return make_project(tmp_path, server.port)


def record(slug: str, topics=("brand",), *, title: str = "Brandrisk i skogen", version: str = "20230512T080000Z",
           date: str = "2023-05-12T10:00:00+02:00", updated: str | None = None, previous: str | None = None,
           bid: str | None = None, **extra) -> dict:
    """A bulletin as the index holds it (see bulletin_site/index.py)."""
    return {"id": bid or slug, "slug": slug, "version": version, "title": title,
            "summary": "Det råder eldningsförbud.", "excerpt": ["Det råder eldningsförbud i hela kommunen.", "– Grilla inte."],
            "date": date, "updated": updated, "expires": None,
            "topics": [{"key": t, "label": t.capitalize(), "slug": t} for t in topics],
            "signatories": ["Lina Marklund, säkerhetssamordnare"], "url": f"{SITE}bulletins/{slug}/",
            "pdf_url": f"{SITE}bulletins/{slug}/{slug}.pdf", "text_url": None, "lang": "sv",
            "translation_of": None, "easy_read": False, "replaces": None, "previous_version": previous,
            "alert": None, **extra}


def write_index(project, *records: dict) -> Path:
    path = project.root / "site" / "bulletins.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"format": 1, "site_url": SITE, "site_name": "Trygghet i Exempelby",
                                "organisation": "Exempelby kommun", "language": "sv",
                                "bulletins": list(records)}, ensure_ascii=False), encoding="utf-8")
    return path


def run(project, *args: str, epoch: str = FIXED_EPOCH, env: dict | None = None, capsys=None, monkeypatch=None):
    """`bulletins notify` in the project, in this process (``cli.main``); returns (code, out, err)."""
    monkeypatch.chdir(project.root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    for name in ("BULLETINS_SMTP_USER", "BULLETINS_SMTP_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    for name, value in (env or {}).items():
        monkeypatch.setenv(name, value)
    capsys.readouterr()
    code = cli.main(["notify", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def notify_cmd(capsys, monkeypatch):
    def call(project, *args, **kwargs):
        return run(project, *args, capsys=capsys, monkeypatch=monkeypatch, **kwargs)
    return call


def ledger_lines(project) -> list[dict]:
    path = project.root / ".notify" / "ledger.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def started(project, notify_cmd, *records) -> None:
    """A ledger started before the tests' bulletins, holding ``records`` as sent."""
    write_index(project, *records)
    assert notify_cmd(project, "--bootstrap", epoch=BEFORE)[0] == 0


# ---------------------------------------------------------------------------
# the index the build publishes


@pytest.fixture(scope="module")
def built(tmp_path_factory, server):
    project = make_project(tmp_path_factory.mktemp("notify-site"), server.port)
    project.configure(bulletins={"feed_size": 1, "pdf": False, "notify": notify_settings(server.port, {
        **LISTS, "*": {"address": "alla@lists.exempelby.se", "signup": "mailto:alla-join@lists.exempelby.se"}})})
    project.write("bulletins/topics.yml", "brand:\n  label: Brand & <b>rök</b>\ntrafik:\n  label: Trafik\n")
    project.write("docs/prenumerera.md", "# Prenumerera\n\n## Som e-post\n\n{{ email_lists }}\n\nSlut.\n")
    project.bulletin("2023-05-12-brand", title="Brand & rök <i>nu</i>", topics="[brand, trafik]",
                     extra="id: 7f3c-aa\nupdated: 2023-05-14\n")
    project.bulletin("2023-05-10-vag", title="Vägarbete på \"Storgatan\"", date="2023-05-10", topics="[trafik]")
    project.bulletin("2023-05-11-utkast", title="Utkast", date="2023-05-11", extra="draft: true\n")
    project.bulletin("2030-01-01-senare", title="Senare", date="2030-01-01")
    project.build()
    return project


def test_the_build_publishes_every_public_bulletin_in_the_index_beyond_the_feeds_size(built):
    index = json.loads(built.read("bulletins.json"))
    assert [b["slug"] for b in index["bulletins"]] == ["2023-05-12-brand", "2023-05-10-vag"]
    assert len(json.loads(built.read("feed.json"))["items"]) == 1
    first = index["bulletins"][0]
    assert first["title"] == "Brand & rök <i>nu</i>"
    assert (first["id"], first["version"], first["previous_version"]) == ("7f3c-aa", "20230513T220000Z",
                                                                          "20230511T220000Z")
    assert first["topics"] == [{"key": "brand", "label": "Brand & <b>rök</b>", "slug": "brand"},
                               {"key": "trafik", "label": "Trafik", "slug": "trafik"}]
    assert first["signatories"] == ["Lina Marklund, säkerhetssamordnare"]
    assert first["url"] == SITE + "bulletins/2023-05-12-brand/"
    assert first["excerpt"] == ["Det råder eldningsförbud i hela kommunen.", "Råd", "– Grilla inte."]
    assert (first["lang"], first["alert"], first["pdf_url"]) == ("sv", None, None)


def test_no_page_of_the_site_fetches_or_links_the_index(built):
    pages = [p for p in built.site.rglob("*.html")]
    assert pages and not [p for p in pages if "bulletins.json" in p.read_text(encoding="utf-8")]


def test_the_index_is_the_same_bytes_in_a_second_build(built, tmp_path):
    before = (built.site / "bulletins.json").read_bytes()
    built.build(process=True)  # another process: another order of sets and dicts of strings
    assert (built.site / "bulletins.json").read_bytes() == before


def test_the_subscribe_page_lists_each_topics_list_with_its_sign_up_link_and_address(built):
    page = lxml.html.fromstring(built.read("prenumerera/index.html"))
    items = [" ".join(" ".join(item.itertext()).split())
             for item in page.xpath("//ul[@class='bulletin-email-lists'][@data-pagefind-ignore]/li")]
    assert items == ["Alla meddelanden Anmäl dig Utskicken kommer från: alla@lists.exempelby.se",
                     "Brand & <b>rök</b> Utskicken kommer från: brand@lists.exempelby.se",
                     "Trafik Anmäl dig Utskicken kommer från: trafik@lists.exempelby.se "
                     "På engelska: trafik-en@lists.exempelby.se"]
    links = [a.get("href") for a in page.xpath("//ul[@class='bulletin-email-lists'][@data-pagefind-ignore]//a")]
    assert links == ["mailto:alla-join@lists.exempelby.se", "https://lists.exempelby.se/trafik/"]
    assert page.xpath("//ul[@class='bulletin-email-lists'][@data-pagefind-ignore]//b") == []
    search = built.read("search/search_index.json")
    assert "Utskicken kommer från" in built.read("prenumerera/index.html") and "Utskicken" not in search


def test_a_page_asking_for_the_lists_without_any_set_stops_the_build_saying_what_to_set(tmp_path):
    project = empty_project(tmp_path)
    project.write("docs/prenumerera.md", "# Prenumerera\n\n{{ email_lists }}\n")
    result = project.build(check=False)
    assert result.returncode != 0
    assert ("docs/prenumerera.md: extra.bulletins.notify: sidan använder {{ email_lists }} men inga e-postlistor "
            "är angivna — ange listorna under 'extra.bulletins.notify.lists' i mkdocs.yml (se README), eller ta "
            "bort {{ email_lists }} från sidan") in result.stderr


def test_a_bulletins_language_original_and_alert_reach_the_index_as_plain_values():
    from bulletin_site import index
    from bulletin_site.alert import Alert
    from bulletin_site.settings import Settings
    from test_printing_unit import bulletin

    settings = Settings(root=Path("."), source_dir=Path("bulletins"), site_url=SITE)
    later = bulletin("2023-05-12-gas", 12, lang="en", translation_of="2023-05-12-gas-sv",
                     alert=Alert("severe", status="exercise", response=("allclear",)))
    assert index.language_and_alert(later, settings) == {
        "lang": "en", "translation_of": "2023-05-12-gas-sv", "easy_read": False,
        "text_url": SITE + "text/2023-05-12-gas/",
        "alert": {"status": "exercise", "response": ["allclear"], "allclear": True}}
    today = bulletin("2023-05-12-brand", 12)
    assert index.language_and_alert(today, settings) == {
        "lang": "sv", "translation_of": None, "easy_read": False,
        "text_url": SITE + "text/2023-05-12-brand/", "alert": None}


# ---------------------------------------------------------------------------
# sending


def test_the_first_run_sends_each_pending_message_with_its_headers_parts_and_threading(built, smtp, notify_cmd, tmp_path):
    project = make_project(tmp_path, smtp.port)
    started(project, notify_cmd)  # an empty site when the ledger started
    index = str(built.site / "bulletins.json")

    code, out, err = notify_cmd(project, "--index", index)

    assert (code, err) == (0, "")
    assert sorted(rcpt[0] for rcpt, _ in smtp.messages) == ["brand@lists.exempelby.se", "trafik@lists.exempelby.se",
                                                            "trafik@lists.exempelby.se"]
    brand = smtp.by_to()["brand@lists.exempelby.se"]
    assert brand["Subject"] == "Uppdaterad: Brand & rök <i>nu</i>"
    assert brand["From"] == "Exempelby kommun <trygghet@exempelby.se>"
    assert brand["Message-ID"] == f"<7f3c-aa.20230513T220000Z.brand.sv@{DOMAIN}>"
    assert brand["In-Reply-To"] == f"<7f3c-aa.20230511T220000Z.brand.sv@{DOMAIN}>"
    assert brand["References"] == brand["In-Reply-To"]
    assert brand.get_content_type() == "multipart/alternative"
    plain = brand.get_body(("plain",)).get_content()
    html = brand.get_body(("html",)).get_content()
    for part in (plain, html):
        assert SITE + "bulletins/2023-05-12-brand/" in part
        assert "Lina Marklund, säkerhetssamordnare" in part
        assert "Det råder eldningsförbud i hela kommunen." in part
    assert "Brand & rök <i>nu</i>" in plain
    assert "Brand &amp; rök &lt;i&gt;nu&lt;/i&gt;" in html and "<i>" not in html
    assert "<img" not in html and "<link" not in html and "<script" not in html
    new = [m for rcpt, m in smtp.messages if m["Subject"] == 'Vägarbete på "Storgatan"']
    assert len(new) == 1 and new[0]["In-Reply-To"] is None
    assert out.count("skickade <") == 3
    raw = next(r for r in smtp.raw if b"\r\nTo: brand@" in r)
    head, body = raw.split(b"\r\n\r\n", 1)
    assert f"\r\nMessage-ID: <7f3c-aa.20230513T220000Z.brand.sv@{DOMAIN}>\r\n".encode() in head + b"\r\n"
    assert max(len(line) for line in body.split(b"\r\n")) <= 76 and max(raw) < 128  # 7-bit, RFC 2045 lines


def test_a_second_run_sends_nothing(site, smtp, notify_cmd):
    started(site, notify_cmd)
    write_index(site, record("2023-05-12-brand"))
    assert notify_cmd(site)[0] == 0
    assert len(smtp.messages) == 1
    code, out, _ = notify_cmd(site)
    assert (code, out.strip(), len(smtp.messages)) == (0, "inget att skicka", 1)


def test_a_new_bulletin_gives_one_message_per_topic_list_and_one_to_the_list_of_every_bulletin(tmp_path, smtp, notify_cmd):
    project = make_project(tmp_path, smtp.port, {**LISTS, "*": "alla@lists.exempelby.se"})
    old = record("2023-05-01-gammal", version="20230501T080000Z")
    started(project, notify_cmd, old)
    write_index(project, record("2023-05-12-ny", ("brand", "trafik")), old)

    assert notify_cmd(project)[0] == 0

    assert sorted(smtp.by_to()) == ["alla@lists.exempelby.se", "brand@lists.exempelby.se", "trafik@lists.exempelby.se"]
    assert sorted(smtp.ids()) == [f"<2023-05-12-ny.20230512T080000Z.{topic}.sv@{DOMAIN}>"
                                  for topic in ("_all", "brand", "trafik")]


def test_an_update_threads_under_the_message_of_the_first_version(site, smtp, notify_cmd):
    started(site, notify_cmd)
    write_index(site, record("2023-05-12-brand", bid="7f3c"))
    notify_cmd(site)
    write_index(site, record("2023-05-12-brand", bid="7f3c", version="20230514T090000Z",
                             updated="2023-05-14T11:00:00+02:00", previous="20230512T080000Z"))

    assert notify_cmd(site)[0] == 0

    first, update = (m for _, m in smtp.messages)
    assert update["Subject"] == "Uppdaterad: Brandrisk i skogen"
    assert update["Message-ID"] == f"<7f3c.20230514T090000Z.brand.sv@{DOMAIN}>"
    assert update["In-Reply-To"] == first["Message-ID"] == f"<7f3c.20230512T080000Z.brand.sv@{DOMAIN}>"
    assert update["References"] == first["Message-ID"]
    assert "Uppdaterad 14 maj 2023" in update.get_body(("plain",)).get_content()


def test_a_second_update_references_every_earlier_message(site, smtp, notify_cmd):
    started(site, notify_cmd)
    versions = ["20230512T080000Z", "20230514T090000Z", "20230515T090000Z"]
    for number, version in enumerate(versions):
        write_index(site, record("2023-05-12-brand", version=version, previous=versions[0] if number else None,
                                 updated="2023-05-15T11:00:00+02:00" if number else None))
        notify_cmd(site)
    last = smtp.messages[-1][1]
    assert last["In-Reply-To"] == smtp.ids()[1]
    assert last["References"].split() == smtp.ids()[:2]


def test_a_run_killed_after_claiming_a_message_sends_it_again_once_with_the_same_message_id(site, smtp, notify_cmd):
    started(site, notify_cmd)
    write_index(site, record("2023-05-12-brand"))
    smtp.hold.set()  # the server keeps the message waiting: the run is between `claimed` and `sent`
    env = {**os.environ, "PYTHONPATH": str(REPO / "hooks"), "SOURCE_DATE_EPOCH": FIXED_EPOCH}
    child = subprocess.Popen([sys.executable, "-m", "bulletin_site.cli", "notify"], cwd=site.root, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert smtp.held.wait(20), child.stderr.read1() if child.poll() is not None else "no message arrived"
        assert [e["state"] for e in ledger_lines(site)][-1] == "claimed"
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
        child.stderr.close()
        smtp.hold.clear()
    time.sleep(0.2)  # the server ends the session the killed run left (aiosmtpd drops its message)
    assert smtp.messages == []

    code, out, err = notify_cmd(site)

    assert (code, err) == (0, "")
    assert smtp.ids() == [f"<2023-05-12-brand.20230512T080000Z.brand.sv@{DOMAIN}>"]
    assert "(igen, efter en avbruten körning)" in out
    assert notify_cmd(site)[1].strip() == "inget att skicka"
    assert len(smtp.messages) == 1


def test_a_message_claimed_and_never_recorded_sent_goes_again_with_its_message_id_once(site, smtp, notify_cmd):
    started(site, notify_cmd)
    write_index(site, record("2023-05-12-brand"))
    key = "2023-05-12-brand.20230512T080000Z.brand.sv"
    with (site.root / ".notify" / "ledger.jsonl").open("a", encoding="utf-8") as stream:
        stream.write(json.dumps({"state": "claimed", "key": key, "message_id": f"<{key}@{DOMAIN}>",
                                 "thread": "2023-05-12-brand brand sv", "to": "brand@lists.exempelby.se"}) + "\n")

    code, out, _ = notify_cmd(site)

    assert code == 0 and out.strip().endswith("(igen, efter en avbruten körning)")
    assert smtp.ids() == [f"<{key}@{DOMAIN}>"]
    assert notify_cmd(site)[1].strip() == "inget att skicka" and len(smtp.messages) == 1


def test_a_ledger_whose_last_line_a_killed_run_cut_off_is_repaired_and_the_message_sent(site, smtp, notify_cmd):
    started(site, notify_cmd)
    write_index(site, record("2023-05-12-brand"))
    ledger = site.root / ".notify" / "ledger.jsonl"
    with ledger.open("a", encoding="utf-8") as stream:
        stream.write('{"state": "claimed", "key": "2023-05-12-brand.2023')  # no end: the run died writing

    code, out, err = notify_cmd(site)

    assert code == 0
    assert "den sista raden i liggaren skrevs inte klart" in err
    assert len(smtp.messages) == 1
    assert [e["state"] for e in ledger_lines(site)][-2:] == ["claimed", "sent"]


def test_a_broken_line_inside_the_ledger_is_an_error_naming_it_and_nothing_is_sent(site, smtp, notify_cmd):
    started(site, notify_cmd)
    ledger = site.root / ".notify" / "ledger.jsonl"
    ledger.write_text(ledger.read_text(encoding="utf-8") + "not json\n{\"state\": \"sent\", \"key\": \"x\"}\n",
                      encoding="utf-8")
    write_index(site, record("2023-05-12-brand"))

    code, _, err = notify_cmd(site)

    assert code == 1
    assert err.strip() == (".notify/ledger.jsonl:2: raden i liggaren är trasig — återställ filen från "
                           "liggarens gren (git log/git checkout); inget har skickats")
    assert smtp.messages == []


def test_the_server_refusing_a_message_leaves_it_pending_and_the_run_fails_saying_so(site, smtp, notify_cmd):
    started(site, notify_cmd)
    write_index(site, record("2023-05-12-brand", ("brand", "trafik")))
    smtp.refuse.add("brand@lists.exempelby.se")

    code, out, err = notify_cmd(site)

    assert code == 1
    assert err.splitlines() == [
        f"<2023-05-12-brand.20230512T080000Z.brand.sv@{DOMAIN}> till brand@lists.exempelby.se: SMTP-servern tog "
        "inte emot meddelandet (550 5.1.1 <brand@lists.exempelby.se>: mailbox unavailable) — det står kvar att "
        "skicka; rätta orsaken och kör 'bulletins notify' igen",
        "1 meddelande skickades inte och står kvar att skicka"]
    assert list(smtp.by_to()) == ["trafik@lists.exempelby.se"]
    smtp.refuse.clear()
    assert notify_cmd(site)[0] == 0
    assert [rcpt[0] for rcpt, _ in smtp.messages] == ["trafik@lists.exempelby.se", "brand@lists.exempelby.se"]


def test_an_unreachable_server_is_a_clear_error_and_nothing_is_claimed(tmp_path, notify_cmd):
    project = make_project(tmp_path, free_port())
    started(project, notify_cmd)
    write_index(project, record("2023-05-12-brand"))
    before = ledger_lines(project)

    code, _, err = notify_cmd(project)

    assert code == 1 and "SMTP-servern 127.0.0.1:" in err and "går inte att nå" in err
    assert ledger_lines(project) == before


def test_dry_run_prints_what_would_be_sent_and_sends_and_records_nothing(site, smtp, notify_cmd):
    started(site, notify_cmd)
    write_index(site, record("2023-05-12-brand"))
    before = ledger_lines(site)

    code, out, _ = notify_cmd(site, "--dry-run")

    assert code == 0
    assert out.strip() == (f"skulle skicka <2023-05-12-brand.20230512T080000Z.brand.sv@{DOMAIN}> till "
                           "brand@lists.exempelby.se: Brandrisk i skogen")
    assert (smtp.messages, ledger_lines(site)) == ([], before)


def test_bootstrap_records_everything_published_as_sent_and_sends_nothing(site, smtp, notify_cmd):
    write_index(site, record("2023-05-12-brand", ("brand", "trafik")))

    code, out, _ = notify_cmd(site, "--bootstrap")

    assert code == 0 and "förde in 2 meddelanden som skickade i .notify/ledger.jsonl" in out
    assert [e["state"] for e in ledger_lines(site)] == ["start", "sent", "sent"]
    assert notify_cmd(site)[1].strip() == "inget att skicka"
    assert smtp.messages == []


def test_without_a_ledger_the_command_asks_for_bootstrap_and_sends_nothing(site, smtp, notify_cmd):
    write_index(site, record("2023-05-12-brand"))
    code, _, err = notify_cmd(site)
    assert code == 1 and "kör 'bulletins notify --bootstrap' en gång" in err
    assert smtp.messages == []


def test_a_topic_without_a_list_is_an_error_before_anything_is_sent(site, smtp, notify_cmd):
    started(site, notify_cmd)
    write_index(site, record("2023-05-12-brand"), record("2023-05-13-vatten", ("vatten",), version="20230513T080000Z"))

    code, _, err = notify_cmd(site)

    assert code == 1
    assert err.strip() == ("2023-05-13-vatten: ämnet 'vatten' har ingen listadress, så meddelandet kan inte "
                           "skickas — lägg till 'vatten: adress@lists.kommun.se' under "
                           "extra.bulletins.notify.lists i mkdocs.yml (eller en lista '\"*\"' för alla "
                           "meddelanden); inget har skickats")
    assert smtp.messages == []
    assert "claimed" not in [e["state"] for e in ledger_lines(site)]


def test_bulletins_published_before_the_ledger_started_are_not_sent(site, smtp, notify_cmd):
    started(site, notify_cmd)
    write_index(site, record("2022-01-10-gammal", version="20220110T080000Z"), record("2023-05-12-brand"))
    notify_cmd(site)
    assert [m["Subject"] for _, m in smtp.messages] == ["Brandrisk i skogen"]


def test_expired_bulletins_and_exercise_and_test_alerts_are_never_sent(site, smtp, notify_cmd):
    started(site, notify_cmd)
    write_index(site,
                record("2023-05-01-utgangen", expires="2023-06-01T00:00:00+02:00"),
                record("2023-05-02-ovning", alert={"status": "exercise", "response": [], "allclear": False}),
                record("2023-05-03-test", alert={"status": "test", "response": [], "allclear": False}),
                record("2023-05-04-lattlast", easy_read=True, translation_of="2023-05-05-skarpt"),
                record("2023-05-05-skarpt", alert={"status": "actual", "response": ["shelter"], "allclear": False}))
    notify_cmd(site)
    assert [m["Message-ID"].split(".")[0] for _, m in smtp.messages] == ["<2023-05-05-skarpt"]


def test_an_alert_whose_danger_is_over_says_so_first_in_the_subject(site, smtp, notify_cmd):
    started(site, notify_cmd)
    write_index(site, record("2023-05-12-gas", title="Gasläcka vid stationen", previous="20230511T080000Z",
                             alert={"status": "actual", "response": ["allclear"], "allclear": True}))
    notify_cmd(site)
    assert smtp.messages[0][1]["Subject"] == "Faran är över: Gasläcka vid stationen"


def test_the_text_only_version_is_linked_in_both_parts_when_there_is_one(site, smtp, notify_cmd):
    started(site, notify_cmd)
    write_index(site, record("2023-05-12-brand", text_url=SITE + "text/2023-05-12-brand/"))
    notify_cmd(site)
    message = smtp.messages[0][1]
    assert f"Endast text: {SITE}text/2023-05-12-brand/" in message.get_body(("plain",)).get_content()
    assert f'href="{SITE}text/2023-05-12-brand/"' in message.get_body(("html",)).get_content()


def test_a_translation_goes_to_its_languages_list_in_its_language_and_nowhere_without_one(site, smtp, notify_cmd):
    started(site, notify_cmd)
    write_index(site,
                record("2023-05-12-trafik", ("trafik",)),
                record("2023-05-12-traffic", ("trafik",), title="Road works", lang="en",
                       translation_of="2023-05-12-trafik", previous="20230511T080000Z"),
                record("2023-05-12-fire", ("brand",), title="Fire", lang="en", translation_of="2023-05-12-brand"))

    notify_cmd(site)

    assert sorted(smtp.by_to()) == ["trafik-en@lists.exempelby.se", "trafik@lists.exempelby.se"]
    english = smtp.by_to()["trafik-en@lists.exempelby.se"]
    assert english["Subject"] == "Updated: Road works"
    assert english["Content-Language"] == "en"
    assert english["Message-ID"] == f"<2023-05-12-traffic.20230512T080000Z.trafik.en@{DOMAIN}>"
    assert "Read the whole bulletin" in english.get_body(("plain",)).get_content()


def test_two_topics_sharing_one_list_give_that_list_one_message(tmp_path, smtp, notify_cmd):
    project = make_project(tmp_path, smtp.port, {"brand": "kris@lists.exempelby.se", "trafik": "kris@lists.exempelby.se"})
    started(project, notify_cmd)
    write_index(project, record("2023-05-12-brand", ("brand", "trafik")))
    notify_cmd(project)
    assert smtp.ids() == [f"<2023-05-12-brand.20230512T080000Z.brand.sv@{DOMAIN}>"]


def test_an_index_that_is_not_the_builds_is_a_clear_error(site, smtp, notify_cmd):
    started(site, notify_cmd)
    write_index(site, record("2023-05-12-brand", version="12 maj"))
    code, _, err = notify_cmd(site)
    assert code == 1
    assert err.strip().endswith("bulletins.json: är ingen förteckning över meddelanden (bulletins[0].version is not "
                                "a version such as 20200512T080000Z) — bygg webbplatsen igen med den här versionen")
    assert smtp.messages == []


def test_two_runs_cannot_send_at_once(site, smtp, capsys):
    settings = settings_from_config_file(site.root / "mkdocs.yml")
    index = write_index(site, record("2023-05-12-brand"))
    (site.root / ".notify").mkdir()
    with FileLock(str(site.root / ".notify" / "ledger.jsonl.lock")):
        with pytest.raises(notify.NotifyError) as refused:
            notify.run(settings, notify.Options(str(index), lock_wait=0))
    assert refused.value.messages == [
        ".notify/ledger.jsonl: en annan körning av 'bulletins notify' skickar just nu (låsfilen "
        ".notify/ledger.jsonl.lock) — vänta tills den är klar och kör igen"]
    assert smtp.messages == []


def test_credentials_come_from_the_environment_and_half_of_them_is_an_error(site, smtp, notify_cmd):
    started(site, notify_cmd)
    write_index(site, record("2023-05-12-brand"))
    code, _, err = notify_cmd(site, env={"BULLETINS_SMTP_USER": "kommunen"})
    assert code == 1 and err.strip().startswith("bara en av BULLETINS_SMTP_USER och BULLETINS_SMTP_PASSWORD är satt")
    assert smtp.messages == []


# ---------------------------------------------------------------------------
# settings


def check_lines(project) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "hooks"), "SOURCE_DATE_EPOCH": FIXED_EPOCH}
    result = subprocess.run([sys.executable, "-m", "bulletin_site.cli", "check"], cwd=project.root, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 1
    return result.stdout.strip().splitlines()


def test_a_password_in_mkdocs_yml_is_refused_by_check_and_by_the_build(tmp_path):
    project = make_project(tmp_path, 2525)
    settings = notify_settings(2525)
    settings["smtp"]["password"] = "hemligt"
    project.configure(bulletins={"notify": settings})

    assert check_lines(project) == [
        "mkdocs.yml: extra.bulletins.notify.smtp.password: inloggningsuppgifter hör inte hemma i mkdocs.yml: alla "
        "som kan läsa förrådet kan läsa dem — ta bort raden (och byt lösenordet om det har checkats in) och ange "
        "värdet i miljövariabeln BULLETINS_SMTP_PASSWORD, som en hemlig variabel i CI"]
    result = project.build(check=False)
    assert result.returncode != 0 and "extra.bulletins.notify.smtp.password" in result.stderr
    assert not project.site.exists()


def test_bad_notify_settings_are_each_reported_with_the_fix(tmp_path):
    project = make_project(tmp_path, 2525)
    project.configure(bulletins={"notify": {
        "from": "kommunen", "lists": {"brand": "inte en adress", "trafik": {"address": "t@l.se", "signup": "ftp://x"}},
        "smtp": {"host": "smtp.exempelby.se", "port": 99999, "starttls": "ja"}, "ledgr": "x"}})

    assert check_lines(project) == [
        "mkdocs.yml: extra.bulletins.notify.from: 'kommunen' är ingen e-postadress — skriv 'Namn <adress>' eller "
        "bara adressen, t.ex. trygghet@kommun.se",
        "mkdocs.yml: extra.bulletins.notify.ledgr: okänd inställning 'ledgr' — använd en av from, lists, smtp, "
        "ledger, domain",
        "mkdocs.yml: extra.bulletins.notify.lists.brand: 'inte en adress' är ingen e-postadress — skriv bara "
        "adressen, t.ex. kommun@example.se",
        "mkdocs.yml: extra.bulletins.notify.lists.trafik.signup: 'ftp://x' är varken en webbadress eller en "
        "mailto-adress — ange adressen till listans anmälningssida (https://…) eller dess anmälningsadress "
        "(mailto:lista-join@lists.kommun.se)",
        "mkdocs.yml: extra.bulletins.notify.smtp.port: '99999' är inget portnummer — ange ett tal mellan 1 och "
        "65535, oftast 587",
        "mkdocs.yml: extra.bulletins.notify.smtp.starttls: 'ja' är varken true eller false — skriv "
        "'starttls: true' (kryptera förbindelsen) eller 'starttls: false'"]


def test_notify_without_settings_says_what_to_set(tmp_path, notify_cmd):
    project = empty_project(tmp_path)
    code, _, err = notify_cmd(project)
    assert code == 1 and err.startswith("mkdocs.yml: extra.bulletins.notify: inga inställningar för e-post")


# ---------------------------------------------------------------------------
# CI


def test_both_ci_files_run_notify_after_the_deploy_one_run_at_a_time():
    github = yaml.safe_load((REPO / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    job = github["jobs"]["notify"]
    assert "deploy" in job["needs"]
    assert job["concurrency"]["cancel-in-progress"] is False
    assert any("bulletins notify" in str(step.get("run", "")) for step in job["steps"])
    gitlab = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    stages = gitlab["stages"]
    job = gitlab["notify"]
    assert stages.index(job["stage"]) > stages.index(gitlab["pages"]["stage"])
    assert job["resource_group"]
    assert any("bulletins notify" in line for line in job["script"])


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def test_the_ci_keeps_the_ledger_on_a_branch_of_its_own(tmp_path):
    remote = tmp_path / "remote.git"
    git("init", "-q", "--bare", str(remote), cwd=tmp_path)
    script = str(REPO / ".ci" / "notify-ledger")

    def clone(name: str) -> Path:
        folder = tmp_path / name
        git("init", "-q", str(folder), cwd=tmp_path)
        git("remote", "add", "origin", str(remote), cwd=folder)
        return folder

    first = clone("first")
    assert "no branch notify-ledger yet" in subprocess.run([script, "fetch"], cwd=first, check=True,
                                                           capture_output=True, text=True).stdout
    (first / ".notify" / "ledger.jsonl").write_text('{"state": "start"}\n', encoding="utf-8")
    subprocess.run([script, "push"], cwd=first, check=True, capture_output=True)
    with (first / ".notify" / "ledger.jsonl").open("a", encoding="utf-8") as stream:
        stream.write('{"state": "sent", "key": "a"}\n')
    subprocess.run([script, "push"], cwd=first, check=True, capture_output=True)

    second = clone("second")
    subprocess.run([script, "fetch"], cwd=second, check=True, capture_output=True)
    assert (second / ".notify" / "ledger.jsonl").read_bytes() == (first / ".notify" / "ledger.jsonl").read_bytes()
    assert git("ls-tree", "--name-only", "notify-ledger", cwd=remote).split() == ["ledger.jsonl"]
    assert len(git("log", "--format=%H", "notify-ledger", cwd=remote).split()) == 2
    assert "unchanged" in subprocess.run([script, "push"], cwd=second, check=True, capture_output=True,
                                         text=True).stdout


@examples(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.binary(max_size=40), st.sampled_from([
    b'{"state": "start", "at": "2023-01-01T00:00:00+00:00"}', b'{"state": "sent", "key": "a"}',
    b'{"state": "claimed", "key": 1}', b'{"state": "start", "at": "yesterday"}', b"[]", b'"x"', b"\xff\xfe"])),
    max_size=6), st.booleans())
def test_any_ledger_file_is_read_or_refused_with_a_message_never_a_traceback(tmp_path, lines, newline_at_end):
    from bulletin_site import ledger
    path = tmp_path / "ledger.jsonl"
    path.write_bytes(b"\n".join(lines) + (b"\n" if newline_at_end else b""))
    try:
        state = ledger.read(path)
    except ledger.LedgerError as error:
        assert error.key in {"notify.ledger_broken_line", "notify.ledger_no_start"}
    else:
        assert all(value in ("claimed", "sent", "failed") for value in state.states.values())


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")  # a test server on localhost
def test_credentials_from_the_environment_log_in_and_a_wrong_password_is_a_clear_error(tmp_path, notify_cmd):
    from aiosmtpd.smtp import AuthResult, LoginPassword

    def authenticator(server, session, envelope, mechanism, data):
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"kommunen", b"hemligt")
        return AuthResult(success=ok, handled=False)

    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port(), authenticator=authenticator,
                            auth_required=True, auth_require_tls=False)
    controller.start()
    try:
        project = make_project(tmp_path, controller.port)
        started(project, notify_cmd)
        write_index(project, record("2023-05-12-brand"))
        code, _, err = notify_cmd(project, env={"BULLETINS_SMTP_USER": "kommunen", "BULLETINS_SMTP_PASSWORD": "fel"})
        assert code == 1 and f"SMTP-servern 127.0.0.1:{controller.port} godtog inte inloggningen (535" in err
        assert recorder.messages == []
        code, _, err = notify_cmd(project, env={"BULLETINS_SMTP_USER": "kommunen", "BULLETINS_SMTP_PASSWORD": "hemligt"})
        assert (code, err, len(recorder.messages)) == (0, "", 1)
    finally:
        controller.stop()


def test_the_index_can_be_read_from_the_published_site(site, smtp, notify_cmd):
    import functools
    import http.server

    started(site, notify_cmd)
    write_index(site, record("2023-05-12-brand"))
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(site.site))
    web = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=web.serve_forever, daemon=True)
    thread.start()
    try:
        address = f"http://127.0.0.1:{web.server_address[1]}/bulletins.json"
        code, out, _ = notify_cmd(site, "--index", address, "--dry-run")
        assert code == 0 and out.startswith("skulle skicka <2023-05-12-brand.")
        code, _, err = notify_cmd(site, "--index", address.replace("bulletins.json", "saknas.json"))
        assert code == 1 and err.startswith(address.replace("bulletins.json", "saknas.json") + ": förteckningen går inte att läsa")
    finally:
        web.shutdown()
        web.server_close()


def test_starttls_encrypts_the_connection_and_a_certificate_not_trusted_is_a_clear_error(tmp_path, notify_cmd):
    key, certificate = tmp_path / "key.pem", tmp_path / "certificate.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(certificate), "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certificate, key)
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port(), tls_context=context,
                            require_starttls=True)
    controller.start()
    try:
        project = make_project(tmp_path / "site", controller.port)
        project.configure(bulletins={"notify": {**notify_settings(controller.port),
                                                "smtp": {"host": "127.0.0.1", "port": controller.port}}})
        started(project, notify_cmd)
        write_index(project, record("2023-05-12-brand"))
        code, _, err = notify_cmd(project)
        assert code == 1 and "går inte att nå" in err and "CERTIFICATE_VERIFY_FAILED" in err
        assert recorder.messages == []
        code, _, err = notify_cmd(project, env={"SSL_CERT_FILE": str(certificate)})  # the certificate trusted
        assert (code, err, recorder.encrypted) == (0, "", [True])
    finally:
        controller.stop()
