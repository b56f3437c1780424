"""The Excel workbook of a whole Bimtek: every sheet a filterable table.

Sheets: Kegiatan, Tahap, Peserta, Kehadiran (attendance per stage), Usulan (ideas),
Suara (vote counts per idea and stage), Hasil per Pilar (ranked results), Program Quick
Win, Daftar OPD. Each sheet opens with a title row naming the workshop and what the sheet
holds, then a real Excel table (styled header, filter buttons, banded rows) whose header
row is frozen; column widths from the content, long text wrapped, Arial 10 throughout,
A4 landscape printing with the title and header repeated (wide sheets print two pages
wide, never shrunk to an unreadable size). Codes are written as their labels.

Formula safety: a text cell starting with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage
return, or their full-width forms) is stored as a text cell (``t="s"``) with Excel's
"quote prefix" flag, its value unaltered: Excel and LibreOffice show exactly what the
participant typed and never evaluate it. Individual ballots are not exported (the vote is
secret): only the counts per idea, as on the projector.

Everything the workbook holds is read once into a `WorkbookData` (`gather`); each sheet
is then one function writing from it (`_info_sheet`, `_stages_sheet`, ...).
"""

from __future__ import annotations

import datetime as _dt
import io
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from .. import domain as d
from ..store import Store
from . import formats as fm
from .formats import MODE_LABELS

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
HEADER_FILL = PatternFill("solid", fgColor="0B5394")
HEADER_FONT = Font(bold=True, color="FFFFFF", name="Arial", size=10)
BODY_FONT = Font(name="Arial", size=10)
TITLE_FONT = Font(name="Arial", size=12, bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
OPD_KIND_LABELS = {"opd": "OPD", "kecamatan": "Kecamatan", "kelurahan": "Kelurahan/desa"}
HEADER_ROW = 2  # row 1 is the sheet's title
THIN = Side(style="thin", color="BFBFBF")
HEADER_BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
MIN_WIDTH, MAX_WIDTH = 6, 60
STATUS_LABELS = {"shown": "Tampil", "hidden": "Disembunyikan", "merged": "Digabung"}
QW_STATUS = {"agreed": "Disepakati", "draft": "Draf"}

SHEETS = (
    "Kegiatan",
    "Tahap",
    "Peserta",
    "Kehadiran",
    "Usulan",
    "Suara",
    "Hasil per Pilar",
    "Program Quick Win",
    "Daftar OPD",
)


def is_formula_like(value: str) -> bool:
    """Whether a spreadsheet would take this text for a formula (=, +, -, @, tab, CR)."""
    return value.startswith(FORMULA_TRIGGERS) or value.lstrip(" ").startswith(FORMULA_TRIGGERS)


def safe_text(value: str) -> str:
    """Text as stored: only the characters XML cannot hold removed. (A formula-like text
    is kept as it is and written as a text cell: see `write_sheet`.)"""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def safe_value(value: Any) -> Any:
    """Cell value: numbers and dates as they are, text made formula-safe."""
    if value is None or isinstance(value, (bool, int, float, _dt.date, _dt.datetime)):
        return value
    return safe_text(str(value))


def filename(store: Store, workshop_id: int) -> str:
    """'Data_Bimtek_Kota_Metro_2023.xlsx'."""
    w = store.workshop(workshop_id)
    return fm.safe_filename(f"Data Bimtek {w.region} {w.year}", ".xlsx")


def _when(ts: float | None) -> _dt.datetime | None:
    """A stored Unix time as a local datetime to the second."""
    if ts is None:
        return None
    return _dt.datetime.fromtimestamp(ts).replace(microsecond=0)


def _date(value: str | None) -> _dt.date | str | None:
    """A stage date as a date cell (a malformed one stays text)."""
    if not value:
        return None
    try:
        return _dt.date.fromisoformat(value[:10])
    except ValueError:
        return value


# --------------------------------------------------------------------------- sheets


def _text_length(value: Any) -> int:
    """About how many characters wide a cell value shows."""
    if isinstance(value, _dt.datetime):
        return 16
    if isinstance(value, _dt.date):
        return 10
    if isinstance(value, float):
        return 6
    return max((len(part) for part in str(value).split("\n")), default=0)


def _style_header(ws: Worksheet) -> None:
    for cell in ws[HEADER_ROW]:
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
        cell.border = HEADER_BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[HEADER_ROW].height = 30


def _print_setup(ws: Worksheet, width_chars: float) -> None:
    """A4 landscape; one page wide, or two for a wide sheet (about 190 characters fit
    legibly on one landscape page); the title and header rows on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1 if width_chars <= 190 else 2
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"1:{HEADER_ROW}"
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.oddFooter.center.text = "Halaman &P dari &N"


def _table_name(title: str) -> str:
    base = "".join(c for c in title if c.isalnum()) or "Tabel"
    return f"Tabel{base}"


def write_sheet(
    wb: Workbook,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    number_formats: dict[int, str] | None = None,
    widths: dict[int, float] | None = None,
    caption: str = "",
) -> Worksheet:
    """A sheet: a title row, then a real Excel table (header frozen, filters), widths
    from the content, long text wrapped, formula-like text stored as text."""
    ws = wb.create_sheet(title)
    ws.cell(row=1, column=1, value=safe_value(caption or title)).font = TITLE_FONT
    ws.row_dimensions[1].height = 22
    ws.append([safe_value(h) for h in headers])
    lengths = [len(str(h)) for h in headers]
    count = 0
    for row in rows:
        values = [safe_value(v) for v in row]
        ws.append(values)
        count += 1
        for i, v in enumerate(values):
            if v is not None:
                lengths[i] = max(lengths[i], _text_length(v))
    _style_header(ws)
    col_width = []
    for i, n in enumerate(lengths, start=1):
        width = (widths or {}).get(i) or min(MAX_WIDTH, max(MIN_WIDTH, n + 2))
        ws.column_dimensions[get_column_letter(i)].width = width
        col_width.append(width)
    formats = number_formats or {}
    # each distinct look is styled once, then copied (openpyxl registers a style on every
    # assignment: per cell that took seconds for a 2,000-participant workshop)
    looks: dict[tuple[bool, bool, str | None], Any] = {}
    for r in ws.iter_rows(min_row=HEADER_ROW + 1, max_row=HEADER_ROW + count):
        for i, cell in enumerate(r):
            value = cell.value
            quote = isinstance(value, str) and is_formula_like(value)
            wrap = isinstance(value, str) and (len(value) > col_width[i] or "\n" in value)
            if quote:
                cell.data_type = "s"  # a text cell: shown as typed, never evaluated
            key = (wrap, quote, formats.get(i + 1))
            if key in looks:
                cell._style = copy(looks[key])
                continue
            cell.font = BODY_FONT
            cell.alignment = WRAP if wrap else TOP
            if quote:
                cell.quotePrefix = True
            if key[2]:
                cell.number_format = key[2]
            looks[key] = copy(cell._style)
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    last = get_column_letter(len(headers))
    table = Table(
        displayName=_table_name(title),
        ref=f"A{HEADER_ROW}:{last}{HEADER_ROW + max(count, 1)}",
    )
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(table)
    _print_setup(ws, sum(col_width))
    return ws


# --------------------------------------------------------------------------- the data


@dataclass
class WorkbookData:
    """Everything the workbook of one workshop holds, read from the store once."""

    workshop: d.Workshop
    stages: list[d.Stage]
    pillars: list[d.Pillar]
    roster: list[d.Opd]
    people: list[d.Participant]  # the removed ones left out
    ideas: list[d.Idea]  # every status
    quickwins: list[d.QuickWin]
    attendance: dict[int, list[dict[str, Any]]]  # stage id -> Store.attendance
    tallies: dict[int, list[d.Tally]]  # stage id -> Store.tallies
    paper: dict[tuple[int, int], dict[str, Any]]  # (stage id, idea id) -> tally row
    progress: dict[int, dict[str, Any]]  # stage id -> Store.vote_progress
    removed: int = 0  # participants removed by the facilitator (Store.removed_count)

    @property
    def stage_by_id(self) -> dict[int, d.Stage]:
        return {s.id: s for s in self.stages}

    @property
    def pillar_name(self) -> dict[int, str]:
        return {p.id: p.name for p in self.pillars}

    @property
    def opd(self) -> dict[int, str]:
        return {o.id: o.name for o in self.roster}


def gather(store: Store, workshop_id: int) -> WorkbookData:
    """Read everything the workbook of `workshop_id` holds."""
    w = store.workshop(workshop_id)
    stages = store.stages(w.id)
    return WorkbookData(
        workshop=w,
        stages=stages,
        pillars=store.pillars(w.id),
        roster=store.opds(w.id),
        people=store.participants(w.id),
        ideas=store.ideas(w.id, statuses=d.STATUSES),
        quickwins=store.quickwins(w.id),
        attendance={s.id: store.attendance(s.id) for s in stages},
        tallies={s.id: fm.exact_tallies(store, s, store.tallies(s.id)) for s in stages},
        paper={(r["stage_id"], r["idea_id"]): r for r in store.table_rows("paper_tallies")},
        progress={s.id: store.vote_progress(s.id) for s in stages},
        removed=store.removed_count(w.id),
    )


def _cap(data: WorkbookData, what: str) -> str:
    """The title row of a sheet: the workshop, then what the sheet holds."""
    w = data.workshop
    return f"{w.title} – {w.region} {w.year}: {what}"


def build_workbook(store: Store, workshop_id: int) -> bytes:
    """Every table of one workshop as an .xlsx workbook (bytes)."""
    data = gather(store, workshop_id)
    w = data.workshop
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.title = f"Data Bimtek {w.region} {w.year}"
    wb.properties.creator = "Bimtek Live"
    wb.properties.language = "id-ID"
    _info_sheet(wb, data)
    _stages_sheet(wb, data)
    _participants_sheet(wb, data)
    _attendance_sheet(wb, data)
    _ideas_sheet(wb, data)
    _votes_sheet(wb, data)
    _results_sheet(wb, data)
    _quickwins_sheet(wb, data)
    _opd_sheet(wb, data)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------- one per sheet


def _info_sheet(wb: Workbook, data: WorkbookData) -> None:
    """Kegiatan: the workshop and its totals."""
    w = data.workshop
    info = write_sheet(
        wb,
        "Kegiatan",
        ["Keterangan", "Isi"],
        [
            ("Daerah", w.region),
            ("Provinsi", w.province),
            ("Tahun", w.year),
            ("Kegiatan", w.title),
            ("Tempat", w.venue),
            ("Jumlah peserta terdaftar", len(data.people)),
            ("Jumlah OPD dalam daftar", len(data.roster)),
            ("Jumlah usulan (tampil)", sum(1 for i in data.ideas if i.status == "shown")),
            (
                "Jumlah program quick win disepakati",
                sum(1 for q in data.quickwins if q.status == "agreed"),
            ),
            ("Diekspor pada", _dt.datetime.now().replace(microsecond=0)),
        ],
        widths={1: 36, 2: 70},
        caption=_cap(data, "keterangan kegiatan"),
    )
    info.cell(row=info.max_row, column=2).number_format = "dd/mm/yyyy hh:mm"
    for row in info.iter_rows(min_row=2, min_col=2, max_col=2):
        row[0].alignment = Alignment(horizontal="left")


def _stages_sheet(wb: Workbook, data: WorkbookData) -> None:
    """Tahap: one row per stage with its settings, attendance, ideas and voters."""
    write_sheet(
        wb,
        "Tahap",
        [
            "Tahap",
            "Judul",
            "Tanggal",
            "Fokus",
            "Luaran",
            "Mode voting",
            "Jatah suara",
            "Batas per usulan",
            "Fase",
            "Peserta hadir",
            "Usulan (tampil)",
            "Pemilih",
        ],
        [
            (
                s.roman,
                s.title,
                _date(s.date),
                s.focus,
                s.outputs,
                MODE_LABELS.get(s.vote_mode, s.vote_mode),
                s.budget,
                s.cap,
                d.PHASE_LABELS.get(s.phase, s.phase),
                len(data.attendance[s.id]),
                sum(1 for i in data.ideas if i.stage_id == s.id and i.status == "shown"),
                data.progress[s.id]["voters"],
            )
            for s in data.stages
        ],
        number_formats={3: "dd/mm/yyyy"},
        caption=_cap(data, "tahap Bimtek (Tahap I–IV)"),
    )


def _participants_sheet(wb: Workbook, data: WorkbookData) -> None:
    """Peserta: every participant and the stages they attended."""
    present: dict[int, set[int]] = defaultdict(set)
    for sid, rows in data.attendance.items():
        for r in rows:
            present[r["id"]].add(sid)
    stages, opd = data.stages, data.opd
    sheet = write_sheet(
        wb,
        "Peserta",
        [
            "No",
            "ID",
            "Nama",
            "Kelompok",
            "OPD",
            "Instansi",
            *(f"Hadir Tahap {s.roman}" for s in stages),
            "Jumlah tahap hadir",
        ],
        [
            (
                n,
                p.id,
                p.name,
                d.GROUP_LABELS.get(p.group, p.group),
                opd.get(p.opd_id, "") if p.opd_id is not None else "",
                p.institution,
                *("Ya" if s.id in present[p.id] else "" for s in stages),
                len(present[p.id]),
            )
            for n, p in enumerate(data.people, 1)
        ],
        caption=_cap(data, "peserta dan kehadiran per tahap"),
    )
    if data.removed:  # below the table (outside its filter), only when someone was removed
        note = f"{data.removed} peserta dihapus oleh fasilitator (tidak termasuk di atas)."
        sheet.cell(row=sheet.max_row + 2, column=1, value=note).font = BODY_FONT


def _attendance_sheet(wb: Workbook, data: WorkbookData) -> None:
    """Kehadiran: one row per participant and stage attended."""
    stage_by_id = data.stage_by_id
    write_sheet(
        wb,
        "Kehadiran",
        [
            "Tahap",
            "Tanggal tahap",
            "ID peserta",
            "Nama",
            "Kelompok",
            "OPD",
            "Instansi",
            "Waktu hadir",
        ],
        [
            (
                stage_by_id[sid].roman,
                _date(stage_by_id[sid].date),
                r["id"],
                r["name"],
                d.GROUP_LABELS.get(r["group"], r["group"]),
                r["opd"] or "",
                r["institution"],
                _when(r["joined_at"]),
            )
            for sid in (s.id for s in data.stages)
            for r in data.attendance[sid]
        ],
        number_formats={2: "dd/mm/yyyy", 8: "dd/mm/yyyy hh:mm"},
        caption=_cap(data, "kehadiran per tahap (Tahap I–IV)"),
    )


def _ideas_sheet(wb: Workbook, data: WorkbookData) -> None:
    """Usulan: every idea, hidden and merged ones included, with its author."""
    stage_by_id, pillar_name, opd = data.stage_by_id, data.pillar_name, data.opd
    person = {p.id: p for p in data.people}

    def author(i: d.Idea) -> tuple[str, str]:
        if i.author_id is None or i.author_id not in person:
            return "Fasilitator", ""
        p = person[i.author_id]
        return p.name, d.GROUP_LABELS.get(p.group, "")

    write_sheet(
        wb,
        "Usulan",
        [
            "ID",
            "Tahap",
            "Pilar",
            "Subdimensi",
            "Jenis",
            "Judul",
            "Uraian",
            "OPD terkait",
            "Pengusul",
            "Kelompok pengusul",
            "Status",
            "Digabung ke (ID)",
            "Dikirim",
        ],
        [
            (
                i.id,
                stage_by_id[i.stage_id].roman if i.stage_id in stage_by_id else "",
                pillar_name.get(i.pillar_id, ""),
                i.subdim or "",
                d.KIND_LABELS.get(i.kind, i.kind),
                i.title,
                i.description,
                opd.get(i.opd_id, "") if i.opd_id is not None else "",
                *author(i),
                STATUS_LABELS.get(i.status, i.status),
                i.merged_into,
                _when(i.created_at),
            )
            for i in data.ideas
        ],
        number_formats={13: "dd/mm/yyyy hh:mm"},
        widths={7: 60},
        caption=_cap(data, "usulan semua tahap"),
    )


def _votes_sheet(wb: Workbook, data: WorkbookData) -> None:
    """Suara: the counts per idea and stage (app, manual, ratings); never a ballot."""
    pillar_name = data.pillar_name
    rows = []
    for s in data.stages:
        for t in data.tallies[s.id]:
            note = data.paper.get((s.id, t.idea_id), {}).get("note", "")
            rows.append(
                (
                    s.roman,
                    MODE_LABELS.get(s.vote_mode, s.vote_mode),
                    pillar_name.get(t.pillar_id, ""),
                    t.idea_id,
                    t.title,
                    t.dots,
                    t.paper,
                    note,
                    t.total,
                    t.voters,
                    t.impact,
                    t.feasibility,
                    t.ratings,
                )
            )
    write_sheet(
        wb,
        "Suara",
        [
            "Tahap",
            "Mode",
            "Pilar",
            "ID usulan",
            "Usulan",
            "Suara aplikasi",
            "Suara manual",
            "Catatan suara manual",
            "Total suara",
            "Pemilih",
            "Dampak (rata-rata)",
            "Kelayakan (rata-rata)",
            "Jumlah penilai",
        ],
        rows,
        number_formats={11: "0.00", 12: "0.00"},
        caption=_cap(data, "jumlah suara per usulan dan tahap"),
    )


def _results_sheet(wb: Workbook, data: WorkbookData) -> None:
    """Hasil per Pilar: the ranked results; ranks shared by a tie marked '=2'; an idea
    without votes has no rank and no priority ("belum ada suara")."""
    pillar_name = data.pillar_name
    rows = []
    for s in data.stages:
        rating = s.vote_mode == "rating"
        groups: dict[int, list[d.Tally]] = {}
        for t in data.tallies[s.id]:
            groups.setdefault(t.pillar_id, []).append(t)
        for group in groups.values():
            ranks = fm.rank_labels(group, s.vote_mode)
            top = fm.top_of(group, s.vote_mode)
            for t in group:
                voted = fm.has_votes(t, s.vote_mode)
                if not voted:
                    priority = "belum ada suara"
                elif t in top:
                    priority = "Ya (seri)" if len(top) > 1 else "Ya"
                else:
                    priority = ""
                rows.append(
                    (
                        s.roman,
                        pillar_name.get(t.pillar_id, ""),
                        ranks[t.idea_id],
                        t.title,
                        MODE_LABELS.get(s.vote_mode, s.vote_mode),
                        t.total if s.vote_mode == "dots" else None,
                        "Ya" if t.paper else "",
                        fm.score(t) if rating else None,
                        ("Ya" if t.quick_win_quadrant else "") if rating else "",
                        priority,
                    )
                )
    write_sheet(
        wb,
        "Hasil per Pilar",
        [
            "Tahap",
            "Pilar",
            "Peringkat",
            "Usulan",
            "Mode",
            "Total suara",
            "Termasuk suara manual",
            "Skor (D×K)",
            "Kuadran quick win",
            "Prioritas teratas",
        ],
        rows,
        number_formats={8: "0.00"},
        caption=_cap(data, "hasil per pilar dan tahap"),
    )


def _quickwins_sheet(wb: Workbook, data: WorkbookData) -> None:
    """Program Quick Win: every programme (agreed and draft) with every field."""
    stage_by_id, pillar_name, opd = data.stage_by_id, data.pillar_name, data.opd
    titles = {i.id: i.title for i in data.ideas}

    def enabler_cells(q: d.QuickWin) -> list[str]:
        full = d.check_enablers(q.enablers)
        return [
            v
            for e in d.ENABLERS
            for v in (d.ENABLER_STATE_LABELS.get(full[e]["status"], ""), full[e]["catatan"])
        ]

    write_sheet(
        wb,
        "Program Quick Win",
        [
            "No",
            "ID",
            "Nama program",
            "Pilar",
            "OPD penanggung jawab",
            "OPD pendukung",
            "Masalah yang ditangani",
            "Deskripsi",
            "Tujuan",
            "Indikator output",
            "Indikator outcome",
            "Jangka waktu (bulan)",
            "Sumber anggaran",
            "Perkiraan biaya (Rp)",
            "Risiko",
            *(f"{d.ENABLER_LABELS[e]}: {k}" for e in d.ENABLERS for k in ("status", "catatan")),
            "Usulan asal",
            "Disepakati pada tahap",
            "Status",
        ],
        [
            (
                n,
                q.id,
                q.name,
                pillar_name.get(q.pillar_id, ""),
                opd.get(q.owner_opd_id, "") if q.owner_opd_id is not None else "",
                ", ".join(opd[o] for o in q.supporting_opd_ids if o in opd),
                q.problem,
                q.description,
                q.objective,
                q.output_indicator,
                q.outcome_indicator,
                q.timeline_months,
                q.budget_source,
                q.estimated_cost,
                q.risks,
                *enabler_cells(q),
                "; ".join(titles.get(i, str(i)) for i in q.idea_ids),
                stage_by_id[q.stage_id].roman if q.stage_id in stage_by_id else "",
                QW_STATUS.get(q.status, q.status),
            )
            for n, q in enumerate(data.quickwins, 1)
        ],
        number_formats={14: "#,##0"},
        caption=_cap(data, "program quick win"),
    )


def _opd_sheet(wb: Workbook, data: WorkbookData) -> None:
    """Daftar OPD: the roster with attendance per stage, ideas and programmes owned."""
    stages = data.stages
    per_stage = {s.id: Counter(r["opd"] for r in data.attendance[s.id] if r["opd"]) for s in stages}
    idea_count = Counter(i.opd_id for i in data.ideas if i.status == "shown")
    owner_count = Counter(q.owner_opd_id for q in data.quickwins)
    write_sheet(
        wb,
        "Daftar OPD",
        [
            "No",
            "OPD / unit kerja",
            "Jenis",
            *(f"Hadir Tahap {s.roman}" for s in stages),
            "Usulan terkait",
            "Program quick win (penanggung jawab)",
        ],
        [
            (
                n,
                o.name,
                OPD_KIND_LABELS.get(o.kind, o.kind),
                *(per_stage[s.id][o.name] for s in stages),
                idea_count[o.id],
                owner_count[o.id],
            )
            for n, o in enumerate(data.roster, 1)
        ],
        caption=_cap(data, "daftar OPD / unit kerja"),
    )
