"""A backup carrying the documents' logo and photos (BLOB columns) restores them whole;
an oversized blob in an upload is refused and changes nothing."""

from __future__ import annotations

import io
import sqlite3

import pytest
from PIL import Image

from workshop.demo import build_demo
from workshop.domain import WorkshopError
from workshop.security import PinHasher
from workshop.store import Store
from workshop.store.backup import MAX_BLOB_BYTES


def png(w: int = 40, h: int = 30) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (w, h), (11, 83, 148)).save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture
def with_images(tmp_path):
    store = Store(tmp_path / "live.db", hasher=PinHasher(fast=True))
    auth = store.machine_auth()
    wid = build_demo(store).workshop_id
    stage = store.stages(wid)[0]
    store.set_logo(auth, wid, png())
    store.add_photo(auth, stage.id, png(64, 48), caption="Sesi pleno")
    store.backup_to(auth, tmp_path / "cadangan.db")
    yield store, tmp_path
    store.close()


def images(store: Store) -> list[dict]:
    return store.table_rows("doc_images")


def test_logo_and_photos_survive_a_restore(with_images):
    store, tmp = with_images
    before = images(store)
    assert len(before) == 2 and all(isinstance(r["data"], bytes) for r in before)
    store.restore_from(store.machine_auth(), tmp / "cadangan.db")
    assert images(store) == before


def test_an_oversized_blob_is_refused_and_changes_nothing(with_images):
    store, tmp = with_images
    before = images(store)
    conn = sqlite3.connect(tmp / "cadangan.db")
    conn.execute("UPDATE doc_images SET data = zeroblob(?)", (MAX_BLOB_BYTES + 1,))
    conn.commit()
    conn.close()
    with pytest.raises(WorkshopError, match="salah jenis atau terlalu besar"):
        store.restore_from(store.machine_auth(), tmp / "cadangan.db")
    assert images(store) == before
