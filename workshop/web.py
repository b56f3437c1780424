"""HTTP served next to Streamlit (through st.App): the phones' two hot paths.

- `GET /api/live/<workshop id>`: a phone's browser asks this every few seconds; the answer
  is the screen token its page should show (workshop.live.screen_token).
- `POST /api/vote`: the dot ballot on a phone sends {"token", "pillar_id", "dots"} here;
  the core's `cast_dots` accepts the whole ballot or refuses it with its message.

Both are answered by a plain ASGI middleware placed in front of Streamlit's own stack: no
script run, no session, no Streamlit middleware. The vote burst is the app's busiest
moment, and this keeps it to one small request per phone."""

from __future__ import annotations

import asyncio
import json
import re
import time
from typing import Any, Awaitable, Callable

from . import live
from .domain import WorkshopError
from .store import Store

LIVE_PREFIX = "/api/live/"
VOTE_PATH = "/api/vote"
MAX_BODY = 16 * 1024  # a ballot is a few hundred bytes
_LIVE_PATH = re.compile(r"^/api/live/([0-9]{1,12})$")

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


def _prefix(base_path: str) -> str:
    """The server's base URL path as a path prefix: "" or "/name"."""
    return "/" + base_path.strip("/") if base_path.strip("/") else ""


def live_url(workshop_id: int, base_path: str = "") -> str:
    """The poll URL of a workshop, under the server's base URL path if it has one."""
    return f"{_prefix(base_path)}{LIVE_PREFIX}{int(workshop_id)}"


def phone_screen_of(store: Store, workshop_id: int) -> str | None:
    """The screen token phones of this workshop should show, or None if it is unknown."""
    try:
        return live.screen_token(live.phone_screen(store.live_state(workshop_id)))
    except WorkshopError:
        return None


def live_answer(store: Store, path: str) -> tuple[int, dict[str, str]]:
    """(HTTP status, JSON body) for a poll path. The answer holds no personal data (phase,
    stage, open pillars), so it needs no token."""
    m = _LIVE_PATH.match(path)
    token = phone_screen_of(store, int(m.group(1))) if m else None
    if token is None:
        return 404, {"error": "unknown workshop"}
    return 200, {"screen": token}


def vote_url(base_path: str = "") -> str:
    return _prefix(base_path) + VOTE_PATH


def vote_answer(store: Store, body: bytes) -> tuple[int, dict[str, Any]]:
    """(HTTP status, JSON body) for a ballot: 200 {"saved": {idea: dots}, "total": n}, or
    400 {"error": the core's message} with nothing stored. The ballot goes to the core as
    sent: it checks every key and value (and refuses "5" next to " 5")."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return 400, {"error": "Format suara tidak valid."}
    if not isinstance(data, dict) or not isinstance(data.get("dots"), dict):
        return 400, {"error": "Format suara tidak valid."}
    try:
        saved = store.cast_dots(data.get("token"), data.get("pillar_id"), data["dots"])
    except WorkshopError as err:
        return 400, {"error": str(err)}
    return 200, {"saved": {str(k): v for k, v in saved.items()}, "total": sum(saved.values())}


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    """The request body, or None if it is larger than `limit` bytes."""
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks)


LIVE_CACHE_SECONDS = 1.0  # phones poll every few seconds: a 1 s old answer is fresh enough


class PhoneRoutes:
    """ASGI middleware: answers <base>/api/live/<id> and <base>/api/vote itself, passes the
    rest on to Streamlit.

    Database work never runs on the event loop (a write may hold the store's lock): a
    poll is answered from a per-workshop answer at most LIVE_CACHE_SECONDS old, refreshed
    in a worker thread; a ballot is stored in a worker thread."""

    def __init__(self, app: Any, store_for: Callable[[], Store], base_path: str = "",
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.app = app
        self.store_for = store_for
        self.prefix = _prefix(base_path)
        self.clock = clock
        self._live: dict[str, tuple[float, int, dict[str, str]]] = {}

    async def _live_answer(self, path: str) -> tuple[int, dict[str, str]]:
        now = self.clock()
        hit = self._live.get(path)
        if hit is not None and now - hit[0] < LIVE_CACHE_SECONDS:
            return hit[1], hit[2]
        status, body = await asyncio.to_thread(live_answer, self.store_for(), path)
        if len(self._live) > 1000:  # unknown ids are cached too: keep the dict small
            self._live.clear()
        self._live[path] = (now, status, body)
        return status, body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope.get("method")
        allow = b"GET, HEAD"
        if path.startswith(self.prefix + LIVE_PREFIX):
            if method not in ("GET", "HEAD"):
                status, body = 405, {"error": "GET only"}
            else:
                status, body = await self._live_answer(path[len(self.prefix):])
        elif path == self.prefix + VOTE_PATH:
            allow = b"POST"
            if method != "POST":
                status, body = 405, {"error": "POST only"}
            else:
                raw = await _read_body(receive, MAX_BODY)
                if raw is None:
                    status, body = 413, {"error": "Suara terlalu besar untuk dikirim."}
                else:  # a write may wait for the database lock: not on the event loop
                    status, body = await asyncio.to_thread(vote_answer, self.store_for(), raw)
        else:
            await self.app(scope, receive, send)
            return
        data = json.dumps(body, ensure_ascii=False).encode()
        headers = [(b"content-type", b"application/json; charset=utf-8"),
                   (b"cache-control", b"no-store"), (b"x-content-type-options", b"nosniff"),
                   (b"content-length", str(len(data)).encode())]
        if status == 405:
            headers.append((b"allow", allow))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if method == "HEAD" else data})
