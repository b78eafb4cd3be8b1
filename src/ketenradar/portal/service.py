"""The portal's rules: who may see and change what (issue 20 item 7), each change audited in its transaction.

- analyst: sees everything; creates accounts, puts firms forward, verifies certificates.
- buyer: posts and edits its own demands; sees only firms that opted in to defence demand or were put
  forward for one of its demands; invites such firms; reads the responses to its own demands.
- firm: sees and edits only its own profile; sees open demands (when opted in) and the demands it was
  invited to or put forward for; responds to those.

Every method takes the acting `Principal` first and raises `Forbidden` (HTTP 403) or `NotFoundError`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ketenradar.errors import InputError
from ketenradar.portal.models import (
    ACCOUNT_ROLES,
    ANSWERS,
    SELF_DECLARED,
    VISIBILITIES,
    Account,
    AuditEntry,
    Capability,
    Certificate,
    Demand,
    DemandFirm,
    FirmProfile,
    Invitation,
    OutboxMessage,
    Response,
    SignInLink,
    utcnow,
)
from ketenradar.portal.store import PortalStore

INVITATION_DAYS = 7
SIGNIN_LINK_MINUTES = 15
MIN_PASSWORD = 10
_NAME = re.compile(r"^[A-Za-z0-9._@-]{1,64}$")
_KVK = re.compile(r"^\d{8}$")
_hasher = PasswordHasher()  # argon2id, the same KDF and parameters as the dashboard users (web/auth.py)
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


class Forbidden(Exception):
    """The principal may not do this (HTTP 403)."""


def _redeem(session: Any, model: Any, token: str, what: str) -> Any:
    """Mark a one-time token (invitation or sign-in link) used and return its row; refused when it
    is unknown, already used or expired. The row is locked so two uses cannot both succeed."""
    row = session.scalar(select(model).where(model.token_hash == _token_hash(token or "")).with_for_update())
    if row is None or row.used_at is not None or _aware(row.expires_at) < utcnow():
        raise Forbidden(f"this {what} is unknown, used or expired")
    row.used_at = utcnow()
    return row


class NotFoundError(Exception):
    """No such record (HTTP 404)."""


@dataclass(frozen=True)
class Principal:
    account_id: int
    name: str
    role: str
    kvk_number: str | None = None


def _kvk(value: str) -> str:
    if not isinstance(value, str) or not _KVK.match(value):
        raise InputError("a KvK number is 8 digits", field="kvk_number")
    return value


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _aware(value: dt.datetime) -> dt.datetime:
    # SQLite returns naive datetimes for timezone-aware columns; they were written in UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _json(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def account_out(a: Account) -> dict[str, Any]:
    return {
        "id": a.id,
        "name": a.name,
        "role": a.role,
        "display_name": a.display_name,
        "email": a.email,
        "kvk_number": a.kvk_number,
        "active": a.active,
        "has_password": a.password_hash is not None,
    }


def demand_out(d: Demand) -> dict[str, Any]:
    return {
        "id": d.id,
        "buyer_id": d.buyer_id,
        "title": d.title,
        "text": d.text,
        "requirements": d.requirements or {},
        "deadline": d.deadline.isoformat(),
        "visibility": d.visibility,
        "status": d.status,
        "created_at": _aware(d.created_at).isoformat(),
    }


def certificate_out(c: Certificate, today: dt.date | None = None) -> dict[str, Any]:
    today = today or dt.date.today()
    return {
        "id": c.id,
        "standard": c.standard,
        "number": c.number,
        "issuer": c.issuer,
        "expires_on": c.expires_on.isoformat(),
        "evidence_url": c.evidence_url,
        "source": c.source,
        "declared_by": c.declared_by,
        "declared_at": _aware(c.declared_at).isoformat(),
        "verified_by": c.verified_by,
        "verified_at": _aware(c.verified_at).isoformat() if c.verified_at else None,
        "expired": c.expires_on < today,
        "counts": c.verified_at is not None and c.expires_on >= today,
    }


_LINK_SUBJECT = {
    "invited": "You are invited to respond to",
    "put_forward": "You were put forward for",
    "shortlisted": "You are shortlisted for",
    "won": "You were chosen for",
}

PROFILE_FIELDS = ("website", "contact_name", "contact_email", "contact_phone", "defence_opt_in")
CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone")
ERASED = "[erased on request]"


def _profile_values(p: FirmProfile | None) -> dict[str, Any] | None:
    return None if p is None else {f: getattr(p, f) for f in PROFILE_FIELDS}


class Portal:
    """The portal's services over one `PortalStore`."""

    def __init__(self, store: PortalStore) -> None:
        self.store = store

    # -- helpers --------------------------------------------------------------------------------------
    @staticmethod
    def _audit(
        s: Session, who: Principal | str, action: str, entity: str, entity_id: Any, old: Any, new: Any
    ) -> None:
        actor = who if isinstance(who, str) else who.name
        s.add(
            AuditEntry(
                actor=actor,
                action=action,
                entity=entity,
                entity_id=str(entity_id),
                old_value=_jsonable(old),
                new_value=_jsonable(new),
            )
        )

    @staticmethod
    def _notify(s: Session, account_ids: list[int], kind: str, subject: str, body: str) -> None:
        for account_id in account_ids:
            s.add(OutboxMessage(account_id=account_id, kind=kind, subject=subject, body=body))

    @staticmethod
    def _require(p: Principal, *roles: str) -> None:
        if p.role not in roles:
            raise Forbidden(f"this needs the role {' or '.join(roles)}")

    @staticmethod
    def _firm_accounts(s: Session, kvk_number: str) -> list[int]:
        return list(
            s.scalars(
                select(Account.id).where(
                    Account.kvk_number == kvk_number, Account.role == "firm", Account.active
                )
            )
        )

    def _demand(self, s: Session, demand_id: int) -> Demand:
        d = s.get(Demand, demand_id)
        if d is None:
            raise NotFoundError(f"no demand {demand_id}")
        return d

    def _firm_links(self, s: Session, demand_id: int, kvk_number: str) -> set[str]:
        return set(
            s.scalars(
                select(DemandFirm.kind).where(
                    DemandFirm.demand_id == demand_id, DemandFirm.kvk_number == kvk_number
                )
            )
        )

    def _opted_in(self, s: Session, kvk_number: str) -> bool:
        prof = s.get(FirmProfile, kvk_number)
        return bool(prof and prof.defence_opt_in)

    def _buyer_may_see_firm(self, s: Session, p: Principal, kvk_number: str) -> bool:
        if self._opted_in(s, kvk_number):
            return True
        put_forward = s.scalar(
            select(DemandFirm.id)
            .join(Demand, Demand.id == DemandFirm.demand_id)
            .where(
                Demand.buyer_id == p.account_id,
                DemandFirm.kvk_number == kvk_number,
                DemandFirm.kind == "put_forward",
            )
            .limit(1)
        )
        return put_forward is not None

    def _may_see_firm(self, s: Session, p: Principal, kvk_number: str) -> bool:
        if p.role == "analyst":
            return True
        if p.role == "firm":
            return p.kvk_number == kvk_number
        return self._buyer_may_see_firm(s, p, kvk_number)

    def _may_see_demand(self, s: Session, p: Principal, d: Demand) -> bool:
        if p.role == "analyst":
            return True
        if p.role == "buyer":
            return d.buyer_id == p.account_id
        assert p.kvk_number is not None
        if self._firm_links(s, d.id, p.kvk_number):
            return True
        return d.visibility == "open" and d.status == "open" and self._opted_in(s, p.kvk_number)

    def _edit_firm(self, p: Principal, kvk_number: str) -> None:
        if p.role == "analyst" or (p.role == "firm" and p.kvk_number == kvk_number):
            return
        raise Forbidden("a firm changes only its own profile")

    # -- accounts -------------------------------------------------------------------------------------
    def bootstrap_analyst(self, name: str, password: str, display_name: str = "") -> dict[str, Any]:
        """The first analyst, from the command line (no one is signed in yet)."""
        with self.store.transaction() as s:
            a = self._new_account(s, "cli", name, "analyst", display_name, None, None)
            a.password_hash = _hash_password(password)
            self._audit(s, "cli", "account.create", "account", name, None, {"role": "analyst"})
            s.flush()
            return account_out(a)

    def _new_account(
        self,
        s: Session,
        by: str,
        name: str,
        role: str,
        display_name: str,
        email: str | None,
        kvk_number: str | None,
    ) -> Account:
        if not _NAME.match(name or ""):
            raise InputError("an account name is 1-64 letters, digits or . _ @ -", field="name")
        if role not in ACCOUNT_ROLES:
            raise InputError(f"role is one of {', '.join(ACCOUNT_ROLES)}", field="role")
        if role == "firm":
            _kvk(kvk_number or "")
        elif kvk_number:
            raise InputError("only a firm account has a KvK number", field="kvk_number")
        if s.scalar(select(Account.id).where(Account.name == name)) is not None:
            raise InputError(f"account {name!r} exists", field="name")
        a = Account(
            name=name,
            role=role,
            display_name=display_name[:200],
            email=email,
            kvk_number=kvk_number,
            created_by=by,
        )
        s.add(a)
        s.flush()
        return a

    def create_account(
        self,
        p: Principal,
        name: str,
        role: str,
        *,
        display_name: str = "",
        email: str | None = None,
        kvk_number: str | None = None,
    ) -> tuple[dict[str, Any], str]:
        """An account without a password, and its one-time invitation token (shown once, stored hashed)."""
        self._require(p, "analyst")
        token = secrets.token_urlsafe(32)
        with self.store.transaction() as s:
            a = self._new_account(s, p.name, name, role, display_name, email, kvk_number)
            s.add(
                Invitation(
                    account_id=a.id,
                    token_hash=_token_hash(token),
                    expires_at=utcnow() + dt.timedelta(days=INVITATION_DAYS),
                    created_by=p.name,
                )
            )
            self._audit(
                s, p, "account.create", "account", name, None, {"role": role, "kvk_number": kvk_number}
            )
            self._notify(s, [a.id], "invitation", "Your ketenradar invitation", f"Welcome, {name}.")
            return account_out(a), token

    def list_accounts(self, p: Principal) -> list[dict[str, Any]]:
        self._require(p, "analyst")
        with self.store.session() as s:
            return [account_out(a) for a in s.scalars(select(Account).order_by(Account.id))]

    def accept_invitation(self, token: str, password: str) -> dict[str, Any]:
        """Set the password of an invited account; the token works once and until it expires."""
        if len(password or "") < MIN_PASSWORD:
            raise InputError(f"a password has at least {MIN_PASSWORD} characters", field="password")
        hashed = _hash_password(password)
        with self.store.transaction() as s:
            inv = _redeem(s, Invitation, token, "invitation link")
            a = s.get(Account, inv.account_id)
            assert a is not None
            a.password_hash = hashed
            self._audit(s, a.name, "invitation.accept", "account", a.name, None, {"password": "set"})
            return account_out(a)

    def authenticate(self, name: str, password: str) -> Principal | None:
        with self.store.session() as s:
            a = s.scalar(select(Account).where(Account.name == name))
        ok = False
        try:
            ok = _hasher.verify(a.password_hash if a and a.password_hash else _DUMMY_HASH, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            ok = False
        if not ok or a is None or not a.active or a.password_hash is None:
            return None
        return Principal(a.id, a.name, a.role, a.kvk_number)

    def request_signin_link(self, name: str, base_url: str) -> bool:
        """Mail a one-time sign-in link (through the outbox) to an active account with an e-mail address.

        Returns whether one was queued; callers must not tell the person (no account enumeration).
        """
        token = secrets.token_urlsafe(32)
        with self.store.transaction() as s:
            a = s.scalar(select(Account).where(Account.name == (name or "")[:64]))
            if a is None or not a.active or not a.email:
                return False
            s.add(
                SignInLink(
                    account_id=a.id,
                    token_hash=_token_hash(token),
                    expires_at=utcnow() + dt.timedelta(minutes=SIGNIN_LINK_MINUTES),
                )
            )
            link = f"{base_url.rstrip('/')}/portal/signin?token={token}"
            self._audit(s, a.name, "signin_link.request", "account", a.name, None, None)
            self._notify(
                s,
                [a.id],
                "signin_link",
                "Your ketenradar sign-in link",
                f"Sign in to the ketenradar portal with this link (valid {SIGNIN_LINK_MINUTES} minutes, "
                f"once):\n{link}\n\nDid not ask for it? Ignore this message.",
            )
            return True

    def use_signin_link(self, token: str) -> Principal:
        """The account a sign-in link is for; the link works once and for SIGNIN_LINK_MINUTES."""
        with self.store.transaction() as s:
            link = _redeem(s, SignInLink, token, "sign-in link")
            a = s.get(Account, link.account_id)
            if a is None or not a.active:
                raise Forbidden("this account is disabled")
            self._audit(s, a.name, "signin_link.use", "account", a.name, None, None)
            return Principal(a.id, a.name, a.role, a.kvk_number)

    def principal(self, account_id: int) -> Principal | None:
        with self.store.session() as s:
            a = s.get(Account, account_id)
        if a is None or not a.active:
            return None
        return Principal(a.id, a.name, a.role, a.kvk_number)

    # -- firms ----------------------------------------------------------------------------------------
    def firm(self, p: Principal, kvk_number: str) -> dict[str, Any]:
        _kvk(kvk_number)
        with self.store.session() as s:
            if not self._may_see_firm(s, p, kvk_number):
                raise Forbidden("this firm is not visible to you")
            prof = s.get(FirmProfile, kvk_number)
            caps = s.scalars(select(Capability).where(Capability.kvk_number == kvk_number)).all()
            certs = s.scalars(select(Certificate).where(Certificate.kvk_number == kvk_number)).all()
            out: dict[str, Any] = {"kvk_number": kvk_number, "profile": None}
            if prof is not None:
                out["profile"] = {
                    **_profile_values(prof),
                    "source": prof.source,
                    "updated_by": prof.updated_by,
                    "updated_at": _aware(prof.updated_at).isoformat(),
                }
            out["capabilities"] = [
                {
                    "capability": c.capability,
                    "source": c.source,
                    "declared_by": c.declared_by,
                    "declared_at": _aware(c.declared_at).isoformat(),
                }
                for c in sorted(caps, key=lambda c: c.capability)
            ]
            out["certificates"] = [certificate_out(c) for c in sorted(certs, key=lambda c: c.id)]
            return out

    def check_own_firm(self, p: Principal, kvk_number: str) -> None:
        """Forbidden unless `p` is an analyst or this firm itself."""
        _kvk(kvk_number)
        self._edit_firm(p, kvk_number)

    def visible_firms(self, p: Principal) -> list[str]:
        """KvK numbers a buyer or analyst may see (a firm sees only itself: use `firm`)."""
        self._require(p, "analyst", "buyer")
        with self.store.session() as s:
            opted = set(s.scalars(select(FirmProfile.kvk_number).where(FirmProfile.defence_opt_in)))
            if p.role == "analyst":
                known = set(s.scalars(select(FirmProfile.kvk_number)))
                known |= set(s.scalars(select(Account.kvk_number).where(Account.kvk_number.is_not(None))))
                return sorted(known)
            forward = set(
                s.scalars(
                    select(DemandFirm.kvk_number)
                    .join(Demand, Demand.id == DemandFirm.demand_id)
                    .where(Demand.buyer_id == p.account_id, DemandFirm.kind == "put_forward")
                )
            )
            return sorted(opted | forward)

    def update_profile(self, p: Principal, kvk_number: str, changes: dict[str, Any]) -> dict[str, Any]:
        """Set some of website, contact_name, contact_email, contact_phone, defence_opt_in."""
        _kvk(kvk_number)
        self._edit_firm(p, kvk_number)
        unknown = set(changes) - set(PROFILE_FIELDS)
        if unknown:
            raise InputError(f"unknown profile field(s): {', '.join(sorted(unknown))}", field="profile")
        with self.store.transaction() as s:
            prof = s.get(FirmProfile, kvk_number, with_for_update=True)
            old = _profile_values(prof)
            if prof is None:
                prof = FirmProfile(kvk_number=kvk_number, defence_opt_in=False, updated_by=p.name)
                s.add(prof)
            for key, value in changes.items():
                setattr(prof, key, value)
            prof.source = SELF_DECLARED
            prof.updated_by = p.name
            prof.updated_at = utcnow()
            new = _profile_values(prof)
            if new != old:
                self._audit(s, p, "profile.update", "firm", kvk_number, old, new)
            return new or {}

    def add_capability(self, p: Principal, kvk_number: str, capability: str) -> None:
        _kvk(kvk_number)
        self._edit_firm(p, kvk_number)
        capability = (capability or "").strip()
        if not 1 <= len(capability) <= 100:
            raise InputError("a capability is 1-100 characters", field="capability")
        with self.store.transaction() as s:
            exists = s.scalar(
                select(Capability.id).where(
                    Capability.kvk_number == kvk_number, Capability.capability == capability
                )
            )
            if exists is not None:
                return
            s.add(Capability(kvk_number=kvk_number, capability=capability, declared_by=p.name))
            self._audit(s, p, "capability.add", "firm", kvk_number, None, capability)

    def remove_capability(self, p: Principal, kvk_number: str, capability: str) -> bool:
        _kvk(kvk_number)
        self._edit_firm(p, kvk_number)
        with self.store.transaction() as s:
            c = s.scalar(
                select(Capability).where(
                    Capability.kvk_number == kvk_number, Capability.capability == capability
                )
            )
            if c is None:
                return False
            s.delete(c)
            self._audit(s, p, "capability.remove", "firm", kvk_number, capability, None)
            return True

    def add_certificate(self, p: Principal, kvk_number: str, cert: dict[str, Any]) -> dict[str, Any]:
        _kvk(kvk_number)
        self._edit_firm(p, kvk_number)
        with self.store.transaction() as s:
            c = Certificate(kvk_number=kvk_number, declared_by=p.name, **cert)
            s.add(c)
            s.flush()
            out = certificate_out(c)
            self._audit(
                s, p, "certificate.add", "certificate", c.id, None, {**cert, "kvk_number": kvk_number}
            )
            return out

    def verify_certificate(self, p: Principal, certificate_id: int) -> dict[str, Any]:
        self._require(p, "analyst")
        with self.store.transaction() as s:
            c = s.get(Certificate, certificate_id, with_for_update=True)
            if c is None:
                raise NotFoundError(f"no certificate {certificate_id}")
            old = {"verified_by": c.verified_by, "verified_at": c.verified_at}
            c.verified_by, c.verified_at = p.name, utcnow()
            self._audit(
                s,
                p,
                "certificate.verify",
                "certificate",
                c.id,
                old,
                {"verified_by": c.verified_by, "verified_at": c.verified_at},
            )
            return certificate_out(c)

    # -- contact persons (GDPR) ----------------------------------------------------------------------
    def export_contact(self, p: Principal, kvk_number: str) -> dict[str, Any]:
        """Everything the portal holds about a firm's contact person, for a request under the GDPR."""
        _kvk(kvk_number)
        self._edit_firm(p, kvk_number)
        with self.store.session() as s:
            prof = s.get(FirmProfile, kvk_number)
            history = s.scalars(
                select(AuditEntry)
                .where(AuditEntry.entity == "firm", AuditEntry.entity_id == kvk_number)
                .order_by(AuditEntry.id)
            ).all()
            contact = {f: getattr(prof, f) if prof else None for f in CONTACT_FIELDS}
            changes = [
                {
                    "at": _aware(e.at).isoformat(),
                    "by": e.actor,
                    "old": {f: v for f, v in (e.old_value or {}).items() if f in CONTACT_FIELDS},
                    "new": {f: v for f, v in (e.new_value or {}).items() if f in CONTACT_FIELDS},
                }
                for e in history
                if isinstance(e.new_value, dict) and any(f in e.new_value for f in CONTACT_FIELDS)
            ]
            return {"kvk_number": kvk_number, "contact": contact, "history": changes}

    def delete_contact(self, p: Principal, kvk_number: str) -> None:
        """Erase the contact person, also from the old and new values in the audit log."""
        _kvk(kvk_number)
        self._edit_firm(p, kvk_number)
        with self.store.transaction() as s:
            prof = s.get(FirmProfile, kvk_number, with_for_update=True)
            if prof is not None:
                for f in CONTACT_FIELDS:
                    setattr(prof, f, None)
                prof.updated_by, prof.updated_at = p.name, utcnow()
            for e in s.scalars(
                select(AuditEntry).where(AuditEntry.entity == "firm", AuditEntry.entity_id == kvk_number)
            ):
                for attr in ("old_value", "new_value"):
                    value = getattr(e, attr)
                    if isinstance(value, dict) and any(value.get(f) for f in CONTACT_FIELDS):
                        setattr(
                            e,
                            attr,
                            {k: (ERASED if k in CONTACT_FIELDS and v else v) for k, v in value.items()},
                        )
            self._audit(s, p, "contact.delete", "firm", kvk_number, {f: ERASED for f in CONTACT_FIELDS}, None)

    # -- demands --------------------------------------------------------------------------------------
    def post_demand(self, p: Principal, demand: dict[str, Any]) -> dict[str, Any]:
        self._require(p, "buyer")
        if demand.get("visibility") not in VISIBILITIES:
            raise InputError(f"visibility is one of {', '.join(VISIBILITIES)}", field="visibility")
        with self.store.transaction() as s:
            d = Demand(buyer_id=p.account_id, status="open", **demand)
            s.add(d)
            s.flush()
            out = demand_out(d)
            self._audit(s, p, "demand.create", "demand", d.id, None, out)
            if d.visibility == "open":
                opted = s.scalars(select(FirmProfile.kvk_number).where(FirmProfile.defence_opt_in)).all()
                ids = list(
                    s.scalars(
                        select(Account.id).where(
                            Account.role == "firm", Account.active, Account.kvk_number.in_(opted)
                        )
                    )
                )
                self._notify(s, ids, "demand.new", f"New demand: {d.title}", d.text[:2000])
            return out

    def update_demand(self, p: Principal, demand_id: int, changes: dict[str, Any]) -> dict[str, Any]:
        self._require(p, "buyer")
        with self.store.transaction() as s:
            d = self._demand(s, demand_id)
            if d.buyer_id != p.account_id:
                raise Forbidden("a buyer changes only its own demands")
            old = demand_out(d)
            for key, value in changes.items():
                setattr(d, key, value)
            d.updated_at = utcnow()
            new = demand_out(d)
            self._audit(s, p, "demand.update", "demand", d.id, old, new)
            return new

    def demands(self, p: Principal) -> list[dict[str, Any]]:
        with self.store.session() as s:
            q = select(Demand).order_by(Demand.id)
            if p.role == "buyer":
                q = q.where(Demand.buyer_id == p.account_id)
            elif p.role == "firm":
                linked = select(DemandFirm.demand_id).where(DemandFirm.kvk_number == p.kvk_number)
                if self._opted_in(s, p.kvk_number or ""):
                    q = q.where(
                        or_(Demand.id.in_(linked), (Demand.visibility == "open") & (Demand.status == "open"))
                    )
                else:
                    q = q.where(Demand.id.in_(linked))
            return [demand_out(d) for d in s.scalars(q)]

    def demand(self, p: Principal, demand_id: int) -> dict[str, Any]:
        with self.store.session() as s:
            d = self._demand(s, demand_id)
            if not self._may_see_demand(s, p, d):
                raise Forbidden("this demand is not visible to you")
            return demand_out(d)

    def _link(self, s: Session, p: Principal, d: Demand, kvk_number: str, kind: str) -> bool:
        exists = s.scalar(
            select(DemandFirm.id).where(
                DemandFirm.demand_id == d.id, DemandFirm.kvk_number == kvk_number, DemandFirm.kind == kind
            )
        )
        if exists is not None:
            return False
        s.add(DemandFirm(demand_id=d.id, kvk_number=kvk_number, kind=kind, by_account=p.name))
        self._audit(s, p, f"demand.{kind}", "demand", d.id, None, {"kvk_number": kvk_number})
        self._notify(
            s,
            self._firm_accounts(s, kvk_number),
            f"demand.{kind}",
            f"{_LINK_SUBJECT[kind]}: {d.title}",
            d.text[:2000],
        )
        return True

    def invite_firm(self, p: Principal, demand_id: int, kvk_number: str) -> bool:
        self._require(p, "buyer")
        _kvk(kvk_number)
        with self.store.transaction() as s:
            d = self._demand(s, demand_id)
            if d.buyer_id != p.account_id:
                raise Forbidden("a buyer invites only to its own demands")
            if not self._buyer_may_see_firm(s, p, kvk_number):
                raise Forbidden("this firm has not opted in and was not put forward")
            return self._link(s, p, d, kvk_number, "invited")

    def put_forward(self, p: Principal, demand_id: int, kvk_number: str) -> bool:
        self._require(p, "analyst")
        _kvk(kvk_number)
        with self.store.transaction() as s:
            d = self._demand(s, demand_id)
            return self._link(s, p, d, kvk_number, "put_forward")

    def respond(self, p: Principal, demand_id: int, answer: str, note: str = "") -> dict[str, Any]:
        self._require(p, "firm")
        if answer not in ANSWERS:
            raise InputError(f"answer is one of {', '.join(ANSWERS)}", field="answer")
        assert p.kvk_number is not None
        for attempt in range(2):
            try:
                return self._respond(p, demand_id, answer, note)
            except IntegrityError:
                # Two first answers at once: the loser retries as an update of the winner's row.
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def _respond(self, p: Principal, demand_id: int, answer: str, note: str) -> dict[str, Any]:
        with self.store.transaction() as s:
            d = self._demand(s, demand_id)
            if not self._may_see_demand(s, p, d):
                raise Forbidden("this demand is not visible to you")
            r = s.scalar(
                select(Response)
                .where(Response.demand_id == d.id, Response.kvk_number == p.kvk_number)
                .with_for_update()
            )
            old = None if r is None else {"answer": r.answer, "note": r.note}
            if r is None:
                r = Response(
                    demand_id=d.id, kvk_number=p.kvk_number, answer=answer, note=note, by_account=p.name
                )
                s.add(r)
            else:
                r.answer, r.note, r.by_account, r.at = answer, note, p.name, utcnow()
            new = {"answer": answer, "note": note}
            self._audit(s, p, "response.set", "demand", d.id, old, {**new, "kvk_number": p.kvk_number})
            self._notify(
                s, [d.buyer_id], "demand.response", f"A response to: {d.title}", f"{p.kvk_number}: {answer}"
            )
            s.flush()
            return {"demand_id": d.id, "kvk_number": p.kvk_number, **new}

    def responses(self, p: Principal, demand_id: int) -> list[dict[str, Any]]:
        self._require(p, "analyst", "buyer")
        with self.store.session() as s:
            d = self._demand(s, demand_id)
            if p.role == "buyer" and d.buyer_id != p.account_id:
                raise Forbidden("a buyer sees only the responses to its own demands")
            rows = s.scalars(select(Response).where(Response.demand_id == d.id).order_by(Response.id))
            return [
                {
                    "kvk_number": r.kvk_number,
                    "answer": r.answer,
                    "note": r.note,
                    "by": r.by_account,
                    "at": _aware(r.at).isoformat(),
                }
                for r in rows
            ]

    def linked_firms(self, p: Principal, demand_id: int) -> list[dict[str, Any]]:
        self._require(p, "analyst", "buyer")
        with self.store.session() as s:
            d = self._demand(s, demand_id)
            if p.role == "buyer" and d.buyer_id != p.account_id:
                raise Forbidden("a buyer sees only its own demands")
            rows = s.scalars(select(DemandFirm).where(DemandFirm.demand_id == d.id).order_by(DemandFirm.id))
            return [{"kvk_number": r.kvk_number, "kind": r.kind, "by": r.by_account} for r in rows]

    # -- follow-up: shortlisted and won ----------------------------------------------------------------
    def _own_or_analyst(self, p: Principal, d: Demand) -> None:
        if p.role == "analyst" or (p.role == "buyer" and d.buyer_id == p.account_id):
            return
        raise Forbidden("only the demand's buyer or an analyst")

    def advance(self, p: Principal, demand_id: int, kvk_number: str, kind: str) -> bool:
        """Shortlist a firm that answered `interested`, or mark a shortlisted firm as having `won` the work."""
        self._require(p, "analyst", "buyer")
        _kvk(kvk_number)
        if kind not in ("shortlisted", "won"):
            raise InputError("the next step is shortlisted or won", field="kind")
        with self.store.transaction() as s:
            d = self._demand(s, demand_id)
            self._own_or_analyst(p, d)
            if kind == "shortlisted":
                answer = s.scalar(
                    select(Response.answer).where(
                        Response.demand_id == d.id, Response.kvk_number == kvk_number
                    )
                )
                if answer != "interested":
                    raise InputError(
                        "only a firm that answered interested can be shortlisted", field="kvk_number"
                    )
            elif "shortlisted" not in self._firm_links(s, d.id, kvk_number):
                raise InputError("shortlist the firm before marking that it won the work", field="kvk_number")
            return self._link(s, p, d, kvk_number, kind)

    def follow_up(self, p: Principal, demand_id: int) -> list[dict[str, Any]]:
        """Each firm on a demand and how far it got: invited / put forward -> responded -> shortlisted -> won."""
        self._require(p, "analyst", "buyer")
        with self.store.session() as s:
            d = self._demand(s, demand_id)
            self._own_or_analyst(p, d)
            firms: dict[str, dict[str, Any]] = {}

            def row(kvk: str) -> dict[str, Any]:
                return firms.setdefault(
                    kvk,
                    {
                        "kvk_number": kvk,
                        **{k: False for k in ("invited", "put_forward", "shortlisted", "won")},
                        "answer": None,
                        "note": "",
                        "answered_at": None,
                    },
                )

            for link in s.scalars(
                select(DemandFirm).where(DemandFirm.demand_id == d.id).order_by(DemandFirm.id)
            ):
                row(link.kvk_number)[link.kind] = True
            for r in s.scalars(select(Response).where(Response.demand_id == d.id).order_by(Response.id)):
                got = row(r.kvk_number)
                got.update(answer=r.answer, note=r.note, answered_at=_aware(r.at).isoformat())
            for got in firms.values():
                got["stage"] = (
                    "won"
                    if got["won"]
                    else "shortlisted"
                    if got["shortlisted"]
                    else "responded"
                    if got["answer"]
                    else "put_forward"
                    if got["put_forward"]
                    else "invited"
                )
            return list(firms.values())

    def firm_demands(self, p: Principal) -> list[dict[str, Any]]:
        """A firm's demands (as `demands`) with how it is linked to each and its own answer."""
        self._require(p, "firm")
        visible = self.demands(p)
        with self.store.session() as s:
            links: dict[int, set[str]] = {}
            for link in s.scalars(select(DemandFirm).where(DemandFirm.kvk_number == p.kvk_number)):
                links.setdefault(link.demand_id, set()).add(link.kind)
            answers = {
                r.demand_id: {"answer": r.answer, "note": r.note}
                for r in s.scalars(select(Response).where(Response.kvk_number == p.kvk_number))
            }
        return [
            {**d, "links": sorted(links.get(d["id"], set())), "response": answers.get(d["id"])}
            for d in visible
        ]

    def opted_in_firms(self, p: Principal) -> set[str]:
        """KvK numbers of firms that opted in to defence demand (the peers a firm is ranked among)."""
        with self.store.session() as s:
            return set(s.scalars(select(FirmProfile.kvk_number).where(FirmProfile.defence_opt_in)))

    def buyer_names(self, p: Principal) -> dict[int, str]:
        """Display names of buyer accounts (for the demands a principal may see)."""
        with self.store.session() as s:
            return {
                a.id: a.display_name or a.name
                for a in s.scalars(select(Account).where(Account.role == "buyer"))
            }

    def pending_certificates(self, p: Principal) -> list[dict[str, Any]]:
        """Certificates waiting for an analyst: declared, not verified, not expired."""
        self._require(p, "analyst")
        today = dt.date.today()
        with self.store.session() as s:
            rows = s.scalars(
                select(Certificate)
                .where(Certificate.verified_at.is_(None), Certificate.expires_on >= today)
                .order_by(Certificate.id)
            )
            return [{**certificate_out(c, today), "kvk_number": c.kvk_number} for c in rows]

    def report(self, p: Principal) -> dict[str, Any]:
        """Per buyer: demands, firms reached, responses and response rate, shortlisted, won; and who won."""
        self._require(p, "analyst")
        with self.store.session() as s:
            buyers = {a.id: a for a in s.scalars(select(Account).where(Account.role == "buyer"))}
            demands = s.scalars(select(Demand)).all()
            links = s.scalars(select(DemandFirm)).all()
            responses = s.scalars(select(Response)).all()
            by_demand: dict[int, dict[str, set[str]]] = {}
            for link in links:
                by_demand.setdefault(link.demand_id, {}).setdefault(link.kind, set()).add(link.kvk_number)
            answered: dict[int, dict[str, str]] = {}
            for r in responses:
                answered.setdefault(r.demand_id, {})[r.kvk_number] = r.answer
            rows: dict[int, dict[str, Any]] = {
                bid: _buyer_row(a.display_name or a.name) for bid, a in buyers.items()
            }
            won: list[dict[str, Any]] = []
            for d in demands:
                row = rows.setdefault(d.buyer_id, _buyer_row(str(d.buyer_id)))
                kinds = by_demand.get(d.id, {})
                asked = kinds.get("invited", set()) | kinds.get("put_forward", set())
                answers = answered.get(d.id, {})
                row["demands"] += 1
                row["open"] += d.status == "open"
                row["firms_asked"] += len(asked)
                row["answered"] += len(asked & set(answers))
                row["responses"] += len(answers)
                row["interested"] += sum(a == "interested" for a in answers.values())
                row["shortlisted"] += len(kinds.get("shortlisted", set()))
                row["won"] += len(kinds.get("won", set()))
                won += [
                    {"kvk_number": k, "demand_id": d.id, "title": d.title}
                    for k in sorted(kinds.get("won", set()))
                ]
            out = []
            for row in rows.values():
                # Of the firms a buyer invited or an analyst put forward, the share that answered at all.
                row["response_rate"] = (
                    round(row["answered"] / row["firms_asked"], 3) if row["firms_asked"] else None
                )
                out.append(row)
            return {"buyers": sorted(out, key=lambda r: r["buyer"]), "won": won}

    # -- analyst views --------------------------------------------------------------------------------
    def audit(self, p: Principal, limit: int = 500) -> list[dict[str, Any]]:
        self._require(p, "analyst")
        with self.store.session() as s:
            rows = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit))
            return [
                {
                    "id": e.id,
                    "at": _aware(e.at).isoformat(),
                    "actor": e.actor,
                    "action": e.action,
                    "entity": e.entity,
                    "entity_id": e.entity_id,
                    "old_value": e.old_value,
                    "new_value": e.new_value,
                }
                for e in rows
            ]

    def outbox(self, p: Principal, limit: int = 500) -> list[dict[str, Any]]:
        self._require(p, "analyst")
        with self.store.session() as s:
            rows = s.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit))
            return [
                {
                    "id": m.id,
                    "account_id": m.account_id,
                    "kind": m.kind,
                    "subject": m.subject,
                    "sent": m.sent_at is not None,
                }
                for m in rows
            ]


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return _json(value)


def _hash_password(password: str) -> str:
    if len(password or "") < MIN_PASSWORD:
        raise InputError(f"a password has at least {MIN_PASSWORD} characters", field="password")
    return _hasher.hash(password)


def _buyer_row(buyer: str) -> dict[str, Any]:
    """One buyer's row of the buyer report, every count at zero."""
    counts = ("demands", "open", "firms_asked", "answered", "responses", "interested", "shortlisted", "won")
    return {"buyer": buyer, **dict.fromkeys(counts, 0)}
