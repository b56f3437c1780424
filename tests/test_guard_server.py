"""Issue 13's attacks, performed through the real server (tests/server_support.running_app)
with the browser's own websocket protocol (bench.protocol) and plain HTTP: ballot
stuffing (items 1), an idea flood (2), 30 concurrent wrong logins and a lock-out attempt
(3), the metrics endpoint (9). The facilitator cookie in a real browser:
tests/test_browser_login.py."""

from __future__ import annotations

import asyncio
import http.client
import socket
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from websockets.asyncio.client import connect as ws_connect

from bench.protocol import StreamlitClient
from tests.server_support import running_app
from workshop.security import PinHasher
from workshop.store import Store

PIN = "2468"
ERROR = "ERROR"

pytestmark = pytest.mark.timeout(600)


class Browser(StreamlitClient):
    """A StreamlitClient that sends a Cookie header (a browser that kept its cookies)."""

    def __init__(self, *args: Any, cookie: str | None = None, host: str | None = None, **kw):
        super().__init__(*args, **kw)
        self.cookie = cookie
        if host:  # connect through another of the machine's addresses (not loopback)
            self.host = host
            self.base_url = f"http://{host}:{self.port}"

    async def connect(self, timeout: float = 60.0, *, first_run: bool = True):
        self._ws = await ws_connect(
            f"ws://{self.host}:{self.port}/_stcore/stream",
            subprotocols=["streamlit"],  # type: ignore[list-item]
            origin=self.base_url,  # type: ignore[arg-type]
            user_agent_header=self.user_agent,
            additional_headers={"Cookie": self.cookie} if self.cookie else None,
            max_size=None,
            ping_interval=None,
            open_timeout=timeout,
            close_timeout=2,
        )
        self._reader = asyncio.create_task(self._read_loop(), name=f"{self.name}-reader")
        return await self.rerun(timeout=timeout) if first_run else None


def make_db(tmp_path: Path, **limits: Any) -> tuple[Path, int, str]:
    db = tmp_path / "bimtek.db"
    s = Store(db, hasher=PinHasher(fast=True))
    auth = s.system_auth()
    w = s.create_workshop(auth, region="Kota Metro", year=2023)
    if limits:
        s.set_join_limits(auth, w.id, **limits)
    s.close()
    return db, w.id, w.join_code


def errors_of(result) -> list[str]:
    return [body for fmt, body, _t in result.alerts if fmt == ERROR]


async def join_once(
    base: str, code: str, n: int, cookie: str | None = None, host: str | None = None
) -> tuple[str | None, list[str]]:
    """One browser joins through the QR link: (its token or None, the refusals shown)."""
    c = Browser(base, query=f"code={code}", name=f"penyusup-{n}", cookie=cookie, host=host)
    try:
        await c.connect(timeout=60)
        c.set_value("join_name", f"Palsu {n:03d}")
        if len(c.options("join_opd")) > 1:
            c.set_value("join_opd", 1)
        else:  # an unknown code: no roster to choose from
            c.set_value("join_institution", "Instansi Palsu")
        c.set_value("join_group", 0)
        r = await c.click("join_submit", timeout=60)
        if errors_of(r):
            return None, errors_of(r)
        await c.wait_until(lambda c: "t=" in c.query_string, timeout=60)
        token = c.query_string.split("t=", 1)[1].split("&")[0]
        return token, []
    finally:
        await c.close()


async def gather_bounded(jobs, limit: int):
    sem = asyncio.Semaphore(limit)

    async def one(job):
        async with sem:
            return await job

    return await asyncio.gather(*(one(j) for j in jobs))


def http_get(port: int, path: str, headers: dict[str, str] | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers=headers or {})
        r = conn.getresponse()
        return r.status, r.getheaders(), r.read()
    finally:
        conn.close()


# ---------------------------------------------------------------- 1. ballot stuffing


