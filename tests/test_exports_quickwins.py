"""The Tahap IV quick-win documents: the compact profiles (Draft Program Quick Win), the
risk register, the berita acara kesepakatan and the komitmen bersama sheet. Read back with
python-docx and compared with the store; nothing unassessed is printed as a decision."""

from __future__ import annotations

import pytest
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from tests.docx_support import (
    blocks,
    full_text,
    headings,
    open_docx,
    order_violations,
    rows,
    section_after,
    tables_by_caption,
)
from workshop import domain as d
from workshop.exports import EXPORTS, quickwins
from workshop.exports import formats as fm
from workshop.security import PinHasher
from workshop.store import Store


@pytest.fixture(scope="module")
def doc(demo):
    store, wid = demo
    return open_docx(quickwins.build_quickwins(store, wid))


def labelled_tables(doc) -> dict[tuple[str, str], Table]:
    """(Heading 2 text, the paragraph just above) -> table, for the uncaptioned tables."""
    out: dict[tuple[str, str], Table] = {}
    section, above = "", ""
    for block in blocks(doc):
        if isinstance(block, Paragraph):
            if block.style.name == "Heading 2":
                section = block.text
            if block.text.strip():
                above = block.text
        else:
            out[(section, above)] = block
    return out


def grid(table: Table) -> dict[str, str]:
    """A profile's label | value (| label | value) table as {label: value}."""
    out = {}
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:  # a merged value cell comes back once per grid column
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                cells.append(cell.text)
        for i in range(0, len(cells), 2):
            out[cells[i]] = cells[i + 1]
    return out


def test_introduction_names_region_year_count_and_the_gate(demo, doc):
    store, wid = demo
    w = store.workshop(wid)
    top = "\n".join(p.text for p in doc.paragraphs[:10])
    assert "PEMERINTAH KOTA METRO" in top
    assert "DRAFT PROGRAM QUICK WIN" in top and f"TAHUN {w.year}" in top
    intro = "\n".join(b.text for b in section_after(doc, "1. Pendahuluan"))
    assert f"Masterplan Smart City {w.region} Tahun {w.year}" in intro
    assert (
        "Sebanyak 5 program quick win disepakati pada Bimtek Tahap IV (12 Oktober 2023), "
        "mencakup 5 dari 6 pilar smart city." in intro
    )
    assert "horizonnya paling lama 2 tahun, OPD penanggung jawabnya ditetapkan" in intro


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


def test_one_compact_profile_per_programme_with_every_field(demo, doc):
    store, wid = demo
    opd = {o.id: o.name for o in store.opds(wid)}
    pillar = {p.id: p.name for p in store.pillars(wid)}
    qws = store.quickwins(wid)
    assert headings(doc, 2) == [f"3.{n} {q.name}" for n, q in enumerate(qws, 1)]
    tables = tables_by_caption(doc)
    for q in qws:
        fields = grid(tables[f"Profil program {q.name}"])
        origin = fields.pop("Usulan asal dan dasar pemilihan")
        assert fields == {
            "Pilar": pillar[q.pillar_id],
            "Sub-dimensi": q.subdim,
            "OPD penanggung jawab": opd[q.owner_opd_id],
            "OPD pendukung": ", ".join(opd[o] for o in q.supporting_opd_ids),
            "Horizon": "≤ 2 tahun (quick win)",
            "Jangka waktu": f"{q.timeline_months} bulan",
            "Sumber anggaran": q.budget_source,
            "Tahun anggaran": "2024",
            "Perkiraan biaya": "Rp " + fm.fmt_int(q.estimated_cost),
            "Lokasi": q.location,
            "Penerima manfaat": q.beneficiaries,
            "Masalah yang ditangani": q.problem,
            "Deskripsi": q.description,
            "Tujuan": q.objective,
            "Tautan RPJMD / Renstra": q.plan_link,
            "Tahapan": "\n".join(f"{m['when']}: {m['what']}" for m in q.milestones),
            "Status": "Disepakati sebagai quick win pada Bimtek Tahap IV, 12 Oktober 2023",
        }
        idea = store.idea(q.idea_ids[0])
        assert origin.startswith(f"{idea.title} (usulan Tahap ")
        for s in store.stages(wid):  # the votes behind it, as the tallies say
            t = next((t for t in store.tallies(s.id) if t.idea_id == idea.id), None)
            if t is not None:
                assert f"Tahap {s.roman}: peringkat {t.rank}, " in origin
                assert fm.result_text(t, s.vote_mode) in origin


