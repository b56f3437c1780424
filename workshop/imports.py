"""Import of the OPD roster from CSV or XLSX: a pure parser with a preview.

`parse_roster(data, filename)` never touches the store. It returns a `RosterPreview`:
`.names` are the valid names, cleaned and deduplicated (case- and space-insensitive) in
file order, ready for `Store.import_opds`; `.errors` are `(row_number, message)` pairs in
Bahasa Indonesia for rows that were left out; `.warnings` are notes about the whole file
(encoding guessed, header found, duplicates); `.rows` is one entry per non-empty row for
a preview table.

What it copes with: UTF-8 with or without BOM, UTF-16 (Excel "Unicode text"), and
otherwise cp1252 or latin-1 with a warning; semicolon, comma or tab separators (a
single-column file whose names contain commas stays one column); an optional header row
('nama', 'opd', 'nama opd', 'perangkat daerah', ...) that selects the column; a leading
number column; empty rows; overlong names; formulas (a cell starting with =, +, - or @,
or an XLSX formula cell) are refused, never evaluated.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from . import domain as d

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
NAME_MAX = d.NAME_MAX

HEADER_WORDS = {
    # best first: the column whose header matches the earliest entry wins
    "nama opd": 0,
    "nama perangkat daerah": 0,
    "nama_opd": 0,
    "namaopd": 0,
    "opd": 1,
    "perangkat daerah": 1,
    "nama unit kerja": 2,
    "unit kerja": 2,
    "nama instansi": 3,
    "instansi": 3,
    "nama": 4,
    "name": 4,
    "opd name": 0,
    "agency": 3,
}
OTHER_HEADER_WORDS = {
    "no",
    "no.",
    "nomor",
    "#",
    "jenis",
    "kode",
    "kategori",
    "keterangan",
    "singkatan",
    "alamat",
    "kind",
    "type",
}
FORMULA_START = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
BULLET = re.compile(r"^(?:[-\u2022\u2013\u2014*·]\s+)")
NUMBER_ONLY = re.compile(r"^[\d\s.,/()-]+$")


@dataclass
class RosterRow:
    """One non-empty row of the file, as the preview shows it."""

    row: int
    raw: str
    name: str
    status: str  # "baru", "sudah ada", "duplikat", "galat"
    message: str = ""


@dataclass
class RosterPreview:
    """Result of reading a roster file: names to import, errors per row, warnings."""

    names: list[str] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rows: list[RosterRow] = field(default_factory=list)
    duplicates: list[tuple[int, str]] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""
    header: bool = False
    file_error: str | None = None

    @property
    def new_names(self) -> list[str]:
        """Valid names not yet in the roster given to `parse_roster(existing=...)`."""
        have = {_key(n) for n in self.existing}
        return [n for n in self.names if _key(n) not in have]

    @property
    def ok(self) -> bool:
        """True when there is something to import and no row was refused."""
        return bool(self.names) and not self.errors

    def summary(self) -> str:
        """One Indonesian sentence for the preview."""
        if self.file_error:
            return self.file_error
        parts = [f"{len(self.names)} nama OPD siap diimpor"]
        if self.existing:
            parts.append(f"{len(self.new_names)} di antaranya baru")
        if self.duplicates:
            parts.append(f"{len(self.duplicates)} baris duplikat dilewati")
        if self.errors:
            parts.append(f"{len(self.errors)} baris bermasalah tidak diimpor")
        return "; ".join(parts) + "."


class RosterFileError(d.WorkshopError):
    """The whole file cannot be read (not a CSV/XLSX, too large, damaged)."""


# --------------------------------------------------------------------------- helpers


def _key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _norm_header(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip().strip("\ufeff").lower()
    text = re.sub(r"[\s_]+", " ", text)
    return text.strip(" :*")


def _decode(data: bytes) -> tuple[str, str, list[str]]:
    """Text, encoding name and warnings: UTF-16 by BOM, UTF-8(-sig), cp1252, latin-1."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16", []
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), "utf-8", []
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        enc = "cp1252"
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        enc = "latin-1"
    return (
        text,
        enc,
        [
            f"Berkas bukan UTF-8; dibaca sebagai {enc}. Periksa huruf beraksen pada pratinjau; "
            'sebaiknya simpan ulang sebagai "CSV UTF-8".'
        ],
    )


