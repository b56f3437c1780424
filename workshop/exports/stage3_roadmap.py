"""Draf Peta Jalan dan Kandidat Quick Win (Tahap III): the roadmap per pillar and horizon
(quick win <= 2 years, 5 years, 10 years), the quick-win candidates scored with USG and
the stage's ideas ranked by impact x feasibility (or dot votes). Ties are shown as ties
("=2"); a candidate nobody scored has no rank and says "belum ada suara".

Built in three steps (see stage_common): `gather`, `write_sections` (what a report
wrapper reuses), `build_roadmap`.
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

NO_VOTES = "belum ada suara"


@dataclass
class RoadmapData:
    """Everything the Tahap III document shows, read once."""

    workshop: d.Workshop
    stage: d.Stage
    pillars: list[d.Pillar]
    roadmap: list[dict[str, Any]]
    usg: list[dict[str, Any]]
    tallies: list[d.Tally]
    has: set[str]


def gather(store: Store, stage_id: int) -> RoadmapData:
    """Read what the Tahap III document of `stage_id` shows."""
    stage = store.stage(stage_id)
    w = store.workshop(stage.workshop_id)
    return RoadmapData(
        workshop=w,
        stage=stage,
        pillars=store.pillars(w.id),
        roadmap=R.roadmap(store, stage_id),
        usg=R.usg_ranking(store, stage_id),
        tallies=store.tallies(stage_id),
        has={a.kind for a in store.activities(stage_id)},
    )


def filename(store: Store, stage_id: int) -> str:
    """'Peta_Jalan_dan_Quick_Win_Tahap_III_Kota_Metro_2023.docx'."""
    return sc.stage_filename(store, stage_id, "Peta Jalan dan Quick Win")


def build_roadmap(store: Store, stage_id: int) -> bytes:
    """The Tahap III roadmap and quick-win candidates draft as .docx bytes."""
    data = gather(store, stage_id)
    roman, stage_title = data.stage.roman, data.stage.title
    return sc.build_stage_document(
        store,
        data,
        title="Draf Peta Jalan dan Kandidat Quick Win",
        footer="Peta Jalan dan Quick Win",
        lines=[f"Hasil Bimtek Tahap {roman}: {stage_title}", "Bahan Buku II – Masterplan"],
        write=write_sections,
    )


def write_sections(
    doc: DocxDocument, data: RoadmapData, captions: dc.Captions, outline: sc.Outline
) -> None:
    """The three result sections (a report wrapper calls this under its own chapter)."""
    _roadmap(doc, data, captions, outline)
    _usg(doc, data, captions, outline)
    _ideas(doc, data, captions, outline)


# --------------------------------------------------------------------------- roadmap


def board_horizons(data: RoadmapData) -> list[str | None]:
    """The board's columns: the three horizons, and "not placed yet" when any item is."""
    unplaced = any(r["horizon"] is None for r in data.roadmap)
    return [*k.HORIZONS, *([None] if unplaced else [])]


def horizon_board(data: RoadmapData) -> list[tuple[str, list[list[str]]]]:
    """Per pillar with items: the item titles per column of `board_horizons`."""
    out = []
    for p in data.pillars:
        mine = [r for r in data.roadmap if r["pillar_id"] == p.id]
        if mine:
            out.append(
                (
                    p.name,
                    [[r["title"] for r in mine if r["horizon"] == h] for h in board_horizons(data)],
                )
            )
    return out


def board_widths(board: list[tuple[str, list[list[str]]]]) -> list[float]:
    """Pillar 3 cm; each horizon at least 2.2 cm, the rest shared by how much it holds."""
    n = len(board[0][1]) if board else len(k.HORIZONS)
    chars = [sum(len(t) for _n, cols in board for t in cols[i]) for i in range(n)]
    spare = dc.TEXT_W_CM - 3.0 - 2.2 * len(chars)
    total = sum(chars) or 1
    return [3.0, *(2.2 + spare * c / total for c in chars)]


SHORT_HORIZONS = {"h2": "≤ 2 tahun", "h5": "5 tahun", "h10": "10 tahun"}
BASIS = {"fasilitator": "fasilitator", "peserta": "suara peserta", None: NO_VOTES}


