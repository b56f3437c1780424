"""Reading the Word exports back in tests: tables by caption, headings, plain text."""

from __future__ import annotations

import io

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph


def open_docx(data: bytes) -> Document:
    assert data[:2] == b"PK", "not a .docx (zip) file"
    return docx.Document(io.BytesIO(data))


def blocks(doc: Document):
    """Paragraphs and tables of the body, in document order."""
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, doc)
        elif child.tag == qn("w:tbl"):
            yield Table(child, doc)


def tables_by_caption(doc: Document) -> dict[str, Table]:
    """Each table under the 'Caption' paragraph just above it, keyed by the caption
    text without its 'Tabel N. ' number."""
    out: dict[str, Table] = {}
    caption = None
    for block in blocks(doc):
        if isinstance(block, Paragraph):
            if block.style.name == "Caption" and block.text.startswith("Tabel "):
                caption = block.text.split(". ", 1)[1]
            elif block.text.strip():
                caption = None
        elif caption is not None:
            out[caption] = block
            caption = None
    return out


def rows(table: Table) -> list[list[str]]:
    """Cell texts of a table (paragraphs of a cell joined with a newline)."""
    return [[cell.text for cell in row.cells] for row in table.rows]


def headings(doc: Document, level: int | None = None) -> list[str]:
    return [
        p.text
        for p in doc.paragraphs
        if p.style.name.startswith("Heading ")
        and (level is None or p.style.name == f"Heading {level}")
    ]


def full_text(doc: Document) -> str:
    """All text: body paragraphs, every table cell, footers."""
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in doc.sections:
        parts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(parts)


def section_after(doc: Document, heading_text: str) -> list:
    """The blocks after a heading, up to the next heading of the same or higher level."""
    out = []
    level = None
    for block in blocks(doc):
        if isinstance(block, Paragraph) and block.style.name.startswith("Heading "):
            this = int(block.style.name.split()[-1])
            if level is not None and this <= level:
                break
            if block.text == heading_text and level is None:
                level = this
                continue
        if level is not None:
            out.append(block)
    return out


def demo_store(tmp_path_factory, participants: int = 110, seed: int = 7):
    """A Store holding the finished demo Bimtek (module-scoped fixtures share one)."""
    from workshop.demo import build_demo
    from workshop.security import PinHasher
    from workshop.store import Store

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    store = Store(path, hasher=PinHasher(fast=True))
    result = build_demo(store, participants=participants, seed=seed)
    return store, result.workshop_id


def order_violations(data: bytes) -> list[str]:
    """Children out of schema order in document, styles and footers (Word rejects them)."""
    import zipfile

    from lxml import etree

    from workshop.exports.docx_base import _ORDER

    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if not (name.startswith("word/") and name.endswith(".xml")):
                continue
            root = etree.fromstring(z.read(name))
            for el in root.iter():
                if not isinstance(el.tag, str):
                    continue
                order = _ORDER.get(el.tag.rsplit("}", 1)[-1])
                if not order:
                    continue
                seen = [c.tag.rsplit("}", 1)[-1] for c in el if isinstance(c.tag, str)]
                idx = [order.index(t) for t in seen if t in order]
                if idx != sorted(idx):
                    out.append(f"{name}: {el.tag.rsplit('}', 1)[-1]} {seen}")
    return out