def _split_lines(text: str, delimiter: str | None) -> list[tuple[int, list[str]]]:
    """Rows with their line numbers; `delimiter=None` reads one column per line."""
    out: list[tuple[int, list[str]]] = []
    if delimiter is None:
        for n, line in enumerate(text.splitlines(), 1):
            out.append((n, [line]))
        return out
    reader = csv.reader(
        io.StringIO(text, newline=""),
        delimiter=delimiter,
        quotechar='"',
        skipinitialspace=False,
        strict=False,
    )
    start = 1
    try:
        for cells in reader:
            out.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as err:
        raise RosterFileError(f"CSV tidak dapat dibaca di baris {start}: {err}.") from None
    return out


def _choose_delimiter(text: str) -> str | None:
    """';', tab or ',' when the file really has columns, else None (one name per line)."""
    lines = [ln for ln in text.splitlines() if ln.strip()][:200]
    if not lines:
        return None
    best: str | None = None
    for delim in (";", "\t", ","):
        if not any(delim in ln for ln in lines):
            continue
        try:
            rows = [r for r in csv.reader(io.StringIO("\n".join(lines)), delimiter=delim)]
        except csv.Error:
            continue
        widths = _width_stats(len(r) for r in rows if any(c.strip() for c in r))
        if not widths:
            continue
        common, share = widths
        if common > 1 and share >= 0.8:
            if delim != "," or _comma_has_columns(rows):
                return delim
            continue
        if best is None and delim in (";", "\t"):
            best = delim
    if best:
        return best
    # a comma only counts when the first line looks like a header with columns
    first = [c.strip().lower() for c in lines[0].split(",")]
    if len(first) > 1 and any(
        _norm_header(c) in HEADER_WORDS or _norm_header(c) in OTHER_HEADER_WORDS for c in first
    ):
        return ","
    return None


def _comma_has_columns(rows: list[list[str]]) -> bool:
    """A comma file is a table only with a header line or a column of numbers; names
    such as "Dinas Pendidikan, Pemuda dan Olahraga" alone do not make columns."""
    first = [_norm_header(c) for c in rows[0]] if rows else []
    if any(c in HEADER_WORDS or c in OTHER_HEADER_WORDS for c in first):
        return True
    width = max(len(r) for r in rows)
    for col in range(width):
        cells = [r[col].strip() for r in rows if col < len(r) and r[col].strip()]
        if cells and sum(1 for c in cells if NUMBER_ONLY.match(c)) / len(cells) >= 0.8:
            return True
    return False


def _width_stats(widths: Iterable[int]) -> tuple[int, float] | None:
    """The most common row width and its share of the rows."""
    counts: dict[int, int] = {}
    total = 0
    for w in widths:
        counts[w] = counts.get(w, 0) + 1
        total += 1
    if not total:
        return None
    common = max(counts, key=lambda k: (counts[k], k))
    return common, counts[common] / total


