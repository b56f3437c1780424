"""Ringkasan Bimtek Tahap N: opened again, its content equals what the store says."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from docx.oxml.ns import qn
from docx.shared import Cm

from tests.docx_support import (
    full_text,
    headings,
    open_docx,
    rows,
    section_after,
    tables_by_caption,
)
from workshop import domain as d
from workshop.exports import docx_base as dc
from workshop.exports import formats as fm
from workshop.exports import summary
from workshop.security import PinHasher
from workshop.store import Store


@pytest.fixture(scope="module")
def docs(demo):
    """The summary of the last stage (dot voting, manual votes, quick wins agreed) and of
    stage III (rating mode)."""
    store, wid = demo
    stages = {s.number: s for s in store.stages(wid)}
    return {n: open_docx(summary.build_summary(store, stages[n].id)) for n in (3, 4)}


def test_cover_block_names_region_stage_date_and_venue(demo, docs):
    store, wid = demo
    w = store.workshop(wid)
    doc = docs[4]
    top = "\n".join(p.text for p in doc.paragraphs[:8])
    assert "PEMERINTAH KOTA METRO" in top
    assert "PROVINSI LAMPUNG" in top
    assert "RINGKASAN BIMTEK TAHAP IV" in top
    info = rows(doc.tables[0])
    assert ["Hari/tanggal", ":", "Kamis, 12 Oktober 2023"] in info
    assert ["Tempat", ":", w.venue] in info
    assert ["Tahap", ":", "Tahap IV – Finalisasi dan Komitmen Bersama"] in info
    assert doc.core_properties.title.startswith("Ringkasan Bimtek Tahap IV")


def test_attendance_by_group_and_opd_and_absent_opds(demo, docs):
    store, wid = demo
    for number, doc in docs.items():
        stage = store.stage_by_number(wid, number)
        tables = tables_by_caption(doc)
        present = store.attendance(stage.id)
        groups = store.group_counts(stage.id)
        by_group = rows(tables[f"Kehadiran per kelompok peserta, Tahap {stage.roman}"])
        assert by_group[0] == ["Kelompok", "Hadir", "Memberi suara", "Usulan"]
        # one counting rule: the ideas column counts the shown ideas (merged ones once)
        group_of = {p.id: p.group for p in store.participants(wid)}
        shown = store.ideas(wid, stage_id=stage.id)
        per_group = Counter(group_of.get(i.author_id, "fasilitator") for i in shown)
        expected = [
            [d.GROUP_LABELS[g], str(v["hadir"]), str(v["memilih"]), str(per_group[g])]
            for g, v in groups.items()
            if v["hadir"] or v["memilih"] or per_group[g]
        ]
        assert by_group[1:-1] == expected
        assert by_group[-1] == [
            "Jumlah",
            str(len(present)),
            str(store.vote_progress(stage.id)["voters"]),
            str(len(shown)),
        ]
        assert f"mengirim {len(shown)} usulan" in full_text(doc)

        per_opd = Counter(r["opd"] for r in present if r["opd"])
        per_inst = Counter(r["institution"] for r in present if not r["opd"])
        table = rows(tables[f"Peserta hadir per OPD dan instansi, Tahap {stage.roman}"])
        got_opd = {r[1]: int(r[3]) for r in table[1:-1] if r[2] == "OPD / unit kerja"}
        got_inst = Counter()
        for r in table[1:-1]:
            if r[2] != "OPD / unit kerja":
                got_inst[r[1]] += int(r[3])
        assert got_opd == dict(per_opd)
        assert got_inst == per_inst
        assert table[-1][1:] == ["Jumlah", "", str(len(present))]

        roster = [o.name for o in store.opds(wid)]
        absent = [n for n in roster if n not in per_opd]
        counts = store.counts(stage.id)
        assert len(absent) == counts["opd_total"] - counts["opd_present"]
        if absent:
            assert f"tidak mengirim peserta pada tahap ini: {fm.and_list(absent)}." in (
                full_text(doc)
            )
        else:
            assert "Semua OPD/unit kerja dalam daftar mengirim peserta." in full_text(doc)


def test_ideas_per_pillar_and_kind(demo, docs):
    store, wid = demo
    pillars = store.pillars(wid)
    for number, doc in docs.items():
        stage = store.stage_by_number(wid, number)
        ideas = store.ideas(wid, stage_id=stage.id)
        caption = f"Jumlah usulan per pilar dan jenis, Tahap {stage.roman}"
        table = rows(tables_by_caption(doc)[caption])
        assert table[0] == ["Pilar", "Masalah / isu", "Potensi", "Usulan program", "Jumlah"]
        per_pillar = store.counts(stage.id)["ideas_per_pillar"]
        for p, row in zip(pillars, table[1:], strict=False):
            kinds = Counter(i.kind for i in ideas if i.pillar_id == p.id)
            assert row == [p.name, *(str(kinds[k]) for k in d.KINDS), str(per_pillar.get(p.id, 0))]
        assert table[-1][-1] == str(len(ideas))
        text = full_text(doc)
        for idea in ideas:
            assert idea.title in text


def test_vote_results_per_pillar_equal_tallies_with_manual_marked(demo, docs):
    store, wid = demo
    stage = store.stage_by_number(wid, 4)
    doc = docs[4]
    tables = tables_by_caption(doc)
    tallies = store.tallies(stage.id)
    assert any(t.paper for t in tallies)
    for pillar in store.pillars(wid):
        group = [t for t in tallies if t.pillar_id == pillar.id]
        table = rows(tables[f"Hasil voting pilar {pillar.name}, Tahap IV"])
        assert table[0] == [
            "Pering-\nkat",
            "Usulan",
            "Suara\naplikasi",
            "Suara\nmanual",
            "Total",
            "Pemilih",
        ]
        assert len(table) - 1 == len(group)
        ranks = fm.rank_labels(group, "dots")
        for row, t in zip(table[1:], group, strict=False):
            assert row[0] == ranks[t.idea_id]
            assert row[1].split("\n")[0] == t.title
            assert row[2:] == [
                str(t.dots),
                str(t.paper) if t.paper else "–",
                str(t.total),
                str(t.voters),
            ]
            if t.paper:
                assert f"termasuk {t.paper} suara manual" in row[1]
    # one chart per pillar with votes, below its table
    assert len(doc.inline_shapes) == len({t.pillar_id for t in tallies if t.total})
    assert all(abs(s.width - Cm(14)) < Cm(0.05) for s in doc.inline_shapes)


def test_rating_results_show_means_and_quadrant(demo, docs):
    store, wid = demo
    stage = store.stage_by_number(wid, 3)
    tables = tables_by_caption(docs[3])
    tallies = fm.exact_tallies(store, stage, store.tallies(stage.id))  # exact means
    for pillar in store.pillars(wid):
        group = [t for t in tallies if t.pillar_id == pillar.id]
        table = rows(tables[f"Hasil penilaian pilar {pillar.name}, Tahap III"])
        ranks = fm.rank_labels(group, "rating")
        for n, (row, t) in enumerate(zip(table[1:], group, strict=True), 1):
            assert row[:2] == [str(n), ranks[t.idea_id]]  # No = the chart's number
            assert row[3:8] == [
                fm.fmt_dec(t.impact),
                fm.fmt_dec(t.feasibility),
                fm.fmt_dec(t.impact * t.feasibility),  # from the exact means
                str(t.ratings),
                "Ya" if t.quick_win_quadrant else "–",
            ]


def test_every_pillar_is_a_heading_in_ideas_and_results(demo, docs):
    store, wid = demo
    names = [p.name for p in store.pillars(wid)]
    assert headings(docs[4], 3) == names  # one result heading per voted pillar
    assert headings(docs[4], 1) == [
        "I. Pendahuluan",
        "II. Pelaksanaan",
        "III. Hasil Kegiatan",
        "IV. Kesimpulan dan Rekomendasi",
        "V. Penutup",
        "Lampiran 1. Daftar Hadir Tahap IV",
    ]
    assert headings(docs[4], 2) == [
        "1.1 Latar Belakang",
        "1.2 Dasar Hukum",
        "1.3 Maksud dan Tujuan",
        "1.4 Ruang Lingkup",
        "2.1 Waktu dan Tempat",
        "2.2 Peserta",
        "2.3 Narasumber dan Fasilitator",
        "2.4 Susunan Acara",
        "3.1 Usulan per Pilar",
        "3.2 Hasil Pemungutan Suara",
        "3.3 Prioritas dan Kesepakatan",
    ]


def test_shortlist_priorities_and_agreed_quickwins(demo, docs):
    store, wid = demo
    stage = store.stage_by_number(wid, 4)
    tables = tables_by_caption(docs[4])
    tallies = store.tallies(stage.id)
    prio = rows(tables["Usulan dalam daftar pilihan dan prioritas, Tahap IV"])
    for p, row in zip(store.pillars(wid), prio[1:], strict=False):
        group = [t for t in tallies if t.pillar_id == p.id]
        assert row[:3] == [
            p.name,
            str(len(group)),
            "\n".join(t.title for t in group if t.rank == 1) or "–",
        ]
    assert prio[-1][:2] == ["Jumlah", str(len(tallies))]
    opd = {o.id: o.name for o in store.opds(wid)}
    pillar = {p.id: p.name for p in store.pillars(wid)}
    agreed = rows(tables["Program quick win yang disepakati pada Tahap IV"])
    qws = store.quickwins(wid, stage_id=stage.id)
    assert len(qws) == 5
    assert [r[1:4] for r in agreed[1:]] == [
        [q.name, pillar[q.pillar_id], opd[q.owner_opd_id]] for q in qws
    ]
    # stage III agreed nothing
    assert "Belum ada program quick win yang disepakati pada tahap ini." in full_text(docs[3])


def test_notes_signatures_and_attendance_appendix(demo, docs):
    store, wid = demo
    stage = store.stage_by_number(wid, 4)
    doc = docs[4]
    notes = section_after(doc, "IV. Kesimpulan dan Rekomendasi")
    assert any(getattr(b, "rows", None) for b in notes), "writing lines: nothing typed yet"
    sign = "\n".join(
        c.text
        for b in section_after(doc, "V. Penutup")
        if hasattr(b, "rows")
        for r in b.rows
        for c in r.cells
    )
    assert "Metro, 12 Oktober 2023" in sign and "Mengetahui," in sign
    assert "Wali Kota Metro," in sign and "Tenaga Ahli / Fasilitator," in sign
    assert "NIP." not in sign  # no NIP typed: no NIP line (outside experts have none)
    table = rows(tables_by_caption(doc)["Daftar hadir peserta, Tahap IV"])
    assert table[0] == ["No", "Nama / jabatan", "OPD / instansi", "NIP", "Telepon", "Tanda tangan"]
    present = store.attendance(stage.id)
    assert len(table) - 1 == len(present) + 5  # five blank numbered rows for paper sign-ins
    assert sorted(r[1] for r in table[1 : len(present) + 1]) == sorted(r["name"] for r in present)
    assert [r[0] for r in table[1:]] == [str(i) for i in range(1, len(table))]


def test_word_styles_a4_page_numbers_repeated_headers(docs):
    doc = docs[4]
    section = doc.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.01)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.01)
    assert abs(section.left_margin - Cm(3)) < Cm(0.01)
    assert abs(section.right_margin - Cm(2.5)) < Cm(0.01)
    normal = doc.styles["Normal"]
    assert normal.font.name == "Arial" and normal.font.size.pt == 12
    assert 1.15 <= normal.paragraph_format.line_spacing <= 1.5
    for level in (1, 2, 3):
        style = doc.styles[f"Heading {level}"]
        assert style.font.name == "Arial"
        # built-in heading styles: Word's navigation pane lists them
        assert style.element.get(qn("w:styleId")) == f"Heading{level}"
    assert headings(doc, 1) and headings(doc, 2)
    captioned = tables_by_caption(doc)
    assert len(captioned) >= 15
    for caption, table in captioned.items():
        assert table.style.name == "Table Grid", caption
        assert dc.is_repeated_header(table.rows[0]), caption
        assert not any(dc.is_repeated_header(r) for r in table.rows[1:]), caption
        fixed = table._tbl.tblPr.find(qn("w:tblLayout"))
        assert fixed is not None and fixed.get(qn("w:type")) == "fixed", caption
        widths = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert abs(sum(widths) - Cm(dc.TEXT_W_CM).twips) < 20, caption
    footer = section.footer.paragraphs[0]
    instr = " ".join(el.text for el in footer._p.iter(qn("w:instrText")))
    assert "PAGE" in instr and "NUMPAGES" in instr
    assert "Halaman" in footer.text


def test_empty_stage_and_hostile_text_still_build(tmp_path):
    store = Store(tmp_path / "e.db", hasher=PinHasher(fast=True))
    auth = store.system_auth()
    w = store.create_workshop(auth, region="Kabupaten Bangli", province="Bali", year=2024)
    stage = store.current_stage(w.id)
    doc = open_docx(summary.build_summary(store, stage.id))
    text = full_text(doc)
    assert "PEMERINTAH KABUPATEN BANGLI" in text
    assert fm.EMPTY in text  # no date yet: a blank to fill in
    assert "belum mencatat kegiatan" in text and "Tahap ini belum menghasilkan data" in text
    assert not re.search(r"(?<![\d.,])0(?![\d.,])", text)  # no zeros, no "0 peserta"
    assert "Bangli, " in text
    hostile = '<w:p>&amp; "quotes" ]]> 🚀 =HYPERLINK("http://x","y")'
    store.add_idea(
        auth,
        w.id,
        pillar_id=store.pillars(w.id)[0].id,
        kind="usulan",
        title=hostile[:120],
        description="a\nb\n\nc",
    )
    doc = open_docx(summary.build_summary(store, stage.id))
    assert hostile[:120] in full_text(doc)
    store.close()


def test_filename_is_plain(demo):
    store, wid = demo
    stage = store.stage_by_number(wid, 4)
    name = summary.filename(store, stage.id)
    assert name == "Ringkasan_Bimtek_Tahap_IV_Kota_Metro_2023.docx"


def test_rating_stage_with_manual_votes_and_unrated_ideas(tmp_path):
    store = Store(tmp_path / "r.db", hasher=PinHasher(fast=True))
    auth = store.system_auth()
    w = store.create_workshop(auth, region="Kota Metro", year=2023)
    stage = store.current_stage(w.id)
    store.update_stage(auth, stage.id, vote_mode="rating", date="2023-09-13")
    pillar = store.pillars(w.id)[0]
    a = store.add_idea(auth, w.id, pillar_id=pillar.id, kind="usulan", title="Satu Data Kota")
    b = store.add_idea(auth, w.id, pillar_id=pillar.id, kind="usulan", title="Kanal aduan")
    store.set_shortlisted(auth, stage.id, [a.id, b.id])
    store.set_paper_tally(auth, stage.id, a.id, 9, "Kertas suara")
    doc = open_docx(summary.build_summary(store, stage.id))
    table = rows(tables_by_caption(doc)[f"Hasil penilaian pilar {pillar.name}, Tahap I"])
    assert table[0][-1] == "Suara\nmanual"
    by_title = {r[1].split("\n")[0]: r for r in table[1:]}
    by_title = {r[2].split("\n")[0]: r for r in table[1:]}
    assert by_title["Satu Data Kota"][-1] == "9"
    assert "termasuk 9 suara manual: Kertas suara" in by_title["Satu Data Kota"][2]
    assert by_title["Kanal aduan"][3:6] == ["–", "–", "–"]
    assert by_title["Kanal aduan"][1] == "–"  # not rated: no rank
    assert len(doc.inline_shapes) == 0  # nothing rated: no empty chart
    store.close()


def test_xml_children_in_schema_order(demo):
    from tests.docx_support import order_violations

    store, wid = demo
    data = summary.build_summary(store, store.stage_by_number(wid, 4).id)
    assert order_violations(data) == []


def test_removed_participants_are_left_out_and_counted(store, auth, ballot):
    """A participant the facilitator removed is out of every count and list of the
    summary; one sentence says how many were removed (and none while nobody was)."""
    i, p = ballot.ideas, ballot.people
    store.cast_dots(p.budi.token, ballot.gov.id, {i.mpp.id: 2})
    store.cast_dots(p.ani.token, ballot.gov.id, {i.satu_data.id: 1})
    before = full_text(open_docx(summary.build_summary(store, ballot.stage.id)))
    assert "dihapus oleh fasilitator" not in before and "Budi Santoso" in before
    store.remove_participant(auth, p.budi.id)
    doc = open_docx(summary.build_summary(store, ballot.stage.id))
    text = full_text(doc)
    assert "Budi Santoso" not in text and "Kanal pengaduan" not in text
    assert "dihadiri 2 peserta" in text and "1 peserta memberikan suara" in text
    assert section_after(doc, "2.2 Peserta")[0].text == (
        "1 peserta dihapus oleh fasilitator; kehadiran, usulan dan suaranya tidak dihitung "
        "dalam ringkasan ini."
    )
    store.restore_participant(auth, p.budi.id)
    assert full_text(open_docx(summary.build_summary(store, ballot.stage.id))) == before
