"""ASGI middleware in front of Streamlit for what a script run cannot do safely (issue 13).

- **Device cookie** (`bimtek_dev`): every HTML page answered without one sets a random,
  HttpOnly, long-lived cookie. The join form passes it to the core, so a second join
  from the same browser resumes the same participant (store/participants.py `join`).
- **Facilitator cookie** (`bimtek_fac`): Streamlit cannot set an HttpOnly cookie, and a
  cookie written by page JavaScript is readable by page JavaScript. The login page checks
  the PIN and gets a one-time hand-off code from the core; the browser is sent to
  `GET <base>/api/masuk?kode=<code>`, answered here: the core swaps the code for a session
  token (`redeem_handoff`), set as an `HttpOnly; SameSite=Strict` cookie (`Secure` when
  served over HTTPS: the scheme, or `X-Forwarded-Proto: https` from a proxy), and the
  browser is redirected to the login page, which then shows the facilitator's menu.
  `GET <base>/api/keluar` ends the cookie's session and clears the cookie.
- **`/_stcore/metrics`** is refused (404): Streamlit has no option to turn it off, and
  it tells anyone on the Wi-Fi how many sessions are open and how much memory they use.

Database work runs in a worker thread, never on the event loop."""

from __future__ import annotations

import asyncio
import html
import os
import secrets
import time
import urllib.parse
from collections.abc import Callable
from typing import Any

from .domain import WorkshopError
from .store import SESSION_TTL, Store
from .web import Receive, Scope, Send, _prefix, cookie_values

REQUEST_LOG_ENV = "BIMTEK_REQUEST_LOG"  # benchmarks only: one line per request to this file


def _open_request_log() -> Any:
    """The request log's file when BIMTEK_REQUEST_LOG names one (bench/browser_burst.py
    compares what Chromium and the simulated phones ask of the server); else None."""
    path = os.environ.get(REQUEST_LOG_ENV)
    return open(path, "a", buffering=1, encoding="utf-8") if path else None  # noqa: SIM115


def _log_request(out: Any, scope: Scope) -> None:
    """time, type, method, path, client port (one per connection), header bytes."""
    client = scope.get("client") or ("", 0)
    size = sum(len(k) + len(v) + 4 for k, v in scope.get("headers") or [])
    path = str(scope.get("path", ""))[:80].replace(" ", "%20")
    out.write(
        f"{time.time():.4f} {scope['type']} {scope.get('method', '-')} {path} {client[1]} {size}\n"
    )


DEVICE_COOKIE = "bimtek_dev"
DEVICE_MAX_AGE = 400 * 24 * 3600  # the longest a browser keeps a cookie (Chrome: 400 days)
FAC_COOKIE = "bimtek_fac"  # read by workshop/web.py's downloads and pages/common.py
LOGIN_PATH = "/api/masuk"
LOGOUT_PATH = "/api/keluar"
METRICS_PATH = "/_stcore/metrics"
AFTER_LOGIN = "/masuk"  # the login page: shows the facilitator's pages once logged in

MSG_HANDOFF = "Kode masuk tidak berlaku lagi. Silakan masuk dengan PIN."


def login_url(code: str, base_path: str = "", next_path: str | None = None) -> str:
    """Where a page sends the browser with its one-time hand-off code (and the page to
    come back to, `next_path`: the login page unless told)."""
    query = {"kode": code}
    if next_path:
        query["lanjut"] = next_path
    return f"{_prefix(base_path)}{LOGIN_PATH}?" + urllib.parse.urlencode(query)


def safe_next(value: str | None, prefix: str) -> str:
    """A page of this app to redirect to after login: a plain path under the base path
    (no scheme, host, '//', backslash or control character), else the login page."""
    if (
        isinstance(value, str)
        and value.startswith(prefix + "/")
        and not value.startswith("//")
        and len(value) <= 200
        and all(c.isalnum() or c in "/-_." for c in value)
        and ".." not in value
    ):
        return value
    return prefix + AFTER_LOGIN


def logout_url(base_path: str = "") -> str:
    return _prefix(base_path) + LOGOUT_PATH


def is_https(scope: Scope) -> bool:
    """Served over HTTPS: directly, or behind a proxy saying so."""
    if scope.get("scheme") in ("https", "wss"):
        return True
    for key, value in scope.get("headers") or []:
        if key.lower() == b"x-forwarded-proto":
            return value.decode("latin-1").split(",")[0].strip().lower() == "https"
    return False