def _roadmap(
    doc: DocxDocument, data: RoadmapData, captions: dc.Captions, outline: sc.Outline
) -> None:
    outline.section(doc, "Peta Jalan per Pilar")
    if "roadmap" not in data.has:
        sc.empty_note(doc, "Peta jalan tidak disusun pada tahap ini.")
        return
    if not data.roadmap:
        sc.empty_note(doc, "Belum ada butir yang dimasukkan ke peta jalan.")
        return
    counts = {h: sum(1 for r in data.roadmap if r["horizon"] == h) for h in k.HORIZONS}
    unplaced = sum(1 for r in data.roadmap if r["horizon"] is None)
    text = (
        f"Peta jalan memuat {sc.count(len(data.roadmap), 'butir')}: "
        f"{sc.count(counts['h2'], 'butir', none='tidak ada butir')} quick win (≤ 2 tahun), "
        f"{sc.count(counts['h5'], 'butir', none='tidak ada butir')} jangka 5 tahun dan "
        f"{sc.count(counts['h10'], 'butir', none='tidak ada butir')} jangka 10 tahun. "
        "Horizon sebuah butir adalah penetapan fasilitator, atau pilihan terbanyak peserta "
        "(yang lebih dekat bila sama banyak)."
    )
    if unplaced:
        text += f" {sc.capital(sc.count(unplaced, 'butir'))} belum ditempatkan ({NO_VOTES})."
    dc.body(doc, text)
    board = horizon_board(data)
    captions.table(f"Peta jalan per pilar dan horizon waktu, Tahap {data.stage.roman}")
    dc.data_table(
        doc,
        [
            "Pilar",
            *(k.HORIZON_LABELS[h] if h else "Belum ditempatkan" for h in board_horizons(data)),
        ],
        [
            (name, *("\n".join(f"• {t}" for t in col) or "–" for col in cols))
            for name, cols in board
        ],
        board_widths(board),
        keep_rows=False,
    )
    names = sc.pillar_names(data.pillars)
    order = [p.id for p in data.pillars]
    ordered = sorted(  # pillar order, then the order the facilitator listed them
        data.roadmap,
        key=lambda r: order.index(r["pillar_id"]) if r["pillar_id"] in order else len(order),
    )
    dc.body(
        doc,
        "Suara peserta per horizon (≤ 2, 5 dan 10 tahun) dan dasar penempatan setiap butir:",
        keep_next=True,
    )
    captions.table(f"Butir peta jalan dan dasar penempatannya, Tahap {data.stage.roman}")
    dc.data_table(
        doc,
        ["No", "Butir", "Pilar", "Horizon", "≤ 2\nth", "5\nth", "10\nth", "Dasar"],
        [
            (
                n,
                dc.Rich((r["title"], f"sumber: {r['source']}" if r["source"] else "")),
                names.get(r["pillar_id"], "–"),
                SHORT_HORIZONS[r["horizon"]] if r["horizon"] else "belum ditempatkan",
                *(r["votes"][h] for h in k.HORIZONS),
                BASIS[r["placed_by"]],
            )
            for n, r in enumerate(ordered, 1)
        ],
        [0.9, 5.2, 2.6, 2.0, 1.0, 1.0, 1.0, 1.8],
        align="cllccccl",
    )


# --------------------------------------------------------------------------- USG


def _usg(doc: DocxDocument, data: RoadmapData, captions: dc.Captions, outline: sc.Outline) -> None:
    outline.section(doc, "Kandidat Quick Win: Skoring USG")
    if "usg" not in data.has:
        sc.empty_note(doc, "Skoring USG tidak dilaksanakan pada tahap ini.")
        return
    if not data.usg:
        sc.empty_note(doc, "Belum ada kandidat yang dimasukkan ke skoring USG.")
        return
    scored = sum(1 for r in data.usg if r["raters"])
    dc.body(
        doc,
        f"{sc.capital(sc.count(len(data.usg), 'kandidat'))} dinilai dengan metode USG: "
        "urgensi (U), keseriusan (S) dan perkembangan (G), masing-masing 1–5; total adalah "
        "jumlah ketiga rata-rata (3–15). Peringkat per pilar; nilai total yang sama berbagi "
        f"peringkat (“=2”). {sc.capital(sc.done(scored, 'kandidat', 'dinilai'))}.",
    )
    names = sc.pillar_names(data.pillars)
    captions.table(f"Skor USG kandidat quick win per pilar, Tahap {data.stage.roman}")
    sc.grouped_table(
        doc,
        ["Pering-\nkat", "Kandidat", "Sumber", "U", "S", "G", "Total", "Penilai"],
        [
            (names.get(pid, "–"), [usg_row(r) for r in data.usg if r["pillar_id"] == pid])
            for pid in dict.fromkeys(r["pillar_id"] for r in data.usg)
        ],
        [1.5, 5.4, 2.0, 1.2, 1.2, 1.2, 1.5, 1.5],
        align="cllccccc",
    )


