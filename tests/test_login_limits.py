"""Facilitator login under attack (issue 13, item 3), in the core: PIN attempts counted per
client address with growing delays, the machine itself never locked out, the attempt on
record before the hash is checked, at most two hashes at once, the first PIN only from
the machine or with the console's set-up code, a PIN change ends the other sessions,
sessions and hand-off codes stored hashed."""

from __future__ import annotations

import threading
import time

import pytest

from workshop.domain import AccessDenied
from workshop.store import auth as auth_mod
from workshop.store.limits import digest

PIN = "731953"
PHONE = "192.168.1.23"  # a participant's phone on the Aula Wi-Fi
LAPTOP = "192.168.1.10"  # the facilitator's own phone or a second laptop
T0 = 1_800_000_000.0


def test_delays_grow_per_client():
    assert [auth_mod.login_delay(n) for n in range(9)] == [0, 0, 0, 5, 10, 20, 40, 80, 160]
    assert auth_mod.login_delay(30) == auth_mod.LOGIN_MAX_DELAY


def test_wrong_pins_from_one_phone_never_block_the_right_pin_elsewhere(store):
    store.set_pin(PIN)
    for n in range(auth_mod.LOGIN_FREE_FAILURES):
        with pytest.raises(AccessDenied, match="^PIN salah.$"):
            store.login("000000", client=PHONE, now=T0 + n)
    # the phone now waits, even with the right PIN ...
    with pytest.raises(AccessDenied) as info:
        store.login(PIN, client=PHONE, now=T0 + 3)
    assert str(info.value) == (
        "Terlalu banyak percobaan PIN dari perangkat ini. Coba lagi dalam 4 detik."
    )
    # ... but the facilitator's device logs in at the same moment, and so does the laptop
    assert store.is_facilitator(store.login(PIN, client=LAPTOP, now=T0 + 3))
    assert store.is_facilitator(store.login(PIN, client="127.0.0.1", now=T0 + 3))
    # after the delay the phone may try again; the next delay is longer
    with pytest.raises(AccessDenied, match="^PIN salah.$"):
        store.login("000000", client=PHONE, now=T0 + 2 + 5)
    with pytest.raises(AccessDenied, match="dalam 10 detik"):
        store.login("000000", client=PHONE, now=T0 + 7)
    # a refusal while waiting is not an attempt: it does not lengthen the delay
    assert [r["client"] for r in store.table_rows("login_attempts")].count(PHONE) == 4


def test_the_machine_itself_is_never_locked_out(store):
    store.set_pin(PIN)
    for n in range(40):
        with pytest.raises(AccessDenied, match="^PIN salah.$"):
            store.login("000000", client="127.0.0.1", now=T0 + n / 10)
    assert store.login(PIN, client="::1", now=T0 + 4)
    assert store.login(PIN, client="127.0.0.1", now=T0 + 4)
    assert store.login(PIN, now=T0 + 4)  # a direct call on the machine (CLI, tests)


def test_an_unknown_address_is_not_the_machine(store):
    store.set_pin(PIN)
    for n in range(3):
        with pytest.raises(AccessDenied, match="^PIN salah.$"):
            store.login("000000", client="", now=T0 + n)
    with pytest.raises(AccessDenied, match="Terlalu banyak"):
        store.login(PIN, client="", now=T0 + 3)


def test_success_clears_the_clients_failures(store):
    store.set_pin(PIN)
    for n in range(2):
        with pytest.raises(AccessDenied):
            store.login("000000", client=PHONE, now=T0 + n)
    assert store.login(PIN, client=PHONE, now=T0 + 2)
    for n in range(3):  # three free failures again
        with pytest.raises(AccessDenied, match="^PIN salah.$"):
            store.login("000000", client=PHONE, now=T0 + 3 + n)


def test_the_attempt_is_on_record_before_the_hash_is_checked(store, monkeypatch):
    store.set_pin(PIN)
    seen: list[list[str]] = []
    real = store._hasher.verify

    def spy(hashed, pin):
        seen.append([r["client"] for r in store.table_rows("login_attempts")])
        return real(hashed, pin)

    monkeypatch.setattr(store._hasher, "verify", spy)
    with pytest.raises(AccessDenied):
        store.login("000000", client=PHONE)
    assert seen == [[PHONE]]


