"""The facilitator PIN, facilitator sessions and the login limit.

Hardened for a hostile room (issue 13):

* PIN attempts are counted per client address, with a growing delay after a few wrong
  ones (`login_delay`); the delay of one address never blocks another, and the machine
  itself (localhost) is never locked out. Each attempt is recorded in a write transaction
  BEFORE its hash is checked, so a burst of concurrent attempts is counted as it comes.
* At most `VERIFY_SLOTS` PIN hashes are checked at once in the process (argon2id takes
  64 MiB each: 30 at once took 1.5 GB and stalled the server).
* The first PIN may be set only from the machine itself or with the one-time set-up code
  printed on the server's console (`announce_setup_code`).
* Session tokens and the one-time login hand-off codes are stored as SHA-256 hashes; the
  browser gets its session through an HttpOnly cookie set by workshop/guard.py.
* Changing the PIN ends every other facilitator session.
"""

from __future__ import annotations

import hmac
import logging
import math
import secrets
import sys
import threading
import time
from typing import Any

from .. import domain as d
from ..domain import AccessDenied, WorkshopError
from .access import facilitator, local, pin_setup, public
from .base import StoreBase
from .limits import client_key, digest, is_local

log = logging.getLogger(__name__)

SESSION_TTL = 12 * 3600
LOGIN_WINDOW = 900  # failures older than this are forgotten
LOGIN_FREE_FAILURES = 3  # wrong PINs per client before the delays start
LOGIN_FIRST_DELAY = 5  # seconds after the first failure past the free ones, doubling ...
LOGIN_MAX_DELAY = 300  # ... up to this
LOGIN_MAX_FAILURES = LOGIN_FREE_FAILURES  # (name kept for callers of the old limit)
HANDOFF_TTL = 60  # seconds a login hand-off code is valid
VERIFY_SLOTS = 2  # PIN hashes checked at once
VERIFY_WAIT = 20  # seconds an attempt waits for a slot before "busy"
SETUP_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

_VERIFY = threading.BoundedSemaphore(VERIFY_SLOTS)  # process-wide: every Store shares it


def login_delay(failures: int) -> int:
    """Seconds a client must wait after its last attempt, having `failures` recent ones."""
    if failures < LOGIN_FREE_FAILURES:
        return 0
    return min(LOGIN_MAX_DELAY, LOGIN_FIRST_DELAY * 2 ** (failures - LOGIN_FREE_FAILURES))


