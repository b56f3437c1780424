"""The Tahap IV documents of the quick wins, from the data as it is.

    build_quickwins  Draft Program Quick Win: introduction, summary table, one compact
                     profile per programme (the masterplan's *profil quick win*: every
                     field, indicators with baseline and target, milestones, the
                     four-enabler check, the risk register, the votes behind it)
    build_risks      Register Risiko Program Quick Win (risk, likelihood, impact, level,
                     mitigation, owner) with the scales used
    build_berita     Berita Acara Kesepakatan Program Quick Win (Tata Naskah Dinas: title,
                     number, "Pada hari ini ..." with the day and date in words, place,
                     participants, what was agreed, "Demikian ...", signatures)
    build_komitmen   Komitmen Bersama: the agreed quick wins with their owning OPD and one
                     signature row per owning OPD, known by the head of the region

Nothing nobody assessed is printed as a decision: an unassessed horizon, duration, budget
source, enabler, likelihood or impact reads "belum dinilai"; an empty text reads
"belum diisi". Everything a document shows is read once into a `QuickWinsData` (`gather`).
The registry entries of `workshop/exports/__init__.py` reach the last three through the
small modules `qw_risks.py`, `qw_berita.py` and `qw_komitmen.py` (one `filename` each).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell

from .. import domain as d
from ..store import Store
from . import docx_base as dc
from . import formats as fm
from . import official as of

ALL_STATUSES = ("shown", "hidden", "merged")
STATUS_FILL = {
    "siap": "D9EAD3",
    "perlu_disiapkan": "FFF2CC",
    "belum_ada": "F4CCCC",
    d.ENABLER_UNASSESSED: "FFFFFF",
}
LEVEL_FILL = {"Rendah": "D9EAD3", "Sedang": "FFF2CC", "Tinggi": "F4CCCC"}
NOT_ASSESSED = d.UNASSESSED  # "belum dinilai"
NOT_FILLED = "belum diisi"
LABEL_FILL = "F2F2F2"

Evidence = dict[int, list[tuple[d.Stage, d.Tally]]]


# --------------------------------------------------------------------------- small texts


def months_or_unassessed(months: int) -> str:
    """'12 bulan', or 'belum dinilai' when nobody set the duration (0)."""
    return fm.months_text(months) if months else NOT_ASSESSED


def source_or_unassessed(source: str) -> str:
    return source or NOT_ASSESSED


def enabler_state_text(status: str) -> str:
    return d.ENABLER_STATE_LABELS.get(status, "Belum dinilai")


def level_text(value: int | None, labels: dict[int, str]) -> str:
    """'4 – Sering', or 'belum dinilai'."""
    return f"{value} – {labels[value]}" if value in labels else NOT_ASSESSED


_ONES = (
    "",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
)


def terbilang(n: int) -> str:
    """A whole number in Indonesian words: 12 -> 'dua belas', 2023 -> 'dua ribu dua puluh
    tiga' (as a *berita acara* writes its date)."""
    if n < 0:
        return "minus " + terbilang(-n)
    if n < 12:
        return _ONES[n] if n else "nol"
    if n < 20:
        return f"{_ONES[n - 10]} belas"
    if n < 100:
        rest = n % 10
        return f"{_ONES[n // 10]} puluh" + (f" {_ONES[rest]}" if rest else "")
    for unit, word in ((10**9, "miliar"), (10**6, "juta"), (1000, "ribu"), (100, "ratus")):
        if n >= unit:
            head, rest = divmod(n, unit)
            if head == 1 and unit in (1000, 100):
                text = "seribu" if unit == 1000 else "seratus"
            else:
                text = f"{terbilang(head)} {word}"
            return text + (f" {terbilang(rest)}" if rest else "")
    raise AssertionError(n)  # pragma: no cover


def enabler_summary(enablers: dict[str, dict[str, str]]) -> str:
    """'1 dari 4 enabler sudah siap; perlu disiapkan: Regulasi, SDM; belum dinilai: Aplikasi.'"""
    full = d.check_enablers(enablers)

    def names(state: str) -> list[str]:
        return [d.ENABLER_LABELS[k] for k in d.ENABLERS if full[k]["status"] == state]

    ready = names("siap")
    text = f"{len(ready)} dari {len(d.ENABLERS)} enabler sudah siap"
    for state, label in (
        ("perlu_disiapkan", "perlu disiapkan"),
        ("belum_ada", "belum ada"),
        (d.ENABLER_UNASSESSED, NOT_ASSESSED),
    ):
        if names(state):
            text += f"; {label}: {', '.join(names(state))}"
    return text + "."


