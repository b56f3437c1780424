"""The stage documents built from the activities (workshop/exports/stage1_analysis.py,
stage2_vision.py, stage3_roadmap.py, executive_summary.py): opened again, their tables
hold exactly what workshop/activities/results.py returns; an empty workshop says so in a
sentence per activity; every document converts to PDF in LibreOffice."""

from __future__ import annotations

import re
import shutil
import subprocess
import time

import pytest
from docx.shared import Cm

from tests.docx_support import (
    full_text,
    headings,
    open_docx,
    order_violations,
    rows,
    tables_by_caption,
)
from workshop import web
from workshop.activities import kinds as k
from workshop.activities import results as R
from workshop.cli import main
from workshop.exports import EXPORTS, docx_base
from workshop.exports import formats as fm
from workshop.exports import stage1_analysis as s1
from workshop.exports import stage2_vision as s2
from workshop.exports import stage3_roadmap as s3
from workshop.exports import stage_common as sc
from workshop.security import PinHasher
from workshop.store import Store

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
KINDS = ("analysis", "vision", "roadmap", "executive")


def stage_ids(store: Store, wid: int) -> dict[int, int]:
    return {s.number: s.id for s in store.stages(wid)}


def target(store: Store, wid: int, kind: str) -> int:
    n = {"analysis": 1, "vision": 2, "roadmap": 3}.get(kind)
    return wid if n is None else stage_ids(store, wid)[n]


@pytest.fixture(scope="module")
def built(demo):
    """The four documents on the 110-participant demo, with their build times (ms)."""
    store, wid = demo
    out = {}
    for kind in KINDS:
        t0 = time.perf_counter()
        data = EXPORTS[kind].build(store, target(store, wid, kind))
        out[kind] = (data, (time.perf_counter() - t0) * 1000)
    print("\nbuild on the demo (ms):", {kind: round(ms) for kind, (_b, ms) in out.items()})
    return out


@pytest.fixture(scope="module")
def empty(tmp_path_factory):
    """A workshop whose stages hold their default activities, nobody answered; a USG
    and a roadmap with candidates nobody scored; ideas on the ballot with no votes."""
    store = Store(tmp_path_factory.mktemp("empty") / "e.db", hasher=PinHasher(fast=True))
    auth = store.system_auth()
    w = store.create_workshop(auth, region="Kabupaten Bangli", province="Bali", year=2024)
    pillars = store.pillars(w.id)
    for s in store.stages(w.id):
        store.set_current_stage(auth, w.id, s.number)
        store.ensure_activities(auth, s.id)
    s3_id = stage_ids(store, w.id)[3]
    acts = {a.kind: a for a in store.activities(s3_id)}
    cands = [
        {"key": "c1", "title": "Kandidat A", "pillar_id": pillars[0].id, "source": "SWOT"},
        {"key": "c2", "title": "Kandidat B", "pillar_id": pillars[0].id, "source": ""},
    ]
    store.update_activity(auth, acts["usg"].id, config={"candidates": cands})
    store.update_activity(auth, acts["roadmap"].id, config={"items": cands})
    p = store.join(w.join_code, name="Ani", group="opd", opd_id=store.opds(w.id)[0].id)
    store.set_current_stage(auth, w.id, 3)
    store.set_phase(auth, s3_id, "collect")
    ideas = [
        store.submit_idea(p.token, pillar_id=pillars[1].id, kind="usulan", title=t)
        for t in ("Ide satu", "Ide dua")
    ]
    store.set_phase(auth, s3_id, "group")
    store.set_shortlisted(auth, s3_id, [i.id for i in ideas])
    store.set_phase(auth, s3_id, "vote")
    yield store, w.id
    store.close()


def docs(store: Store, wid: int) -> dict[str, bytes]:
    return {kind: EXPORTS[kind].build(store, target(store, wid, kind)) for kind in KINDS}


# ---------------------------------------------------------------- registry