def test_indicators_enablers_and_risks_in_each_profile(demo, doc):
    store, wid = demo
    opd = {o.id: o.name for o in store.opds(wid)}
    tables = labelled_tables(doc)
    for n, q in enumerate(store.quickwins(wid), 1):
        section = f"3.{n} {q.name}"
        assert rows(tables[(section, "Indikator, baseline dan target")]) == [
            ["Jenis", "Indikator", "Baseline", "Target"],
            *[
                [i["kind"].capitalize(), i["name"], i["baseline"], i["target"]]
                for i in q.indicators
            ],
        ]
        enablers = rows(tables[(section, "Pemeriksaan empat enabler")])
        assert enablers == [
            [d.ENABLER_LABELS[k] for k in d.ENABLERS],
            [
                "\n".join(
                    x
                    for x in (
                        d.ENABLER_STATE_LABELS[q.enablers[k]["status"]],
                        q.enablers[k]["catatan"],
                    )
                    if x
                )
                for k in d.ENABLERS
            ],
        ]
        risks = store.quickwin_risks(q.id)
        assert risks, q.name
        assert rows(tables[(section, "Risiko dan mitigasi")])[1:] == [
            [
                str(i),
                r.risk,
                f"{r.likelihood} – {d.LIKELIHOOD_LABELS[r.likelihood]}",
                f"{r.impact} – {d.IMPACT_LABELS[r.impact]}",
                f"{r.level} ({r.score})",
                r.mitigation,
                opd[r.owner_opd_id],
            ]
            for i, r in enumerate(risks, 1)
        ]


def test_unassessed_is_printed_as_unassessed_never_as_a_default(tmp_path):
    store = Store(tmp_path / "q.db", hasher=PinHasher(fast=True))
    auth = store.system_auth()
    w = store.create_workshop(auth, region="Kabupaten Bangli", province="Bali", year=2024)
    stage = store.current_stage(w.id)
    opd = {o.name: o.id for o in store.opds(w.id)}
    pillars = store.pillars(w.id)
    empty = open_docx(quickwins.build_quickwins(store, w.id))
    assert "Belum ada program quick win yang disepakati." in full_text(empty)
    store.create_quickwin(  # a candidate nobody assessed
        auth, stage.id, name='Pasar <QRIS> & "kios"', pillar_id=pillars[2].id
    )
    bare = store.create_quickwin(
        auth,
        stage.id,
        name="Bangli Satu Data",
        pillar_id=pillars[0].id,
        owner_opd_id=opd["Diskominfo"],
        horizon="2",
        enablers={e: "siap" for e in d.ENABLERS},
        status="agreed",
    )
    doc = open_docx(quickwins.build_quickwins(store, w.id))
    text = full_text(doc)
    assert "Bangli Satu Data" in text and "Pasar <QRIS>" not in text
    assert "1 kandidat lain belum disepakati sebagai quick win" in text
    fields = grid(tables_by_caption(doc)["Profil program Bangli Satu Data"])
    assert (fields["Jangka waktu"], fields["Sumber anggaran"]) == ("belum dinilai",) * 2
    assert (fields["Perkiraan biaya"], fields["Tujuan"], fields["Lokasi"]) == ("belum diisi",) * 3
    for default in ("12 bulan", "APBD", "Perlu disiapkan"):
        assert default not in text, default
    summary = rows(tables_by_caption(doc)["Program quick win Kabupaten Bangli tahun 2024"])
    assert summary[1][4:] == ["belum dinilai", "belum dinilai"]
    assert "Register risiko: belum diisi." in text

    both = open_docx(quickwins.build_quickwins(store, w.id, include_drafts=True))
    fields = grid(tables_by_caption(both)['Profil program Pasar <QRIS> & "kios"'])
    assert fields["OPD penanggung jawab"] == "belum dinilai"
    assert fields["Horizon"] == "belum dinilai"
    assert fields["Status"] == (
        "Kandidat (belum disepakati); belum lolos syarat quick win: horizon belum dinilai; "
        "OPD penanggung jawab belum dipilih; enabler belum dinilai: Regulasi, Infrastruktur, "
        "SDM, Aplikasi"
    )
    enablers = labelled_tables(both)[('3.2 Pasar <QRIS> & "kios"', "Pemeriksaan empat enabler")]
    assert rows(enablers)[1] == ["Belum dinilai"] * 4
    assert bare.status == "agreed"
    store.close()


