"""Shared pieces of the stage documents (stage1_analysis, stage2_vision, stage3_roadmap,
executive_summary): the cover, numbered headings that can be shifted under a report's
"Hasil" chapter, counting sentences that read right for 0, 1 and many, ranks with ties.

Each stage document is built in three steps so that a report wrapper (the kop surat and
the activity-report chapters of workshop/exports/summary.py on the h15 branch) can reuse
the middle one: `gather(store, id)` reads plain data once, `write_sections(doc, data,
captions, outline)` writes the results under an `Outline` (numbering prefix and heading
level), and `build_*` adds the cover and returns the bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from docx.document import Document as DocxDocument
from docx.table import Table
from docx.text.paragraph import Paragraph

from .. import domain as d
from . import docx_base as dc
from . import formats as fm
from . import official as of

if TYPE_CHECKING:
    from ..store import Store

SHORT_GROUPS = {  # column heads that fit 1.4 cm (the full names are in the sentence above)
    "opd": "OPD",
    "kecamatan": "Kec.",
    "kelurahan": "Kel.",
    "dewan": "Dewan SC",
    "tim_pelaksana": "Tim Pel.",
    "akademisi": "Akad.",
    "swasta": "Swasta",
    "masyarakat": "Masy.",
    "fasilitator": "Fasil.",
}


@dataclass
class Outline:
    """Numbered headings '1.', '1.1', written at `level` (and `level + 1` below): a wrapper
    passes `Outline(prefix="3.", level=2)` to put the sections under its chapter 3."""

    prefix: str = ""
    level: int = 1
    _n: int = 0
    _sub: int = 0
    current: str = field(default="")

    def section(self, doc: DocxDocument, title: str) -> Paragraph:
        """The next section heading ('2. Title' or '3.2 Title' under a prefix)."""
        self._n += 1
        self._sub = 0
        self.current = f"{self.prefix}{self._n}"
        label = f"{self.current}." if not self.prefix else self.current
        return dc.heading(doc, f"{label} {title}", min(self.level, 3))

    def sub(self, doc: DocxDocument, title: str) -> Paragraph:
        """The next sub-section heading of the current section ('2.1 Title')."""
        self._sub += 1
        return dc.heading(doc, f"{self.current}.{self._sub} {title}", min(self.level + 1, 3))


def count(n: int, noun: str, *, none: str = "") -> str:
    """'belum ada peserta' / '1 peserta' / '1.250 peserta' (Indonesian nouns don't inflect;
    zero reads as a sentence of its own instead of '0 peserta')."""
    if n == 0:
        return none or f"belum ada {noun}"
    return f"{fm.fmt_int(n)} {noun}"


def capital(text: str) -> str:
    """The sentence with its first letter in upper case."""
    return text[:1].upper() + text[1:]


def percent(share: float) -> str:
    """0.4146 -> '41,5%'."""
    return f"{fm.fmt_dec(share * 100, 1)}%"


def listing(names: Sequence[str]) -> str:
    """'A', 'A dan B', 'A, B dan C'."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " dan " + names[-1]


def cover(
    doc: DocxDocument,
    workshop: d.Workshop,
    title: str,
    lines: Sequence[str],
    info: list,
    official: of.Official | None = None,
) -> None:
    """Kop surat (the workshop's, else the old letterhead), title in capitals, the
    document number when set, the workshop's particulars (label, value pairs)."""
    if official is None:
        dc.letterhead(doc, workshop.region, workshop.province)
    else:
        of.kop(doc, official)
        lines = [*lines, *of.number_lines(official)]
    dc.title_block(doc, [title.upper()], list(lines))
    dc.info_table(doc, info)


def stage_info(workshop: d.Workshop, stage: d.Stage) -> list[tuple[str, str]]:
    """Kegiatan, Tahap, Hari/tanggal, Tempat."""
    return [
        ("Kegiatan", workshop.title),
        ("Tahap", f"Tahap {stage.roman} – {stage.title}"),
        ("Hari/tanggal", fm.tanggal(stage.date, with_day=True)),
        ("Tempat", workshop.venue or fm.EMPTY),
    ]


def empty_note(doc: DocxDocument, text: str) -> Paragraph:
    """The one sentence an empty activity gets (italic), instead of tables of zeros."""
    return dc.body(doc, text, italic=True)


def tie_ranks(ranks: Sequence[int], scored: Sequence[bool]) -> list[str]:
    """Display ranks: '=2' where two or more scored rows share rank 2, '–' for unscored."""
    shown = [r for r, s in zip(ranks, scored, strict=True) if s]
    return [
        ("–" if not s else f"={r}" if shown.count(r) > 1 else str(r))
        for r, s in zip(ranks, scored, strict=True)
    ]


def pillar_names(pillars: Sequence[d.Pillar]) -> dict[int, str]:
    return {p.id: p.name for p in pillars}


def grouped_table(
    doc: DocxDocument,
    headers: Sequence[str],
    groups: Sequence[tuple[str, Sequence[Sequence[object]]]],
    widths_cm: Sequence[float],
    *,
    align: str,
    label_col: int = 1,
) -> Table:
    """One table for several groups (pillars): each group opens with a shaded bold row
    naming it, so one header row (repeated on every page) serves them all and a pillar
    of two rows does not take a heading, a caption and half a page of its own."""
    rows: list[Sequence[object]] = []
    starts: list[int] = []
    for label, body in groups:
        if not body:
            continue
        starts.append(len(rows) + 1)  # + the header row
        head: list[object] = [""] * len(headers)
        head[label_col] = dc.Rich((label,))
        rows.append(head)
        rows.extend(body)
    table = dc.data_table(doc, headers, rows, widths_cm, align=align)
    for i in starts:
        for cell in table.rows[i].cells:
            dc.shade(cell, dc.TOTAL_FILL)
    return table


def done(n: int, noun: str, verb: str) -> str:
    """'belum ada kandidat yang dinilai' / '23 kandidat sudah dinilai'."""
    if n == 0:
        return f"belum ada {noun} yang {verb}"
    return f"{fm.fmt_int(n)} {noun} sudah {verb}"


def stage_filename(store: Store, stage_id: int, name: str) -> str:
    """'<name> Tahap <roman> <region> <year>' as a safe .docx file name."""
    stage = store.stage(stage_id)
    w = store.workshop(stage.workshop_id)
    return fm.safe_filename(f"{name} Tahap {stage.roman} {w.region} {w.year}", ".docx")


def build_stage_document(
    store: Store,
    data: Any,
    *,
    title: str,
    footer: str,
    lines: Sequence[str],
    write: Callable[[DocxDocument, Any, dc.Captions, Outline], None],
) -> bytes:
    """One stage document: kop and cover, its result sections (`write`), the signatures.
    `data` carries `.workshop` and `.stage` (each module's gather())."""
    w, stage = data.workshop, data.stage
    off = of.gather(store, w.id, stage)
    doc = dc.new_document(
        title=f"{title} – {w.region} {w.year}",
        subject=w.title,
        footer_text=f"{footer} Tahap {stage.roman} – {w.region}",
    )
    cover(doc, w, title, list(lines), stage_info(w, stage), off)
    write(doc, data, dc.Captions(doc), Outline())
    of.signatures(doc, off)
    return dc.to_bytes(doc)
