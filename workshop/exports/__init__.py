"""The files the app writes for the city, and the one list of them.

    formats.py    Indonesian numbers, dates, region names, file names (pure text)
    docx_base.py  Word building blocks: A4 page, house styles, tables, captions, kop,
                  signatures, photo grid
    summary.py    Ringkasan Bimtek Tahap N (one stage's activity report: kop,
                  Pendahuluan ... Penutup, signatures, daftar hadir, photos)  .docx
    quickwins.py  Draft Program Quick Win (one workshop)           .docx
    workbook.py   Data Bimtek, every table of a workshop (Excel)   .xlsx
    charts.py     the matplotlib charts inside the summary
    stage1_analysis.py    Draf Analisis Strategis (Tahap I activities)  .docx
    stage2_vision.py      Draf Visi, Misi dan Pemetaan Program (II)     .docx
    stage3_roadmap.py     Draf Peta Jalan dan Kandidat Quick Win (III)  .docx
    executive_summary.py  Ringkasan Eksekutif (one workshop)            .docx
    stage_common.py       shared by those four (cover, outline, counts)

`EXPORTS` is what the command line (`python -m workshop export --kind ...`), the Unduh
page and the download route (`GET /api/download/<kind>`) offer. A new export is one
module with a builder `(store, id) -> bytes` and a `filename(store, id)`, plus one entry
here. The entry names them as strings, resolved when a file is built: importing this
package costs nothing (python-docx, openpyxl and matplotlib load on the first download),
and the builder found is always the module's current one.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Literal

from ..domain import WorkshopError
from .formats import MIME_DOCX, MIME_XLSX

if TYPE_CHECKING:
    from ..store import Store


@dataclass(frozen=True)
class Export:
    """One kind of file: how it is built and named, and which id it is built for."""

    kind: str  # 'summary': --kind, /api/download/<kind>
    label: str  # i18n key of its name (workshop/i18n.py)
    module: str  # the module of workshop.exports that builds it
    builder: str  # its function (store, id) -> bytes
    takes: Literal["stage", "workshop"]  # the id the builder and filename take
    mime: str
    drafts: bool = False  # the builder takes include_drafts=

    def _module(self) -> ModuleType:
        return importlib.import_module(f"{__name__}.{self.module}")

    def build(self, store: Store, target_id: int, *, include_drafts: bool = False) -> bytes:
        """The file's bytes for a stage or workshop id (see `takes`)."""
        builder = getattr(self._module(), self.builder)
        if self.drafts:
            return builder(store, target_id, include_drafts=include_drafts)
        return builder(store, target_id)

    def filename(self, store: Store, target_id: int) -> str:
        """The file name offered for it, e.g. 'Data_Bimtek_Kota_Metro_2023.xlsx'."""
        return self._module().filename(store, target_id)


EXPORTS: dict[str, Export] = {
    e.kind: e
    for e in (
        Export("summary", "dl.summary", "summary", "build_summary", "stage", MIME_DOCX),
        Export(
            "quickwins",
            "dl.quickwins",
            "quickwins",
            "build_quickwins",
            "workshop",
            MIME_DOCX,
            drafts=True,
        ),
        Export("excel", "dl.excel", "workbook", "build_workbook", "workshop", MIME_XLSX),
        # --- h14q: the Tahap IV quick-win documents ---
        Export("qw_risks", "dl.qw_risks", "qw_risks", "build", "workshop", MIME_DOCX),
        Export("qw_berita", "dl.qw_berita", "qw_berita", "build", "workshop", MIME_DOCX),
        Export("qw_komitmen", "dl.qw_komitmen", "qw_komitmen", "build", "workshop", MIME_DOCX),
        # --- h15s: each stage's document (from the activities) ---
        Export("analysis", "dl.analysis", "stage1_analysis", "build_analysis", "stage", MIME_DOCX),
        Export("vision", "dl.vision", "stage2_vision", "build_vision", "stage", MIME_DOCX),
        Export("roadmap", "dl.roadmap", "stage3_roadmap", "build_roadmap", "stage", MIME_DOCX),
        Export(
            "executive",
            "dl.executive",
            "executive_summary",
            "build_executive_summary",
            "workshop",
            MIME_DOCX,
        ),
    )
}


def export_for(kind: str) -> Export:
    """The export called `kind`, or an Indonesian refusal naming the choices."""
    if kind not in EXPORTS:
        raise WorkshopError(f"Jenis ekspor tidak dikenal: {kind}. Pilihan: {', '.join(EXPORTS)}.")
    return EXPORTS[kind]