def programme_table(
    doc: DocxDocument,
    programmes: list[d.QuickWin],
    pillar_name: dict[int, str],
    opd: dict[int, str],
) -> None:
    """The one-line-per-programme table (also in the stage summary)."""
    dc.data_table(
        doc,
        ["No", "Program", "Pilar", "OPD penanggung jawab", "Jangka\nwaktu", "Sumber\nanggaran"],
        [
            (
                n,
                q.name + ("" if q.status == "agreed" else "\n(kandidat)"),
                pillar_name.get(q.pillar_id, "–"),
                fm.opd_name(opd, q.owner_opd_id, NOT_ASSESSED),
                months_or_unassessed(q.timeline_months),
                source_or_unassessed(q.budget_source),
            )
            for n, q in enumerate(programmes, 1)
        ],
        [0.9, 4.4, 2.8, 3.4, 1.8, 2.2],
        align="clllcc",
    )


# --------------------------------------------------------------------------- data


@dataclass
class QuickWinsData:
    """Everything the quick-win documents of one workshop show, read from the store once."""

    workshop: d.Workshop
    stages: list[d.Stage]
    pillars: list[d.Pillar]
    opd: dict[int, str]  # OPD id -> name
    programmes: list[d.QuickWin]  # what the document lists
    drafts: list[d.QuickWin]  # every programme not yet agreed (candidates)
    ideas: dict[int, d.Idea]  # every idea of the workshop
    results: Evidence  # idea id -> its results per stage
    risks: dict[int, list[d.QuickWinRisk]]  # programme id -> its risk register
    include_drafts: bool
    official: of.Official  # kop surat and signers (workshop-wide), dated by last_stage

    @property
    def stage_by_id(self) -> dict[int, d.Stage]:
        return {s.id: s for s in self.stages}

    @property
    def pillar_name(self) -> dict[int, str]:
        return {p.id: p.name for p in self.pillars}

    @property
    def agreed_stages(self) -> list[int]:
        """Ids of the stages in which the listed programmes were agreed, in stage order."""
        by_id = self.stage_by_id
        return sorted({q.stage_id for q in self.programmes}, key=lambda s: by_id[s].number)

    @property
    def last_stage(self) -> d.Stage:
        """The stage of the latest agreement (else the last stage): it dates the documents."""
        agreed = self.agreed_stages
        return self.stage_by_id[agreed[-1]] if agreed else self.stages[-1]

    @property
    def covered(self) -> list[d.Pillar]:
        """The pillars that have a listed programme."""
        return [p for p in self.pillars if any(q.pillar_id == p.id for q in self.programmes)]

    @property
    def owners(self) -> list[tuple[int | None, list[d.QuickWin]]]:
        """(owning OPD id, its listed programmes), in the order of first appearance."""
        out: dict[int | None, list[d.QuickWin]] = {}
        for q in self.programmes:
            out.setdefault(q.owner_opd_id, []).append(q)
        return list(out.items())


def filename(store: Store, workshop_id: int) -> str:
    """'Draft_Program_Quick_Win_Kota_Metro_2023.docx'."""
    w = store.workshop(workshop_id)
    return fm.safe_filename(f"Draft Program Quick Win {w.region} {w.year}", ".docx")


def risks_filename(store: Store, workshop_id: int) -> str:
    """'Register_Risiko_Quick_Win_Kota_Metro_2023.docx'."""
    w = store.workshop(workshop_id)
    return fm.safe_filename(f"Register Risiko Quick Win {w.region} {w.year}", ".docx")


def berita_filename(store: Store, workshop_id: int) -> str:
    """'Berita_Acara_Kesepakatan_Quick_Win_Kota_Metro_2023.docx'."""
    w = store.workshop(workshop_id)
    return fm.safe_filename(f"Berita Acara Kesepakatan Quick Win {w.region} {w.year}", ".docx")


def komitmen_filename(store: Store, workshop_id: int) -> str:
    """'Komitmen_Bersama_Quick_Win_Kota_Metro_2023.docx'."""
    w = store.workshop(workshop_id)
    return fm.safe_filename(f"Komitmen Bersama Quick Win {w.region} {w.year}", ".docx")


def programmes(store: Store, workshop_id: int, include_drafts: bool = False) -> list[d.QuickWin]:
    """The programmes the documents list: agreed ones (and candidates when asked)."""
    return [q for q in store.quickwins(workshop_id) if include_drafts or q.status == "agreed"]


def evidence(store: Store, workshop_id: int) -> Evidence:
    """Idea id -> its results in every stage where it was on the ballot (stage order)."""
    out: Evidence = defaultdict(list)
    for stage in store.stages(workshop_id):
        for t in store.tallies(stage.id):
            out[t.idea_id].append((stage, t))
    return out