class AuthStore(StoreBase):
    """The PIN (an argon2 hash in `settings`), sessions in `fac_sessions`, and the audit."""

    _setup_code: str | None = None  # the one-time first-run code (memory only)
    _configured_pin: str | None = None  # HMAC of BIMTEK_PIN (memory only), see ensure_pin
    _pin_differs = False
    _pin_key = secrets.token_bytes(16)

    # ---------------------------------------------------------------- hashing, slots

    def _verify(self, hashed: str, pin: str) -> bool:
        """Check a PIN against its hash, at most VERIFY_SLOTS at once in the process."""
        if not _VERIFY.acquire(timeout=VERIFY_WAIT):
            raise AccessDenied("Server sedang sibuk memeriksa PIN. Coba lagi sebentar lagi.")
        try:
            return bool(self._hasher.verify(hashed, pin))
        finally:
            _VERIFY.release()

    def _hash_pin(self, pin: str) -> str:
        if not _VERIFY.acquire(timeout=VERIFY_WAIT):
            raise AccessDenied("Server sedang sibuk memeriksa PIN. Coba lagi sebentar lagi.")
        try:
            return str(self._hasher.hash(pin))
        finally:
            _VERIFY.release()

    def _pin_mark(self, pin: str) -> str:
        return hmac.new(self._pin_key, pin.encode("utf-8", "surrogatepass"), "sha256").hexdigest()

    # ---------------------------------------------------------------- who is calling

    def _is_facilitator(self, auth: object) -> bool:
        """A live session (its hash is stored) or the machine's own token."""
        if d.safe_key(auth) is None:
            return False
        machine = self._machine_token
        if machine is not None and secrets.compare_digest(str(auth), machine):
            return True
        row = self._row(
            "SELECT 1 FROM fac_sessions WHERE token = ? AND expires_at > ?",
            (digest(str(auth)), time.time()),
        )
        return row is not None

    def _new_session(self, c: Any, now: float, expires: float | None = None) -> str:
        token = secrets.token_urlsafe(24)
        c.execute(
            "INSERT INTO fac_sessions VALUES (?, ?, ?)",
            (digest(token), now, expires if expires is not None else now + SESSION_TTL),
        )
        return token

    # ---------------------------------------------------------------- the PIN

    @public
    def has_pin(self) -> bool:
        return self._row("SELECT 1 FROM settings WHERE key = 'pin_hash'") is not None

    @public
    def announce_setup_code(self) -> None:
        """Print the one-time first-run set-up code on the server's console (once per
        process; nothing while a PIN is set). Whoever sits at the laptop reads it there;
        a visitor on another device must type it to set the first PIN."""
        if self.has_pin():
            return
        with self._lock:
            if self._setup_code is not None:
                return
            code = "".join(secrets.choice(SETUP_ALPHABET) for _ in range(8))
            self._setup_code = code
        text = f"Bimtek Live: kode penyiapan PIN fasilitator (sekali pakai): {code}"
        log.warning(text)
        print(text, file=sys.stderr, flush=True)

    @local
    def setup_code(self) -> str | None:
        """The pending set-up code (announced if not yet): for the console and tests."""
        self.announce_setup_code()
        return self._setup_code

    @pin_setup
    def set_pin(
        self,
        new_pin: str,
        auth: str | None = None,
        *,
        client: str | None = None,
        setup_code: str | None = None,
    ) -> None:
        """Set the facilitator PIN. The first PIN: from the machine itself (`client`
        local; None is a direct call on the machine) or with the one-time set-up code;
        afterwards only a logged-in facilitator, and every other session ends."""
        pin = d.clean_text(new_pin, label="PIN", max_len=64)
        if len(pin) < 4:
            raise WorkshopError("PIN minimal 4 karakter.")
        first = not self.has_pin()
        if first and not is_local(client):
            self._count_attempt(client)  # a wrong set-up code counts like a wrong PIN
            expected = self._setup_code
            typed = setup_code.strip().upper() if isinstance(setup_code, str) else ""
            if expected is None or not secrets.compare_digest(typed, expected):
                self.announce_setup_code()
                raise AccessDenied(
                    "PIN pertama hanya bisa diatur dari laptop server atau dengan kode "
                    "penyiapan yang tampil di konsol server."
                )
        hashed = self._hash_pin(pin)
        with self._tx() as c:
            if c.execute("SELECT 1 FROM settings WHERE key='pin_hash'").fetchone():
                self._require_facilitator(auth)  # in the transaction: two first runs race
                c.execute("DELETE FROM fac_sessions WHERE token <> ?", (digest(auth or ""),))
                c.execute("DELETE FROM fac_handoffs")
            c.execute(
                "INSERT OR REPLACE INTO settings(key, value) VALUES ('pin_hash', ?)", (hashed,)
            )
            self._audit(c, None, "set_pin")
            if first:
                c.execute("DELETE FROM login_attempts WHERE client = ?", (client_key(client),))
        self._setup_code = None
        self._pin_differs = (
            self._configured_pin is not None and self._pin_mark(pin) != self._configured_pin
        )

    @local
    def ensure_pin(self, pin: str) -> None:
        """Make `pin` (BIMTEK_PIN / secrets, read at start) the PIN: it replaces a
        different stored one (ending every session), so the operator of the machine can
        always get in. A PIN changed later in the app differs from it until the next
        start: `pin_differs_from_config` tells the facilitator pages to warn."""
        pin = d.clean_text(pin, label="PIN", max_len=64)
        self._configured_pin = self._pin_mark(pin)
        self._pin_differs = False
        row = self._row("SELECT value FROM settings WHERE key='pin_hash'")
        if row and self._verify(row["value"], pin):
            return
        hashed = self._hash_pin(pin)
        with self._tx() as c:
            c.execute(
                "INSERT OR REPLACE INTO settings(key, value) VALUES ('pin_hash', ?)", (hashed,)
            )
            c.execute("DELETE FROM fac_sessions")
            c.execute("DELETE FROM fac_handoffs")
            self._audit(c, None, "ensure_pin")

    @public
    def pin_differs_from_config(self) -> bool:
        """Was the PIN changed in the app since this server started with BIMTEK_PIN (so the
        next start puts BIMTEK_PIN back)?"""
        return self._pin_differs

    # ---------------------------------------------------------------- logging in

    def _count_attempt(self, client: str | None, now: float | None = None) -> None:
        """Record one attempt of `client` (in its own write transaction, before any hash
        is checked), or refuse it while the client's delay runs. The machine itself is
        never delayed."""
        now = time.time() if now is None else now
        key = client_key(client)
        with self._tx() as c:
            c.execute("DELETE FROM login_attempts WHERE ts < ?", (now - LOGIN_WINDOW,))
            if not is_local(client):
                n, last = c.execute(
                    "SELECT count(*), max(ts) FROM login_attempts WHERE client = ?", (key,)
                ).fetchone()
                wait = (last or 0) + login_delay(n) - now
                if wait > 0:
                    raise AccessDenied(
                        "Terlalu banyak percobaan PIN dari perangkat ini. "
                        f"Coba lagi dalam {max(1, math.ceil(wait))} detik."
                    )
            c.execute("INSERT INTO login_attempts(client, ts) VALUES (?, ?)", (key, now))

    @public
    def login(self, pin: str, *, client: str | None = None, now: float | None = None) -> str:
        """Check the PIN; return a facilitator session token. `client` is the request's
        address (a page passes it; None is a direct call on the machine itself)."""
        now = time.time() if now is None else now
        row = self._row("SELECT value FROM settings WHERE key='pin_hash'")
        if row is None:
            raise AccessDenied("PIN fasilitator belum diatur.")
        self._count_attempt(client, now)
        try:
            typed = d.clean_text(pin, label="PIN", max_len=64)
        except WorkshopError:
            typed = None
        if typed is None or not self._verify(row["value"], typed):
            with self._tx() as c:
                self._audit(c, None, "login_failed", {"client": client_key(client)})
            raise AccessDenied("PIN salah.")
        with self._tx() as c:
            c.execute("DELETE FROM login_attempts WHERE client = ?", (client_key(client),))
            c.execute("DELETE FROM fac_sessions WHERE expires_at < ?", (now,))
            c.execute("DELETE FROM fac_handoffs WHERE expires_at < ?", (time.time(),))
            return self._new_session(c, now)

    @facilitator
    def login_handoff(self, auth: str) -> str:
        """A one-time code (valid HANDOFF_TTL seconds) the browser swaps at /api/masuk for
        an HttpOnly session cookie (`redeem_handoff`); `auth` ends in the swap."""
        code = secrets.token_urlsafe(24)
        now = time.time()
        with self._tx() as c:
            c.execute("DELETE FROM fac_handoffs WHERE expires_at < ?", (now,))
            c.execute(
                "INSERT INTO fac_handoffs VALUES (?, ?, ?)",
                (digest(code), digest(auth), now + HANDOFF_TTL),
            )
        return code

    @public
    def redeem_handoff(self, code: str | None) -> str:
        """Swap a hand-off code (once) for a new session token, ending the session that
        asked for the code. Refused when unknown, used or expired."""
        key = d.safe_key(code)
        now = time.time()
        with self._tx() as c:
            row = None
            if key is not None and len(key) <= 100:
                row = c.execute(
                    "SELECT session_hash, expires_at FROM fac_handoffs WHERE code_hash = ?",
                    (digest(key),),
                ).fetchone()
                c.execute("DELETE FROM fac_handoffs WHERE code_hash = ?", (digest(key),))
            session = None
            if row is not None and row["expires_at"] > now:
                session = c.execute(
                    "SELECT expires_at FROM fac_sessions WHERE token = ? AND expires_at > ?",
                    (row["session_hash"], now),
                ).fetchone()
            if row is None or session is None:
                raise AccessDenied("Kode masuk tidak berlaku lagi. Silakan masuk dengan PIN.")
            c.execute("DELETE FROM fac_sessions WHERE token = ?", (row["session_hash"],))
            return self._new_session(c, now, session["expires_at"])

    @local
    def system_auth(self) -> str:
        """A facilitator session for trusted local tools (CLI, the snapshot thread, tests),
        never for pages."""
        now = time.time()
        with self._tx() as c:
            return self._new_session(c, now)

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
            if isinstance(auth, str) and d.safe_key(auth) is not None:
                c.execute("DELETE FROM fac_sessions WHERE token = ?", (digest(auth),))
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