def test_risk_register_lists_every_risk_with_its_scales(demo):
    store, wid = demo
    doc = open_docx(quickwins.build_risks(store, wid))
    opd = {o.id: o.name for o in store.opds(wid)}
    qws = store.quickwins(wid)
    text = full_text(doc)
    assert "REGISTER RISIKO PROGRAM QUICK WIN" in text
    n = sum(len(store.quickwin_risks(q.id)) for q in qws)
    assert f"Register ini memuat {n} risiko dari 5 program quick win" in text
    assert headings(doc, 2) == [
        f"{i}. {q.name} ({opd[q.owner_opd_id]})" for i, q in enumerate(qws, 1)
    ]
    tables = tables_by_caption(doc)
    for q in qws:
        table = rows(tables[f"Risiko program {q.name}"])
        assert table[0] == [
            "No",
            "Risiko",
            "Kemung-\nkinan",
            "Dampak",
            "Tingkat",
            "Mitigasi",
            "Pemilik",
        ]
        assert [r[1] for r in table[1:]] == [r.risk for r in store.quickwin_risks(q.id)]
    assert rows(tables["Skala kemungkinan dan dampak"])[1:] == [
        [str(v), d.LIKELIHOOD_LABELS[v], d.IMPACT_LABELS[v]] for v in d.RISK_LEVELS
    ]
    assert "Ketua Tim Pelaksana Smart City" in text and "Metro, 12 Oktober 2023" in text


def test_berita_acara_in_tata_naskah_dinas_form(demo):
    store, wid = demo
    doc = open_docx(quickwins.build_berita(store, wid))
    text = full_text(doc)
    stage = store.stage_by_number(wid, 4)
    present = len(store.attendance(stage.id))
    top = [p.text for p in doc.paragraphs[:10]]
    assert "BERITA ACARA KESEPAKATAN PROGRAM QUICK WIN" in top
    assert f"NOMOR: {fm.EMPTY}" in top
    assert (
        "Pada hari ini Kamis tanggal dua belas bulan Oktober tahun dua ribu dua puluh tiga "
        "(12-10-2023), bertempat di Aula Pemerintah Kota Metro, telah dilaksanakan Bimbingan "
        f"Teknis Tahap IV ({stage.title}) Masterplan Smart City Kota Metro yang dihadiri oleh "
        f"{present} peserta dari " in text
    )
    assert "berjumlah 5 (lima) program" in text
    opd = {o.id: o.name for o in store.opds(wid)}
    table = rows(tables_by_caption(doc)["Program quick win yang disepakati"])
    assert [r[1] for r in table[1:]] == [q.name for q in store.quickwins(wid)]
    assert [r[3] for r in table[1:]] == [opd[q.owner_opd_id] for q in store.quickwins(wid)]
    assert "Demikian berita acara ini dibuat dengan sebenarnya" in text
    assert "Metro, 12 Oktober 2023" in text and "Mengetahui," in text
    assert "Wali Kota Metro," in text and "Tenaga Ahli / Fasilitator," in text


def test_komitmen_bersama_has_a_signature_row_per_owning_opd(demo):
    store, wid = demo
    doc = open_docx(quickwins.build_komitmen(store, wid))
    opd = {o.id: o.name for o in store.opds(wid)}
    qws = store.quickwins(wid)
    table = rows(
        tables_by_caption(doc)["Program quick win dan tanda tangan kepala OPD penanggung jawab"]
    )
    assert table[0] == [
        "No",
        "OPD penanggung jawab",
        "Program quick win",
        "Nama, pangkat/gol., NIP",
        "Tanda tangan",
    ]
    owners = list(dict.fromkeys(q.owner_opd_id for q in qws))
    assert [r[1] for r in table[1:]] == [opd[o] for o in owners]
    assert [r[4] for r in table[1:]] == [f"{i}." for i in range(1, len(owners) + 1)]
    for row, owner in zip(table[1:], owners, strict=True):
        for q in qws:
            assert (q.name in row[2]) == (q.owner_opd_id == owner)
    text = full_text(doc)
    assert "KOMITMEN BERSAMA PELAKSANAAN PROGRAM QUICK WIN" in text
    assert "Wali Kota Metro" in text and "Metro, 12 Oktober 2023" in text