def gather(store: Store, workshop_id: int, *, include_drafts: bool = False) -> QuickWinsData:
    """Read everything the quick-win documents of `workshop_id` show."""
    w = store.workshop(workshop_id)
    listed = programmes(store, w.id, include_drafts)
    stages = store.stages(w.id)
    agreed = {q.stage_id for q in listed}
    dated = [s for s in stages if s.id in agreed] or stages[-1:]
    return QuickWinsData(
        workshop=w,
        stages=store.stages(w.id),
        pillars=store.pillars(w.id),
        opd=fm.opd_names(store, w.id),
        programmes=listed,
        drafts=[q for q in store.quickwins(w.id) if q.status != "agreed"],
        ideas={i.id: i for i in store.ideas(w.id, statuses=ALL_STATUSES)},
        results=evidence(store, w.id),
        risks={q.id: store.quickwin_risks(q.id) for q in listed},
        include_drafts=include_drafts,
        official=of.gather(store, w.id, date=dated[-1].date if dated else ""),
    )


def _document(data: QuickWinsData, name: str) -> DocxDocument:
    w = data.workshop
    return dc.new_document(
        title=f"{name} – {w.region} {w.year}",
        subject=f"Masterplan Smart City {w.region} {w.year}",
        footer_text=f"{name} – {w.region} {w.year}",
    )


def _title(doc: DocxDocument, data: QuickWinsData, first: str, number: bool = False) -> None:
    """Kop surat, the title lines and (for a berita acara) the number to fill in."""
    w = data.workshop
    of.kop(doc, data.official)
    lines = [first, f"MASTERPLAN SMART CITY {w.region.upper()}", f"TAHUN {w.year}"]
    dc.title_block(doc, lines, [f"NOMOR: {fm.EMPTY}"] if number else [w.title])


# --------------------------------------------------------------------------- cells


def _cell(
    cell: _Cell,
    text: str,
    style_id: str,
    *,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = None,
) -> None:
    """Table text in the house cell style, one paragraph per line."""
    lines = text.split("\n") if text else [""]
    p = cell.paragraphs[0]
    for i, line in enumerate(lines):
        if i:
            p = cell.add_paragraph()
        p._p.get_or_add_pPr().style = style_id
        if align is not None:
            p.alignment = align
        if line:
            run = p.add_run(line)
            run.bold = bold
            run.italic = italic


def _value(cell: _Cell, value: object, style_id: str, missing: str = NOT_FILLED) -> None:
    text = "" if value is None else str(value).strip()
    _cell(cell, text or missing, style_id, italic=not text)


def _grid(
    doc: DocxDocument, rows: Sequence[tuple[object, ...]], widths_cm: Sequence[float]
) -> Table:
    """A compact label | value | label | value table; a 2-tuple row spans the value over
    the three right columns. A value may be (text, missing-text)."""
    table = doc.add_table(rows=0, cols=4)
    table.style = doc.styles[dc.TABLE_STYLE]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _grid_widths(table, widths_cm)
    style_id = doc.styles[dc.CELL_STYLE].style_id
    for row_values in rows:
        row = table.add_row()
        dc.cant_split(row)
        cells = row.cells
        for cell, width in zip(cells, widths_cm, strict=True):
            cell.width = Cm(width)
        if len(row_values) == 2:
            pairs = [(cells[0], cells[1].merge(cells[3]))]
        else:
            pairs = [(cells[0], cells[1]), (cells[2], cells[3])]
        for (label_cell, value_cell), i in zip(pairs, range(0, len(row_values), 2), strict=True):
            _cell(label_cell, str(row_values[i]), style_id, bold=True)
            dc.shade(label_cell, LABEL_FILL)
            value = row_values[i + 1]
            if isinstance(value, tuple):
                _value(value_cell, value[0], style_id, value[1])
            else:
                _value(value_cell, value, style_id)
    _gap(doc)
    return table


def _grid_widths(table: Table, widths_cm: Sequence[float]) -> None:
    """Fixed column widths in the table grid and its total width (Word keeps them)."""
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_cm, strict=True):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is not None:
        tbl_w.set(qn("w:type"), "dxa")
        tbl_w.set(qn("w:w"), str(int(Cm(sum(widths_cm)).twips)))


def _gap(doc: DocxDocument, pt: float = 4) -> None:
    p = doc.add_paragraph()
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.space_before = Pt(0)
    p.paragraph_format.line_spacing = 1.0
    p.add_run().font.size = Pt(pt)


