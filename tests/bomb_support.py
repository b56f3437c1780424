"""Hostile roster files, built in the test (nothing downloaded): zip bombs, a sheet that
declares A1:XFD2000, thousands of styles, a 50 MB CSV, junk renamed .xlsx."""

from __future__ import annotations

import io
import os
import zipfile

import openpyxl

NAMES = [f"Dinas Nomor {i}" for i in range(1, 41)]


def roster_xlsx(names: list[str] = NAMES) -> bytes:
    """A normal roster: a header row and one OPD per row."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["No", "Nama OPD"])
    for i, name in enumerate(names, 1):
        ws.append([i, name])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def rewrite(data: bytes, parts: dict[str, object]) -> bytes:
    """The zip `data` with some parts replaced: bytes, or a callable writing into a
    stream (for parts too big to hold in memory)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info in src.infolist():
            new = parts.get(info.filename, None)
            if new is None:
                dst.writestr(info.filename, src.read(info.filename))
            elif callable(new):
                with dst.open(info.filename, "w", force_zip64=True) as fh:
                    new(fh)
            else:
                dst.writestr(info.filename, new)
    return out.getvalue()


SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def zip_bomb_xlsx(megabytes: int = 300) -> bytes:
    """A sheet of `megabytes` MB of identical rows (it packs to a few hundred KB)."""
    row = b'<row><c t="inlineStr"><is><t>Dinas</t></is></c></row>' * 1000

    def write(fh):
        fh.write(SHEET_HEAD + b"<sheetData>")
        for _ in range(megabytes * 1024 * 1024 // len(row)):
            fh.write(row)
        fh.write(b"</sheetData></worksheet>")

    return rewrite(roster_xlsx(), {"xl/worksheets/sheet1.xml": write})


def wide_dimension_xlsx(names: list[str] = NAMES) -> bytes:
    """A normal roster whose sheet declares the dimension A1:XFD2000 (and has a row 2000)."""
    data = roster_xlsx(names)
    src = zipfile.ZipFile(io.BytesIO(data))
    sheet = src.read("xl/worksheets/sheet1.xml")
    start = sheet.index(b"<dimension ref=")
    end = sheet.index(b"/>", start) + 2
    sheet = sheet[:start] + b'<dimension ref="A1:XFD2000"/>' + sheet[end:]
    sheet = sheet.replace(
        b"</sheetData>", b'<row r="2000"><c r="XFD2000"><v>1</v></c></row></sheetData>'
    )
    return rewrite(data, {"xl/worksheets/sheet1.xml": sheet})


def many_styles_xlsx(styles: int = 200_000) -> bytes:
    """A roster whose styles part holds `styles` cell formats."""
    data = roster_xlsx()
    xf = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    styles_xml = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        b'<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
        b'<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
        b"</borders>"
        b'<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        b"</cellStyleXfs>"
        + f'<cellXfs count="{styles}">'.encode()
        + xf * styles
        + b"</cellXfs></styleSheet>"
    )
    return rewrite(data, {"xl/styles.xml": styles_xml})


def big_csv(megabytes: int = 50) -> bytes:
    line = b"Dinas Pekerjaan Umum dan Penataan Ruang\n"
    return line * (megabytes * 1024 * 1024 // len(line))


def junk_xlsx() -> bytes:
    return os.urandom(64 * 1024)


def many_lines_csv() -> bytes:
    """4.5 MB of near-empty lines (under the size limit): two million rows to split."""
    return b";\n" * 2_250_000


def long_line_csv() -> bytes:
    """One 4 MB line without a separator."""
    return b"Dinas " * (700_000)
