"""The facilitator's backup page (AppTest): download links, automatic snapshots, restore."""

from __future__ import annotations

import pytest

from tests.apptest_support import assert_unreachable, facilitator_app, make_store, phone_app, texts
from tests.test_web_download import follow, links
from workshop import backups
from workshop.demo import build_demo
from workshop.security import PinHasher
from workshop.store import Store


def dump(store):
    return {t: store.table_rows(t) for t in store.table_counts()}


def data_dump_of(rows):
    """`data_dump` of a full `dump` taken earlier."""
    from workshop.store.backup import PRIVATE_SETTINGS, PRIVATE_TABLES

    return {
        t: [r for r in v if t != "settings" or r["key"] not in PRIVATE_SETTINGS]
        for t, v in rows.items()
        if t not in PRIVATE_TABLES
    }


def data_dump(store):
    from tests.backup_support import data_dump as rows

    return rows(store)


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("BIMTEK_BACKUP_DIR", str(tmp_path / "cadangan"))
    s = make_store(tmp_path)
    build_demo(s, participants=5, seed=4)
    return s


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "cadangan"


def page(monkeypatch, store):
    at = facilitator_app(monkeypatch, store, "cadangan")
    assert "Cadangan" in [t.value for t in at.title]
    return at


def test_page_renders_and_takes_an_automatic_snapshot(monkeypatch, store, folder):
    at = page(monkeypatch, store)
    keys = {
        getattr(w, "key", None)
        for kind in ("file_uploader", "checkbox", "button")
        for w in at.get(kind)
    }
    assert {"restore_upload", "restore_confirm", "restore_submit"} <= keys
    (snap,) = backups.list_snapshots(folder)  # the rerun took one
    assert snap.name in at.dataframe[0].value["Berkas"].tolist()
    assert "Cadangan otomatis" in texts(at)
    assert {k: (a["href"], a["text"], a["icon"]) for k, a in links(at).items()} == {
        "backup-download": ("/api/download/backup", "Unduh cadangan sekarang", "backup"),
        "snapshot-download": (
            f"/api/download/snapshot?name={snap.name}",
            "Unduh cadangan terpilih",
            "",
        ),
    }
    assert not at.get("download_button")  # nothing goes through Streamlit's media store
    at.run()
    assert len(backups.list_snapshots(folder)) == 1  # no change, no new snapshot


def test_download_link_gives_a_fresh_backup(monkeypatch, store, tmp_path):
    at = page(monkeypatch, store)
    href = links(at)["backup-download"]["href"]
    auth = store.system_auth()
    store.update_workshop(auth, store.workshops()[0].id, venue="Setelah halaman dibuka")
    status, headers, data = follow(store, at, href)  # what a click downloads, now
    assert (status, headers["content-type"]) == (200, "application/vnd.sqlite3")
    assert data.startswith(b"SQLite format 3\x00")
    other = Store(tmp_path / "unduhan.db", hasher=PinHasher(fast=True))
    backups.restore_bytes(other, data, auth=other.machine_auth())
    assert data_dump(other) == data_dump(store)
    assert other.workshops()[0].venue == "Setelah halaman dibuka"


def test_the_picked_snapshot_is_the_one_downloaded(monkeypatch, store, folder):
    first = backups.snapshot(store, folder, now=1_700_000_000, auth=store.machine_auth())
    second = backups.snapshot(
        store, folder, now=1_700_000_000, auth=store.machine_auth()
    )  # the same minute: "-2"
    at = page(monkeypatch, store)
    names = [p.name for p in backups.list_snapshots(folder)]
    assert {first.name, second.name} <= set(names) and second.name.endswith("-2.db")
    assert at.selectbox(key="snapshot_pick").value.name == names[0]
    at.selectbox(key="snapshot_pick").set_value(second)
    at.run()
    assert not at.exception
    href = links(at)["snapshot-download"]["href"]
    assert href == f"/api/download/snapshot?name={second.name}"
    status, headers, data = follow(store, at, href)
    assert status == 200 and data == second.read_bytes()
    assert headers["content-disposition"] == (
        f"attachment; filename=\"{second.name}\"; filename*=UTF-8''{second.name}"
    )


