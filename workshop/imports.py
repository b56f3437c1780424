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

Hostile files are bounded before and while they are read (`_check_zip`, `_read_xlsx`,
`_check_text`): at most `MAX_BYTES` uploaded; an XLSX's zip directory is checked first
(entries, declared uncompressed sizes, compression ratio, the styles part), then
openpyxl reads it in a child process (`python -m workshop.imports --read-xlsx`) under
an address-space and CPU limit and a wall-clock timeout, in read-only mode, at most
`MAX_ROWS + 50` rows and `MAX_COLS` columns whatever dimension the sheet declares. A
CSV is refused past `MAX_LINES` lines or a line longer than `MAX_LINE_CHARS`, before
the csv module sees it. `preview_roster` caches previews by the file's SHA-256, so a
rerun of the page never parses the same upload twice.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import threading
import time
import unicodedata
import zipfile
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import domain as d

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
MAX_COLS = 50  # a roster has a handful; cells beyond are never read
NAME_MAX = d.NAME_MAX
# CSV: physical lines (empty ones included) and characters per line
MAX_LINES = 10 * MAX_ROWS
MAX_LINE_CHARS = 4000
# XLSX, checked on the zip directory before openpyxl opens anything
MAX_ZIP_ENTRIES = 200
MAX_UNCOMPRESSED = 30 * 1024 * 1024  # all parts together
MAX_PART = 20 * 1024 * 1024  # one part (a sheet, the shared strings)
MAX_STYLES = 2 * 1024 * 1024  # xl/styles.xml: openpyxl reads every style up front
MAX_RATIO = 100  # uncompressed / compressed, for parts above RATIO_FROM bytes
RATIO_FROM = 1024 * 1024
# the child process that runs openpyxl
XLSX_TIMEOUT_S = 20.0
XLSX_CPU_S = 15
XLSX_MEMORY = 768 * 1024 * 1024  # address space (RLIMIT_AS) of the child
CACHE_ENTRIES = 16

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
            out.append((start, cells[:MAX_COLS]))
            start = reader.line_num + 1
    except csv.Error as err:
        raise RosterFileError(f"CSV tidak dapat dibaca di baris {start}: {err}.") from None
    return out


def _check_text(text: str) -> None:
    """Lines and line length of a CSV, before the csv module splits anything."""
    lines = text.count("\n") + text.count("\r") - text.count("\r\n") + 1
    if lines > MAX_LINES:
        raise RosterFileError(
            f"Berkas berisi terlalu banyak baris ({lines}; maksimal {MAX_LINES} termasuk "
            "baris kosong)."
        )
    for n, line in enumerate(re.split(r"\r\n|\r|\n", text), 1):
        if len(line) > MAX_LINE_CHARS:
            raise RosterFileError(
                f"Baris {n} terlalu panjang ({len(line)} karakter; maksimal {MAX_LINE_CHARS})."
            )


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


def _check_zip(data: bytes) -> None:
    """The zip directory of an XLSX, before anything is decompressed: entries,
    declared sizes (zipfile never inflates past them), compression ratio, styles."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as err:
        raise RosterFileError(
            f"Berkas XLSX rusak atau bukan XLSX ({type(err).__name__})."
        ) from None
    if len(infos) > MAX_ZIP_ENTRIES:
        raise RosterFileError(
            f"Berkas XLSX berisi terlalu banyak bagian ({len(infos)}; maksimal {MAX_ZIP_ENTRIES})."
        )
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        raise RosterFileError(
            "Berkas XLSX rusak atau bukan XLSX: bagian xl/workbook.xml tidak ada."
        )
    total = sum(i.file_size for i in infos)
    mb = MAX_UNCOMPRESSED // (1024 * 1024)
    if total > MAX_UNCOMPRESSED:
        raise RosterFileError(
            f"Isi berkas XLSX terlalu besar setelah dibuka ({total // (1024 * 1024)} MB; "
            f"maksimal {mb} MB)."
        )
    for info in infos:
        limit = MAX_STYLES if info.filename == "xl/styles.xml" else MAX_PART
        if info.file_size > limit:
            raise RosterFileError(
                f"Bagian {info.filename[:80]} dari berkas XLSX terlalu besar "
                f"({info.file_size // 1024} KB; maksimal {limit // 1024} KB)."
            )
        if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise RosterFileError(
                f"Bagian {info.filename[:80]} dari berkas XLSX dipadatkan secara tidak wajar "
                f"(rasio {info.file_size // max(1, info.compress_size)}:1; maksimal "
                f"{MAX_RATIO}:1)."
            )


class _Dated(str):
    """A date cell read by the child process (only its text travels back)."""

    def isoformat(self) -> str:
        return str(self)


class _Other:
    """A cell value the child could not send as text (ArrayFormula, DataTableFormula...)."""


def _tag(value: object) -> Any:
    """A cell value as JSON for the trip from the child process."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return ["b", value]
    if isinstance(value, (int, float)):
        return ["n", value]
    if hasattr(value, "isoformat"):
        return ["d", str(value)]
    return ["o", type(value).__name__]


def _untag(value: Any) -> object:
    if value is None or isinstance(value, str):
        return value
    tag, inner = value
    if tag == "b":
        return bool(inner)
    if tag == "n":
        return inner
    if tag == "d":
        return _Dated(inner)
    return _Other()


