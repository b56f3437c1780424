"""Document fields, attendee particulars, logo and photos: stored through the facilitator,
checked in the core, hostile files refused in Indonesian with nothing stored."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from tests.conftest import is_indonesian
from tests.test_hostile import CORPUS
from workshop import documents as docs
from workshop import domain as d
from workshop.domain import AccessDenied, WorkshopError


def png(w: int = 40, h: int = 30, color=(11, 83, 148)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (w, h), color).save(buf, format="PNG")
    return buf.getvalue()


def jpeg(w: int = 64, h: int = 48) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (w, h), (200, 100, 50)).save(buf, format="JPEG")
    return buf.getvalue()


def bomb_png(w: int = 100_000, h: int = 100_000) -> bytes:
    """A tiny PNG whose header claims 10 gigapixels (a 'decompression bomb')."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def gif() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, format="GIF")
    return buf.getvalue()


HOSTILE_FILES = {
    "empty": b"",
    "text": b"bukan gambar",
    "html": b"<html><script>alert(1)</script></html>",
    "svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "truncated png": png()[:60],
    "gif": gif(),
    "bomb": bomb_png(),
    "too large": b"\x89PNG\r\n\x1a\n" + b"\0" * (8 * 1024 * 1024 + 1),
    "zip renamed": b"PK\x03\x04" + b"\0" * 100,
    "not bytes": "iVBORw0KGgo=",
}


def test_fields_round_trip_per_workshop_and_stage(store, auth, ws):
    stage = store.stages(ws.id)[0]
    assert store.doc_fields(ws.id) == {}
    store.set_doc_fields(
        auth,
        ws.id,
        {"kop_agency": "Dinas Kominfo", "signer1_nip": "19800101 200501 1 001", "kop_phone": ""},
    )
    store.set_doc_fields(auth, ws.id, {"doc_number": "005/12/Kominfo/2023"}, stage.id)
    assert store.doc_fields(ws.id) == {
        "kop_agency": "Dinas Kominfo",
        "signer1_nip": "198001012005011001",
    }
    assert store.doc_fields(ws.id, stage.id) == {
        "kop_agency": "Dinas Kominfo",
        "signer1_nip": "198001012005011001",
        "doc_number": "005/12/Kominfo/2023",
    }
    # another stage has its own texts
    assert "doc_number" not in store.doc_fields(ws.id, store.stages(ws.id)[1].id)
    # an empty text goes back to the default
    store.set_doc_fields(auth, ws.id, {"kop_agency": "  "})
    assert store.doc_fields(ws.id) == {"signer1_nip": "198001012005011001"}


@pytest.mark.parametrize(
    ("fields", "per_stage", "message"),
    [
        ({"signer1_nip": "12345"}, False, "NIP penanda tangan 1 harus 18 angka"),
        ({"time_start": "25.00"}, True, "Waktu mulai harus berupa jam"),
        ({"kop_email": "bukan email"}, False, "Email kantor tidak valid."),
        ({"doc_date": "31-12-2023"}, True, "Tanggal dokumen"),
        ({"chart_top_n": "100"}, False, "Jumlah usulan teratas di grafik harus antara 3 dan 30."),
        ({"doc_number": "1"}, False, "Isian dokumen tidak dikenal: doc_number"),
        ({"kop_agency": "x"}, True, "Isian dokumen tidak dikenal: kop_agency"),
        ({"password": "x"}, False, "Isian dokumen tidak dikenal: password"),
    ],
)
def test_bad_fields_are_refused_and_nothing_changes(store, auth, ws, fields, per_stage, message):
    stage = store.stages(ws.id)[0]
    store.set_doc_fields(auth, ws.id, {"kop_agency": "Bappeda"})
    with pytest.raises(WorkshopError) as err:
        other = {"penutup": "Demikian."} if per_stage else {"kop_address": "Jl. Baru"}
        store.set_doc_fields(auth, ws.id, {**other, **fields}, stage.id if per_stage else None)
    assert message in str(err.value) and is_indonesian(str(err.value))
    assert store.doc_fields(ws.id, stage.id) == {"kop_agency": "Bappeda"}


def test_only_the_facilitator_writes(store, ws, people):
    stage = store.stages(ws.id)[0]
    for bad in (None, "", "x" * 40, people.ani.token):
        with pytest.raises(AccessDenied):
            store.set_doc_fields(bad, ws.id, {"kop_agency": "x"})
        with pytest.raises(AccessDenied):
            store.set_logo(bad, ws.id, png())
        with pytest.raises(AccessDenied):
            store.add_photo(bad, stage.id, png())
        with pytest.raises(AccessDenied):
            store.set_attendee_details(bad, ws.id, {people.ani.id: {"jabatan": "x"}})
    assert store.doc_fields(ws.id) == {} and store.logo(ws.id) is None


def test_hostile_text_is_stored_clean_or_refused(store, auth, ws):
    stage = store.stages(ws.id)[0]
    for text in CORPUS:
        try:
            store.set_doc_fields(auth, ws.id, {"latar_belakang": text}, stage.id)
        except WorkshopError as err:
            assert is_indonesian(str(err)), (text[:40], str(err))
            continue
        expected = d.clean_text(text, label="x", max_len=d.TEXT_MAX, required=False)
        assert store.doc_fields(ws.id, stage.id).get("latar_belakang", "") == expected


