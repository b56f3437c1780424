"""The Excel workbook: opened again with openpyxl, every sheet equals the store."""

from __future__ import annotations

import io
import zipfile
from collections import Counter

import openpyxl
import pytest

from workshop import domain as d
from workshop.exports import formats as fm
from workshop.exports import workbook
from workshop.security import PinHasher
from workshop.store import Store

HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+1",
    "-1+2",
    "@SUM(A1)",
    "\t=1+1",
    " =1+1",
    "\uff1dSUM(A1)",
    "=cmd|' /C calc'!A0",
]


@pytest.fixture(scope="module")
def book(demo):
    store, wid = demo
    data = workbook.build_workbook(store, wid)
    return data, openpyxl.load_workbook(io.BytesIO(data)), store.workshop(wid)


def table(ws) -> list[dict]:
    """The rows of a sheet's table (row 1 is the title, row 2 the header)."""
    header = [c.value for c in ws[2]]
    return [
        dict(zip(header, (c.value for c in row), strict=False)) for row in ws.iter_rows(min_row=3)
    ]


def _r(x):
    """A mean as stored: exact, up to the last digit of Excel's float text."""
    return None if x is None else round(x, 9)


def test_sheets_are_styled_frozen_filtered_tables(book):
    _, wb, _ = book
    assert wb.sheetnames == list(workbook.SHEETS)
    w = book[2]
    for ws in wb:
        assert ws.freeze_panes == "A3", ws.title
        assert ws["A1"].value.startswith(f"{w.title} – {w.region} {w.year}: "), ws.title
        assert ws["A1"].font.bold and ws["A1"].font.name == "Arial"
        (tbl,) = ws.tables.values()  # a real Excel table over header and rows
        last = ws.cell(2, ws.max_column).column_letter
        assert tbl.ref in (f"A2:{last}{ws.max_row}", f"A2:{last}3"), ws.title
        for cell in ws[2]:
            assert cell.font.bold and cell.fill.fgColor.rgb.endswith("0B5394"), ws.title
        for row in ws.iter_rows(min_row=3, max_row=min(ws.max_row, 40)):
            for cell in row:
                if cell.value is not None:
                    assert cell.font.name == "Arial" and cell.font.sz == 10, cell.coordinate
                    if isinstance(cell.value, str) and len(cell.value) > 60:
                        assert cell.alignment.wrap_text, cell.coordinate
        for col in range(1, ws.max_column + 1):
            letter = ws.cell(2, col).column_letter
            assert 6 <= ws.column_dimensions[letter].width <= 70, (ws.title, letter)
        assert ws.print_title_rows in ("1:2", "$1:$2")
        assert ws.page_setup.orientation == "landscape"
    assert wb["Program Quick Win"].page_setup.fitToWidth == 2  # wide: two pages, legible
    kinds = {r["Jenis"] for r in table(wb["Daftar OPD"])}
    assert kinds <= set(workbook.OPD_KIND_LABELS.values()) and "OPD" in kinds


def test_participants_and_attendance_per_stage(demo, book):
    store, wid = demo
    _, wb, _ = book
    people = store.participants(wid)
    rows = table(wb["Peserta"])
    assert [(r["ID"], r["Nama"]) for r in rows] == [(p.id, p.name) for p in people]
    stages = store.stages(wid)
    attendance = table(wb["Kehadiran"])
    per_stage = Counter(r["Tahap"] for r in attendance)
    assert per_stage == {s.roman: len(store.attendance(s.id)) for s in stages}
    for s in stages:
        present = {r["id"] for r in store.attendance(s.id)}
        assert {r["ID"] for r in rows if r[f"Hadir Tahap {s.roman}"] == "Ya"} == present


def test_no_participant_token_anywhere(demo, book):
    store, wid = demo
    data, _, _ = book
    raw = b"".join(
        zipfile.ZipFile(io.BytesIO(data)).read(n)
        for n in zipfile.ZipFile(io.BytesIO(data)).namelist()
    )
    for p in store.participants(wid):
        assert p.token.encode() not in raw


def test_ideas_votes_and_results_equal_the_store(demo, book):
    store, wid = demo
    _, wb, _ = book
    ideas = store.ideas(wid, statuses=d.STATUSES)
    rows = table(wb["Usulan"])
    assert [(r["ID"], r["Judul"], r["Status"]) for r in rows] == [
        (i.id, i.title, workbook.STATUS_LABELS[i.status]) for i in ideas
    ]
    votes = table(wb["Suara"])
    results = table(wb["Hasil per Pilar"])
    expected_votes, expected_results = [], []
    pillar = {p.id: p.name for p in store.pillars(wid)}
    for s in store.stages(wid):
        exact = fm.exact_tallies(store, s, store.tallies(s.id))
        for t in exact:
            expected_votes.append(
                (
                    s.roman,
                    pillar[t.pillar_id],
                    t.idea_id,
                    t.dots,
                    t.paper,
                    t.total,
                    t.voters,
                    _r(t.impact),
                    _r(t.feasibility),
                    t.ratings,
                )
            )
            expected_results.append(
                (
                    s.roman,
                    pillar[t.pillar_id],
                    fm.rank_labels(
                        [x for x in exact if x.pillar_id == t.pillar_id],
                        s.vote_mode,
                    )[t.idea_id],
                    t.title,
                    t.total if s.vote_mode == "dots" else None,
                )
            )
    assert [
        (
            r["Tahap"],
            r["Pilar"],
            r["ID usulan"],
            r["Suara aplikasi"],
            r["Suara manual"],
            r["Total suara"],
            r["Pemilih"],
            _r(r["Dampak (rata-rata)"]),
            _r(r["Kelayakan (rata-rata)"]),
            r["Jumlah penilai"],
        )
        for r in votes
    ] == expected_votes
    assert [
        (r["Tahap"], r["Pilar"], r["Peringkat"], r["Usulan"], r["Total suara"]) for r in results
    ] == expected_results
    manual = [r for r in votes if r["Suara manual"]]
    assert manual and all(r["Catatan suara manual"] for r in manual)


