"""Draf Visi, Misi dan Pemetaan Program (Tahap II): the candidate vision / mission / goal
statements with the room's approval (overall and per participant group), and the
programme long-list (RPJMD / Renstra) mapped per pillar with the room's 1-5 rating.

Built in three steps (see stage_common): `gather`, `write_sections` (what a report
wrapper reuses), `build_vision`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docx.document import Document as DocxDocument

from .. import domain as d
from ..activities import kinds as k
from ..activities import results as R
from ..store import Store
from . import docx_base as dc
from . import formats as fm
from . import stage_common as sc


@dataclass
class VisionData:
    """Everything the Tahap II document shows, read once."""

    workshop: d.Workshop
    stage: d.Stage
    pillars: list[d.Pillar]
    statements: list[dict[str, Any]]
    longlist: list[dict[str, Any]]
    has: set[str]


def gather(store: Store, stage_id: int) -> VisionData:
    """Read what the Tahap II document of `stage_id` shows."""
    stage = store.stage(stage_id)
    w = store.workshop(stage.workshop_id)
    return VisionData(
        workshop=w,
        stage=stage,
        pillars=store.pillars(w.id),
        statements=R.statement_support(store, stage_id),
        longlist=R.longlist(store, stage_id),
        has={a.kind for a in store.activities(stage_id)},
    )


def filename(store: Store, stage_id: int) -> str:
    """'Visi_Misi_dan_Program_Tahap_II_Kota_Metro_2023.docx'."""
    return sc.stage_filename(store, stage_id, "Visi Misi dan Program")


def build_vision(store: Store, stage_id: int) -> bytes:
    """The Tahap II vision, mission and programme-mapping draft as .docx bytes."""
    data = gather(store, stage_id)
    roman, stage_title = data.stage.roman, data.stage.title
    return sc.build_stage_document(
        store,
        data,
        title="Draf Visi, Misi dan Pemetaan Program",
        footer="Visi, Misi dan Program",
        lines=[f"Hasil Bimtek Tahap {roman}: {stage_title}"],
        write=write_sections,
    )


def write_sections(
    doc: DocxDocument, data: VisionData, captions: dc.Captions, outline: sc.Outline
) -> None:
    """The two result sections (a report wrapper calls this under its own chapter)."""
    _statements(doc, data, captions, outline)
    _longlist(doc, data, captions, outline)


def support_line(by_group: dict[str, float]) -> str:
    """'OPD 52% · Kec. 33% · ...' in the groups' order (short names, whole percent)."""
    order = {g: i for i, g in enumerate((*d.GROUPS, "fasilitator"))}
    return " · ".join(
        f"{sc.SHORT_GROUPS.get(g, R.group_label(g))} {round(s * 100)}%"
        for g, s in sorted(by_group.items(), key=lambda kv: order.get(kv[0], 99))
    )


def _statements(
    doc: DocxDocument, data: VisionData, captions: dc.Captions, outline: sc.Outline
) -> None:
    outline.section(doc, "Rumusan Visi, Misi dan Tujuan")
    if "statements" not in data.has:
        sc.empty_note(doc, "Rumusan visi, misi dan tujuan tidak dibahas pada tahap ini.")
        return
    if not data.statements:
        sc.empty_note(doc, "Belum ada rumusan visi, misi atau tujuan yang diajukan.")
        return
    voters = data.statements[0]["voters"]
    if not voters:
        sc.empty_note(
            doc,
            f"{sc.capital(sc.count(len(data.statements), 'rumusan'))} diajukan, tetapi belum "
            "ada peserta yang memberikan persetujuan.",
        )
    else:
        dc.body(
            doc,
            f"{sc.capital(sc.count(voters, 'peserta'))} memberikan persetujuan (approval "
            "voting: setiap peserta mencentang semua rumusan yang disetujuinya). Dukungan "
            "adalah bagian peserta yang menyetujui, secara keseluruhan dan per kelompok "
            "peserta (dari anggota kelompok yang menjawab; singkatan: "
            + "; ".join(
                f"{v} = {R.group_label(g)}"
                for g, v in sc.SHORT_GROUPS.items()
                if v != R.group_label(g)
            )
            + ").",
        )
    for kind in k.STATEMENT_KINDS:
        mine = [s for s in data.statements if s["kind"] == kind]
        if not mine:
            continue
        outline.sub(doc, k.STATEMENT_LABELS[kind])
        captions.table(
            f"Rumusan {k.STATEMENT_LABELS[kind].lower()} dan dukungannya, Tahap {data.stage.roman}"
        )
        rows = []
        for n, s in enumerate(mine, 1):
            support = (
                f"{s['approve']} dari {s['voters']} ({sc.percent(s['share'])})"
                if voters
                else "belum ada suara"
            )
            rows.append((n, dc.Rich((s["text"], support_line(s["by_group"]))), support))
        dc.data_table(
            doc,
            ["No", "Rumusan (dukungan per kelompok)", "Setuju"],
            rows,
            [1.0, 11.0, 3.5],
            align="clc",
        )


