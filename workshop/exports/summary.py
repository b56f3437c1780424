"""Ringkasan Bimtek Tahap N: the stage summary the city files, written from the store.

Sections: letterhead and title block (region, stage, date in Indonesian, venue);
1 attendance (per group, per OPD, OPD of the roster that were absent); 2 ideas per
pillar and kind; 3 vote results per pillar, ranked, with the chart of the same numbers
as the projector (hand-counted votes marked "manual"); 4 ballot and agreed quick wins;
5 notes; 6 signatures; appendix: the attendance list.

Everything the document shows is read once into a `SummaryData` (`gather`); each
section is then one function writing from it (`_cover`, `_attendance`, ...).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from docx.document import Document as DocxDocument

from .. import domain as d
from ..store import Store
from . import docx_base as dc
from . import formats as fm
from .quickwins import programme_table

ALL_STATUSES = ("shown", "hidden", "merged")


@dataclass
class AttendanceSummary:
    """Who came to one stage, counted the way the document shows it."""

    total: int
    by_group: dict[str, dict[str, int]]
    by_opd: list[tuple[str, int]]  # roster order, present OPD only
    others: list[tuple[str, str, int]]  # (institution, group label, count)
    absent_opds: list[str]  # roster order
    rows: list[dict[str, Any]] = field(default_factory=list)
    removed: int = 0  # present, then removed by the facilitator (not counted above)


@dataclass
class SummaryData:
    """Everything the summary of one stage shows, read from the store once."""

    stage: d.Stage
    workshop: d.Workshop
    pillars: list[d.Pillar]
    stage_roman: dict[int, str]  # stage id -> 'IV'
    opd: dict[int, str]  # OPD id -> name
    attendance: AttendanceSummary
    counts: dict[str, int]  # Store.counts
    progress: dict[str, Any]  # Store.vote_progress
    tallies: list[d.Tally]
    agreed: list[d.QuickWin]  # quick wins of this stage
    per_kind: dict[int, dict[str, int]]  # pillar id -> kind -> ideas
    ideas: list[d.Idea]  # this stage's ideas as shown
    merged: list[d.Idea]  # this stage's ideas merged into others
    all_ideas: dict[int, d.Idea]  # every idea of the workshop
    paper: dict[int, tuple[int, str]]  # idea id -> hand-counted (votes, note)

    @property
    def by_pillar(self) -> dict[int, list[d.Tally]]:
        """The ballot's results per pillar id, ranked."""
        out: dict[int, list[d.Tally]] = {}
        for t in self.tallies:
            out.setdefault(t.pillar_id, []).append(t)
        return out

    @property
    def roman(self) -> str:
        return self.stage.roman


def attendance_summary(store: Store, stage_id: int) -> AttendanceSummary:
    """Attendance of a stage per group and per OPD, and the roster's absent OPD."""
    stage = store.stage(stage_id)
    roster = store.opds(stage.workshop_id)
    rows = store.attendance(stage_id)
    per_opd = Counter(r["opd"] for r in rows if r["opd"])
    by_opd = [(o.name, per_opd[o.name]) for o in roster if per_opd[o.name]]
    others = Counter(
        (r["institution"] or "(tanpa instansi)", r["group"]) for r in rows if not r["opd"]
    )
    group_order = {g: i for i, g in enumerate(d.GROUPS)}
    other_rows = sorted(
        ((inst, d.GROUP_LABELS.get(g, g), n) for (inst, g), n in others.items()),
        key=lambda x: x[0].lower(),
    )
    absent = [o.name for o in roster if not per_opd[o.name]]
    pos = {o.name: o.position for o in roster}
    ordered = sorted(
        rows,
        key=lambda r: (
            0 if r["opd"] else 1,
            pos.get(r["opd"], 0) if r["opd"] else group_order.get(r["group"], 99),
            (r["institution"] or "").lower(),
            r["name"].lower(),
            r["id"],
        ),
    )
    return AttendanceSummary(
        total=len(rows),
        by_group=store.group_counts(stage_id),
        by_opd=by_opd,
        others=other_rows,
        absent_opds=absent,
        rows=ordered,
        removed=store.removed_count(stage.workshop_id, stage_id),
    )


