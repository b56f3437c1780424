"""Facilitator login and first-run PIN, through AppTest."""

from tests.apptest_support import assert_unreachable, new_app


def page_paths(at):
    return at.session_state["fac_auth"] if "fac_auth" in at.session_state else None


def open_login(monkeypatch, store):
    at = new_app(monkeypatch, store)
    at.run()
    at.switch_page("pages/login.py")
    at.run()
    return at


def test_first_run_sets_pin_and_logs_in(monkeypatch, store):
    """On the server's own laptop (localhost) the first PIN needs nothing more."""
    from pages import common

    monkeypatch.setattr(common, "client_address", lambda: "127.0.0.1")
    at = open_login(monkeypatch, store)
    assert [t.key for t in at.text_input] == ["new_pin", "new_pin_repeat"]
    at.text_input(key="new_pin").input("4321")
    at.text_input(key="new_pin_repeat").input("4321")
    at.button(key="set_pin").click()
    at.run()
    assert store.has_pin()
    assert store.is_facilitator(at.session_state["fac_auth"])
    at.switch_page("pages/control.py")  # now registered for this session
    at.run()
    assert not at.exception


def test_first_run_from_another_device_needs_the_console_code(monkeypatch, store):
    """A visitor on a phone (any address but the laptop's) cannot take the fresh install:
    the first PIN needs the one-time code printed on the server's console."""
    from pages import common

    at = open_login(monkeypatch, store)
    at.text_input(key="new_pin").input("4321")
    at.text_input(key="new_pin_repeat").input("4321")
    at.button(key="set_pin").click()
    at.run()
    assert [e.value for e in at.error] == [
        "PIN pertama hanya bisa diatur dari laptop server atau dengan kode penyiapan yang "
        "tampil di konsol server."
    ]
    assert not store.has_pin()
    code = common.store().setup_code()  # what the console shows
    at.text_input(key="setup_code").input(code)
    at.text_input(key="new_pin").input("4321")
    at.text_input(key="new_pin_repeat").input("4321")
    at.button(key="set_pin").click()
    at.run()
    assert store.has_pin()
    assert store.is_facilitator(at.session_state["fac_auth"])


def test_wrong_pin_refused(monkeypatch, store):
    store.set_pin("4321")
    at = open_login(monkeypatch, store)
    at.text_input(key="pin").input("0000")
    at.button(key="login").click()
    at.run()
    assert [e.value for e in at.error] == ["PIN salah."]
    assert page_paths(at) is None
    assert_unreachable(at, "kendali")


def test_right_pin_logs_in(monkeypatch, store):
    store.set_pin("4321")
    at = open_login(monkeypatch, store)
    at.text_input(key="pin").input("4321")
    at.button(key="login").click()
    at.run()
    assert store.is_facilitator(at.session_state["fac_auth"])


def test_repeated_wrong_pins_are_limited(monkeypatch, store):
    store.set_pin("4321")
    at = open_login(monkeypatch, store)
    for _ in range(5):
        at.text_input(key="pin").input("0000")
        at.button(key="login").click()
        at.run()
    at.text_input(key="pin").input("4321")
    at.button(key="login").click()
    at.run()
    assert at.error[0].value.startswith("Terlalu banyak percobaan PIN dari perangkat ini.")
    assert page_paths(at) is None


def test_pin_from_environment(monkeypatch, store):
    at = new_app(monkeypatch, store)
    monkeypatch.setenv("BIMTEK_PIN", "9876")
    at.run()
    at.switch_page("pages/login.py")
    at.run()
    at.text_input(key="pin").input("9876")
    at.button(key="login").click()
    at.run()
    assert store.is_facilitator(at.session_state["fac_auth"])
