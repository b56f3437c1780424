"""UI strings: one catalog, Bahasa Indonesia first, English second."""

from __future__ import annotations

from . import domain as d

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
    "nav.participants": ("Daftar peserta", "Participants"),
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
    "join.keep_link": (
        "Simpan tautan halaman ini: tautan ini identitas Anda.",
        "Keep this page's link: it is your identity.",
    ),
    "join.facilitator_link": ("Saya fasilitator", "I am the facilitator"),
    "join.ended": (
        "Sesi ponsel ini sudah berakhir (misalnya dihapus oleh fasilitator). "
        "Silakan bergabung lagi.",
        "This phone's session has ended (for example, the facilitator removed it). "
        "Please join again.",
    ),
    # the facilitator's participant list (pages/participants.py)
    "pl.intro": (
        "Peserta yang dihapus tidak dihitung di hasil, di layar proyektor dan di dokumen; "
        "usulan dan suaranya tetap tersimpan dan kembali bila dipulihkan.",
        "Removed participants are left out of the results, the projector and the "
        "documents; their ideas and votes stay stored and come back when restored.",
    ),
    "pl.search": (
        "Cari nama, OPD, kelompok atau instansi",
        "Search name, OPD, group or institution",
    ),
    "pl.count": (
        "{n} peserta ditemukan, {removed} di antaranya dihapus.",
        "{n} participants found, {removed} of them removed.",
    ),
    "pl.empty": ("Tidak ada peserta yang cocok.", "No matching participants."),
    "pl.col_name": ("Nama", "Name"),
    "pl.col_opd": ("OPD / instansi", "OPD / institution"),
    "pl.col_group": ("Kelompok", "Group"),
    "pl.col_stage": ("Tahap {roman}", "Stage {roman}"),
    "pl.col_ideas": ("Usulan", "Ideas"),
    "pl.col_ballots": ("Pilar dipilih", "Pillars voted"),
    "pl.col_status": ("Status", "Status"),
    "pl.active": ("aktif", "active"),
    "pl.removed": ("dihapus", "removed"),
    "pl.merged_into": ("digabung ke #{id}", "merged into #{id}"),
    "pl.pick": ("Peserta terpilih", "Selected participant"),
    "pl.pick_none": ("— pilih di tabel atau di sini —", "— select in the table or here —"),
    "pl.remove": ("Hapus dari hasil", "Remove from the results"),
    "pl.restore": ("Pulihkan", "Restore"),
    "pl.removed_ok": (
        "{name} dihapus; hasil dihitung ulang tanpa usulan dan suaranya.",
        "{name} removed; the results are recomputed without their ideas and votes.",
    ),
    "pl.restored_ok": ("{name} dipulihkan.", "{name} restored."),
    "pl.merged_note": (
        "Entri ini sudah digabung ke #{id}.",
        "This entry has been merged into #{id}.",
    ),
    "pl.merge_title": ("Gabungkan entri ganda", "Merge a duplicate entry"),
    "pl.merge_help": (
        "Entri lain dari orang yang sama (misalnya bergabung lagi dengan ponsel baru): "
        "usulan, kehadiran dan suaranya pindah ke {name}. Jika keduanya memilih di pilar "
        "yang sama, suara {name} yang dipakai.",
        "Another entry of the same person (e.g. rejoined on a new phone): its ideas, "
        "attendance and votes move to {name}. Where both voted in the same pillar, "
        "{name}'s ballot is the one kept.",
    ),
    "pl.merge_other": ("Entri yang digabungkan", "Entry to merge"),
    "pl.merge": ("Gabungkan", "Merge"),
    "pl.merged_ok": ("{other} digabung ke {name}.", "{other} merged into {name}."),
    # phases
    "wait.title": ("Menunggu fasilitator…", "Waiting for the facilitator…"),
    "wait.body": (
        "Layar ini berpindah sendiri saat fasilitator memulai fase berikutnya.",
        "This screen moves on by itself when the facilitator starts the next phase.",
    ),
    # collect
    "idea.form": ("Kirim usulan", "Send an idea"),
    "idea.pillar": ("Pilar", "Pillar"),
    "idea.pillar_pick": ("Pilih pilar…", "Choose a pillar…"),
    "idea.subdim": ("Subdimensi (opsional)", "Sub-dimension (optional)"),
    "idea.kind": ("Jenis", "Kind"),
    "idea.title": ("Judul usulan (maks. 120 karakter)", "Title (max. 120 characters)"),
    "idea.description": (
        "Uraian singkat (maks. 1.000 karakter)",
        "Short description (max. 1,000 characters)",
    ),
    "idea.submit": ("Kirim", "Send"),
    "idea.sent": ("Usulan terkirim:", "Idea sent:"),
    "idea.similar": (
        "Usulan serupa sudah ada. Tetap kirim?",
        "Similar ideas already exist. Send anyway?",
    ),
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
    "vote.change": ("Ubah pilihan", "Change my votes"),
    "vote.failed": (
        "Suara belum terkirim. Periksa sambungan Wi-Fi, lalu kirim lagi.",
        "Votes not sent. Check the Wi-Fi connection, then send again.",
    ),
    "vote.plus": ("Tambah suara", "Add a vote"),
    "vote.sending": ("Mengirim…", "Sending…"),
    "vote.minus": ("Kurangi suara", "Remove a vote"),
    "vote.saved": ("Suara tersimpan ({n} suara).", "Votes saved ({n} votes)."),
    "vote.rated": ("Penilaian tersimpan ({n} usulan).", "Ratings saved ({n} ideas)."),
    "vote.closed": ("Voting pilar ini ditutup.", "Voting for this pillar is closed."),
    "vote.none_open": (
        "Belum ada pilar yang dibuka untuk voting.",
        "No pillar is open for voting yet.",
    ),
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
    "proj.hidden": (
        "Hasil disembunyikan sampai fasilitator membukanya.",
        "Results stay hidden until the facilitator reveals them.",
    ),
    "proj.timer": ("Sisa waktu", "Time left"),
    "proj.quadrant": ("Kuadran quick win", "Quick-win quadrant"),
    # facilitator
    "fac.pin": ("PIN fasilitator", "Facilitator PIN"),
    "fac.login": ("Masuk", "Log in"),
    "fac.set_pin": ("Atur PIN pertama kali", "Set the PIN (first run)"),
    "fac.pin_repeat": ("Ulangi PIN", "Repeat PIN"),
    "fac.pin_mismatch": ("PIN tidak sama.", "PINs do not match."),
    "fac.logged_in": (
        "Anda masuk sebagai fasilitator. Buka layar proyektor atau kendali tahap:",
        "You are logged in as facilitator. Open the projector or stage control:",
    ),
    "fac.only": ("Halaman ini khusus fasilitator.", "This page is for the facilitator only."),
    # downloads
    "dl.intro": (
        "Dokumen dibuat dari data terbaru saat tombol diklik, dalam format Word "
        "dan Excel yang siap disunting.",
        "Files are built from the latest data when you click, as editable Word and Excel files.",
    ),
    "dl.stage": ("Tahap", "Stage"),
    "dl.summary": ("Ringkasan Bimtek", "Stage summary"),
    "dl.summary_help": (
        "Kehadiran, usulan per pilar, hasil voting dengan grafik, daftar "
        "pilihan dan kesepakatan, catatan dan tanda tangan.",
        "Attendance, ideas per pillar, vote results with charts, ballot and "
        "agreements, notes and signatures.",
    ),
    "dl.quickwins": ("Draft Program Quick Win", "Quick-win draft"),
    "dl.quickwins_help": (
        "{n} program disepakati: ringkasan, profil lengkap, pemeriksaan "
        "empat enabler, dasar pemilihan, lembar komitmen.",
        "{n} agreed programmes: summary, full profiles, four-enabler "
        "check, votes behind them, commitment sheet.",
    ),
    "dl.excel": ("Data lengkap (Excel)", "All data (Excel)"),
    "dl.excel_help": (
        "Peserta, kehadiran per tahap, usulan, suara, hasil per pilar dan "
        "program quick win, satu lembar per tabel.",
        "Participants, attendance per stage, ideas, votes, results per pillar "
        "and quick wins, one sheet each.",
    ),
    "dl.button": ("Unduh {name}", "Download {name}"),
    "dl.cli": (
        "Dari terminal: `python -m workshop export --db {db} --kind "
        "summary|quickwins|excel --stage N --out BERKAS`",
        "From a terminal: `python -m workshop export --db {db} --kind "
        "summary|quickwins|excel --stage N --out FILE`",
    ),
    "dl.stage_label": ("Tahap {roman} – {title}", "Stage {roman} – {title}"),
    "dl.summary_stage": ("{summary} – Tahap {roman}", "{summary} – Stage {roman}"),
    "vote_mode.dots": ("Dot voting (jatah suara)", "Dot voting (vote budget)"),
    "vote_mode.rating": ("Penilaian dampak & kelayakan (1–5)", "Impact & feasibility rating (1–5)"),
    "budget.APBD": ("APBD", "APBD"),
    "budget.APBN/DAK": ("APBN/DAK", "APBN/DAK"),
    "budget.CSR": ("CSR", "CSR"),
    "budget.KPBU": ("KPBU", "KPBU"),
    "budget.Lainnya": ("Lainnya", "Other"),
    # stage control (kendali)
    "ctl.title": ("{region} · Tahap {roman}: {title}", "{region} · Stage {roman}: {title}"),
    "ctl.stage": ("Tahap aktif", "Active stage"),
    "ctl.set_stage": ("Mulai tahap ini", "Start this stage"),
    "ctl.phase_now": ("Fase sekarang: {phase}", "Current phase: {phase}"),
    "ctl.timer": ("Timer fase (menit)", "Phase timer (minutes)"),
    "ctl.timer_start": ("Mulai timer", "Start timer"),
    "ctl.timer_stop": ("Hentikan timer", "Stop timer"),
    "ctl.rules": ("Aturan voting tahap ini", "Voting rules for this stage"),
    "ctl.mode": ("Mode", "Mode"),
    "ctl.budget": ("Jatah suara per peserta per pilar", "Votes per participant per pillar"),
    "ctl.cap": ("Maksimal suara per usulan", "Maximum votes per idea"),
    "ctl.rules_save": ("Simpan aturan", "Save rules"),
    "ctl.voting": ("Voting per pilar", "Voting per pillar"),
    "ctl.pillar_voters": ("{pillar} ({n} pemilih)", "{pillar} ({n} voters)"),
    "ctl.reveal": ("Tampilkan hasil di layar", "Show results on the projector"),
    "ctl.col_pillar": ("Pilar", "Pillar"),
    "ctl.col_rank": ("Peringkat", "Rank"),
    "ctl.col_idea": ("Usulan", "Idea"),
    "ctl.col_dots": ("Suara", "Votes"),
    "ctl.col_paper": ("Manual", "Manual"),
    "ctl.col_total": ("Total", "Total"),
    "ctl.col_impact": ("Dampak", "Impact"),
    "ctl.col_feasibility": ("Kelayakan", "Feasibility"),
    "ctl.paper": ("Suara manual (angkat tangan / kertas)", "Manual votes (show of hands / paper)"),
    "ctl.paper_note": ("Catatan", "Note"),
    # a default value that is stored and printed in the Indonesian documents: kept Indonesian
    "ctl.paper_note_default": ("Hitungan manual", "Hitungan manual"),
    "ctl.paper_save": ("Simpan suara manual", "Save manual votes"),
    "mod.title": ("Moderasi usulan", "Idea moderation"),
    "mod.all_pillars": ("Semua pilar", "All pillars"),
    "mod.earlier": ("Tampilkan usulan tahap sebelumnya", "Show ideas from earlier stages"),
    "mod.merge": ("Gabungkan usulan serupa", "Merge similar ideas"),
    "mod.merge_target": ("Usulan tujuan", "Target idea"),
    "mod.merge_sources": ("Digabung ke tujuan", "Merge into the target"),
    "mod.merge_submit": ("Gabungkan", "Merge"),
    "mod.shortlist_all": (
        "Semua usulan tampil masuk daftar pilihan",
        "Put every visible idea on the shortlist",
    ),
    "mod.count": (
        "{n} usulan · {short} di daftar pilihan (shortlist)",
        "{n} ideas · {short} on the shortlist",
    ),
    "mod.hidden": ("disembunyikan", "hidden"),
    "mod.head": (
        "#{id} [{pillar}] {title} (Tahap {roman}){badge}",
        "#{id} [{pillar}] {title} (Stage {roman}){badge}",
    ),
    "mod.shortlist": ("Daftar pilihan", "Shortlist"),
    "mod.show": ("Tampilkan", "Show"),
    "mod.hide": ("Sembunyikan", "Hide"),
    "mod.unmerge": ("Pisahkan", "Unmerge"),
    "mod.floor": ("Tambah usulan dari forum", "Add an idea from the floor"),
    "mod.search": (
        "Cari (judul, uraian, pengusul, OPD)",
        "Search (title, description, author, OPD)",
    ),
    "mod.all_kinds": ("Semua jenis", "All kinds"),
    "mod.status": ("Status", "Status"),
    "mod.all_statuses": ("Semua status", "Every status"),
    "mod.status_shown": ("tampil", "visible"),
    "mod.status_merged_any": ("digabung", "merged"),
    "mod.status_merged": ("digabung ke #{id}", "merged into #{id}"),
    "mod.opd": ("OPD pengusul", "Author's OPD"),
    "mod.all_opds": ("Semua OPD", "All OPDs"),
    "mod.col_id": ("No.", "No."),
    "mod.col_stage": ("Tahap", "Stage"),
    "mod.col_pillar": ("Pilar", "Pillar"),
    "mod.col_kind": ("Jenis", "Kind"),
    "mod.col_title": ("Judul", "Title"),
    "mod.col_author": ("Pengusul", "Author"),
    "mod.col_opd": ("OPD", "OPD"),
    "mod.col_status": ("Status", "Status"),
    "mod.col_short": ("Pilihan", "Shortlist"),
    "mod.from_floor": ("(forum)", "(floor)"),
    "mod.listed": (
        "{n} dari {total} usulan · {short} di daftar pilihan (shortlist)",
        "{n} of {total} ideas · {short} on the shortlist",
    ),
    "mod.pick_hint": (
        "Centang baris di tabel untuk mengubah atau memproses usulan.",
        "Tick rows in the table to edit or process ideas.",
    ),
    "mod.selected": ("{n} usulan dipilih", "{n} ideas selected"),
    "mod.pick": ("Pilih usulan", "Choose ideas"),
    "mod.edit": ("Ubah usulan #{id}", "Edit idea #{id}"),
    "mod.bulk_pillar": ("Pindah ke pilar", "Move to pillar"),
    "mod.bulk_move": ("Pindahkan", "Move"),
    "mod.bulk_short": ("Masukkan daftar pilihan", "Add to the shortlist"),
    "mod.bulk_unshort": ("Keluarkan dari daftar pilihan", "Remove from the shortlist"),
    "mod.bulk_merge": ("Gabungkan jadi satu", "Merge into one"),
    "dup.title": ("Usulan mirip", "Similar ideas"),
    "dup.hint": (
        "Usulan yang judulnya mirip, per pilar. Gabungkan ke usulan pertama, atau lewati.",
        "Ideas with similar titles, per pillar. Merge into the first one, or skip.",
    ),
    "dup.none": ("Tidak ada usulan mirip.", "No similar ideas."),
    "dup.merge": ("Gabungkan", "Merge"),
    "dup.skip": ("Lewati", "Skip"),
    "dup.more": ("+{n} kelompok lagi", "+{n} more groups"),
    "ctl.paper_pillar": ("Pilar", "Pillar"),
    # quick-win programmes
    "qw.title": ("Program quick win · {region}", "Quick-win programmes · {region}"),
    "qw.votes_dots": ("Tahap {roman}: {n} suara", "Stage {roman}: {n} votes"),
    "qw.votes_rating": (
        "Tahap {roman}: dampak {impact} / kelayakan {feasibility}",
        "Stage {roman}: impact {impact} / feasibility {feasibility}",
    ),
    "qw.name": ("Nama program", "Programme name"),
    "qw.owner": ("OPD penanggung jawab", "Lead agency (OPD)"),
    "qw.support": ("OPD pendukung", "Supporting agencies (OPD)"),
    "qw.problem": ("Masalah yang ditangani", "Problem addressed"),
    "qw.description": ("Deskripsi", "Description"),
    "qw.objective": ("Tujuan", "Objective"),
    "qw.output_indicator": ("Indikator output", "Output indicator"),
    "qw.outcome_indicator": ("Indikator outcome", "Outcome indicator"),
    "qw.risks": ("Risiko", "Risks"),
    "qw.months": ("Jangka waktu (bulan)", "Duration (months)"),
    "qw.budget_source": ("Sumber anggaran", "Budget source"),
    "qw.cost": ("Perkiraan biaya (Rp)", "Estimated cost (Rp)"),
    "qw.enablers": ("Cek empat enabler", "Four-enabler check"),
    "qw.enabler_note": ("Catatan {enabler}", "{enabler} note"),
    "qw.save": ("Simpan program", "Save programme"),
    "qw.new": ("Program baru dari usulan", "New programme from ideas"),
    "qw.pick": ("Pilih satu atau beberapa usulan", "Pick one or more ideas"),
    "qw.evidence": ("Dasar: {evidence}", "Basis: {evidence}"),
    "qw.agreed": ("Program yang sudah disepakati", "Agreed programmes"),
    "qw.delete": ("Hapus program", "Delete programme"),
    # workshop set-up (kegiatan)
    "ws.select": ("Kegiatan yang tampil di layar", "Workshop shown on the projector"),
    "ws.activate": ("Buka kegiatan ini", "Open this workshop"),
    "ws.create": ("Buat kegiatan baru", "Create a new workshop"),
    "ws.region_example": ("Daerah (mis. Kota Metro)", "Region (e.g. Kota Metro)"),
    "ws.region": ("Daerah", "Region"),
    "ws.province": ("Provinsi", "Province"),
    "ws.year": ("Tahun", "Year"),
    "ws.venue": ("Tempat", "Venue"),
    # a default value that is stored and printed in the Indonesian documents: kept Indonesian
    "ws.venue_default": ("Aula", "Aula"),
    "ws.create_submit": ("Buat", "Create"),
    "ws.details": ("Data kegiatan", "Workshop details"),
    "ws.join_code": ("Kode gabung", "Join code"),
    "ws.rotate": ("Ganti kode gabung", "Change join code"),
    "ws.rotate_help": (
        "Ponsel yang sudah bergabung tetap bisa memakai tautannya.",
        "Phones that have already joined can keep using their link.",
    ),
    "ws.public_url": (
        "Alamat untuk ponsel (kosongkan untuk otomatis)",
        "Address for phones (leave empty for automatic)",
    ),
    "ws.public_url_now": ("Dipakai sekarang: {url}", "In use now: {url}"),
    "ws.public_url_save": ("Simpan alamat", "Save address"),
    "ws.stages": ("Tahap", "Stages"),
    "ws.stage_head": ("Tahap {roman}: {title}", "Stage {roman}: {title}"),
    "ws.focus": ("Fokus", "Focus"),
    "ws.outputs": ("Keluaran", "Outputs"),
    "ws.date": ("Tanggal", "Date"),
    "ws.stage_save": ("Simpan tahap", "Save stage"),
    "ws.pillars": ("Pilar", "Pillars"),
    "ws.pillar_name": ("Nama", "Name"),
    "ws.pillar_short": ("Nama singkat", "Short name"),
    "ws.subdims": ("Subdimensi (satu per baris)", "Sub-dimensions (one per line)"),
    "ws.pillar_save": ("Simpan pilar", "Save pillar"),
    "ws.up": ("Naik", "Up"),
    "ws.down": ("Turun", "Down"),
    "ws.pillar_new": ("Pilar baru", "New pillar"),
    "ws.pillar_add": ("Tambah pilar", "Add pillar"),
    "ws.opds": ("Daftar OPD", "Agency (OPD) list"),
    "ws.col_no": ("No", "No."),
    "ws.col_opd": ("OPD", "OPD"),
    "ws.col_kind": ("Jenis", "Type"),
    "ws.opd_new": (
        "Tambah OPD / kecamatan / kelurahan",
        "Add an OPD / district (kecamatan) / urban village (kelurahan)",
    ),
    "ws.opd_delete": ("Hapus OPD", "Remove an OPD"),
    "ws.opd_import": (
        "Impor daftar OPD (CSV atau XLSX, satu nama per baris)",
        "Import an OPD list (CSV or XLSX, one name per row)",
    ),
    "ws.import_row": ("Baris {row}: {message}", "Row {row}: {message}"),
    "ws.import_ready": ("{n} nama siap diimpor:", "{n} names ready to import:"),
    "ws.import_confirm": ("Impor", "Import"),
    "ws.import_done": ("{n} OPD baru ditambahkan.", "{n} new OPDs added."),
    "ws.pin": ("Ganti PIN fasilitator", "Change the facilitator PIN"),
    "ws.pin_submit": ("Ganti PIN", "Change PIN"),
    # projector
    "proj.stage": ("Tahap {roman} · {phase}", "Stage {roman} · {phase}"),
    "proj.quickwins": ("Program quick win", "Quick-win programmes"),
    "proj.more": ("+{n} lainnya", "+{n} more"),
    "proj.more_left": ("+{n} lagi", "+{n} more"),
    "proj.newest": ("Usulan terbaru", "Newest ideas"),
    "proj.open": ("Dibuka", "Open"),
    "proj.closed": ("Ditutup", "Closed"),
    "proj.no_votes": ("Belum ada suara.", "No votes yet."),
    "proj.present": ("Mode presentasi (layar penuh)", "Presentation mode (full screen)"),
    "proj.exit": ("Keluar dari mode presentasi", "Leave presentation mode"),
    # backups (cadangan)
    "bk.download": ("Unduh cadangan", "Download a backup"),
    "bk.download_help": (
        "Salinan utuh seluruh data (berkas SQLite), dibuat saat tombol "
        "ditekan. Aman diambil selama kegiatan berjalan: peserta tetap bisa "
        "mengirim dan memilih.",
        "A full copy of all data (an SQLite file), made when you click. Safe "
        "to take while the workshop runs: participants can keep sending "
        "ideas and voting.",
    ),
    "bk.download_now": ("Unduh cadangan sekarang", "Download a backup now"),
    "bk.auto": ("Cadangan otomatis", "Automatic backups"),
    "bk.auto_help": (
        "Dibuat setiap {minutes} menit selama ada perubahan data; {keep} "
        "terakhir disimpan di `{folder}`.",
        "Made every {minutes} minutes while data changes; the last {keep} are kept in `{folder}`.",
    ),
    "bk.auto_none": ("Belum ada cadangan otomatis.", "No automatic backups yet."),
    "bk.pick": ("Pilih cadangan otomatis", "Choose an automatic backup"),
    "bk.download_picked": ("Unduh cadangan terpilih", "Download the chosen backup"),
    "bk.restore": ("Pulihkan dari cadangan", "Restore from a backup"),
    "bk.restore_warning": (
        "Pemulihan mengganti SELURUH data (semua kegiatan, peserta, usulan, "
        "suara dan program) dengan isi cadangan. Data saat ini disimpan dulu "
        "sebagai cadangan otomatis, jadi pemulihan bisa dibatalkan dengan "
        "memulihkan berkas itu.",
        "Restoring replaces ALL data (every workshop, participant, idea, "
        "vote and programme) with the backup's contents. The current data "
        "is first saved as an automatic backup, so a restore can be undone "
        "by restoring that file.",
    ),
    "bk.upload": ("Berkas cadangan (.db)", "Backup file (.db)"),
    "bk.confirm": (
        "Saya mengerti: semua data saat ini akan diganti isi cadangan.",
        "I understand: all current data will be replaced by the backup.",
    ),
    "bk.restore_upload": ("Pulihkan dari berkas diunggah", "Restore from the uploaded file"),
    "bk.restore_snapshot": (
        "Pulihkan cadangan otomatis terpilih",
        "Restore the chosen automatic backup",
    ),
    "bk.need_file": ("Pilih berkas cadangan dulu.", "Choose a backup file first."),
    "bk.need_confirm": (
        "Centang konfirmasi dulu: pemulihan mengganti semua data saat ini.",
        "Tick the confirmation first: restoring replaces all current data.",
    ),
    "bk.restored": (
        "Data dipulihkan dari {source}: {after}. Sebelumnya: {before}.",
        "Data restored from {source}: {after}. Before: {before}.",
    ),
    "bk.safety": (
        "Data sebelum pemulihan disimpan sebagai {name}.",
        "The data from before the restore was saved as {name}.",
    ),
    "bk.relogin": (
        "Sesi fasilitator berasal dari data lama. Silakan masuk lagi dengan PIN "
        "yang berlaku di cadangan.",
        "Your facilitator session belonged to the old data. Please log in again "
        "with the PIN of the backup.",
    ),
    # shared words
    "common.title": ("Judul", "Title"),
    "common.description": ("Uraian", "Description"),
    "common.save": ("Simpan", "Save"),
    "common.add": ("Tambah", "Add"),
    "common.delete": ("Hapus", "Delete"),
    "common.saved": ("Tersimpan.", "Saved."),
    "common.error": ("Galat", "Error"),
    "common.no_workshop": (
        "Belum ada kegiatan. Buat kegiatan di halaman Kegiatan.",
        "No workshop yet. Create one on the set-up page.",
    ),
}


