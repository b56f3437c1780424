"""Word building blocks shared by the exports: A4 page, styles, tables, page numbers.

The documents follow the habits of Indonesian government documents (*tata naskah dinas*):
A4, margins 3 cm left and 2.5 cm elsewhere, Arial 12 pt, 1.15 line spacing, justified
body text, a letterhead block (*kop*) with a double rule, table captions above tables
and figure captions below figures, page numbers in the footer.

Everything is done with Word's own styles so that staff can restyle the whole document
at once: the built-in ``Heading 1``–``Heading 3`` (they show in the navigation pane and
give LibreOffice its outline), ``Table Grid`` for every data table, ``Caption`` for
captions, and two small paragraph styles for table text (``Isi Tabel``, ``Judul Tabel``).
Header rows are marked ``w:tblHeader`` so Word and LibreOffice repeat them on every page,
and tables use a fixed layout with explicit column widths so nothing reflows on opening.
No fonts are embedded: Arial is substituted metric-compatibly (Liberation Sans) where it
is missing, so the layout stays the same.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.styles.style import BaseStyle, ParagraphStyle
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

from .formats import EMPTY, region_government

FONT = "Arial"
BODY_PT = 12
TABLE_PT = 10
LINE_SPACING = 1.15
PAGE_W_CM, PAGE_H_CM = 21.0, 29.7
MARGIN_LEFT_CM, MARGIN_RIGHT_CM, MARGIN_TOP_CM, MARGIN_BOTTOM_CM = 3.0, 2.5, 2.5, 2.5
TEXT_W_CM = PAGE_W_CM - MARGIN_LEFT_CM - MARGIN_RIGHT_CM  # 15.5 cm
HEADER_FILL = "D9D9D9"
TOTAL_FILL = "F2F2F2"

TABLE_STYLE = "Table Grid"
CELL_STYLE = "Isi Tabel"
CELL_HEAD_STYLE = "Judul Tabel"

# An OOXML element (python-docx's lxml element classes); edited by hand below.
Element = Any


# --------------------------------------------------------------------------- XML helpers


def _set_fonts(rpr: Element, name: str = FONT) -> None:
    """Point every script slot of an rPr at `name`, dropping theme fonts."""
    fonts = _child(rpr, "w:rFonts")
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


# Child order of the OOXML elements this module edits by hand (ECMA-376): Word refuses
# a file whose children are out of schema order, so new children go in their place.
_ORDER: dict[str, tuple[str, ...]] = {
    "pPr": (
        "pStyle",
        "keepNext",
        "keepLines",
        "pageBreakBefore",
        "framePr",
        "widowControl",
        "numPr",
        "suppressLineNumbers",
        "pBdr",
        "shd",
        "tabs",
        "suppressAutoHyphens",
        "kinsoku",
        "wordWrap",
        "overflowPunct",
        "topLinePunct",
        "autoSpaceDE",
        "autoSpaceDN",
        "bidi",
        "adjustRightInd",
        "snapToGrid",
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    ),
    "rPr": (
        "rStyle",
        "rFonts",
        "b",
        "bCs",
        "i",
        "iCs",
        "caps",
        "smallCaps",
        "strike",
        "dstrike",
        "outline",
        "shadow",
        "emboss",
        "imprint",
        "noProof",
        "snapToGrid",
        "vanish",
        "webHidden",
        "color",
        "spacing",
        "w",
        "kern",
        "position",
        "sz",
        "szCs",
        "highlight",
        "u",
        "effect",
        "bdr",
        "shd",
        "fitText",
        "vertAlign",
        "rtl",
        "cs",
        "em",
        "lang",
        "eastAsianLayout",
        "specVanish",
        "oMath",
    ),
    "tblPr": (
        "tblStyle",
        "tblpPr",
        "tblOverlap",
        "bidiVisual",
        "tblStyleRowBandSize",
        "tblStyleColBandSize",
        "tblW",
        "jc",
        "tblCellSpacing",
        "tblInd",
        "tblBorders",
        "shd",
        "tblLayout",
        "tblCellMar",
        "tblLook",
        "tblCaption",
        "tblDescription",
    ),
    "tcPr": (
        "cnfStyle",
        "tcW",
        "gridSpan",
        "hMerge",
        "vMerge",
        "tcBorders",
        "shd",
        "noWrap",
        "tcMar",
        "textDirection",
        "tcFitText",
        "vAlign",
        "hideMark",
    ),
    "pBdr": ("top", "left", "bottom", "right", "between", "bar"),
    "tblBorders": ("top", "left", "start", "bottom", "right", "end", "insideH", "insideV"),
}


def _local(tag: str) -> str:
    """'{namespace}pPr' -> 'pPr'."""
    return tag.rsplit("}", 1)[-1]


def _child(parent: Element, tag: str) -> Element:
    """The child `tag` of `parent`, created in its schema position when missing."""
    el = parent.find(qn(tag))
    if el is not None:
        return el
    el = OxmlElement(tag)
    order = _ORDER.get(_local(parent.tag))
    name = tag.split(":", 1)[1]
    if order and name in order:
        later = set(order[order.index(name) + 1 :])
        for i, sibling in enumerate(parent):
            if _local(sibling.tag) in later:
                parent.insert(i, el)
                return el
    parent.append(el)
    return el


def _set_color_black(rpr: Element) -> None:
    color = _child(rpr, "w:color")
    for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
        color.attrib.pop(qn(attr), None)
    color.set(qn("w:val"), "000000")


def _set_lang(rpr: Element, lang: str = "id-ID") -> None:
    el = _child(rpr, "w:lang")
    el.set(qn("w:val"), lang)
    el.set(qn("w:eastAsia"), lang)
    el.set(qn("w:bidi"), "ar-SA")


def shade(cell: _Cell, fill: str) -> None:
    """Background colour of a table cell (hex 'D9D9D9')."""
    shd = _child(cell._tc.get_or_add_tcPr(), "w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)


def repeat_header(row: _Row) -> None:
    """Mark a row as a header row, repeated at the top of every page (w:tblHeader)."""
    tr_pr = row._tr.get_or_add_trPr()
    _child(tr_pr, "w:tblHeader").set(qn("w:val"), "true")


def cant_split(row: _Row) -> None:
    """Keep a row on one page (w:cantSplit)."""
    tr_pr = row._tr.get_or_add_trPr()
    _child(tr_pr, "w:cantSplit").set(qn("w:val"), "true")


def is_repeated_header(row: _Row) -> bool:
    """True when the row carries w:tblHeader (for tests)."""
    tr_pr = row._tr.trPr
    return tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None


def paragraph_border(
    paragraph: Paragraph,
    side: str = "bottom",
    *,
    val: str = "single",
    size: int = 12,
    space: int = 1,
) -> None:
    """A rule under (or over) a paragraph, e.g. the double line of a letterhead."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = _child(p_pr, "w:pBdr")
    el = _child(borders, f"w:{side}")
    el.set(qn("w:val"), val)
    el.set(qn("w:sz"), str(size))
    el.set(qn("w:space"), str(space))
    el.set(qn("w:color"), "000000")


