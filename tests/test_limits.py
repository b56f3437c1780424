"""One person, one voice (issue 13, items 1 and 2), in the core: one participant per
browser, joins per address per minute, the participant cap, the spike warning, ideas per
participant per stage and per minute. The attacks through the real server are in
tests/test_guard_server.py."""

from __future__ import annotations

import pytest

from workshop.domain import WorkshopError
from workshop.store import limits as lim

PHONE = "192.168.1.23"
T0 = 1_800_000_000.0


@pytest.fixture(autouse=True)
def _defaults(monkeypatch):
    """The shipped defaults (conftest.py lifts the idea limits for other tests)."""
    for name in (
        "BIMTEK_IDEAS_PER_STAGE",
        "BIMTEK_IDEAS_PER_MINUTE",
        "BIMTEK_JOINS_PER_MINUTE",
        "BIMTEK_MAX_PARTICIPANTS",
    ):
        monkeypatch.delenv(name, raising=False)


def join(store, ws, n=0, **kw):
    kw.setdefault("client", PHONE)
    return store.join(ws.join_code, name=f"Peserta {n}", group="opd", opd_id=2, **kw)


def test_defaults(store, ws):
    roster = len(store.opds(ws.id))
    assert store.join_limits(ws.id) == lim.Limits(
        shared_devices=False,
        joins_per_minute=20,
        max_participants=max(100, 4 * roster),
        ideas_per_stage=10,
        ideas_per_minute=5,
        default_max_participants=max(100, 4 * roster),
    )


def test_a_second_join_from_one_browser_resumes_the_same_participant(store, ws):
    first = join(store, ws, 1, device="perangkat-A")
    again = join(store, ws, 2, device="perangkat-A")  # another name: still the same person
    other = join(store, ws, 3, device="perangkat-B")
    assert again == first
    assert other.id != first.id
    assert [p.name for p in store.participants(ws.id)] == ["Peserta 1", "Peserta 3"]
    # the device cookie is stored hashed, never as sent
    rows = store.table_rows("participants")
    assert "perangkat-A" not in {r["device_hash"] for r in rows}
    assert lim.digest("perangkat-A") in {r["device_hash"] for r in rows}


def test_shared_devices_when_the_facilitator_allows_them(store, auth, ws):
    store.set_join_limits(auth, ws.id, shared_devices=True)
    a = join(store, ws, 1, device="laptop-desa")
    b = join(store, ws, 2, device="laptop-desa")
    assert a.id != b.id
    store.set_join_limits(auth, ws.id, shared_devices=None)  # back to the default
    assert join(store, ws, 3, device="laptop-desa").id == b.id  # the latest entry


def test_a_removed_participant_cannot_rejoin_from_the_same_browser(store, auth, ws):
    p = join(store, ws, 1, device="perangkat-A")
    store.remove_participant(auth, p.id)
    with pytest.raises(WorkshopError) as err:
        join(store, ws, 1, device="perangkat-A")
    assert str(err.value) == (
        "Peserta dari perangkat ini sudah dihapus oleh fasilitator. "
        "Minta fasilitator memulihkannya."
    )
    store.restore_participant(auth, p.id)
    assert join(store, ws, 1, device="perangkat-A") == p


def test_a_merged_entry_resumes_the_kept_one(store, auth, ws):
    keep = join(store, ws, 1, device="ponsel-lama")
    dup = join(store, ws, 1, device="ponsel-baru")
    store.merge_participants(auth, keep.id, dup.id)
    assert join(store, ws, 1, device="ponsel-baru") == keep


