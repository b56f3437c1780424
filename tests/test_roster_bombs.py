"""Roster bombs (issue 13, item 7): hostile CSV/XLSX files are refused fast and small.

Each test builds its bomb (tests/bomb_support.py), reads it through the real
`parse_roster` (the XLSX child process included) and asserts the refusal, the time it
took and the memory: the parent's own allocations (tracemalloc) and the peak RSS the
child process reported. Before the fix (measured with the same files, see the note):
the 300 MB zip bomb was still inflating after 90 s; A1:XFD2000 took 15.8 s and 567 MB;
200,000 styles 12 s and 398 MB; 2.25 million CSV lines 7.2 s and 619 MB."""

from __future__ import annotations

import time
import tracemalloc

import pytest

from tests import bomb_support as bombs
from workshop import imports

MB = 1024 * 1024
# generous for a machine shared by six test runs; the measured figures are far lower
TIME_LIMIT_S = 6.0
PARENT_PEAK = 32 * MB
CHILD_PEAK_KB = 128 * 1024  # measured: 46-56 MB


def read(data: bytes, name: str) -> tuple[imports.RosterPreview, float, int]:
    """parse_roster with its wall time and the parent's allocation peak."""
    imports.LAST_CHILD.clear()
    tracemalloc.start()
    try:
        start = time.perf_counter()
        preview = imports.parse_roster(data, name)
        seconds = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return preview, seconds, peak


def child_peak_ok() -> None:
    """If a child ran it reported its peak RSS, within bounds (or it was killed)."""
    if imports.LAST_CHILD and not imports.LAST_CHILD.get("killed"):
        assert imports.LAST_CHILD["maxrss_kb"] < CHILD_PEAK_KB, imports.LAST_CHILD


@pytest.mark.parametrize(
    "build, name, words",
    [
        (lambda: bombs.zip_bomb_xlsx(300), "opd.xlsx", "terlalu besar setelah dibuka"),
        (lambda: bombs.many_styles_xlsx(200_000), "opd.xlsx", "xl/styles.xml"),
        (lambda: bombs.many_styles_xlsx(25_000), "opd.xlsx", "dipadatkan secara tidak wajar"),
        (bombs.junk_xlsx, "opd.xlsx", "rusak atau bukan XLSX"),
        (bombs.big_csv, "opd.csv", "terlalu besar (maksimal 5 MB)"),
        (bombs.many_lines_csv, "opd.csv", "terlalu banyak baris"),
        (bombs.long_line_csv, "opd.csv", "Baris 1 terlalu panjang"),
    ],
    ids=["zip-bomb", "styles-200k", "styles-ratio", "junk", "csv-50mb", "csv-lines", "csv-line"],
)
def test_bombs_are_refused_fast_and_small(build, name, words):
    data = build()
    preview, seconds, peak = read(data, name)
    assert preview.names == [] and preview.file_error and words in preview.file_error
    assert preview.errors == [(0, preview.file_error)]
    assert seconds < TIME_LIMIT_S, seconds
    assert peak < PARENT_PEAK, peak
    child_peak_ok()


def test_a_declared_dimension_of_a1_xfd2000_is_ignored():
    normal, _, _ = read(bombs.roster_xlsx(), "opd.xlsx")
    preview, seconds, peak = read(bombs.wide_dimension_xlsx(), "opd.xlsx")
    assert preview.names == normal.names == bombs.NAMES  # the same rows import
    assert seconds < TIME_LIMIT_S and peak < PARENT_PEAK, (seconds, peak)
    child_peak_ok()
    assert imports.LAST_CHILD["maxrss_kb"] is not None


def test_a_normal_roster_still_imports_the_same_rows(store):
    preview, seconds, _ = read(bombs.roster_xlsx(), "Daftar OPD.xlsx")
    assert preview.ok and preview.names == bombs.NAMES and preview.header
    auth = store.system_auth()
    w = store.create_workshop(auth, region="Kota Metro", year=2023, opds=[])
    assert store.import_opds(auth, w.id, preview.names) == 40
    assert [o.name for o in store.opds(w.id)] == bombs.NAMES
    csv = ("Nama OPD\n" + "\n".join(bombs.NAMES) + "\n").encode()
    assert imports.parse_roster(csv, "opd.csv").names == bombs.NAMES


def test_the_child_is_killed_past_its_time(monkeypatch):
    monkeypatch.setattr(imports, "XLSX_TIMEOUT_S", 0.01)
    preview, seconds, _ = read(bombs.roster_xlsx(), "opd.xlsx")
    assert preview.file_error and "terlalu berat untuk dibaca" in preview.file_error
    assert imports.LAST_CHILD["killed"] and seconds < TIME_LIMIT_S


def test_the_child_is_stopped_at_its_memory_limit(monkeypatch):
    monkeypatch.setattr(imports, "XLSX_MEMORY", 24 * MB)  # too little for openpyxl
    preview, seconds, _ = read(bombs.roster_xlsx(), "opd.xlsx")
    assert preview.file_error and "terlalu berat untuk dibaca" in preview.file_error
    assert seconds < TIME_LIMIT_S


def test_too_many_rows_stop_at_the_row_limit():
    names = [f"Dinas {i}" for i in range(imports.MAX_ROWS + 100)]
    preview, seconds, _ = read(bombs.roster_xlsx(names), "opd.xlsx")
    assert preview.file_error == f"Terlalu banyak baris (maksimal {imports.MAX_ROWS})."
    assert seconds < TIME_LIMIT_S


def test_store_import_is_bounded_too(store):
    auth = store.system_auth()
    w = store.create_workshop(auth, region="Kota Metro", year=2023)
    before = store.opds(w.id)
    with pytest.raises(imports.d.WorkshopError, match="Terlalu banyak nama OPD"):
        store.import_opds(auth, w.id, [f"Dinas {i}" for i in range(5000)])
    assert store.opds(w.id) == before


def test_the_preview_is_parsed_once_per_file(monkeypatch):
    calls = []
    real = imports.parse_roster
    monkeypatch.setattr(imports, "parse_roster", lambda *a: calls.append(a) or real(*a))
    imports._cache.clear()
    data = bombs.roster_xlsx()
    first = imports.preview_roster(data, "opd.xlsx", ["Dinas Nomor 1"])
    again = imports.preview_roster(bytes(data), "opd.xlsx", ["Dinas Nomor 1"])
    assert len(calls) == 1 and first == again and first is not again
    imports.preview_roster(data, "opd.xlsx", [])  # another roster to compare with
    assert len(calls) == 2


def test_the_setup_page_parses_an_upload_once(monkeypatch, store):
    from tests.apptest_support import facilitator_app

    auth = store.system_auth()
    store.create_workshop(auth, region="Kota Metro", year=2023, opds=[])
    calls = []
    real = imports.parse_roster
    monkeypatch.setattr(imports, "parse_roster", lambda *a: calls.append(a) or real(*a))
    imports._cache.clear()
    at = facilitator_app(monkeypatch, store, "kegiatan")
    at.file_uploader(key="opd_import").set_value(
        ("opd.xlsx", bombs.roster_xlsx(), "application/vnd.ms-excel")
    )
    at.run()
    at.run()  # a rerun (any widget) must not parse again
    assert not at.exception
    assert len(calls) == 1
    at.button(key="opd_import_confirm").click()
    at.run()
    assert [o.name for o in store.opds(store.workshops()[0].id)] == bombs.NAMES
