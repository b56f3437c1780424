"""English versions of the core's Indonesian refusal messages (`WorkshopError`).

The core (store, domain, backups, imports, CLI) speaks Bahasa Indonesia only, and many
of its messages carry values: a field name (`label`), numbers, quoted user text, an
error from the operating system. Here every message template of the core is written
once more as a pattern, with the English text next to it. A message is matched against
the patterns; the values it carries are put into the English text *unchanged* (user
text stays exactly as typed), except field names, which have their own table.

A message that matches no pattern is returned as it is (Indonesian is better than
nothing), so `in_language` never raises. `tests/test_errors.py` scans the core for
every message it raises and fails when one has no pattern here.

Pattern syntax (Indonesian side): literal text with placeholders `{name}` (any text,
including newlines) and `{name:d}` (an integer). Placeholders whose name starts with
`label` or `enabler` hold a field name and are translated through `_LABELS`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

__all__ = ["in_language"]

English = str | Callable[[Mapping[str, str]], str]

# --------------------------------------------------------------------------- labels

# Field names passed as `label=` to the domain validators (clean_text, check_int,
# check_choice, check_date, check_bool) and to store._key / store._items.
_LABELS: dict[str, str] = {
    "Perangkat bersama": "Shared devices",  # h13a
    "Batas": "Limit",  # h13a
    "Alamat": "Address",
    "Batas suara per usulan": "Maximum votes per idea",
    "Catatan": "Note",
    "Catatan enabler": "Enabler note",
    "Cari": "Search",
    "Daftar OPD": "OPD list",
    "Daftar usulan": "Idea list",
    "Deskripsi": "Description",
    "Enabler": "Enabler",
    "Fase": "Phase",
    "Geser": "Shift",
    "Indikator outcome": "Outcome indicator",
    "Indikator output": "Output indicator",
    "Instansi": "Institution",
    "Jangka waktu (bulan)": "Duration (months)",
    "Jatah suara": "Vote budget",
    "Jenis ekspor": "Export kind",
    "Jenis OPD": "OPD type",
    "Jenis usulan": "Idea kind",
    "Judul": "Title",
    "Judul tahap": "Stage title",
    "Jumlah peserta": "Number of participants",
    "Jumlah suara": "Number of votes",
    "Jumlah suara manual": "Manual vote count",
    "Kegiatan": "Workshop",
    "Kelompok": "Group",
    "Kunci": "Key",
    "Masalah yang ditangani": "Problem addressed",
    "Mode voting": "Voting mode",
    "Nama": "Name",
    "Nama daerah": "Region name",
    "Nama OPD": "OPD name",
    "Nama pilar": "Pillar name",
    "Nama program": "Programme name",
    "Nama singkat": "Short name",
    "Nilai dampak": "Impact score",
    "Nilai kelayakan": "Feasibility score",
    "OPD": "OPD",
    "OPD pendukung": "Supporting OPDs",
    "Pengaturan": "Setting",
    "Perkiraan biaya": "Estimated cost",
    "Peserta": "Participant",
    "Pilar": "Pillar",
    "PIN": "PIN",
    "Program quick win": "Quick-win programme",
    "Provinsi": "Province",
    "Risiko": "Risks",
    "Seed": "Seed",
    "Sembunyikan": "Hide",
    "Status": "Status",
    "Status voting": "Voting status",
    "Subdimensi": "Sub-dimension",
    "Sumber anggaran": "Budget source",
    "Tahap": "Stage",
    "Tahun": "Year",
    "Tampilkan hasil": "Show results",
    "Tanggal": "Date",
    "Tempat": "Venue",
    "Timer": "Timer",
    "Tujuan": "Objective",
    "Uraian": "Description",
    "Usulan": "Idea",
    "Usulan yang digabung": "Ideas to merge",
    # store.update_stage passes the column name itself as the label
    "focus": "Focus",
    "outputs": "Outputs",
    # the four enablers (domain.ENABLER_LABELS), used inside "Status enabler ..."
    "Regulasi": "Regulation",
    "Infrastruktur": "Infrastructure",
    "SDM": "Human resources",
    "Aplikasi": "Applications",
    # --- h15: documents (workshop/documents.py FIELDS, DETAIL_FIELDS) ---
    "Nama pemerintah daerah": "Name of the regional government",
    "Nama perangkat daerah": "Name of the agency",
    "Alamat kantor": "Office address",
    "Telepon kantor": "Office phone",
    "Email kantor": "Office e-mail",
    "Situs web": "Website",
    "Tempat penandatanganan": "Place of signing",
    "Jabatan penanda tangan 1": "Position of signer 1",
    "Nama penanda tangan 1": "Name of signer 1",
    "Pangkat/golongan penanda tangan 1": "Rank/grade of signer 1",
    "NIP penanda tangan 1": "NIP of signer 1",
    "Jabatan penanda tangan 2": "Position of signer 2",
    "Nama penanda tangan 2": "Name of signer 2",
    "Pangkat/golongan penanda tangan 2": "Rank/grade of signer 2",
    "NIP penanda tangan 2": "NIP of signer 2",
    "Jabatan yang mengetahui": "Position of the countersigner",
    "Nama yang mengetahui": "Name of the countersigner",
    "Pangkat/golongan yang mengetahui": "Rank/grade of the countersigner",
    "NIP yang mengetahui": "NIP of the countersigner",
    "Nomor dokumen": "Document number",
    "Tanggal dokumen": "Document date",
    "Waktu mulai": "Start time",
    "Waktu selesai": "End time",
    "Latar belakang": "Background",
    "Dasar hukum": "Legal basis",
    "Maksud dan tujuan": "Purpose and objectives",
    "Ruang lingkup": "Scope",
    "Narasumber dan fasilitator": "Speakers and facilitators",
    "Susunan acara": "Agenda",
    "Kesimpulan dan rekomendasi": "Conclusions and recommendations",
    "Penutup": "Closing",
    "Jabatan": "Position",
    "NIP": "NIP",
    "Nomor telepon": "Phone number",
    "Keterangan foto": "Photo caption",
    "Gambar": "Image",
    "Logo": "Logo",
    "Foto": "Photo",
    "Jumlah usulan teratas di grafik": "Number of top ideas in a chart",
}

_STATUS_ENABLER = re.compile(r"Status enabler (?P<enabler>.+)", re.DOTALL)


def _label(text: str) -> str:
    """A field name in English; an unknown one stays as it is."""
    if text in _LABELS:
        return _LABELS[text]
    m = _STATUS_ENABLER.fullmatch(text)
    if m:
        return f"{_label(m['enabler'])} enabler status"
    return text


def _count(value: str, word: str) -> str:
    """'1 vote', '3 votes' (the count as it appears in the message)."""
    return f"{value} {word}" if value.strip() in ("1", "-1") else f"{value} {word}s"


# --------------------------------------------------------------------------- templates

# (Indonesian template, English template or function of the placeholders). More specific
# templates come before the generic `{label} ...` ones that could also match them.
_TEMPLATES: tuple[tuple[str, English], ...] = (
    # ---- access (store)
    ("PIN minimal 4 karakter.", "The PIN must be at least 4 characters."),
    ("PIN fasilitator belum diatur.", "The facilitator PIN has not been set yet."),
    (
        "Terlalu banyak percobaan PIN. Coba lagi dalam {wait:d} detik.",
        lambda g: f"Too many PIN attempts. Try again in {_count(g['wait'], 'second')}.",
    ),
    ("PIN salah.", "Wrong PIN."),
    ("Hanya fasilitator yang boleh melakukan ini.", "Only the facilitator may do this."),
    (
        "Sesi peserta tidak dikenal. Silakan bergabung lagi lewat QR.",
        "Unknown participant session. Please join again via the QR code.",
    ),
    (
        "Peserta ini sudah dihapus dari daftar oleh fasilitator. Silakan bergabung lagi lewat QR.",
        "The facilitator has removed this participant from the list. "
        "Please join again via the QR code.",
    ),
    # ---- participants (store)
    ("Peserta tidak ditemukan.", "Participant not found."),
    ("Peserta ini sudah dihapus.", "This participant has already been removed."),
    (
        "Peserta ini sudah digabung dengan peserta lain; tidak bisa dipulihkan.",
        "This participant has been merged into another entry; it cannot be restored.",
    ),
    ("Peserta ini tidak sedang dihapus.", "This participant is not removed."),
    (
        "Peserta tidak bisa digabung dengan dirinya sendiri.",
        "A participant cannot be merged with itself.",
    ),
    (
        "Peserta dari kegiatan lain tidak bisa digabung.",
        "Participants of another workshop cannot be merged.",
    ),
    (
        "Peserta '{name}' sudah dihapus; pulihkan dulu sebelum digabung.",
        "Participant '{name}' has been removed; restore them before merging.",
    ),
    ("Anda hanya boleh mengubah usulan Anda sendiri.", "You may only edit your own ideas."),
    ("Anda hanya boleh menghapus usulan Anda sendiri.", "You may only delete your own ideas."),
    # ---- workshops, stages, pillars, OPDs (store)
    ("Kegiatan tidak ditemukan.", "Workshop not found."),
    ("Belum ada kegiatan di basis data ini.", "There is no workshop in this database yet."),
    ("Kolom kegiatan tidak dikenal: {key}", "Unknown workshop field: {key}"),
    (
        "Kode kegiatan tidak dikenal. Periksa kode di layar.",
        "Unknown workshop code. Check the code on the screen.",
    ),
    ("Tahap tidak ditemukan.", "Stage not found."),
    ("Tahap {number} tidak ditemukan.", "Stage {number} not found."),
    ("Kolom tahap tidak dikenal: {key}", "Unknown stage field: {key}"),
    (
        "Batas suara per usulan tidak boleh melebihi jatah suara.",
        "The maximum votes per idea cannot exceed the vote budget.",
    ),
    (
        "Aturan voting tidak bisa diubah setelah ada suara masuk.",
        "The voting rules cannot be changed once votes have come in.",
    ),
    ("Pilar tidak ditemukan.", "Pillar not found."),
    (
        "Pilar sudah dipakai oleh usulan; tidak bisa dihapus.",
        "The pillar is already used by ideas; it cannot be deleted.",
    ),
    ("Pilar wajib dipilih.", "A pillar must be chosen."),
    ("Pilih pilar terlebih dahulu.", "Choose a pillar first."),
    (
        "Subdimensi harus berupa daftar, bukan satu teks.",
        "Sub-dimensions must be a list, not a single text.",
    ),
    (
        "Subdimensi '{sub}' tidak ada di pilar {pillar}.",
        "Sub-dimension '{sub}' is not in pillar {pillar}.",
    ),
    ("OPD tidak ditemukan dalam daftar kegiatan ini.", "OPD not found in this workshop's list."),
    ("OPD tidak ditemukan.", "OPD not found."),
    ("OPD '{name}' sudah ada.", "OPD '{name}' already exists."),
    (
        "OPD sudah dipakai peserta, usulan atau program; tidak bisa dihapus.",
        "The OPD is already used by participants, ideas or programmes; it cannot be deleted.",
    ),
    ("OPD penanggung jawab wajib dipilih.", "A lead OPD must be chosen."),
    (
        "Daftar OPD harus berupa daftar nama, bukan satu teks.",
        "The OPD list must be a list of names, not a single text.",
    ),
    ("Pilih OPD atau isi nama instansi.", "Choose an OPD or type the name of your institution."),
    ("Tabel tidak dikenal: {table}", "Unknown table: {table}"),
    # ---- ideas (store)
    ("Pengumpulan usulan sedang ditutup.", "Idea collection is closed at the moment."),
    ("Kolom usulan tidak dikenal: {keys}", "Unknown idea field: {keys}"),
    ("Usulan tidak ditemukan.", "Idea not found."),
    (
        "Usulan dari tahap sebelumnya tidak bisa diubah.",
        "Ideas from an earlier stage cannot be edited.",
    ),
    (
        "Usulan ini sudah diproses fasilitator dan tidak bisa diubah.",
        "The facilitator has already processed this idea; it cannot be edited.",
    ),
    ("Usulan ini tidak bisa dihapus lagi.", "This idea can no longer be deleted."),
    ("Usulan ini sudah diproses fasilitator.", "The facilitator has already processed this idea."),
    (
        "Usulan yang sudah dipilih tidak bisa dipindah pilar.",
        "An idea that has votes cannot be moved to another pillar.",
    ),
    ("Usulan ini sudah digabung; pisahkan dulu.", "This idea has been merged; unmerge it first."),
    (
        "Usulan '{title}' sudah digabung; pisahkan dulu.",
        "Idea '{title}' has been merged; unmerge it first.",
    ),
    (
        "Usulan '{title}' sudah dipilih; tidak bisa dipindah pilar.",
        "Idea '{title}' has votes; it cannot be moved to another pillar.",
    ),
    ("Pilih minimal satu usulan.", "Choose at least one idea."),
    ("Usulan harus dari satu kegiatan.", "The ideas must be from one workshop."),
    ("Pilih usulan yang akan digabung.", "Choose the ideas to merge."),
    (
        "Usulan dari kegiatan lain tidak bisa digabung.",
        "Ideas from another workshop cannot be merged.",
    ),
    ("Usulan tidak bisa digabung dengan dirinya sendiri.", "An idea cannot be merged with itself."),
    ("Usulan tujuan harus usulan yang tampil.", "The target idea must be a visible idea."),
    (
        "Usulan '{title}' sudah mendapat suara; tidak bisa digabung.",
        "Idea '{title}' already has votes; it cannot be merged.",
    ),
    ("Usulan ini tidak sedang digabung.", "This idea is not merged."),
    (
        "Hanya usulan yang tampil yang bisa masuk daftar pilihan.",
        "Only visible ideas can go on the shortlist.",
    ),
    (
        "Usulan dari tahap berikutnya tidak bisa dipilih.",
        "Ideas from a later stage cannot be chosen.",
    ),
    (
        "Usulan yang sudah mendapat suara tidak bisa dikeluarkan dari daftar pilihan.",
        "An idea that has votes cannot be taken off the shortlist.",
    ),
    ("Usulan dari kegiatan lain.", "An idea belongs to another workshop."),
    # ---- voting (store, domain)
    ("Pemungutan suara sedang ditutup.", "Voting is closed at the moment."),
    (
        "Mode voting tahap ini berbeda; muat ulang halaman.",
        "This stage uses a different voting mode; reload the page.",
    ),
    ("Voting untuk pilar ini sudah ditutup.", "Voting for this pillar is closed."),
    ("Format suara tidak valid.", "The votes are not in a valid format."),
    ("Format penilaian tidak valid.", "The ratings are not in a valid format."),
    ("Format jawaban tidak valid.", "The answer is not in a valid format."),
    (
        "Ada usulan yang tidak ada di daftar pilihan pilar ini.",
        "Some ideas are not on this pillar's shortlist.",
    ),
    ("Suara melebihi jatah.", "The votes exceed the vote budget."),
    (
        "Suara melebihi jatah: {total:d} dari {budget:d}. Kurangi {excess:d} suara.",
        lambda g: (
            f"Too many votes: {g['total']} of {g['budget']}. Remove {_count(g['excess'], 'vote')}."
        ),
    ),
    ("Usulan tidak ada di daftar pilihan tahap ini.", "The idea is not on this stage's shortlist."),
    (
        "Usulan yang sama tidak boleh dipilih dua kali dalam satu suara.",
        "The same idea cannot be chosen twice in one ballot.",
    ),
    ("Usulan yang sama tidak boleh dinilai dua kali.", "The same idea cannot be rated twice."),
    (
        "Penilaian harus berisi dampak dan kelayakan.",
        "A rating must hold both impact and feasibility.",
    ),
    # ---- quick-win programmes (store, domain)
    ("Program quick win tidak ditemukan.", "Quick-win programme not found."),
    ("Kolom program tidak dikenal: {key}", "Unknown programme field: {key}"),
    (
        "Enabler harus berupa pasangan enabler dan status.",
        "Enablers must be given as pairs of enabler and status.",
    ),
    # ---- backups (store, backups, CLI)
    ("Berkas cadangan tidak ditemukan.", "Backup file not found."),
    ("Berkas cadangan tidak ditemukan: {source}", "Backup file not found: {source}"),
    ("Berkas cadangan kosong.", "The backup file is empty."),
    ("Berkas cadangan tidak bisa dibaca: {err}", "The backup file cannot be read: {err}"),
    (
        "Berkas ini bukan cadangan Bimtek Live yang sah.",
        "This file is not a valid Bimtek Live backup.",
    ),
    ("Cadangan gagal dibuat di {folder}: {err}", "Could not make a backup in {folder}: {err}"),
    ("Cadangan gagal dibuat: {err}", "Could not make a backup: {err}"),
    ("Cadangan gagal ditulis ke {out}: {err}", "Could not write the backup to {out}: {err}"),
    (
        "Pemulihan gagal: berkas cadangan tidak cocok dengan basis data ini ({err}). "
        "Data tidak diubah.",
        "Restore failed: the backup file does not match this database ({err}). "
        "No data was changed.",
    ),
    ("Basis data tidak ditemukan: {path}", "Database not found: {path}"),
    (
        "Jenis ekspor tidak dikenal: {kind}. Pilihan: {choices}.",
        "Unknown export kind: {kind}. Options: {choices}.",
    ),
    # ---- OPD roster files (imports: RosterFileError)
    ("Berkas tidak valid.", "The file is not valid."),
    ("Berkas kosong.", "The file is empty."),
    ("Berkas terlalu besar (maksimal {mb:d} MB).", "The file is too large (at most {mb} MB)."),
    (
        "Format .xls (Excel lama) tidak didukung. Simpan sebagai .xlsx atau CSV lalu unggah lagi.",
        "The .xls format (old Excel) is not supported. Save it as .xlsx or CSV, then upload "
        "it again.",
    ),
    (
        "Terlalu banyak baris ({rows:d}; maksimal {max:d}).",
        "Too many rows ({rows}; at most {max}).",
    ),
    ("Terlalu banyak baris (maksimal {max:d}).", "Too many rows (at most {max})."),
    ("Berkas tidak berisi nama OPD.", "The file holds no OPD names."),
    (
        "CSV tidak dapat dibaca di baris {line:d}: {err}.",
        "The CSV cannot be read at line {line}: {err}.",
    ),
    (
        "Berkas XLSX rusak atau bukan XLSX ({kind}).",
        "The XLSX file is damaged or not an XLSX file ({kind}).",
    ),
    ("Berkas XLSX tidak dapat dibaca ({kind}).", "The XLSX file cannot be read ({kind})."),
    ("Berkas XLSX tidak berisi lembar kerja.", "The XLSX file has no worksheet."),
    (
        "Jenis berkas tidak didukung: unggah .csv atau .xlsx.",
        "File type not supported: upload a .csv or .xlsx file.",
    ),
    ("Berkas tampaknya bukan teks CSV.", "The file does not look like CSV text."),
    # ---- roster preview: row messages and warnings (imports.parse_roster, not raised)
    (
        "Sel berisi nilai logika, bukan nama OPD.",
        "The cell holds a true/false value, not an OPD name.",
    ),
    ("Sel berisi tanggal, bukan nama OPD.", "The cell holds a date, not an OPD name."),
    (
        "Sel berisi rumus atau diawali tanda =, +, - atau @; ketik nama OPD sebagai teks biasa.",
        "The cell holds a formula or starts with =, +, - or @; type the OPD name as plain text.",
    ),
    ("Nama OPD kosong.", "The OPD name is empty."),
    ("Nama OPD kosong pada baris ini.", "The OPD name is empty on this row."),
    ("Nama OPD hanya berisi angka.", "The OPD name holds only digits."),
    ("Duplikat dari baris {row:d}.", "Duplicate of row {row}."),
    ("Sudah ada di daftar OPD.", "Already on the OPD list."),
    (
        "{rows:d} baris duplikat dilewati.",
        lambda g: f"{_count(g['rows'], 'duplicate row')} skipped.",
    ),
    (
        "Berkas bukan UTF-8; dibaca sebagai {encoding}. Periksa huruf beraksen pada pratinjau; "
        'sebaiknya simpan ulang sebagai "CSV UTF-8".',
        "The file is not UTF-8; it was read as {encoding}. Check accented letters in the "
        'preview; better save it again as "CSV UTF-8".',
    ),
    ('Hanya lembar pertama ("{sheet}") yang dibaca.', 'Only the first sheet ("{sheet}") was read.'),
    (
        'Baris {row:d} dibaca sebagai judul kolom; nama OPD diambil dari kolom "{column}".',
        'Row {row} was read as column headings; OPD names are taken from column "{column}".',
    ),
    # ---- generic field checks (domain.clean_text, check_* and store._items)
    ("{label} harus berupa teks.", "{label} must be text."),
    ("{label} wajib diisi.", "{label} is required."),
    (
        "{label} terlalu panjang ({length:d} karakter, maksimal {max:d}).",
        "{label} is too long ({length} characters, at most {max}).",
    ),
    ("{label} harus berupa tanggal (TTTT-BB-HH).", "{label} must be a date (YYYY-MM-DD)."),
    ("{label} harus ya atau tidak.", "{label} must be yes or no."),
    (
        "{label} tidak dikenal: {value}. Pilihan: {choices}.",
        "{label} is not recognised: {value}. Options: {choices}.",
    ),
    ("{label} harus berupa bilangan bulat.", "{label} must be a whole number."),
    ("{label} harus antara {lo:d} dan {hi:d}.", "{label} must be between {lo} and {hi}."),
    ("{label} harus berupa daftar.", "{label} must be a list."),
    # --- h13b: safe restore (store/backup.py, backups.py), roster bombs (imports.py) ---
    (
        "Berkas ini bukan cadangan Bimtek Live yang sah. Data tidak diubah.",
        "This file is not a valid Bimtek Live backup. No data was changed.",
    ),
    (
        "Berkas cadangan terlalu besar (maksimal {mb:d} MB). Data tidak diubah.",
        "The backup file is too large (at most {mb} MB). No data was changed.",
    ),
    (
        "Pemulihan ditolak: berkas dibuat oleh versi Bimtek Live yang lebih baru "
        "(migrasi tidak dikenal: {names}). Data tidak diubah.",
        "Restore refused: the file was made by a newer version of Bimtek Live "
        "(unknown migrations: {names}). No data was changed.",
    ),
    (
        "Pemulihan ditolak: tabel {table} tidak ada di berkas. Data tidak diubah.",
        "Restore refused: the table {table} is missing from the file. No data was changed.",
    ),
    (
        "Pemulihan ditolak: kolom {column} tidak ada di berkas. Data tidak diubah.",
        "Restore refused: the column {column} is missing from the file. No data was changed.",
    ),
    (
        "Pemulihan ditolak: tabel {table} bukan tabel biasa. Data tidak diubah.",
        "Restore refused: the table {table} is not a plain table. No data was changed.",
    ),
    (
        "Pemulihan ditolak: skema berkas tidak bisa dimigrasikan ke versi ini ({err}). "
        "Data tidak diubah.",
        "Restore refused: the file's schema cannot be migrated to this version ({err}). "
        "No data was changed.",
    ),
    (
        "Pemulihan ditolak: {n:d} nilai di {column} salah jenis atau terlalu besar. "
        "Data tidak diubah.",
        "Restore refused: {n} values in {column} have the wrong type or are too large. "
        "No data was changed.",
    ),
    (
        "Pemulihan ditolak: {n:d} kode tidak dikenal di {column}. Data tidak diubah.",
        "Restore refused: {n} unknown codes in {column}. No data was changed.",
    ),
    (
        "Pemulihan ditolak: data tabel {table} melanggar aturan ({err}). Data tidak diubah.",
        "Restore refused: the data of table {table} breaks a rule ({err}). No data was changed.",
    ),
    (
        "Pemulihan ditolak: {n:d} baris merujuk data yang tidak ada ({tables}). Data tidak diubah.",
        "Restore refused: {n} rows refer to data that does not exist ({tables}). "
        "No data was changed.",
    ),
    (
        "Pemulihan ditolak: basis data hasil salinan rusak. Data tidak diubah.",
        "Restore refused: the database built from the copy is damaged. No data was changed.",
    ),
    (
        "Pemulihan ditolak: berkas tidak cocok dengan basis data ini ({err}). Data tidak diubah.",
        "Restore refused: the file does not match this database ({err}). No data was changed.",
    ),
    (
        "Pemulihan ditolak: data berkas tidak bisa dibaca aplikasi ({err}). Data tidak diubah.",
        "Restore refused: the app cannot read the file's data ({err}). No data was changed.",
    ),
    (
        "Pemulihan ditolak: {err}. Data tidak diubah.",
        "Restore refused: {err}. No data was changed.",
    ),
    (
        "Basis data {path} tidak bisa dibuka ({err}). Hentikan aplikasi, lalu ulangi dengan "
        "--replace-broken: berkas itu disimpan dengan nama lain dan cadangan dipulihkan ke "
        "berkas baru.",
        "The database {path} cannot be opened ({err}). Stop the app, then run it again with "
        "--replace-broken: that file is kept under another name and the backup is restored "
        "into a new file.",
    ),
    (
        "Pemulihan gagal setelah data diganti ({err}); data dikembalikan seperti sebelum "
        "pemulihan (salinannya: {name}).",
        "The restore failed after the data was replaced ({err}); the data was put back as "
        "it was before the restore (its copy: {name}).",
    ),
    (
        "Pemulihan gagal setelah data diganti ({err}); data dikembalikan seperti sebelum "
        "pemulihan.",
        "The restore failed after the data was replaced ({err}); the data was put back as "
        "it was before the restore.",
    ),
    (
        "Pemulihan gagal ({err}) dan data lama tidak dapat dikembalikan otomatis ({again}). "
        "Pulihkan data dari salinan {name} lewat halaman Cadangan atau perintah restore.",
        "The restore failed ({err}) and the old data could not be put back automatically "
        "({again}). Restore the copy {name} on the Backups page or with the restore command.",
    ),
    (
        "Pemulihan gagal ({err}) dan data lama tidak dapat dikembalikan otomatis ({again}). "
        "Pulihkan data lewat halaman Cadangan atau perintah restore.",
        "The restore failed ({err}) and the old data could not be put back automatically "
        "({again}). Restore a backup on the Backups page or with the restore command.",
    ),
    # roster bombs (imports.py, store/roster.py)
    (
        "Berkas XLSX rusak atau bukan XLSX: bagian xl/workbook.xml tidak ada.",
        "The XLSX file is damaged or not an XLSX file: it has no xl/workbook.xml part.",
    ),
    (
        "Berkas XLSX berisi terlalu banyak bagian ({n:d}; maksimal {max:d}).",
        "The XLSX file has too many parts ({n}; at most {max}).",
    ),
    (
        "Isi berkas XLSX terlalu besar setelah dibuka ({mb:d} MB; maksimal {max:d} MB).",
        "The XLSX file is too large once unpacked ({mb} MB; at most {max} MB).",
    ),
    (
        "Bagian {part} dari berkas XLSX terlalu besar ({kb:d} KB; maksimal {max:d} KB).",
        "The part {part} of the XLSX file is too large ({kb} KB; at most {max} KB).",
    ),
    (
        "Bagian {part} dari berkas XLSX dipadatkan secara tidak wajar (rasio {ratio:d}:1; "
        "maksimal {max:d}:1).",
        "The part {part} of the XLSX file is compressed implausibly (ratio {ratio}:1; at "
        "most {max}:1).",
    ),
    (
        "Berkas XLSX terlalu berat untuk dibaca (batas {s:d} detik dan {mb:d} MB memori). "
        "Simpan ulang sebagai CSV lalu unggah lagi.",
        "The XLSX file is too heavy to read (limits: {s} seconds and {mb} MB of memory). "
        "Save it as CSV and upload it again.",
    ),
    (
        "Berkas berisi terlalu banyak baris ({n:d}; maksimal {max:d} termasuk baris kosong).",
        "The file has too many lines ({n}; at most {max}, empty ones included).",
    ),
    (
        "Baris {n:d} terlalu panjang ({length:d} karakter; maksimal {max:d}).",
        "Line {n} is too long ({length} characters; at most {max}).",
    ),
    (
        "Terlalu banyak nama OPD sekaligus (maksimal {max:d}).",
        "Too many OPD names at once (at most {max}).",
    ),
)

# --- h13a: join limits, facilitator access ---
_TEMPLATES += (
    (
        "Terlalu banyak percobaan PIN dari perangkat ini. Coba lagi dalam {wait:d} detik.",
        lambda g: (
            f"Too many PIN attempts from this device. Try again in {_count(g['wait'], 'second')}."
        ),
    ),
    (
        "Server sedang sibuk memeriksa PIN. Coba lagi sebentar lagi.",
        "The server is busy checking PINs. Try again in a moment.",
    ),
    (
        "PIN pertama hanya bisa diatur dari laptop server atau dengan kode penyiapan yang "
        "tampil di konsol server.",
        "The first PIN can only be set on the server's laptop or with the set-up code shown "
        "in the server's console.",
    ),
    (
        "Kode masuk tidak berlaku lagi. Silakan masuk dengan PIN.",
        "This login code is no longer valid. Please log in with the PIN.",
    ),
    (
        "Terlalu banyak pendaftaran dari alamat jaringan ini. Coba lagi dalam {wait:d} detik.",
        lambda g: (
            f"Too many joins from this network address. Try again in {_count(g['wait'], 'second')}."
        ),
    ),
    (
        "Kegiatan ini sudah mencapai batas {max:d} peserta. Hubungi fasilitator.",
        "This workshop has reached its limit of {max} participants. Ask the facilitator.",
    ),
    (
        "Peserta dari perangkat ini sudah dihapus oleh fasilitator. "
        "Minta fasilitator memulihkannya.",
        "The participant of this device was removed by the facilitator. "
        "Ask the facilitator to restore them.",
    ),
    ("Batas tidak dikenal: {name}", "Unknown limit: {name}"),
    (
        "Anda sudah mengirim {n:d} usulan di tahap ini (batas {max:d} per peserta).",
        "You have already sent {n} ideas in this stage (limit {max} per participant).",
    ),
    (
        "Terlalu cepat: paling banyak {max:d} usulan per menit. Tunggu sebentar lalu kirim lagi.",
        "Too fast: at most {max} ideas per minute. Wait a moment and send again.",
    ),
    # --- h15: documents (workshop/documents.py, store/documents.py) ---
    ("Isian dokumen tidak dikenal: {key}", "Unknown document field: {key}"),
    ("Isian daftar hadir tidak dikenal: {key}", "Unknown attendance field: {key}"),
    (
        "Isian dokumen harus berupa pasangan nama dan isi.",
        "Document fields must be pairs of name and value.",
    ),
    (
        "Isian daftar hadir harus berupa daftar peserta.",
        "Attendance details must be a list of participants.",
    ),
    ("{label} harus berupa jam, misalnya 08.30.", "{label} must be a time, e.g. 08.30."),
    (
        "{label} harus 18 angka (kosongkan bila bukan ASN).",
        "{label} must be 18 digits (leave it empty for non-civil servants).",
    ),
    ("Nomor telepon tidak valid.", "Invalid phone number."),
    ("{label}: berkas kosong atau bukan gambar.", "{label}: the file is empty or not an image."),
    ("{label} terlalu besar (maksimal 8 MB).", "{label} is too large (at most 8 MB)."),
    (
        "{label} terlalu besar (maksimal 40 megapiksel).",
        "{label} is too large (at most 40 megapixels).",
    ),
    ("{label} harus berupa PNG atau JPEG.", "{label} must be a PNG or JPEG image."),
    (
        "{label} rusak atau bukan gambar PNG/JPEG.",
        "{label} is damaged or not a PNG/JPEG image.",
    ),
    (
        "Paling banyak {n:d} foto per tahap. Hapus foto lain dulu.",
        "At most {n} photos per stage. Delete another photo first.",
    ),
    ("Foto tidak ditemukan.", "Photo not found."),
)

_PLACEHOLDER = re.compile(r"\{(?P<name>[a-z_]+)(?P<int>:d)?\}")


def _compile(template: str) -> re.Pattern[str]:
    """The regular expression of one Indonesian template (see the module docstring)."""
    parts: list[str] = []
    pos = 0
    for m in _PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[pos : m.start()]))
        body = r"-?\d+" if m["int"] else r".*?"
        parts.append(f"(?P<{m['name']}>{body})")
        pos = m.end()
    parts.append(re.escape(template[pos:]))
    return re.compile("".join(parts), re.DOTALL)


# --- h14: activities ---
_LABELS.update(
    {
        "Aktivitas": "Activity",
        "Jenis aktivitas": "Activity kind",
        "Judul aktivitas": "Activity title",
        "Status aktivitas": "Activity status",
        "Tampilkan di proyektor": "Show on the projector",
        "Pengaturan aktivitas": "Activity set-up",
        "Butir penilaian": "Assessment item",
        "Dimensi": "Dimension",
        "Per pilar": "Per pillar",
        "Batas per peserta": "Limit per participant",
        "Jumlah kata": "Number of words",
        "Rumusan": "Statement",
        "Jenis rumusan": "Statement kind",
        "Batas pilihan": "Most choices",
        "Program": "Programme",
        "Indikator": "Indicator",
        "Pagu anggaran": "Budget ceiling",
        "Kandidat": "Candidate",
        "Sumber": "Source",
        "Horizon waktu": "Time horizon",
        "Nilai": "Score",
        "Nilai USG": "USG score",
        "Kuadran SWOT": "SWOT quadrant",
        "Isi SWOT": "SWOT text",
        "Kata kunci": "Keyword",
        "Pilihan": "Choices",
        "Jawaban": "Answer",
    }
)
_TEMPLATES += (
    ("Kunci baris tidak valid.", "The row key is not valid."),
    ("Kunci baris tidak boleh ganda: {key}.", "Duplicate row key: {key}."),
    (
        "Penilaian kesiapan harus berisi paling sedikit satu butir.",
        "A readiness assessment needs at least one item.",
    ),
    ("Jenis aktivitas tidak valid.", "The activity kind is not valid."),
    (
        "Butir jawaban tidak dikenal (mungkin sudah diubah fasilitator).",
        "Unknown answer item (the facilitator may have changed it).",
    ),
    ("Isi nilai untuk setiap butir.", "Score every item."),
    ("Kata kunci wajib diisi (paling sedikit satu).", "Write at least one keyword."),
    ("Paling banyak {n:d} kata kunci.", "At most {n} keywords."),
    ("Paling banyak {n:d} rumusan yang dapat dipilih.", "At most {n} statements can be chosen."),
    ("Beri nilai paling sedikit satu program.", "Rate at least one programme."),
    ("Isi nilai U, S dan G untuk setiap kandidat.", "Score U, S and G for every candidate."),
    ("Nilai USG harus tiga angka 1-5.", "A USG score must be three numbers 1-5."),
    ("Pilih horizon paling sedikit untuk satu butir.", "Choose a horizon for at least one item."),
    (
        "Aktivitas ini tidak menerima jawaban dari ponsel.",
        "This activity takes no answers from phones.",
    ),
    ("Aktivitas tidak ditemukan.", "Activity not found."),
    ("Satu tahap paling banyak 20 aktivitas.", "A stage has at most 20 activities."),
    (
        "Aktivitas yang sudah berisi jawaban tidak dapat dihapus.",
        "An activity that has answers cannot be removed.",
    ),
    (
        "Hanya aktivitas tahap yang sedang berjalan yang dapat dibuka.",
        "Only an activity of the current stage can be opened.",
    ),
    ("Jawaban tidak ditemukan.", "Answer not found."),
    ("Kartu hanya untuk aktivitas SWOT.", "Cards are for SWOT activities only."),
    ("Aktivitas ini sedang ditutup.", "This activity is closed."),
    (
        "Batas kartu SWOT sudah tercapai: paling banyak {n:d} kartu untuk setiap peserta.",
        "The SWOT card limit is reached: at most {n} cards per participant.",
    ),
    ("Berkas terlalu besar.", "The file is too large."),
    ("Pagu anggaran harus berupa angka.", "The budget ceiling must be a number."),
    (
        "Sel berisi rumus; ketik sebagai teks biasa.",
        "The cell holds a formula; type it as plain text.",
    ),
    (
        "Kolom 'Program' tidak ditemukan di baris judul.",
        "No 'Program' column was found in the header row.",
    ),
    ("Paling banyak {n:d} program.", "At most {n} programmes."),
    ("{label} tidak valid.", "{label} is not valid."),
)


_TABLE: tuple[tuple[re.Pattern[str], English], ...] = tuple(
    (_compile(indonesian), english) for indonesian, english in _TEMPLATES
)


def _english(message: str) -> str | None:
    """The English text of `message`, or None when no template matches."""
    for pattern, english in _TABLE:
        m = pattern.fullmatch(message)
        if m is None:
            continue
        values = {
            name: _label(value) if name.startswith(("label", "enabler")) else value
            for name, value in m.groupdict().items()
        }
        if callable(english):
            return english(values)
        return english.format_map(values)
    return None


def in_language(message: str, lang: str) -> str:
    """`message` (a core refusal, in Indonesian) in `lang`; unknown ones stay Indonesian."""
    if lang != "en" or not isinstance(message, str):
        return message
    try:
        translated = _english(message)
    except Exception:  # a table bug must never hide the refusal itself
        return message
    return message if translated is None else translated


# --- h14q: quick-win gate, profile fields, risk register ---
_LABELS.update(
    {
        "Horizon waktu": "Time horizon",
        "Sub-dimensi": "Sub-dimension",
        "Lokasi": "Location",
        "Penerima manfaat": "Beneficiaries",
        "Tautan RPJMD/Renstra": "RPJMD/Renstra link",
        "Tahun anggaran": "Budget year",
        "Daftar indikator": "Indicator list",
        "Jenis indikator": "Indicator type",
        "Nama indikator": "Indicator name",
        "Nilai awal (baseline)": "Baseline value",
        "Nilai target": "Target value",
        "Daftar tahapan": "Milestone list",
        "Waktu tahapan": "Milestone date",
        "Tahapan": "Milestone",
        "Daftar risiko": "Risk list",
        "Kemungkinan": "Likelihood",
        "Dampak": "Impact",
        "Mitigasi": "Mitigation",
    }
)

_GATE_REASONS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"horizon belum dinilai"), lambda m: "the horizon has not been assessed"),
    (
        re.compile(r"horizon (?P<h>.+) melebihi 2 tahun", re.DOTALL),
        lambda m: f"the horizon ({m['h'].split(' ')[0]} years) is longer than 2 years",
    ),
    (
        re.compile(r"jangka waktu (?P<n>\d+) bulan melebihi (?P<max>\d+) bulan"),
        lambda m: f"the duration of {m['n']} months is longer than {m['max']} months",
    ),
    (
        re.compile(r"OPD penanggung jawab belum dipilih"),
        lambda m: "no lead agency (OPD) has been chosen",
    ),
    (
        re.compile(r"enabler belum dinilai: (?P<names>.+)", re.DOTALL),
        lambda m: (
            "enablers not yet assessed: "
            + ", ".join(_label(n.strip()) for n in m["names"].split(","))
        ),
    ),
)


def _gate_reason(text: str) -> str:
    for pattern, english in _GATE_REASONS:
        m = pattern.fullmatch(text.strip())
        if m:
            return english(m)
    return text


_H14Q_TEMPLATES: tuple[tuple[str, English], ...] = (
    (
        "Belum dapat disepakati sebagai quick win: {reasons}.",
        lambda g: (
            "Cannot be agreed as a quick win yet: "
            + "; ".join(_gate_reason(r) for r in g["reasons"].split(";"))
            + "."
        ),
    ),
    ("{label} tidak boleh lebih dari {n:d} baris.", "{label} may have at most {n} rows."),
)
_TEMPLATES = _H14Q_TEMPLATES + _TEMPLATES
_TABLE = tuple((_compile(i), e) for i, e in _H14Q_TEMPLATES) + _TABLE


# --- hfix: bad-input fixes of the quick-win store (agree switch, risk row keys) ---
_LABELS.update({"Disepakati": "Agreed", "Kolom risiko": "Risk field"})
