import time

import pytest

from workshop.domain import AccessDenied
from workshop.store import LOGIN_MAX_FAILURES, LOGIN_WINDOW, SESSION_TTL

T0 = float(int(time.time()))  # whole seconds: the wait messages are exact


@pytest.fixture
def pin(store):
    store.set_pin("2468")
    return "2468"


PHONE = "192.168.1.23"


def failures(store):
    """The PIN attempts on record (each is recorded before its hash is checked)."""
    return [r["ts"] for r in store.table_rows("login_attempts")]


def test_first_pin_needs_no_login_and_is_stored_hashed(store):
    assert store.has_pin() is False
    store.set_pin(" 2468 ")
    assert store.has_pin() is True
    [row] = [r for r in store.table_rows("settings") if r["key"] == "pin_hash"]
    assert row["value"].startswith("$argon2id$")
    assert "2468" not in row["value"]


def test_pin_too_short(store, refused):
    with refused() as err:
        store.set_pin("123")
    assert str(err.value) == "PIN minimal 4 karakter."
    with refused(match="PIN wajib diisi."):
        store.set_pin("   ")


def test_login_and_logout(store, pin):
    token = store.login(pin)
    assert isinstance(token, str) and len(token) >= 32
    assert store.is_facilitator(token) is True
    assert store.login(pin) != token  # every login its own session
    store.logout(token)
    assert store.is_facilitator(token) is False
    store.logout(None)  # harmless


def test_session_expires(store, pin):
    old = store.login(pin, now=time.time() - SESSION_TTL - 1)
    assert store.is_facilitator(old) is False
    fresh = store.login(pin, now=time.time())
    assert store.is_facilitator(fresh) is True


@pytest.mark.parametrize("token", [None, "", "palsu", 123, ["x"]])
def test_is_facilitator_refuses_junk(store, auth, token):
    assert store.is_facilitator(token) is False


def test_login_without_pin(store, refused):
    with refused(AccessDenied) as err:
        store.login("2468")
    assert str(err.value) == "PIN fasilitator belum diatur."


@pytest.mark.parametrize("wrong", ["1357", "", None, 2468])
def test_wrong_pin_is_refused_and_recorded(store, pin, wrong, snapshot):
    counts, rows = snapshot()
    with pytest.raises(AccessDenied) as err:
        store.login(wrong, now=T0)
    assert str(err.value) == "PIN salah."
    assert failures(store) == [T0]
    after_counts, after_rows = snapshot()
    assert after_counts["login_attempts"] == counts["login_attempts"] + 1
    logs = ("login_attempts", "audit")  # the failure is recorded; nothing else changes
    assert {k: v for k, v in after_rows.items() if k not in logs} == {
        k: v for k, v in rows.items() if k not in logs
    }


def test_login_rate_limit(store, pin, refused):
    """Per client address (see tests/test_login_limits.py for the rest): three free
    failures, then a growing delay; a refusal while waiting is not recorded."""
    assert (LOGIN_MAX_FAILURES, LOGIN_WINDOW) == (3, 900)
    for i in range(3):
        with pytest.raises(AccessDenied, match="PIN salah."):
            store.login("0000", client=PHONE, now=T0 + i)
    # the fourth try waits 5 s after the third, even with the right PIN
    with refused(AccessDenied) as err:
        store.login(pin, client=PHONE, now=T0 + 3)
    assert str(err.value) == (
        "Terlalu banyak percobaan PIN dari perangkat ini. Coba lagi dalam 4 detik."
    )
    with refused(AccessDenied) as err:
        store.login("0000", client=PHONE, now=T0 + 6.5)
    assert str(err.value) == (
        "Terlalu banyak percobaan PIN dari perangkat ini. Coba lagi dalam 1 detik."
    )
    assert failures(store) == [T0, T0 + 1, T0 + 2]
    # once the delay has passed, the right PIN works and clears the phone's attempts
    token = store.login(pin, client=PHONE, now=T0 + 7)
    assert store.is_facilitator(token)
    assert failures(store) == []


def test_old_failures_leave_the_window(store, pin):
    for i in range(3):
        with pytest.raises(AccessDenied, match="PIN salah."):
            store.login("0000", client=PHONE, now=T0 + i)
    with pytest.raises(AccessDenied, match="PIN salah."):
        store.login("0000", client=PHONE, now=T0 + 1000)  # the first three are forgotten
    assert failures(store) == [T0 + 1000]
    with pytest.raises(AccessDenied, match="PIN salah."):
        store.login("0000", client=PHONE, now=T0 + 1001)
    assert store.login(pin, client=PHONE, now=T0 + 1002)


def test_change_pin_needs_a_facilitator(store, pin, refused):
    with refused(AccessDenied, match="Hanya fasilitator yang boleh melakukan ini."):
        store.set_pin("9999")
    token = store.login(pin)
    store.set_pin("9999", token)
    with pytest.raises(AccessDenied, match="PIN salah."):
        store.login(pin)
    assert store.is_facilitator(store.login("9999"))


