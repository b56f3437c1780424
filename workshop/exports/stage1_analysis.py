"""Draf Analisis Strategis (Tahap I): the readiness picture, SWOT per pillar, issues and
potentials, vision keywords, from the stage's activities (workshop/activities/results.py).

Sections: 1 readiness per dimension and item (table), per pillar or per participant group
(table and a heat map that always fits a page); 2 SWOT, a 2x2 table per pillar; 3 issues
and potentials per pillar (the ideas of kind masalah / potensi and the SWOT cards); 4 vision
keywords (counts and a word cloud). An activity the stage did not run, or that nobody
answered, is one sentence. Built in three steps (see stage_common): `gather`,
`write_sections` (what a report wrapper reuses), `build_analysis`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Pt

from .. import domain as d
from ..activities import kinds as k
from ..activities import results as R
from ..store import Store
from . import docx_base as dc
from . import formats as fm
from . import stage_common as sc

HEAT_MAX_IN = 8.6  # the text area is 24.7 cm (9.7 in) high: with its caption it fits


@dataclass
class AnalysisData:
    """Everything the Tahap I analysis shows, read once."""

    workshop: d.Workshop
    stage: d.Stage
    pillars: list[d.Pillar]
    readiness: dict[str, Any]
    swot: dict[int, dict[str, list[dict[str, Any]]]]
    keywords: list[tuple[str, int]]
    ideas: list[d.Idea]
    has: set[str]  # the kinds of activity the stage has


def gather(store: Store, stage_id: int) -> AnalysisData:
    """Read what the analysis of `stage_id` shows."""
    stage = store.stage(stage_id)
    w = store.workshop(stage.workshop_id)
    pillars = store.pillars(w.id)
    return AnalysisData(
        workshop=w,
        stage=stage,
        pillars=pillars,
        readiness=R.readiness_matrix(store, stage_id),
        swot={p.id: R.swot_matrix(store, stage_id, p.id) for p in pillars},
        keywords=R.keyword_counts(store, stage_id),
        ideas=store.ideas(w.id, stage_id=stage_id),
        has={a.kind for a in store.activities(stage_id)},
    )


def filename(store: Store, stage_id: int) -> str:
    """'Analisis_Strategis_Tahap_I_Kota_Metro_2023.docx'."""
    return sc.stage_filename(store, stage_id, "Analisis Strategis")


def build_analysis(store: Store, stage_id: int) -> bytes:
    """The Tahap I strategic-analysis draft as .docx bytes."""
    data = gather(store, stage_id)
    roman, stage_title = data.stage.roman, data.stage.title
    return sc.build_stage_document(
        store,
        data,
        title="Draf Analisis Strategis",
        footer="Draf Analisis Strategis",
        lines=[f"Hasil Bimtek Tahap {roman}: {stage_title}", "Bahan Buku I – Analisis Strategis"],
        write=write_sections,
    )


def write_sections(
    doc: DocxDocument, data: AnalysisData, captions: dc.Captions, outline: sc.Outline
) -> None:
    """The four result sections (a report wrapper calls this under its own chapter)."""
    _readiness(doc, data, captions, outline)
    _swot(doc, data, captions, outline)
    _issues(doc, data, captions, outline)
    _keywords(doc, data, captions, outline)


# --------------------------------------------------------------------------- readiness


def _readiness(
    doc: DocxDocument, data: AnalysisData, captions: dc.Captions, outline: sc.Outline
) -> None:
    r, roman = data.readiness, data.stage.roman
    outline.section(doc, "Kesiapan Daerah")
    if r["activity_id"] is None:
        sc.empty_note(doc, "Penilaian kesiapan daerah tidak dilaksanakan pada tahap ini.")
        return
    if not r["respondents"]:
        sc.empty_note(doc, "Belum ada peserta yang mengisi penilaian kesiapan daerah.")
        return
    dims = ", ".join(f"{x['label'].lower()} {fm.fmt_dec(x['mean'])}" for x in r["dimensions"])
    dc.body(
        doc,
        f"{sc.capital(sc.count(r['respondents'], 'peserta'))} menilai kesiapan daerah pada "
        f"skala 1 (belum siap) sampai 5 (sangat siap). Rata-rata per dimensi: {dims}.",
    )
    captions.table(f"Kesiapan per dimensi dan butir penilaian, Tahap {roman}")
    rows: list[tuple[Any, ...]] = []
    for dim in r["dimensions"]:
        rows.append((dc.Rich((dim["label"],)), "", fm.fmt_dec(dim["mean"]), ""))
        for n, item in enumerate((i for i in r["items"] if i["dimension"] == dim["key"]), 1):
            rows.append(("", f"{n}. {item['label']}", fm.fmt_dec(item["mean"]), item["n"]))
    dc.data_table(
        doc,
        ["Dimensi", "Butir penilaian", "Rata-rata\n(1–5)", "Penilai"],
        rows,
        [3.0, 8.5, 2.2, 1.8],
        align="llcc",
    )
    cols, col_labels, what = columns(r, data.pillars)
    if not r["by_pillar"]:
        dc.body(
            doc,
            "Tabel berikut memuat rata-rata per kelompok peserta (singkatan: "
            + "; ".join(
                f"{c} = {R.group_label(g)}"
                for g, c in zip(cols, col_labels, strict=True)
                if c != R.group_label(g)
            )
            + ").",
            keep_next=True,
        )
    captions.table(f"Kesiapan per butir dan {what}, Tahap {roman}")
    labels = ["Semua", *col_labels]
    values = cells(r, cols)
    first = 3.1 if len(labels) <= 7 else 2.6
    table = dc.data_table(
        doc,
        ["Butir", *labels],
        [
            (item["label"].split(":")[0], *(fm.fmt_dec(v) for v in row))
            for item, row in zip(r["items"], values, strict=True)
        ],
        [first] + [(dc.TEXT_W_CM - first) / len(labels)] * len(labels),
        align="l" + "c" * len(labels),
    )
    if len(labels) > 7:  # ten columns of 1,3 cm: smaller column heads keep words whole
        for cell in table.rows[0].cells:
            for run in (run for par in cell.paragraphs for run in par.runs):
                run.font.size = Pt(8)
    png = heat_map([i["label"].split(":")[0] for i in r["items"]], labels, values, breaks(r))
    dc.picture(doc, png, width_cm=15.5)
    captions.figure(f"Peta panas kesiapan per butir dan {what} (1–5), Tahap {roman}")


def columns(r: dict[str, Any], pillars: list[d.Pillar]) -> tuple[list[Any], list[str], str]:
    """The heat map's columns: the pillars when scored per pillar, else the groups."""
    if r["by_pillar"]:
        names = {p.id: p.short or p.name for p in pillars}
        cols = [p.id for p in pillars if p.id in r["by_pillar"]]
        return cols, [names[c] for c in cols], "pilar"
    return (
        list(r["groups"]),
        [sc.SHORT_GROUPS.get(g, R.group_label(g)) for g in r["groups"]],
        ("kelompok peserta"),
    )


