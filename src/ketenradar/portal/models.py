"""The portal's tables (SQLAlchemy 2 declarative). `store.py` creates them; `service.py` writes them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ACCOUNT_ROLES = ("analyst", "buyer", "firm")
VISIBILITIES = ("open", "invited")
ANSWERS = ("interested", "not_interested")
LINK_KINDS = ("invited", "put_forward", "shortlisted", "won")
"""How a firm is linked to a demand: invited by the buyer, put forward by an analyst, then shortlisted
and finally chosen (`won`) by the buyer or an analyst."""
SELF_DECLARED = "self_declared"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[str]: JSON}


class Account(Base):
    __tablename__ = "portal_account"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    display_name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str | None] = mapped_column(String(254))
    kvk_number: Mapped[str | None] = mapped_column(String(8), index=True)
    """The firm an account of role `firm` speaks for."""
    password_hash: Mapped[str | None] = mapped_column(String(200))
    """argon2id; None until the invitation is accepted."""
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))


class Invitation(Base):
    __tablename__ = "portal_invitation"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("portal_account.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    """sha256 of the one-time token (a 256-bit random value, so a fast hash suffices)."""
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SignInLink(Base):
    """A one-time sign-in link sent by e-mail (instead of a password); 15 minutes, used once."""

    __tablename__ = "portal_signin_link"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("portal_account.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Demand(Base):
    __tablename__ = "portal_demand"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("portal_account.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    requirements: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """Hard requirements: certifications, place, radius_km, provinces, size_classes (as matchmaking)."""
    deadline: Mapped[dt.date] = mapped_column(Date)
    visibility: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DemandFirm(Base):
    """A firm linked to a demand: invited, put forward, shortlisted or won (`LINK_KINDS`); one row per step."""

    __tablename__ = "portal_demand_firm"
    __table_args__ = (UniqueConstraint("demand_id", "kvk_number", "kind"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    demand_id: Mapped[int] = mapped_column(ForeignKey("portal_demand.id"), index=True)
    kvk_number: Mapped[str] = mapped_column(String(8), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    by_account: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Response(Base):
    __tablename__ = "portal_response"
    __table_args__ = (UniqueConstraint("demand_id", "kvk_number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    demand_id: Mapped[int] = mapped_column(ForeignKey("portal_demand.id"), index=True)
    kvk_number: Mapped[str] = mapped_column(String(8))
    answer: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    by_account: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class FirmProfile(Base):
    """What a firm declares about itself; every field is `self_declared` by `updated_by`."""

    __tablename__ = "portal_firm_profile"
    kvk_number: Mapped[str] = mapped_column(String(8), primary_key=True)
    website: Mapped[str | None] = mapped_column(String(500))
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    defence_opt_in: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(32), default=SELF_DECLARED)
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Capability(Base):
    __tablename__ = "portal_capability"
    __table_args__ = (UniqueConstraint("kvk_number", "capability"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kvk_number: Mapped[str] = mapped_column(String(8), index=True)
    capability: Mapped[str] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(32), default=SELF_DECLARED)
    declared_by: Mapped[str] = mapped_column(String(64))
    declared_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Certificate(Base):
    __tablename__ = "portal_certificate"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kvk_number: Mapped[str] = mapped_column(String(8), index=True)
    standard: Mapped[str] = mapped_column(String(100))
    number: Mapped[str] = mapped_column(String(100))
    issuer: Mapped[str] = mapped_column(String(200))
    expires_on: Mapped[dt.date] = mapped_column(Date)
    evidence_url: Mapped[str | None] = mapped_column(String(1000))
    source: Mapped[str] = mapped_column(String(32), default=SELF_DECLARED)
    declared_by: Mapped[str] = mapped_column(String(64))
    declared_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    verified_by: Mapped[str | None] = mapped_column(String(64))
    verified_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class AuditEntry(Base):
    """One change: written in the same transaction as the change itself."""

    __tablename__ = "portal_audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(64))
    old_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    new_value: Mapped[Any] = mapped_column(JSON, nullable=True)


class OutboxMessage(Base):
    """A notification waiting to be sent by `portal/mail.py` (docs/portal.md)."""

    __tablename__ = "portal_outbox"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    account_id: Mapped[int] = mapped_column(ForeignKey("portal_account.id"), index=True)
    kind: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
