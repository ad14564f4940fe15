"""The e-mail lists on the subscribe page: where ``docs/prenumerera.md`` writes ``{{ email_lists }}``,
the build puts the list of the topics' mailing lists from ``extra.bulletins.notify.lists``: each topic, the
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
from markupsafe import Markup

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


def _item(mailing_list: MailingList, label: str, t: Translator) -> Markup:
    """One list: its topic, the link to sign up (when the settings give one), the address its
    messages come from (as text: mail to it would go to the list, not sign up) and the addresses
    of its lists in other languages."""
    lines = [Markup("<strong>{0}</strong>").format(label)]
    if mailing_list.signup:
        lines.append(Markup('<a href="{0}">{1}</a>').format(mailing_list.signup, t("subscribe.signup")))
    lines.append(Markup("{0}: <code>{1}</code>").format(t("subscribe.address"), mailing_list.address))
    for lang, address in mailing_list.languages:
        lines.append(Markup("{0}: <code>{1}</code>").format(
            t("subscribe.language", language=_language_name(lang, t)), address))
    return Markup("<li>{0}</li>").format(Markup("<br>").join(lines))


def lists_html(notify: NotifySettings, topics: Mapping[str, Topic], t: Translator) -> str:
    """The lists: every bulletin's list first, then the topics' by label."""
    items = []
    everything = notify.list_of(ALL_TOPICS)
    if everything is not None:
        items.append(_item(everything, t("subscribe.all"), t))
    labelled = sorted(((topics[m.topic].label if m.topic in topics else m.topic), m)
                      for m in notify.lists if m.topic != ALL_TOPICS)
    items += [_item(m, label, t) for label, m in labelled]
    # out of the site's search (data-pagefind-ignore): a search for a topic finds its bulletins
    return str(Markup('<ul class="bulletin-email-lists" data-pagefind-ignore>{0}</ul>').format(Markup("").join(items)))


def fill_lists(markdown: str, notify: NotifySettings | None, topics: Mapping[str, Topic], page: str,
               t: Translator) -> str:
    """``markdown`` with every placeholder replaced by the lists."""
    if PLACEHOLDER not in markdown:
        return markdown
    if notify is None:
        raise BulletinError([Problem(page, None, OPTION,
                                     t("err.no_email_lists", placeholder=PLACEHOLDER),
                                     t("fix.no_email_lists", option=OPTION + ".lists", placeholder=PLACEHOLDER))])
    # a blank line on each side: Markdown leaves an HTML block alone
    return markdown.replace(PLACEHOLDER, "\n\n" + lists_html(notify, topics, t) + "\n\n")