def add_field(paragraph: Paragraph, instruction: str, placeholder: str = "1") -> None:
    """A Word field (PAGE, NUMPAGES...) with a cached result, as complex field runs."""

    def fld(kind: str) -> None:
        run = paragraph.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        run._r.append(el)

    fld("begin")
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} \\* MERGEFORMAT "
    run._r.append(instr)
    fld("separate")
    paragraph.add_run(placeholder)
    fld("end")


# --------------------------------------------------------------------------- document


def _style_fonts(
    style: BaseStyle,
    *,
    size: float,
    bold: bool | None = None,
    italic: bool | None = None,
    black: bool = True,
) -> None:
    """Arial at `size` points (and bold/italic when given) for a style, in every script."""
    font = style.font  # type: ignore[attr-defined]  # paragraph and character styles
    font.name = FONT
    font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    rpr = style.element.get_or_add_rPr()
    _set_fonts(rpr)
    if black:
        _set_color_black(rpr)


def _remove_children(parent: Element, *tags: str) -> None:
    for tag in tags:
        el = parent.find(qn(tag))
        if el is not None:
            parent.remove(el)


def _setup_normal(doc: DocxDocument) -> ParagraphStyle:
    """Document defaults and Normal: Arial everywhere, Indonesian proofing language."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = _child(defaults, "w:rPrDefault")
        rpr = _child(rpr_default, "w:rPr")
        _set_fonts(rpr)
        _set_lang(rpr)
    normal: ParagraphStyle = doc.styles["Normal"]
    _style_fonts(normal, size=BODY_PT)
    _set_lang(normal.element.get_or_add_rPr())
    pf = normal.paragraph_format
    pf.line_spacing = LINE_SPACING
    pf.space_before = Pt(0)
    pf.space_after = Pt(6)
    pf.widow_control = True
    return normal


def _setup_headings(doc: DocxDocument) -> None:
    """Heading 1–3: bold, left, kept with the next paragraph; Heading 1 in capitals."""
    for level, size, before, after in ((1, 13, 18, 6), (2, 12, 12, 6), (3, 12, 8, 4)):
        h: ParagraphStyle = doc.styles[f"Heading {level}"]
        _style_fonts(h, size=size, bold=True, italic=False)
        h.paragraph_format.space_before = Pt(before)
        h.paragraph_format.space_after = Pt(after)
        h.paragraph_format.keep_with_next = True
        h.paragraph_format.line_spacing = LINE_SPACING
        h.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    doc.styles["Heading 1"].font.all_caps = True


def _setup_caption(doc: DocxDocument) -> None:
    """Caption: bold, centred, kept with its table (shown in the style gallery)."""
    caption: ParagraphStyle = doc.styles["Caption"]
    _style_fonts(caption, size=11, bold=True, italic=False)
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.space_before = Pt(6)
    caption.paragraph_format.space_after = Pt(6)
    caption.paragraph_format.keep_with_next = True
    # the template hides the caption style until used: show it in the gallery
    _remove_children(caption.element, "w:semiHidden", "w:unhideWhenUsed")


def _setup_title(doc: DocxDocument) -> None:
    """Title: 14 pt bold, centred, without the template's rule and letter spacing."""
    title: ParagraphStyle = doc.styles["Title"]
    _style_fonts(title, size=14, bold=True)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(12)
    title.paragraph_format.space_after = Pt(0)
    _remove_children(title.element.get_or_add_pPr(), "w:pBdr")
    _remove_children(title.element.get_or_add_rPr(), "w:spacing", "w:kern")