def test_quickwin_sheet_has_programmes_with_opd_and_enablers(demo, book):
    store, wid = demo
    _, wb, _ = book
    opd = {o.id: o.name for o in store.opds(wid)}
    rows = table(wb["Program Quick Win"])
    qws = store.quickwins(wid)
    assert [
        (
            r["Nama program"],
            r["OPD penanggung jawab"],
            r["Perkiraan biaya (Rp)"],
            r["Jangka waktu (bulan)"],
            r["Regulasi: catatan"],
        )
        for r in rows
    ] == [
        (
            q.name,
            opd[q.owner_opd_id],
            q.estimated_cost,
            q.timeline_months,
            q.enablers["regulasi"]["catatan"],
        )
        for q in qws
    ]
    assert wb["Program Quick Win"]["N3"].number_format == "#,##0"


@pytest.mark.parametrize("text", HOSTILE)
def test_safe_text_keeps_the_value(text):
    assert workbook.safe_text(text) == text and workbook.is_formula_like(text)
    assert workbook.safe_value(-5) == -5 and workbook.safe_value(2.5) == 2.5
    assert workbook.safe_text("Bappeda") == "Bappeda"
    assert workbook.safe_text("Dinas - Kesehatan") == "Dinas - Kesehatan"


def test_cell_text_starting_with_formula_characters_never_runs(tmp_path):
    store = Store(tmp_path / "x.db", hasher=PinHasher(fast=True))
    auth = store.system_auth()
    w = store.create_workshop(auth, region="Kota Metro", year=2023, venue="=1+1")
    pillar = store.pillars(w.id)[0]
    for text in HOSTILE:
        store.add_idea(
            auth,
            w.id,
            pillar_id=pillar.id,
            kind="usulan",
            title=text.strip() or "x",
            description=text,
        )
        store.join(w.join_code, name=text, group="masyarakat", institution=text)
    store.add_opd(auth, w.id, "@SUM(A1)")
    data = workbook.build_workbook(store, w.id)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and workbook.is_formula_like(cell.value):
                    assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
    # no formula element in the sheet XML at all
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)
    titles = [r["Judul"] for r in table(wb["Usulan"])]
    assert titles[:4] == HOSTILE[:4]  # the value as typed, no visible apostrophe
    names = [r["Nama"] for r in table(wb["Peserta"])]
    assert names[0] == HOSTILE[0]
    store.close()


def test_empty_workshop_builds(tmp_path):
    store = Store(tmp_path / "y.db", hasher=PinHasher(fast=True))
    w = store.create_workshop(store.system_auth(), region="Kota Metro", year=2023)
    wb = openpyxl.load_workbook(io.BytesIO(workbook.build_workbook(store, w.id)))
    assert wb["Peserta"].max_row == 2 and wb["Daftar OPD"].max_row == len(d.DEFAULT_OPDS) + 2
    assert list(wb["Peserta"].tables.values())[0].ref.startswith("A2:")
    store.close()


def test_removed_participants_are_left_out_and_counted(store, auth, ws, ballot):
    """The Peserta sheet lists the participants still in the workshop and says below the
    table how many were removed; nothing of the kind while nobody was."""
    p = ballot.people

    def sheets():
        return openpyxl.load_workbook(io.BytesIO(workbook.build_workbook(store, ws.id)))

    wb = sheets()
    assert [r["Nama"] for r in table(wb["Peserta"])] == [p.ani.name, p.budi.name, p.citra.name]
    store.remove_participant(auth, p.budi.id)
    wb = sheets()
    sheet = wb["Peserta"]
    assert [r["Nama"] for r in table(sheet)][:2] == [p.ani.name, p.citra.name]
    assert sheet.max_row == 6  # title, header, two participants, a blank row, the note
    assert sheet.cell(row=6, column=1).value == (
        "1 peserta dihapus oleh fasilitator (tidak termasuk di atas)."
    )
    assert list(sheet.tables.values())[0].ref.endswith("4")  # the note is outside the table
    info = {r["Keterangan"]: r["Isi"] for r in table(wb["Kegiatan"])}
    assert info["Jumlah peserta terdaftar"] == 2
    assert [r["Nama"] for r in table(wb["Kehadiran"])] == [p.citra.name, p.ani.name]
    assert "Kanal pengaduan warga terpadu" not in [r["Judul"] for r in table(wb["Usulan"])]
