"""HTTP served next to Streamlit (through st.App): the phones' cheap poll.

A phone's browser asks `GET /api/live/<workshop id>` every few seconds; the answer is the
screen token its page should show (workshop.live.screen_token). It is answered by a plain
ASGI middleware placed in front of Streamlit's own stack, so a poll costs one indexed read
and a small JSON response: no script run, no session, no Streamlit middleware."""

from __future__ import annotations

import json
import re
from typing import Any, Awaitable, Callable

from . import live
from .domain import WorkshopError
from .store import Store

LIVE_PREFIX = "/api/live/"
_LIVE_PATH = re.compile(r"^/api/live/([0-9]{1,12})$")

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


def live_url(workshop_id: int, base_path: str = "") -> str:
    """The poll URL of a workshop, under the server's base URL path if it has one."""
    base = "/" + base_path.strip("/") if base_path.strip("/") else ""
    return f"{base}{LIVE_PREFIX}{int(workshop_id)}"


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


class LivePoll:
    """ASGI middleware: answers GET <base>/api/live/<id> itself, passes the rest on."""

    def __init__(self, app: Any, store_for: Callable[[], Store], base_path: str = "") -> None:
        self.app = app
        self.store_for = store_for
        self.prefix = ("/" + base_path.strip("/") if base_path.strip("/") else "")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith(self.prefix + LIVE_PREFIX):
            await self.app(scope, receive, send)
            return
        if scope.get("method") not in ("GET", "HEAD"):
            status, body = 405, {"error": "GET only"}
        else:
            status, body = live_answer(self.store_for(), path[len(self.prefix):])
        data = json.dumps(body).encode()
        await send({"type": "http.response.start", "status": status, "headers": [
            (b"content-type", b"application/json"), (b"cache-control", b"no-store"),
            (b"content-length", str(len(data)).encode())]})
        await send({"type": "http.response.body",
                    "body": b"" if scope.get("method") == "HEAD" else data})