def _setup_table_styles(doc: DocxDocument, normal: ParagraphStyle) -> None:
    """The two paragraph styles of table text: Isi Tabel and Judul Tabel (header)."""
    cell: ParagraphStyle = doc.styles.add_style(CELL_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    cell.quick_style = True
    _style_fonts(cell, size=TABLE_PT)
    cell.paragraph_format.line_spacing = 1.0
    cell.paragraph_format.space_before = Pt(1)
    cell.paragraph_format.space_after = Pt(1)
    cell.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT

    head: ParagraphStyle = doc.styles.add_style(CELL_HEAD_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    head.base_style = cell
    head.quick_style = True
    _style_fonts(head, size=TABLE_PT - 1, bold=True)
    head.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    head.paragraph_format.keep_with_next = True


def _setup_styles(doc: DocxDocument) -> None:
    """The house styles, all Word's own so staff can restyle the whole document."""
    normal = _setup_normal(doc)
    _setup_headings(doc)
    _setup_caption(doc)
    _setup_title(doc)
    _setup_table_styles(doc, normal)


def _page_setup(doc: DocxDocument) -> None:
    """A4 portrait with the *naskah dinas* margins."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Cm(PAGE_W_CM)
    section.page_height = Cm(PAGE_H_CM)
    section.left_margin = Cm(MARGIN_LEFT_CM)
    section.right_margin = Cm(MARGIN_RIGHT_CM)
    section.top_margin = Cm(MARGIN_TOP_CM)
    section.bottom_margin = Cm(MARGIN_BOTTOM_CM)
    section.header_distance = Cm(1.25)
    section.footer_distance = Cm(1.25)


def _footer(doc: DocxDocument, text: str) -> None:
    """The footer: the document's name in italics, 'Halaman N dari M' on the right."""
    p = doc.sections[0].footer.paragraphs[0]
    p.style = doc.styles[CELL_STYLE]
    p.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_W_CM), WD_TAB_ALIGNMENT.RIGHT)
    paragraph_border(p, "top", size=4, space=4)
    run = p.add_run(text)
    run.italic = True
    p.add_run("\tHalaman ")
    add_field(p, "PAGE")
    p.add_run(" dari ")
    add_field(p, "NUMPAGES")