def test_komitmen_groups_programmes_of_one_opd_on_one_row(tmp_path):
    store = Store(tmp_path / "k.db", hasher=PinHasher(fast=True))
    auth = store.system_auth()
    w = store.create_workshop(auth, region="Kota Tegal", year=2023)
    stage = store.current_stage(w.id)
    opd = {o.name: o.id for o in store.opds(w.id)}
    pillars = store.pillars(w.id)
    ready = {e: "siap" for e in d.ENABLERS}
    for name, owner, p in (
        ("Satu Data Tegal", "Diskominfo", 0),
        ("Wi-Fi taman kota", "Diskominfo", 3),
        ("Bank sampah", "Dinas Lingkungan Hidup", 5),
    ):
        store.create_quickwin(
            auth,
            stage.id,
            name=name,
            pillar_id=pillars[p].id,
            owner_opd_id=opd[owner],
            horizon="2",
            enablers=ready,
            status="agreed",
        )
    doc = open_docx(quickwins.build_komitmen(store, w.id))
    table = rows(
        tables_by_caption(doc)["Program quick win dan tanda tangan kepala OPD penanggung jawab"]
    )
    assert [r[1] for r in table[1:]] == ["Diskominfo", "Dinas Lingkungan Hidup"]
    assert "Satu Data Tegal" in table[1][2] and "Wi-Fi taman kota" in table[1][2]
    store.close()


def test_terbilang():
    assert [quickwins.terbilang(n) for n in (0, 1, 11, 12, 19, 20, 31, 100, 111, 1000)] == [
        "nol",
        "satu",
        "sebelas",
        "dua belas",
        "sembilan belas",
        "dua puluh",
        "tiga puluh satu",
        "seratus",
        "seratus sebelas",
        "seribu",
    ]
    assert quickwins.terbilang(2023) == "dua ribu dua puluh tiga"
    assert quickwins.terbilang(1999) == "seribu sembilan ratus sembilan puluh sembilan"


def test_registry_serves_the_new_kinds(demo):
    store, wid = demo
    for kind, start in (
        ("qw_risks", "Register_Risiko_Quick_Win_Kota_Metro_2023"),
        ("qw_berita", "Berita_Acara_Kesepakatan_Quick_Win_Kota_Metro_2023"),
        ("qw_komitmen", "Komitmen_Bersama_Quick_Win_Kota_Metro_2023"),
    ):
        export = EXPORTS[kind]
        assert export.takes == "workshop"
        assert export.filename(store, wid) == start + ".docx"
        assert open_docx(export.build(store, wid)).paragraphs


def test_styles_repeated_headers_and_schema_order(demo, doc):
    store, wid = demo
    for caption, table in tables_by_caption(doc).items():
        assert table.style.name == "Table Grid"
        if caption.startswith("Profil program"):
            continue  # label | value: no header row
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None, caption
    assert doc.core_properties.language == "id-ID"
    for build in (
        quickwins.build_quickwins,
        quickwins.build_risks,
        quickwins.build_berita,
        quickwins.build_komitmen,
    ):
        assert order_violations(build(store, wid)) == [], build.__name__


def test_command_line_and_download_route_serve_the_new_kinds(demo):
    from workshop import web
    from workshop.cli.export import export

    store, wid = demo
    name, data = export(store, "qw_berita", wid)
    assert name == "Berita_Acara_Kesepakatan_Quick_Win_Kota_Metro_2023.docx"
    assert "BERITA ACARA KESEPAKATAN PROGRAM QUICK WIN" in full_text(open_docx(data))
    auth = store.system_auth()
    answer = web.download_answer(store, "qw_komitmen", f"workshop={wid}".encode(), [auth])
    assert (answer.status, answer.filename) == (
        200,
        "Komitmen_Bersama_Quick_Win_Kota_Metro_2023.docx",
    )
    assert web.download_url("qw_risks", workshop=wid) == f"/api/download/qw_risks?workshop={wid}"
