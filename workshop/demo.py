"""A realistic finished Bimtek of a kota, built through the store's public API."""

from __future__ import annotations

import random
from dataclasses import dataclass

from . import domain as d
from .store import Store

KECAMATAN = (
    "Kecamatan Metro Pusat",
    "Kecamatan Metro Utara",
    "Kecamatan Metro Barat",
    "Kecamatan Metro Timur",
    "Kecamatan Metro Selatan",
)

FIRST = (
    "Agus",
    "Budi",
    "Citra",
    "Dewi",
    "Eko",
    "Fitri",
    "Gunawan",
    "Hendra",
    "Indah",
    "Joko",
    "Kartika",
    "Lestari",
    "Made",
    "Nurul",
    "Oktaviani",
    "Putu",
    "Rahmat",
    "Siti",
    "Taufik",
    "Utami",
    "Wahyu",
    "Yusuf",
    "Zainal",
    "Rina",
    "Dian",
    "Ahmad",
    "Sri",
    "Bambang",
    "Wulan",
    "Andi",
)
LAST = (
    "Saputra",
    "Wijaya",
    "Lestari",
    "Pratama",
    "Hidayat",
    "Susanto",
    "Rahayu",
    "Nugroho",
    "Kurniawan",
    "Siregar",
    "Harahap",
    "Setiawan",
    "Purnomo",
    "Handayani",
    "Utomo",
)