def _longlist(
    doc: DocxDocument, data: VisionData, captions: dc.Captions, outline: sc.Outline
) -> None:
    outline.section(doc, "Pemetaan Program per Pilar (Daftar Panjang)")
    if "longlist" not in data.has:
        sc.empty_note(doc, "Pemetaan program RPJMD/Renstra tidak dilaksanakan pada tahap ini.")
        return
    if not data.longlist:
        sc.empty_note(doc, "Belum ada program RPJMD/Renstra yang dimasukkan ke daftar panjang.")
        return
    unmapped = [p for p in data.longlist if p["pillar_id"] is None]
    rated = sum(1 for p in data.longlist if p["ratings"])
    text = (
        f"Daftar panjang memuat {sc.count(len(data.longlist), 'program')} dari RPJMD dan "
        f"Renstra OPD; {sc.done(rated, 'program', 'dinilai peserta')} "
        "(relevansi terhadap pilar, skala 1–5; dalam kurung: jumlah penilai)."
    )
    if unmapped:
        text += f" {sc.capital(sc.count(len(unmapped), 'program'))} belum dipetakan ke pilar."
    dc.body(doc, text)
    captions.table(f"Jumlah program per pilar, Tahap {data.stage.roman}")
    per = [(p, [x for x in data.longlist if x["pillar_id"] == p.id]) for p in data.pillars]
    summary_rows: list[tuple[Any, ...]] = [
        (p.name, len(rows), fm.rupiah(sum(x["budget"] or 0 for x in rows)) if rows else "–")
        for p, rows in per
    ]
    if unmapped:
        summary_rows.append(
            ("Belum dipetakan", len(unmapped), fm.rupiah(sum(x["budget"] or 0 for x in unmapped)))
        )
    dc.data_table(
        doc,
        ["Pilar", "Program", "Pagu"],
        summary_rows,
        [7.0, 2.5, 6.0],
        align="lcr",
        total_row=(
            "Jumlah",
            len(data.longlist),
            fm.rupiah(sum(x["budget"] or 0 for x in data.longlist)),
        ),
    )
    captions.table(f"Pemetaan program per pilar, Tahap {data.stage.roman}")
    groups = [
        (
            f"{p.name if p is not None else 'Belum dipetakan ke pilar'} "
            f"({sc.count(len(rows), 'program')})",
            [programme_row(n, x) for n, x in enumerate(rows, 1)],
        )
        for p, rows in per + ([(None, unmapped)] if unmapped else [])
    ]
    sc.grouped_table(
        doc,
        ["No", "Program", "OPD", "Indikator", "Pagu", "Nilai\n(1–5)"],
        groups,
        [0.9, 4.6, 2.9, 2.7, 2.8, 1.6],
        align="cllllc",
    )
    none = [p.name for p, rows in per if not rows]
    if none:
        dc.body(doc, f"Belum ada program yang dipetakan ke {sc.listing(none)}.", italic=True)


def programme_row(n: int, x: dict[str, Any]) -> tuple[Any, ...]:
    """One long-list programme: rating as '3,71 (14)' or 'belum dinilai'."""
    rating = f"{fm.fmt_dec(x['mean'])}\n({x['ratings']})" if x["ratings"] else "belum dinilai"
    budget = fm.rupiah(x["budget"]) if x["budget"] else "–"
    return (n, x["name"], x["opd"] or "–", x["indicator"] or "–", budget, rating)