def _small_heading(doc: DocxDocument, text: str) -> None:
    """A bold run-in label above a profile's table, kept with it."""
    p = doc.add_paragraph()
    p.paragraph_format.keep_with_next = True
    p.paragraph_format.space_before = Pt(2)
    p.paragraph_format.space_after = Pt(2)
    run = p.add_run(text)
    run.bold = True
    run.font.size = Pt(dc.TABLE_PT + 1)


# --------------------------------------------------------------------------- the draft


def build_quickwins(store: Store, workshop_id: int, *, include_drafts: bool = False) -> bytes:
    """The quick-win draft (Draft Program Quick Win) as .docx bytes."""
    data = gather(store, workshop_id, include_drafts=include_drafts)
    doc = _document(data, "Draft Program Quick Win")
    captions = dc.Captions(doc)
    _title(doc, data, "DRAFT PROGRAM QUICK WIN")
    _introduction(doc, data)
    _summary(doc, data, captions)
    dc.heading(doc, "3. Profil Program Quick Win", 1)
    if not data.programmes:
        dc.body(doc, "Belum ada program quick win yang disepakati.", italic=True)
    for n, q in enumerate(data.programmes, 1):
        _profile(doc, data, captions, n, q)
    of.signatures(doc, data.official)
    return dc.to_bytes(doc)


def _introduction(doc: DocxDocument, data: QuickWinsData) -> None:
    """1: where the programmes come from, how many, what a quick win is."""
    w, qws, stage_by_id = data.workshop, data.programmes, data.stage_by_id
    dc.heading(doc, "1. Pendahuluan", 1)
    dated = [s for s in data.stages if s.date]
    span = ""
    if dated:
        first, last = dated[0], dated[-1]
        span = (
            f" pada {fm.tanggal(first.date)}"
            if first is last
            else f" dari {fm.tanggal(first.date)} sampai {fm.tanggal(last.date)}"
        )
    dc.body(
        doc,
        (
            f"Dokumen ini memuat draft program quick win Masterplan Smart City {w.region} "
            f"Tahun {w.year}. Program disusun dari hasil {w.title}, yang dilaksanakan dalam "
            f"{len(data.stages)} tahap bimbingan teknis{span}"
            f"{' di ' + w.venue if w.venue else ''}, bersama OPD, kecamatan, kelurahan, "
            "Dewan Smart City, Tim Pelaksana dan pemangku kepentingan lainnya."
        ),
    )
    if qws:
        agreed = " dan ".join(stage_by_id[s].roman for s in data.agreed_stages)
        date = data.last_stage.date
        count = (
            f"Sebanyak {len(qws)} program quick win disepakati pada Bimtek Tahap {agreed}"
            f"{' (' + fm.tanggal(date) + ')' if date else ''}, mencakup "
            f"{len(data.covered)} dari {len(data.pillars)} pilar smart city."
        )
    else:
        count = "Belum ada program quick win yang disepakati."
    dc.body(
        doc,
        count + " Program quick win adalah program percepatan yang hasilnya dapat segera "
        "dirasakan masyarakat dalam jangka waktu 6 bulan sampai 2 tahun, sedapat mungkin "
        "memanfaatkan layanan yang sudah ada. Sebuah kandidat menjadi quick win bila "
        "horizonnya paling lama 2 tahun, OPD penanggung jawabnya ditetapkan, dan "
        "kesiapannya terhadap empat enabler (regulasi, infrastruktur, sumber daya manusia "
        "(SDM) dan aplikasi) sudah dinilai.",
    )
    dc.body(
        doc,
        "Bagian 3 memuat profil setiap program: isian program, indikator dengan baseline dan "
        "target, tahapan, pemeriksaan empat enabler, register risiko, dan hasil pemungutan "
        f'suara atau penilaian yang mendasarinya. Isian bertanda "{NOT_FILLED}" atau '
        f'"{NOT_ASSESSED}" perlu dilengkapi oleh OPD penanggung jawab. Berita acara '
        "kesepakatan, register risiko dan lembar komitmen bersama tersedia sebagai dokumen "
        "tersendiri.",
    )
    if data.drafts and not data.include_drafts:
        n = len(data.drafts)
        dc.body(
            doc,
            f"Catatan: {n} kandidat lain belum disepakati sebagai quick win dan tidak dimuat "
            "dalam dokumen ini.",
            italic=True,
        )