def test_joins_per_address_per_minute(store, auth, ws):
    store.set_join_limits(auth, ws.id, joins_per_minute=3)
    for n in range(3):
        join(store, ws, n, now=T0 + n)
    with pytest.raises(WorkshopError) as err:
        join(store, ws, 9, now=T0 + 10)
    assert str(err.value) == (
        "Terlalu banyak pendaftaran dari alamat jaringan ini. Coba lagi dalam 50 detik."
    )
    assert join(store, ws, 10, client="192.168.1.24", now=T0 + 10)  # another phone
    assert join(store, ws, 11, now=T0 + 61)  # the first join left the minute
    assert len(store.participants(ws.id)) == 5
    # refused attempts are on record for the spike warning
    log = [(r["client"], r["ok"]) for r in store.table_rows("join_log")]
    assert log.count((PHONE, 0)) == 1


def test_localhost_and_unknown_addresses_are_limited_too(store, auth, ws):
    """Unlike the login, joining has no trusted address: a page always passes one."""
    store.set_join_limits(auth, ws.id, joins_per_minute=1)
    for client in ("127.0.0.1", ""):
        join(store, ws, 1, client=client, now=T0)
        with pytest.raises(WorkshopError, match="^Terlalu banyak pendaftaran"):
            join(store, ws, 2, client=client, now=T0 + 1)


def test_the_participant_cap(store, auth, ws):
    store.set_join_limits(auth, ws.id, max_participants=3)
    people = [join(store, ws, n, client=f"10.0.0.{n}") for n in range(3)]
    with pytest.raises(WorkshopError) as err:
        join(store, ws, 4, client="10.0.0.9")
    assert str(err.value) == ("Kegiatan ini sudah mencapai batas 3 peserta. Hubungi fasilitator.")
    # removing a fake entry makes room; a known browser still resumes when full
    store.remove_participant(auth, people[0].id)
    joined = join(store, ws, 5, client="10.0.0.9", device="asli")
    assert join(store, ws, 5, client="10.0.0.9", device="asli") == joined
    assert len(store.participants(ws.id)) == 3


def test_the_cap_defaults_to_a_multiple_of_the_roster(store, auth, ws):
    for n in range(30):
        store.add_opd(auth, ws.id, f"Kelurahan Uji {n}")
    roster = len(store.opds(ws.id))
    assert store.join_limits(ws.id).max_participants == 4 * roster > 100


def test_the_spike_warning(store, auth, ws):
    assert store.join_spike(ws.id, now=T0) is None
    for n in range(lim.SPIKE_JOINS - 1):
        join(store, ws, n, client=f"10.0.{n}.1", now=T0)
    assert store.join_spike(ws.id, now=T0 + 1) is None  # a room arriving: quiet
    join(store, ws, 99, client="10.9.9.9", now=T0 + 2)
    assert store.join_spike(ws.id, now=T0 + 3) == {
        "joined": lim.SPIKE_JOINS,
        "refused": 0,
        "addresses": lim.SPIKE_JOINS,
    }
    assert store.join_spike(ws.id, now=T0 + 70) is None  # a minute later
    store.set_join_limits(auth, ws.id, joins_per_minute=1)
    join(store, ws, 100, client="10.7.7.7", now=T0 + 100)
    with pytest.raises(WorkshopError):
        join(store, ws, 101, client="10.7.7.7", now=T0 + 101)
    assert store.join_spike(ws.id, now=T0 + 102) == {"joined": 1, "refused": 1, "addresses": 1}


def test_rotating_the_join_code_keeps_joined_phones(store, auth, ws):
    p = join(store, ws, 1, device="perangkat-A")
    old = ws.join_code
    new = store.rotate_join_code(auth, ws.id)
    assert store.participant(p.token) == p  # the phone's link still works
    assert store.check_in(p.token) == p
    with pytest.raises(WorkshopError, match="Kode kegiatan tidak dikenal"):
        store.join(old, name="Baru", group="opd", opd_id=2, client=PHONE)
    again = store.join(new, name="Peserta 1", group="opd", opd_id=2, device="perangkat-A")
    assert again == p  # and the same browser, scanning the new code, is the same person