def _xlsx_rows_here(data: bytes) -> dict[str, Any]:
    """What the child does: openpyxl, read-only, bounded rows and columns."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as err:
        return {"error": ["damaged", type(err).__name__]}
    except MemoryError:
        raise
    except Exception as err:  # openpyxl raises many kinds for hostile files
        return {"error": ["unreadable", type(err).__name__]}
    warnings: list[str] = []
    try:
        sheets = wb.worksheets
        if not sheets:
            return {"error": ["no_sheet", ""]}
        ws = sheets[0]
        if len(sheets) > 1:
            warnings.append(f'Hanya lembar pertama ("{ws.title}") yang dibaca.')
        rows: list[tuple[int, list[Any]]] = []
        limit = MAX_ROWS + 50
        # explicit bounds: the declared dimension (A1:XFD2000) and row gaps are ignored
        for n, values in enumerate(
            ws.iter_rows(min_row=1, max_row=limit + 1, max_col=MAX_COLS, values_only=True), 1
        ):
            if n > limit:
                return {"error": ["rows", ""]}
            rows.append((n, [_tag(v) for v in values]))
    except MemoryError:
        raise
    except Exception as err:
        return {"error": ["unreadable", type(err).__name__]}
    finally:
        wb.close()
    return {"rows": rows, "warnings": warnings}


def _peak_rss_kb() -> int:
    """This process's peak resident memory (VmHWM: its own since exec; ru_maxrss on
    Linux also counts the parent's memory at the fork)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    import resource

    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _child_main(memory: int, cpu_s: int) -> int:
    """`python -m workshop.imports --read-xlsx MEMORY CPU_S`: limits first, then stdin."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 1))
    data = sys.stdin.buffer.read(MAX_BYTES + 1)
    try:
        out = _xlsx_rows_here(data)
    except MemoryError:
        out = {"error": ["memory", ""]}
    out["maxrss_kb"] = _peak_rss_kb()
    sys.stdout.write(json.dumps(out))
    return 0


LAST_CHILD: dict[str, Any] = {}  # the last child's figures (peak RSS, seconds): for tests


def _run_child(data: bytes) -> dict[str, Any] | None:
    """Run `_xlsx_rows_here` in a child process under limits; its JSON answer, or None
    when the child was killed (time, CPU or memory) or answered nothing readable."""
    root = Path(__file__).resolve().parent.parent
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "HOME")}
    env["PYTHONPATH"] = str(root)
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "workshop.imports",
                "--read-xlsx",
                str(int(XLSX_MEMORY)),
                str(int(XLSX_CPU_S)),
            ],
            input=bytes(data),
            capture_output=True,
            timeout=XLSX_TIMEOUT_S,
            cwd=root,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        LAST_CHILD.update(seconds=time.perf_counter() - start, maxrss_kb=None, killed=True)
        return None
    LAST_CHILD.update(seconds=time.perf_counter() - start, killed=done.returncode != 0)
    try:
        out = json.loads(done.stdout) if done.returncode == 0 else None
    except ValueError:
        out = None
    LAST_CHILD.update(maxrss_kb=out.get("maxrss_kb") if isinstance(out, dict) else None)
    return out if isinstance(out, dict) else None


def _read_xlsx(data: bytes) -> tuple[list[tuple[int, list[object]]], list[str]]:
    """Rows of the first sheet, read by openpyxl in a bounded child process."""
    _check_zip(data)
    out = _run_child(data)
    code, kind = out.get("error") or ("", "") if out is not None else ("memory", "")
    if code == "memory":
        raise RosterFileError(
            f"Berkas XLSX terlalu berat untuk dibaca (batas {int(XLSX_TIMEOUT_S)} detik dan "
            f"{XLSX_MEMORY // (1024 * 1024)} MB memori). Simpan ulang sebagai CSV lalu unggah "
            "lagi."
        )
    kind = str(kind)[:60]
    if code == "damaged":
        raise RosterFileError(f"Berkas XLSX rusak atau bukan XLSX ({kind}).")
    if code == "unreadable":
        raise RosterFileError(f"Berkas XLSX tidak dapat dibaca ({kind}).")
    if code == "no_sheet":
        raise RosterFileError("Berkas XLSX tidak berisi lembar kerja.")
    if code == "rows":
        raise RosterFileError(f"Terlalu banyak baris (maksimal {MAX_ROWS}).")
    assert out is not None
    rows = [(int(n), [_untag(v) for v in values]) for n, values in out["rows"]]
    return rows, [str(w) for w in out["warnings"]]


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
    if len(data) > MAX_BYTES:  # first: never copy a huge upload (strip, bytes())
        raise RosterFileError(f"Berkas terlalu besar (maksimal {MAX_BYTES // (1024 * 1024)} MB).")
    if not data.strip():
        raise RosterFileError("Berkas kosong.")
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
        _check_text(text)
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


_cache: OrderedDict[tuple[str, str, tuple[str, ...]], RosterPreview] = OrderedDict()
_cache_lock = threading.Lock()


def file_digest(data: bytes) -> str:
    """The SHA-256 of an upload (the preview cache's key)."""
    return hashlib.sha256(bytes(data)).hexdigest()


def preview_roster(data: bytes, filename: str, existing: Iterable[str] = ()) -> RosterPreview:
    """`parse_roster`, cached by the file's SHA-256 (with its name and the roster it was
    compared with): a page rerun never parses the same upload again."""
    if not isinstance(data, (bytes, bytearray)):
        return parse_roster(data, filename, existing)
    names = tuple(existing)
    key = (file_digest(data), str(filename or ""), names)
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return copy.deepcopy(hit)
    preview = parse_roster(data, filename, names)
    with _cache_lock:
        _cache[key] = preview
        while len(_cache) > CACHE_ENTRIES:
            _cache.popitem(last=False)
    return copy.deepcopy(preview)


if __name__ == "__main__" and sys.argv[1:2] == ["--read-xlsx"]:
    raise SystemExit(_child_main(int(sys.argv[2]), int(sys.argv[3])))