def test_ballot_stuffing_from_one_address_is_refused(tmp_path):
    """The observed attack: a script with the projector's join code creates participants
    as fast as it can (no cookies kept). 100 tries: 20 get in (the default per address
    and minute), 80 are refused with the reason, and the control page's spike warning
    has them on record."""
    db, wid, code = make_db(tmp_path)
    with running_app(db, pin=PIN) as (_proc, port):
        base = f"http://127.0.0.1:{port}"
        t0 = time.perf_counter()
        results = asyncio.run(
            gather_bounded([join_once(base, code, n) for n in range(100)], limit=10)
        )
        elapsed = time.perf_counter() - t0
    joined = [t for t, _e in results if t]
    refused = [e for t, e in results if not t]
    print(f"\n100 joins from one address in {elapsed:.1f} s: {len(joined)} in, "
          f"{len(refused)} refused ({len(refused) / elapsed:.1f} refused/s)")  # fmt: skip
    assert len(joined) == 20
    assert len(refused) == 80
    assert {e[0].split(" Coba lagi")[0] for e in refused} == {
        "Terlalu banyak pendaftaran dari alamat jaringan ini."
    }
    s = Store(db, hasher=PinHasher(fast=True))
    try:
        assert len(s.participants(wid)) == 20
        assert s.join_spike(wid) == {"joined": 20, "refused": 80, "addresses": 1}
    finally:
        s.close()


def test_one_browser_is_one_participant_and_rotation_keeps_phones(tmp_path):
    """A browser keeps its device cookie (set by the server, HttpOnly): joining again,
    even with the new code after the facilitator rotated it, gives the same participant;
    the old link (?t=) keeps working; the old code lets nobody new in."""
    db, wid, code = make_db(tmp_path)
    with running_app(db, pin=PIN) as (_proc, port):
        status, headers, _ = http_get(port, f"/?code={code}")
        assert status == 200
        cookies = [v for k, v in headers if k.lower() == "set-cookie"]
        (device,) = [c for c in cookies if c.startswith("bimtek_dev=")]
        attrs = device.split("; ")
        assert set(attrs[1:]) == {
            "Path=/",
            f"Max-Age={400 * 24 * 3600}",
            "HttpOnly",
            "SameSite=Lax",
        }
        value = attrs[0].split("=", 1)[1]
        assert len(value) >= 32
        # the same browser asks again: no new cookie
        _s, again, _ = http_get(port, "/", {"Cookie": attrs[0]})
        assert not [v for k, v in again if k.lower() == "set-cookie"]

        base = f"http://127.0.0.1:{port}"
        first, err = asyncio.run(join_once(base, code, 1, cookie=attrs[0]))
        assert first and not err
        second, err = asyncio.run(join_once(base, code, 2, cookie=attrs[0]))
        assert second == first and not err

        s = Store(db, hasher=PinHasher(fast=True))
        new_code = s.rotate_join_code(s.system_auth(), wid)
        s.close()
        third, err = asyncio.run(join_once(base, new_code, 3, cookie=attrs[0]))
        assert third == first and not err
        stranger, err = asyncio.run(join_once(base, code, 4))
        assert stranger is None
        assert err == ["Kode kegiatan tidak dikenal. Periksa kode di layar."]

        async def phone_link() -> list[str]:
            c = StreamlitClient(base, query=f"t={first}", name="ponsel-lama")
            try:
                await c.connect(timeout=60)
                await c.wait_until(lambda c: c.find_widget("idea_title") is not None, timeout=30)
                return c.widget_keys()
            finally:
                await c.close()

        keys = asyncio.run(phone_link())  # the old link: the idea form, no join form
        assert "idea_title" in keys and "join_name" not in keys
    s = Store(db, hasher=PinHasher(fast=True))
    try:
        assert [p.name for p in s.participants(wid)] == ["Palsu 001"]
    finally:
        s.close()


# ---------------------------------------------------------------- 2. idea flood