def cells(r: dict[str, Any], cols: list[Any]) -> list[list[float | None]]:
    """Per item: its mean over everyone, then its mean per column (None where nobody of
    that column scored the item)."""
    source = r["by_pillar"] if r["by_pillar"] else r["by_group"]
    return [
        [item["mean"], *(source.get(c, {}).get(item["key"]) for c in cols)] for item in r["items"]
    ]


def breaks(r: dict[str, Any]) -> list[int]:
    """Row positions where the dimension changes (a line is drawn there)."""
    dims = [i["dimension"] for i in r["items"]]
    return [n for n in range(1, len(dims)) if dims[n] != dims[n - 1]]


def heat_map(
    rows: list[str], cols: list[str], values: list[list[float | None]], lines: Sequence[int] = ()
) -> bytes:
    """Rows x columns of 1-5 means, red (low) to green (high), values written with a
    decimal comma; at most HEAT_MAX_IN inches high whatever the number of items."""
    import textwrap

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from .charts import DPI, WIDTH_IN, _font, to_png

    font = _font()
    height = min(HEAT_MAX_IN, 1.6 + 0.34 * len(rows))
    fig = Figure(figsize=(WIDTH_IN, height), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    grid = [[float("nan") if v is None else v for v in row] for row in values]
    img = ax.imshow(grid, cmap="RdYlGn", vmin=1, vmax=5, aspect="auto")
    size = 9 if len(cols) <= 8 else 7.5
    for y, row in enumerate(values):
        for x, v in enumerate(row):
            ax.text(x, y, fm.fmt_dec(v), ha="center", va="center", fontsize=size, fontfamily=font)
    ax.set_xticks(range(len(cols)))
    ax.set_xticklabels(
        ["\n".join(textwrap.wrap(c, 12, max_lines=2, placeholder="…")) for c in cols],
        fontsize=8,
        fontfamily=font,
        parse_math=False,
    )
    ax.xaxis.tick_top()
    for y in lines:
        ax.axhline(y - 0.5, color="black", linewidth=1.2)
    ax.axvline(0.5, color="black", linewidth=1.2)  # "Semua" apart from the columns
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(
        [textwrap.shorten(r, 30, placeholder="…") for r in rows],
        fontsize=8 if len(rows) <= 20 else 6.5,
        fontfamily=font,
        parse_math=False,
    )
    ax.tick_params(length=0)
    bar = fig.colorbar(img, ax=ax, fraction=0.04, pad=0.02)
    bar.ax.tick_params(labelsize=7)
    bar.set_ticks([1, 2, 3, 4, 5])
    longest = max((len(textwrap.shorten(r, 30)) for r in rows), default=10)
    left = min(0.32, (longest * 0.55 * 8 / 72 + 0.15) / WIDTH_IN)
    fig.subplots_adjust(left=left, right=0.93, top=1 - 0.55 / height, bottom=0.2 / height)
    return to_png(fig)


# --------------------------------------------------------------------------- SWOT


def _swot(
    doc: DocxDocument, data: AnalysisData, captions: dc.Captions, outline: sc.Outline
) -> None:
    outline.section(doc, "Analisis SWOT per Pilar")
    if "swot" not in data.has:
        sc.empty_note(doc, "Analisis SWOT tidak dilaksanakan pada tahap ini.")
        return
    total = sum(len(v) for m in data.swot.values() for v in m.values())
    if not total:
        sc.empty_note(doc, "Belum ada kartu SWOT yang dikirim pada tahap ini.")
        return
    filled = [p for p in data.pillars if any(data.swot[p.id].values())]
    empty = [p.name for p in data.pillars if not any(data.swot[p.id].values())]
    text = (
        f"Peserta dan fasilitator menyusun {sc.count(total, 'kartu SWOT')} untuk "
        f"{sc.count(len(filled), 'pilar')} (kartu yang disembunyikan fasilitator tidak dimuat)."
    )
    if empty:
        text += f" Belum ada kartu untuk {sc.listing(empty)}."
    dc.body(doc, text)
    for p in filled:
        outline.sub(doc, p.name)
        m = data.swot[p.id]
        captions.table(f"Matriks SWOT {p.name}, Tahap {data.stage.roman}")
        table = dc.data_table(
            doc,
            [f"Kekuatan (S) – {len(m['S'])}", f"Kelemahan (W) – {len(m['W'])}"],
            [
                (_cards(m["S"]), _cards(m["W"])),
                (f"Peluang (O) – {len(m['O'])}", f"Ancaman (T) – {len(m['T'])}"),
                (_cards(m["O"]), _cards(m["T"])),
            ],
            [7.75, 7.75],
            keep_rows=False,
        )
        for cell in table.rows[2].cells:  # the second pair of quadrant names
            dc.shade(cell, dc.HEADER_FILL)
            for run in cell.paragraphs[0].runs:
                run.bold = True
        # "Kekuatan | Kelemahan" repeated above the Peluang/Ancaman half of a long matrix
        # would name the wrong quadrants: here every quadrant carries its own name
        head = table.rows[0]._tr.get_or_add_trPr()
        mark = head.find(qn("w:tblHeader"))
        if mark is not None:
            head.remove(mark)


def _cards(cards: list[dict[str, Any]]) -> str:
    return "\n".join(f"• {c['text']}" for c in cards) or "–"


# --------------------------------------------------------------------------- issues


def issues_and_potentials(data: AnalysisData) -> list[tuple[d.Pillar, list[str], list[str]]]:
    """Per pillar: issues (ideas of kind masalah, SWOT weaknesses and threats) and
    potentials (ideas of kind potensi, SWOT strengths and opportunities), in that order."""
    out = []
    for p in data.pillars:
        mine = [i for i in data.ideas if i.pillar_id == p.id]
        m = data.swot.get(p.id, {q: [] for q in k.QUADRANTS})
        issues = [i.title for i in mine if i.kind == "masalah"] + [
            c["text"] for q in ("W", "T") for c in m[q]
        ]
        potentials = [i.title for i in mine if i.kind == "potensi"] + [
            c["text"] for q in ("S", "O") for c in m[q]
        ]
        out.append((p, list(dict.fromkeys(issues)), list(dict.fromkeys(potentials))))
    return out


def _issues(
    doc: DocxDocument, data: AnalysisData, captions: dc.Captions, outline: sc.Outline
) -> None:
    outline.section(doc, "Isu dan Potensi per Pilar")
    rows = issues_and_potentials(data)
    if not any(i or p for _pl, i, p in rows):
        sc.empty_note(doc, "Belum ada isu atau potensi yang tercatat pada tahap ini.")
        return
    dc.body(
        doc,
        "Isu (masalah) dan potensi per pilar, dari usulan peserta berjenis masalah/isu dan "
        "potensi serta kartu SWOT (kelemahan dan ancaman sebagai isu; kekuatan dan peluang "
        "sebagai potensi). Duplikat yang digabung fasilitator dihitung sekali.",
    )
    captions.table(f"Isu dan potensi per pilar, Tahap {data.stage.roman}")
    dc.data_table(
        doc,
        ["Pilar", "Isu / masalah", "Potensi"],
        [
            (p.name, "\n".join(f"• {x}" for x in i) or "–", "\n".join(f"• {x}" for x in pot) or "–")
            for p, i, pot in rows
        ],
        [3.1, 6.2, 6.2],
        keep_rows=False,
    )


# --------------------------------------------------------------------------- keywords


def _keywords(
    doc: DocxDocument, data: AnalysisData, captions: dc.Captions, outline: sc.Outline
) -> None:
    outline.section(doc, "Kata Kunci Visi")
    if "keywords" not in data.has:
        sc.empty_note(doc, "Kata kunci visi tidak dikumpulkan pada tahap ini.")
        return
    if not data.keywords:
        sc.empty_note(doc, "Belum ada peserta yang mengirim kata kunci visi.")
        return
    top = [w for w, _n in data.keywords[:3]]
    dc.body(
        doc,
        f"Peserta mengusulkan {sc.count(len(data.keywords), 'kata kunci berbeda')} untuk "
        f"visi daerah (setelah ejaan dan sinonim diseragamkan); yang paling sering: "
        f"{sc.listing(top)}.",
        keep_next=True,
    )
    captions.table(
        f"Kata kunci visi dan jumlah peserta yang mengusulkannya, Tahap {data.stage.roman}"
    )
    half = -(-len(data.keywords) // 2) if len(data.keywords) > 6 else len(data.keywords)
    numbered = [(n, w, c) for n, (w, c) in enumerate(data.keywords, 1)]
    if half == len(numbered):
        dc.data_table(doc, ["No", "Kata kunci", "Peserta"], numbered, [1.2, 10.3, 4.0], align="clc")
    else:  # two halves side by side: a long list takes half the pages
        left, right = numbered[:half], numbered[half:]
        dc.data_table(
            doc,
            ["No", "Kata kunci", "Peserta", "No", "Kata kunci", "Peserta"],
            [(*a, *(right[i] if i < len(right) else ("", "", ""))) for i, a in enumerate(left)],
            [1.0, 4.75, 2.0, 1.0, 4.75, 2.0],
            align="clccl" + "c",
        )
    from ..activities.words import cloud_png

    png = cloud_png(tuple(data.keywords), 1400, 760)
    if png:
        dc.picture(doc, png, width_cm=11.0)
        captions.figure(f"Awan kata kunci visi, Tahap {data.stage.roman}")
