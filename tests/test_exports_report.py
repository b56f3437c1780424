"""The stage summary as an official report: kop, signers, daftar hadir, photos, honest
results (no votes, ties), charts that fit a page, and every document through LibreOffice
to PDF, rendered to images: no chart crosses a page edge."""

from __future__ import annotations

import io
import shutil
import subprocess
import warnings
from pathlib import Path

import openpyxl
import pytest
from docx.shared import Cm
from PIL import Image

from tests.docx_support import full_text, open_docx, rows, tables_by_caption
from tests.test_store_documents import jpeg, png
from workshop.exports import charts, summary, workbook
from workshop.exports import docx_base as dc
from workshop.exports import formats as fm

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOPPM = shutil.which("pdftoppm")
ARABIC = "تطبيق المدينة الذكية"


def big_ballot(store, auth, ws, pillars, ideas: int = 60, voters: int = 30):
    """Stage I with `ideas` ideas on the ballot of the first pillar (votes spread, two
    tied at the top), two unvoted ideas in the second pillar, an emoji and an Arabic
    title among them."""
    stage = store.current_stage(ws.id)
    gov, brand = pillars[0], pillars[1]
    titles = [f"Usulan layanan digital nomor {n}" for n in range(ideas)]
    titles[3] = "🚀 Aplikasi roket 😀 layanan cepat"
    titles[5] = ARABIC
    made = [store.add_idea(auth, ws.id, pillar_id=gov.id, kind="usulan", title=t) for t in titles]
    idle = [
        store.add_idea(auth, ws.id, pillar_id=brand.id, kind="usulan", title=t)
        for t in ("Festival budaya", "Katalog UMKM")
    ]
    store.set_phase(auth, stage.id, "group")
    store.set_shortlisted(auth, stage.id, [i.id for i in made + idle])
    store.set_phase(auth, stage.id, "vote")
    for n in range(voters):
        p = store.join(ws.join_code, name=f"Peserta {n}", group="masyarakat", institution="X")
        first, second = made[0], made[1]  # the two tie at the top
        third = made[2 + n % (ideas - 2)]
        store.cast_dots(p.token, gov.id, {first.id: 1, second.id: 1, third.id: 1})
    return store.stage(stage.id), gov, brand, made, idle


def test_kop_signers_attendance_and_photos_come_from_the_document_fields(
    store, auth, ws, pillars, people
):
    stage = store.current_stage(ws.id)
    store.set_doc_fields(
        auth,
        ws.id,
        {
            "kop_agency": "Dinas Komunikasi dan Informatika",
            "kop_address": "Jl. AH Nasution No. 1, Metro",
            "kop_phone": "(0725) 41234",
            "kop_email": "diskominfo@metrokota.go.id",
            "kop_website": "metrokota.go.id",
            "signer2_name": "Drs. Budi Hartono, M.Si.",
            "signer2_rank": "Pembina Tingkat I (IV/b)",
            "signer2_nip": "197001011995031001",
            "known_name": "Dr. Wahdi",
        },
    )
    store.set_doc_fields(
        auth,
        ws.id,
        {
            "doc_number": "005/123/D.4/2023",
            "agenda": "08.30–09.00 | Registrasi peserta\n09.00–12.00 | Diskusi kelompok",
            "kesimpulan": "Peserta menyepakati tindak lanjut per pilar.",
        },
        stage.id,
    )
    store.set_logo(auth, ws.id, png(300, 300))
    store.add_photo(auth, stage.id, jpeg(800, 600), "Diskusi kelompok pilar")
    store.set_attendee_details(
        auth, ws.id, {people.ani.id: {"jabatan": "Kepala Bidang", "nip": "198001012005011001"}}
    )
    doc = open_docx(summary.build_summary(store, stage.id))
    text = full_text(doc)
    for expected in (
        "PEMERINTAH KOTA METRO",
        "Dinas Komunikasi dan Informatika",
        "Jl. AH Nasution No. 1, Metro",
        "Telp. (0725) 41234 · Email: diskominfo@metrokota.go.id · metrokota.go.id",
        "Nomor: 005/123/D.4/2023",
        "Peserta menyepakati tindak lanjut per pilar.",
        "Drs. Budi Hartono, M.Si.",
        "Pembina Tingkat I (IV/b)",
        "NIP. 197001011995031001",
        "Mengetahui,",
        "Dr. Wahdi",
        "Lampiran 2. Foto Kegiatan Tahap I",
        "Diskusi kelompok pilar",
    ):
        assert expected in text, expected
    agenda = rows(tables_by_caption(doc)["Susunan acara Bimtek Tahap I"])
    assert agenda[1:] == [
        ["1", "08.30–09.00", "Registrasi peserta"],
        ["2", "09.00–12.00", "Diskusi kelompok"],
    ]
    hadir = rows(tables_by_caption(doc)["Daftar hadir peserta, Tahap I"])
    ani = next(r for r in hadir if r[1].startswith("Ani Lestari"))
    assert ani[1:5] == ["Ani Lestari\nKepala Bidang", "Bappeda", "198001012005011001", ""]
    # the logo in the kop and the photo in the appendix, nothing else (no votes: no chart)
    assert len(doc.inline_shapes) == 2
    assert abs(doc.inline_shapes[0].height - Cm(2.3)) < Cm(0.05)