# (pillar index, kind, title, description, OPD name)
IDEAS: tuple[tuple[int, str, str, str, str], ...] = (
    (
        0,
        "masalah",
        "Layanan perizinan masih tatap muka",
        "Warga harus datang ke kantor untuk mengurus izin usaha dan IMB.",
        "DPMPTSP",
    ),
    (
        0,
        "usulan",
        "Mal Pelayanan Publik digital",
        "Satu portal untuk semua layanan perizinan dan kependudukan, terhubung dengan Disdukcapil.",
        "DPMPTSP",
    ),
    (
        0,
        "usulan",
        "Satu Data Kota",
        "Portal satu data dengan walidata di Diskominfo dan produsen data di setiap OPD.",
        "Diskominfo",
    ),
    (
        0,
        "potensi",
        "Jaringan fiber optik antar-OPD sudah ada",
        "Semua kantor OPD sudah terhubung intranet pemerintah.",
        "Diskominfo",
    ),
    (
        0,
        "usulan",
        "Tanda tangan elektronik untuk surat dinas",
        "Mengurangi kertas dan mempercepat disposisi.",
        "Bagian Organisasi Setda",
    ),
    (
        0,
        "masalah",
        "Aplikasi OPD tidak saling terhubung",
        "Lebih dari 40 aplikasi berjalan sendiri-sendiri.",
        "Diskominfo",
    ),
    (
        0,
        "usulan",
        "Kanal pengaduan warga terpadu",
        "SP4N-LAPOR terhubung ke WhatsApp resmi kota dan ditindaklanjuti OPD.",
        "Diskominfo",
    ),
    (
        1,
        "potensi",
        "Festival budaya tahunan",
        "Festival sudah dikenal di tingkat provinsi, bisa menjadi ikon kota.",
        "Dinas Pariwisata",
    ),
    (
        1,
        "usulan",
        "Kalender event digital",
        "Situs dan media sosial terpadu untuk semua event kota.",
        "Dinas Pariwisata",
    ),
    (
        1,
        "usulan",
        "Penataan taman kota sebagai ruang publik kreatif",
        "Taman dengan wifi publik dan panggung komunitas.",
        "Dinas PU dan Penataan Ruang",
    ),
    (
        1,
        "masalah",
        "Belum ada identitas kota yang kuat",
        "Logo dan tagline kota belum dipakai konsisten.",
        "Dinas Pariwisata",
    ),
    (
        1,
        "usulan",
        "Katalog produk unggulan daerah",
        "Katalog daring produk UMKM unggulan untuk promosi investasi.",
        "Dinas Perdagangan",
    ),
    (
        2,
        "usulan",
        "Pasar rakyat dengan pembayaran QRIS",
        "Semua pedagang pasar tradisional menerima QRIS.",
        "Dinas Perdagangan",
    ),
    (
        2,
        "masalah",
        "UMKM sulit mengakses pasar daring",
        "Pelaku UMKM belum terampil memakai marketplace.",
        "Dinas Koperasi dan UKM",
    ),
    (
        2,
        "usulan",
        "Inkubator bisnis kreatif",
        "Kerja sama dengan Metro Creative Hub untuk pendampingan startup.",
        "Dinas Koperasi dan UKM",
    ),
    (
        2,
        "potensi",
        "Sentra kuliner dan oleh-oleh",
        "Sentra kuliner ramai pada akhir pekan.",
        "Dinas Perdagangan",
    ),
    (
        2,
        "usulan",
        "Pajak daerah daring",
        "Pembayaran PBB dan pajak restoran lewat aplikasi.",
        "Bapenda",
    ),
    (
        3,
        "usulan",
        "Antrean puskesmas daring",
        "Warga mengambil nomor antrean dari rumah.",
        "Dinas Kesehatan",
    ),
    (
        3,
        "masalah",
        "Kemacetan di sekitar sekolah pada jam masuk",
        "Antar-jemput sekolah menumpuk di jalan utama.",
        "Dinas Perhubungan",
    ),
    (
        3,
        "usulan",
        "Lampu lalu lintas adaptif",
        "ATCS di lima persimpangan utama.",
        "Dinas Perhubungan",
    ),
    (
        3,
        "usulan",
        "Rekam medis elektronik RSUD terhubung puskesmas",
        "Rujukan pasien tanpa kertas.",
        "RSUD",
    ),
    (
        3,
        "potensi",
        "Posyandu aktif di setiap kelurahan",
        "Kader posyandu dapat menjadi ujung tombak layanan kesehatan.",
        "Dinas Kesehatan",
    ),
    (
        3,
        "usulan",
        "Ambulans gratis lewat panggilan darurat 112",
        "Satu nomor darurat untuk ambulans, damkar dan polisi.",
        "BPBD",
    ),
    (
        4,
        "usulan",
        "Perpustakaan digital untuk pelajar",
        "Koleksi e-book dan ruang baca digital.",
        "Dinas Perpustakaan",
    ),
    (
        4,
        "masalah",
        "Literasi digital warga masih rendah",
        "Banyak warga menjadi korban penipuan daring.",
        "Diskominfo",
    ),
    (
        4,
        "usulan",
        "Kelurahan digital",
        "Perluasan program kelurahan digital seperti Yosorejo ke semua kelurahan.",
        "Bagian Tata Pemerintahan Setda",
    ),
    (
        4,
        "usulan",
        "CCTV terintegrasi untuk keamanan lingkungan",
        "CCTV di titik rawan terhubung command center.",
        "Satpol PP",
    ),
    (4, "potensi", "Komunitas relawan TIK aktif", "Relawan TIK siap melatih warga.", "Diskominfo"),
    (
        5,
        "masalah",
        "Sampah menumpuk di TPS",
        "Pengangkutan sampah tidak terjadwal.",
        "Dinas Lingkungan Hidup",
    ),
    (
        5,
        "usulan",
        "Bank sampah digital",
        "Warga menabung sampah terpilah dan mendapat saldo.",
        "Dinas Lingkungan Hidup",
    ),
    (
        5,
        "usulan",
        "Penerangan jalan tenaga surya",
        "Mengganti lampu jalan dengan PJU tenaga surya hemat energi.",
        "Dinas PU dan Penataan Ruang",
    ),
    (
        5,
        "usulan",
        "Sensor kualitas udara dan banjir",
        "Sensor di sungai dan persimpangan, tampil di dasbor publik.",
        "BPBD",
    ),
    (
        5,
        "potensi",
        "Ruang terbuka hijau 30 persen",
        "Kota memiliki banyak lahan hijau yang bisa dikelola.",
        "Dinas Lingkungan Hidup",
    ),
)

