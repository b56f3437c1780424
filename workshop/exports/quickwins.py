"""Draft Program Quick Win: the agreed quick wins, ready for the masterplan.

Sections: letterhead and title; 1 introduction naming the region and year; 2 summary
table (No, programme, pillar, OPD penanggung jawab, jangka waktu, sumber anggaran) and
budget per source; 3 one profile per programme with every field of the model, the
four-enabler check as a table and the votes or scores behind it; 4 commitment sheet of
the owning OPD and signatures. Fields still empty are printed as "……" for the OPD to fill.

Everything the document shows is read once into a `QuickWinsData` (`gather`); each
section is then one function writing from it (`_cover`, `_introduction`, ...).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.shared import Cm

from .. import domain as d
from ..store import Store
from . import docx_base as dc
from . import formats as fm

ALL_STATUSES = ("shown", "hidden", "merged")
STATUS_FILL = {"siap": "D9EAD3", "perlu_disiapkan": "FFF2CC", "belum_ada": "F4CCCC"}

Evidence = dict[int, list[tuple[d.Stage, d.Tally]]]


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
                q.name + ("" if q.status == "agreed" else "\n(draf)"),
                pillar_name.get(q.pillar_id, "–"),
                fm.opd_name(opd, q.owner_opd_id),
                fm.months_text(q.timeline_months),
                q.budget_source,
            )
            for n, q in enumerate(programmes, 1)
        ],
        [0.9, 4.4, 2.8, 3.4, 1.8, 2.2],
        align="clllcc",
    )


@dataclass
class QuickWinsData:
    """Everything the quick-win draft of one workshop shows, read from the store once."""

    workshop: d.Workshop
    stages: list[d.Stage]
    pillars: list[d.Pillar]
    opd: dict[int, str]  # OPD id -> name
    programmes: list[d.QuickWin]  # what the draft lists
    drafts: list[d.QuickWin]  # every programme not yet agreed
    ideas: dict[int, d.Idea]  # every idea of the workshop
    results: Evidence  # idea id -> its results per stage
    include_drafts: bool

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
        """The stage of the latest agreement (else the last stage): it dates the draft."""
        agreed = self.agreed_stages
        return self.stage_by_id[agreed[-1]] if agreed else self.stages[-1]

    @property
    def covered(self) -> list[d.Pillar]:
        """The pillars that have a listed programme."""
        return [p for p in self.pillars if any(q.pillar_id == p.id for q in self.programmes)]


def filename(store: Store, workshop_id: int) -> str:
    """'Draft_Program_Quick_Win_Kota_Metro_2023.docx'."""
    w = store.workshop(workshop_id)
    return fm.safe_filename(f"Draft Program Quick Win {w.region} {w.year}", ".docx")


def programmes(store: Store, workshop_id: int, include_drafts: bool = False) -> list[d.QuickWin]:
    """The programmes the draft lists: agreed ones (and drafts when asked), pillar order."""
    return [q for q in store.quickwins(workshop_id) if include_drafts or q.status == "agreed"]


def evidence(store: Store, workshop_id: int) -> Evidence:
    """Idea id -> its results in every stage where it was on the ballot (stage order)."""
    out: Evidence = defaultdict(list)
    for stage in store.stages(workshop_id):
        for t in store.tallies(stage.id):
            out[t.idea_id].append((stage, t))
    return out


def enabler_summary(enablers: dict[str, dict[str, str]]) -> str:
    """'1 dari 4 enabler sudah siap; perlu disiapkan: Regulasi, SDM; belum ada: Aplikasi.'"""
    full = d.check_enablers(enablers)
    ready = [k for k in d.ENABLERS if full[k]["status"] == "siap"]
    todo = [d.ENABLER_LABELS[k] for k in d.ENABLERS if full[k]["status"] == "perlu_disiapkan"]
    none = [d.ENABLER_LABELS[k] for k in d.ENABLERS if full[k]["status"] == "belum_ada"]
    text = f"{len(ready)} dari {len(d.ENABLERS)} enabler sudah siap"
    if todo:
        text += f"; perlu disiapkan: {', '.join(todo)}"
    if none:
        text += f"; belum ada: {', '.join(none)}"
    return text + "."


def gather(store: Store, workshop_id: int, *, include_drafts: bool = False) -> QuickWinsData:
    """Read everything the quick-win draft of `workshop_id` shows."""
    w = store.workshop(workshop_id)
    return QuickWinsData(
        workshop=w,
        stages=store.stages(w.id),
        pillars=store.pillars(w.id),
        opd=fm.opd_names(store, w.id),
        programmes=programmes(store, w.id, include_drafts),
        drafts=[q for q in store.quickwins(w.id) if q.status != "agreed"],
        ideas={i.id: i for i in store.ideas(w.id, statuses=ALL_STATUSES)},
        results=evidence(store, w.id),
        include_drafts=include_drafts,
    )


def build_quickwins(store: Store, workshop_id: int, *, include_drafts: bool = False) -> bytes:
    """The quick-win draft (Draft Program Quick Win) as .docx bytes."""
    data = gather(store, workshop_id, include_drafts=include_drafts)
    w = data.workshop
    doc = dc.new_document(
        title=f"Draft Program Quick Win – {w.region} {w.year}",
        subject=f"Masterplan Smart City {w.region} {w.year}",
        footer_text=f"Draft Program Quick Win – {w.region} {w.year}",
    )
    captions = dc.Captions(doc)
    _cover(doc, data)
    _introduction(doc, data)
    _summary(doc, data, captions)
    dc.heading(doc, "3. Profil Program Quick Win", 1)
    for n, q in enumerate(data.programmes, 1):
        _profile(doc, data, captions, n, q)
    _commitment(doc, data, captions)
    return dc.to_bytes(doc)


# --------------------------------------------------------------------------- sections


def _cover(doc: DocxDocument, data: QuickWinsData) -> None:
    """Letterhead and the three title lines."""
    w = data.workshop
    dc.letterhead(doc, w.region, w.province)
    dc.title_block(
        doc,
        ["DRAFT PROGRAM QUICK WIN", f"MASTERPLAN SMART CITY {w.region.upper()}", f"TAHUN {w.year}"],
        [w.title],
    )


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
    agreed_stages = data.agreed_stages
    where = (
        f"pada Bimtek Tahap {' dan '.join(stage_by_id[s].roman for s in agreed_stages)}"
        if agreed_stages
        else ""
    )
    last_stage = data.last_stage
    dc.body(
        doc,
        (
            f"Sebanyak {len(qws)} program quick win disepakati {where}"
            f"{' (' + fm.tanggal(last_stage.date) + ')' if qws and last_stage.date else ''}, "
            f"mencakup {len(data.covered)} dari {len(data.pillars)} pilar smart city. Program "
            "quick win adalah program percepatan yang hasilnya dapat segera dirasakan masyarakat "
            "dalam jangka waktu 6 bulan sampai 2 tahun, sedapat mungkin memanfaatkan layanan "
            "yang sudah ada, dan diperiksa kesiapannya terhadap empat enabler: regulasi, "
            "infrastruktur, sumber daya manusia (SDM) dan aplikasi."
        ),
    )
    dc.body(
        doc,
        (
            "Setiap program memiliki OPD penanggung jawab dan OPD pendukung. Bagian 3 memuat "
            "profil setiap program: seluruh isian program, pemeriksaan empat enabler, serta "
            "hasil pemungutan suara atau penilaian peserta yang mendasari pemilihannya. Isian "
            f'yang masih bertanda "{fm.EMPTY}" perlu dilengkapi oleh OPD penanggung jawab.'
        ),
    )
    if data.drafts and not data.include_drafts:
        dc.body(
            doc,
            f"Catatan: {len(data.drafts)} program lain masih berstatus draf (belum "
            "disepakati) dan tidak dimuat dalam dokumen ini.",
            italic=True,
        )


def _summary(doc: DocxDocument, data: QuickWinsData, captions: dc.Captions) -> None:
    """2: the programmes in one table, the cost per budget source, pillars without any."""
    w, qws, pillar_name = data.workshop, data.programmes, data.pillar_name
    dc.heading(doc, "2. Ringkasan Program Quick Win", 1)
    if not qws:
        dc.body(doc, "Belum ada program quick win yang disepakati.", italic=True)
        return
    captions.table(f"Program quick win {w.region} tahun {w.year}")
    programme_table(doc, qws, pillar_name, data.opd)
    captions.table("Perkiraan biaya per sumber anggaran")
    rows = []
    for source in d.BUDGET_SOURCES:
        mine = [q for q in qws if q.budget_source == source]
        if mine:
            rows.append((source, len(mine), fm.rupiah(sum(q.estimated_cost for q in mine))))
    dc.data_table(
        doc,
        ["Sumber anggaran", "Jumlah program", "Perkiraan biaya"],
        rows,
        [5.0, 4.0, 6.5],
        align="lcr",
        total_row=("Jumlah", len(qws), fm.rupiah(sum(q.estimated_cost for q in qws))),
    )
    covered = data.covered
    missing = [p.name for p in data.pillars if p not in covered]
    if missing:
        dc.body(doc, f"Pilar yang belum memiliki program quick win: {', '.join(missing)}.")


def _profile(
    doc: DocxDocument, data: QuickWinsData, captions: dc.Captions, n: int, q: d.QuickWin
) -> None:
    """3.n: one programme on its own page(s): fields, enablers, the votes behind it."""
    dc.heading(doc, f"3.{n} {q.name}", 2, page_break=n > 1)
    _profile_fields(doc, data, captions, q)
    _profile_enablers(doc, captions, q)
    _profile_evidence(doc, data, captions, q)


def _origin_lines(data: QuickWinsData, q: d.QuickWin) -> list[str]:
    """The programme's source ideas: 'Judul (usulan Tahap II, 1 usulan serupa digabung)'."""
    stage_by_id = data.stage_by_id
    lines = []
    for idea_id in q.idea_ids:
        idea = data.ideas.get(idea_id)
        if idea is None:
            continue
        src = stage_by_id.get(idea.stage_id)
        merged = sum(1 for i in data.ideas.values() if i.merged_into == idea_id)
        lines.append(
            f"{idea.title} (usulan Tahap {src.roman if src else '?'}"
            f"{f', {merged} usulan serupa digabung' if merged else ''})"
        )
    return lines