def ideas_by_pillar_kind(store: Store, stage_id: int) -> dict[int, dict[str, int]]:
    """Ideas sent in this stage (shown, as on the projector) per pillar id and kind."""
    stage = store.stage(stage_id)
    out: dict[int, dict[str, int]] = {
        p.id: {k: 0 for k in d.KINDS} for p in store.pillars(stage.workshop_id)
    }
    for idea in store.ideas(stage.workshop_id, stage_id=stage_id):
        out.setdefault(idea.pillar_id, {k: 0 for k in d.KINDS})[idea.kind] += 1
    return out


def paper_notes(store: Store, stage_id: int) -> dict[int, tuple[int, str]]:
    """Hand-counted votes of a stage: idea id -> (votes, note)."""
    return {
        r["idea_id"]: (r["votes"], r["note"])
        for r in store.table_rows("paper_tallies")
        if r["stage_id"] == stage_id
    }


def mode_text(stage: d.Stage) -> str:
    """How this stage voted, in words."""
    if stage.vote_mode == "rating":
        return (
            "Penilaian dampak dan kelayakan (skala 1–5); peringkat menurut skor "
            "dampak × kelayakan. Kuadran quick win: dampak dan kelayakan di atas 3."
        )
    return (
        f"Dot voting: setiap peserta memiliki {stage.budget} suara per pilar, maksimal "
        f"{stage.cap} suara untuk satu usulan. Suara manual (hitungan tangan atau "
        'kertas) dijumlahkan ke total dan ditandai "manual".'
    )


def filename(store: Store, stage_id: int) -> str:
    """'Ringkasan_Bimtek_Tahap_IV_Kota_Metro_2023.docx'."""
    stage = store.stage(stage_id)
    w = store.workshop(stage.workshop_id)
    return fm.safe_filename(f"Ringkasan Bimtek Tahap {stage.roman} {w.region} {w.year}", ".docx")


def gather(store: Store, stage_id: int) -> SummaryData:
    """Read everything the summary of `stage_id` shows."""
    stage = store.stage(stage_id)
    w = store.workshop(stage.workshop_id)
    return SummaryData(
        stage=stage,
        workshop=w,
        pillars=store.pillars(w.id),
        stage_roman={s.id: s.roman for s in store.stages(w.id)},
        opd=fm.opd_names(store, w.id),
        attendance=attendance_summary(store, stage_id),
        counts=store.counts(stage_id),
        progress=store.vote_progress(stage_id),
        tallies=store.tallies(stage_id),
        agreed=store.quickwins(w.id, stage_id=stage_id),
        per_kind=ideas_by_pillar_kind(store, stage_id),
        ideas=store.ideas(w.id, stage_id=stage_id),
        merged=store.ideas(w.id, stage_id=stage_id, statuses=("merged",)),
        all_ideas={x.id: x for x in store.ideas(w.id, statuses=ALL_STATUSES)},
        paper=paper_notes(store, stage_id),
    )


def build_summary(store: Store, stage_id: int) -> bytes:
    """The stage summary (Ringkasan Bimtek Tahap N) as .docx bytes."""
    data = gather(store, stage_id)
    w = data.workshop
    doc_title = f"Ringkasan Bimtek Tahap {data.roman}"
    doc = dc.new_document(
        title=f"{doc_title} – {w.region} {w.year}",
        subject=w.title,
        footer_text=f"{doc_title} – {w.region}",
    )
    captions = dc.Captions(doc)
    _cover(doc, data)
    _attendance(doc, data, captions)
    _ideas(doc, data, captions)
    _votes(doc, data, captions)
    _shortlist(doc, data, captions)
    _notes_and_signatures(doc, data)
    _appendix(doc, data, captions)
    return dc.to_bytes(doc)


# --------------------------------------------------------------------------- sections


def _cover(doc: DocxDocument, data: SummaryData) -> None:
    """Letterhead, title, the stage's particulars and a paragraph of key figures."""
    w, stage = data.workshop, data.stage
    dc.letterhead(doc, w.region, w.province)
    dc.title_block(doc, [f"RINGKASAN BIMTEK TAHAP {stage.roman}"], [w.title, stage.title])
    dc.info_table(
        doc,
        [
            ("Kegiatan", w.title),
            ("Tahap", f"Tahap {stage.roman} – {stage.title}"),
            ("Hari/tanggal", fm.tanggal(stage.date, with_day=True)),
            ("Tempat", w.venue or fm.EMPTY),
            ("Fokus", stage.focus or "–"),
            ("Luaran", stage.outputs or "–"),
        ],
    )
    n_ideas = sum(sum(v.values()) for v in data.per_kind.values())
    dc.body(
        doc,
        (
            f"Bimtek Tahap {stage.roman} dihadiri {data.attendance.total} peserta dari "
            f"{data.counts['opd_present']} dari {data.counts['opd_total']} OPD/unit kerja dalam "
            f"daftar. Peserta mengirim {n_ideas} usulan; {data.progress['voters']} peserta "
            f"memberikan suara atas {len(data.tallies)} usulan dalam daftar pilihan; "
            f"{len(data.agreed)} program quick win disepakati pada tahap ini."
        ),
    )


