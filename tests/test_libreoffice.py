"""Both Word exports open in a real word processor: LibreOffice converts them to PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.docx_support import demo_store
from workshop.exports import quickwins as quickwins_docx
from workshop.exports import summary as summary_docx

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed: apt-get install "
    "libreoffice-writer-nogui to run the PDF conversion test",
)


def pdf_text(pdf: Path) -> str | None:
    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    return subprocess.run(
        [tool, "-layout", str(pdf), "-"], capture_output=True, text=True, timeout=60, check=True
    ).stdout


def page_count(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))


def test_both_documents_convert_to_pdf(tmp_path_factory, tmp_path):
    store, wid = demo_store(tmp_path_factory)
    stage = store.stage_by_number(wid, 4)
    files = {
        "ringkasan.docx": summary_docx.build_summary(store, stage.id),
        "quickwin.docx": quickwins_docx.build_quickwins(store, wid),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    profile = (tmp_path / "lo-profile").as_uri()
    done = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            *(str(tmp_path / n) for n in files),
        ],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr
    summary = tmp_path / "pdf" / "ringkasan.pdf"
    quickwin = tmp_path / "pdf" / "quickwin.pdf"
    for pdf in (summary, quickwin):
        assert pdf.is_file(), f"LibreOffice did not write {pdf.name}: {done.stdout} {done.stderr}"
        assert pdf.read_bytes()[:5] == b"%PDF-"
    qws = store.quickwins(wid)
    assert page_count(summary) >= 6
    assert page_count(quickwin) >= len(qws) + 1

    text = pdf_text(summary)
    if text is not None:  # poppler-utils present: check what the reader sees
        flat = " ".join(text.split())
        assert "RINGKASAN BIMTEK TAHAP IV" in flat and "12 Oktober 2023" in flat
        for p in store.pillars(wid):
            assert p.name in flat
        assert "Halaman 1 dari" in flat
        flat = " ".join(pdf_text(quickwin).split())
        opd = {o.id: o.name for o in store.opds(wid)}
        for q in qws:
            assert q.name in flat and opd[q.owner_opd_id].split()[0] in flat
    store.close()