def _profile_fields(
    doc: DocxDocument, data: QuickWinsData, captions: dc.Captions, q: d.QuickWin
) -> None:
    """a: every field of the programme, blanks left for the OPD to fill in."""
    stage = data.stage_by_id.get(q.stage_id)
    status = "Disepakati" if q.status == "agreed" else "Draf (belum disepakati)"
    if stage is not None:
        status += f" pada Bimtek Tahap {stage.roman}, {fm.tanggal(stage.date)}"
    opd = data.opd
    dc.heading(doc, "a. Uraian program", 3)
    captions.table(f"Uraian program {q.name}")
    dc.field_table(
        doc,
        [
            ("Nama program", q.name),
            ("Pilar", data.pillar_name.get(q.pillar_id, "")),
            ("OPD penanggung jawab", fm.opd_name(data.opd, q.owner_opd_id, "")),
            ("OPD pendukung", ", ".join(opd[o] for o in q.supporting_opd_ids if o in opd)),
            ("Masalah yang ditangani", q.problem),
            ("Deskripsi program", q.description),
            ("Tujuan", q.objective),
            ("Indikator output", q.output_indicator),
            ("Indikator outcome", q.outcome_indicator),
            ("Jangka waktu", fm.months_text(q.timeline_months)),
            ("Sumber anggaran", q.budget_source),
            ("Perkiraan biaya", fm.rupiah(q.estimated_cost) if q.estimated_cost else ""),
            ("Risiko", q.risks),
            ("Usulan asal", "\n".join(_origin_lines(data, q))),
            ("Status", status),
        ],
    )