def _summary(doc: DocxDocument, data: QuickWinsData, captions: dc.Captions) -> None:
    """2: the programmes in one table, the cost per budget source, pillars without any."""
    w, qws = data.workshop, data.programmes
    dc.heading(doc, "2. Ringkasan Program Quick Win", 1)
    if not qws:
        dc.body(doc, "Belum ada program quick win yang disepakati.", italic=True)
        return
    captions.table(f"Program quick win {w.region} tahun {w.year}")
    programme_table(doc, qws, data.pillar_name, data.opd)
    rows = []
    for source in (*d.BUDGET_SOURCES, ""):
        mine = [q for q in qws if q.budget_source == source]
        if mine:
            cost = sum(q.estimated_cost for q in mine)
            rows.append((source or NOT_ASSESSED, len(mine), fm.rupiah(cost)))
    captions.table("Perkiraan biaya per sumber anggaran")
    dc.data_table(
        doc,
        ["Sumber anggaran", "Jumlah program", "Perkiraan biaya"],
        rows,
        [5.0, 4.0, 6.5],
        align="lcr",
        total_row=("Jumlah", len(qws), fm.rupiah(sum(q.estimated_cost for q in qws))),
    )
    missing = [p.name for p in data.pillars if p not in data.covered]
    if missing:
        dc.body(doc, f"Pilar yang belum memiliki program quick win: {', '.join(missing)}.")


def _origin_lines(data: QuickWinsData, q: d.QuickWin) -> list[str]:
    """The programme's source ideas and their results: 'Judul (usulan Tahap II; Tahap III:
    ...)'."""
    stage_by_id = data.stage_by_id
    lines = []
    for idea_id in q.idea_ids:
        idea = data.ideas.get(idea_id)
        if idea is None:
            continue
        src = stage_by_id.get(idea.stage_id)
        merged = sum(1 for i in data.ideas.values() if i.merged_into == idea_id)
        parts = [f"usulan Tahap {src.roman if src else '?'}"]
        if merged:
            parts.append(f"{merged} usulan serupa digabung")
        for st, t in data.results.get(idea_id, []):
            parts.append(f"Tahap {st.roman}: peringkat {t.rank}, {fm.result_text(t, st.vote_mode)}")
        lines.append(f"{idea.title} ({'; '.join(parts)})")
    return lines


def _status_text(data: QuickWinsData, q: d.QuickWin) -> str:
    stage = data.stage_by_id.get(q.stage_id)
    if q.status == "agreed":
        text = "Disepakati sebagai quick win"
        if stage is not None:
            text += f" pada Bimtek Tahap {stage.roman}, {fm.tanggal(stage.date)}"
        return text
    reasons = d.gate_of(q)
    return "Kandidat (belum disepakati)" + (
        f"; belum lolos syarat quick win: {'; '.join(reasons)}" if reasons else ""
    )


def _profile(
    doc: DocxDocument, data: QuickWinsData, captions: dc.Captions, n: int, q: d.QuickWin
) -> None:
    """3.n: one programme, compact (about a page): fields, indicators, milestones,
    enablers, risks, and the ideas and votes behind it."""
    dc.heading(doc, f"3.{n} {q.name}", 2)
    opd = data.opd
    captions.table(f"Profil program {q.name}")
    _grid(
        doc,
        [
            ("Pilar", data.pillar_name.get(q.pillar_id, ""), "Sub-dimensi", q.subdim),
            (
                "OPD penanggung jawab",
                (fm.opd_name(opd, q.owner_opd_id, ""), NOT_ASSESSED),
                "OPD pendukung",
                ", ".join(opd[o] for o in q.supporting_opd_ids if o in opd),
            ),
            (
                "Horizon",
                (d.QW_HORIZON_LABELS.get(q.horizon or "", ""), NOT_ASSESSED),
                "Jangka waktu",
                (fm.months_text(q.timeline_months) if q.timeline_months else "", NOT_ASSESSED),
            ),
            (
                "Sumber anggaran",
                (q.budget_source, NOT_ASSESSED),
                "Tahun anggaran",
                str(q.budget_year or ""),
            ),
            (
                "Perkiraan biaya",
                fm.rupiah(q.estimated_cost) if q.estimated_cost else "",
                "Lokasi",
                q.location,
            ),
            ("Penerima manfaat", q.beneficiaries),
            ("Masalah yang ditangani", q.problem),
            ("Deskripsi", q.description),
            ("Tujuan", q.objective),
            ("Tautan RPJMD / Renstra", q.plan_link),
            (
                "Tahapan",
                "\n".join(f"{m['when']}: {m['what']}" for m in q.milestones),
            ),
            ("Usulan asal dan dasar pemilihan", "\n".join(_origin_lines(data, q))),
            ("Status", _status_text(data, q)),
        ],
        [3.7, 4.1, 3.4, 4.3],
    )
    _profile_indicators(doc, q)
    _profile_enablers(doc, q)
    _profile_risks(doc, data, q)


