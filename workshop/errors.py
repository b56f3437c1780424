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
    ("{label} tidak valid.", "{label} is not valid."),
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