# Labels of the domain's codes: the Indonesian comes from workshop/domain.py (one source
# for the UI and the documents), the English is added here.
_ENGLISH = {
    "phase": (
        {
            "collect": "Collecting ideas",
            "group": "Grouping ideas",
            "vote": "Voting",
            "agree": "Agreeing quick wins",
        },
        d.PHASE_LABELS,
    ),
    "kind": (
        {"masalah": "Problem / issue", "potensi": "Potential", "usulan": "Programme proposal"},
        d.KIND_LABELS,
    ),
    "group": (
        {
            "opd": "Regional agency (OPD)",
            "kecamatan": "District (kecamatan)",
            "kelurahan": "Urban village (kelurahan)",
            "dewan": "Smart City Council",
            "tim_pelaksana": "Implementation Team",
            "akademisi": "Academia",
            "swasta": "Private sector / banking",
            "masyarakat": "Public / community",
        },
        d.GROUP_LABELS,
    ),
    "enabler": (
        {
            "regulasi": "Regulation",
            "infrastruktur": "Infrastructure",
            "sdm": "Human resources",
            "aplikasi": "Applications",
        },
        d.ENABLER_LABELS,
    ),
    "enabler_state": (
        {"siap": "Ready", "perlu_disiapkan": "Needs preparing", "belum_ada": "Not yet available"},
        d.ENABLER_STATE_LABELS,
    ),
}
CATALOG.update(
    {
        f"{prefix}.{code}": (indonesian[code], english[code])
        for prefix, (english, indonesian) in _ENGLISH.items()
        for code in indonesian
    }
)