def test_registered_kinds_build_and_name_their_files(demo, built):
    store, wid = demo
    names = {kind: EXPORTS[kind].filename(store, target(store, wid, kind)) for kind in KINDS}
    assert names == {
        "analysis": "Analisis_Strategis_Tahap_I_Kota_Metro_2023.docx",
        "vision": "Visi_Misi_dan_Program_Tahap_II_Kota_Metro_2023.docx",
        "roadmap": "Peta_Jalan_dan_Quick_Win_Tahap_III_Kota_Metro_2023.docx",
        "executive": "Ringkasan_Eksekutif_Kota_Metro_2023.docx",
    }
    assert {kind: EXPORTS[kind].takes for kind in KINDS} == {
        "analysis": "stage",
        "vision": "stage",
        "roadmap": "stage",
        "executive": "workshop",
    }
    assert list(EXPORTS)[:3] == ["summary", "quickwins", "excel"]  # appended, not reordered
    for kind in KINDS:
        assert web.DOWNLOADS[kind] == EXPORTS[kind].takes
        assert order_violations(built[kind][0]) == []
        doc = open_docx(built[kind][0])
        assert round(doc.sections[0].page_width.cm, 1) == 21.0  # A4
        assert round(doc.sections[0].page_height.cm, 1) == 29.7
        assert doc.styles["Normal"].font.name == "Arial"
        assert doc.styles["Normal"].font.size.pt == 12
        for caption, table in tables_by_caption(doc).items():
            # every table repeats its header row on a new page, except the SWOT 2x2
            repeated = docx_base.is_repeated_header(table.rows[0])
            assert repeated == (not caption.startswith("Matriks SWOT")), (kind, caption)


def test_download_route_serves_them(demo):
    store, wid = demo
    auth = store.system_auth()
    for kind in KINDS:
        key = EXPORTS[kind].takes
        answer = web.download_answer(
            store, kind, f"{key}={target(store, wid, kind)}".encode(), [auth]
        )
        assert answer.status == 200, (kind, answer.body[:200])
        assert answer.filename == EXPORTS[kind].filename(store, target(store, wid, kind))
        open_docx(answer.body)
    store.logout(auth)


def test_cli_exports_them(demo, tmp_path):
    store, wid = demo
    out = tmp_path / "a.docx"
    args = ["export", "--db", store.path, "--kind", "analysis", "--stage", "1", "--out", str(out)]
    assert main(args) == 0
    assert "DRAF ANALISIS STRATEGIS" in full_text(open_docx(out.read_bytes()))
    out = tmp_path / "e.docx"
    assert main(["export", "--db", store.path, "--kind", "executive", "--out", str(out)]) == 0
    assert "RINGKASAN EKSEKUTIF" in full_text(open_docx(out.read_bytes()))


# ---------------------------------------------------------------- Tahap I


def test_analysis_sections_and_readiness_tables(demo, built):
    store, wid = demo
    sid = stage_ids(store, wid)[1]
    doc = open_docx(built["analysis"][0])
    pillars = store.pillars(wid)
    swot = {p.id: R.swot_matrix(store, sid, p.id) for p in pillars}
    assert headings(doc) == [
        "1. Kesiapan Daerah",
        "2. Analisis SWOT per Pilar",
        *(f"2.{n} {p.name}" for n, p in enumerate(pillars, 1) if any(swot[p.id].values())),
        "3. Isu dan Potensi per Pilar",
        "4. Kata Kunci Visi",
    ]
    r = R.readiness_matrix(store, sid)
    tables = tables_by_caption(doc)
    expected = [["Dimensi", "Butir penilaian", "Rata-rata\n(1–5)", "Penilai"]]
    for dim in r["dimensions"]:
        expected.append([dim["label"], "", fm.fmt_dec(dim["mean"]), ""])
        mine = [i for i in r["items"] if i["dimension"] == dim["key"]]
        expected += [
            ["", f"{n}. {i['label']}", fm.fmt_dec(i["mean"]), str(i["n"])]
            for n, i in enumerate(mine, 1)
        ]
    got = tables["Kesiapan per dimensi dan butir penilaian, Tahap I"]
    assert rows(got) == expected
    assert docx_base.is_repeated_header(got.rows[0])
    assert expected[1] == ["Struktur", "", "2,41", ""]  # decimal comma, exact demo value

    groups = r["groups"]
    by_group = rows(tables["Kesiapan per butir dan kelompok peserta, Tahap I"])
    assert by_group[0] == ["Butir", "Semua", *(sc.SHORT_GROUPS[g] for g in groups)]
    assert by_group[1:] == [
        [
            i["label"].split(":")[0],
            fm.fmt_dec(i["mean"]),
            *(fm.fmt_dec(r["by_group"][g].get(i["key"])) for g in groups),
        ]
        for i in r["items"]
    ]
    text = full_text(doc)
    assert f"{r['respondents']} peserta menilai kesiapan daerah" in text