def test_no_votes_no_priority_and_ties_shown(store, auth, ws, pillars):
    stage, gov, brand, made, idle = big_ballot(store, auth, ws, pillars, ideas=12, voters=6)
    doc = open_docx(summary.build_summary(store, stage.id))
    tables = tables_by_caption(doc)
    prio = rows(tables["Usulan dalam daftar pilihan dan prioritas, Tahap I"])
    by_pillar = {r[0]: r for r in prio[1:-1]}
    assert by_pillar[brand.name][1:] == ["2", "–", "belum ada suara"]
    assert by_pillar[gov.name][2] == f"{made[0].title}\n{made[1].title}"
    assert by_pillar[gov.name][3].startswith("seri 2 usulan: 6 suara dari 6 pemilih")
    result = rows(tables[f"Hasil voting pilar {gov.name}, Tahap I"])
    assert [r[0] for r in result[1:3]] == ["=1", "=1"]
    text = full_text(doc)
    assert "Belum ada suara untuk 2 usulan dalam daftar pilihan pilar ini" in text
    assert f"Tidak ada usulan dalam daftar pilihan untuk pilar {pillars[2].name}" in text
    # Excel says the same: no priority without votes, the tie marked
    wb = openpyxl.load_workbook(io.BytesIO(workbook.build_workbook(store, ws.id)))
    sheet = wb["Hasil per Pilar"]
    header = [c.value for c in sheet[2]]
    got = {
        r[header.index("Usulan")]: (
            r[header.index("Peringkat")],
            r[header.index("Prioritas teratas")],
        )
        for r in sheet.iter_rows(min_row=3, values_only=True)
    }
    assert got["Festival budaya"] == ("–", "belum ada suara")
    assert got[made[0].title] == ("=1", "Ya (seri)")
    assert got[made[1].title] == ("=1", "Ya (seri)")


def test_cover_sentences_for_zero_one_and_many(store, auth, ws, pillars, people):
    stage = store.current_stage(ws.id)
    text = summary.key_figures(summary.gather(store, stage.id))
    assert text == (
        "Bimtek Tahap I dihadiri 3 peserta, termasuk utusan 2 dari "
        f"{len(store.opds(ws.id))} OPD/unit kerja dalam daftar. Belum ada usulan yang "
        "dikirim. Belum ada usulan dalam daftar pilihan. Belum ada program quick win yang "
        "disepakati pada tahap ini."
    )
    store.submit_idea(people.ani.token, pillar_id=pillars[0].id, kind="usulan", title="Satu")
    text = summary.key_figures(summary.gather(store, stage.id))
    assert "Peserta mengirim 1 usulan." in text
    assert " dari 30 dari " not in text and " , " not in text