def _profile_indicators(doc: DocxDocument, q: d.QuickWin) -> None:
    rows = [
        (d.INDICATOR_KIND_LABELS.get(i["kind"], i["kind"]), i["name"], i["baseline"], i["target"])
        for i in q.indicators
    ]
    # indicators typed before m006 as one text each: kept, without baseline and target
    if q.output_indicator and not any(i["kind"] == "output" for i in q.indicators):
        rows.append(("Output", q.output_indicator, "", ""))
    if q.outcome_indicator and not any(i["kind"] == "outcome" for i in q.indicators):
        rows.append(("Outcome", q.outcome_indicator, "", ""))
    _small_heading(doc, "Indikator, baseline dan target")
    if not rows:
        dc.body(doc, f"Indikator: {NOT_FILLED}.", italic=True)
        return
    table = dc.data_table(
        doc,
        ["Jenis", "Indikator", "Baseline", "Target"],
        [(k, name, b or NOT_FILLED, t or NOT_FILLED) for k, name, b, t in rows],
        [2.0, 7.5, 3.0, 3.0],
        align="llcc",
    )
    _italic_missing(table)


def _italic_missing(table: Table) -> None:
    for row in table.rows[1:]:
        for cell in row.cells:
            if cell.text in (NOT_FILLED, NOT_ASSESSED):
                for p in cell.paragraphs:
                    for run in p.runs:
                        run.italic = True


def _profile_enablers(doc: DocxDocument, q: d.QuickWin) -> None:
    """The four enablers side by side: status (shaded) and note; unassessed says so."""
    enablers = d.check_enablers(q.enablers)
    _small_heading(doc, "Pemeriksaan empat enabler")
    table = dc.data_table(
        doc,
        [d.ENABLER_LABELS[k] for k in d.ENABLERS],
        [
            [
                dc.Rich((enabler_state_text(enablers[k]["status"]), enablers[k]["catatan"]))
                for k in d.ENABLERS
            ]
        ],
        [3.875] * 4,
        align="cccc",
    )
    for cell, k in zip(table.rows[1].cells, d.ENABLERS, strict=True):
        dc.shade(cell, STATUS_FILL.get(enablers[k]["status"], "FFFFFF"))
    p = doc.paragraphs[-1]
    p.add_run(f"Kesiapan: {enabler_summary(q.enablers)}").font.size = Pt(dc.TABLE_PT)


def _risk_rows(data: QuickWinsData, risks: list[d.QuickWinRisk]) -> list[tuple[object, ...]]:
    return [
        (
            n,
            r.risk,
            level_text(r.likelihood, d.LIKELIHOOD_LABELS),
            level_text(r.impact, d.IMPACT_LABELS),
            r.level if r.score is None else f"{r.level} ({r.score})",
            r.mitigation or NOT_FILLED,
            fm.opd_name(data.opd, r.owner_opd_id, NOT_FILLED),
        )
        for n, r in enumerate(risks, 1)
    ]


RISK_HEADERS = ["No", "Risiko", "Kemung-\nkinan", "Dampak", "Tingkat", "Mitigasi", "Pemilik"]
RISK_WIDTHS = [1.0, 3.5, 2.1, 2.1, 1.7, 3.4, 2.3]


def _risk_table(doc: DocxDocument, data: QuickWinsData, risks: list[d.QuickWinRisk]) -> Table:
    table = dc.data_table(doc, RISK_HEADERS, _risk_rows(data, risks), RISK_WIDTHS, align="clcccll")
    for row, r in zip(table.rows[1:], risks, strict=True):
        if r.score is not None:
            dc.shade(row.cells[4], LEVEL_FILL[r.level])
    _italic_missing(table)
    return table


def _profile_risks(doc: DocxDocument, data: QuickWinsData, q: d.QuickWin) -> None:
    risks = data.risks.get(q.id, [])
    _small_heading(doc, "Risiko dan mitigasi")
    if not risks:
        note = f" Catatan: {q.risks}" if q.risks else ""
        dc.body(doc, f"Register risiko: {NOT_FILLED}.{note}", italic=True)
        return
    _risk_table(doc, data, risks)
    if q.risks:
        dc.body(doc, f"Catatan risiko: {q.risks}")


# --------------------------------------------------------------------------- risk register