def test_limits_need_a_facilitator_and_are_audited(store, auth, ws, refused):
    from workshop.domain import AccessDenied

    with refused(AccessDenied):
        store.set_join_limits("palsu", ws.id, ideas_per_stage=100)
    assert store.set_join_limits(auth, ws.id, ideas_per_stage=3).ideas_per_stage == 3
    assert store.audit_log(ws.id)[-1]["action"] == "set_join_limits"


# ---------------------------------------------------------------- ideas


def send(store, p, pillar, n):
    return store.submit_idea(p.token, pillar_id=pillar.id, kind="usulan", title=f"Usulan {n}")


def test_ideas_per_participant_per_stage(store, auth, ws, pillars, monkeypatch):
    from workshop.store import ideas as ideas_mod

    start = ideas_mod.time.time()  # (time.time is patched for every module: stay near now)
    clock = [start]
    monkeypatch.setattr(ideas_mod.time, "time", lambda: clock[0])
    p = join(store, ws, 1)
    other = join(store, ws, 2)
    for n in range(10):
        clock[0] = start + 60 * n  # slowly: one a minute
        send(store, p, pillars[n % 6], n)
    with pytest.raises(WorkshopError) as err:
        send(store, p, pillars[0], 10)
    assert str(err.value) == ("Anda sudah mengirim 10 usulan di tahap ini (batas 10 per peserta).")
    assert send(store, p, pillars[3], 3).title == "Usulan 3"  # a repeat is no new idea
    assert send(store, other, pillars[0], 10)  # others are not affected
    store.set_join_limits(auth, ws.id, ideas_per_stage=11)
    assert send(store, p, pillars[0], 10)
    assert len([i for i in store.ideas(ws.id) if i.author_id == p.id]) == 11


def test_ideas_per_minute(store, auth, ws, pillars, monkeypatch):
    from workshop.store import ideas as ideas_mod

    start = ideas_mod.time.time()  # (time.time is patched for every module: stay near now)
    clock = [start]
    monkeypatch.setattr(ideas_mod.time, "time", lambda: clock[0])
    p = join(store, ws, 1)
    for n in range(5):
        send(store, p, pillars[0], n)
    with pytest.raises(WorkshopError) as err:
        send(store, p, pillars[0], 5)
    assert str(err.value) == (
        "Terlalu cepat: paling banyak 5 usulan per menit. Tunggu sebentar lalu kirim lagi."
    )
    clock[0] = start + 61
    assert send(store, p, pillars[0], 5)
    assert len(store.ideas(ws.id)) == 6


def test_the_flood_of_one_script_is_bounded(store, ws, pillars):
    """The observed attack: one participant's script sends 1,000 ideas. 10 are stored."""
    p = join(store, ws, 1)
    stored = refused = 0
    for n in range(1000):
        try:
            send(store, p, pillars[n % 6], n)
            stored += 1
        except WorkshopError:
            refused += 1
    assert (stored, refused) == (5, 995)  # the per-minute limit comes first
    assert len(store.ideas(ws.id)) == 5


@pytest.mark.parametrize(
    "device",
    ["", "\ud800", "x" * 100_000, "' OR 1=1 --", "\x00", "bimtek_dev=; Path=/", 12, ["a"]],
    ids=["empty", "surrogate", "huge", "sql", "nul", "cookie-syntax", "int", "list"],
)
def test_a_hostile_device_cookie_is_harmless(store, ws, device):
    """The device cookie is whatever the browser sends: anything that is not a plain
    value is ignored (the join works, nothing is linked to it)."""
    p = join(store, ws, 1, device=device)
    q = join(store, ws, 2, device=device)
    linked = [r["device_hash"] for r in store.table_rows("participants")]
    if device in ("' OR 1=1 --", "\x00", "bimtek_dev=; Path=/"):
        assert q == p and linked == [lim.digest(device)]
    else:
        assert q.id != p.id and linked == [None, None]
