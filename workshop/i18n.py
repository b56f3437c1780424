"""UI strings: one catalog, Bahasa Indonesia first, English second."""

from __future__ import annotations

LANGS = ("id", "en")

CATALOG: dict[str, tuple[str, str]] = {
    # navigation
    "nav.participant": ("Peserta", "Participant"),
    "nav.projector": ("Layar proyektor", "Projector"),
    "nav.control": ("Kendali tahap", "Stage control"),
    "nav.agree": ("Program quick win", "Quick-win programmes"),
    "nav.setup": ("Kegiatan", "Workshop set-up"),
    "nav.download": ("Unduh dokumen", "Downloads"),
    "nav.backup": ("Cadangan", "Backups"),
    "nav.login": ("Fasilitator", "Facilitator"),
    "nav.logout": ("Keluar", "Log out"),
    "lang.switch": ("English", "Bahasa Indonesia"),
    # join
    "join.title": ("Gabung ke Bimtek", "Join the Bimtek"),
    "join.code": ("Kode kegiatan", "Workshop code"),
    "join.name": ("Nama lengkap", "Full name"),
    "join.opd": ("OPD / unit kerja", "Agency (OPD)"),
    "join.opd_none": ("— bukan OPD / isi instansi —", "— not an OPD / type institution —"),
    "join.institution": ("Instansi (jika bukan OPD)", "Institution (if not an OPD)"),
    "join.group": ("Kelompok peserta", "Participant group"),
    "join.submit": ("Masuk", "Join"),
    "join.welcome": ("Selamat datang, {name}", "Welcome, {name}"),
    "join.keep_link": ("Simpan tautan halaman ini: tautan ini identitas Anda.",
                       "Keep this page's link: it is your identity."),
    "join.facilitator_link": ("Saya fasilitator", "I am the facilitator"),
    # phases
    "phase.collect": ("Pengumpulan usulan", "Collecting ideas"),
    "phase.group": ("Pengelompokan usulan", "Grouping ideas"),
    "phase.vote": ("Pemungutan suara", "Voting"),
    "phase.agree": ("Kesepakatan quick win", "Agreeing quick wins"),
    "wait.title": ("Menunggu fasilitator…", "Waiting for the facilitator…"),
    "wait.body": ("Layar ini berpindah sendiri saat fasilitator memulai fase berikutnya.",
                  "This screen moves on by itself when the facilitator starts the next phase."),
    # collect
    "idea.form": ("Kirim usulan", "Send an idea"),
    "idea.pillar": ("Pilar", "Pillar"),
    "idea.subdim": ("Subdimensi (opsional)", "Sub-dimension (optional)"),
    "idea.kind": ("Jenis", "Kind"),
    "idea.title": ("Judul usulan (maks. 120 karakter)", "Title (max. 120 characters)"),
    "idea.description": ("Uraian singkat (maks. 1.000 karakter)", "Short description (max. 1,000 characters)"),
    "idea.submit": ("Kirim", "Send"),
    "idea.sent": ("Usulan terkirim:", "Idea sent:"),
    "idea.similar": ("Usulan serupa sudah ada. Tetap kirim?", "Similar ideas already exist. Send anyway?"),
    "idea.send_anyway": ("Tetap kirim", "Send anyway"),
    "idea.cancel": ("Batal", "Cancel"),
    "idea.mine": ("Usulan saya", "My ideas"),
    "idea.none": ("Belum ada usulan.", "No ideas yet."),
    "idea.save": ("Simpan perubahan", "Save changes"),
    "idea.delete": ("Tarik usulan", "Withdraw idea"),
    "idea.merged": ("digabung ke #{id}", "merged into #{id}"),
    # vote
    "vote.remaining": ("Sisa suara: {left} dari {budget}", "Votes left: {left} of {budget}"),
    "vote.cap": ("Maksimal {cap} suara per usulan.", "At most {cap} votes per idea."),
    "vote.submit": ("Kirim suara", "Submit votes"),
    "vote.saved": ("Suara tersimpan ({n} suara).", "Votes saved ({n} votes)."),
    "vote.closed": ("Voting pilar ini ditutup.", "Voting for this pillar is closed."),
    "vote.none_open": ("Belum ada pilar yang dibuka untuk voting.", "No pillar is open for voting yet."),
    "vote.impact": ("Dampak", "Impact"),
    "vote.feasibility": ("Kelayakan", "Feasibility"),
    "vote.rating_help": ("Nilai 1 (rendah) sampai 5 (tinggi).", "Score 1 (low) to 5 (high)."),
    "vote.done": ("sudah memilih", "voted"),
    # projector
    "proj.join_at": ("Gabung di", "Join at"),
    "proj.code": ("Kode", "Code"),
    "proj.participants": ("Peserta hadir", "Participants"),
    "proj.opd": ("OPD hadir", "Agencies present"),
    "proj.ideas": ("Usulan", "Ideas"),
    "proj.voted": ("Sudah memilih", "Have voted"),
    "proj.hidden": ("Hasil disembunyikan sampai fasilitator membukanya.",
                    "Results stay hidden until the facilitator reveals them."),
    "proj.timer": ("Sisa waktu", "Time left"),
    "proj.quadrant": ("Kuadran quick win", "Quick-win quadrant"),
    # facilitator
    "fac.pin": ("PIN fasilitator", "Facilitator PIN"),
    "fac.login": ("Masuk", "Log in"),
    "fac.set_pin": ("Atur PIN pertama kali", "Set the PIN (first run)"),
    "fac.pin_repeat": ("Ulangi PIN", "Repeat PIN"),
    "fac.pin_mismatch": ("PIN tidak sama.", "PINs do not match."),
    "fac.logged_in": ("Anda masuk sebagai fasilitator. Buka layar proyektor atau kendali tahap:",
                      "You are logged in as facilitator. Open the projector or stage control:"),
    "fac.only": ("Halaman ini khusus fasilitator.", "This page is for the facilitator only."),
    # downloads

    "dl.intro": ("Dokumen dibuat dari data terbaru saat tombol diklik, dalam format Word "
                 "dan Excel yang siap disunting.",
                 "Files are built from the latest data when you click, as editable Word "
                 "and Excel files."),
    "dl.stage": ("Tahap", "Stage"),
    "dl.summary": ("Ringkasan Bimtek", "Stage summary"),
    "dl.summary_help": ("Kehadiran, usulan per pilar, hasil voting dengan grafik, daftar "
                        "pilihan dan kesepakatan, catatan dan tanda tangan.",
                        "Attendance, ideas per pillar, vote results with charts, ballot and "
                        "agreements, notes and signatures."),
    "dl.quickwins": ("Draft Program Quick Win", "Quick-win draft"),
    "dl.quickwins_help": ("{n} program disepakati: ringkasan, profil lengkap, pemeriksaan "
                          "empat enabler, dasar pemilihan, lembar komitmen.",
                          "{n} agreed programmes: summary, full profiles, four-enabler "
                          "check, votes behind them, commitment sheet."),
    "dl.excel": ("Data lengkap (Excel)", "All data (Excel)"),
    "dl.excel_help": ("Peserta, kehadiran per tahap, usulan, suara, hasil per pilar dan "
                      "program quick win, satu lembar per tabel.",
                      "Participants, attendance per stage, ideas, votes, results per pillar "
                      "and quick wins, one sheet each."),
    "dl.button": ("Unduh {name}", "Download {name}"),
    "dl.cli": ("Dari terminal: `python -m workshop export --db {db} --kind "
               "summary|quickwins|excel --stage N --out BERKAS`",
               "From a terminal: `python -m workshop export --db {db} --kind "
               "summary|quickwins|excel --stage N --out FILE`"),
    "common.saved": ("Tersimpan.", "Saved."),
    "common.error": ("Galat", "Error"),
    "common.no_workshop": ("Belum ada kegiatan. Buat kegiatan di halaman Kegiatan.",
                           "No workshop yet. Create one on the set-up page."),
}


def t(key: str, lang: str = "id", **kwargs: object) -> str:
    """The text for `key` in `lang`, formatted with `kwargs`; unknown keys show the key."""
    pair = CATALOG.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**kwargs) if kwargs else text