def _attendance(doc: DocxDocument, data: SummaryData, captions: dc.Captions) -> None:
    """1: attendance per group, per OPD and institution, and the absent OPD."""
    att, roman = data.attendance, data.roman
    dc.heading(doc, "1. Kehadiran Peserta", 1)
    if att.removed:
        dc.body(
            doc,
            f"{att.removed} peserta dihapus oleh fasilitator; kehadiran, usulan dan "
            "suaranya tidak dihitung dalam ringkasan ini.",
        )
    dc.heading(doc, "1.1 Kehadiran per kelompok peserta", 2)
    captions.table(f"Kehadiran per kelompok peserta, Tahap {roman}")
    groups = [
        (
            d.GROUP_LABELS.get(g, g),
            att.by_group[g]["hadir"],
            att.by_group[g]["memilih"],
            att.by_group[g]["usulan"],
        )
        for g in att.by_group
    ]
    dc.data_table(
        doc,
        ["Kelompok", "Hadir", "Memberi suara", "Mengirim usulan"],
        groups,
        [6.5, 3, 3, 3],
        align="lccc",
        total_row=(
            "Jumlah",
            sum(r[1] for r in groups),
            sum(r[2] for r in groups),
            sum(r[3] for r in groups),
        ),
    )

    dc.heading(doc, "1.2 Kehadiran per OPD dan instansi", 2)
    captions.table(f"Peserta hadir per OPD dan instansi, Tahap {roman}")
    present: list[tuple[int, str, str, int]] = [
        (i, name, "OPD / unit kerja", n) for i, (name, n) in enumerate(att.by_opd, 1)
    ]
    present += [(len(present) + i, inst, grp, n) for i, (inst, grp, n) in enumerate(att.others, 1)]
    dc.data_table(
        doc,
        ["No", "OPD / instansi", "Keterangan", "Hadir"],
        present,
        [1.2, 8.3, 4.0, 2.0],
        align="lllc",
        total_row=("", "Jumlah", "", att.total),
    )

    dc.heading(doc, "1.3 OPD dalam daftar yang tidak hadir", 2)
    if not att.absent_opds:
        dc.body(doc, "Semua OPD/unit kerja dalam daftar mengirim peserta.")
        return
    dc.body(
        doc,
        f"{len(att.absent_opds)} dari {data.counts['opd_total']} OPD/unit kerja "
        "dalam daftar tidak mengirim peserta pada tahap ini:",
        keep_next=True,
    )
    captions.table(f"OPD yang tidak hadir, Tahap {roman}")
    dc.data_table(
        doc,
        ["No", "OPD / unit kerja", "Keterangan"],
        [(i, name, "") for i, name in enumerate(att.absent_opds, 1)],
        [1.2, 9.3, 5.0],
        align="lll",
    )


def _ideas(doc: DocxDocument, data: SummaryData, captions: dc.Captions) -> None:
    """2: ideas per pillar and kind, then every idea of each pillar."""
    roman = data.roman
    dc.heading(doc, "2. Usulan per Pilar", 1)
    dc.body(
        doc,
        "Usulan yang dikirim peserta pada tahap ini, setelah duplikat digabung "
        "oleh fasilitator, per pilar dan jenis usulan.",
    )
    captions.table(f"Jumlah usulan per pilar dan jenis, Tahap {roman}")
    rows: list[tuple[Any, ...]] = []
    for p in data.pillars:
        k = data.per_kind.get(p.id, {})
        rows.append((p.name, *(k.get(kind, 0) for kind in d.KINDS), sum(k.values())))
    totals = ["Jumlah", *(sum(r[i] for r in rows) for i in range(1, len(d.KINDS) + 2))]
    dc.data_table(
        doc,
        ["Pilar", *(d.KIND_LABELS[k] for k in d.KINDS), "Jumlah"],
        rows,
        [5.0, 2.8, 2.4, 2.8, 2.2],
        align="lcccc",
        total_row=totals,
    )
    if data.merged:
        dc.body(
            doc,
            f"Selain itu {len(data.merged)} usulan digabung ke usulan serupa "
            "(tidak dihitung terpisah).",
            italic=True,
        )
    for i, p in enumerate(data.pillars, 1):
        mine = [x for x in data.ideas if x.pillar_id == p.id]
        dc.heading(doc, f"2.{i} {p.name}", 2)
        if not mine:
            dc.body(doc, "Tidak ada usulan untuk pilar ini pada tahap ini.", italic=True)
            continue
        mine.sort(key=lambda x: (d.KINDS.index(x.kind), x.id))
        captions.table(f"Usulan pilar {p.name}, Tahap {roman}")
        dc.data_table(
            doc,
            ["No", "Jenis", "Usulan", "Subdimensi", "OPD terkait"],
            [
                (
                    n,
                    d.KIND_LABELS[x.kind],
                    dc.Rich((x.title, x.description)),
                    x.subdim or "–",
                    fm.opd_name(data.opd, x.opd_id, "–"),
                )
                for n, x in enumerate(mine, 1)
            ],
            [1.0, 2.4, 6.6, 2.7, 2.8],
            align="lllll",
        )