def test_chart_shows_top_n_and_never_exceeds_a_page(store, auth, ws, pillars):
    stage, gov, *_ = big_ballot(store, auth, ws, pillars, ideas=60)
    group = [t for t in store.tallies(stage.id) if t.pillar_id == gov.id]
    assert len(group) == 60
    fig = charts.dot_figure(group, "", top_n=10)
    assert len(fig.axes[0].get_yticks()) == 10
    for n in (10, 30):
        fig = charts.dot_figure(group, "", top_n=n)
        width_in, height_in = fig.get_size_inches()
        # inserted 14 cm wide: the height on the page stays under 14 cm (a page holds 24.7)
        assert height_in / width_in * 14 <= 14.0, n
    store.set_doc_fields(auth, ws.id, {"chart_top_n": "15"})
    doc = open_docx(summary.build_summary(store, stage.id))
    assert "(15 teratas; selengkapnya di Tabel" in full_text(doc)
    table = next(t for c, t in tables_by_caption(doc).items() if c.startswith("Hasil voting pilar"))
    assert len(table.rows) == 61  # the table keeps every idea


def test_emoji_and_arabic_labels_draw_without_missing_glyphs():
    kept = charts.drawable("🚀 Aplikasi roket 😀 layanan")
    assert kept.startswith("Aplikasi roket") and kept.endswith(" layanan") and "🚀" not in kept
    assert all(ord(c) in charts._covered() for c in kept)  # what stays, some font draws
    assert charts.drawable(ARABIC) == ARABIC  # Noto Sans Arabic covers it
    from workshop.domain import Tally

    tallies = [
        Tally(idea_id=1, pillar_id=1, title="🚀 Aplikasi roket 😀", dots=5, voters=5, rank=1),
        Tally(idea_id=2, pillar_id=1, title=ARABIC, dots=3, voters=3, rank=2),
    ]
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="Glyph .* missing")
        fig = charts.dot_figure(tallies, "Pilar 🌿 hijau")
        fig.savefig(io.BytesIO(), format="png")  # no glyph warned missing (no boxes)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == [f"1. {charts.drawable(tallies[0].title)}", f"2. {ARABIC}"]


def test_hostile_report_texts_reach_the_document_literally(store, auth, ws):
    stage = store.current_stage(ws.id)
    hostile = '<w:p>&amp; ]]> "kutip" =HYPERLINK("x") 🚀 ' + ARABIC
    store.set_doc_fields(auth, ws.id, {"latar_belakang": hostile, "penutup": "a\n\nb"}, stage.id)
    store.set_doc_fields(auth, ws.id, {"kop_agency": hostile[:200]})
    doc = open_docx(summary.build_summary(store, stage.id))
    text = full_text(doc)
    assert hostile in text and hostile[:200] in text


# --------------------------------------------------------------------------- PDF