# --- h15: documents (pages/downloads.py) ---
CATALOG.update(
    {
        "doc.title": ("Isi dokumen resmi", "Official document contents"),
        "doc.help": (
            "Kop surat, penanda tangan, isi laporan, daftar hadir dan foto: diisi sekali, "
            "dipakai di setiap unduhan. Isian kosong memakai teks bawaan.",
            "Letterhead, signers, report texts, attendance and photos: set once, used in "
            "every download. Empty fields use the default text.",
        ),
        "doc.tab_kop": ("Kop & tanda tangan", "Letterhead & signatures"),
        "doc.tab_text": ("Isi laporan Tahap {roman}", "Report texts, Stage {roman}"),
        "doc.tab_people": ("Daftar hadir", "Attendance"),
        "doc.tab_photos": ("Foto Tahap {roman}", "Photos, Stage {roman}"),
        "doc.save": ("Simpan", "Save"),
        "doc.saved": ("Tersimpan.", "Saved."),
        "doc.logo": ("Logo daerah (PNG/JPEG, maks. 8 MB)", "Regional emblem (PNG/JPEG, max. 8 MB)"),
        "doc.logo_save": ("Pasang logo", "Use this logo"),
        "doc.logo_remove": ("Hapus logo", "Remove logo"),
        "doc.text_help": (
            'Susunan acara: satu baris per acara, misalnya "08.30–09.00 | Registrasi".',
            'Agenda: one line per item, e.g. "08.30–09.00 | Registration".',
        ),
        "doc.people_help": (
            "Jabatan, NIP (hanya ASN) dan telepon peserta yang hadir pada tahap ini; yang "
            "kosong diisi tangan pada daftar hadir cetak.",
            "Position, NIP (civil servants only) and phone of those present at this stage; "
            "empty ones are written by hand on the printed list.",
        ),
        "doc.photos_help": (
            "{n} dari {max} foto. Foto masuk ke lampiran ringkasan tahap ini.",
            "{n} of {max} photos. Photos go into this stage summary's appendix.",
        ),
        "doc.photo": (
            "Foto kegiatan (PNG/JPEG, maks. 8 MB)",
            "Session photo (PNG/JPEG, max. 8 MB)",
        ),
        "doc.photo_caption": ("Keterangan foto", "Photo caption"),
        "doc.photo_add": ("Tambahkan foto", "Add photo"),
        "doc.photo_remove": ("Hapus", "Delete"),
    }
)


