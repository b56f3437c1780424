"""Draft Program Quick Win: the agreed quick wins, ready for the masterplan.

Sections: letterhead and title; 1 introduction naming the region and year; 2 summary
table (No, programme, pillar, OPD penanggung jawab, jangka waktu, sumber anggaran) and
budget per source; 3 one profile per programme with every field of the model, the
four-enabler check as a table and the votes or scores behind it; 4 commitment sheet of
the owning OPD and signatures. Fields still empty are printed as "……" for the OPD to fill.
"""

from __future__ import annotations

from collections import defaultdict

from . import docx_common as dc
from . import domain as d
from .store import Store

ALL_STATUSES = ("shown", "hidden", "merged")
STATUS_FILL = {"siap": "D9EAD3", "perlu_disiapkan": "FFF2CC", "belum_ada": "F4CCCC"}
MODE_LABELS = {"dots": "Dot voting", "rating": "Penilaian dampak–kelayakan"}


def filename(store: Store, workshop_id: int) -> str:
    """'Draft_Program_Quick_Win_Kota_Metro_2023.docx'."""
    w = store.workshop(workshop_id)
    text = f"Draft Program Quick Win {w.region} {w.year}"
    keep = "".join(c if c.isalnum() else "_" for c in text)
    while "__" in keep:
        keep = keep.replace("__", "_")
    return keep.strip("_")[:120] + ".docx"


def programmes(store: Store, workshop_id: int, include_drafts: bool = False) -> list[d.QuickWin]:
    """The programmes the draft lists: agreed ones (and drafts when asked), pillar order."""
    return [q for q in store.quickwins(workshop_id) if include_drafts or q.status == "agreed"]


def evidence(store: Store, workshop_id: int) -> dict[int, list[tuple[d.Stage, d.Tally]]]:
    """Idea id -> its results in every stage where it was on the ballot (stage order)."""
    out: dict[int, list[tuple[d.Stage, d.Tally]]] = defaultdict(list)
    for stage in store.stages(workshop_id):
        for t in store.tallies(stage.id):
            out[t.idea_id].append((stage, t))
    return out


def evidence_text(stage: d.Stage, t: d.Tally) -> str:
    """'132 suara (128 aplikasi + 4 manual) dari 80 pemilih' or the rating means."""
    from .docx_summary import result_text

    return result_text(t, stage.vote_mode)


def enabler_summary(enablers: dict[str, dict[str, str]]) -> str:
    """'1 dari 4 enabler sudah siap; perlu disiapkan: Regulasi, SDM; belum ada: Aplikasi.'"""
    full = d.check_enablers(enablers)
    ready = [k for k in d.ENABLERS if full[k]["status"] == "siap"]
    todo = [d.ENABLER_LABELS[k] for k in d.ENABLERS if full[k]["status"] == "perlu_disiapkan"]
    none = [d.ENABLER_LABELS[k] for k in d.ENABLERS if full[k]["status"] == "belum_ada"]
    text = f"{len(ready)} dari {len(d.ENABLERS)} enabler sudah siap"
    if todo:
        text += f"; perlu disiapkan: {', '.join(todo)}"
    if none:
        text += f"; belum ada: {', '.join(none)}"
    return text + "."