def _to_pdf(files: dict[str, bytes], out: Path) -> dict[str, Path]:
    for name, data in files.items():
        (out / name).write_bytes(data)
    done = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(out / 'lo-profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out / "pdf"),
            *(str(out / n) for n in files),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    pdfs = {n: out / "pdf" / (Path(n).stem + ".pdf") for n in files}
    for n, pdf in pdfs.items():
        assert pdf.is_file() and pdf.read_bytes()[:5] == b"%PDF-", n
    return pdfs


def _pages(pdf: Path, out: Path, dpi: int = 30) -> list[Image.Image]:
    prefix = out / pdf.stem
    subprocess.run([PDFTOPPM, "-r", str(dpi), "-png", str(pdf), str(prefix)], check=True)
    return [Image.open(p).convert("RGB") for p in sorted(out.glob(f"{pdf.stem}-*.png"))]


def _bar_mask(page: Image.Image):
    """Pixels of the charts' bar colour (#0b5394), as a boolean array."""
    import numpy as np

    a = np.asarray(page, dtype=np.int16)
    return (
        (abs(a[..., 0] - 0x0B) < 30) & (abs(a[..., 1] - 0x53) < 30) & (abs(a[..., 2] - 0x94) < 30)
    )


def _chart_pixels_outside_text_area(page: Image.Image) -> int:
    """Bar-coloured pixels (only charts use #0b5394) outside the text area or in its
    lowest centimetre. A chart ends with its axis, axis label and caption, so its bars
    never reach that band; a chart taller than the page is cut at the bottom of the text
    area, bars running to the edge (the old 69 cm chart did exactly that)."""
    mask = _bar_mask(page).copy()
    h, w = mask.shape
    cm = w / 21.0
    mask[int(2.3 * cm) : int(h - 3.5 * cm), int(2.8 * cm) : int(w - 2.3 * cm)] = False
    return int(mask.sum())


def _chart_pixels(page: Image.Image) -> int:
    return int(_bar_mask(page).sum())


@pytest.mark.skipif(
    SOFFICE is None or PDFTOPPM is None,
    reason="needs LibreOffice (libreoffice-writer-nogui) and pdftoppm (poppler-utils)",
)
def test_every_document_converts_and_no_chart_crosses_a_page_edge(
    demo, store, auth, ws, pillars, tmp_path
):
    demo_store, wid = demo
    stage, *_ = big_ballot(store, auth, ws, pillars, ideas=60)
    empty = store.stages(ws.id)[1]
    files = {
        "ringkasan_demo.docx": summary.build_summary(
            demo_store, demo_store.stage_by_number(wid, 4).id
        ),
        "ringkasan_rating.docx": summary.build_summary(
            demo_store, demo_store.stage_by_number(wid, 3).id
        ),
        "ringkasan_60.docx": summary.build_summary(store, stage.id),
        "ringkasan_kosong.docx": summary.build_summary(store, empty.id),
        "data.xlsx": workbook.build_workbook(demo_store, wid),
    }
    pdfs = _to_pdf(files, tmp_path)
    counts = {}
    for name, pdf in pdfs.items():
        pages = _pages(pdf, tmp_path)
        counts[name] = len(pages)
        if name.endswith(".docx"):
            for n, page in enumerate(pages, 1):
                assert _chart_pixels_outside_text_area(page) == 0, (name, n)
    # the charts are there (bars drawn in the text area)
    pages60 = _pages(pdfs["ringkasan_60.docx"], tmp_path / "..")
    assert sum(_chart_pixels(p) for p in pages60) > 500
    # compact: an empty stage says so in a few pages (was 6 pages of zeros)
    assert counts["ringkasan_kosong.docx"] <= 4, counts
    assert counts["ringkasan_demo.docx"] <= 16, counts
    assert counts["data.xlsx"] >= 9, counts  # every sheet printed


def test_tables_keep_fixed_widths_and_repeated_headers_at_size(store, auth, ws, pillars):
    stage, *_ = big_ballot(store, auth, ws, pillars, ideas=30, voters=5)
    doc = open_docx(summary.build_summary(store, stage.id))
    for caption, table in tables_by_caption(doc).items():
        assert dc.is_repeated_header(table.rows[0]), caption
    assert fm.rank_labels([], "dots") == {}


def test_stage_sections_hook_adds_numbered_sections_to_the_results(store, auth, ws, people):
    """Part 3's stage documents plug in through summary.STAGE_SECTIONS."""
    stage = store.current_stage(ws.id)

    def swot(doc, data, ctx):
        if data.stage.number != 1:
            return
        ctx.heading("Matriks SWOT")
        ctx.captions.table("Matriks SWOT, Tahap I")
        dc.data_table(doc, ["Kekuatan", "Kelemahan"], [("SDM", "Anggaran")], [7.75, 7.75])

    summary.STAGE_SECTIONS.append(swot)
    try:
        doc = open_docx(summary.build_summary(store, stage.id))
    finally:
        summary.STAGE_SECTIONS.remove(swot)
    from tests.docx_support import headings

    assert headings(doc, 2)[-1] == "3.4 Matriks SWOT"  # after 3.1 ideas, 3.2 votes, 3.3 priorities
    assert rows(tables_by_caption(doc)["Matriks SWOT, Tahap I"]) == [
        ["Kekuatan", "Kelemahan"],
        ["SDM", "Anggaran"],
    ]