def cookie_header(
    name: str, value: str, *, path: str, max_age: int, secure: bool, same_site: str
) -> tuple[bytes, bytes]:
    parts = [f"{name}={value}", f"Path={path}", f"Max-Age={max_age}", "HttpOnly"]
    parts.append(f"SameSite={same_site}")
    if secure:
        parts.append("Secure")
    return b"set-cookie", "; ".join(parts).encode("latin-1")


def _query_value(scope: Scope, key: str) -> str | None:
    try:
        query = urllib.parse.parse_qs(
            (scope.get("query_string") or b"").decode("ascii"), max_num_fields=5
        )
    except (UnicodeDecodeError, ValueError):
        return None
    values = query.get(key) or []
    return values[0] if len(values) == 1 else None


class Guard:
    """ASGI middleware: the device cookie, the facilitator's login and logout routes, and
    no metrics endpoint; everything else passes on unchanged."""

    def __init__(self, app: Any, store_for: Callable[[], Store], base_path: str = "") -> None:
        self.app = app
        self.store_for = store_for
        self.prefix = _prefix(base_path)
        self.cookie_path = self.prefix or "/"
        self.request_log = _open_request_log()

    async def _answer(
        self,
        send: Send,
        status: int,
        headers: list[tuple[bytes, bytes]],
        body: bytes = b"",
    ) -> None:
        base = [
            (b"cache-control", b"no-store"),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),  # the hand-off code never leaks onward
            (b"content-length", str(len(body)).encode()),
        ]
        await send({"type": "http.response.start", "status": status, "headers": base + headers})
        await send({"type": "http.response.body", "body": body})

    def _fac_cookie(self, scope: Scope, value: str, max_age: int) -> tuple[bytes, bytes]:
        return cookie_header(
            FAC_COOKIE,
            value,
            path=self.cookie_path,
            max_age=max_age,
            secure=is_https(scope),
            same_site="Strict",
        )

    async def _login(self, scope: Scope, send: Send) -> None:
        code = _query_value(scope, "kode")
        try:
            token = await asyncio.to_thread(lambda: self.store_for().redeem_handoff(code))
        except WorkshopError as err:
            page = (
                '<!doctype html><html lang="id"><meta charset="utf-8">'
                '<meta name="viewport" content="width=device-width">'
                f"<title>Bimtek Live</title><p>{html.escape(str(err))}</p>"
                f'<p><a href="{html.escape(self.prefix + AFTER_LOGIN)}">Kembali ke halaman '
                "masuk</a></p></html>"
            ).encode()
            await self._answer(send, 403, [(b"content-type", b"text/html; charset=utf-8")], page)
            return
        target = safe_next(_query_value(scope, "lanjut"), self.prefix)
        await self._answer(
            send,
            303,
            [
                (b"location", target.encode()),
                self._fac_cookie(scope, token, SESSION_TTL),
            ],
        )

    async def _logout(self, scope: Scope, send: Send) -> None:
        tokens = cookie_values(scope.get("headers") or [], FAC_COOKIE)
        if tokens:

            def end() -> None:
                store = self.store_for()
                for token in tokens:
                    store.logout(token)

            await asyncio.to_thread(end)
        await self._answer(
            send,
            303,
            [
                (b"location", (self.prefix + AFTER_LOGIN).encode()),
                self._fac_cookie(scope, "", 0),
            ],
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.request_log is not None:
            _log_request(self.request_log, scope)
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        if path.rstrip("/") == self.prefix + METRICS_PATH:
            await self._answer(send, 404, [(b"content-type", b"text/plain")], b"Not found")
            return
        if path == self.prefix + LOGIN_PATH and scope.get("method") in ("GET", "HEAD"):
            await self._login(scope, send)
            return
        if path == self.prefix + LOGOUT_PATH and scope.get("method") in ("GET", "HEAD"):
            await self._logout(scope, send)
            return
        if cookie_values(scope.get("headers") or [], DEVICE_COOKIE):
            await self.app(scope, receive, send)
            return
        device = cookie_header(
            DEVICE_COOKIE,
            secrets.token_urlsafe(24),
            path=self.cookie_path,
            max_age=DEVICE_MAX_AGE,
            secure=is_https(scope),
            same_site="Lax",  # a QR scan opens the page from outside: Lax is sent then
        )

        async def send_with_device(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                if any(
                    k.lower() == b"content-type" and v.lower().startswith(b"text/html")
                    for k, v in headers
                ):
                    message = {**message, "headers": [*headers, device]}
            await send(message)

        await self.app(scope, receive, send_with_device)
