"""Send the portal's outbox by SMTP: each message once, failures kept for the next attempt.

Messages go to the account's e-mail address; an account without one is skipped (and stays unsent).
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

from sqlalchemy import select

from ketenradar.portal.models import Account, OutboxMessage, utcnow
from ketenradar.portal.service import Portal

MAX_ATTEMPTS = 5


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
