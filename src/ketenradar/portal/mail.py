"""Send the portal's outbox by SMTP: each message once, failures kept for the next attempt.

Messages go to the account's e-mail address; an account without one is skipped (and stays unsent).
`ketenradar portal send-mail` sends once; `serve` runs an `OutboxSender` when `[portal] smtp_host` is set.
"""

from __future__ import annotations

import logging
import smtplib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage

from sqlalchemy import select

from ketenradar.portal.models import Account, OutboxMessage, utcnow
from ketenradar.portal.service import Portal

MAX_ATTEMPTS = 5
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 25
    sender: str = "ketenradar@localhost"
    starttls: bool = False
    username: str | None = None
    password: str | None = None
    timeout: float = 30.0


@dataclass
class SendResult:
    sent: int = 0
    failed: int = 0
    no_address: int = 0


def send_outbox(portal: Portal, smtp: SmtpSettings, limit: int = 500) -> SendResult:
    """Send up to `limit` unsent messages (fewer than MAX_ATTEMPTS tries) over one SMTP connection."""
    result = SendResult()
    with portal.store.session() as s:
        rows = s.execute(
            select(OutboxMessage.id, OutboxMessage.subject, OutboxMessage.body, Account.email)
            .join(Account, Account.id == OutboxMessage.account_id)
            .where(OutboxMessage.sent_at.is_(None), OutboxMessage.attempts < MAX_ATTEMPTS)
            .order_by(OutboxMessage.id)
            .limit(limit)
        ).all()
    if not rows:
        return result
    with smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout) as conn:
        if smtp.starttls:
            conn.starttls()
        if smtp.username:
            conn.login(smtp.username, smtp.password or "")
        for message_id, subject, body, email in rows:
            if not email:
                result.no_address += 1
                continue
            msg = EmailMessage()
            msg["From"], msg["To"], msg["Subject"] = smtp.sender, email, subject
            msg.set_content(body)
            error: str | None = None
            try:
                conn.send_message(msg)
            except smtplib.SMTPException as exc:
                error = f"{type(exc).__name__}: {exc}"[:1000]
            # Marked per message, so a crash halfway never sends a message twice on the next run.
            with portal.store.transaction() as s:
                m = s.get(OutboxMessage, message_id)
                assert m is not None
                m.attempts += 1
                if error is None:
                    m.sent_at = utcnow()
                    result.sent += 1
                else:
                    m.last_error = error
                    result.failed += 1
    return result


class OutboxSender:
    """Sends the outbox every `interval` seconds in a daemon thread while `serve` runs (when
    `[portal] smtp_host` is set), so a sign-in link or an invitation does not wait for a cron job.
    A server that cannot be reached is tried again at the next interval; messages stay in the outbox."""

    def __init__(self, get_portal: Callable[[], Portal], smtp: SmtpSettings, interval: float = 30.0) -> None:
        self._get_portal = get_portal
        self._smtp = smtp
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="portal-outbox", daemon=True)
        self.last_error: str | None = None

    def start(self) -> OutboxSender:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self._smtp.timeout + 5)

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                send_outbox(self._get_portal(), self._smtp)
                self.last_error = None
            except (OSError, smtplib.SMTPException) as exc:
                if str(exc) != self.last_error:
                    log.warning("portal outbox: cannot send by SMTP to %s: %s", self._smtp.host, exc)
                self.last_error = str(exc)
