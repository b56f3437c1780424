"""Programme long-list import: the RPJMD / Renstra programme table (CSV or XLSX) with
columns programme, OPD, optional indicator and budget, read into long-list rows.

The file is read with workshop/imports.py's bounded readers (size limit, encodings,
delimiter guess, XLSX row limit, formulas refused); this module only finds the columns
and checks the cells. Pure: nothing is stored (Store.update_activity stores the rows)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .. import domain as d
from .. import imports
from . import kinds as k

HEADERS = {
    "name": ("program", "nama program", "program/kegiatan", "programme", "kegiatan"),
    "opd": ("opd", "perangkat daerah", "opd pengampu", "opd penanggung jawab", "unit kerja"),
    "indicator": ("indikator", "indikator kinerja", "indikator program", "indicator"),
    "budget": ("anggaran", "pagu", "pagu anggaran", "budget", "pagu indikatif", "biaya"),
}
_MONEY = re.compile(r"[^0-9]")


@dataclass
class ProgrammePreview:
    """What a file gave: rows ready for the long-list, row errors, a whole-file error."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    file_error: str | None = None


def _header_map(cells: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, cell in enumerate(cells):
        text = " ".join(str(cell or "").strip().lower().split())
        for col, names in HEADERS.items():
            if col not in found and text in names:
                found[col] = i
    return found


def _table(data: bytes, filename: str) -> list[tuple[int, list[Any]]]:
    """Rows of the first sheet / the CSV, through imports.py's bounded readers."""
    if not isinstance(data, (bytes, bytearray)) or not data.strip():
        raise imports.RosterFileError("Berkas kosong.")
    if len(data) > imports.MAX_BYTES:
        raise imports.RosterFileError("Berkas terlalu besar.")
    if data[:4] == b"PK\x03\x04" or (filename or "").lower().endswith(".xlsx"):
        rows, _warnings = imports._read_xlsx(bytes(data))
        return rows
    text, _enc, _warnings = imports._decode(bytes(data))
    return imports._split_lines(text, imports._choose_delimiter(text) or ";")


def _budget(value: Any) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value)
    digits = _MONEY.sub("", str(value).split(",")[0])
    if not digits:
        raise d.WorkshopError("Pagu anggaran harus berupa angka.")
    return int(digits)


def parse_programmes(data: bytes, filename: str, existing: int = 0) -> ProgrammePreview:
    """A programme table as long-list rows (keys "p<n>" after `existing` rows). Never
    raises for a bad file: see `.file_error` and `.errors`."""
    out = ProgrammePreview()
    try:
        table = _table(data, filename)
    except d.WorkshopError as err:
        out.file_error = str(err)
        return out
    header_at = next(
        (i for i, (_n, cells) in enumerate(table[:5]) if "name" in _header_map(cells)), None
    )
    if header_at is None:
        out.file_error = "Kolom 'Program' tidak ditemukan di baris judul."
        return out
    cols = _header_map(table[header_at][1])
    for line, cells in table[header_at + 1 :]:
        if not any(str(c or "").strip() for c in cells):
            continue

        def cell(col: str, cells: list[Any] = cells) -> Any:
            i = cols.get(col)
            return cells[i] if i is not None and i < len(cells) else None

        try:
            texts = {}
            for col in ("name", "opd", "indicator"):
                v = cell(col)
                if isinstance(v, str) and v[:1] in ("=", "+", "@"):
                    raise d.WorkshopError("Sel berisi rumus; ketik sebagai teks biasa.")
                texts[col] = "" if v is None else str(v)
            row = {
                "key": f"p{existing + len(out.rows) + 1}",
                "name": d.clean_text(texts["name"], label="Nama program", max_len=k.PROGRAMME_MAX),
                "opd": d.clean_text(texts["opd"], label="OPD", max_len=d.NAME_MAX, required=False),
                "indicator": d.clean_text(
                    texts["indicator"], label="Indikator", max_len=k.STATEMENT_MAX, required=False
                ),
                "budget": _budget(cell("budget")),
                "pillar_id": None,
            }
        except d.WorkshopError as err:
            out.errors.append((line, str(err)))
            continue
        if len(out.rows) + existing >= k.MAX_PROGRAMMES:
            out.errors.append((line, f"Paling banyak {k.MAX_PROGRAMMES} program."))
            break
        out.rows.append(row)
    return out


PILLAR_HINTS = {
    "Governance": (
        "pemerintahan",
        "pelayanan",
        "administrasi",
        "aparatur",
        "perencanaan",
        "informatika",
        "statistik",
        "kepegawaian",
        "keuangan",
        "pengawasan",
    ),
    "Branding": ("pariwisata", "kebudayaan", "promosi", "ekonomi kreatif", "destinasi", "seni"),
    "Economy": (
        "perdagangan",
        "umkm",
        "koperasi",
        "usaha",
        "investasi",
        "industri",
        "pasar",
        "pertanian",
        "perikanan",
        "pangan",
    ),
    "Living": (
        "kesehatan",
        "perhubungan",
        "perumahan",
        "permukiman",
        "jalan",
        "transportasi",
        "air minum",
        "rumah sakit",
    ),
    "Society": (
        "pendidikan",
        "sosial",
        "perpustakaan",
        "pemuda",
        "olahraga",
        "perempuan",
        "anak",
        "ketenteraman",
        "keamanan",
        "bencana",
        "kependudukan",
    ),
    "Environment": (
        "lingkungan",
        "sampah",
        "limbah",
        "energi",
        "persampahan",
        "drainase",
        "penghijauan",
        "taman",
    ),
}


def suggest_pillar(row: dict[str, Any], pillars: list[d.Pillar]) -> int | None:
    """A first guess of a programme's pillar from words of its name and OPD (the
    facilitator confirms or changes it in the mapping table)."""
    text = f"{row.get('name', '')} {row.get('opd', '')}".lower()
    for p in pillars:
        hints = PILLAR_HINTS.get(p.short, ())
        if any(h in text for h in hints):
            return p.id
    return None