def t(key: str, lang: str = "id", **kwargs: object) -> str:
    """The text for `key` in `lang`, formatted with `kwargs`; unknown keys show the key."""
    pair = CATALOG.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**kwargs) if kwargs else text


# --- h14q: quick-win gate, profile fields, risk register ---
CATALOG.update(
    {
        "enabler_state.belum_dinilai": ("Belum dinilai", "Not yet assessed"),
        "qw.horizon": ("Horizon", "Horizon"),
        "qw.horizon_none": ("Belum dinilai", "Not yet assessed"),
        "horizon.2": ("≤ 2 tahun (quick win)", "≤ 2 years (quick win)"),
        "horizon.5": ("5 tahun (jangka menengah)", "5 years (medium term)"),
        "horizon.10": ("10 tahun (jangka panjang)", "10 years (long term)"),
        "qw.months_none": (
            "Jangka waktu (bulan; 0 = belum dinilai)",
            "Duration (months; 0 = not yet assessed)",
        ),
        "qw.source_none": ("Belum dinilai", "Not yet assessed"),
        "qw.subdim": ("Sub-dimensi", "Sub-dimension"),
        "qw.location": ("Lokasi", "Location"),
        "qw.beneficiaries": ("Penerima manfaat", "Beneficiaries"),
        "qw.budget_year": ("Tahun anggaran (0 = belum ditentukan)", "Budget year (0 = not set)"),
        "qw.plan_link": ("Tautan program RPJMD / Renstra", "Link to the RPJMD / Renstra programme"),
        "qw.indicators": (
            "Indikator (baseline dan target per indikator)",
            "Indicators (baseline and target each)",
        ),
        "qw.ind_kind": ("Jenis", "Type"),
        "qw.ind_name": ("Indikator", "Indicator"),
        "qw.ind_baseline": ("Baseline", "Baseline"),
        "qw.ind_target": ("Target", "Target"),
        "qw.milestones": ("Tahapan (milestone)", "Milestones"),
        "qw.ms_when": ("Waktu", "When"),
        "qw.ms_what": ("Tahapan", "Milestone"),
        "qw.status_draft": ("Kandidat", "Candidate"),
        "qw.status_agreed": ("Quick win disepakati", "Agreed quick win"),
        "qw.gate_ok": (
            "Lolos syarat quick win: horizon ≤ 2 tahun, OPD penanggung jawab ada, "
            "empat enabler dinilai.",
            "Passes the quick-win gate: horizon ≤ 2 years, lead agency set, "
            "all four enablers assessed.",
        ),
        "qw.gate_no": ("Belum lolos syarat quick win:", "Does not pass the quick-win gate yet:"),
        "qw.agree": ("Sepakati sebagai quick win", "Agree as a quick win"),
        "qw.unagree": ("Kembalikan ke kandidat", "Back to candidate"),
        "qw.agreed_ok": ("Disepakati sebagai quick win.", "Agreed as a quick win."),
        "qw.new2": ("Kandidat baru dari usulan", "New candidate from ideas"),
        "qw.list": ("Kandidat dan quick win", "Candidates and quick wins"),
        "qw.save_candidate": ("Simpan kandidat", "Save candidate"),
        "qw.risk_register": ("Daftar risiko", "Risk register"),
        "qw.risk": ("Risiko", "Risk"),
        "qw.likelihood": ("Kemungkinan (1–5)", "Likelihood (1–5)"),
        "qw.impact": ("Dampak (1–5)", "Impact (1–5)"),
        "qw.mitigation": ("Mitigasi", "Mitigation"),
        "qw.risk_owner": ("Pemilik risiko (OPD)", "Risk owner (OPD)"),
        "qw.save_risks": ("Simpan daftar risiko", "Save risk register"),
        "qw.risks_note": ("Catatan risiko (teks bebas)", "Risk notes (free text)"),
        "qw.risk_add": ("Tambah risiko", "Add a risk"),
        "qw.no_risks": ("Belum ada risiko tercatat.", "No risk recorded yet."),
        "qw.documents": ("Dokumen Tahap IV", "Stage IV documents"),
        "qw.dl_profiles": ("Profil quick win", "Quick-win profiles"),
        "qw.dl_risks": ("Register risiko", "Risk register"),
        "qw.dl_berita": ("Berita acara kesepakatan", "Minutes of agreement"),
        "qw.dl_komitmen": ("Komitmen bersama", "Joint commitment"),
        "dl.qw_profiles": ("Profil quick win", "Quick-win profiles"),
        "dl.qw_risks": ("Register risiko quick win", "Quick-win risk register"),
        "dl.qw_berita": ("Berita acara kesepakatan quick win", "Minutes of quick-win agreement"),
        "dl.qw_komitmen": ("Komitmen bersama", "Joint commitment"),
    }
)
# h14q: the draft's commitment sheet is now its own document (qw_komitmen)
CATALOG["dl.quickwins_help"] = (
    "{n} program disepakati: ringkasan dan profil ringkas (indikator dengan baseline dan "
    "target, tahapan, empat enabler, risiko, dasar pemilihan).",
    "{n} agreed programmes: summary and compact profiles (indicators with baseline and "
    "target, milestones, four enablers, risks, votes behind them).",
)
# --- h13b: safe restore, roster bombs ---
CATALOG.update(
    {
        "bk.restore_warning_safe": (
            "Pemulihan mengganti SELURUH data (semua kegiatan, peserta, usulan, suara dan "
            "program) dengan isi cadangan. Berkas diperiksa dan dimigrasikan sebagai salinan "
            "dulu; data saat ini baru diganti bila pemeriksaan lulus, dan lebih dulu disimpan "
            "sebagai berkas …-sebelum-pulih.db (tidak pernah dihapus otomatis). PIN yang "
            "berlaku sekarang tetap berlaku; semua sesi fasilitator berakhir.",
            "Restoring replaces ALL data (every workshop, participant, idea, vote and "
            "programme) with the backup's contents. The file is checked and migrated as a "
            "copy first; the current data is replaced only when that passes, and is saved "
            "first as a …-sebelum-pulih.db file (never deleted automatically). The PIN in "
            "use now stays; every facilitator session ends.",
        ),
        "bk.relogin_current": (
            "Semua sesi fasilitator berakhir dengan pemulihan. Silakan masuk lagi dengan "
            "PIN yang berlaku sekarang.",
            "Every facilitator session ended with the restore. Please log in again with "
            "the PIN in use now.",
        ),
        "bk.download_help_private": (
            "Salinan seluruh data kegiatan (berkas SQLite), dibuat saat tombol ditekan. Aman "
            "diambil selama kegiatan berjalan. Tidak berisi PIN maupun sesi fasilitator.",
            "A copy of all workshop data (an SQLite file), made when you click. Safe to take "
            "while the workshop runs. It holds neither the PIN nor facilitator sessions.",
        ),
        "ws.import_limits": (
            "CSV atau XLSX, paling besar {mb} MB, paling banyak {rows} baris dan {cols} kolom.",
            "CSV or XLSX, at most {mb} MB, {rows} rows and {cols} columns.",
        ),
    }
)