def test_restore_needs_a_file_and_the_confirmation(monkeypatch, store, folder, tmp_path):
    at = page(monkeypatch, store)
    original = dump(store)
    snap = backups.snapshot_bytes(store, auth=store.machine_auth())
    auth = store.system_auth()
    w = store.workshops()[0]
    store.update_workshop(auth, w.id, venue="Berubah")
    changed = dump(store)
    at.button(key="restore_submit").click()
    at.run()
    assert "Pilih berkas cadangan dulu." in [e.value for e in at.error]
    at.file_uploader(key="restore_upload").set_value(("cadangan.db", snap, "application/x-sqlite3"))
    at.button(key="restore_submit").click()
    at.run()
    assert any("Centang konfirmasi" in e.value for e in at.error)
    assert dump(store) == changed  # nothing happened yet
    at.checkbox(key="restore_confirm").check()
    at.button(key="restore_submit").click()
    at.run()
    assert not at.exception
    assert any("Data dipulihkan dari cadangan\\.db" in e.value for e in at.success)
    restored = data_dump(store)
    expected = data_dump_of(original)
    assert restored == expected
    assert store.table_rows("fac_sessions") == []  # every facilitator session ended
    assert store.workshop(w.id).venue == w.venue
    newest = backups.list_snapshots(folder)[0]  # the data the restore replaced
    assert newest.name.endswith("-sebelum-pulih.db")
    assert any(newest.name in e.value for e in at.info)
    kept = Store(tmp_path / "kept.db", hasher=PinHasher(fast=True))
    backups.restore(kept, newest, auth=kept.machine_auth())
    assert kept.workshop(w.id).venue == "Berubah"


def test_restore_of_older_data_asks_to_log_in_again(monkeypatch, store, tmp_path):
    old = backups.snapshot_bytes(store, auth=store.machine_auth())  # no facilitator session inside
    at = page(monkeypatch, store)
    at.file_uploader(key="restore_upload").set_value(("lama.db", old, "application/x-sqlite3"))
    at.checkbox(key="restore_confirm").check()
    at.button(key="restore_submit").click()
    at.run()
    assert not at.exception
    assert any("Silakan masuk lagi" in e.value for e in at.warning)
    assert "fac_auth" not in at.session_state
    at.run()  # now a participant's view
    assert not at.get("download_button") and not links(at)


@pytest.mark.parametrize(
    "name, data",
    [
        ("sampah.db", b"\xff\xfe\x00 bukan basis data " * 300),
        ("kosong.db", b""),
        ("teks.db", b'=HYPERLINK("http://x","y") <script>alert(1)</script>'),
    ],
)
def test_bad_upload_is_refused_with_a_message(monkeypatch, store, name, data):
    at = page(monkeypatch, store)
    before = dump(store)
    at.file_uploader(key="restore_upload").set_value((name, data, "application/octet-stream"))
    at.checkbox(key="restore_confirm").check()
    at.button(key="restore_submit").click()
    at.run()
    assert not at.exception
    assert any("cadangan" in e.value.lower() for e in at.error), [e.value for e in at.error]
    after = dump(store)
    assert {t: r for t, r in after.items() if t != "fac_sessions"} == {
        t: r for t, r in before.items() if t != "fac_sessions"
    }


def test_restore_an_automatic_snapshot(monkeypatch, store, folder):
    at = page(monkeypatch, store)
    (snap,) = backups.list_snapshots(folder)
    auth = store.system_auth()
    w = store.workshops()[0]
    store.update_workshop(auth, w.id, venue="Berubah lagi")
    at.checkbox(key="restore_confirm").check()
    at.button(key="restore_snapshot_submit").click()
    at.run()
    assert not at.exception
    assert any(snap.name.replace("-", "\\-").replace(".", "\\.") in e.value for e in at.success)
    assert store.workshop(w.id).venue == w.venue


def test_participant_session_is_refused(monkeypatch, store):
    w = store.workshops()[0]
    at = phone_app(monkeypatch, store, code=w.join_code)
    assert_unreachable(at, "cadangan")
    assert not at.get("download_button") and not links(at)


def test_page_refuses_without_a_facilitator_session(monkeypatch, store, tmp_path):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("BIMTEK_DB", store.path)
    monkeypatch.setenv("BIMTEK_NO_DEMO", "1")
    for token in (None, "", "acak-acakan", store.participants(store.workshops()[0].id)[0].token):
        at = AppTest.from_file("../pages/backups.py", default_timeout=60)
        if token is not None:
            at.session_state["fac_auth"] = token
        at.run()
        assert not at.exception
        assert "Halaman ini khusus fasilitator." in [e.value for e in at.error]
        assert not links(at) and not at.get("file_uploader")
