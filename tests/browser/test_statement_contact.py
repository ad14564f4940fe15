"""The accessibility statement's contact comes from mkdocs.yml; without it the build says what to set."""
from __future__ import annotations


def test_placeholder_is_replaced_by_the_configured_contact(project):
    project.configure(bulletins={"accessibility_contact": "tillganglighet@exempelby.se"})
    project.write("docs/tillganglighetsredogorelse.md", "# Redogörelse\n\nSkriv till {{ accessibility_contact }}.\n")
    project.build()
    assert ('<p>Skriv till <a href="mailto:tillganglighet@exempelby.se">tillganglighet@exempelby.se</a>.</p>'
            in project.read("tillganglighetsredogorelse/index.html"))


def test_placeholder_without_a_configured_contact_fails_the_build(project):
    project.write("docs/tillganglighetsredogorelse.md", "# Redogörelse\n\nSkriv till {{ accessibility_contact }}.\n")
    result = project.build(check=False)
    assert result.returncode == 1
    assert ("docs/tillganglighetsredogorelse.md: extra.bulletins.accessibility_contact: sidan använder "
            "{{ accessibility_contact }} men ingen kontaktadress är angiven — ange en e-postadress i mkdocs.yml "
            "som 'extra.bulletins.accessibility_contact: tillganglighet@kommun.se'") in result.stderr


def test_contact_that_is_not_an_e_mail_address_fails_the_build(project):
    project.configure(bulletins={"accessibility_contact": "ring oss"})
    result = project.build(check=False)
    assert result.returncode == 1
    assert ("mkdocs.yml: extra.bulletins.accessibility_contact: 'ring oss' är ingen "
            "e-postadress; skriv den som namn@exempel.se") in result.stderr


def test_every_page_footer_links_the_statement_when_it_exists(project):
    project.configure(bulletins={"accessibility_contact": "tillganglighet@exempelby.se"})
    project.write("docs/tillganglighetsredogorelse.md", "# Redogörelse\n")
    project.bulletin("2023-05-12-brand")
    project.build()
    link = '<a class="bulletin-footer-link" href="../../tillganglighetsredogorelse/">Tillgänglighetsredogörelse</a>'
    assert link in project.read("bulletins/2023-05-12-brand/index.html")


def test_no_footer_link_without_a_statement_page(project):
    project.bulletin("2023-05-12-brand")
    project.build()
    assert "bulletin-footer-link" not in project.read("bulletins/2023-05-12-brand/index.html")


def test_404_page_speaks_the_site_language(project):
    project.build()
    html = project.read("404.html")
    assert "<h1>Sidan finns inte</h1>" in html and "404 - Not found" not in html