# --- h14: activities ---
def _h14_catalog() -> dict[str, tuple[str, str]]:
    from .activities import kinds as ak

    out: dict[str, tuple[str, str]] = {
        "nav.activities": ("Aktivitas tahap", "Stage activities"),
        "act.stage": ("Tahap", "Stage"),
        "act.list": ("Aktivitas tahap ini", "This stage's activities"),
        "act.open": ("terbuka di ponsel", "open on phones"),
        "act.shown": ("di proyektor", "on the projector"),
        "act.open_btn": ("Buka di ponsel", "Open on phones"),
        "act.close": ("Tutup", "Close"),
        "act.show_btn": ("Tampilkan", "Show"),
        "act.hide_btn": ("Lepas dari proyektor", "Off the projector"),
        "act.remove": ("Hapus", "Remove"),
        "act.add_kind": ("Jenis aktivitas baru", "New activity kind"),
        "act.add": ("Tambah aktivitas", "Add activity"),
        "act.edit": ("Atur aktivitas", "Set up activity"),
        "act.prefill": ("Isi dari hasil sebelumnya", "Prefill from earlier results"),
        "act.ideas_help": (
            "Usulan dan prioritas berjalan di Kendali tahap (pengumpulan, pengelompokan, "
            "voting, kesepakatan). Buka aktivitas ini agar ponsel kembali ke alur usulan.",
            "Ideas and priorities run on Stage control (collect, group, vote, agree). Open "
            "this activity to give the phones back to the ideas loop.",
        ),
        "act.dimension": ("Dimensi", "Dimension"),
        "act.item": ("Butir", "Item"),
        "act.all": ("Semua", "All"),
        "act.per_pillar": ("Nilai per pilar", "Score per pillar"),
        "act.cap": ("Batas kartu per peserta", "Cards per participant"),
        "act.quadrant": ("Kuadran", "Quadrant"),
        "act.swot_text": ("Isi singkat", "Short text"),
        "act.add_card": ("Kirim kartu", "Send card"),
        "act.card_saved": ("Kartu terkirim.", "Card sent."),
        "act.cards_left": ("{n} dari {cap} kartu terpakai", "{n} of {cap} cards used"),
        "act.moderate": ("Moderasi jawaban", "Moderate answers"),
        "act.hidden": ("disembunyikan", "hidden"),
        "act.hide_answer": ("Sembunyikan", "Hide"),
        "act.show_answer": ("Tampilkan", "Show"),
        "act.keyword": ("Kata kunci {n}", "Keyword {n}"),
        "act.keyword_col": ("Kata kunci", "Keyword"),
        "act.count": ("Jumlah", "Count"),
        "act.keywords_help": (
            "Tulis 1 sampai {n} kata kunci untuk visi daerah.",
            "Write 1 to {n} keywords for the region's vision.",
        ),
        "act.stmt_kind": ("Jenis", "Kind"),
        "act.stmt_text": ("Rumusan", "Statement"),
        "act.max_approve": ("Batas pilihan (0 = bebas)", "Most approvals (0 = any)"),
        "act.approve": ("Setuju", "Approve"),
        "act.approve_help": (
            "Centang setiap rumusan yang Anda setujui.",
            "Tick every statement you approve.",
        ),
        "act.approve_help_max": (
            "Centang rumusan yang Anda setujui (paling banyak {n}).",
            "Tick the statements you approve (at most {n}).",
        ),
        "act.import": ("Impor daftar program (CSV/XLSX)", "Import programme list (CSV/XLSX)"),
        "act.import_add": ("Tambahkan ke daftar panjang", "Add to the long-list"),
        "act.preview": ("{n} program siap ditambahkan.", "{n} programmes ready to add."),
        "act.row": ("Baris", "Row"),
        "act.programme": ("Program", "Programme"),
        "act.indicator": ("Indikator", "Indicator"),
        "act.budget": ("Pagu (Rp)", "Budget (Rp)"),
        "act.candidate": ("Kandidat", "Candidate"),
        "act.source": ("Sumber", "Source"),
        "act.total": ("Total", "Total"),
        "act.horizon": ("Horizon", "Horizon"),
        "act.send": ("Kirim jawaban", "Send answer"),
        "act.saved": ("Jawaban tersimpan.", "Answer saved."),
        "act.fill_all": ("Isi nilai untuk setiap butir.", "Score every item."),
        "act.nothing_yet": (
            "Fasilitator belum menyiapkan isinya. Tunggu sebentar.",
            "The facilitator has not set this up yet. Please wait.",
        ),
        "act.readiness_help": (
            "Nilai kesiapan daerah: 1 = sangat belum siap, 5 = sangat siap.",
            "Rate the region's readiness: 1 = not ready at all, 5 = fully ready.",
        ),
        "act.longlist_help": (
            "Beri nilai kepentingan 1-5 untuk program di pilar ini.",
            "Rate each programme of this pillar 1-5 for importance.",
        ),
        "act.relevance": ("Nilai kepentingan", "Importance"),
        "act.usg_help": (
            "Nilai 1-5: Urgensi (seberapa mendesak), Keseriusan (seberapa besar dampaknya), "
            "Perkembangan (seberapa cepat memburuk bila dibiarkan).",
            "Score 1-5: Urgency (how pressing), Seriousness (how large the impact), "
            "Growth (how fast it worsens if left alone).",
        ),
        "act.roadmap_help": (
            "Kapan program ini sebaiknya dijalankan?",
            "When should this programme run?",
        ),
        "act.answers": ("Jawaban", "Answers"),
        "act.no_answers": ("Belum ada jawaban.", "No answers yet."),
        "act.no_statements": ("Belum ada rumusan.", "No statements yet."),
        "act.no_programmes": ("Daftar program belum diimpor.", "No programmes imported yet."),
        "act.no_candidates": ("Belum ada kandidat.", "No candidates yet."),
        "act.unmapped": ("{n} program belum dipetakan ke pilar", "{n} programmes not mapped yet"),
        "act.cloud": ("Awan kata kunci visi", "Vision keyword cloud"),
    }
    english = {
        "kind_act": {
            "ideas": "Ideas and priorities",
            "readiness": "Readiness self-assessment",
            "swot": "SWOT per pillar",
            "keywords": "Vision keywords",
            "statements": "Vision, mission and goal statements",
            "longlist": "Programme long-list (RPJMD/Renstra)",
            "usg": "USG priority scoring",
            "roadmap": "Roadmap",
        },
        "dim": {
            "struktur": "Structure",
            "infrastruktur": "Infrastructure",
            "suprastruktur": "Superstructure",
        },
        "swot": {"S": "Strengths", "W": "Weaknesses", "O": "Opportunities", "T": "Threats"},
        "stmt": {"visi": "Vision", "misi": "Mission", "tujuan": "Goal", "sasaran": "Target"},
        "horizon": {"h2": "Quick win (≤ 2 years)", "h5": "5 years", "h10": "10 years"},
        "usg": {"u": "Urgency", "s": "Seriousness", "g": "Growth"},
    }
    indonesian = {
        "kind_act": ak.KIND_LABELS,
        "dim": ak.DIMENSION_LABELS,
        "swot": ak.QUADRANT_LABELS,
        "stmt": ak.STATEMENT_LABELS,
        "horizon": ak.HORIZON_LABELS,
        "usg": ak.USG_LABELS,
    }
    for prefix, ind in indonesian.items():
        for code, text in ind.items():
            out[f"{prefix}.{code}"] = (text, english[prefix][code])
    return out


