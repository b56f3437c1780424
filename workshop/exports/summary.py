"""Ringkasan Bimtek Tahap N: the stage's activity report (*laporan kegiatan*), written
from the store and the facilitator's document fields (store/documents.py).

Structure (documents.md): kop surat (logo, government, agency, address...), number and
date, title; I Pendahuluan (latar belakang, dasar hukum, maksud dan tujuan, ruang
lingkup); II Pelaksanaan (waktu, tempat, peserta with attendance per group and OPD,
narasumber dan fasilitator, susunan acara); III Hasil kegiatan (ideas per pillar, vote
results per pillar with a chart of the top N, priorities and agreed quick wins, then the
stage's own sections from `STAGE_SECTIONS`); IV Kesimpulan dan rekomendasi; V Penutup;
signatures with the "Mengetahui" countersigner; Lampiran: daftar hadir (with a signature
column) and photos.

One counting rule everywhere: a participant counts when present at the stage and not
removed; an idea counts when shown (merged duplicates are counted once, in the idea they
were merged into; hidden ones not); a voter is an active participant with a ballot.

Everything the document shows is read once into a `SummaryData` (`gather`); each section
is then one function writing from it.

Hook for the stage documents (issue 15 part 3): `STAGE_SECTIONS` is a list of functions
`(doc, data, ctx) -> None` called, in order, at the end of III Hasil kegiatan. A stage's
activity adds one function that checks `data.stage.number` (or its own data) and writes
its sub-sections with `ctx.heading(title)` (numbered 3.N on), `ctx.captions` and the
`docx_base` blocks; it writes nothing for other stages.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from docx.document import Document as DocxDocument

from .. import documents as docs
from .. import domain as d
from ..store import Store
from . import docx_base as dc
from . import formats as fm
from . import official as of
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
    fields: dict[str, str] = field(default_factory=dict)  # document fields, defaults filled
    logo: bytes | None = None
    photos: list[tuple[bytes, int, int, str]] = field(default_factory=list)
    details: dict[int, dict[str, str]] = field(default_factory=dict)  # attendee particulars
    author_group: dict[int, str] = field(default_factory=dict)  # participant id -> group

    @property
    def top_n(self) -> int:
        """How many ideas of a pillar the chart shows (the table shows all)."""
        try:
            return max(3, min(30, int(self.fields.get("chart_top_n") or 10)))
        except ValueError:
            return 10

    @property
    def n_ideas(self) -> int:
        return len(self.ideas)

    @property
    def empty(self) -> bool:
        """Nothing happened yet: nobody present, no idea, no ballot."""
        return not self.attendance.total and not self.ideas and not self.tallies

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
    pillars = store.pillars(w.id)
    fields = docs.defaults(w, stage, [p.name for p in pillars])
    fields.update(store.doc_fields(w.id, stage.id))
    logo = store.logo(w.id)
    return SummaryData(
        stage=stage,
        workshop=w,
        pillars=pillars,
        stage_roman={s.id: s.roman for s in store.stages(w.id)},
        opd=fm.opd_names(store, w.id),
        attendance=attendance_summary(store, stage_id),
        counts=store.counts(stage_id),
        progress=store.vote_progress(stage_id),
        tallies=fm.exact_tallies(store, stage, store.tallies(stage_id)),
        agreed=store.quickwins(w.id, stage_id=stage_id),
        per_kind=ideas_by_pillar_kind(store, stage_id),
        ideas=store.ideas(w.id, stage_id=stage_id),
        merged=store.ideas(w.id, stage_id=stage_id, statuses=("merged",)),
        all_ideas={x.id: x for x in store.ideas(w.id, statuses=ALL_STATUSES)},
        paper=paper_notes(store, stage_id),
        fields=fields,
        logo=logo.data if logo else None,
        photos=[(p.data, p.width, p.height, p.caption) for p in store.photos(stage.id)],
        details=store.attendee_details(w.id),
        author_group={p.id: p.group for p in store.participants(w.id)},
    )


@dataclass
class Context:
    """Numbering and captions while the document is written (stage sections use it)."""

    doc: DocxDocument
    captions: dc.Captions
    chapter: int = 0
    section: int = 0

    def chapter_heading(self, roman: str, title: str) -> None:
        self.chapter += 1
        self.section = 0
        dc.heading(self.doc, f"{roman}. {title}", 1)

    def heading(self, title: str) -> None:
        """The next numbered section of the current chapter ('3.4 ...')."""
        self.section += 1
        dc.heading(self.doc, f"{self.chapter}.{self.section} {title}", 2)


StageSection = Callable[[DocxDocument, SummaryData, Context], None]
# Part 3's stage documents append here (see the module docstring); called in order at the
# end of III Hasil kegiatan.
STAGE_SECTIONS: list[StageSection] = []


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
    ctx = Context(doc, dc.Captions(doc))
    _cover(doc, data)
    _introduction(doc, data, ctx)
    _execution(doc, data, ctx)
    _results(doc, data, ctx)
    _closing(doc, data, ctx)
    _appendix(doc, data, ctx.captions)
    return dc.to_bytes(doc)


# --------------------------------------------------------------------------- sentences


def key_figures(data: SummaryData) -> str:
    """The cover's paragraph of key figures: grammatical for 0, 1 and many."""
    roman, att = data.roman, data.attendance
    opd_present, opd_total = data.counts["opd_present"], data.counts["opd_total"]
    if data.empty:
        return (
            f"Bimtek Tahap {roman} belum mencatat kegiatan: belum ada peserta yang hadir, "
            "belum ada usulan, dan belum ada pemungutan suara."
        )
    parts = []
    if att.total:
        text = f"Bimtek Tahap {roman} dihadiri {fm.fmt_int(att.total)} peserta"
        if opd_total and opd_present:
            text += f", termasuk utusan {opd_present} dari {opd_total} OPD/unit kerja dalam daftar"
        parts.append(text + ".")
    else:
        parts.append(f"Belum ada peserta yang tercatat hadir pada Bimtek Tahap {roman}.")
    parts.append(
        f"Peserta mengirim {fm.fmt_int(data.n_ideas)} usulan."
        if data.ideas
        else "Belum ada usulan yang dikirim."
    )
    voters = data.progress["voters"]
    ballot = len(data.tallies)
    if not ballot:
        parts.append("Belum ada usulan dalam daftar pilihan.")
    elif not voters:
        parts.append(f"Daftar pilihan memuat {ballot} usulan; belum ada suara.")
    else:
        parts.append(
            f"{fm.fmt_int(voters)} peserta memberikan suara atas {ballot} usulan "
            "dalam daftar pilihan."
        )
    if data.agreed:
        n_pillars = len({q.pillar_id for q in data.agreed})
        parts.append(
            f"{len(data.agreed)} program quick win disepakati pada tahap ini, mencakup "
            f"{n_pillars} dari {len(data.pillars)} pilar."
        )
    else:
        parts.append("Belum ada program quick win yang disepakati pada tahap ini.")
    return " ".join(parts)