# Quick wins agreed in the demo: (idea title, months, budget source, cost, risk)
QUICK_WINS = (
    (
        "Mal Pelayanan Publik digital",
        12,
        "APBD",
        1_500_000_000,
        "Integrasi data kependudukan tertunda.",
    ),
    ("Pasar rakyat dengan pembayaran QRIS", 6, "CSR", 250_000_000, "Pedagang enggan memakai QRIS."),
    (
        "Antrean puskesmas daring",
        6,
        "APBD",
        400_000_000,
        "Jaringan internet puskesmas belum stabil.",
    ),
    ("Bank sampah digital", 12, "APBN/DAK", 750_000_000, "Partisipasi warga rendah."),
    ("Kelurahan digital", 18, "APBD", 900_000_000, "SDM kelurahan terbatas."),
)


MAX_PARTICIPANTS = 10_000


@dataclass
class DemoResult:
    workshop_id: int
    participants: int
    ideas: int
    quickwins: int


def build_demo(
    store: Store,
    participants: int = 110,
    seed: int = 7,
    region: str = "Kota Metro",
    province: str = "Lampung",
    year: int = 2023,
) -> DemoResult:
    """Run a whole four-stage Bimtek: joins, ideas, moderation, votes (both modes), quick wins."""
    # checked before anything is written: 0 participants used to fail half-way (rng.sample)
    participants = d.check_int(participants, label="Jumlah peserta", lo=1, hi=MAX_PARTICIPANTS)
    seed = d.check_int(seed, label="Seed", lo=0, hi=2**62)
    rng = random.Random(seed)
    auth = store.system_auth()
    w = store.create_workshop(
        auth,
        region=region,
        province=province,
        year=year,
        venue=f"Aula Pemerintah {region}",
        opds=d.DEFAULT_OPDS + KECAMATAN,
    )
    store.generating_ideas(w.id, True)  # h13a: generated ideas are no flood (limits.py)
    opds = store.opds(w.id)
    opd_by_name = {o.name: o.id for o in opds}
    pillars = store.pillars(w.id)
    stages = store.stages(w.id)
    for s, date in zip(
        stages, ("2023-06-20", "2023-07-25", "2023-09-13", "2023-10-12"), strict=False
    ):
        store.update_stage(auth, s.id, date=date, vote_mode="rating" if s.number == 3 else "dots")

    groups = (
        ["opd"] * 50
        + ["kecamatan"] * 10
        + ["kelurahan"] * 15
        + ["dewan"] * 5
        + ["tim_pelaksana"] * 8
        + ["akademisi"] * 5
        + ["swasta"] * 4
        + ["masyarakat"] * 3
    )
    people = []
    for _n in range(participants):
        grp = rng.choice(groups)
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if grp == "kecamatan":
            opd, inst = opd_by_name[rng.choice(KECAMATAN)], ""
        elif grp in ("opd", "tim_pelaksana", "dewan"):
            opd, inst = rng.choice(opds[: len(d.DEFAULT_OPDS)]).id, ""
        elif grp == "kelurahan":
            opd, inst = (
                None,
                "Kelurahan "
                + rng.choice(("Yosorejo", "Hadimulyo", "Imopuro", "Ganjar Agung", "Mulyojati")),
            )
        else:
            opd, inst = (
                None,
                {
                    "akademisi": "Universitas Muhammadiyah Metro",
                    "swasta": "Bank Lampung",
                    "masyarakat": "Metro Creative Hub",
                }[grp],
            )
        people.append(store.join(w.join_code, name=name, group=grp, opd_id=opd, institution=inst))

    idea_ids: dict[str, int] = {}
    chunks = [IDEAS[i::4] for i in range(4)]
    for stage, chunk in zip(stages, chunks, strict=False):
        store.set_current_stage(auth, w.id, stage.number)
        present = rng.sample(people, k=max(1, int(len(people) * rng.uniform(0.75, 0.95))))
        for p in present:
            store.check_in(p.token)
        store.set_phase(auth, stage.id, "collect")
        for pillar_i, kind, title, desc, opd_name in chunk:
            author = rng.choice(present)
            idea = store.submit_idea(
                author.token,
                pillar_id=pillars[pillar_i].id,
                kind=kind,
                title=title,
                description=desc,
                subdim=pillars[pillar_i].subdims[rng.randrange(3)],
                opd_id=opd_by_name[opd_name],
            )
            idea_ids[title] = idea.id
        # a near-duplicate that the facilitator merges
        dup_src = chunk[0]
        dup = store.submit_idea(
            rng.choice(present).token,
            pillar_id=pillars[dup_src[0]].id,
            kind=dup_src[1],
            title=dup_src[2].lower() + " (usulan kelompok)",
            description="Sama dengan usulan sebelumnya.",
        )
        store.set_phase(auth, stage.id, "group")
        store.merge_ideas(auth, idea_ids[dup_src[2]], [dup.id])
        ballot = [i.id for i in store.ideas(w.id) if i.status == "shown"]
        store.set_shortlisted(auth, stage.id, ballot)
        store.set_phase(auth, stage.id, "vote")
        for p in present:
            for pillar in pillars:
                options = [i.id for i in store.shortlist(stage.id, pillar.id)]
                if not options:
                    continue
                if stage.vote_mode == "rating" or stage.number == 3:
                    picks = rng.sample(options, k=min(len(options), 3))
                    store.cast_ratings(
                        p.token,
                        pillar.id,
                        {i: (rng.randint(2, 5), rng.randint(2, 5)) for i in picks},
                    )
                else:
                    alloc: dict[int, int] = {}
                    for _ in range(3):
                        i = rng.choice(options[: max(2, len(options) // 2 + 1)])
                        if alloc.get(i, 0) < 2:
                            alloc[i] = alloc.get(i, 0) + 1
                    store.cast_dots(p.token, pillar.id, alloc)
        if stage.number != 3:
            top = store.tallies(stage.id)[0]
            store.set_paper_tally(
                auth, stage.id, top.idea_id, rng.randint(3, 8), "Angkat tangan peserta tanpa ponsel"
            )
        store.set_reveal(auth, stage.id, True)
        store.set_phase(auth, stage.id, "agree")

    final = stages[-1]
    n_quickwins = 0
    for title, months, source, cost, risk in QUICK_WINS:
        idea = store.idea(idea_ids[title])
        store.create_quickwin(
            auth,
            final.id,
            idea_ids=[idea.id],
            name=idea.title,
            pillar_id=idea.pillar_id,
            owner_opd_id=idea.opd_id,
            supporting_opd_ids=[opd_by_name["Diskominfo"], opd_by_name["Bappeda"]],
            problem=f"Masalah yang ditangani: {idea.description}",
            description=idea.description,
            objective=f"Mewujudkan {idea.title.lower()} dalam {months} bulan.",
            output_indicator=f"{idea.title} beroperasi di seluruh kota",
            outcome_indicator="Kepuasan warga terhadap layanan meningkat 20%",
            timeline_months=months,
            budget_source=source,
            estimated_cost=cost,
            risks=risk,
            enablers={
                "regulasi": {"status": "perlu_disiapkan", "catatan": "Perwali"},
                "infrastruktur": {"status": "siap", "catatan": ""},
                "sdm": {"status": "perlu_disiapkan", "catatan": "Pelatihan operator"},
                "aplikasi": {"status": rng.choice(d.ENABLER_STATES), "catatan": ""},
            },
        )
        n_quickwins += 1
    assess_demo_quickwins(store, auth, w.id)  # h14q: the gate, profile fields and risks
    demo_activities(store, auth, w.id, people, rng)  # h14: every activity of the four stages
    store.generating_ideas(w.id, False)  # h13a
    store.logout(auth)
    return DemoResult(w.id, len(people), len(idea_ids) + 4, n_quickwins)


def ensure_demo(store: Store) -> int | None:
    """On an empty store: a finished demo Bimtek (to browse results and downloads) and a
    fresh practice workshop at Tahap I, collecting, shown on the projector. Returns its id."""
    if store.workshops():
        return None
    build_demo(store, participants=40, seed=1)
    auth = store.system_auth()
    practice = store.create_workshop(
        auth,
        region="Kota Contoh",
        province="Lampung",
        year=2026,
        venue="Aula Pemerintah Kota Contoh",
        title="Latihan Bimtek Smart City Kota Contoh 2026",
    )
    store.set_current_stage(auth, practice.id, 1)
    store.set_setting(auth, "active_workshop", str(practice.id))
    store.logout(auth)
    return practice.id


# --- h14q: quick-win gate, profile fields and risk registers of the demo ---
# Per demo programme: (sub-dimension, location, beneficiaries, [(kind, indicator, baseline,
# target)], [(when, milestone)], RPJMD/Renstra programme, [(risk, likelihood, impact,
# mitigation, owner OPD)]).
DEMO_PROFILES: dict[str, tuple] = {
    "Mal Pelayanan Publik digital": (
        "Layanan publik",
        "Gedung MPP dan 5 kecamatan",
        "Warga dan pelaku usaha yang mengurus perizinan (± 24.000 berkas per tahun)",
        [
            ("output", "Jenis layanan perizinan daring di MPP", "12 layanan", "45 layanan"),
            ("outcome", "Waktu rata-rata penyelesaian izin", "5 hari kerja", "1 hari kerja"),
            ("outcome", "Indeks kepuasan masyarakat MPP", "78,2", "85,0"),
        ],
        [
            ("Triwulan I", "Perwali layanan perizinan terpadu daring ditetapkan"),
            ("Triwulan II", "Integrasi data Disdukcapil dan OSS RBA"),
            ("Triwulan IV", "45 layanan daring beroperasi"),
        ],
        "RPJMD Misi 1 · Program Pelayanan Penanaman Modal (Renstra DPMPTSP)",
        [
            (
                "Integrasi data kependudukan tertunda",
                3,
                4,
                "Perjanjian kerja sama dengan Disdukcapil sejak Triwulan I",
                "Disdukcapil",
            ),
            (
                "Petugas loket belum terbiasa dengan sistem baru",
                4,
                2,
                "Pelatihan dan pendampingan operator dua minggu",
                "BKPSDM",
            ),
        ],
    ),
    "Pasar rakyat dengan pembayaran QRIS": (
        "Transaksi",
        "Pasar Cendrawasih dan Pasar Kopindo",
        "± 600 pedagang dan pengunjung pasar",
        [
            ("output", "Pedagang yang memakai QRIS", "35 pedagang", "400 pedagang"),
            ("outcome", "Transaksi nontunai per bulan", "Rp 40 juta", "Rp 600 juta"),
        ],
        [("Bulan 1–2", "Sosialisasi dengan bank mitra"), ("Bulan 3–6", "Pendampingan pedagang")],
        "Renstra Dinas Perdagangan · Program Peningkatan Sarana Distribusi Perdagangan",
        [
            (
                "Pedagang enggan memakai QRIS",
                4,
                3,
                "Pendampingan per los dan insentif dari bank mitra",
                "Dinas Perdagangan",
            ),
            (
                "Jaringan seluler di dalam pasar lemah",
                3,
                3,
                "Pemasangan titik Wi-Fi pasar",
                "Diskominfo",
            ),
        ],
    ),
    "Antrean puskesmas daring": (
        "Kesehatan",
        "12 puskesmas",
        "Pasien rawat jalan puskesmas (± 350 per hari)",
        [
            ("output", "Puskesmas dengan antrean daring", "0 puskesmas", "12 puskesmas"),
            ("outcome", "Waktu tunggu rata-rata pasien", "95 menit", "30 menit"),
        ],
        [
            ("Bulan 1–2", "Uji coba di 2 puskesmas"),
            ("Bulan 3–6", "Perluasan ke 12 puskesmas"),
        ],
        "Renstra Dinas Kesehatan · Program Pemenuhan Upaya Kesehatan Perorangan",
        [
            (
                "Jaringan internet puskesmas belum stabil",
                4,
                4,
                "Jaringan cadangan seluler dan nomor antrean manual saat jaringan putus",
                "Diskominfo",
            ),
            (
                "Pasien lansia tidak memakai ponsel",
                5,
                2,
                "Loket antrean tetap dibuka; petugas membantu pendaftaran",
                "Dinas Kesehatan",
            ),
        ],
    ),
    "Bank sampah digital": (
        "Pengelolaan sampah & limbah",
        "22 kelurahan",
        "Rumah tangga nasabah bank sampah (target 5.000 KK)",
        [
            ("output", "Bank sampah unit yang tercatat daring", "8 unit", "40 unit"),
            ("outcome", "Sampah terpilah yang tidak masuk TPA", "4 ton/bulan", "25 ton/bulan"),
        ],
        [
            ("Triwulan I", "Pendataan bank sampah unit"),
            ("Triwulan II–III", "Aplikasi pencatatan dan pelatihan pengelola"),
            ("Triwulan IV", "Evaluasi dan penghargaan kelurahan"),
        ],
        "RPJMD Misi 4 · Program Pengelolaan Persampahan (Renstra DLH)",
        [
            (
                "Partisipasi warga rendah",
                3,
                4,
                "Kampanye bersama PKK dan sekolah; poin tabungan sampah",
                "Dinas Lingkungan Hidup",
            ),
        ],
    ),
    "Kelurahan digital": (
        "Tata kelola birokrasi",
        "22 kelurahan",
        "Warga yang mengurus surat keterangan di kelurahan",
        [
            (
                "output",
                "Kelurahan yang melayani surat secara daring",
                "2 kelurahan",
                "22 kelurahan",
            ),
            ("outcome", "Surat keterangan selesai di hari yang sama", "40%", "90%"),
        ],
        [
            ("Semester I", "Standar layanan kelurahan dan formulir daring"),
            ("Semester II", "Seluruh kelurahan melayani daring"),
            ("Tahun ke-2", "Tanda tangan elektronik lurah"),
        ],
        "Renstra Bagian Tata Pemerintahan Setda · Program Penyelenggaraan Pemerintahan",
        [
            (
                "SDM kelurahan terbatas",
                4,
                3,
                "Satu operator terlatih per kelurahan, pendampingan Diskominfo",
                "BKPSDM",
            ),
            (
                "Tanda tangan elektronik belum tersertifikasi",
                2,
                4,
                "Pengajuan sertifikat elektronik ke BSrE sejak semester I",
                "Diskominfo",
            ),
        ],
    ),
}


def assess_demo_quickwins(store: Store, auth: str, workshop_id: int) -> None:
    """Fill the demo programmes' profile fields and risk registers, set their horizon to
    two years, and agree them through the quick-win gate."""
    w = store.workshop(workshop_id)
    opd_by_name = {o.name: o.id for o in store.opds(workshop_id)}
    for q in store.quickwins(workshop_id):
        profile = DEMO_PROFILES.get(q.name)
        if profile is None:
            continue
        subdim, location, beneficiaries, indicators, milestones, plan, risks = profile
        store.update_quickwin(
            auth,
            q.id,
            horizon=d.QW_QUICK_HORIZON,
            subdim=subdim,
            location=location,
            beneficiaries=beneficiaries,
            indicators=[
                {"kind": k, "name": n, "baseline": b, "target": t} for k, n, b, t in indicators
            ],
            budget_year=w.year + 1,
            milestones=[{"when": a, "what": b} for a, b in milestones],
            plan_link=plan,
        )
        store.set_quickwin_risks(
            auth,
            q.id,
            [
                {
                    "risk": r,
                    "likelihood": lk,
                    "impact": im,
                    "mitigation": m,
                    "owner_opd_id": opd_by_name.get(o),
                }
                for r, lk, im, m, o in risks
            ],
        )
        store.agree_quickwin(auth, q.id)


# --- h14: activities ---
from collections.abc import Callable  # noqa: E402 (the h14 block stays together)
from typing import Any  # noqa: E402

SWOT_DEMO = {
    "Governance": (
        ("S", "Aplikasi SIMPEG dan e-kinerja sudah dipakai semua OPD"),
        ("W", "Data antar-OPD belum terintegrasi (Satu Data belum jalan)"),
        ("W", "ASN pengelola TIK kurang, banyak tenaga honorer"),
        ("O", "Program SPBE nasional dan dukungan Kominfo"),
        ("T", "Serangan siber dan kebocoran data pribadi"),
    ),
    "Branding": (
        ("S", "Taman Merdeka dan kuliner malam ramai dikunjungi"),
        ("W", "Belum ada kalender event kota yang tetap"),
        ("O", "Tren wisata edukasi dan sejarah kolonisasi 1937"),
        ("T", "Kalah bersaing dengan destinasi di Bandar Lampung"),
    ),
    "Economy": (
        ("S", "UMKM kuliner dan kerajinan tumbuh cepat"),
        ("W", "UMKM belum banyak memakai pembayaran digital"),
        ("O", "QRIS dan marketplace lokal Bank Lampung"),
        ("T", "Harga bahan pokok tidak stabil"),
    ),
    "Living": (
        ("S", "Puskesmas sudah memakai rekam medis elektronik"),
        ("W", "Antrean layanan RSUD masih panjang"),
        ("O", "BPJS Kesehatan mendukung antrean daring"),
        ("T", "Kemacetan di jam sekolah meningkat"),
    ),
    "Society": (
        ("S", "Kota pendidikan: banyak kampus dan sekolah unggulan"),
        ("W", "Literasi digital warga lanjut usia rendah"),
        ("O", "Komunitas relawan TIK aktif"),
        ("T", "Hoaks menyebar lewat grup WhatsApp warga"),
    ),
    "Environment": (
        ("S", "Bank sampah aktif di 10 kelurahan"),
        ("W", "TPA Karangrejo hampir penuh"),
        ("O", "Program CSR energi surya dari BUMN"),
        ("T", "Banjir lokal saat hujan deras"),
    ),
}
KEYWORDS_DEMO = (
    ("Cerdas", "Religius", "Sejahtera"),
    ("smart", "berbudaya", "maju"),
    ("kota pendidikan", "inovatip", "sejahtra"),
    ("Pintar", "RELIGIUS", "hijau"),
    ("kolaborasi", "cerdas", "yg berdaya saing"),
    ("Pendidikan", "Wisata keluarga", "sejahtera"),
)
PROGRAMMES_DEMO = (
    ("Program Penyelenggaraan Statistik Sektoral", "Diskominfo", "Indeks SPBE", 850_000_000),
    ("Program Aplikasi Informatika", "Diskominfo", "Layanan publik daring", 1_200_000_000),
    ("Program Pelayanan Perizinan Terpadu", "DPMPTSP", "Waktu layanan izin", 600_000_000),
    (
        "Program Pengembangan Destinasi Pariwisata",
        "Dinas Pariwisata",
        "Kunjungan wisata",
        900_000_000,
    ),
    ("Program Pemberdayaan Usaha Mikro", "Dinas Koperasi dan UKM", "UMKM naik kelas", 750_000_000),
    ("Program Stabilisasi Harga Pasar", "Dinas Perdagangan", "Inflasi pangan", 400_000_000),
    (
        "Program Pemenuhan Upaya Kesehatan Perorangan",
        "Dinas Kesehatan",
        "Waktu tunggu",
        2_100_000_000,
    ),
    ("Program Penyelenggaraan Lalu Lintas", "Dinas Perhubungan", "Titik macet", 1_000_000_000),
    (
        "Program Pengelolaan Pendidikan",
        "Dinas Pendidikan dan Kebudayaan",
        "Rata-rata lama sekolah",
        3_500_000_000,
    ),
    (
        "Program Pengelolaan Persampahan",
        "Dinas Lingkungan Hidup",
        "Sampah terkelola",
        1_700_000_000,
    ),
    ("Program Penanggulangan Bencana", "BPBD", "Waktu tanggap", 500_000_000),
)


def demo_activities(
    store: Store, auth: str, workshop_id: int, people: list, rng: random.Random
) -> None:
    """Every activity of the four stages with realistic answers (the demo's record)."""
    from .activities import carry

    pillars = store.pillars(workshop_id)
    by_short = {p.short: p.id for p in pillars}
    stages = store.stages(workshop_id)
    back_to = store.workshop(workshop_id).current_stage

    def run(
        act_id: int, answer: Callable[[Any], tuple[dict, int | None] | None], share: float
    ) -> None:
        store.set_activity_open(auth, act_id, True)
        for p in rng.sample(people, k=max(1, int(len(people) * share))):
            got = answer(p)
            if got is not None:
                store.submit_answer(p.token, act_id, got[0], got[1])
        store.set_activity_open(auth, act_id, False)

    for stage in stages:
        store.set_current_stage(auth, workshop_id, stage.number)
        acts = {a.kind: a for a in store.ensure_activities(auth, stage.id)}
        if stage.number == 1:
            items = [i["key"] for i in acts["readiness"].config["items"]]
            base = {
                "sdm": 2,
                "anggaran": 2,
                "tata_kelola": 3,
                "fisik": 3,
                "digital": 3,
                "sosial": 4,
                "regulasi": 2,
                "kelembagaan": 3,
                "pelaksanaan": 2,
            }
            run(
                acts["readiness"].id,
                lambda p: (
                    {
                        "scores": {
                            i: max(1, min(5, base.get(i, 3) + rng.choice((-1, 0, 0, 1))))  # noqa: B023 (called at once)
                            for i in items  # noqa: B023 (called at once)
                        }
                    },
                    None,
                ),
                0.8,
            )
            cards = [(by_short[s], q, text) for s, rows in SWOT_DEMO.items() for q, text in rows]
            store.update_activity(auth, acts["swot"].id, config={"cap": 50})
            store.set_activity_open(auth, acts["swot"].id, True)
            order = rng.sample(people, k=len(people))
            authors = [order[i % len(order)] for i in range(len(cards))]
            for (pid, q, text), p in zip(cards, authors, strict=True):
                store.submit_answer(
                    p.token, acts["swot"].id, {"pillar_id": pid, "quadrant": q, "text": text}
                )
            store.set_activity_open(auth, acts["swot"].id, False)
            run(
                acts["keywords"].id,
                lambda p: ({"words": list(rng.choice(KEYWORDS_DEMO))}, None),
                0.7,
            )
        elif stage.number == 2:
            st_act = store.update_activity(
                auth, acts["statements"].id, config=carry.prefill(store, acts["statements"])
            )
            extra = st_act.config["statements"] + [
                {
                    "key": "v9",
                    "kind": "visi",
                    "text": "Metro kota pendidikan dan wisata keluarga yang cerdas dan sejahtera",
                },
                {
                    "key": "t1",
                    "kind": "tujuan",
                    "text": "Meningkatkan kualitas layanan publik berbasis data",
                },
            ]
            st_act = store.update_activity(
                auth, st_act.id, config={"statements": extra, "max_approve": 0}
            )
            keys = [x["key"] for x in extra]
            run(
                st_act.id,
                lambda p: ({"approve": rng.sample(keys, k=rng.randint(1, 4))}, None),  # noqa: B023 (called at once)
                0.75,
            )
            rows = []
            for n, (name, opd, ind, budget) in enumerate(PROGRAMMES_DEMO, 1):
                row = {"key": f"p{n}", "name": name, "opd": opd, "indicator": ind, "budget": budget}
                from .activities.longlist import suggest_pillar

                row["pillar_id"] = suggest_pillar(row, pillars)
                rows.append(row)
            ll = store.update_activity(auth, acts["longlist"].id, config={"programmes": rows})
            mapped = [p for p in pillars if any(r["pillar_id"] == p.id for r in rows)]

            def rate(p: Any) -> tuple[dict, int]:
                pil = rng.choice(mapped)  # noqa: B023 (called at once)
                mine = [r["key"] for r in rows if r["pillar_id"] == pil.id]  # noqa: B023 (called at once)
                return {"ratings": {key: rng.randint(2, 5) for key in mine}}, pil.id

            run(ll.id, rate, 0.8)
        elif stage.number == 3:
            usg = store.update_activity(
                auth, acts["usg"].id, config=carry.prefill(store, acts["usg"])
            )

            def score(p: Any) -> tuple[dict, int] | None:
                pil = rng.choice(pillars)
                mine = [c["key"] for c in usg.config["candidates"] if c["pillar_id"] == pil.id]  # noqa: B023 (called at once)
                if not mine:
                    return None
                return {
                    "scores": {key: [rng.randint(2, 5) for _ in range(3)] for key in mine}
                }, pil.id

            run(usg.id, score, 0.9)
            rm = store.update_activity(
                auth, acts["roadmap"].id, config=carry.prefill(store, acts["roadmap"])
            )

            def place(p: Any) -> tuple[dict, int] | None:
                pil = rng.choice(pillars)
                mine = [i["key"] for i in rm.config["items"] if i["pillar_id"] == pil.id]  # noqa: B023 (called at once)
                if not mine:
                    return None
                return {
                    "horizons": {key: rng.choice(("h2", "h2", "h5", "h10")) for key in mine}
                }, pil.id

            run(rm.id, place, 0.8)
        for a in store.activities(stage.id):
            if a.shown:
                store.set_activity_shown(auth, a.id, False)
    store.set_current_stage(auth, workshop_id, back_to)