def build_risks(store: Store, workshop_id: int) -> bytes:
    """Register Risiko Program Quick Win as .docx bytes (agreed programmes)."""
    data = gather(store, workshop_id)
    w = data.workshop
    doc = _document(data, "Register Risiko Program Quick Win")
    captions = dc.Captions(doc)
    _title(doc, data, "REGISTER RISIKO PROGRAM QUICK WIN")
    total = sum(len(data.risks.get(q.id, [])) for q in data.programmes)
    dc.body(
        doc,
        f"Register ini memuat {total} risiko dari {len(data.programmes)} program quick win "
        f"Masterplan Smart City {w.region} Tahun {w.year}: kemungkinan terjadi dan dampak "
        "dinilai pada skala 1–5, tingkat risiko adalah hasil kali keduanya (Rendah 1–4, "
        "Sedang 5–12, Tinggi 15–25), dengan mitigasi dan OPD pemilik risiko yang "
        "memantaunya.",
    )
    if not data.programmes:
        dc.body(doc, "Belum ada program quick win yang disepakati.", italic=True)
    for n, q in enumerate(data.programmes, 1):
        risks = data.risks.get(q.id, [])
        dc.heading(
            doc,
            f"{n}. {q.name} ({fm.opd_name(data.opd, q.owner_opd_id, NOT_ASSESSED)})",
            2,
        )
        if not risks:
            dc.body(doc, f"Register risiko: {NOT_FILLED}.", italic=True)
            continue
        captions.table(f"Risiko program {q.name}")
        _risk_table(doc, data, risks)
    _gap(doc)
    captions.table("Skala kemungkinan dan dampak")
    dc.data_table(
        doc,
        ["Nilai", "Kemungkinan", "Dampak"],
        [(v, d.LIKELIHOOD_LABELS[v], d.IMPACT_LABELS[v]) for v in d.RISK_LEVELS],
        [2.0, 6.75, 6.75],
        align="cll",
    )
    off = data.official
    dc.signature_block(
        doc, off.place_date, [off.signer("signer2", f"Ketua Tim Pelaksana Smart City\n{w.region}")]
    )
    return dc.to_bytes(doc)


# --------------------------------------------------------------------------- berita acara


def _attendance(store: Store, stage: d.Stage) -> tuple[int, int]:
    """(participants present, OPD and institutions they came from) at a stage."""
    rows = store.attendance(stage.id)
    places = {r["opd"] or r["institution"] for r in rows if r["opd"] or r["institution"]}
    return len(rows), len(places)


def build_berita(store: Store, workshop_id: int) -> bytes:
    """Berita Acara Kesepakatan Program Quick Win as .docx bytes."""
    data = gather(store, workshop_id)
    w, stage = data.workshop, data.last_stage
    doc = _document(data, "Berita Acara Kesepakatan Program Quick Win")
    captions = dc.Captions(doc)
    _title(doc, data, "BERITA ACARA KESEPAKATAN PROGRAM QUICK WIN", number=True)
    date = fm.parse_date(stage.date)
    if date is not None:
        when = (
            f"Pada hari ini {fm.DAYS[date.weekday()]} tanggal {terbilang(date.day)} bulan "
            f"{d.INDONESIAN_MONTHS[date.month - 1]} tahun {terbilang(date.year)} "
            f"({date.day:02d}-{date.month:02d}-{date.year})"
        )
    else:
        when = f"Pada hari ini {fm.EMPTY} tanggal {fm.EMPTY}"
    present, places = _attendance(store, stage)
    who = f"{present} peserta dari {places} OPD dan instansi" if present else f"{fm.EMPTY} peserta"
    dc.body(
        doc,
        f"{when}, bertempat di {w.venue or fm.EMPTY}, telah dilaksanakan Bimbingan Teknis "
        f"Tahap {stage.roman} ({stage.title}) Masterplan Smart City {w.region} yang dihadiri "
        f"oleh {who} sebagaimana tercantum dalam daftar hadir, bersama Tim Pelaksana Smart "
        "City dan tenaga ahli pendamping.",
    )
    n = len(data.programmes)
    dc.body(doc, "Dalam kegiatan tersebut para pihak menyepakati hal-hal sebagai berikut:")
    points = [
        f"Program quick win Masterplan Smart City {w.region} Tahun {w.year} yang disepakati "
        f"berjumlah {n} ({terbilang(n)}) program, dengan OPD penanggung jawab sebagaimana "
        "tercantum dalam tabel di bawah ini.",
        "Setiap program telah memenuhi syarat quick win: horizon paling lama 2 (dua) tahun, "
        "OPD penanggung jawab ditetapkan, dan kesiapan empat enabler (regulasi, "
        "infrastruktur, SDM dan aplikasi) telah dinilai.",
        "OPD penanggung jawab, bersama OPD pendukung, menyusun rencana pelaksanaan dan "
        "melaksanakan program sesuai profil program quick win.",
        "Risiko setiap program beserta mitigasinya dicatat dalam register risiko dan "
        "dipantau oleh OPD pemilik risiko.",
        "Kesepakatan ini dituangkan dalam lembar komitmen bersama yang ditandatangani oleh "
        f"{fm.region_head(w.region)} dan kepala OPD penanggung jawab.",
    ]
    for i, point in enumerate(points, 1):
        p = dc.body(doc, f"{i}.\t{point}")
        p.paragraph_format.left_indent = Cm(0.75)
        p.paragraph_format.first_line_indent = Cm(-0.75)
        p.paragraph_format.tab_stops.add_tab_stop(Cm(0.75))
        if i == 1:
            p.paragraph_format.keep_with_next = True
    if data.programmes:
        captions.table("Program quick win yang disepakati")
        dc.data_table(
            doc,
            ["No", "Program quick win", "Pilar", "OPD penanggung jawab", "Jangka waktu"],
            [
                (
                    i,
                    q.name,
                    data.pillar_name.get(q.pillar_id, "–"),
                    fm.opd_name(data.opd, q.owner_opd_id, NOT_ASSESSED),
                    months_or_unassessed(q.timeline_months),
                )
                for i, q in enumerate(data.programmes, 1)
            ],
            [0.9, 5.0, 3.0, 3.8, 2.8],
            align="cllll",
        )
    else:
        dc.body(doc, "Belum ada program quick win yang disepakati.", italic=True)
    dc.body(
        doc,
        "Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana "
        "mestinya.",
        keep_next=True,
    )
    off = data.official
    expert = off.signer("signer1", "Tenaga Ahli / Fasilitator")
    head = off.signer("known", fm.region_head(w.region))
    dc.signature_block(
        doc,
        off.place_date,
        [
            (*expert[:2], bool(expert[3]), expert[3]),
            off.signer("signer2", f"Ketua Tim Pelaksana Smart City\n{w.region}"),
        ],
    )
    _gap(doc)
    dc.signature_block(doc, "", [(f"Mengetahui,\n{head[0]}", head[1], bool(head[3]), head[3])])
    return dc.to_bytes(doc)