def _votes(doc: DocxDocument, data: SummaryData, captions: dc.Captions) -> None:
    """3: how the stage voted, then each pillar's ranked results and chart."""
    dc.heading(doc, "3. Hasil Pemungutan Suara", 1)
    dc.body(doc, mode_text(data.stage))
    by_pillar = data.by_pillar
    for i, p in enumerate(data.pillars, 1):
        dc.heading(doc, f"3.{i} {p.name}", 2)
        group = by_pillar.get(p.id, [])
        if not group:
            dc.body(doc, "Tidak ada usulan dalam daftar pilihan untuk pilar ini.", italic=True)
            continue
        _pillar_result(doc, data, captions, p, group)


def _pillar_result(
    doc: DocxDocument,
    data: SummaryData,
    captions: dc.Captions,
    pillar: d.Pillar,
    group: list[d.Tally],
) -> None:
    """One pillar's results: voters, the ranked table, the chart of the same numbers."""
    from .charts import pillar_chart  # matplotlib only when a document is built

    stage = data.stage
    rating = stage.vote_mode == "rating"
    voters = data.progress["per_pillar"].get(pillar.id, 0)
    dc.body(doc, f"{voters} peserta memberikan suara di pilar ini.", keep_next=True)
    captions.table(
        f"Hasil {'penilaian' if rating else 'voting'} pilar {pillar.name}, Tahap {stage.roman}"
    )
    if rating:
        _rating_table(doc, data, group)
    else:
        _dots_table(doc, data, group)
    png = pillar_chart(group, stage.vote_mode, pillar.name)
    if png:
        dc.picture(doc, png, width_cm=14.0 if stage.vote_mode == "dots" else 11.0)
        what = "Dampak dan kelayakan" if rating else "Jumlah suara"
        captions.figure(f"{what} usulan pilar {pillar.name}, Tahap {stage.roman}")


def _idea_cell(data: SummaryData, t: d.Tally) -> dc.Rich:
    """The idea's title, with the stage it came from and its manual votes when any."""
    origin = data.all_ideas.get(t.idea_id)
    extra = ""
    if origin is not None and origin.stage_id != data.stage.id:
        extra = f"usulan Tahap {data.stage_roman.get(origin.stage_id, '?')}"
    if t.paper:
        note = data.paper.get(t.idea_id, (t.paper, ""))[1]
        manual = f"termasuk {t.paper} suara manual" + (f": {note}" if note else "")
        extra = f"{extra}; {manual}" if extra else manual
    return dc.Rich((t.title, "", extra)) if extra else dc.Rich((t.title,))


def _dots_table(doc: DocxDocument, data: SummaryData, group: list[d.Tally]) -> None:
    dc.data_table(
        doc,
        ["Pering-\nkat", "Usulan", "Suara\naplikasi", "Suara\nmanual", "Total", "Pemilih"],
        [(t.rank, _idea_cell(data, t), t.dots, t.paper or "–", t.total, t.voters) for t in group],
        [1.7, 6.6, 1.9, 1.8, 1.7, 1.8],
        align="clcccc",
    )