def build_quickwins(store: Store, workshop_id: int, *, include_drafts: bool = False) -> bytes:
    """The quick-win draft (Draft Program Quick Win) as .docx bytes."""
    w = store.workshop(workshop_id)
    stages = store.stages(w.id)
    stage_by_id = {s.id: s for s in stages}
    pillars = store.pillars(w.id)
    pillar_name = {p.id: p.name for p in pillars}
    opd = dc.opd_names(store, w.id)
    qws = programmes(store, w.id, include_drafts)
    drafts = [q for q in store.quickwins(w.id) if q.status != "agreed"]
    ideas = {i.id: i for i in store.ideas(w.id, statuses=ALL_STATUSES)}
    results = evidence(store, w.id)

    agreed_stages = sorted({q.stage_id for q in qws}, key=lambda s: stage_by_id[s].number)
    last_stage = stage_by_id[agreed_stages[-1]] if agreed_stages else stages[-1]
    doc = dc.new_document(title=f"Draft Program Quick Win – {w.region} {w.year}",
                          subject=f"Masterplan Smart City {w.region} {w.year}",
                          footer_text=f"Draft Program Quick Win – {w.region} {w.year}")
    dc.letterhead(doc, w.region, w.province)
    dc.title_block(doc, ["DRAFT PROGRAM QUICK WIN",
                         f"MASTERPLAN SMART CITY {w.region.upper()}", f"TAHUN {w.year}"],
                   [w.title])

    # ---------------------------------------------------------------- 1 introduction
    dc.heading(doc, "1. Pendahuluan", 1)
    dated = [s for s in stages if s.date]
    span = ""
    if dated:
        first, last = dated[0], dated[-1]
        span = (f" pada {dc.tanggal(first.date)}" if first is last else
                f" dari {dc.tanggal(first.date)} sampai {dc.tanggal(last.date)}")
    covered = [p for p in pillars if any(q.pillar_id == p.id for q in qws)]
    dc.body(doc, (
        f"Dokumen ini memuat draft program quick win Masterplan Smart City {w.region} "
        f"Tahun {w.year}. Program disusun dari hasil {w.title}, yang dilaksanakan dalam "
        f"{len(stages)} tahap bimbingan teknis{span}"
        f"{' di ' + w.venue if w.venue else ''}, bersama OPD, kecamatan, kelurahan, "
        "Dewan Smart City, Tim Pelaksana dan pemangku kepentingan lainnya."))
    where = (f"pada Bimtek Tahap {' dan '.join(stage_by_id[s].roman for s in agreed_stages)}"
             if agreed_stages else "")
    dc.body(doc, (
        f"Sebanyak {len(qws)} program quick win disepakati {where}"
        f"{' (' + dc.tanggal(last_stage.date) + ')' if qws and last_stage.date else ''}, "
        f"mencakup {len(covered)} dari {len(pillars)} pilar smart city. Program quick win "
        "adalah program percepatan yang hasilnya dapat segera dirasakan masyarakat dalam "
        "jangka waktu 6 bulan sampai 2 tahun, sedapat mungkin memanfaatkan layanan yang "
        "sudah ada, dan diperiksa kesiapannya terhadap empat enabler: regulasi, "
        "infrastruktur, sumber daya manusia (SDM) dan aplikasi."))
    dc.body(doc, (
        "Setiap program memiliki OPD penanggung jawab dan OPD pendukung. Bagian 3 memuat "
        "profil setiap program: seluruh isian program, pemeriksaan empat enabler, serta "
        "hasil pemungutan suara atau penilaian peserta yang mendasari pemilihannya. Isian "
        f"yang masih bertanda \"{dc.EMPTY}\" perlu dilengkapi oleh OPD penanggung jawab."))
    if drafts and not include_drafts:
        dc.body(doc, f"Catatan: {len(drafts)} program lain masih berstatus draf (belum "
                     "disepakati) dan tidak dimuat dalam dokumen ini.", italic=True)

    # ---------------------------------------------------------------- 2 summary table
    dc.heading(doc, "2. Ringkasan Program Quick Win", 1)
    if not qws:
        dc.body(doc, "Belum ada program quick win yang disepakati.", italic=True)
    else:
        dc.caption(doc, f"Tabel 1. Program quick win {w.region} tahun {w.year}")
        dc.data_table(doc, ["No", "Program", "Pilar", "OPD penanggung jawab", "Jangka\nwaktu",
                            "Sumber\nanggaran"],
                      [(n, q.name + ("" if q.status == "agreed" else "\n(draf)"),
                        pillar_name.get(q.pillar_id, "–"), opd.get(q.owner_opd_id, dc.EMPTY),
                        dc.months_text(q.timeline_months), q.budget_source)
                       for n, q in enumerate(qws, 1)],
                      [0.9, 4.4, 2.8, 3.4, 1.8, 2.2], align="clllcc")
        dc.caption(doc, "Tabel 2. Perkiraan biaya per sumber anggaran")
        rows = []
        for source in d.BUDGET_SOURCES:
            mine = [q for q in qws if q.budget_source == source]
            if mine:
                rows.append((source, len(mine), dc.rupiah(sum(q.estimated_cost for q in mine))))
        dc.data_table(doc, ["Sumber anggaran", "Jumlah program", "Perkiraan biaya"], rows,
                      [5.0, 4.0, 6.5], align="lcr",
                      total_row=("Jumlah", len(qws),
                                 dc.rupiah(sum(q.estimated_cost for q in qws))))
        missing = [p.name for p in pillars if p not in covered]
        if missing:
            dc.body(doc, "Pilar yang belum memiliki program quick win: "
                         f"{', '.join(missing)}.")

    # ---------------------------------------------------------------- 3 profiles
    dc.heading(doc, "3. Profil Program Quick Win", 1)
    table_no = 2
    for n, q in enumerate(qws, 1):
        dc.heading(doc, f"3.{n} {q.name}", 2, page_break=n > 1)
        stage = stage_by_id.get(q.stage_id)
        origin = []
        for idea_id in q.idea_ids:
            idea = ideas.get(idea_id)
            if idea is None:
                continue
            src = stage_by_id.get(idea.stage_id)
            merged = sum(1 for i in ideas.values() if i.merged_into == idea_id)
            origin.append(f"{idea.title} (usulan Tahap {src.roman if src else '?'}"
                          f"{f', {merged} usulan serupa digabung' if merged else ''})")
        status = ("Disepakati" if q.status == "agreed" else "Draf (belum disepakati)")
        if stage is not None:
            status += f" pada Bimtek Tahap {stage.roman}, {dc.tanggal(stage.date)}"
        dc.heading(doc, "a. Uraian program", 3)
        table_no += 1
        dc.caption(doc, f"Tabel {table_no}. Uraian program {q.name}")
        dc.field_table(doc, [
            ("Nama program", q.name),
            ("Pilar", pillar_name.get(q.pillar_id, "")),
            ("OPD penanggung jawab", opd.get(q.owner_opd_id, "")),
            ("OPD pendukung", ", ".join(opd[o] for o in q.supporting_opd_ids if o in opd)),
            ("Masalah yang ditangani", q.problem),
            ("Deskripsi program", q.description),
            ("Tujuan", q.objective),
            ("Indikator output", q.output_indicator),
            ("Indikator outcome", q.outcome_indicator),
            ("Jangka waktu", dc.months_text(q.timeline_months)),
            ("Sumber anggaran", q.budget_source),
            ("Perkiraan biaya", dc.rupiah(q.estimated_cost) if q.estimated_cost else ""),
            ("Risiko", q.risks),
            ("Usulan asal", "\n".join(origin)),
            ("Status", status),
        ])
        dc.heading(doc, "b. Pemeriksaan empat enabler", 3)
        enablers = d.check_enablers(q.enablers)
        table_no += 1
        dc.caption(doc, f"Tabel {table_no}. Kesiapan enabler program {q.name}")
        table = dc.data_table(doc, ["No", "Enabler", "Status", "Catatan / kebutuhan"],
                              [(i, d.ENABLER_LABELS[k],
                                d.ENABLER_STATE_LABELS[enablers[k]["status"]],
                                enablers[k]["catatan"] or "–")
                               for i, k in enumerate(d.ENABLERS, 1)],
                              [1.0, 3.2, 3.6, 7.7], align="clcl")
        for row, k in zip(table.rows[1:], d.ENABLERS):
            dc.shade(row.cells[2], STATUS_FILL.get(enablers[k]["status"], "FFFFFF"))
        dc.body(doc, f"Kesiapan: {enabler_summary(q.enablers)}")

        dc.heading(doc, "c. Dasar pemilihan", 3)
        rows = []
        for idea_id in q.idea_ids:
            for st, t in results.get(idea_id, []):
                rows.append((f"Tahap {st.roman}", t.title,
                             MODE_LABELS.get(st.vote_mode, st.vote_mode), t.rank,
                             evidence_text(st, t)))
        if rows:
            table_no += 1
            dc.body(doc, "Hasil pemungutan suara atau penilaian peserta atas usulan asal "
                         "program ini, pada setiap tahap ketika usulan masuk daftar pilihan "
                         "(peringkat di dalam pilarnya):", keep_next=True)
            dc.caption(doc, f"Tabel {table_no}. Hasil suara dan penilaian usulan {q.name}")
            dc.data_table(doc, ["Tahap", "Usulan", "Cara memilih", "Pering-\nkat", "Hasil"], rows,
                          [1.9, 3.9, 2.6, 1.6, 5.5], align="llccl")
        else:
            dc.body(doc, "Program ini disepakati langsung dalam diskusi, tanpa pemungutan "
                         "suara atas usulan asalnya.", italic=True)

    # ---------------------------------------------------------------- 4 commitment
    dc.heading(doc, "4. Komitmen Bersama", 1, page_break=bool(qws))
    dc.body(doc, (
        "Dengan ini OPD penanggung jawab menyatakan kesediaan melaksanakan program quick "
        f"win Masterplan Smart City {w.region} Tahun {w.year} sesuai profil di atas, "
        "bersama OPD pendukung."))
    if qws:
        table_no += 1
        dc.caption(doc, f"Tabel {table_no}. Lembar komitmen OPD penanggung jawab")
        table = dc.data_table(doc, ["No", "OPD penanggung jawab", "Program",
                                    "Nama dan NIP kepala OPD", "Tanda tangan"],
                              [(n, opd.get(q.owner_opd_id, dc.EMPTY), q.name, "", "")
                               for n, q in enumerate(qws, 1)],
                              [1.0, 3.6, 4.4, 3.8, 2.7], align="cllll")
        from docx.enum.table import WD_ROW_HEIGHT_RULE
        from docx.shared import Cm

        for row in table.rows[1:]:
            row.height = Cm(1.6)
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    place_date = f"{dc.region_place(w.region)}, {dc.tanggal(last_stage.date)}"
    dc.signature_block(doc, place_date, [
        (f"Mengetahui,\n{dc.region_head(w.region)},", "", False),
        (f"Ketua Tim Pelaksana Smart City\n{w.region},", ""),
    ])
    return dc.to_bytes(doc)