def new_document(*, title: str, subject: str = "", footer_text: str = "") -> DocxDocument:
    """An empty A4 document with the house styles, page numbers and properties."""
    doc = Document()
    _page_setup(doc)
    _setup_styles(doc)
    _footer(doc, footer_text or title)
    props = doc.core_properties
    props.title = title
    props.subject = subject
    props.author = "Bimtek Live"
    props.language = "id-ID"
    props.keywords = "Smart City; Bimtek; Masterplan"
    props.comments = "Dibuat otomatis oleh Bimtek Live dari data kegiatan; silakan disunting."
    return doc


_STYLE_CACHE = "_bimtek_styles"


def style_of(doc: DocxDocument, name: str) -> Any:
    """`doc.styles[name]`, looked up once per document (python-docx scans every style
    on each lookup: thousands of table rows made that the slowest part of a build)."""
    cache = doc.__dict__.setdefault(_STYLE_CACHE, {})
    if name not in cache:
        cache[name] = doc.styles[name]
    return cache[name]


def to_bytes(doc: DocxDocument) -> bytes:
    """The .docx file as bytes."""
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------- blocks


def letterhead(doc: DocxDocument, region: str, province: str = "") -> None:
    """The *kop*: PEMERINTAH KOTA ..., PROVINSI ..., closed by a thick-thin rule."""
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.line_spacing = 1.0
    run = p.add_run(region_government(region).upper())
    run.bold = True
    run.font.size = Pt(16)
    last = p
    if province.strip():
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        p.paragraph_format.line_spacing = 1.0
        run = p.add_run(f"PROVINSI {province.strip().upper()}")
        run.bold = True
        run.font.size = Pt(13)
        last = p
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.line_spacing = 1.0
    p.paragraph_format.space_after = Pt(6)
    run = p.add_run("Tim Pelaksana Gerakan Menuju Smart City")
    run.font.size = Pt(11)
    last = p
    paragraph_border(last, "bottom", val="thickThinSmallGap", size=18, space=4)


def title_block(doc: DocxDocument, lines: Sequence[str], subtitle: Sequence[str] = ()) -> None:
    """The document title (style Title) and smaller centred lines under it."""
    for i, line in enumerate(lines):
        p = doc.add_paragraph(line, style="Title")
        if i:
            p.paragraph_format.space_before = Pt(0)
    for line in subtitle:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        p.add_run(line).bold = False
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


def heading(doc: DocxDocument, text: str, level: int = 1, *, page_break: bool = False) -> Paragraph:
    """A built-in Heading 1–3 paragraph (shows in Word's navigation pane)."""
    p = doc.add_paragraph(text)
    p._p.get_or_add_pPr().style = style_of(doc, f"Heading {level}").style_id
    if page_break:
        p.paragraph_format.page_break_before = True
    return p


def body(
    doc: DocxDocument,
    text: str,
    *,
    justify: bool = True,
    italic: bool = False,
    style: str | None = None,
    keep_next: bool = False,
) -> Paragraph:
    """A body paragraph (justified, as in *naskah dinas*); `keep_next` keeps it on the
    page of what follows (an introduction to a table)."""
    p = doc.add_paragraph(style=style)
    if keep_next:
        p.paragraph_format.keep_with_next = True
    if justify:
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    run = p.add_run(text)
    run.italic = italic
    return p


def caption(doc: DocxDocument, text: str) -> Paragraph:
    """'Tabel 1. ...' above a table or 'Gambar 1. ...' below a figure (style Caption)."""
    p = doc.add_paragraph(text)
    p._p.get_or_add_pPr().style = style_of(doc, "Caption").style_id
    return p


def _set_table_style(table: Table, style: Any) -> None:
    """A table's style by id (Table.style= looks the style up by name again)."""
    tbl_pr = table._tbl.tblPr
    _child(tbl_pr, "w:tblStyle").set(qn("w:val"), style.style_id)


