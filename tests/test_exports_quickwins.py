"""Draft Program Quick Win: every agreed programme, every field, the enablers, the votes."""

from __future__ import annotations

import pytest
from docx.oxml.ns import qn

from tests.docx_support import (
    full_text,
    headings,
    open_docx,
    rows,
    section_after,
    tables_by_caption,
)
from workshop import domain as d
from workshop.exports import formats as fm
from workshop.exports import quickwins
from workshop.security import PinHasher
from workshop.store import Store


@pytest.fixture(scope="module")
def doc(demo):
    store, wid = demo
    return open_docx(quickwins.build_quickwins(store, wid))


def test_introduction_names_region_year_and_count(demo, doc):
    store, wid = demo
    w = store.workshop(wid)
    top = "\n".join(p.text for p in doc.paragraphs[:10])
    assert "PEMERINTAH KOTA METRO" in top
    assert "DRAFT PROGRAM QUICK WIN" in top and f"TAHUN {w.year}" in top
    intro = "\n".join(b.text for b in section_after(doc, "1. Pendahuluan"))
    assert f"Masterplan Smart City {w.region} Tahun {w.year}" in intro
    assert "Sebanyak 5 program quick win disepakati pada Bimtek Tahap IV (12 Oktober 2023)" in intro
    assert "mencakup 5 dari 6 pilar" in intro
    assert "regulasi, infrastruktur, sumber daya manusia (SDM) dan aplikasi" in intro


def test_summary_table_lists_every_agreed_programme_with_its_opd(demo, doc):
    store, wid = demo
    opd = {o.id: o.name for o in store.opds(wid)}
    pillar = {p.id: p.name for p in store.pillars(wid)}
    qws = store.quickwins(wid)
    table = rows(tables_by_caption(doc)["Program quick win Kota Metro tahun 2023"])
    assert table[0] == [
        "No",
        "Program",
        "Pilar",
        "OPD penanggung jawab",
        "Jangka\nwaktu",
        "Sumber\nanggaran",
    ]
    assert table[1:] == [
        [
            str(n),
            q.name,
            pillar[q.pillar_id],
            opd[q.owner_opd_id],
            f"{q.timeline_months} bulan",
            q.budget_source,
        ]
        for n, q in enumerate(qws, 1)
    ]
    budget = rows(tables_by_caption(doc)["Perkiraan biaya per sumber anggaran"])
    assert budget[-1] == [
        "Jumlah",
        str(len(qws)),
        "Rp " + fm.fmt_int(sum(q.estimated_cost for q in qws)),
    ]
    assert "Pilar yang belum memiliki program quick win: Smart Branding." in full_text(doc)


def test_one_profile_per_programme_with_every_field(demo, doc):
    store, wid = demo
    opd = {o.id: o.name for o in store.opds(wid)}
    pillar = {p.id: p.name for p in store.pillars(wid)}
    qws = store.quickwins(wid)
    assert [h for h in headings(doc, 2)] == [f"3.{n} {q.name}" for n, q in enumerate(qws, 1)]
    tables = tables_by_caption(doc)
    for q in qws:
        fields = dict(rows(tables[f"Uraian program {q.name}"]))
        idea = store.idea(q.idea_ids[0])
        assert fields == {
            "Nama program": q.name,
            "Pilar": pillar[q.pillar_id],
            "OPD penanggung jawab": opd[q.owner_opd_id],
            "OPD pendukung": ", ".join(opd[o] for o in q.supporting_opd_ids),
            "Masalah yang ditangani": q.problem,
            "Deskripsi program": q.description,
            "Tujuan": q.objective,
            "Indikator output": q.output_indicator,
            "Indikator outcome": q.outcome_indicator,
            "Jangka waktu": f"{q.timeline_months} bulan",
            "Sumber anggaran": q.budget_source,
            "Perkiraan biaya": "Rp " + fm.fmt_int(q.estimated_cost),
            "Risiko": q.risks,
            "Usulan asal": fields["Usulan asal"],
            "Status": "Disepakati pada Bimtek Tahap IV, 12 Oktober 2023",
        }
        assert fields["Usulan asal"].startswith(f"{idea.title} (usulan Tahap ")
        # each model field is covered (ids become names, idea_ids the origin line)
        covered = {
            "name",
            "pillar_id",
            "owner_opd_id",
            "supporting_opd_ids",
            "problem",
            "description",
            "objective",
            "output_indicator",
            "outcome_indicator",
            "timeline_months",
            "budget_source",
            "estimated_cost",
            "risks",
            "enablers",
            "idea_ids",
            "status",
            "stage_id",
            "id",
            "workshop_id",
        }
        assert set(vars(q)) <= covered