def _read_xlsx(data: bytes) -> tuple[list[tuple[int, list[object]]], list[str]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as err:
        raise RosterFileError(
            f"Berkas XLSX rusak atau bukan XLSX ({type(err).__name__})."
        ) from None
    except Exception as err:  # openpyxl raises many kinds for hostile files
        raise RosterFileError(f"Berkas XLSX tidak dapat dibaca ({type(err).__name__}).") from None
    warnings: list[str] = []
    try:
        sheets = wb.worksheets
        if not sheets:
            raise RosterFileError("Berkas XLSX tidak berisi lembar kerja.")
        ws = sheets[0]
        if len(sheets) > 1:
            warnings.append(f'Hanya lembar pertama ("{ws.title}") yang dibaca.')
        rows: list[tuple[int, list[object]]] = []
        for n, values in enumerate(ws.iter_rows(values_only=True), 1):
            if n > MAX_ROWS + 50:
                raise RosterFileError(f"Terlalu banyak baris (maksimal {MAX_ROWS}).")
            rows.append((n, list(values)))
    finally:
        wb.close()
    return rows, warnings


def _cell_text(value: object) -> tuple[str, str | None]:
    """Cell text and an error message for cells that are not plain text."""
    if value is None:
        return "", None
    if isinstance(value, bool):
        return str(value), "Sel berisi nilai logika, bukan nama OPD."
    if isinstance(value, (int, float)):
        text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
        return text, None
    if hasattr(value, "isoformat"):
        return str(value), "Sel berisi tanggal, bukan nama OPD."
    if not isinstance(value, str):  # ArrayFormula, DataTableFormula, ...
        return "", (
            "Sel berisi rumus atau diawali tanda =, +, - atau @; ketik nama OPD sebagai teks biasa."
        )
    return value, None


def _find_header(rows: list[tuple[int, list[str]]]) -> tuple[int, int] | None:
    """(index of the header row among the first rows, name column), or None."""
    for idx, (_, cells) in enumerate(rows[:5]):
        texts = [_norm_header(c) for c in cells]
        if not any(texts):
            continue
        ranked = [(HEADER_WORDS[t], i) for i, t in enumerate(texts) if t in HEADER_WORDS]
        if ranked:
            return idx, min(ranked)[1]
        return None  # first non-empty row is data
    return None


def _guess_column(rows: Sequence[tuple[int, list[str]]]) -> int:
    """Without a header: the first column that mostly holds text (not numbers)."""
    width = max((len(c) for _, c in rows), default=1)
    best, best_share = 0, -1.0
    for col in range(width):
        cells = [c[col].strip() for _, c in rows if col < len(c) and c[col].strip()]
        if not cells:
            continue
        share = sum(1 for c in cells if not NUMBER_ONLY.match(c)) / len(cells)
        if share > best_share + 0.2:
            best, best_share = col, share
    return best


def _check_name(text: str) -> tuple[str, str | None]:
    """Clean one name; return (name, error message or None)."""
    name = unicodedata.normalize("NFC", text)
    name = re.sub(r"[\x00-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff]", " ", name)
    name = " ".join(name.split())
    name = BULLET.sub("", name).strip()
    if not name:
        return "", "Nama OPD kosong."
    if name.startswith(FORMULA_START):
        return name, (
            "Sel berisi rumus atau diawali tanda =, +, - atau @; ketik nama OPD sebagai teks biasa."
        )
    if NUMBER_ONLY.match(name):
        return name, "Nama OPD hanya berisi angka."
    if len(name) > NAME_MAX:
        return name, f"Nama OPD terlalu panjang ({len(name)} karakter, maksimal {NAME_MAX})."
    return name, None


# --------------------------------------------------------------------------- API


def parse_roster(data: bytes, filename: str, existing: Iterable[str] = ()) -> RosterPreview:
    """Read an OPD roster (CSV or XLSX) into a preview: valid names, row errors, warnings.

    Never raises for a bad file: a problem with the whole file (empty, not CSV/XLSX, too
    large, damaged) is `.file_error` and also `.errors == [(0, message)]`, with no names.
    `existing` (the current roster's names) only marks rows as "sudah ada" in the preview;
    those names stay in `.names` because `Store.import_opds` skips them anyway."""
    preview = RosterPreview(existing=list(existing))
    try:
        return _parse(preview, data, filename)
    except RosterFileError as err:
        return RosterPreview(
            existing=preview.existing,
            errors=[(0, str(err))],
            warnings=preview.warnings,
            file_error=str(err),
            encoding=preview.encoding,
        )


def _parse(preview: RosterPreview, data: bytes, filename: str) -> RosterPreview:
    if not isinstance(data, (bytes, bytearray)):
        raise RosterFileError("Berkas tidak valid.")
    if not data.strip():
        raise RosterFileError("Berkas kosong.")
    if len(data) > MAX_BYTES:
        raise RosterFileError(f"Berkas terlalu besar (maksimal {MAX_BYTES // (1024 * 1024)} MB).")
    ext = (filename or "").lower().rsplit(".", 1)[-1] if "." in (filename or "") else ""
    is_zip = data[:4] == b"PK\x03\x04"
    if ext == "xls" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise RosterFileError(
            "Format .xls (Excel lama) tidak didukung. Simpan sebagai .xlsx "
            "atau CSV lalu unggah lagi."
        )

    cell_errors: dict[tuple[int, int], str] = {}
    if ext in ("xlsx", "xlsm") or (is_zip and ext not in ("csv", "txt")):
        raw_rows, warnings = _read_xlsx(bytes(data))
        preview.warnings.extend(warnings)
        preview.encoding = "xlsx"
        rows: list[tuple[int, list[str]]] = []
        for n, values in raw_rows:
            texts = []
            for i, v in enumerate(values):
                text, err = _cell_text(v)
                texts.append(text)
                if err:  # judged only if this turns out to be the name column
                    cell_errors[(n, i)] = err
            rows.append((n, texts))
    elif ext in ("csv", "txt", "tsv", ""):
        text, enc, warnings = _decode(bytes(data))
        preview.encoding = enc
        preview.warnings.extend(warnings)
        if "\x00" in text:
            raise RosterFileError("Berkas tampaknya bukan teks CSV.")
        delim = "\t" if ext == "tsv" else _choose_delimiter(text)
        preview.delimiter = delim or ""
        rows = _split_lines(text, delim)
    else:
        raise RosterFileError("Jenis berkas tidak didukung: unggah .csv atau .xlsx.")

    nonempty = [
        (n, cells)
        for n, cells in rows
        if any(c.strip() for c in cells) or any((n, i) in cell_errors for i in range(len(cells)))
    ]
    if len(nonempty) > MAX_ROWS + 1:
        raise RosterFileError(f"Terlalu banyak baris ({len(nonempty)}; maksimal {MAX_ROWS}).")
    if not nonempty:
        raise RosterFileError("Berkas tidak berisi nama OPD.")

    header_width: int | None
    found = _find_header(nonempty)
    if found is not None:
        header_idx, col = found
        preview.header = True
        header_cells = nonempty[header_idx][1]
        preview.warnings.append(
            f"Baris {nonempty[header_idx][0]} dibaca sebagai judul kolom; nama OPD diambil "
            f'dari kolom "{header_cells[col].strip()}".'
        )
        data_rows = nonempty[header_idx + 1 :]
        header_width = len(header_cells)
    else:
        col = _guess_column(nonempty)
        data_rows = nonempty
        header_width = None

    seen: dict[str, int] = {}
    have = {_key(n) for n in preview.existing}
    for n, cells in data_rows:
        raw = " | ".join(c for c in cells if c.strip())
        if (n, col) in cell_errors:
            msg = cell_errors[(n, col)]
            preview.errors.append((n, msg))
            preview.rows.append(RosterRow(n, raw, "", "galat", msg))
            continue
        if col >= len(cells) or not cells[col].strip():
            msg = "Nama OPD kosong pada baris ini."
            preview.errors.append((n, msg))
            preview.rows.append(RosterRow(n, raw, "", "galat", msg))
            continue
        text = cells[col]
        # an unquoted comma inside the last column of a comma CSV: join the pieces back
        if (
            preview.delimiter == ","
            and header_width
            and len(cells) > header_width
            and col == header_width - 1
        ):
            text = ",".join(cells[col:])
        name, err = _check_name(text)
        if err:
            preview.errors.append((n, err))
            preview.rows.append(RosterRow(n, raw, name, "galat", err))
            continue
        key = _key(name)
        if key in seen:
            msg = f"Duplikat dari baris {seen[key]}."
            preview.duplicates.append((n, name))
            preview.rows.append(RosterRow(n, raw, name, "duplikat", msg))
            continue
        seen[key] = n
        preview.names.append(name)
        status = "sudah ada" if key in have else "baru"
        preview.rows.append(
            RosterRow(n, raw, name, status, "Sudah ada di daftar OPD." if key in have else "")
        )
    if preview.duplicates:
        preview.warnings.append(f"{len(preview.duplicates)} baris duplikat dilewati.")
    if not preview.names and not preview.errors:
        raise RosterFileError("Berkas tidak berisi nama OPD.")
    return preview