def usg_row(r: dict[str, Any]) -> tuple[Any, ...]:
    """One candidate: its rank and means, or 'belum ada suara' across the scores."""
    if not r["raters"]:
        return (r["rank"], r["title"], r["source"] or "–", "–", "–", "–", NO_VOTES, 0)
    return (
        r["rank"],
        r["title"],
        r["source"] or "–",
        fm.fmt_dec(r["u"]),
        fm.fmt_dec(r["s"]),
        fm.fmt_dec(r["g"]),
        fm.fmt_dec(r["total"]),
        r["raters"],
    )


# --------------------------------------------------------------------------- ideas loop


def scored(t: d.Tally, mode: str) -> bool:
    return bool(t.ratings) if mode == "rating" else t.total > 0


def _ideas(
    doc: DocxDocument, data: RoadmapData, captions: dc.Captions, outline: sc.Outline
) -> None:
    rating = data.stage.vote_mode == "rating"
    outline.section(
        doc, "Usulan Inovasi: Dampak dan Kelayakan" if rating else "Usulan Inovasi: Dot Voting"
    )
    if not data.tallies:
        sc.empty_note(doc, "Tidak ada usulan dalam daftar pilihan pada tahap ini.")
        return
    mode = data.stage.vote_mode
    n_scored = sum(1 for t in data.tallies if scored(t, mode))
    if rating:
        text = (
            "Usulan dinilai dampak dan kelayakannya (1–5); skor adalah dampak × kelayakan "
            "dari rata-rata. Kuadran quick win: dampak dan kelayakan di atas 3. "
        )
    else:
        text = "Usulan dipilih dengan dot voting; peringkat menurut jumlah suara. "
    text += (
        f"Dari {sc.count(len(data.tallies), 'usulan')} dalam daftar pilihan, "
        f"{sc.done(n_scored, 'usulan', 'mendapat suara')}."
    )
    dc.body(doc, text)
    by_pillar: dict[int, list[d.Tally]] = {}
    for t in data.tallies:
        by_pillar.setdefault(t.pillar_id, []).append(t)
    groups = []
    for p in data.pillars:
        group = by_pillar.get(p.id, [])
        ranks = sc.tie_ranks([t.rank for t in group], [scored(t, mode) for t in group])
        if rating:
            body = [rating_row(rk, t) for rk, t in zip(ranks, group, strict=True)]
        else:
            body = [
                (rk, t.title, t.total if scored(t, mode) else NO_VOTES, t.voters)
                for rk, t in zip(ranks, group, strict=True)
            ]
        groups.append((p.name, body))
    captions.table(f"Usulan inovasi per pilar, Tahap {data.stage.roman}")
    if rating:
        sc.grouped_table(
            doc,
            [
                "Pering-\nkat",
                "Usulan",
                "Dampak",
                "Kelayakan",
                "Skor\n(D×K)",
                "Penilai",
                "Kuadran\nquick win",
            ],
            groups,
            [1.5, 5.6, 1.7, 2.0, 1.6, 1.4, 1.7],
            align="clccccc",
        )
    else:
        sc.grouped_table(
            doc,
            ["Pering-\nkat", "Usulan", "Suara", "Pemilih"],
            groups,
            [1.5, 9.0, 3.0, 2.0],
            align="clcc",
        )
    none = [p.name for p in data.pillars if p.id not in by_pillar]
    if none:
        dc.body(
            doc, f"Tidak ada usulan dalam daftar pilihan untuk {sc.listing(none)}.", italic=True
        )


def rating_row(rank: str, t: d.Tally) -> tuple[Any, ...]:
    if not t.ratings or t.impact is None or t.feasibility is None:
        return (rank, t.title, "–", "–", NO_VOTES, 0, "–")
    return (
        rank,
        t.title,
        fm.fmt_dec(t.impact),
        fm.fmt_dec(t.feasibility),
        fm.fmt_dec(t.impact * t.feasibility),
        t.ratings,
        "Ya" if t.quick_win_quadrant else "–",
    )
