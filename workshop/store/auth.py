"""The facilitator PIN, facilitator sessions and the login rate limit."""

from __future__ import annotations

import secrets
import time
from typing import Any

from .. import domain as d
from ..domain import AccessDenied, WorkshopError
from .access import local, pin_setup, public
from .base import StoreBase

SESSION_TTL = 12 * 3600
LOGIN_WINDOW = 300
LOGIN_MAX_FAILURES = 5


class AuthStore(StoreBase):
    """The PIN (an argon2 hash in `settings`), sessions in `fac_sessions`, and the audit."""

    @public
    def has_pin(self) -> bool:
        return self._row("SELECT 1 FROM settings WHERE key = 'pin_hash'") is not None

    @pin_setup
    def set_pin(self, new_pin: str, auth: str | None = None) -> None:
        """Set the facilitator PIN: allowed on first run, otherwise only when logged in."""
        pin = d.clean_text(new_pin, label="PIN", max_len=64)
        if len(pin) < 4:
            raise WorkshopError("PIN minimal 4 karakter.")
        hashed = self._hasher.hash(pin)
        with self._tx() as c:
            if c.execute("SELECT 1 FROM settings WHERE key='pin_hash'").fetchone():
                self._require_facilitator(auth)  # in the transaction: two first runs race
            c.execute(
                "INSERT OR REPLACE INTO settings(key, value) VALUES ('pin_hash', ?)", (hashed,)
            )
            self._audit(c, None, "set_pin")

    @local
    def ensure_pin(self, pin: str) -> None:
        """Make `pin` the PIN (from BIMTEK_PIN / secrets): replaces a different stored one."""
        pin = d.clean_text(pin, label="PIN", max_len=64)
        row = self._row("SELECT value FROM settings WHERE key='pin_hash'")
        if row and self._hasher.verify(row["value"], pin):
            return
        hashed = self._hasher.hash(pin)
        with self._tx() as c:
            c.execute(
                "INSERT OR REPLACE INTO settings(key, value) VALUES ('pin_hash', ?)", (hashed,)
            )
            c.execute("DELETE FROM fac_sessions")

    @public
    def login(self, pin: str, *, now: float | None = None) -> str:
        """Check the PIN; return a facilitator session token. Failures are limited."""
        now = time.time() if now is None else now
        row = self._row("SELECT value FROM settings WHERE key='pin_hash'")
        if row is None:
            raise AccessDenied("PIN fasilitator belum diatur.")
        recent = [
            r[0]
            for r in self._rows(
                "SELECT ts FROM login_failures WHERE ts > ? ORDER BY ts DESC", (now - LOGIN_WINDOW,)
            )
        ]
        if len(recent) >= LOGIN_MAX_FAILURES:
            # locked until the failure that makes the count reach the limit leaves the window
            wait = int(recent[LOGIN_MAX_FAILURES - 1] + LOGIN_WINDOW - now) + 1
            raise AccessDenied(f"Terlalu banyak percobaan PIN. Coba lagi dalam {wait} detik.")
        try:
            typed = d.clean_text(pin, label="PIN", max_len=64)
        except WorkshopError:
            typed = None
        if typed is None or not self._hasher.verify(row["value"], typed):
            with self._tx() as c:
                c.execute("INSERT INTO login_failures(ts) VALUES (?)", (now,))
                self._audit(c, None, "login_failed")
                c.execute("DELETE FROM login_failures WHERE ts < ?", (now - LOGIN_WINDOW,))
            raise AccessDenied("PIN salah.")
        token = secrets.token_urlsafe(24)
        with self._tx() as c:
            c.execute("DELETE FROM login_failures")
            c.execute("DELETE FROM fac_sessions WHERE expires_at < ?", (now,))
            c.execute("INSERT INTO fac_sessions VALUES (?, ?, ?)", (token, now, now + SESSION_TTL))
        return token

    @local
    def system_auth(self) -> str:
        """A facilitator session for trusted local tools (CLI, the snapshot thread, tests),
        never for pages."""
        token = secrets.token_urlsafe(24)
        now = time.time()
        with self._tx() as c:
            c.execute("INSERT INTO fac_sessions VALUES (?, ?, ?)", (token, now, now + SESSION_TTL))
        return token

    @local
    def machine_auth(self) -> str:
        """The facilitator token of code running on the machine itself (the CLI, the
        snapshot thread). Unlike `system_auth` it lives in this Store object only, never
        in the database: no snapshot holds it, a restore keeps it, it ends with the process."""
        with self._lock:
            if self._machine_token is None:
                self._machine_token = secrets.token_urlsafe(24)
            return self._machine_token

    @public
    def logout(self, auth: str | None) -> None:
        """End this session (a token that is not a session ends nothing)."""
        with self._tx() as c:
            c.execute("DELETE FROM fac_sessions WHERE token = ?", (auth or "",))
            if auth is not None and auth == self._machine_token:
                self._machine_token = None

    @public
    def is_facilitator(self, auth: str | None) -> bool:
        """Is `auth` a live facilitator session?"""
        return self._is_facilitator(auth)

    @local
    def audit_log(self, workshop_id: int | None = None) -> list[dict[str, Any]]:
        """Facilitator actions, oldest first (all workshops when `workshop_id` is None)."""
        if workshop_id is None:
            return [dict(r) for r in self._rows("SELECT * FROM audit ORDER BY id")]
        return [
            dict(r)
            for r in self._rows(
                "SELECT * FROM audit WHERE workshop_id = ? ORDER BY id", (workshop_id,)
            )
        ]
