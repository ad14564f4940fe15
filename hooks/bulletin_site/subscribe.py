"""The e-mail lists on the subscribe page: where ``docs/prenumerera.md`` writes ``{{ email_lists }}``,
the build puts a table of the topics' lists from ``extra.bulletins.notify.lists``: each topic, the
link to its list's sign-up page or sign-up address (when the settings give one) and the list's address
(the one its messages come from, shown as text), with the
addresses of its lists in other languages. Subscribing, confirming and unsubscribing are the list
server's (see README, "E-mail to subscribers"); the site holds no subscriber.

A page with the placeholder and no lists set stops the build with a message saying what to set,
as ``residents.fill_contact`` does for the accessibility contact.
"""
from __future__ import annotations

from typing import Mapping

from babel import Locale, UnknownLocaleError
from markupsafe import Markup, escape

from .errors import BulletinError, Problem
from .i18n import Translator
from .model import Topic
from .notify_settings import ALL_TOPICS, OPTION, MailingList, NotifySettings

PLACEHOLDER = "{{ email_lists }}"


def _language_name(lang: str, t: Translator) -> str:
    try:
        return Locale.parse(lang.replace("-", "_")).get_display_name(t.language) or lang
    except (UnknownLocaleError, ValueError):
        return lang


def _row(mailing_list: MailingList, label: str, t: Translator) -> str:
    signup = (Markup('<a href="{0}">{1}</a>').format(mailing_list.signup, t("subscribe.signup"))
              if mailing_list.signup else Markup(""))
    # the address the messages come from, as text: mail to it would go to the list, not sign up
    addresses = [escape(mailing_list.address)]
    for lang, address in mailing_list.languages:
        addresses.append(Markup("{0}: {1}").format(t("subscribe.language", language=_language_name(lang, t)), address))
    return str(Markup("<tr><td>{0}</td><td>{1}</td><td>{2}</td></tr>").format(
        label, signup, Markup("<br>").join(addresses)))


def lists_html(notify: NotifySettings, topics: Mapping[str, Topic], t: Translator) -> str:
    """The table of lists: every bulletin's list first, then the topics' by label."""
    rows = []
    everything = notify.list_of(ALL_TOPICS)
    if everything is not None:
        rows.append(_row(everything, t("subscribe.all"), t))
    labelled = sorted(((topics[m.topic].label if m.topic in topics else m.topic), m)
                      for m in notify.lists if m.topic != ALL_TOPICS)
    rows += [_row(m, label, t) for label, m in labelled]
    head = Markup("<thead><tr><th>{0}</th><th>{1}</th><th>{2}</th></tr></thead>").format(
        t("subscribe.topic"), t("subscribe.signup"), t("subscribe.address"))
    return f'<table class="bulletin-email-lists">{head}<tbody>{"".join(rows)}</tbody></table>'


def fill_lists(markdown: str, notify: NotifySettings | None, topics: Mapping[str, Topic], page: str,
               t: Translator) -> str:
    """``markdown`` with every placeholder replaced by the table of lists."""
    if PLACEHOLDER not in markdown:
        return markdown
    if notify is None:
        raise BulletinError([Problem(page, None, OPTION,
                                     t("err.no_email_lists", placeholder=PLACEHOLDER),
                                     t("fix.no_email_lists", option=OPTION + ".lists", placeholder=PLACEHOLDER))])
    # a blank line on each side: Markdown leaves an HTML block alone
    return markdown.replace(PLACEHOLDER, "\n\n" + lists_html(notify, topics, t) + "\n\n")
