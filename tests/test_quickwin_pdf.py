"""The four Tahap IV quick-win documents open in LibreOffice and stay compact (page counts
of the 110-participant demo, five quick wins: before the compact layout the draft took 8
pages)."""

from __future__ import annotations

import subprocess

import pytest

from tests.docx_support import demo_store
from tests.test_libreoffice import SOFFICE, page_count, pdf_text
from workshop.exports import EXPORTS

pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")

KINDS = ("quickwins", "qw_risks", "qw_berita", "qw_komitmen")


def test_quickwin_documents_convert_and_stay_compact(tmp_path_factory, tmp_path):
    store, wid = demo_store(tmp_path_factory)
    qws = store.quickwins(wid)
    assert len(qws) == 5
    for kind in KINDS:
        (tmp_path / f"{kind}.docx").write_bytes(EXPORTS[kind].build(store, wid))
    done = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            *(str(tmp_path / f"{k}.docx") for k in KINDS),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    pages = {k: page_count(tmp_path / "pdf" / f"{k}.pdf") for k in KINDS}
    # profiles: about one page per programme plus the introduction and summary (was 8)
    assert pages == {"quickwins": 7, "qw_risks": 3, "qw_berita": 2, "qw_komitmen": 1}, pages
    text = pdf_text(tmp_path / "pdf" / "qw_komitmen.pdf")
    if text is not None:
        flat = " ".join(text.split())
        opd = {o.id: o.name for o in store.opds(wid)}
        for q in qws:
            assert opd[q.owner_opd_id].split()[0] in flat
        assert "Wali Kota Metro" in flat and "Halaman 1 dari 1" in flat
        berita = " ".join(pdf_text(tmp_path / "pdf" / "qw_berita.pdf").split())
        assert "Pada hari ini Kamis tanggal dua belas bulan Oktober" in berita
    store.close()