CATALOG.update(_h14_catalog())


# --- h15s: stage documents ---
CATALOG.update(
    {
        "dl.analysis": ("Draf Analisis Strategis", "Strategic analysis draft"),
        "dl.vision": ("Draf Visi, Misi dan Pemetaan Program", "Vision, mission and programmes"),
        "dl.roadmap": (
            "Draf Peta Jalan dan Kandidat Quick Win",
            "Roadmap and quick-win candidates",
        ),
        "dl.executive": ("Ringkasan Eksekutif", "Executive summary"),
    }
)
# --- h13a: join limits, facilitator access ---
CATALOG.update(
    {
        "fac.continue": ("Lanjutkan", "Continue"),
        "fac.setup_code": ("Kode penyiapan (dari konsol server)", "Set-up code (server console)"),
        "fac.setup_code_help": (
            "PIN pertama hanya bisa diatur dari laptop server, atau dengan kode penyiapan "
            "sekali pakai yang tampil di konsol (jendela terminal) server.",
            "The first PIN can only be set on the server's laptop, or with the one-time "
            "set-up code shown in the server's console (terminal window).",
        ),
        "fac.pin_differs": (
            "PIN fasilitator sudah diubah di aplikasi dan berbeda dengan BIMTEK_PIN di "
            "server. Saat server dinyalakan ulang, PIN kembali ke BIMTEK_PIN (dan semua "
            "sesi fasilitator berakhir). Ubah juga BIMTEK_PIN agar sama.",
            "The facilitator PIN was changed in the app and differs from the server's "
            "BIMTEK_PIN. When the server restarts, the PIN goes back to BIMTEK_PIN (and every "
            "facilitator session ends). Change BIMTEK_PIN too so they match.",
        ),
        "lim.title": ("Batas pendaftaran dan usulan", "Join and idea limits"),
        "lim.help": (
            "Batas ini mencegah satu orang mendaftar berkali-kali atau membanjiri usulan. "
            "Satu peramban = satu peserta: mendaftar lagi dari ponsel yang sama melanjutkan "
            "peserta yang sama, kecuali perangkat bersama diizinkan.",
            "These limits keep one person from joining many times or flooding ideas. One "
            "browser = one participant: joining again from the same phone resumes the same "
            "participant, unless shared devices are allowed.",
        ),
        "lim.shared_devices": (
            "Izinkan beberapa peserta dari satu perangkat",
            "Allow several participants on one device",
        ),
        "lim.joins_per_minute": (
            "Pendaftaran baru per alamat jaringan per menit",
            "New joins per network address per minute",
        ),
        "lim.max_participants": ("Jumlah peserta maksimal", "Maximum number of participants"),
        "lim.max_default": (
            "Bawaan: {n} (4 × jumlah OPD di daftar, minimal 100).",
            "Default: {n} (4 × the OPDs in the roster, at least 100).",
        ),
        "lim.ideas_per_stage": (
            "Usulan per peserta per tahap",
            "Ideas per participant per stage",
        ),
        "lim.ideas_per_minute": (
            "Usulan per peserta per menit",
            "Ideas per participant per minute",
        ),
        "lim.save": ("Simpan batas", "Save limits"),
        "lim.spike": (
            "Lonjakan pendaftaran: {joined} peserta baru dalam 1 menit terakhir dari {addresses} "
            "alamat, {refused} ditolak oleh batas. Periksa Daftar peserta dan hapus entri palsu; "
            "ganti kode kegiatan bila perlu (ponsel yang sudah bergabung tetap bisa dipakai).",
            "Join spike: {joined} new participants in the last minute from {addresses} "
            "addresses, {refused} refused by a limit. Check the participant list and remove fake "
            "entries; rotate the join code if needed (phones already joined keep working).",
        ),
    }
)


