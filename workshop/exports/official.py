"""The official parts every filed document shares with the stage activity report
(exports/summary.py): the workshop's *kop surat* (logo, government, agency, address,
contacts), the document number and date, and the signatures with the "Mengetahui"
countersigner, all from the fields kept once per workshop (and per stage) in
store/documents.py.

Without any stored kop field and without a logo a document keeps the old letterhead
(`docx_base.letterhead`); without stored signers the signatures show the default roles
with lines to write the names on.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.table import Table

from .. import documents as docs
from .. import domain as d
from ..store import Store
from . import docx_base as dc
from . import formats as fm

KOP_KEYS = ("kop_government", "kop_agency", "kop_address", "kop_phone", "kop_email", "kop_website")


@dataclass(frozen=True)
class Official:
    """The fields as printed (defaults under the stored ones), the stored ones alone,
    the logo and the date the document is signed on (ISO, may be empty)."""

    workshop: d.Workshop
    fields: dict[str, str]
    stored: dict[str, str]
    logo: bytes | None
    date: str

    @property
    def has_kop(self) -> bool:
        return bool(self.logo) or any(self.stored.get(k) for k in KOP_KEYS)

    @property
    def number(self) -> str:
        return self.stored.get("doc_number", "")

    def signer(self, prefix: str, role: str = "") -> tuple[str, str, bool, str]:
        """(role, name, with_nip, nip) for `docx_base.signature_block`: the stored role,
        name and NIP of `prefix` ('signer1', 'signer2', 'known') where they exist, else
        `role` (the document's own wording) and a blank line for the name."""
        s = self.stored
        shown = s.get(f"{prefix}_role") or role or self.fields.get(f"{prefix}_role", "")
        shown = shown if shown.endswith(",") else shown + ","
        nip = s.get(f"{prefix}_nip", "")
        return shown, s.get(f"{prefix}_name", ""), True, nip

    @property
    def place_date(self) -> str:
        place = self.fields.get("sign_place") or fm.region_place(self.workshop.region)
        return f"{place}, {fm.tanggal(self.date)}"


def gather(
    store: Store, workshop_id: int, stage: d.Stage | None = None, date: str | None = ""
) -> Official:
    """The official fields of a workshop (and of `stage`: its number and date), dated
    `date` or the stage's date when the stage has no document date."""
    w = store.workshop(workshop_id)
    stored = store.doc_fields(w.id, stage.id if stage else None)
    fields = docs.defaults(w, stage)
    fields.update(stored)
    logo = store.logo(w.id)
    when = stored.get("doc_date") or date or (stage.date if stage else "") or ""
    return Official(w, fields, stored, logo.data if logo else None, when)


def kop_lines(fields: dict[str, str], province: str) -> list[tuple[str, float, bool]]:
    """The lines of the kop surat (text, points, bold) from the fields as printed."""
    f = fields
    lines: list[tuple[str, float, bool]] = [(f["kop_government"].upper(), 15, True)]
    if province.strip() and "PROVINSI" not in f["kop_government"].upper():
        lines.append((f"PROVINSI {province.strip().upper()}", 12, True))
    if f.get("kop_agency"):
        lines.append((f["kop_agency"], 12, True))
    if f.get("kop_address"):
        lines.append((f["kop_address"], 10, False))
    contact = [
        label + f[key]
        for key, label in (("kop_phone", "Telp. "), ("kop_email", "Email: "), ("kop_website", ""))
        if f.get(key)
    ]
    if contact:
        lines.append((" · ".join(contact), 10, False))
    return lines


def kop(doc: DocxDocument, off: Official) -> None:
    """The workshop's kop surat, or the old letterhead when none was set."""
    w = off.workshop
    if off.has_kop:
        dc.kop(doc, kop_lines(off.fields, w.province), off.logo)
    else:
        dc.letterhead(doc, w.region, w.province)


def number_lines(off: Official) -> list[str]:
    """['Nomor: 005/123/2023'] when the stage's document number is set, else []."""
    return [f"Nomor: {off.number}"] if off.number else []


def signatures(doc: DocxDocument, off: Official, *, compact: bool = False) -> Table:
    """The closing signatures of a filed draft: the two signers side by side (place and
    date above the second), then 'Mengetahui,' and the countersigner below. `compact`
    (a one-page summary): one row, the countersigner left of the Ketua Tim Pelaksana."""
    f = off.fields
    dc.body(doc, "", keep_next=True)
    known = _lines(off, "known") if f.get("known_role") else None
    if compact:
        left = [("Mengetahui,", False), *known] if known else _lines(off, "signer1")
        return dc.signatures(doc, off.place_date, [left, _lines(off, "signer2")])
    return dc.signatures(
        doc, off.place_date, [_lines(off, "signer1"), _lines(off, "signer2")], known=known
    )


def _lines(off: Official, prefix: str) -> list[tuple[str, bool]]:
    f = off.fields
    return dc.signer_lines(
        f[f"{prefix}_role"] + ",", f[f"{prefix}_name"], f[f"{prefix}_rank"], f[f"{prefix}_nip"]
    )