def _text_or_blank(doc: DocxDocument, text: str, lines: int = 3) -> None:
    """Paragraphs of the facilitator's text, or writing lines when it is empty."""
    paras = [p.strip() for p in text.split("\n") if p.strip()]
    if not paras:
        dc.notes_box(doc, lines=lines)
        return
    for p in paras:
        dc.body(doc, p)


# --------------------------------------------------------------------------- sections


def _kop(doc: DocxDocument, data: SummaryData) -> None:
    dc.kop(doc, of.kop_lines(data.fields, data.workshop.province), data.logo)


def _cover(doc: DocxDocument, data: SummaryData) -> None:
    """Kop, title, number and date, the stage's particulars, a paragraph of key figures."""
    w, stage, f = data.workshop, data.stage, data.fields
    _kop(doc, data)
    dc.title_block(
        doc,
        [f"RINGKASAN BIMTEK TAHAP {stage.roman}"],
        [w.title, stage.title, f"Nomor: {f['doc_number'] or fm.EMPTY}"],
    )
    when = fm.tanggal(stage.date, with_day=True)
    dc.info_table(
        doc,
        [
            ("Kegiatan", w.title),
            ("Tahap", f"Tahap {stage.roman} – {stage.title}"),
            ("Hari/tanggal", when),
            ("Waktu", _time_text(data)),
            ("Tempat", w.venue or fm.EMPTY),
        ],
    )
    dc.body(doc, key_figures(data))