def test_concurrent_wrong_logins_are_counted_as_they_come(store, monkeypatch):
    """30 wrong PINs at once from one phone: three are checked, the rest refused unchecked,
    and never more than two hashes run at the same time."""
    store.set_pin(PIN)
    running, peak, checked = [0], [0], [0]
    lock = threading.Lock()
    real = store._hasher.verify

    def slow(hashed, pin):
        with lock:
            running[0] += 1
            checked[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.05)
        try:
            return real(hashed, pin)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(store._hasher, "verify", slow)
    outcomes: list[str] = []

    def attempt(client):
        try:
            store.login("000000", client=client)
        except AccessDenied as err:
            outcomes.append(str(err))

    threads = [threading.Thread(target=attempt, args=(PHONE,)) for _ in range(30)]
    threads += [threading.Thread(target=attempt, args=("127.0.0.1",)) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert checked[0] == 3 + 10
    assert peak[0] <= auth_mod.VERIFY_SLOTS
    assert outcomes.count("PIN salah.") == 13
    assert sum(o.startswith("Terlalu banyak percobaan PIN") for o in outcomes) == 27


def test_sessions_and_handoff_codes_are_stored_hashed(store):
    store.set_pin(PIN)
    auth = store.login(PIN)
    code = store.login_handoff(auth)
    sessions = [r["token"] for r in store.table_rows("fac_sessions")]
    handoffs = store.table_rows("fac_handoffs")
    assert sessions == [digest(auth)]
    assert [(h["code_hash"], h["session_hash"]) for h in handoffs] == [(digest(code), digest(auth))]
    cookie = store.redeem_handoff(code)
    # the swap ends the page's session and starts the cookie's; the code works once
    assert not store.is_facilitator(auth)
    assert store.is_facilitator(cookie)
    assert [r["token"] for r in store.table_rows("fac_sessions")] == [digest(cookie)]
    for again in (code, "", None, "x" * 500, digest(code)):
        with pytest.raises(AccessDenied, match="Kode masuk tidak berlaku lagi"):
            store.redeem_handoff(again)
    assert store.is_facilitator(cookie)
    store.logout(cookie)
    assert not store.is_facilitator(cookie)


def test_an_expired_handoff_code_is_refused(store, monkeypatch):
    store.set_pin(PIN)
    code = store.login_handoff(store.login(PIN))
    later = time.time() + auth_mod.HANDOFF_TTL + 1
    monkeypatch.setattr(auth_mod.time, "time", lambda: later)
    with pytest.raises(AccessDenied, match="Kode masuk tidak berlaku lagi"):
        store.redeem_handoff(code)


def test_changing_the_pin_ends_every_other_session(store):
    store.set_pin(PIN)
    mine, other, third = store.login(PIN), store.login(PIN), store.system_auth()
    pending = store.login_handoff(other)
    store.set_pin("246802", mine)
    assert store.is_facilitator(mine)
    assert not store.is_facilitator(other)
    assert not store.is_facilitator(third)
    with pytest.raises(AccessDenied):
        store.redeem_handoff(pending)
    assert store.login("246802")


def test_first_pin_from_another_device_needs_the_console_code(store, capsys):
    before = {t: store.table_rows(t) for t in ("settings", "fac_sessions")}
    with pytest.raises(AccessDenied, match="^PIN pertama hanya bisa diatur"):
        store.set_pin("1234", client=PHONE)
    with pytest.raises(AccessDenied, match="^PIN pertama hanya bisa diatur"):
        store.set_pin("1234", client=PHONE, setup_code="AAAAAAAA")
    assert {t: store.table_rows(t) for t in ("settings", "fac_sessions")} == before
    code = store.setup_code()
    assert code is not None and len(code) == 8
    assert f"kode penyiapan PIN fasilitator (sekali pakai): {code}" in capsys.readouterr().err
    store.set_pin("1234", client=PHONE, setup_code=code.lower())
    assert store.has_pin()
    assert store.setup_code() is None  # used up: nothing more to print


def test_set_up_code_guesses_are_delayed_like_pins(store):
    store.setup_code()
    for _ in range(3):
        with pytest.raises(AccessDenied, match="^PIN pertama"):
            store.set_pin("1234", client=PHONE, setup_code="BBBBBBBB")
    with pytest.raises(AccessDenied, match="^Terlalu banyak percobaan PIN"):
        store.set_pin("1234", client=PHONE, setup_code=store.setup_code())
    assert not store.has_pin()


def test_first_pin_from_the_machine_itself(store):
    store.set_pin("1234", client="127.0.0.1")
    assert store.login("1234")


def test_pin_changed_in_the_app_differs_from_bimtek_pin(store):
    store.ensure_pin(PIN)
    assert not store.pin_differs_from_config()
    store.set_pin("246802", store.login(PIN))
    assert store.pin_differs_from_config()
    store.set_pin(PIN, store.login("246802"))
    assert not store.pin_differs_from_config()
    store.set_pin("246802", store.login(PIN))
    store.ensure_pin(PIN)  # the next start: BIMTEK_PIN is the PIN again, sessions end
    assert not store.pin_differs_from_config()
    assert store.login(PIN)
    assert store.table_rows("fac_sessions") != []