def test_charts_fit_the_page(built):
    doc = open_docx(built["analysis"][0])
    shapes = doc.inline_shapes
    assert len(shapes) == 2  # the heat map and the word cloud
    for shape in shapes:
        assert shape.width <= Cm(docx_base.TEXT_W_CM)
        assert shape.height <= Cm(docx_base.PAGE_H_CM - 2 * docx_base.MARGIN_TOP_CM - 2)


def test_heat_map_of_thirty_items_stays_within_a_page():
    import io

    from PIL import Image

    png = s1.heat_map([f"Butir {n}" for n in range(30)], ["Semua", "A", "B"], [[3.0] * 3] * 30)
    im = Image.open(io.BytesIO(png))
    w_in, h_in = im.size[0] / 150, im.size[1] / 150
    # drawn at the text width (15.5 cm): its height scales by 15.5 / (w_in * 2.54)
    assert h_in * 15.5 / w_in <= docx_base.PAGE_H_CM - 5
    assert h_in <= s1.HEAT_MAX_IN + 0.01


def test_swot_matrices_are_2x2_per_pillar(demo, built):
    store, wid = demo
    sid = stage_ids(store, wid)[1]
    tables = tables_by_caption(open_docx(built["analysis"][0]))
    for p in store.pillars(wid):
        m = R.swot_matrix(store, sid, p.id)
        if not any(m.values()):
            continue

        def cards(q):
            return "\n".join(f"• {c['text']}" for c in m[q]) or "–"  # noqa: B023

        assert rows(tables[f"Matriks SWOT {p.name}, Tahap I"]) == [
            [f"Kekuatan (S) – {len(m['S'])}", f"Kelemahan (W) – {len(m['W'])}"],
            [cards("S"), cards("W")],
            [f"Peluang (O) – {len(m['O'])}", f"Ancaman (T) – {len(m['T'])}"],
            [cards("O"), cards("T")],
        ]
        # each quadrant names itself: no "S | W" head repeated over the O | T half
        assert not docx_base.is_repeated_header(tables[f"Matriks SWOT {p.name}, Tahap I"].rows[0])