# --------------------------------------------------------------------------- komitmen


def build_komitmen(store: Store, workshop_id: int) -> bytes:
    """Komitmen Bersama: the agreed quick wins and a signature per owning OPD (.docx)."""
    data = gather(store, workshop_id)
    w = data.workshop
    doc = _document(data, "Komitmen Bersama Program Quick Win")
    captions = dc.Captions(doc)
    _title(doc, data, "KOMITMEN BERSAMA PELAKSANAAN PROGRAM QUICK WIN")
    dc.body(
        doc,
        f"Kami yang bertanda tangan di bawah ini, {fm.region_head(w.region)} dan kepala OPD "
        f"penanggung jawab, berkomitmen melaksanakan program quick win Masterplan Smart City "
        f"{w.region} Tahun {w.year} berikut ini, bersama OPD pendukung, sesuai profil program "
        "dan register risikonya, serta melaporkan kemajuannya kepada Dewan Smart City.",
    )
    if not data.programmes:
        dc.body(doc, "Belum ada program quick win yang disepakati.", italic=True)
    else:
        pillar = data.pillar_name

        def programme(q: d.QuickWin) -> dc.Rich:
            support = ", ".join(data.opd[o] for o in q.supporting_opd_ids if o in data.opd)
            return dc.Rich(
                (
                    q.name,
                    f"{pillar.get(q.pillar_id, '–')}; {months_or_unassessed(q.timeline_months)}",
                    f"OPD pendukung: {support}" if support else "",
                )
            )

        captions.table("Program quick win dan tanda tangan kepala OPD penanggung jawab")
        table = dc.data_table(
            doc,
            [
                "No",
                "OPD penanggung jawab",
                "Program quick win",
                "Nama, pangkat/gol., NIP",
                "Tanda tangan",
            ],
            [
                (
                    i,
                    fm.opd_name(data.opd, owner, NOT_ASSESSED),
                    dc.Rich(sum((tuple(programme(q)) for q in qws), ())),
                    "",
                    f"{i}.",
                )
                for i, (owner, qws) in enumerate(data.owners, 1)
            ],
            [0.9, 3.3, 5.4, 3.4, 2.5],
            align="cllll",
        )
        for row in table.rows[1:]:
            row.height = Cm(1.5)
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
            for cell in row.cells:
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    off = data.official
    head = off.signer("known", fm.region_head(w.region))
    dc.signature_block(
        doc,
        off.place_date,
        [(f"Ketua Dewan Smart City\n{w.region},", ""), (*head[:2], bool(head[3]), head[3])],
    )
    return dc.to_bytes(doc)