def test_idea_flood_from_one_phone_is_bounded(tmp_path):
    """One joined phone's script sends ideas as fast as the page answers: with the
    shipped defaults (10 per stage, 5 per minute) the sixth is refused with the reason,
    and only five are stored."""
    db, wid, code = make_db(tmp_path, ideas_per_stage=10, ideas_per_minute=5)
    titles = [  # nothing alike: no "similar idea" question in between
        "Aplikasi antrean puskesmas",
        "Lampu jalan tenaga surya",
        "Bank sampah kelurahan",
        "Wifi gratis taman kota",
        "Pasar ikan higienis",
        "Sensor banjir sungai",
        "Beasiswa anak nelayan",
        "Museum digital sejarah",
    ]

    async def flood(base: str) -> list[list[str]]:
        token, err = await join_once(base, code, 1)
        assert token and not err
        c = StreamlitClient(base, query=f"t={token}", name="banjir-usulan")
        out = []
        try:
            await c.connect(timeout=60)
            await c.wait_until(lambda c: c.find_widget("idea_title") is not None, timeout=30)
            for n in range(8):
                c.set_value("idea_pillar", n % 6)
                c.set_value("idea_kind", 0)
                c.set_value("idea_title", titles[n])
                r = await c.click("idea_submit", timeout=60)
                await c.wait_until(lambda c: c.find_widget("idea_pillar") is not None, timeout=30)
                out.append(errors_of(r))
        finally:
            await c.close()
        return out

    with running_app(db, pin=PIN) as (_proc, port):
        shown = asyncio.run(flood(f"http://127.0.0.1:{port}"))
    s = Store(db, hasher=PinHasher(fast=True))
    try:
        stored = [i.title for i in s.ideas(wid)]
        times = [i.created_at for i in s.ideas(wid)]
    finally:
        s.close()
    assert sorted(stored) == sorted(titles[:5]), (stored, shown)
    assert max(times) - min(times) < 60  # the flood came within the minute
    assert [bool(e) for e in shown] == [False] * 5 + [True] * 3
    assert set(shown[5]) == {
        "Terlalu cepat: paling banyak 5 usulan per menit. Tunggu sebentar lalu kirim lagi."
    }


# ---------------------------------------------------------------- 3. facilitator login


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


async def try_pin(base: str, pin: str, n: int, host: str | None = None) -> list[str]:
    """One browser on the login page types `pin`: the refusals it shows ([] = in)."""
    c = Browser(base, path="masuk", name=f"login-{n}", host=host)
    try:
        await c.connect(timeout=120)
        c.set_value("pin", pin)
        r = await c.click("login", timeout=120)
        await c.wait_finished(r.t_send, timeout=120)
        return errors_of(r)
    finally:
        await c.close()


def test_30_concurrent_wrong_logins_keep_memory_bounded_and_health_answering(tmp_path):
    """The observed attack: 30 wrong PINs at once (RSS 163 -> 1,496 MB, health stalled
    10 s). The server uses the real argon2id (64 MiB a hash): at most two run at once."""
    db, _wid, _code = make_db(tmp_path)
    with running_app(db, pin=PIN) as (proc, port):
        base = f"http://127.0.0.1:{port}"
        asyncio.run(try_pin(base, "0000", 0))  # warm: page imports, first hash
        before = rss_mb(proc.pid)
        health: list[float] = []
        stop = threading.Event()

        def probe() -> None:
            while not stop.is_set():
                t = time.perf_counter()
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=30) as r:
                    assert r.status == 200
                health.append(time.perf_counter() - t)
                time.sleep(0.1)

        prober = threading.Thread(target=probe)
        prober.start()
        t0 = time.perf_counter()

        async def burst():
            return await asyncio.gather(*(try_pin(base, "0000", n) for n in range(1, 31)))

        try:
            results = asyncio.run(burst())
        finally:
            stop.set()
            prober.join()
        elapsed = time.perf_counter() - t0
        peak = peak_rss_mb(proc.pid)
        right = asyncio.run(try_pin(base, PIN, 99))
    print(f"\n30 concurrent wrong logins: {elapsed:.1f} s, RSS {before:.0f} MB before, "
          f"peak {peak:.0f} MB; health max {max(health) * 1000:.0f} ms over {len(health)} "
          "probes")  # fmt: skip
    # from the laptop itself: never locked out, so every one is checked, two at a time
    assert results == [["PIN salah."]] * 30
    assert right == []  # and the right PIN works at once
    assert peak - before < 400, (before, peak)
    assert max(health) < 3.0, max(health)