def _time_text(data: SummaryData) -> str:
    start, end = data.fields.get("time_start", ""), data.fields.get("time_end", "")
    if start and end:
        return f"Pukul {start}–{end} WIB"
    if start:
        return f"Pukul {start} WIB – selesai"
    return fm.EMPTY


def _introduction(doc: DocxDocument, data: SummaryData, ctx: Context) -> None:
    """I Pendahuluan: latar belakang, dasar hukum, maksud dan tujuan, ruang lingkup."""
    f = data.fields
    ctx.chapter_heading("I", "Pendahuluan")
    for title, key in (
        ("Latar Belakang", "latar_belakang"),
        ("Dasar Hukum", "dasar_hukum"),
        ("Maksud dan Tujuan", "maksud_tujuan"),
        ("Ruang Lingkup", "ruang_lingkup"),
    ):
        ctx.heading(title)
        _text_or_blank(doc, f.get(key, ""))


def _execution(doc: DocxDocument, data: SummaryData, ctx: Context) -> None:
    """II Pelaksanaan: time and place, participants, speakers, agenda."""
    f, stage, w = data.fields, data.stage, data.workshop
    ctx.chapter_heading("II", "Pelaksanaan")
    ctx.heading("Waktu dan Tempat")
    dc.body(
        doc,
        f"Kegiatan dilaksanakan pada {fm.tanggal(stage.date, with_day=True)}, "
        f"{_time_text(data).replace('Pukul', 'pukul')}, bertempat di {w.venue or fm.EMPTY}.",
    )
    ctx.heading("Peserta")
    _attendance(doc, data, ctx.captions)
    ctx.heading("Narasumber dan Fasilitator")
    _text_or_blank(doc, f.get("narasumber", ""))
    ctx.heading("Susunan Acara")
    agenda = [line.strip() for line in f.get("agenda", "").split("\n") if line.strip()]
    if not agenda:
        dc.notes_box(doc, lines=4)
        return
    ctx.captions.table(f"Susunan acara Bimtek Tahap {stage.roman}")
    rows = []
    for n, line in enumerate(agenda, 1):
        when, _, what = line.partition("|")
        rows.append((n, when.strip(), what.strip()) if what else (n, "", when.strip()))
    dc.data_table(doc, ["No", "Waktu", "Acara"], rows, [1.2, 3.3, 11.0], align="lll")