def test_enabler_check_is_a_table_per_programme(demo, doc):
    store, wid = demo
    tables = tables_by_caption(doc)
    for q in store.quickwins(wid):
        table = rows(tables[f"Kesiapan enabler program {q.name}"])
        assert table[0] == ["No", "Enabler", "Status", "Catatan / kebutuhan"]
        assert table[1:] == [
            [
                str(i),
                d.ENABLER_LABELS[k],
                d.ENABLER_STATE_LABELS[q.enablers[k]["status"]],
                q.enablers[k]["catatan"] or "–",
            ]
            for i, k in enumerate(d.ENABLERS, 1)
        ]


def test_votes_behind_each_programme_equal_the_tallies(demo, doc):
    store, wid = demo
    tables = tables_by_caption(doc)
    stages = store.stages(wid)
    all_tallies = {s.id: {t.idea_id: t for t in store.tallies(s.id)} for s in stages}
    for q in store.quickwins(wid):
        table = rows(tables[f"Hasil suara dan penilaian usulan {q.name}"])
        expected = []
        for idea_id in q.idea_ids:
            for s in stages:
                t = all_tallies[s.id].get(idea_id)
                if t is None:
                    continue
                if s.vote_mode == "dots":
                    result = f"{t.total} suara"
                    if t.paper:
                        result += f" ({t.dots} aplikasi + {t.paper} manual)"
                    result += f" dari {t.voters} pemilih"
                else:
                    result = (
                        f"dampak {fm.fmt_dec(t.impact)}; kelayakan "
                        f"{fm.fmt_dec(t.feasibility)}; {t.ratings} penilai"
                    )
                    if t.impact > 3 and t.feasibility > 3:
                        result += "; kuadran quick win"
                expected.append([f"Tahap {s.roman}", t.title, str(t.rank), result])
        assert expected, q.name
        assert [[r[0], r[1], r[3], r[4]] for r in table[1:]] == expected


def test_commitment_sheet_and_signatures(demo, doc):
    store, wid = demo
    opd = {o.id: o.name for o in store.opds(wid)}
    qws = store.quickwins(wid)
    table = rows(tables_by_caption(doc)["Lembar komitmen OPD penanggung jawab"])
    assert [r[1:3] for r in table[1:]] == [[opd[q.owner_opd_id], q.name] for q in qws]
    text = full_text(doc)
    assert "Wali Kota Metro" in text and "Metro, 12 Oktober 2023" in text


def test_drafts_are_left_out_unless_asked(tmp_path):
    store = Store(tmp_path / "q.db", hasher=PinHasher(fast=True))
    auth = store.system_auth()
    w = store.create_workshop(auth, region="Kabupaten Bangli", province="Bali", year=2024)
    stage = store.current_stage(w.id)
    opd = {o.name: o.id for o in store.opds(w.id)}
    pillars = store.pillars(w.id)
    empty = open_docx(quickwins.build_quickwins(store, w.id))
    assert "Belum ada program quick win yang disepakati." in full_text(empty)
    store.create_quickwin(
        auth,
        stage.id,
        name="Bangli Satu Data",
        pillar_id=pillars[0].id,
        owner_opd_id=opd["Diskominfo"],
    )
    store.create_quickwin(
        auth,
        stage.id,
        name='Pasar <QRIS> & "kios"',
        pillar_id=pillars[2].id,
        owner_opd_id=opd["Dinas Perdagangan"],
        status="draft",
    )
    doc = open_docx(quickwins.build_quickwins(store, w.id))
    text = full_text(doc)
    assert "Bangli Satu Data" in text and "Pasar <QRIS>" not in text
    assert "1 program lain masih berstatus draf" in text
    assert "Bupati Bangli" in text
    fields = dict(rows(tables_by_caption(doc)["Uraian program Bangli Satu Data"]))
    assert fields["Perkiraan biaya"] == fm.EMPTY  # left for the OPD to fill in
    assert fields["Tujuan"] == fm.EMPTY
    assert "tanpa pemungutan suara" in text
    both = full_text(open_docx(quickwins.build_quickwins(store, w.id, include_drafts=True)))
    assert 'Pasar <QRIS> & "kios"\n(draf)' in both
    store.close()


def test_styles_and_repeated_headers(doc):
    for caption, table in tables_by_caption(doc).items():
        assert table.style.name == "Table Grid"
        if caption.startswith("Uraian program"):
            continue  # label | value: no header row
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None, caption
    assert headings(doc, 3)[:3] == [
        "a. Uraian program",
        "b. Pemeriksaan empat enabler",
        "c. Dasar pemilihan",
    ]
    assert doc.core_properties.language == "id-ID"


def test_xml_children_in_schema_order(demo):
    from tests.docx_support import order_violations

    store, wid = demo
    assert order_violations(quickwins.build_quickwins(store, wid)) == []
