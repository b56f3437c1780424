"""Helpers for AppTest page tests: a fresh database per test, sessions by role."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from workshop.security import PinHasher
from workshop.store import Store

APP = str(Path(__file__).resolve().parent.parent / "app.py")
# Tests name pages by their URL (Indonesian, as people see it); the files are English.
PAGE_FILES = {
    "peserta": "pages/participant.py",
    "layar": "pages/projector.py",
    "kendali": "pages/control.py",
    "quickwin": "pages/quickwin.py",
    "kegiatan": "pages/setup.py",
    "daftar-peserta": "pages/participants.py",
    "unduh": "pages/downloads.py",
    "cadangan": "pages/backups.py",
    "masuk": "pages/login.py",
}


def make_store(tmp_path: Path) -> Store:
    return Store(tmp_path / "app.db", hasher=PinHasher(fast=True))


def new_app(monkeypatch, store: Store) -> AppTest:
    """An AppTest on app.py using `store`'s database (no demo data)."""
    monkeypatch.setenv("BIMTEK_DB", store.path)
    monkeypatch.setenv("BIMTEK_NO_DEMO", "1")
    monkeypatch.setenv("BIMTEK_NO_AUTOSNAPSHOT", "1")
    monkeypatch.delenv("BIMTEK_PIN", raising=False)
    return AppTest.from_file(APP, default_timeout=60)


def facilitator_app(monkeypatch, store: Store, page: str) -> AppTest:
    """A logged-in facilitator session on the page at URL path `page` (e.g. 'kendali')."""
    at = new_app(monkeypatch, store)
    at.session_state["fac_auth"] = store.system_auth()
    at.run()
    at.switch_page(PAGE_FILES[page])
    at.run()
    assert not at.exception, at.exception
    return at


def phone_app(
    monkeypatch, store: Store, *, code: str | None = None, token: str | None = None
) -> AppTest:
    """A participant's phone, opened through the QR link (?code=) or its own link (?t=)."""
    at = new_app(monkeypatch, store)
    if code:
        at.query_params["code"] = code
    if token:
        at.query_params["t"] = token
    at.run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    """Everything a person would read on the page, joined (for 'shows X' asserts)."""
    parts = []
    for kind in (
        "markdown",
        "caption",
        "success",
        "error",
        "warning",
        "info",
        "title",
        "header",
        "subheader",
        "toast",
    ):
        parts.extend(str(e.value) for e in getattr(at, kind))
    parts.extend(str(e.proto.body) for e in at.get("html"))
    return "\n".join(parts)


def assert_unreachable(at: AppTest, page: str) -> None:
    """A session without the facilitator role cannot open `page` by path/URL: AppTest
    refuses an unregistered page, the router falls back to the participant page, or the
    page itself refuses (require_facilitator)."""
    try:
        at.switch_page(PAGE_FILES[page])
    except ValueError:
        return
    at.run()
    assert not at.exception
    shown = texts(at)
    assert any(
        x in shown
        for x in ("Gabung ke Bimtek", "Selamat datang", "Halaman ini khusus fasilitator.")
    )
    controls = {
        "phase_vote",
        "ctl_stage",
        "qw_ideas",
        "ws_select",
        "dl_summary",
        "backup_download",
        "restore_submit",
        "ctl_reveal",
    }
    rendered = {
        getattr(w, "key", None)
        for kind in ("button", "radio", "multiselect", "selectbox", "toggle")
        for w in getattr(at, kind)
    }
    assert not controls & rendered
