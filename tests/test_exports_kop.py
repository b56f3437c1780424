"""Every filed Word document (stage drafts, executive summary, the four quick-win
documents) prints the workshop's kop surat, its logo and the stored signers through
workshop/exports/official.py; without a kop it keeps the old letterhead."""

from __future__ import annotations

import zipfile
from io import BytesIO

import pytest

from tests.docx_support import full_text, open_docx
from tests.test_store_documents import png
from workshop.exports import EXPORTS

STAGE_KINDS = {"analysis": 1, "vision": 2, "roadmap": 3}
KINDS = (
    "analysis",
    "vision",
    "roadmap",
    "executive",
    "quickwins",
    "qw_risks",
    "qw_berita",
    "qw_komitmen",
)
SIGNED = {k for k in KINDS if k != "qw_komitmen"}  # komitmen: OPD heads + the region head
KNOWN = {k for k in KINDS if k != "qw_risks"}  # the register is signed by the Tim alone
KOP = {
    "kop_government": "PEMERINTAH KOTA METRO",
    "kop_agency": "DINAS KOMUNIKASI DAN INFORMATIKA",
    "kop_address": "Jl. AH Nasution No. 5, Metro",
    "kop_phone": "(0725) 41234",
    "kop_email": "diskominfo@metrokota.go.id",
    "sign_place": "Metro",
    "signer1_name": "Dr. Rina Hartati",
    "signer2_name": "Ir. Budi Santoso, M.T.",
    "signer2_nip": "197001011995031001",
    "known_name": "Drs. H. Wahdi, M.H.",
    "known_nip": "196501011990031002",
}


def build(store, wid: int, kind: str) -> bytes:
    stages = {s.number: s.id for s in store.stages(wid)}
    n = STAGE_KINDS.get(kind)
    return EXPORTS[kind].build(store, wid if n is None else stages[n])


def media(data: bytes) -> list[str]:
    with zipfile.ZipFile(BytesIO(data)) as z:
        return [n for n in z.namelist() if n.startswith("word/media/")]


@pytest.fixture
def signed(store, auth, ws):
    store.set_doc_fields(auth, ws.id, KOP)
    store.set_logo(auth, ws.id, png(120, 120))
    stage1 = store.stages(ws.id)[0]
    store.set_doc_fields(
        auth, ws.id, {"doc_number": "005/77/Kominfo/2023", "doc_date": "2023-10-12"}, stage1.id
    )
    return store, ws.id


@pytest.mark.parametrize("kind", KINDS)
def test_kop_logo_and_signers_are_printed(signed, kind):
    store, wid = signed
    data = build(store, wid, kind)
    text = full_text(open_docx(data))
    assert "DINAS KOMUNIKASI DAN INFORMATIKA" in text
    assert "Jl. AH Nasution No. 5, Metro" in text
    assert "Telp. (0725) 41234 · Email: diskominfo@metrokota.go.id" in text
    assert "Tim Pelaksana Gerakan Menuju Smart City" not in text  # the old letterhead is gone
    assert len(media(data)) == 1  # the logo (the empty workshop draws no chart)
    if kind in KNOWN:
        assert "Drs. H. Wahdi, M.H." in text  # the countersigner (the region head)
        assert "NIP. 196501011990031002" in text
    if kind in SIGNED:
        assert "Ir. Budi Santoso, M.T." in text
        assert "NIP. 197001011995031001" in text
    assert ("Mengetahui," in text) == (kind in KNOWN - {"qw_komitmen"})


def test_stage_number_and_date_on_the_stage_draft(signed):
    store, wid = signed
    text = full_text(open_docx(build(store, wid, "analysis")))
    assert "Nomor: 005/77/Kominfo/2023" in text
    assert "Metro, 12 Oktober 2023" in text
    other = full_text(open_docx(build(store, wid, "vision")))  # another stage: no number
    assert "Nomor:" not in other


def test_berita_acara_keeps_its_signature_table_with_the_stored_names(signed):
    store, wid = signed
    doc = open_docx(build(store, wid, "qw_berita"))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    expert = next(c for c in cells if "Tenaga Ahli / Fasilitator," in c)
    assert "Dr. Rina Hartati" in expert and "NIP." not in expert  # an outside expert: no NIP
    head = next(c for c in cells if "Mengetahui," in c)
    assert "Drs. H. Wahdi, M.H." in head and "NIP. 196501011990031002" in head


@pytest.mark.parametrize("kind", KINDS)
def test_without_a_kop_the_old_letterhead(store, ws, kind):
    data = build(store, ws.id, kind)
    text = full_text(open_docx(data))
    assert "PEMERINTAH KOTA METRO\nPROVINSI LAMPUNG\nTim Pelaksana Gerakan Menuju Smart City" in (
        text
    )
    assert media(data) == []
    assert "Nomor:" not in text
    if kind in SIGNED:
        assert "(" + "." * 40 + ")" in text  # a line to write the signer's name on
