"""The mail server of ``bulletins notify``: a connection (STARTTLS with the certificate checked, a
login from the environment, never from ``mkdocs.yml``) and what a refusal says, on one line."""
from __future__ import annotations

import smtplib
import ssl
from typing import Mapping

from .i18n import Translator
from .notify_settings import PASSWORD_ENV, USER_ENV, NotifySettings

TIMEOUT = 60.0  # seconds


class SmtpError(Exception):
    """No connection; ``messages`` say why and what to do, in the site's language."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


def connect(notify: NotifySettings, environ: Mapping[str, str], t: Translator) -> smtplib.SMTP:
    user, password = environ.get(USER_ENV), environ.get(PASSWORD_ENV)
    if bool(user) != bool(password):
        raise SmtpError([t("notify.credentials_half", user=USER_ENV, password=PASSWORD_ENV)])
    host, port = notify.smtp.host, notify.smtp.port
    try:
        server = smtplib.SMTP(host, port, timeout=TIMEOUT)
    except (OSError, smtplib.SMTPException) as error:
        raise SmtpError([t("notify.smtp_connect", host=host, port=port, detail=detail(error))]) from None
    try:
        if notify.smtp.starttls:
            server.starttls(context=ssl.create_default_context())
        if user:
            server.login(user, password)
    except smtplib.SMTPAuthenticationError as error:
        server.close()
        raise SmtpError([t("notify.smtp_login", host=host, port=port, detail=detail(error),
                           user=USER_ENV, password=PASSWORD_ENV)]) from None
    except (OSError, smtplib.SMTPException) as error:
        server.close()
        raise SmtpError([t("notify.smtp_connect", host=host, port=port, detail=detail(error))]) from None
    return server


def detail(error: BaseException) -> str:
    """What a server's refusal or a failed connection says, on one line."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{code} {_text(reply)}" for code, reply in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {_text(error.smtp_error)}"
    return " ".join(str(getattr(error, "strerror", None) or error).split()) or type(error).__name__


def _text(reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return " ".join(text.split())