class Captions:
    """Numbered captions of one document: 'Tabel 1. ...' above tables, 'Gambar 1. ...'
    below figures, each series counted from 1."""

    def __init__(self, doc: DocxDocument) -> None:
        self.doc = doc
        self.tables = 0
        self.figures = 0

    def table(self, text: str) -> Paragraph:
        """The caption of the next table."""
        self.tables += 1
        return caption(self.doc, f"Tabel {self.tables}. {text}")

    def figure(self, text: str) -> Paragraph:
        """The caption of the figure just added."""
        self.figures += 1
        return caption(self.doc, f"Gambar {self.figures}. {text}")


def picture(doc: DocxDocument, png: bytes, width_cm: float = TEXT_W_CM) -> Paragraph:
    """A centred image that stays with the caption that follows it."""
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.keep_with_next = True
    p.paragraph_format.line_spacing = 1.0
    p.add_run().add_picture(io.BytesIO(png), width=Cm(width_cm))
    return p


def page_break(doc: DocxDocument) -> None:
    """A hard page break."""
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


class Rich(tuple):
    """Cell text in parts: the first line bold, the others plain (a second part in
    italics when it is a remark). Use `Rich((title, description))`."""


def _fill_cell(
    cell: _Cell,
    value: object,
    style: str | BaseStyle,
    *,
    bold: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = None,
    italic: bool = False,
) -> None:
    if isinstance(value, Rich):
        parts = [(str(v), i == 0, i > 1) for i, v in enumerate(value) if v not in (None, "")]
    else:
        text = "" if value is None else str(value)
        parts = [(text, bold, italic)]
    style_id = style if isinstance(style, str) else style.style_id
    p = cell.paragraphs[0]
    first = True
    for text, part_bold, part_italic in parts:
        for line in text.split("\n") if text else [""]:
            if not first:
                p = cell.add_paragraph()
            first = False
            # set the style id directly: Paragraph.style= scans all styles every time
            p._p.get_or_add_pPr().style = style_id
            if align is not None:
                p.alignment = align
            if line:
                run = p.add_run(line)
                if part_bold or bold:
                    run.bold = True
                if part_italic or italic:
                    run.italic = True
    if not parts:
        p._p.get_or_add_pPr().style = style_id


def _set_widths(table: Table, widths_cm: Sequence[float]) -> None:
    table.autofit = False  # fixed layout: Word and LibreOffice keep these widths
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_cm, strict=False):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    tbl_pr = table._tbl.tblPr
    tbl_w = _child(tbl_pr, "w:tblW")
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(int(Cm(sum(widths_cm)).twips)))


def _scale(widths_cm: Sequence[float], total: float = TEXT_W_CM) -> list[float]:
    s = sum(widths_cm)
    return [w * total / s for w in widths_cm]


def _header_row(
    header: _Row, headers: Sequence[str], widths: Sequence[float], style: BaseStyle
) -> None:
    """A shaded header row, repeated on every page, never split."""
    repeat_header(header)
    cant_split(header)
    for cell, text, width in zip(header.cells, headers, widths, strict=False):
        cell.width = Cm(width)
        _fill_cell(cell, text, style)
        shade(cell, HEADER_FILL)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def data_table(
    doc: DocxDocument,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    widths_cm: Sequence[float],
    *,
    align: Sequence[str] | None = None,
    total_row: Sequence[object] | None = None,
    keep_rows: bool = True,
    italic_cols: Sequence[int] = (),
) -> Table:
    """A 'Table Grid' table: shaded header row repeated on every page, fixed widths.

    `align` per column: 'l', 'c' or 'r'. `total_row` is appended bold and shaded.
    `keep_rows` stops a row from breaking across pages (turn off for long texts)."""
    widths = _scale(widths_cm)
    ncols = len(headers)
    aligns = {
        "l": WD_ALIGN_PARAGRAPH.LEFT,
        "c": WD_ALIGN_PARAGRAPH.CENTER,
        "r": WD_ALIGN_PARAGRAPH.RIGHT,
    }
    assert all(a in aligns for a in (align or "l" * ncols))
    table = doc.add_table(rows=1, cols=ncols)
    _set_table_style(table, style_of(doc, TABLE_STYLE))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _set_widths(table, widths)
    _header_row(table.rows[0], headers, widths, style_of(doc, CELL_HEAD_STYLE))
    style_id = style_of(doc, CELL_STYLE).style_id
    jcs = [_JC[a] for a in (align or "l" * ncols)]
    twips = [int(Cm(w).twips) for w in widths]
    tbl = table._tbl
    for values in rows:
        tbl.append(_row_xml(values, style_id, jcs, twips, keep=keep_rows, italic_cols=italic_cols))
    if total_row is not None:
        tbl.append(_row_xml(total_row, style_id, jcs, twips, keep=True, bold=True, fill=TOTAL_FILL))
    _space_after_table(doc)
    return table