def _profile_enablers(doc: DocxDocument, captions: dc.Captions, q: d.QuickWin) -> None:
    """b: the four enablers, their status shaded, and one line of readiness."""
    dc.heading(doc, "b. Pemeriksaan empat enabler", 3)
    enablers = d.check_enablers(q.enablers)
    captions.table(f"Kesiapan enabler program {q.name}")
    table = dc.data_table(
        doc,
        ["No", "Enabler", "Status", "Catatan / kebutuhan"],
        [
            (
                i,
                d.ENABLER_LABELS[k],
                d.ENABLER_STATE_LABELS[enablers[k]["status"]],
                enablers[k]["catatan"] or "–",
            )
            for i, k in enumerate(d.ENABLERS, 1)
        ],
        [1.0, 3.2, 3.6, 7.7],
        align="clcl",
    )
    for row, k in zip(table.rows[1:], d.ENABLERS, strict=True):
        dc.shade(row.cells[2], STATUS_FILL.get(enablers[k]["status"], "FFFFFF"))
    dc.body(doc, f"Kesiapan: {enabler_summary(q.enablers)}")


def _profile_evidence(
    doc: DocxDocument, data: QuickWinsData, captions: dc.Captions, q: d.QuickWin
) -> None:
    """c: the votes or ratings of the source ideas in every stage they were on the ballot."""
    dc.heading(doc, "c. Dasar pemilihan", 3)
    rows = [
        (
            f"Tahap {st.roman}",
            t.title,
            fm.MODE_LABELS.get(st.vote_mode, st.vote_mode),
            t.rank,
            fm.result_text(t, st.vote_mode),
        )
        for idea_id in q.idea_ids
        for st, t in data.results.get(idea_id, [])
    ]
    if not rows:
        dc.body(
            doc,
            "Program ini disepakati langsung dalam diskusi, tanpa pemungutan "
            "suara atas usulan asalnya.",
            italic=True,
        )
        return
    dc.body(
        doc,
        "Hasil pemungutan suara atau penilaian peserta atas usulan asal "
        "program ini, pada setiap tahap ketika usulan masuk daftar pilihan "
        "(peringkat di dalam pilarnya):",
        keep_next=True,
    )
    captions.table(f"Hasil suara dan penilaian usulan {q.name}")
    dc.data_table(
        doc,
        ["Tahap", "Usulan", "Cara memilih", "Pering-\nkat", "Hasil"],
        rows,
        [1.9, 3.9, 2.6, 1.6, 5.5],
        align="llccl",
    )