def test_ensure_pin(store, pin):
    token = store.login(pin)
    store.ensure_pin(pin)  # same PIN: nothing changes, sessions stay
    assert store.is_facilitator(token)
    store.ensure_pin("1111")  # a new PIN from the environment ends every session
    assert store.is_facilitator(token) is False
    assert store.is_facilitator(store.login("1111"))


def test_ensure_pin_on_empty_store(store):
    store.ensure_pin("1234")
    assert store.is_facilitator(store.login("1234"))


# ----------------------------------------------------------------- facilitator-only


def _facilitator_calls():
    calls = {
        "set_pin": lambda s, a, x: s.set_pin("9999", a),
        "set_setting": lambda s, a, x: s.set_setting(a, "public_url", "http://x"),
        "create_workshop": lambda s, a, x: s.create_workshop(a, region="Kota Tegal", year=2023),
        "update_workshop": lambda s, a, x: s.update_workshop(a, x.wid, venue="Aula"),
        "rotate_join_code": lambda s, a, x: s.rotate_join_code(a, x.wid),
        "update_stage": lambda s, a, x: s.update_stage(a, x.sid, title="T"),
        "set_current_stage": lambda s, a, x: s.set_current_stage(a, x.wid, 2),
        "set_phase": lambda s, a, x: s.set_phase(a, x.sid, "agree"),
        "set_timer": lambda s, a, x: s.set_timer(a, x.sid, 60),
        "set_pillar_voting": lambda s, a, x: s.set_pillar_voting(a, x.sid, 1, False),
        "set_reveal": lambda s, a, x: s.set_reveal(a, x.sid, True),
        "add_pillar": lambda s, a, x: s.add_pillar(a, x.wid, "Smart Tourism"),
        "update_pillar": lambda s, a, x: s.update_pillar(a, 1, name="X"),
        "move_pillar": lambda s, a, x: s.move_pillar(a, 1, 1),
        "delete_pillar": lambda s, a, x: s.delete_pillar(a, 6),
        "add_opd": lambda s, a, x: s.add_opd(a, x.wid, "Dinas Baru"),
        "rename_opd": lambda s, a, x: s.rename_opd(a, 30, "Bagian Tapem"),
        "delete_opd": lambda s, a, x: s.delete_opd(a, 30),
        "import_opds": lambda s, a, x: s.import_opds(a, x.wid, ["Dinas Baru"]),
        "add_idea": lambda s, a, x: s.add_idea(
            a, x.wid, pillar_id=1, kind="usulan", title="T", description=""
        ),
        "moderate_idea": lambda s, a, x: s.moderate_idea(a, x.idea, title="T"),
        "set_idea_hidden": lambda s, a, x: s.set_idea_hidden(a, x.idea, True),
        "merge_ideas": lambda s, a, x: s.merge_ideas(a, x.idea, [x.other]),
        "unmerge_idea": lambda s, a, x: s.unmerge_idea(a, x.merged),
        "set_shortlisted": lambda s, a, x: s.set_shortlisted(a, x.sid, [x.idea], on=False),
        "set_paper_tally": lambda s, a, x: s.set_paper_tally(a, x.sid, x.idea, 3),
        "create_quickwin": lambda s, a, x: s.create_quickwin(
            a, x.sid, name="Q", pillar_id=1, owner_opd_id=6
        ),
        "update_quickwin": lambda s, a, x: s.update_quickwin(a, x.qw, name="Q2"),
        "delete_quickwin": lambda s, a, x: s.delete_quickwin(a, x.qw),
    }
    return [pytest.param(fn, id=name) for name, fn in calls.items()]


@pytest.fixture
def target(store, auth, ws, ballot, pin):
    from types import SimpleNamespace

    merged = store.add_idea(auth, ws.id, pillar_id=1, kind="usulan", title="Dup", description="")
    store.merge_ideas(auth, ballot.ideas.satu_data.id, [merged.id])
    qw = store.create_quickwin(auth, ballot.stage.id, name="MPP", pillar_id=1, owner_opd_id=6)
    expired = store.login(pin, now=time.time() - SESSION_TTL - 1)
    logged_out = store.login(pin)
    store.logout(logged_out)
    return SimpleNamespace(
        wid=ws.id,
        sid=ballot.stage.id,
        idea=ballot.ideas.mpp.id,
        other=ballot.ideas.lapor.id,
        merged=merged.id,
        qw=qw.id,
        expired=expired,
        logged_out=logged_out,
        participant=ballot.people.ani.token,
    )


@pytest.mark.parametrize("call", _facilitator_calls())
def test_facilitator_only(store, target, refused, subtests, call, pin):
    for bad in (None, "", "palsu", 0, ["x"], target.expired, target.logged_out, target.participant):
        with subtests.test(auth=bad):
            with refused(AccessDenied) as err:
                call(store, bad, target)
            assert str(err.value) == "Hanya fasilitator yang boleh melakukan ini."
    call(store, store.login(pin), target)  # and with a session it works
