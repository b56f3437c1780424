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