def _rating_table(doc: DocxDocument, data: SummaryData, group: list[d.Tally]) -> None:
    """Impact, feasibility, score and quadrant; a manual column only when there are any."""
    headers = [
        "Pering-\nkat",
        "Usulan",
        "Dampak",
        "Kelayakan",
        "Skor\n(D×K)",
        "Penilai",
        "Kuadran\nquick win",
    ]
    widths = [1.7, 5.0, 1.7, 2.2, 1.6, 1.5, 1.8]
    rows: list[tuple[Any, ...]] = [
        (
            t.rank,
            _idea_cell(data, t),
            fm.fmt_dec(t.impact),
            fm.fmt_dec(t.feasibility),
            fm.fmt_dec((t.impact or 0) * (t.feasibility or 0)) if t.impact else "–",
            t.ratings,
            "Ya" if t.quick_win_quadrant else "–",
        )
        for t in group
    ]
    if any(t.paper for t in group):
        headers.append("Suara\nmanual")
        widths.append(1.4)
        rows = [r + (t.paper or "–",) for r, t in zip(rows, group, strict=True)]
    dc.data_table(doc, headers, rows, widths, align="clcccccc"[: len(headers)])


def _shortlist(doc: DocxDocument, data: SummaryData, captions: dc.Captions) -> None:
    """4: the top priority per pillar and the quick wins agreed in this stage."""
    stage = data.stage
    by_pillar = data.by_pillar
    dc.heading(doc, "4. Daftar Pilihan dan Kesepakatan", 1)
    dc.heading(doc, "4.1 Prioritas per pilar", 2)
    captions.table(f"Usulan dalam daftar pilihan dan prioritas teratas, Tahap {stage.roman}")
    rows = []
    for p in data.pillars:
        group = by_pillar.get(p.id, [])
        top = [t for t in group if t.rank == 1] if group else []
        rows.append(
            (
                p.name,
                len(group),
                "\n".join(t.title for t in top) or "–",
                "\n".join(fm.result_text(t, stage.vote_mode) for t in top) or "–",
            )
        )
    dc.data_table(
        doc,
        ["Pilar", "Usulan\ndipilih", "Prioritas teratas", "Hasil"],
        rows,
        [3.6, 1.8, 5.2, 4.9],
        align="lcll",
        total_row=("Jumlah", sum(r[1] for r in rows), "", ""),
    )
    dc.heading(doc, "4.2 Program quick win yang disepakati", 2)
    if not data.agreed:
        dc.body(doc, "Belum ada program quick win yang disepakati pada tahap ini.", italic=True)
        return
    pillar_name = {p.id: p.name for p in data.pillars}
    captions.table(f"Program quick win yang disepakati pada Tahap {stage.roman}")
    programme_table(doc, data.agreed, pillar_name, data.opd)


def _notes_and_signatures(doc: DocxDocument, data: SummaryData) -> None:
    """5: a box for the facilitator's notes; 6: the two signatures."""
    w = data.workshop
    dc.heading(doc, "5. Catatan", 1)
    dc.body(
        doc,
        "Catatan fasilitator dan tim pelaksana (kesimpulan, tindak lanjut, tenggat):",
        italic=True,
    )
    dc.notes_box(doc, lines=8)
    dc.heading(doc, "6. Pengesahan", 1)
    place_date = f"{fm.region_place(w.region)}, {fm.tanggal(data.stage.date)}"
    dc.signature_block(
        doc,
        place_date,
        [
            ("Tenaga Ahli / Fasilitator,", ""),
            (f"Ketua Tim Pelaksana Smart City\n{w.region},", ""),
        ],
    )


def _appendix(doc: DocxDocument, data: SummaryData, captions: dc.Captions) -> None:
    """Appendix: the attendance list, on a new page."""
    stage, att = data.stage, data.attendance
    dc.heading(doc, f"Lampiran. Daftar Hadir Tahap {stage.roman}", 1, page_break=True)
    dc.body(
        doc,
        f"Peserta yang tercatat hadir melalui aplikasi pada Bimtek Tahap "
        f"{stage.roman} ({fm.tanggal(stage.date)}): {att.total} orang.",
    )
    captions.table(f"Daftar hadir peserta, Tahap {stage.roman}")
    dc.data_table(
        doc,
        ["No", "Nama", "OPD / instansi", "Kelompok"],
        [
            (
                n,
                r["name"],
                r["opd"] or r["institution"] or "–",
                d.GROUP_LABELS.get(r["group"], r["group"]),
            )
            for n, r in enumerate(att.rows, 1)
        ],
        [1.1, 5.0, 5.6, 3.8],
        align="clll",
    )