def _attendance(doc: DocxDocument, data: SummaryData, captions: dc.Captions) -> None:
    """Attendance per group, per OPD and institution, and the absent OPD (one sentence)."""
    att, roman = data.attendance, data.roman
    if not att.total:
        dc.body(doc, "Belum ada peserta yang tercatat hadir melalui aplikasi pada tahap ini.")
        return
    if att.removed:
        dc.body(
            doc,
            f"{att.removed} peserta dihapus oleh fasilitator; kehadiran, usulan dan "
            "suaranya tidak dihitung dalam ringkasan ini.",
        )
    # one counting rule: ideas are the shown ideas (data.ideas), per author's group
    ideas_per_group = Counter(
        data.author_group.get(i.author_id, "") if i.author_id is not None else "fasilitator"
        for i in data.ideas
    )
    captions.table(f"Kehadiran per kelompok peserta, Tahap {roman}")
    groups = [
        (
            d.GROUP_LABELS.get(g, g),
            att.by_group[g]["hadir"],
            att.by_group[g]["memilih"],
            ideas_per_group.get(g, 0),
        )
        for g in att.by_group
        if att.by_group[g]["hadir"] or att.by_group[g]["memilih"] or ideas_per_group.get(g)
    ]
    if ideas_per_group.get("fasilitator"):
        groups.append(("Fasilitator", 0, 0, ideas_per_group["fasilitator"]))
    dc.data_table(
        doc,
        ["Kelompok", "Hadir", "Memberi suara", "Usulan"],
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
    total = data.counts["opd_total"]
    if not total:
        return
    if not att.absent_opds:
        dc.body(doc, "Semua OPD/unit kerja dalam daftar mengirim peserta.")
        return
    n = len(att.absent_opds)
    dc.body(
        doc,
        f"{n} dari {total} OPD/unit kerja dalam daftar tidak mengirim peserta pada tahap "
        f"ini: {fm.and_list(att.absent_opds)}.",
    )


def _results(doc: DocxDocument, data: SummaryData, ctx: Context) -> None:
    """III Hasil kegiatan: ideas, votes, priorities and quick wins, the stage's sections."""
    ctx.chapter_heading("III", "Hasil Kegiatan")
    if data.empty:
        dc.body(
            doc,
            "Tahap ini belum menghasilkan data: belum ada peserta yang hadir, belum ada "
            "usulan, dan belum ada pemungutan suara. Bagian ini akan terisi setelah tahap "
            "berjalan.",
            italic=True,
        )
    else:
        ctx.heading("Usulan per Pilar")
        _ideas(doc, data, ctx.captions)
        ctx.heading("Hasil Pemungutan Suara")
        _votes(doc, data, ctx.captions)
        ctx.heading("Prioritas dan Kesepakatan")
        _shortlist(doc, data, ctx.captions)
    for section in STAGE_SECTIONS:
        section(doc, data, ctx)


def _ideas(doc: DocxDocument, data: SummaryData, captions: dc.Captions) -> None:
    """Ideas per pillar and kind, then every idea of each pillar that has any."""
    roman = data.roman
    if not data.ideas:
        dc.body(doc, "Belum ada usulan yang dikirim pada tahap ini.", italic=True)
        return
    dc.body(
        doc,
        "Usulan yang dikirim peserta pada tahap ini, setelah duplikat digabung "
        "oleh fasilitator, per pilar dan jenis usulan.",
        keep_next=True,
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
    without = []
    for p in data.pillars:
        mine = [x for x in data.ideas if x.pillar_id == p.id]
        if not mine:
            without.append(p.name)
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
    if without:
        dc.body(doc, f"Tidak ada usulan untuk pilar {fm.and_list(without)}.", italic=True)


def _votes(doc: DocxDocument, data: SummaryData, captions: dc.Captions) -> None:
    """How the stage voted, then each pillar's ranked results and chart."""
    if not data.tallies:
        dc.body(doc, "Belum ada usulan dalam daftar pilihan pada tahap ini.", italic=True)
        return
    dc.body(doc, mode_text(data.stage))
    by_pillar = data.by_pillar
    without = []
    for p in data.pillars:
        group = by_pillar.get(p.id, [])
        if not group:
            without.append(p.name)
            continue
        dc.heading(doc, p.name, 3)
        _pillar_result(doc, data, captions, p, group)
    if without:
        dc.body(
            doc,
            f"Tidak ada usulan dalam daftar pilihan untuk pilar {fm.and_list(without)}.",
            italic=True,
        )


def _pillar_result(
    doc: DocxDocument,
    data: SummaryData,
    captions: dc.Captions,
    pillar: d.Pillar,
    group: list[d.Tally],
) -> None:
    """One pillar's results: voters, the ranked table, the chart of its top N."""
    from .charts import pillar_chart  # matplotlib only when a document is built

    stage = data.stage
    rating = stage.vote_mode == "rating"
    voters = data.progress["per_pillar"].get(pillar.id, 0)
    if not voters and not any(t.paper for t in group):
        dc.body(
            doc,
            f"Belum ada suara untuk {len(group)} usulan dalam daftar pilihan pilar ini: "
            + "; ".join(t.title for t in group)
            + ".",
        )
        return
    dc.body(doc, f"{fm.fmt_int(voters)} peserta memberikan suara di pilar ini.", keep_next=True)
    table_no = captions.tables + 1
    captions.table(
        f"Hasil {'penilaian' if rating else 'voting'} pilar {pillar.name}, Tahap {stage.roman}"
    )
    if rating:
        _rating_table(doc, data, group)
    else:
        _dots_table(doc, data, group)
    top_n = data.top_n
    png = pillar_chart(group, stage.vote_mode, "", top_n=top_n)
    if png:
        dc.picture(doc, png, width_cm=14.0 if stage.vote_mode == "dots" else 11.0)
        what = "Dampak dan kelayakan" if rating else "Jumlah suara"
        more = f" ({top_n} teratas; selengkapnya di Tabel {table_no})" if len(group) > top_n else ""
        captions.figure(f"{what} usulan pilar {pillar.name}, Tahap {stage.roman}{more}")


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
    ranks = fm.rank_labels(group, "dots")
    dc.data_table(
        doc,
        ["Pering-\nkat", "Usulan", "Suara\naplikasi", "Suara\nmanual", "Total", "Pemilih"],
        [
            (ranks[t.idea_id], _idea_cell(data, t), t.dots, t.paper or "–", t.total, t.voters)
            for t in group
        ],
        [1.7, 6.6, 1.9, 1.8, 1.7, 1.8],
        align="clcccc",
    )


def _rating_table(doc: DocxDocument, data: SummaryData, group: list[d.Tally]) -> None:
    """No (the chart's number), rank, impact, feasibility, score from the exact means,
    raters and quadrant; a manual column only when there are any."""
    ranks = fm.rank_labels(group, "rating")
    headers = [
        "No",
        "Pering-\nkat",
        "Usulan",
        "Dampak",
        "Kelayak-\nan",
        "Skor\n(D×K)",
        "Penilai",
        "Kuadran\nquick win",
    ]
    widths = [1.0, 1.5, 4.6, 1.6, 1.7, 1.6, 1.5, 1.8]
    rows: list[tuple[Any, ...]] = [
        (
            n,
            ranks[t.idea_id],
            _idea_cell(data, t),
            fm.fmt_dec(t.impact),
            fm.fmt_dec(t.feasibility),
            fm.fmt_dec(fm.score(t)),
            t.ratings,
            "Ya" if t.quick_win_quadrant else "–",
        )
        for n, t in enumerate(group, 1)
    ]
    if any(t.paper for t in group):
        headers.append("Suara\nmanual")
        widths.append(1.4)
        rows = [r + (t.paper or "–",) for r, t in zip(rows, group, strict=True)]
    dc.data_table(doc, headers, rows, widths, align="cclccccccc"[: len(headers)])


def _shortlist(doc: DocxDocument, data: SummaryData, captions: dc.Captions) -> None:
    """The priority per pillar (none without votes; ties named) and the agreed quick wins."""
    stage = data.stage
    by_pillar = data.by_pillar
    mode = stage.vote_mode
    if data.tallies:
        captions.table(f"Usulan dalam daftar pilihan dan prioritas, Tahap {stage.roman}")
        rows = []
        for p in data.pillars:
            group = by_pillar.get(p.id, [])
            top = fm.top_of(group, mode)
            if not group:
                rows.append((p.name, 0, "–", "tidak ada usulan dalam daftar pilihan"))
                continue
            if not top:
                rows.append((p.name, len(group), "–", "belum ada suara"))
                continue
            tie = f"seri {len(top)} usulan: " if len(top) > 1 else ""
            rows.append(
                (
                    p.name,
                    len(group),
                    "\n".join(t.title for t in top),
                    tie + "\n".join(fm.result_text(t, mode) for t in top),
                )
            )
        dc.data_table(
            doc,
            ["Pilar", "Usulan\ndipilih", "Prioritas", "Hasil"],
            rows,
            [3.6, 1.8, 5.2, 4.9],
            align="lcll",
            total_row=("Jumlah", sum(r[1] for r in rows), "", ""),
        )
    if not data.agreed:
        dc.body(doc, "Belum ada program quick win yang disepakati pada tahap ini.", italic=True)
        return
    pillar_name = {p.id: p.name for p in data.pillars}
    captions.table(f"Program quick win yang disepakati pada Tahap {stage.roman}")
    programme_table(doc, data.agreed, pillar_name, data.opd)


def _signer(data: SummaryData, prefix: str) -> list[tuple[str, bool]]:
    f = data.fields
    return dc.signer_lines(
        f[f"{prefix}_role"] + ",",
        f[f"{prefix}_name"],
        f[f"{prefix}_rank"],
        f[f"{prefix}_nip"],
    )


def _closing(doc: DocxDocument, data: SummaryData, ctx: Context) -> None:
    """IV Kesimpulan dan rekomendasi, V Penutup, the signatures."""
    f = data.fields
    ctx.chapter_heading("IV", "Kesimpulan dan Rekomendasi")
    _text_or_blank(doc, f.get("kesimpulan", ""), lines=6)
    ctx.chapter_heading("V", "Penutup")
    _text_or_blank(doc, f.get("penutup", ""))
    date = fm.tanggal(f.get("doc_date") or data.stage.date)
    place = f.get("sign_place") or fm.region_place(data.workshop.region)
    dc.signatures(
        doc,
        f"{place}, {date}",
        [_signer(data, "signer1"), _signer(data, "signer2")],
        known=_signer(data, "known") if f.get("known_role") else None,
    )


def _appendix(doc: DocxDocument, data: SummaryData, captions: dc.Captions) -> None:
    """Lampiran: the daftar hadir (with a signature column), then the photos."""
    stage, att = data.stage, data.attendance
    dc.heading(doc, f"Lampiran 1. Daftar Hadir Tahap {stage.roman}", 1, page_break=True)
    dc.body(
        doc,
        f"Bimtek Tahap {stage.roman}, {fm.tanggal(stage.date, with_day=True)}, "
        f"{data.workshop.venue or fm.EMPTY}. "
        + (
            f"Tercatat hadir melalui aplikasi: {fm.fmt_int(att.total)} peserta."
            if att.total
            else "Belum ada peserta yang tercatat hadir melalui aplikasi."
        ),
    )
    captions.table(f"Daftar hadir peserta, Tahap {stage.roman}")
    rows: list[tuple[Any, ...]] = []
    for n, r in enumerate(att.rows, 1):
        det = data.details.get(r["id"], {})
        rows.append(
            (
                n,
                dc.Rich((r["name"], det.get("jabatan", ""))),
                r["opd"] or r["institution"] or d.GROUP_LABELS.get(r["group"], r["group"]),
                det.get("nip", ""),
                det.get("phone", ""),
                f"{n}. ",
            )
        )
    # blank numbered rows for who signs on paper only
    for n in range(len(rows) + 1, len(rows) + (6 if rows else 16)):
        rows.append((n, "", "", "", "", f"{n}. "))
    dc.data_table(
        doc,
        ["No", "Nama / jabatan", "OPD / instansi", "NIP", "Telepon", "Tanda tangan"],
        rows,
        [0.9, 4.3, 4.9, 2.8, 2.1, 2.2],
        align="clllll",
    )
    if data.photos:
        dc.heading(doc, f"Lampiran 2. Foto Kegiatan Tahap {stage.roman}", 1, page_break=True)
        dc.photo_grid(doc, data.photos)
