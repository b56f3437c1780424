"""workshop/guard.py as an ASGI app (no server): the cookies' attributes, HTTPS behind a
proxy, the login and logout routes, the metrics endpoint. The same through the real
server and a browser: tests/test_guard_server.py, tests/test_browser_login.py."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from workshop import guard


class Inner:
    """Streamlit's stand-in: answers every request with `content_type`."""

    def __init__(self, content_type: bytes = b"text/html; charset=utf-8") -> None:
        self.content_type = content_type
        self.calls = 0

    async def __call__(self, scope, receive, send) -> None:
        self.calls += 1
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", self.content_type)],
            }
        )
        await send({"type": "http.response.body", "body": b"ok"})


def call(app, path: str, *, query: bytes = b"", headers=(), scheme: str = "http") -> dict:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b""}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "query_string": query,
        "headers": list(headers),
        "scheme": scheme,
    }
    asyncio.run(app(scope, receive, send))
    start = sent[0]
    return {
        "status": start["status"],
        "headers": [(k.decode(), v.decode()) for k, v in start["headers"]],
        "body": b"".join(m.get("body", b"") for m in sent[1:]),
    }


def cookies(answer: dict) -> list[str]:
    return [v for k, v in answer["headers"] if k == "set-cookie"]


@pytest.fixture
def world(store):
    from workshop.security import PinHasher  # noqa: F401  (the store fixture's hasher)

    store.set_pin("2468")
    return store


def test_device_cookie_on_pages_only_and_once(world):
    page = call(guard.Guard(Inner(), lambda: world), "/")
    (device,) = cookies(page)
    name, _, rest = device.partition("=")
    value, *attrs = rest.split("; ")
    assert name == "bimtek_dev" and len(value) >= 32
    assert attrs == ["Path=/", f"Max-Age={guard.DEVICE_MAX_AGE}", "HttpOnly", "SameSite=Lax"]
    assert cookies(call(guard.Guard(Inner(), lambda: world), "/", headers=[
        (b"cookie", f"bimtek_dev={value}".encode())
    ])) == []  # fmt: skip
    for kind in (b"application/json", b"text/javascript", b"image/png"):
        assert cookies(call(guard.Guard(Inner(kind), lambda: world), "/static/x")) == []


def test_https_behind_a_proxy_makes_the_cookies_secure(world):
    app = guard.Guard(Inner(), lambda: world, base_path="bimtek")
    for kw in ({"scheme": "https"}, {"headers": [(b"x-forwarded-proto", b"https")]}):
        (device,) = cookies(call(app, "/bimtek/", **kw))
        assert device.endswith("; Path=/bimtek; Max-Age=34560000; HttpOnly; SameSite=Lax; Secure")
    (plain,) = cookies(call(app, "/bimtek/", headers=[(b"x-forwarded-proto", b"http")]))
    assert not plain.endswith("Secure")


def test_login_route_swaps_a_handoff_code_for_an_httponly_strict_cookie(world):
    auth = world.login("2468")
    code = world.login_handoff(auth)
    inner = Inner()
    app = guard.Guard(inner, lambda: world)
    answer = call(app, "/api/masuk", query=f"kode={code}".encode(), scheme="https")
    assert answer["status"] == 303
    assert dict(answer["headers"])["location"] == "/masuk"
    assert dict(answer["headers"])["referrer-policy"] == "no-referrer"
    (fac,) = cookies(answer)
    name, _, rest = fac.partition("=")
    token, *attrs = rest.split("; ")
    assert name == "bimtek_fac"
    assert attrs == ["Path=/", "Max-Age=43200", "HttpOnly", "SameSite=Strict", "Secure"]
    assert world.is_facilitator(token) and not world.is_facilitator(auth)
    assert inner.calls == 0
    # the same code again, junk, or none: refused, no cookie
    for query in (f"kode={code}".encode(), b"kode=abc", b"", b"kode=a&kode=b", b"kode=%ff"):
        refused = call(app, "/api/masuk", query=query)
        assert refused["status"] == 403
        assert cookies(refused) == []
        assert (
            "Kode masuk tidak berlaku lagi. Silakan masuk dengan PIN." in refused["body"].decode()
        )
    # logging out ends the session and clears the cookie
    out = call(app, "/api/keluar", headers=[(b"cookie", f"bimtek_fac={token}".encode())])
    assert out["status"] == 303
    assert cookies(out) == ["bimtek_fac=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"]
    assert not world.is_facilitator(token)


def test_metrics_are_refused(world):
    inner = Inner()
    app = guard.Guard(inner, lambda: world)
    for path in ("/_stcore/metrics", "/_stcore/metrics/"):
        assert call(app, path)["status"] == 404
    assert inner.calls == 0
    assert call(guard.Guard(Inner(), lambda: world, "x"), "/x/_stcore/metrics")["status"] == 404


def test_login_route_returns_only_to_a_page_of_this_app(world):
    app = guard.Guard(Inner(), lambda: world)
    for wanted, where in {
        "/cadangan": "/cadangan",
        "/unduh": "/unduh",
        "//evil.example/x": "/masuk",
        "https://evil.example/": "/masuk",
        "/\\\\evil": "/masuk",
        "/a/../../x": "/masuk",
        "/x\r\nSet-Cookie: a=b": "/masuk",
    }.items():
        code = world.login_handoff(world.login("2468"))
        query = guard.login_url(code, next_path=wanted).split("?", 1)[1].encode()
        answer = call(app, "/api/masuk", query=query)
        assert (answer["status"], dict(answer["headers"])["location"]) == (303, where), wanted