def _commitment(doc: DocxDocument, data: QuickWinsData, captions: dc.Captions) -> None:
    """4: the owning OPD sign for their programmes; the head of the region knows."""
    w, qws = data.workshop, data.programmes
    dc.heading(doc, "4. Komitmen Bersama", 1, page_break=bool(qws))
    dc.body(
        doc,
        (
            "Dengan ini OPD penanggung jawab menyatakan kesediaan melaksanakan program quick "
            f"win Masterplan Smart City {w.region} Tahun {w.year} sesuai profil di atas, "
            "bersama OPD pendukung."
        ),
    )
    if qws:
        captions.table("Lembar komitmen OPD penanggung jawab")
        table = dc.data_table(
            doc,
            ["No", "OPD penanggung jawab", "Program", "Nama dan NIP kepala OPD", "Tanda tangan"],
            [
                (n, fm.opd_name(data.opd, q.owner_opd_id), q.name, "", "")
                for n, q in enumerate(qws, 1)
            ],
            [1.0, 3.6, 4.4, 3.8, 2.7],
            align="cllll",
        )
        for row in table.rows[1:]:
            row.height = Cm(1.6)
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    place_date = f"{fm.region_place(w.region)}, {fm.tanggal(data.last_stage.date)}"
    dc.signature_block(
        doc,
        place_date,
        [
            (f"Mengetahui,\n{fm.region_head(w.region)},", "", False),
            (f"Ketua Tim Pelaksana Smart City\n{w.region},", ""),
        ],
    )
