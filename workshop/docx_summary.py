"""Ringkasan Bimtek Tahap N: the stage summary the city files, written from the store.

Sections: letterhead and title block (region, stage, date in Indonesian, venue);
1 attendance (per group, per OPD, OPD of the roster that were absent); 2 ideas per
pillar and kind; 3 vote results per pillar, ranked, with the chart of the same numbers
as the projector (hand-counted votes marked "manual"); 4 ballot and agreed quick wins;
5 notes; 6 signatures; appendix: the attendance list.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from . import docx_common as dc
from . import domain as d
from .store import Store

ALL_STATUSES = ("shown", "hidden", "merged")


@dataclass
class AttendanceSummary:
    """Who came to one stage, counted the way the document shows it."""

    total: int
    by_group: dict[str, dict[str, int]]
    by_opd: list[tuple[str, int]]               # roster order, present OPD only
    others: list[tuple[str, str, int]]          # (institution, group label, count)
    absent_opds: list[str]                       # roster order
    rows: list[dict[str, Any]] = field(default_factory=list)


def attendance_summary(store: Store, stage_id: int) -> AttendanceSummary:
    """Attendance of a stage per group and per OPD, and the roster's absent OPD."""
    stage = store.stage(stage_id)
    roster = store.opds(stage.workshop_id)
    rows = store.attendance(stage_id)
    per_opd = Counter(r["opd"] for r in rows if r["opd"])
    by_opd = [(o.name, per_opd[o.name]) for o in roster if per_opd[o.name]]
    others = Counter((r["institution"] or "(tanpa instansi)", r["group"])
                     for r in rows if not r["opd"])
    group_order = {g: i for i, g in enumerate(d.GROUPS)}
    other_rows = sorted(((inst, d.GROUP_LABELS.get(g, g), n) for (inst, g), n in others.items()),
                        key=lambda x: (x[0].lower()))
    absent = [o.name for o in roster if not per_opd[o.name]]
    pos = {o.name: o.position for o in roster}
    ordered = sorted(rows, key=lambda r: (
        0 if r["opd"] else 1,
        pos.get(r["opd"], 0) if r["opd"] else group_order.get(r["group"], 99),
        (r["institution"] or "").lower(), r["name"].lower(), r["id"]))
    return AttendanceSummary(total=len(rows), by_group=store.group_counts(stage_id),
                             by_opd=by_opd, others=other_rows, absent_opds=absent, rows=ordered)


def ideas_by_pillar_kind(store: Store, stage_id: int) -> dict[int, dict[str, int]]:
    """Ideas sent in this stage (shown, as on the projector) per pillar id and kind."""
    stage = store.stage(stage_id)
    out: dict[int, dict[str, int]] = {p.id: {k: 0 for k in d.KINDS}
                                      for p in store.pillars(stage.workshop_id)}
    for idea in store.ideas(stage.workshop_id, stage_id=stage_id):
        out.setdefault(idea.pillar_id, {k: 0 for k in d.KINDS})[idea.kind] += 1
    return out


def paper_notes(store: Store, stage_id: int) -> dict[int, tuple[int, str]]:
    """Hand-counted votes of a stage: idea id -> (votes, note)."""
    return {r["idea_id"]: (r["votes"], r["note"]) for r in store.table_rows("paper_tallies")
            if r["stage_id"] == stage_id}


def result_text(t: d.Tally, mode: str) -> str:
    """One line of a result, e.g. '132 suara (128 aplikasi + 4 manual) dari 80 pemilih'."""
    if mode == "rating":
        if t.impact is None:
            text = "belum dinilai"
        else:
            text = (f"dampak {dc.fmt_dec(t.impact)}; kelayakan {dc.fmt_dec(t.feasibility)}; "
                    f"{t.ratings} penilai")
            if t.quick_win_quadrant:
                text += "; kuadran quick win"
        if t.paper:
            text += f"; {t.paper} suara manual"
        return text
    text = f"{dc.fmt_int(t.total)} suara"
    if t.paper:
        text += f" ({dc.fmt_int(t.dots)} aplikasi + {dc.fmt_int(t.paper)} manual)"
    return text + f" dari {t.voters} pemilih"


def mode_text(stage: d.Stage) -> str:
    """How this stage voted, in words."""
    if stage.vote_mode == "rating":
        return ("Penilaian dampak dan kelayakan (skala 1–5); peringkat menurut skor "
                "dampak × kelayakan. Kuadran quick win: dampak dan kelayakan di atas 3.")
    return (f"Dot voting: setiap peserta memiliki {stage.budget} suara per pilar, maksimal "
            f"{stage.cap} suara untuk satu usulan. Suara manual (hitungan tangan atau "
            "kertas) dijumlahkan ke total dan ditandai \"manual\".")