def lan_address() -> str | None:
    """One of the machine's own addresses that is not loopback (a "phone" can connect
    from it), or None."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # no packet is sent
            ip = s.getsockname()[0]
    except OSError:
        return None
    return None if ip.startswith("127.") else ip


def test_a_phone_cannot_lock_the_facilitator_out(tmp_path):
    """The observed attack: five wrong PINs from the join page's link locked every
    browser out. Now a phone (a LAN address) that guesses is delayed, growing; the
    laptop (localhost) logs in with the right PIN at the same moment."""
    ip = lan_address()
    if ip is None:
        pytest.skip("this machine has no non-loopback address to play the phone")
    db, _wid, _code = make_db(tmp_path)
    with running_app(db, pin=PIN, address="0.0.0.0") as (_proc, port):
        base = f"http://127.0.0.1:{port}"

        async def attack():
            return [await try_pin(base, f"{n:04d}", n, host=ip) for n in range(6)]

        t0 = time.perf_counter()
        phone = asyncio.run(attack())
        refuse_s = time.perf_counter() - t0
        laptop = asyncio.run(try_pin(base, PIN, 50))
        phone_right = asyncio.run(try_pin(base, PIN, 51, host=ip))
    print(f"\nphone's 6 guesses took {refuse_s:.1f} s: {phone}")
    assert phone[:3] == [["PIN salah."]] * 3
    for shown in phone[3:]:
        assert len(shown) == 1
        assert shown[0].startswith("Terlalu banyak percobaan PIN dari perangkat ini.")
    assert laptop == []  # the facilitator is not locked out
    assert phone_right[0].startswith("Terlalu banyak percobaan PIN dari perangkat ini.")


def test_first_pin_from_a_phone_needs_the_console_code(tmp_path):
    """The observed attack: the first anonymous visitor to masuk on a fresh install set
    the PIN. A phone now sees a set-up code field; the code is on the server's console."""
    ip = lan_address()
    if ip is None:
        pytest.skip("this machine has no non-loopback address to play the phone")
    db = tmp_path / "kosong.db"
    Store(db, hasher=PinHasher(fast=True)).close()

    async def visit(base: str, code: str | None) -> tuple[list[str], list[str]]:
        c = Browser(base, path="masuk", name="pengunjung", host=ip)
        try:
            await c.connect(timeout=60)
            keys = c.widget_keys()
            if code is not None:
                c.set_value("setup_code", code)
            c.set_value("new_pin", "1111")
            c.set_value("new_pin_repeat", "1111")
            r = await c.click("set_pin", timeout=60)
            await c.wait_finished(r.t_send, timeout=60)
            return keys, errors_of(r)
        finally:
            await c.close()

    with running_app(db, pin="", address="0.0.0.0") as (proc, port):
        base = f"http://127.0.0.1:{port}"
        keys, shown = asyncio.run(visit(base, None))
        assert "setup_code" in keys
        assert shown == [
            "PIN pertama hanya bisa diatur dari laptop server atau dengan kode penyiapan "
            "yang tampil di konsol server."
        ]
        s = Store(db, hasher=PinHasher(fast=True))
        assert not s.has_pin()
        s.close()
        proc.terminate()
        _out, err = proc.communicate(timeout=20)
    console = err.decode(errors="replace")
    marker = "kode penyiapan PIN fasilitator (sekali pakai): "
    assert marker in console
    assert console.split(marker, 1)[1][:8].isalnum()


# ---------------------------------------------------------------- 9. metrics


def test_metrics_endpoint_is_not_exposed(tmp_path):
    db, _wid, _code = make_db(tmp_path)
    with running_app(db, pin=PIN) as (_proc, port):
        for path in ("/_stcore/metrics", "/_stcore/metrics/"):
            status, _h, body = http_get(port, path, {"Accept": "application/openmetrics-text"})
            assert (status, body) == (404, b"Not found")
        assert http_get(port, "/_stcore/health")[0] == 200