_JC = {"l": "left", "c": "center", "r": "right"}
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _run_xml(text: str, bold: bool, italic: bool) -> str:
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    body = xml_escape(_XML_ILLEGAL.sub("", text))
    return f'<w:r>{rpr}<w:t xml:space="preserve">{body}</w:t></w:r>'


def _cell_xml(
    value: object, style_id: str, jc: str, twips: int, bold: bool, italic: bool, fill: str
) -> str:
    """One <w:tc>: the same paragraphs `_fill_cell` writes (a Rich value's first part
    bold, its third and later parts italic; a newline starts a paragraph)."""
    if isinstance(value, Rich):
        parts = [(str(v), i == 0, i > 1) for i, v in enumerate(value) if v not in (None, "")]
    else:
        parts = [("" if value is None else str(value), bold, italic)]
    ppr = f'<w:pPr><w:pStyle w:val="{style_id}"/><w:jc w:val="{jc}"/></w:pPr>'
    paras: list[str] = []
    for text, part_bold, part_italic in parts:
        for line in text.split("\n") if text else [""]:
            run = _run_xml(line, part_bold or bold, part_italic or italic) if line else ""
            paras.append(f"<w:p>{ppr}{run}</w:p>")
    if not paras:
        paras.append(f"<w:p>{ppr}</w:p>")
    shd = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    return f'<w:tc><w:tcPr><w:tcW w:w="{twips}" w:type="dxa"/>{shd}</w:tcPr>{"".join(paras)}</w:tc>'


def _row_xml(
    values: Sequence[object],
    style_id: str,
    jcs: Sequence[str],
    twips: Sequence[int],
    *,
    keep: bool = True,
    bold: bool = False,
    fill: str = "",
    italic_cols: Sequence[int] = (),
) -> Element:
    """A table row built as XML text and parsed once: python-docx's add_row and
    cell access cost O(rows) each, which made a 2,000-name attendance list take seconds."""
    cells = list(values)[: len(jcs)] + [""] * max(0, len(jcs) - len(values))
    tcs = "".join(
        _cell_xml(v, style_id, jcs[i], twips[i], bold, i in italic_cols, fill)
        for i, v in enumerate(cells)
    )
    trpr = '<w:trPr><w:cantSplit w:val="true"/></w:trPr>' if keep else ""
    return parse_xml(f'<w:tr xmlns:w="{_W_NS}">{trpr}{tcs}</w:tr>')


def field_table(
    doc: DocxDocument, pairs: Sequence[tuple[str, object]], widths_cm: Sequence[float] = (4.8, 10.7)
) -> Table:
    """A two-column 'Table Grid' table of label | value (a programme profile)."""
    widths = _scale(widths_cm)
    table = doc.add_table(rows=0, cols=2)
    table.style = doc.styles[TABLE_STYLE]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _set_widths(table, widths)
    cell_style = doc.styles[CELL_STYLE]
    for label, value in pairs:
        row = table.add_row()
        a, b = row.cells
        _fill_cell(a, label, cell_style, bold=True)
        shade(a, TOTAL_FILL)
        text = "" if value is None else str(value)
        _fill_cell(b, text if text.strip() else EMPTY, cell_style, italic=not text.strip())
    _space_after_table(doc)
    return table