def filename(store: Store, stage_id: int) -> str:
    """'Ringkasan_Bimtek_Tahap_IV_Kota_Metro_2023.docx'."""
    stage = store.stage(stage_id)
    w = store.workshop(stage.workshop_id)
    return _safe(f"Ringkasan Bimtek Tahap {stage.roman} {w.region} {w.year}") + ".docx"


def _safe(text: str) -> str:
    keep = "".join(c if c.isalnum() else "_" for c in text)
    while "__" in keep:
        keep = keep.replace("__", "_")
    return keep.strip("_")[:120]


def build_summary(store: Store, stage_id: int) -> bytes:
    """The stage summary (Ringkasan Bimtek Tahap N) as .docx bytes."""
    from .doccharts import pillar_chart  # matplotlib only when a document is built

    stage = store.stage(stage_id)
    w = store.workshop(stage.workshop_id)
    pillars = store.pillars(w.id)
    stage_no = {s.id: s.roman for s in store.stages(w.id)}
    opd = dc.opd_names(store, w.id)
    doc_title = f"Ringkasan Bimtek Tahap {stage.roman}"
    doc = dc.new_document(title=f"{doc_title} – {w.region} {w.year}",
                          subject=w.title, footer_text=f"{doc_title} – {w.region}")

    # ---------------------------------------------------------------- cover block
    dc.letterhead(doc, w.region, w.province)
    dc.title_block(doc, [f"RINGKASAN BIMTEK TAHAP {stage.roman}"],
                   [w.title, stage.title])
    dc.info_table(doc, [
        ("Kegiatan", w.title),
        ("Tahap", f"Tahap {stage.roman} – {stage.title}"),
        ("Hari/tanggal", dc.tanggal(stage.date, with_day=True)),
        ("Tempat", w.venue or dc.EMPTY),
        ("Fokus", stage.focus or "–"),
        ("Luaran", stage.outputs or "–"),
    ])

    att = attendance_summary(store, stage_id)
    counts = store.counts(stage_id)
    progress = store.vote_progress(stage_id)
    tallies = store.tallies(stage_id)
    agreed = store.quickwins(w.id, stage_id=stage_id)
    per_kind = ideas_by_pillar_kind(store, stage_id)
    n_ideas = sum(sum(v.values()) for v in per_kind.values())
    dc.body(doc, (
        f"Bimtek Tahap {stage.roman} dihadiri {att.total} peserta dari "
        f"{counts['opd_present']} dari {counts['opd_total']} OPD/unit kerja dalam daftar. "
        f"Peserta mengirim {n_ideas} usulan; {progress['voters']} peserta memberikan suara "
        f"atas {len(tallies)} usulan dalam daftar pilihan; "
        f"{len(agreed)} program quick win disepakati pada tahap ini."))

    # ---------------------------------------------------------------- 1 attendance
    dc.heading(doc, "1. Kehadiran Peserta", 1)
    dc.heading(doc, "1.1 Kehadiran per kelompok peserta", 2)
    table_no = 0

    def cap(text: str) -> None:
        nonlocal table_no
        table_no += 1
        dc.caption(doc, f"Tabel {table_no}. {text}")

    cap(f"Kehadiran per kelompok peserta, Tahap {stage.roman}")
    groups = [g for g in att.by_group]
    rows = [(d.GROUP_LABELS.get(g, g), att.by_group[g]["hadir"], att.by_group[g]["memilih"],
             att.by_group[g]["usulan"]) for g in groups]
    dc.data_table(doc, ["Kelompok", "Hadir", "Memberi suara", "Mengirim usulan"], rows,
                  [6.5, 3, 3, 3], align="lccc",
                  total_row=("Jumlah", sum(r[1] for r in rows), sum(r[2] for r in rows),
                             sum(r[3] for r in rows)))

    dc.heading(doc, "1.2 Kehadiran per OPD dan instansi", 2)
    cap(f"Peserta hadir per OPD dan instansi, Tahap {stage.roman}")
    rows = [(i, name, "OPD / unit kerja", n) for i, (name, n) in enumerate(att.by_opd, 1)]
    rows += [(len(rows) + i, inst, grp, n) for i, (inst, grp, n) in enumerate(att.others, 1)]
    dc.data_table(doc, ["No", "OPD / instansi", "Keterangan", "Hadir"], rows,
                  [1.2, 8.3, 4.0, 2.0], align="lllc",
                  total_row=("", "Jumlah", "", att.total))

    dc.heading(doc, "1.3 OPD dalam daftar yang tidak hadir", 2)
    if att.absent_opds:
        dc.body(doc, f"{len(att.absent_opds)} dari {counts['opd_total']} OPD/unit kerja "
                     "dalam daftar tidak mengirim peserta pada tahap ini:", keep_next=True)
        cap(f"OPD yang tidak hadir, Tahap {stage.roman}")
        dc.data_table(doc, ["No", "OPD / unit kerja", "Keterangan"],
                      [(i, name, "") for i, name in enumerate(att.absent_opds, 1)],
                      [1.2, 9.3, 5.0], align="lll")
    else:
        dc.body(doc, "Semua OPD/unit kerja dalam daftar mengirim peserta.")

    # ---------------------------------------------------------------- 2 ideas
    dc.heading(doc, "2. Usulan per Pilar", 1)
    dc.body(doc, "Usulan yang dikirim peserta pada tahap ini, setelah duplikat digabung "
                 "oleh fasilitator, per pilar dan jenis usulan.")
    merged = store.ideas(w.id, stage_id=stage_id, statuses=("merged",))
    cap(f"Jumlah usulan per pilar dan jenis, Tahap {stage.roman}")
    rows = []
    for p in pillars:
        k = per_kind.get(p.id, {})
        rows.append((p.name, *(k.get(kind, 0) for kind in d.KINDS), sum(k.values())))
    totals = ["Jumlah"] + [sum(r[i] for r in rows) for i in range(1, len(d.KINDS) + 2)]
    dc.data_table(doc, ["Pilar", *(d.KIND_LABELS[k] for k in d.KINDS), "Jumlah"], rows,
                  [5.0, 2.8, 2.4, 2.8, 2.2], align="lcccc", total_row=totals)
    if merged:
        dc.body(doc, f"Selain itu {len(merged)} usulan digabung ke usulan serupa "
                     "(tidak dihitung terpisah).", italic=True)
    ideas = store.ideas(w.id, stage_id=stage_id)
    for i, p in enumerate(pillars, 1):
        mine = [x for x in ideas if x.pillar_id == p.id]
        dc.heading(doc, f"2.{i} {p.name}", 2)
        if not mine:
            dc.body(doc, "Tidak ada usulan untuk pilar ini pada tahap ini.", italic=True)
            continue
        mine.sort(key=lambda x: (d.KINDS.index(x.kind), x.id))
        cap(f"Usulan pilar {p.name}, Tahap {stage.roman}")
        dc.data_table(doc, ["No", "Jenis", "Usulan", "Subdimensi", "OPD terkait"],
                      [(n, d.KIND_LABELS[x.kind], dc.Rich((x.title, x.description)),
                        x.subdim or "–", opd.get(x.opd_id, "–"))
                       for n, x in enumerate(mine, 1)],
                      [1.0, 2.4, 6.6, 2.7, 2.8], align="lllll")

    # ---------------------------------------------------------------- 3 votes
    dc.heading(doc, "3. Hasil Pemungutan Suara", 1)
    dc.body(doc, mode_text(stage))
    notes = paper_notes(store, stage_id)
    figure_no = 0
    by_pillar: dict[int, list[d.Tally]] = {}
    for t in tallies:
        by_pillar.setdefault(t.pillar_id, []).append(t)
    all_ideas = {x.id: x for x in store.ideas(w.id, statuses=ALL_STATUSES)}
    for i, p in enumerate(pillars, 1):
        group = by_pillar.get(p.id, [])
        dc.heading(doc, f"3.{i} {p.name}", 2)
        if not group:
            dc.body(doc, "Tidak ada usulan dalam daftar pilihan untuk pilar ini.", italic=True)
            continue
        voters = progress["per_pillar"].get(p.id, 0)
        dc.body(doc, f"{voters} peserta memberikan suara di pilar ini.", keep_next=True)
        cap(f"Hasil {'penilaian' if stage.vote_mode == 'rating' else 'voting'} pilar "
            f"{p.name}, Tahap {stage.roman}")

        def idea_cell(t: d.Tally) -> dc.Rich:
            origin = all_ideas.get(t.idea_id)
            extra = ""
            if origin is not None and origin.stage_id != stage_id:
                extra = f"usulan Tahap {stage_no.get(origin.stage_id, '?')}"
            if t.paper:
                note = notes.get(t.idea_id, (t.paper, ""))[1]
                manual = f"termasuk {t.paper} suara manual" + (f": {note}" if note else "")
                extra = f"{extra}; {manual}" if extra else manual
            return dc.Rich((t.title, "", extra)) if extra else dc.Rich((t.title,))

        if stage.vote_mode == "rating":
            has_paper = any(t.paper for t in group)
            headers = ["Pering-\nkat", "Usulan", "Dampak", "Kelayakan", "Skor\n(D×K)", "Penilai",
                       "Kuadran\nquick win"]
            widths = [1.7, 5.0, 1.7, 2.2, 1.6, 1.5, 1.8]
            rows = [(t.rank, idea_cell(t), dc.fmt_dec(t.impact), dc.fmt_dec(t.feasibility),
                     dc.fmt_dec((t.impact or 0) * (t.feasibility or 0)) if t.impact else "–",
                     t.ratings, "Ya" if t.quick_win_quadrant else "–") for t in group]
            if has_paper:
                headers.append("Suara\nmanual")
                widths.append(1.4)
                rows = [r + (t.paper or "–",) for r, t in zip(rows, group)]
            dc.data_table(doc, headers, rows, widths, align="clcccccc"[:len(headers)])
        else:
            dc.data_table(doc, ["Pering-\nkat", "Usulan", "Suara\naplikasi", "Suara\nmanual",
                                "Total", "Pemilih"],
                          [(t.rank, idea_cell(t), t.dots, t.paper or "–", t.total, t.voters)
                           for t in group],
                          [1.7, 6.6, 1.9, 1.8, 1.7, 1.8], align="clcccc")
        png = pillar_chart(group, stage.vote_mode, p.name)
        if png:
            dc.picture(doc, png, width_cm=14.0 if stage.vote_mode == "dots" else 11.0)
            figure_no += 1
            what = ("Dampak dan kelayakan" if stage.vote_mode == "rating" else "Jumlah suara")
            dc.caption(doc, f"Gambar {figure_no}. {what} usulan pilar {p.name}, "
                            f"Tahap {stage.roman}")

    # ---------------------------------------------------------------- 4 shortlist, agreed
    dc.heading(doc, "4. Daftar Pilihan dan Kesepakatan", 1)
    dc.heading(doc, "4.1 Prioritas per pilar", 2)
    cap(f"Usulan dalam daftar pilihan dan prioritas teratas, Tahap {stage.roman}")
    rows = []
    for p in pillars:
        group = by_pillar.get(p.id, [])
        top = [t for t in group if t.rank == 1] if group else []
        rows.append((p.name, len(group),
                     "\n".join(t.title for t in top) or "–",
                     "\n".join(result_text(t, stage.vote_mode) for t in top) or "–"))
    dc.data_table(doc, ["Pilar", "Usulan\ndipilih", "Prioritas teratas", "Hasil"], rows,
                  [3.6, 1.8, 5.2, 4.9], align="lcll",
                  total_row=("Jumlah", sum(r[1] for r in rows), "", ""))
    dc.heading(doc, "4.2 Program quick win yang disepakati", 2)
    if agreed:
        pillar_name = {p.id: p.name for p in pillars}
        cap(f"Program quick win yang disepakati pada Tahap {stage.roman}")
        dc.data_table(doc, ["No", "Program", "Pilar", "OPD penanggung jawab", "Jangka\nwaktu",
                            "Sumber\nanggaran"],
                      [(n, q.name + ("" if q.status == "agreed" else "\n(draf)"),
                        pillar_name.get(q.pillar_id, "–"), opd.get(q.owner_opd_id, dc.EMPTY),
                        dc.months_text(q.timeline_months), q.budget_source)
                       for n, q in enumerate(agreed, 1)],
                      [0.9, 4.4, 2.8, 3.4, 1.8, 2.2], align="clllcc")
    else:
        dc.body(doc, "Belum ada program quick win yang disepakati pada tahap ini.", italic=True)

    # ---------------------------------------------------------------- 5 notes, 6 signatures
    dc.heading(doc, "5. Catatan", 1)
    dc.body(doc, "Catatan fasilitator dan tim pelaksana (kesimpulan, tindak lanjut, "
                 "tenggat):", italic=True)
    dc.notes_box(doc, lines=8)
    dc.heading(doc, "6. Pengesahan", 1)
    place_date = f"{dc.region_place(w.region)}, {dc.tanggal(stage.date)}"
    dc.signature_block(doc, place_date, [
        ("Tenaga Ahli / Fasilitator,", ""),
        (f"Ketua Tim Pelaksana Smart City\n{w.region},", ""),
    ])

    # ---------------------------------------------------------------- appendix
    dc.heading(doc, f"Lampiran. Daftar Hadir Tahap {stage.roman}", 1, page_break=True)
    dc.body(doc, f"Peserta yang tercatat hadir melalui aplikasi pada Bimtek Tahap "
                 f"{stage.roman} ({dc.tanggal(stage.date)}): {att.total} orang.")
    cap(f"Daftar hadir peserta, Tahap {stage.roman}")
    dc.data_table(doc, ["No", "Nama", "OPD / instansi", "Kelompok"],
                  [(n, r["name"], r["opd"] or r["institution"] or "–",
                    d.GROUP_LABELS.get(r["group"], r["group"]))
                   for n, r in enumerate(att.rows, 1)],
                  [1.1, 5.0, 5.6, 3.8], align="clll")
    return dc.to_bytes(doc)