# --- lead: the Unduh page lists every registered document ---
CATALOG.update(
    {
        "dl.more": (
            "Dokumen hasil aktivitas dan kesepakatan",
            "Activity results and agreement documents",
        ),
    }
)

# --- h16: the phone's own screens, honest failures ---
CATALOG.update(
    {
        "h16.busy": (
            "Server sedang tidak bisa menyimpan; suara Anda belum tersimpan.",
            "The server cannot save right now; your votes are not saved yet.",
        ),
        "h16.db_missing": (
            "Berkas basis data tidak ditemukan; suara tidak disimpan. Hubungi fasilitator.",
            "The database file is missing; votes are not being saved. Tell the facilitator.",
        ),
        "h16.overloaded": (
            "Server sedang penuh; mencoba lagi otomatis…",
            "The server is full right now; retrying automatically…",
        ),
        "h16.slow_body": (
            "Suara tidak terkirim utuh; kirim lagi.",
            "Votes arrived incomplete; send again.",
        ),
        "h16.retry_in": ("Mencoba lagi dalam {s} detik…", "Retrying in {s} s…"),
        "h16.banner.locked": (
            "Basis data sedang dikunci proses lain: suara dan usulan dari ponsel belum bisa "
            "disimpan (terakhir {ago} detik lalu). Ponsel mencoba lagi otomatis.",
            "The database is locked by another process: votes and ideas from phones cannot be "
            "saved (last {ago} s ago). Phones retry automatically.",
        ),
        "h16.banner.full": (
            "Disk penuh: suara dan usulan dari ponsel tidak bisa disimpan (terakhir {ago} "
            "detik lalu). Kosongkan ruang disk.",
            "The disk is full: votes and ideas from phones cannot be saved (last {ago} s ago). "
            "Free some disk space.",
        ),
        "h16.banner.io": (
            "Basis data tidak bisa ditulis ({detail}); terakhir {ago} detik lalu.",
            "The database cannot be written ({detail}); last {ago} s ago.",
        ),
        "h16.banner.missing": (
            "Berkas basis data {path} sudah dihapus atau diganti saat aplikasi berjalan. "
            "Suara baru TIDAK disimpan. Hentikan aplikasi, pulihkan cadangan, lalu jalankan "
            "lagi.",
            "The database file {path} was deleted or replaced while the app was running. New "
            "votes are NOT saved. Stop the app, restore a backup, then start it again.",
        ),
        "h16.rating_saved": ("Penilaian tersimpan ({n} usulan).", "Ratings saved ({n} ideas)."),
        "h16.rate_all": (
            "Beri nilai dampak dan kelayakan untuk setiap usulan.",
            "Give every idea an impact and a feasibility score.",
        ),
    }
)

# --- h16act: activity forms drawn by the phone (live.ROOM_JS DRAW.act) ---
CATALOG.update(
    {
        "act.my_cards": ("Kartu Anda", "Your cards"),
        "act.busy": (
            "Server sedang tidak bisa menyimpan; jawaban Anda belum tersimpan.",
            "The server cannot save right now; your answer is not saved yet.",
        ),
        "act.db_missing": (
            "Berkas basis data tidak ditemukan; jawaban tidak disimpan. Hubungi fasilitator.",
            "The database file is missing; answers are not being saved. Tell the facilitator.",
        ),
    }
)