def info_table(
    doc: DocxDocument,
    pairs: Sequence[tuple[str, str]],
    widths_cm: Sequence[float] = (4.0, 0.5, 11.0),
) -> Table:
    """Borderless 'label : value' lines (Hari/tanggal : ..., Tempat : ...)."""
    table = doc.add_table(rows=0, cols=3)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _set_widths(table, widths_cm)
    style = doc.styles["Normal"]
    for label, value in pairs:
        row = table.add_row()
        for cell, text in zip(row.cells, (label, ":", value), strict=False):
            _fill_cell(cell, text, style)
            for p in cell.paragraphs:
                p.paragraph_format.space_after = Pt(2)
                p.paragraph_format.line_spacing = 1.0
    _space_after_table(doc)
    return table


def notes_box(doc: DocxDocument, lines: int = 8) -> Table:
    """A framed box of ruled (dotted) writing lines, for hand-written notes."""
    table = doc.add_table(rows=lines, cols=1)
    table.style = doc.styles[TABLE_STYLE]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _set_widths(table, [TEXT_W_CM])
    borders = _child(table._tbl.tblPr, "w:tblBorders")
    for side, val, color in (
        ("top", "single", "000000"),
        ("left", "single", "000000"),
        ("bottom", "single", "000000"),
        ("right", "single", "000000"),
        ("insideH", "dotted", "808080"),
        ("insideV", "nil", "auto"),
    ):
        el = _child(borders, f"w:{side}")
        el.set(qn("w:val"), val)
        el.set(qn("w:sz"), "4")
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), color)
    for row in table.rows:
        row.height = Cm(0.85)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        row.cells[0].paragraphs[0]._p.get_or_add_pPr().style = doc.styles[CELL_STYLE].style_id
    _space_after_table(doc)
    return table


def signature_block(
    doc: DocxDocument, place_date: str, signers: Sequence[tuple[Any, ...]], *, known: str = ""
) -> Table:
    """Places for signatures: 'Metro, 12 Oktober 2023' then one column per signer.

    A signer is `(role, name)`, `(role, name, with_nip)` or `(role, name, with_nip, nip)`;
    roles may span lines; a missing name or NIP leaves a dotted line to write it on."""
    cols = max(1, len(signers))
    table = doc.add_table(rows=1, cols=cols)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _set_widths(table, [TEXT_W_CM / cols] * cols)
    cant_split(table.rows[0])
    style = doc.styles["Normal"]
    role_lines = max(len(s[0].split("\n")) for s in signers)
    for i, (cell, signer) in enumerate(zip(table.rows[0].cells, signers, strict=False)):
        role, name = signer[0], signer[1]
        with_nip = signer[2] if len(signer) > 2 else True
        nip = signer[3] if len(signer) > 3 else ""
        lines = []
        if i == cols - 1:
            lines.append(place_date)
        else:
            lines.append(known or "")
        roles = role.split("\n")
        lines += roles + [""] * (role_lines - len(roles))
        nip_line = ("NIP. " + (nip or "." * 30)) if with_nip or nip else ""
        lines += ["", "", "", name or "(" + "." * 40 + ")", nip_line]
        for j, line in enumerate(lines):
            p = cell.paragraphs[0] if j == 0 else cell.add_paragraph()
            p.style = style
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_after = Pt(0)
            p.paragraph_format.keep_with_next = j < len(lines) - 1
            if line:
                p.add_run(line)
    return table


def _space_after_table(doc: DocxDocument) -> None:
    """A small empty paragraph after a table (Word needs one between two tables)."""
    p = doc.add_paragraph()
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.space_before = Pt(0)
    p.paragraph_format.line_spacing = 1.0
    rpr = _child(p._p.get_or_add_pPr(), "w:rPr")
    _child(rpr, "w:sz").set(qn("w:val"), "12")


# --------------------------------------------------------------------------- h15: report parts


