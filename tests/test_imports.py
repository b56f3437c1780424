"""OPD roster import: CSV/XLSX parser with a preview and Indonesian row errors."""

from __future__ import annotations

import contextlib
import datetime
import io
import json

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import is_indonesian
from workshop import domain as d
from workshop import imports
from workshop.imports import RosterPreview, parse_roster
from workshop.security import PinHasher
from workshop.store import Store


@contextlib.contextmanager
def in_process_xlsx():
    """Read XLSX with the child's function in this process (JSON round trip kept)."""
    real = imports._run_child
    imports._run_child = lambda data: json.loads(json.dumps(imports._xlsx_rows_here(data)))
    try:
        yield
    finally:
        imports._run_child = real


def xlsx(rows, sheets=1) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for i in range(1, sheets):
        wb.create_sheet(f"Lain {i}").append(["Tidak dibaca"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_header_nama_selects_column_and_rows_are_cleaned():
    data = (
        b"No;Nama OPD;Jenis\n"
        b"1;Bappeda;opd\n"
        b"2;  Dinas   Kesehatan ;opd\n"
        b"\n"
        b";;\n"
        b"3;Dinas Pendidikan, Pemuda dan Olahraga;opd\n"
        b"4;BAPPEDA;opd\n"
    )
    p = parse_roster(data, "opd.csv")
    assert p.header and p.delimiter == ";"
    assert p.names == ["Bappeda", "Dinas Kesehatan", "Dinas Pendidikan, Pemuda dan Olahraga"]
    assert p.errors == []
    assert p.duplicates == [(7, "BAPPEDA")]
    assert any("Nama OPD" in w for w in p.warnings)
    assert [r.row for r in p.rows] == [2, 3, 6, 7]  # empty lines skipped, numbers are lines


def test_comma_csv_with_quotes_and_header_opd():
    data = b'no,opd\n1,Bappeda\n2,"Dinas A, B"\n3,Dinas C, D\n'
    p = parse_roster(data, "r.csv")
    assert p.delimiter == ","
    # an unquoted comma in the last column is joined back into the name
    assert p.names == ["Bappeda", "Dinas A, B", "Dinas C, D"]


def test_one_name_per_line_with_commas_inside_names():
    data = b"Dinas Pariwisata\nDinas Pendidikan, Pemuda dan Olahraga\nBagian Hukum Setda\n"
    p = parse_roster(data, "daftar.csv")
    assert p.delimiter == "" and not p.header
    assert p.names == [
        "Dinas Pariwisata",
        "Dinas Pendidikan, Pemuda dan Olahraga",
        "Bagian Hukum Setda",
    ]


def test_number_column_without_header_is_skipped():
    p = parse_roster(b"1;Bappeda\n2;Diskominfo\n", "x.csv")
    assert p.names == ["Bappeda", "Diskominfo"]


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x","y")', "+62 811", "-1+2", "@SUM(A1)", "=cmd|' /C calc'!A0"]
)
def test_formulas_are_refused_with_row_number(text):
    p = parse_roster(f"nama\nBappeda\n{text}\n".encode(), "r.csv")
    assert p.names == ["Bappeda"]
    [(row, message)] = p.errors
    assert row == 3 and "rumus" in message and is_indonesian(message)


def test_bullets_are_not_formulas():
    p = parse_roster("- Dinas Sosial\n• Satpol PP\n".encode(), "r.csv")
    assert p.names == ["Dinas Sosial", "Satpol PP"] and not p.errors


def test_overlong_empty_and_numeric_names():
    long = "Dinas " + "x" * 130
    p = parse_roster(f"no;nama\n1;{long}\n2;\n3;12345\n4;Inspektorat\n".encode(), "r.csv")
    assert p.names == ["Inspektorat"]
    assert [r for r, _ in p.errors] == [2, 3, 4]
    assert "terlalu panjang (136 karakter, maksimal 120)" in p.errors[0][1]
    assert all(is_indonesian(m) for _, m in p.errors)
    assert not p.ok


def test_invalid_utf8_falls_back_with_warning():
    p = parse_roster("Kecamatan Béla\nDinas Kesehatan\n".encode("cp1252"), "r.csv")
    assert p.names == ["Kecamatan Béla", "Dinas Kesehatan"]
    assert p.encoding == "cp1252"
    assert any("bukan UTF-8" in w for w in p.warnings)
    p = parse_roster(b"Dinas \x81\x8d X\n", "r.csv")  # bytes cp1252 cannot decode
    assert p.encoding == "latin-1" and p.names == ["Dinas X"]


def test_utf8_bom_and_utf16_tab_text():
    p = parse_roster("\ufeffnama\nDisdukcapil\n".encode("utf-8"), "r.csv")
    assert p.header and p.names == ["Disdukcapil"] and not p.warnings[1:]
    p = parse_roster("No\tNama\n1\tBappeda\n2\tBPBD\n".encode("utf-16"), "r.txt")
    assert p.names == ["Bappeda", "BPBD"] and p.delimiter == "\t"


def test_xlsx_with_formula_date_and_number_cells():
    data = xlsx(
        [
            ["No", "Nama OPD"],
            [1, "Bappeda"],
            [2, '=HYPERLINK("http://x","y")'],
            [3, datetime.date(2023, 1, 1)],
            [4, 42],
            [5, None],
            [None, None],
            [6, "Dinas Sosial"],
        ],
        sheets=2,
    )
    p = parse_roster(data, "OPD.XLSX")
    assert p.names == ["Bappeda", "Dinas Sosial"]
    assert [r for r, _ in p.errors] == [3, 4, 5, 6]
    assert "rumus" in p.errors[0][1] and "tanggal" in p.errors[1][1]
    assert any("lembar pertama" in w for w in p.warnings)


def test_whole_file_problems_are_reported_not_raised():
    for data, name, word in [
        (b"", "r.csv", "kosong"),
        (b"PK\x03\x04rusak", "r.xlsx", "XLSX"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1....", "r.xls", ".xls"),
        (b"abc", "r.pdf", "tidak didukung"),
        (b"x" * (6 * 1024 * 1024), "r.csv", "terlalu besar"),
    ]:
        p = parse_roster(data, name)
        assert p.names == [] and p.file_error and word in p.file_error
        assert p.errors == [(0, p.file_error)] and is_indonesian(p.file_error + " tidak")


def test_existing_names_are_marked_and_preview_summary():
    p = parse_roster(b"Bappeda\nDinas Baru\n", "r.csv", existing=["BAPPEDA"])
    assert p.new_names == ["Dinas Baru"]
    assert [r.status for r in p.rows] == ["sudah ada", "baru"]
    assert p.summary() == "2 nama OPD siap diimpor; 1 di antaranya baru."
    assert isinstance(p, RosterPreview)


def test_names_feed_store_import(tmp_path):
    store = Store(tmp_path / "i.db", hasher=PinHasher(fast=True))
    auth = store.system_auth()
    w = store.create_workshop(auth, region="Kota Metro", year=2023, opds=["Bappeda"])
    p = parse_roster(
        b"nama\nBappeda\nKecamatan Metro Pusat\nKelurahan Yosorejo\n",
        "r.csv",
        existing=[o.name for o in store.opds(w.id)],
    )
    assert store.import_opds(auth, w.id, p.names) == len(p.new_names) == 2
    assert [o.kind for o in store.opds(w.id)] == ["opd", "kecamatan", "kelurahan"]
    store.close()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.binary(max_size=400) | st.text(max_size=300).map(lambda s: s.encode("utf-8")),
    st.sampled_from(["r.csv", "r.txt", "r.xlsx", "r", "r.tsv"]),
)
def test_any_bytes_give_a_preview_never_an_exception(data, name):
    p = parse_roster(data, name)
    keys = [" ".join(n.casefold().split()) for n in p.names]
    assert len(keys) == len(set(keys))
    for n in p.names:
        assert n == n.strip() and 0 < len(n) <= d.NAME_MAX
        assert not n.startswith(("=", "+", "-", "@"))
        assert d.clean_text(n, label="Nama OPD", max_len=d.NAME_MAX) == n
    for row, message in p.errors:
        assert row >= 0 and message


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40), max_size=12
    )
)
def test_xlsx_of_random_text_never_raises(cells):
    data = xlsx([[c] for c in cells if not c.startswith("=")] or [[None]])
    with in_process_xlsx():  # the child's own code, without a process start per example
        p = parse_roster(data, "r.xlsx")
    assert all(len(n) <= d.NAME_MAX for n in p.names)
