"""Ringkasan Eksekutif across all stages of one workshop (1-3 pages): what each stage
produced (attendance, ideas, and the headline of every activity it ran) and the agreed
quick wins with their owning OPD.

Built in three steps (see stage_common): `gather`, `write_sections` (what a report
wrapper reuses), `build_executive_summary`.
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
from . import official as of
from . import stage_common as sc


@dataclass
class StageFacts:
    """What one stage produced, as the summary tells it."""

    stage: d.Stage
    present: int
    ideas: int
    voters: int
    kinds: list[str]  # the activity kinds the stage ran (in order)
    results: dict[str, Any]  # results.stage_results
    tallies: list[d.Tally]


@dataclass
class ExecutiveData:
    workshop: d.Workshop
    pillars: list[d.Pillar]
    stages: list[StageFacts]
    quickwins: list[d.QuickWin]
    opd: dict[int, str]
    people: int  # participants who joined (not removed)


def gather(store: Store, workshop_id: int) -> ExecutiveData:
    """Read what the executive summary of `workshop_id` shows."""
    w = store.workshop(workshop_id)
    facts = []
    for s in store.stages(w.id):
        counts = store.counts(s.id)
        facts.append(
            StageFacts(
                stage=s,
                present=counts["participants"],
                ideas=len(store.ideas(w.id, stage_id=s.id)),
                voters=store.vote_progress(s.id)["voters"],
                kinds=[a.kind for a in store.activities(s.id)],
                results=R.stage_results(store, s.id),
                tallies=store.tallies(s.id),
            )
        )
    return ExecutiveData(
        workshop=w,
        pillars=store.pillars(w.id),
        stages=facts,
        quickwins=[q for q in store.quickwins(w.id) if q.status == "agreed"],
        opd=fm.opd_names(store, w.id),
        people=len(store.participants(w.id)),
    )


def filename(store: Store, workshop_id: int) -> str:
    """'Ringkasan_Eksekutif_Kota_Metro_2023.docx'."""
    w = store.workshop(workshop_id)
    return fm.safe_filename(f"Ringkasan Eksekutif {w.region} {w.year}", ".docx")


def build_executive_summary(store: Store, workshop_id: int) -> bytes:
    """The executive summary of a workshop as .docx bytes."""
    data = gather(store, workshop_id)
    w = data.workshop
    dated = [f.stage.date for f in data.stages if fm.parse_date(f.stage.date)]
    off = of.gather(store, w.id, date=dated[-1] if dated else "")
    doc = dc.new_document(
        title=f"Ringkasan Eksekutif – {w.region} {w.year}",
        subject=w.title,
        footer_text=f"Ringkasan Eksekutif Masterplan Smart City – {w.region}",
    )
    sc.cover(
        doc,
        w,
        "Ringkasan Eksekutif",
        [w.title],
        [
            ("Kegiatan", w.title),
            ("Tahap", _dates(data)),
            ("Tempat", w.venue or fm.EMPTY),
        ],
        off,
    )
    write_sections(doc, data, dc.Captions(doc), sc.Outline())
    of.signatures(doc, off, compact=True)
    return dc.to_bytes(doc)


def _dates(data: ExecutiveData) -> str:
    dated = [f.stage for f in data.stages if fm.parse_date(f.stage.date)]
    if not dated:
        return f"{sc.count(len(data.stages), 'tahap')} (tanggal belum diisi)"
    first, last = dated[0], dated[-1]
    if first is last:
        return f"Tahap {first.roman}, {fm.tanggal(first.date)}"
    return (
        f"{len(data.stages)} tahap, Tahap {first.roman} {fm.tanggal(first.date)} sampai "
        f"Tahap {last.roman} {fm.tanggal(last.date)}"
    )


def write_sections(
    doc: DocxDocument, data: ExecutiveData, captions: dc.Captions, outline: sc.Outline
) -> None:
    """The sections (a report wrapper calls this under its own chapter)."""
    w = data.workshop
    outline.section(doc, "Gambaran Umum")
    held = [f for f in data.stages if f.present or f.ideas or _ran(f)]
    dc.body(
        doc,
        f"{w.title} dilaksanakan dalam {sc.count(len(data.stages), 'tahap')} Bimtek; "
        f"{sc.done(len(held), 'tahap', 'berisi hasil')}. "
        f"{sc.capital(sc.done(data.people, 'peserta', 'tercatat bergabung'))} melalui "
        "aplikasi. Ringkasan ini merangkum hasil setiap tahap dan program "
        "quick win yang disepakati; rinciannya ada pada dokumen tiap tahap.",
    )
    captions.table("Hasil per tahap")
    dc.data_table(
        doc,
        ["Tahap", "Tanggal", "Hadir", "Usulan", "Hasil utama"],
        [
            (
                f"{f.stage.roman}. {f.stage.title}",
                fm.tanggal(f.stage.date) if f.stage.date else "–",
                f.present,
                f.ideas,
                "\n".join(stage_lines(f, data.pillars)) or "Belum ada hasil.",
            )
            for f in data.stages
        ],
        [3.4, 2.4, 1.4, 1.5, 6.8],
        align="llccl",
        keep_rows=False,
    )
    _quickwins(doc, data, captions, outline)


def _ran(f: StageFacts) -> bool:
    r = f.results
    return bool(
        r["readiness"]["respondents"]
        or any(any(m.values()) for m in r["swot"].values())
        or r["keywords"]
        or any(s["approve"] for s in r["statements"])
        or any(x["ratings"] for x in r["longlist"])
        or any(x["raters"] for x in r["usg"])
        or any(x["horizon"] for x in r["roadmap"])
    )


def stage_lines(f: StageFacts, pillars: list[d.Pillar]) -> list[str]:
    """One sentence per activity the stage ran (the headline of its result)."""
    r, out = f.results, []
    names = sc.pillar_names(pillars)
    for kind in dict.fromkeys(f.kinds):
        if kind == "readiness" and r["readiness"]["respondents"]:
            dims = "; ".join(
                f"{x['label'].lower()} {fm.fmt_dec(x['mean'])}"
                for x in r["readiness"]["dimensions"]
            )
            low = min(
                (i for i in r["readiness"]["items"] if i["mean"] is not None),
                key=lambda i: (i["mean"], i["key"]),
            )
            out.append(
                f"Kesiapan (1–5, {sc.count(r['readiness']['respondents'], 'penilai')}): {dims}; "
                f"terendah {low['label'].split(':')[0]} {fm.fmt_dec(low['mean'])}."
            )
        elif kind == "swot":
            cards = sum(len(v) for m in r["swot"].values() for v in m.values())
            if cards:
                filled = sum(1 for m in r["swot"].values() if any(m.values()))
                out.append(f"SWOT: {sc.count(cards, 'kartu')} untuk {sc.count(filled, 'pilar')}.")
        elif kind == "keywords" and r["keywords"]:
            top = ", ".join(f"{w} ({n})" for w, n in r["keywords"][:5])
            out.append(f"Kata kunci visi teratas: {top}.")
        elif kind == "statements" and r["statements"] and r["statements"][0]["voters"]:
            for sk in k.STATEMENT_KINDS:
                mine = [s for s in r["statements"] if s["kind"] == sk]
                if sk in ("visi", "misi") and mine and mine[0]["approve"]:
                    best = mine[0]
                    ties = [s for s in mine if s["approve"] == best["approve"]]
                    label = k.STATEMENT_LABELS[sk]
                    if len(ties) > 1:
                        out.append(
                            f"{label}: {sc.count(len(ties), 'rumusan')} sama-sama paling "
                            f"didukung ({sc.percent(best['share'])})."
                        )
                    else:
                        out.append(
                            f"{label} paling didukung ({sc.percent(best['share'])}): "
                            f"“{best['text']}”."
                        )
        elif kind == "longlist" and r["longlist"]:
            mapped = {x["pillar_id"] for x in r["longlist"] if x["pillar_id"] is not None}
            out.append(
                f"Daftar panjang: {sc.count(len(r['longlist']), 'program')} RPJMD/Renstra "
                f"dipetakan ke {sc.count(len(mapped), 'pilar')}."
            )
        elif kind == "usg" and any(x["raters"] for x in r["usg"]):
            tops = [x for x in r["usg"] if x["rank"] in ("1", "=1")]
            out.append(
                "USG teratas per pilar: "
                + "; ".join(
                    f"{names.get(x['pillar_id'], '–')}: {x['title']} ({fm.fmt_dec(x['total'])})"
                    for x in tops
                )
                + "."
            )
        elif kind == "roadmap" and r["roadmap"]:
            h2 = sum(1 for x in r["roadmap"] if x["horizon"] == "h2")
            out.append(
                f"Peta jalan: {sc.count(len(r['roadmap']), 'butir')}, "
                f"{sc.count(h2, 'butir', none='tidak ada butir')} quick win (≤ 2 tahun)."
            )
        elif kind == "ideas" and f.tallies:
            voted = [
                t for t in f.tallies if (t.ratings if f.stage.vote_mode == "rating" else t.total)
            ]
            if not voted:
                out.append(f"Usulan dalam daftar pilihan: {len(f.tallies)}; belum ada suara.")
            else:
                out.append(
                    f"Pemungutan suara: {sc.count(f.voters, 'pemilih')} atas "
                    f"{len(f.tallies)} usulan dalam daftar pilihan."
                )
    return out


def _quickwins(
    doc: DocxDocument, data: ExecutiveData, captions: dc.Captions, outline: sc.Outline
) -> None:
    outline.section(doc, "Program Quick Win yang Disepakati")
    qws = data.quickwins
    if not qws:
        sc.empty_note(doc, "Belum ada program quick win yang disepakati.")
        return
    names = sc.pillar_names(data.pillars)
    covered = {q.pillar_id for q in qws}
    owners = {q.owner_opd_id for q in qws if q.owner_opd_id is not None}
    dc.body(
        doc,
        f"Disepakati {sc.count(len(qws), 'program quick win')} yang mencakup "
        f"{len(covered)} dari {len(data.pillars)} pilar, "
        + (
            f"dengan {sc.count(len(owners), 'OPD penanggung jawab')}."
            if owners
            else "tetapi OPD penanggung jawabnya belum ditetapkan."
        )
        + f" Jumlah perkiraan biaya: {fm.rupiah(sum(q.estimated_cost or 0 for q in qws))}.",
        keep_next=True,
    )
    captions.table("Program quick win yang disepakati dan OPD penanggung jawabnya")
    dc.data_table(
        doc,
        ["No", "Program", "Pilar", "OPD penanggung jawab", "Jangka\nwaktu", "Anggaran"],
        [
            (
                n,
                q.name,
                names.get(q.pillar_id, "–"),
                fm.opd_name(data.opd, q.owner_opd_id),
                fm.months_text(q.timeline_months) if q.timeline_months else "–",
                f"{q.budget_source or '–'}\n{fm.rupiah(q.estimated_cost)}",
            )
            for n, q in enumerate(qws, 1)
        ],
        [0.8, 4.3, 2.4, 3.2, 1.6, 3.2],
        align="clllcl",
    )
    missing = [p.name for p in data.pillars if p.id not in covered]
    if missing:
        dc.body(doc, f"Belum ada quick win untuk {sc.listing(missing)}.", italic=True)