def _no_borders(table: Table) -> None:
    borders = _child(table._tbl.tblPr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = _child(borders, f"w:{side}")
        el.set(qn("w:val"), "nil")


def kop(doc: DocxDocument, lines: Sequence[tuple[str, float, bool]], logo: bytes | None) -> None:
    """The *kop surat*: the logo on the left (when given), centred lines (text, points,
    bold) next to it, closed by a thick-thin double rule."""

    def fill(cell_or_doc: Any, first: Paragraph | None) -> Paragraph:
        p = first
        for i, (text, size, bold) in enumerate(lines):
            if p is None or i:
                p = cell_or_doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_after = Pt(0)
            p.paragraph_format.space_before = Pt(0)
            p.paragraph_format.line_spacing = 1.0
            run = p.add_run(text)
            run.bold = bold
            run.font.size = Pt(size)
        assert p is not None
        return p

    if logo:
        table = doc.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _set_widths(table, [2.6, TEXT_W_CM - 2.6])
        _no_borders(table)
        a, b = table.rows[0].cells
        a.width, b.width = Cm(2.6), Cm(TEXT_W_CM - 2.6)
        a.vertical_alignment = b.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        pa = a.paragraphs[0]
        pa.alignment = WD_ALIGN_PARAGRAPH.CENTER
        pa.add_run().add_picture(io.BytesIO(logo), height=Cm(2.3))
        fill(b, b.paragraphs[0])
        rule = doc.add_paragraph()
        rule.paragraph_format.space_after = Pt(6)
        rule.paragraph_format.line_spacing = 1.0
        _child(_child(rule._p.get_or_add_pPr(), "w:rPr"), "w:sz").set(qn("w:val"), "4")
        paragraph_border(rule, "top", val="thinThickSmallGap", size=18, space=1)
        return
    last = fill(doc, None)
    last.paragraph_format.space_after = Pt(6)
    paragraph_border(last, "bottom", val="thickThinSmallGap", size=18, space=4)


def signer_lines(role: str, name: str, rank: str = "", nip: str = "") -> list[tuple[str, bool]]:
    """The lines of one signature: role, room to sign, the name (bold) or a line to write
    it, the rank and the NIP when there is one (outside experts have none)."""
    out: list[tuple[str, bool]] = [(line, False) for line in role.split("\n") if line]
    out += [("", False)] * 3
    out.append((name or "(" + "." * 40 + ")", bool(name)))
    if rank:
        out.append((rank, False))
    if nip:
        out.append((f"NIP. {nip}", False))
    return out


def signatures(
    doc: DocxDocument,
    place_date: str,
    signers: Sequence[list[tuple[str, bool]]],
    known: list[tuple[str, bool]] | None = None,
) -> Table:
    """Signatures side by side, the place and date above the last one, then (when given)
    the countersignature 'Mengetahui,' centred below. Rows never split across pages."""
    cols = max(1, len(signers))
    table = doc.add_table(rows=2 if known else 1, cols=cols)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _set_widths(table, [TEXT_W_CM / cols] * cols)
    style = doc.styles["Normal"]
    longest = max(len(s) for s in signers) if signers else 0

    def write(cell: _Cell, lines: list[tuple[str, bool]]) -> None:
        for j, (text, bold) in enumerate(lines):
            p = cell.paragraphs[0] if j == 0 else cell.add_paragraph()
            p.style = style
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_after = Pt(0)
            p.paragraph_format.keep_with_next = True
            if text:
                run = p.add_run(text)
                run.bold = bold
                run.underline = bold

    for i, (cell, lines) in enumerate(zip(table.rows[0].cells, signers, strict=False)):
        top = [(place_date if i == cols - 1 else "", False)]
        write(cell, top + lines + [("", False)] * (longest - len(lines)))
    cant_split(table.rows[0])
    if known:
        merged = table.rows[1].cells[0].merge(table.rows[1].cells[-1])
        write(merged, [("", False), ("Mengetahui,", False), *known])
        cant_split(table.rows[1])
    return table


def photo_grid(doc: DocxDocument, photos: Sequence[tuple[bytes, int, int, str]]) -> None:
    """Photos two per row (picture, width, height in pixels, caption), each at most
    7.4 × 5.6 cm so a row always fits on a page."""
    if not photos:
        return
    table = doc.add_table(rows=0, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _set_widths(table, [TEXT_W_CM / 2] * 2)
    _no_borders(table)
    cell_style = doc.styles[CELL_STYLE]
    for start in range(0, len(photos), 2):
        row = table.add_row()
        cant_split(row)
        for cell, (data, w, h, text) in zip(row.cells, photos[start : start + 2], strict=False):
            p = cell.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            width = min(7.4, 5.6 * w / max(h, 1))
            p.add_run().add_picture(io.BytesIO(data), width=Cm(width))
            cap = cell.add_paragraph(style=cell_style)
            cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if text:
                cap.add_run(text).italic = True
    _space_after_table(doc)