def test_issues_potentials_and_keywords(demo, built):
    store, wid = demo
    sid = stage_ids(store, wid)[1]
    doc = open_docx(built["analysis"][0])
    tables = tables_by_caption(doc)
    data = s1.gather(store, sid)
    got = rows(tables["Isu dan potensi per pilar, Tahap I"])
    assert got[0] == ["Pilar", "Isu / masalah", "Potensi"]
    assert [r[0] for r in got[1:]] == [p.name for p in store.pillars(wid)]
    for (p, issues, pots), row in zip(s1.issues_and_potentials(data), got[1:], strict=True):
        assert row[1] == ("\n".join(f"• {x}" for x in issues) or "–")
        assert row[2] == ("\n".join(f"• {x}" for x in pots) or "–")
        masalah = [i.title for i in data.ideas if i.pillar_id == p.id and i.kind == "masalah"]
        assert all(f"• {t}" in row[1] for t in masalah)
    counts = R.keyword_counts(store, sid)
    kw = rows(tables["Kata kunci visi dan jumlah peserta yang mengusulkannya, Tahap I"])
    half = -(-len(counts) // 2)
    assert len(kw) == 1 + half  # two halves side by side
    flat = [c for row in kw[1:] for c in (row[:3], row[3:])]
    listed = sorted(([c for c in flat if c[0]]), key=lambda c: int(c[0]))
    assert listed == [[str(n), w, str(c)] for n, (w, c) in enumerate(counts, 1)]
    assert counts[0] == ("cerdas", 51)


# ---------------------------------------------------------------- Tahap II


def test_statements_with_support_per_group(demo, built):
    store, wid = demo
    sid = stage_ids(store, wid)[2]
    tables = tables_by_caption(open_docx(built["vision"][0]))
    support = R.statement_support(store, sid)
    for kind in k.STATEMENT_KINDS:
        mine = [s for s in support if s["kind"] == kind]
        caption = f"Rumusan {k.STATEMENT_LABELS[kind].lower()} dan dukungannya, Tahap II"
        if not mine:
            assert caption not in tables
            continue
        assert rows(tables[caption]) == [
            ["No", "Rumusan (dukungan per kelompok)", "Setuju"],
            *(
                [
                    str(n),
                    f"{s['text']}\n{s2.support_line(s['by_group'])}",
                    f"{s['approve']} dari {s['voters']} ({sc.percent(s['share'])})",
                ]
                for n, s in enumerate(mine, 1)
            ),
        ]
    visi = [s for s in support if s["kind"] == "visi"][0]
    assert s2.support_line(visi["by_group"]).startswith("OPD 52% · Kec. 33%")


def test_programme_mapping_per_pillar(demo, built):
    store, wid = demo
    sid = stage_ids(store, wid)[2]
    tables = tables_by_caption(open_docx(built["vision"][0]))
    ll = R.longlist(store, sid)
    expected = [["No", "Program", "OPD", "Indikator", "Pagu", "Nilai\n(1–5)"]]
    for p in store.pillars(wid):
        mine = [x for x in ll if x["pillar_id"] == p.id]
        if mine:
            expected.append(["", f"{p.name} ({len(mine)} program)", "", "", "", ""])
            expected += [
                [
                    str(n),
                    x["name"],
                    x["opd"],
                    x["indicator"],
                    fm.rupiah(x["budget"]),
                    f"{fm.fmt_dec(x['mean'])}\n({x['ratings']})",
                ]
                for n, x in enumerate(mine, 1)
            ]
    assert rows(tables["Pemetaan program per pilar, Tahap II"]) == expected
    per = rows(tables["Jumlah program per pilar, Tahap II"])
    assert per[-1] == ["Jumlah", str(len(ll)), fm.rupiah(sum(x["budget"] for x in ll))]


# ---------------------------------------------------------------- Tahap III


def test_roadmap_board_and_items(demo, built):
    store, wid = demo
    sid = stage_ids(store, wid)[3]
    tables = tables_by_caption(open_docx(built["roadmap"][0]))
    rm = R.roadmap(store, sid)
    board = rows(tables["Peta jalan per pilar dan horizon waktu, Tahap III"])
    assert board[0] == ["Pilar", *(k.HORIZON_LABELS[h] for h in k.HORIZONS)]
    for p in store.pillars(wid):
        mine = [r for r in rm if r["pillar_id"] == p.id]
        row = next(b for b in board if b[0] == p.name)
        assert row[1:] == [
            "\n".join(f"• {r['title']}" for r in mine if r["horizon"] == h) or "–"
            for h in k.HORIZONS
        ]
    items = rows(tables["Butir peta jalan dan dasar penempatannya, Tahap III"])
    assert len(items) == len(rm) + 1
    first = next(r for r in rm if r["key"] == "r1")
    assert items[1][1] == f"{first['title']}\nsumber: {first['source']}"
    assert items[1][3:] == [
        "≤ 2 tahun",
        *(str(first["votes"][h]) for h in k.HORIZONS),
        "suara peserta",
    ]


def test_usg_ranking_with_ties(demo, built):
    store, wid = demo
    sid = stage_ids(store, wid)[3]
    tables = tables_by_caption(open_docx(built["roadmap"][0]))
    usg = R.usg_ranking(store, sid)
    names = {p.id: p.name for p in store.pillars(wid)}
    expected = [["Pering-\nkat", "Kandidat", "Sumber", "U", "S", "G", "Total", "Penilai"]]
    for pid in dict.fromkeys(r["pillar_id"] for r in usg):
        expected.append(["", names[pid], "", "", "", "", "", ""])
        expected += [[str(c) for c in s3.usg_row(r)] for r in usg if r["pillar_id"] == pid]
    got = rows(tables["Skor USG kandidat quick win per pilar, Tahap III"])
    assert got == expected
    # the demo's Smart Governance has two candidates at 10,80: shown as a tie
    assert [r[0] for r in got[2:5]] == ["1", "=2", "=2"]
    assert got[3][6] == got[4][6] == "10,80"


def test_ideas_ranked_by_impact_and_feasibility(demo, built):
    store, wid = demo
    sid = stage_ids(store, wid)[3]
    tables = tables_by_caption(open_docx(built["roadmap"][0]))
    got = rows(tables["Usulan inovasi per pilar, Tahap III"])
    tallies = store.tallies(sid)
    assert len(got) == 1 + len(tallies) + len({t.pillar_id for t in tallies})
    t = tallies[0]
    assert got[2] == [
        "1",
        t.title,
        fm.fmt_dec(t.impact),
        fm.fmt_dec(t.feasibility),
        fm.fmt_dec(t.impact * t.feasibility),
        str(t.ratings),
        "Ya" if t.quick_win_quadrant else "–",
    ]


def test_no_votes_means_no_rank(empty):
    store, wid = empty
    doc = open_docx(EXPORTS["roadmap"].build(store, stage_ids(store, wid)[3]))
    tables = tables_by_caption(doc)
    usg = rows(tables["Skor USG kandidat quick win per pilar, Tahap III"])
    assert usg[2:] == [
        ["–", "Kandidat A", "SWOT", "–", "–", "–", "belum ada suara", "0"],
        ["–", "Kandidat B", "–", "–", "–", "–", "belum ada suara", "0"],
    ]
    ideas = rows(tables["Usulan inovasi per pilar, Tahap III"])
    if store.stage(stage_ids(store, wid)[3]).vote_mode == "rating":
        assert ideas[2:] == [
            ["–", "Ide satu", "–", "–", "belum ada suara", "0", "–"],
            ["–", "Ide dua", "–", "–", "belum ada suara", "0", "–"],
        ]
    else:
        assert ideas[2:] == [
            ["–", "Ide satu", "belum ada suara", "0"],
            ["–", "Ide dua", "belum ada suara", "0"],
        ]
    board = rows(tables["Peta jalan per pilar dan horizon waktu, Tahap III"])
    assert board == [
        ["Pilar", "Quick win (≤ 2 tahun)", "5 tahun", "10 tahun", "Belum ditempatkan"],
        [store.pillars(wid)[0].name, "–", "–", "–", "• Kandidat A\n• Kandidat B"],
    ]
    items = rows(tables["Butir peta jalan dan dasar penempatannya, Tahap III"])
    assert [r[3:] for r in items[1:]] == [
        ["belum ditempatkan", "0", "0", "0", "belum ada suara"]
    ] * 2
    text = full_text(doc)
    assert "Dari 2 usulan dalam daftar pilihan, belum ada usulan yang mendapat suara." in text
    assert "2 butir belum ditempatkan (belum ada suara)." in text
    assert "Peringkat per pilar" in text and "Belum ada kandidat yang dinilai." in text


def test_tie_ranks():
    assert sc.tie_ranks([1, 2, 2, 4], [True] * 4) == ["1", "=2", "=2", "4"]
    assert sc.tie_ranks([1, 1, 1], [False] * 3) == ["–", "–", "–"]
    assert sc.tie_ranks([1, 1, 3], [True, False, True]) == ["1", "–", "3"]


def test_counting_sentences():
    assert sc.count(0, "peserta") == "belum ada peserta"
    assert sc.count(1, "peserta") == "1 peserta"
    assert sc.count(1250, "peserta") == "1.250 peserta"
    assert sc.listing(["A"]) == "A" and sc.listing(["A", "B", "C"]) == "A, B dan C"
    assert sc.percent(0.4146) == "41,5%"


# ---------------------------------------------------------------- executive summary


def test_executive_summary_stages_and_quickwins(demo, built):
    store, wid = demo
    doc = open_docx(built["executive"][0])
    assert headings(doc) == ["1. Gambaran Umum", "2. Program Quick Win yang Disepakati"]
    tables = tables_by_caption(doc)
    stages = rows(tables["Hasil per tahap"])
    assert [r[:4] for r in stages[1:]] == [
        [
            f"{s.roman}. {s.title}",
            fm.tanggal(s.date),
            str(store.counts(s.id)["participants"]),
            str(len(store.ideas(wid, stage_id=s.id))),
        ]
        for s in store.stages(wid)
    ]
    assert "Kata kunci visi teratas: cerdas (51)" in stages[1][4]
    qws = [q for q in store.quickwins(wid) if q.status == "agreed"]
    opd = fm.opd_names(store, wid)
    pillars = {p.id: p.name for p in store.pillars(wid)}
    assert rows(tables["Program quick win yang disepakati dan OPD penanggung jawabnya"])[1:] == [
        [
            str(n),
            q.name,
            pillars[q.pillar_id],
            opd[q.owner_opd_id],
            fm.months_text(q.timeline_months),
            f"{q.budget_source}\n{fm.rupiah(q.estimated_cost)}",
        ]
        for n, q in enumerate(qws, 1)
    ]
    covered = len({q.pillar_id for q in qws})
    assert f"Disepakati {len(qws)} program quick win yang mencakup {covered} dari 6 pilar" in (
        full_text(doc)
    )


# ---------------------------------------------------------------- empty workshop


def test_an_empty_workshop_says_so_in_one_sentence_each(empty):
    store, wid = empty
    files = docs(store, wid)
    a = open_docx(files["analysis"])
    assert headings(a) == [
        "1. Kesiapan Daerah",
        "2. Analisis SWOT per Pilar",
        "3. Isu dan Potensi per Pilar",
        "4. Kata Kunci Visi",
    ]
    text = full_text(a)
    for sentence in (
        "Belum ada peserta yang mengisi penilaian kesiapan daerah.",
        "Belum ada kartu SWOT yang dikirim pada tahap ini.",
        "Belum ada isu atau potensi yang tercatat pada tahap ini.",
        "Belum ada peserta yang mengirim kata kunci visi.",
    ):
        assert sentence in text
    # the info block and the signatures only: no tables of zeros
    assert len(a.tables) == 2
    assert "Mengetahui," in "\n".join(c.text for c in a.tables[1].rows[-1].cells)
    assert not a.inline_shapes
    v = full_text(open_docx(files["vision"]))
    assert "Belum ada rumusan visi, misi atau tujuan yang diajukan." in v
    assert "Belum ada program RPJMD/Renstra yang dimasukkan ke daftar panjang." in v
    e = open_docx(files["executive"])
    et = full_text(e)
    assert "Belum ada program quick win yang disepakati." in et
    assert "1 peserta sudah tercatat bergabung melalui aplikasi." in et
    assert "Bimtek; 2 tahap sudah berisi hasil." in et  # stage III's ballot, stage IV's join


def test_a_stage_without_the_activity_says_it_was_not_run(demo):
    store, wid = demo
    text = full_text(open_docx(EXPORTS["analysis"].build(store, stage_ids(store, wid)[4])))
    assert "Penilaian kesiapan daerah tidak dilaksanakan pada tahap ini." in text
    assert "Analisis SWOT tidak dilaksanakan pada tahap ini." in text
    assert "Kata kunci visi tidak dikumpulkan pada tahap ini." in text


def test_outline_shifts_under_a_report_chapter(demo):
    """A report wrapper puts the sections under its own chapter (III Hasil: 3.1, 3.1.1)."""
    store, wid = demo
    doc = docx_base.new_document(title="x")
    data = s2.gather(store, stage_ids(store, wid)[2])
    s2.write_sections(doc, data, docx_base.Captions(doc), sc.Outline(prefix="3.", level=2))
    assert headings(doc, 2) == [
        "3.1 Rumusan Visi, Misi dan Tujuan",
        "3.2 Pemetaan Program per Pilar (Daftar Panjang)",
    ]
    assert headings(doc, 3)[:2] == ["3.1.1 Visi", "3.1.2 Misi"]


# ---------------------------------------------------------------- LibreOffice


def page_count(pdf) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_every_document_converts_to_pdf(built, empty, tmp_path):
    store, wid = empty
    files = {f"{kind}.docx": data for kind, (data, _ms) in built.items()}
    files |= {f"{kind}_kosong.docx": data for kind, data in docs(store, wid).items()}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    done = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
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
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    pages = {n: page_count(tmp_path / "pdf" / n.replace(".docx", ".pdf")) for n in files}
    print("\nPDF pages:", pages)
    assert 1 <= pages["executive.docx"] <= 3
    for kind in ("analysis", "vision", "roadmap"):
        assert 2 <= pages[f"{kind}.docx"] <= 8, pages
        assert pages[f"{kind}_kosong.docx"] <= 2, pages
    # the empty summary fills its first page; its signatures (kept whole) take a second
    assert pages["executive_kosong.docx"] == 2
    tool = shutil.which("pdftotext")
    if tool:
        text = subprocess.run(
            [tool, str(tmp_path / "pdf" / "analysis.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "DRAF ANALISIS STRATEGIS" in text and "Halaman 1 dari" in text