def test_logo_and_photos_are_validated_and_reencoded(store, auth, ws):
    stage = store.stages(ws.id)[0]
    big = png(3000, 1000)
    logo = store.set_logo(auth, ws.id, big)
    assert logo is not None and logo.mime == "image/png"
    assert (logo.width, logo.height) == (600, 200)  # shrunk to 600 px on the long side
    assert Image.open(io.BytesIO(logo.data)).size == (600, 200)
    # a PNG with a script appended: what is stored is a fresh encoding without it
    photo = store.add_photo(auth, stage.id, jpeg() + b"<script>alert(1)</script>", "Sesi pleno")
    assert photo.mime == "image/jpeg" and b"<script>" not in photo.data
    assert [(p.caption, p.width, p.height) for p in store.photos(stage.id)] == [
        ("Sesi pleno", 64, 48)
    ]
    store.remove_photo(auth, photo.id)
    assert store.photos(stage.id) == []
    assert store.set_logo(auth, ws.id, None) is None


@pytest.mark.parametrize("name", list(HOSTILE_FILES))
def test_hostile_files_are_refused_in_indonesian(store, auth, ws, name):
    stage = store.stages(ws.id)[0]
    before = store.table_counts()
    for call in (
        lambda: store.set_logo(auth, ws.id, HOSTILE_FILES[name]),
        lambda: store.add_photo(auth, stage.id, HOSTILE_FILES[name]),
    ):
        with pytest.raises(WorkshopError) as err:
            call()
        assert is_indonesian(str(err.value)), str(err.value)
        assert type(err.value) is WorkshopError
    assert store.table_counts() == before


def test_at_most_twelve_photos_per_stage(store, auth, ws):
    stage = store.stages(ws.id)[0]
    for i in range(docs.PHOTOS_PER_STAGE):
        store.add_photo(auth, stage.id, png(10 + i, 10))
    with pytest.raises(WorkshopError, match="Paling banyak 12 foto per tahap"):
        store.add_photo(auth, stage.id, png())
    assert len(store.photos(stage.id)) == 12
    assert store.photos(store.stages(ws.id)[1].id) == []


def test_attendee_details_checked_all_or_nothing(store, auth, ws, people):
    ani, budi = people.ani, people.budi
    store.set_attendee_details(
        auth, ws.id, {ani.id: {"jabatan": "Kepala Bidang", "nip": "198001012005011001"}}
    )
    with pytest.raises(WorkshopError, match="NIP harus 18 angka"):
        store.set_attendee_details(
            auth, ws.id, {budi.id: {"jabatan": "Staf"}, ani.id: {"nip": "123"}}
        )
    with pytest.raises(WorkshopError, match="Nomor telepon tidak valid."):
        store.set_attendee_details(auth, ws.id, {budi.id: {"phone": "=1+1"}})
    with pytest.raises(WorkshopError, match="Peserta tidak ditemukan."):
        store.set_attendee_details(auth, ws.id, {10**9: {"jabatan": "x"}})
    assert store.attendee_details(ws.id) == {
        ani.id: {"jabatan": "Kepala Bidang", "nip": "198001012005011001", "phone": ""}
    }
    store.set_attendee_details(auth, ws.id, {ani.id: {"phone": "+62 812-3456-7890"}})
    assert store.attendee_details(ws.id)[ani.id]["jabatan"] == "Kepala Bidang"


def test_defaults_are_written_from_the_workshop(store, ws):
    w = store.workshop(ws.id)
    stage = store.stages(ws.id)[0]
    out = docs.defaults(w, stage, ["Smart Governance", "Smart Living"])
    assert set(out) == set(docs.FIELDS)
    assert out["known_role"] == "Wali Kota Metro"
    assert out["sign_place"] == "Metro"
    assert "Smart Governance, Smart Living" in out["ruang_lingkup"]
    assert "Tahap I " in out["latar_belakang"]


def test_exact_means_rank_the_documents(store, auth, ballot):
    """Store.tallies rounds the means for display; the documents use the exact ones."""
    from workshop.exports import formats as fm

    store.update_stage(auth, ballot.stage.id, vote_mode="rating")
    i, p, gov = ballot.ideas, ballot.people, ballot.gov.id
    store.cast_ratings(p.ani.token, gov, {i.mpp.id: (5, 4)})
    store.cast_ratings(p.budi.token, gov, {i.mpp.id: (4, 5)})
    store.cast_ratings(p.citra.token, gov, {i.mpp.id: (4, 4)})
    stage = store.stage(ballot.stage.id)
    assert store.exact_rating_means(stage.id) == {i.mpp.id: (13 / 3, 13 / 3)}
    exact = fm.exact_tallies(store, stage, store.tallies(stage.id))
    mpp = next(t for t in exact if t.idea_id == i.mpp.id)
    assert fm.fmt_dec(fm.score(mpp)) == "18,78"  # 13/3 × 13/3; rounded means gave 18,75
    store.remove_participant(auth, p.citra.id)
    assert store.exact_rating_means(stage.id) == {i.mpp.id: (4.5, 4.5)}
