"""What an official report carries besides the results: the letterhead (*kop surat*), the
activity report's texts, the signers, the attendees' particulars and the session photos.

Pure rules (no SQLite, no python-docx): the fields the facilitator may set, their labels
and limits, the defaults written from the workshop's own data, and the validation of an
uploaded image with Pillow. `store/documents.py` keeps them; `exports/summary.py` prints
them. Workshop-wide fields (kop, signers) are kept once per workshop; the report texts
(number, date, times, background...) once per stage, falling back to the workshop's.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from . import domain as d
from .domain import WorkshopError

# key -> (label, max length, kept per stage)
FIELDS: dict[str, tuple[str, int, bool]] = {
    # kop surat (once per workshop)
    "kop_government": ("Nama pemerintah daerah", 200, False),
    "kop_agency": ("Nama perangkat daerah", 200, False),
    "kop_address": ("Alamat kantor", 300, False),
    "kop_phone": ("Telepon kantor", 60, False),
    "kop_email": ("Email kantor", 120, False),
    "kop_website": ("Situs web", 120, False),
    # signers (once per workshop): place, the two signers and the countersigner
    "sign_place": ("Tempat penandatanganan", 100, False),
    "signer1_role": ("Jabatan penanda tangan 1", 200, False),
    "signer1_name": ("Nama penanda tangan 1", 120, False),
    "signer1_rank": ("Pangkat/golongan penanda tangan 1", 120, False),
    "signer1_nip": ("NIP penanda tangan 1", 40, False),
    "signer2_role": ("Jabatan penanda tangan 2", 200, False),
    "signer2_name": ("Nama penanda tangan 2", 120, False),
    "signer2_rank": ("Pangkat/golongan penanda tangan 2", 120, False),
    "signer2_nip": ("NIP penanda tangan 2", 40, False),
    "known_role": ("Jabatan yang mengetahui", 200, False),
    "known_name": ("Nama yang mengetahui", 120, False),
    "known_rank": ("Pangkat/golongan yang mengetahui", 120, False),
    "known_nip": ("NIP yang mengetahui", 40, False),
    "chart_top_n": ("Jumlah usulan teratas di grafik", 10, False),
    # the report of one stage
    "doc_number": ("Nomor dokumen", 120, True),
    "doc_date": ("Tanggal dokumen", 10, True),
    "time_start": ("Waktu mulai", 5, True),
    "time_end": ("Waktu selesai", 5, True),
    "latar_belakang": ("Latar belakang", d.TEXT_MAX, True),
    "dasar_hukum": ("Dasar hukum", d.TEXT_MAX, True),
    "maksud_tujuan": ("Maksud dan tujuan", d.TEXT_MAX, True),
    "ruang_lingkup": ("Ruang lingkup", d.TEXT_MAX, True),
    "narasumber": ("Narasumber dan fasilitator", d.TEXT_MAX, True),
    "agenda": ("Susunan acara", d.TEXT_MAX, True),
    "kesimpulan": ("Kesimpulan dan rekomendasi", d.TEXT_MAX, True),
    "penutup": ("Penutup", d.TEXT_MAX, True),
}
WORKSHOP_FIELDS = tuple(k for k, (_, _, per_stage) in FIELDS.items() if not per_stage)
STAGE_FIELDS = tuple(k for k, (_, _, per_stage) in FIELDS.items() if per_stage)

# the attendees' particulars for the daftar hadir (typed by the facilitator or by hand)
DETAIL_FIELDS: dict[str, tuple[str, int]] = {
    "jabatan": ("Jabatan", 200),
    "nip": ("NIP", 40),
    "phone": ("Nomor telepon", 40),
}

# ASCII digits only: `\d` also takes Arabic-Indic or full-width digits ("٠٨.٣٠")
_TIME = re.compile(r"([01][0-9]|2[0-3])[.:][0-5][0-9]")
_NIP = re.compile(r"[0-9]{18}")
_PHONE = re.compile(r"\+?[0-9][0-9 ()\-]{5,30}")

# images: what an upload may be
IMAGE_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}
IMAGE_MAX_BYTES = 8 * 1024 * 1024  # as uploaded
IMAGE_MAX_PIXELS = 40_000_000  # decoded (a "decompression bomb" is refused before that)
LOGO_MAX_PX = 600  # kept at most this many pixels on the long side
PHOTO_MAX_PX = 1600
PHOTOS_PER_STAGE = 12


def check_fields(fields: Mapping[str, object], *, per_stage: bool) -> dict[str, str]:
    """The fields as stored: known keys of the right level, clean text, checked formats."""
    out: dict[str, str] = {}
    allowed = STAGE_FIELDS if per_stage else WORKSHOP_FIELDS
    for key, value in fields.items():
        if key not in allowed:
            raise WorkshopError(f"Isian dokumen tidak dikenal: {key}")
        label, max_len, _ = FIELDS[key]
        text = d.clean_text(value, label=label, max_len=max_len, required=False)
        if text and key.endswith("_nip"):
            text = check_nip(text, label=label)
        elif text and key in ("time_start", "time_end"):
            if not _TIME.fullmatch(text):
                raise WorkshopError(f"{label} harus berupa jam, misalnya 08.30.")
            text = text.replace(":", ".")
        elif text and key == "chart_top_n":
            text = str(d.check_int(text, label=label, lo=3, hi=30))
        elif text and key == "doc_date":
            text = d.check_date(text, label=label) or ""
        elif text and key == "kop_email" and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text):
            raise WorkshopError(f"{label} tidak valid.")
        out[key] = text
    return out


def check_nip(text: str, *, label: str = "NIP") -> str:
    """A civil servant's NIP: 18 digits (spaces allowed when typed)."""
    digits = text.replace(" ", "")
    if not _NIP.fullmatch(digits):
        raise WorkshopError(f"{label} harus 18 angka (kosongkan bila bukan ASN).")
    return digits


def check_details(values: Mapping[str, object]) -> dict[str, str]:
    """An attendee's jabatan, NIP and phone as stored (each optional)."""
    out: dict[str, str] = {}
    for key, value in values.items():
        if key not in DETAIL_FIELDS:
            raise WorkshopError(f"Isian daftar hadir tidak dikenal: {key}")
        label, max_len = DETAIL_FIELDS[key]
        text = d.clean_text(value, label=label, max_len=max_len, required=False)
        if text and key == "nip":
            text = check_nip(text)
        elif text and key == "phone" and not _PHONE.fullmatch(text):
            raise WorkshopError("Nomor telepon tidak valid.")
        out[key] = text
    return out


@dataclass(frozen=True)
class Image:
    """A validated, re-encoded image: what the store keeps and the documents print."""

    data: bytes
    mime: str
    width: int
    height: int


def check_image(data: object, *, max_px: int, label: str = "Gambar") -> Image:
    """An uploaded image, checked with Pillow and re-encoded (PNG or JPEG only, at most
    8 MB, at most 40 megapixels, shrunk to `max_px`): whatever else the file carried
    (metadata, trailing bytes, a script) is dropped. Refused in Indonesian otherwise."""
    from PIL import Image as PILImage
    from PIL import ImageOps, UnidentifiedImageError

    if not isinstance(data, (bytes, bytearray)) or not data:
        raise WorkshopError(f"{label}: berkas kosong atau bukan gambar.")
    if len(data) > IMAGE_MAX_BYTES:
        raise WorkshopError(f"{label} terlalu besar (maksimal 8 MB).")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            probe = PILImage.open(io.BytesIO(bytes(data)))
            fmt = probe.format
            if fmt not in IMAGE_FORMATS:
                raise WorkshopError(f"{label} harus berupa PNG atau JPEG.")
            if probe.width * probe.height > IMAGE_MAX_PIXELS:
                raise WorkshopError(f"{label} terlalu besar (maksimal 40 megapiksel).")
            probe.verify()  # structure and checksums; the image must be opened again
            opened = PILImage.open(io.BytesIO(bytes(data)))
            opened.load()
    except WorkshopError:
        raise
    except (
        UnidentifiedImageError,
        PILImage.DecompressionBombError,
        PILImage.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ) as exc:
        raise WorkshopError(f"{label} rusak atau bukan gambar PNG/JPEG.") from exc
    img: PILImage.Image = ImageOps.exif_transpose(opened)
    img.thumbnail((max_px, max_px))
    out = io.BytesIO()
    if fmt == "PNG":
        if img.mode not in ("RGB", "RGBA", "L", "LA"):
            img = img.convert("RGBA")
        img.save(out, format="PNG", optimize=True)
    else:
        img.convert("RGB").save(out, format="JPEG", quality=85)
    return Image(out.getvalue(), IMAGE_FORMATS[fmt], img.width, img.height)


# --------------------------------------------------------------------------- defaults


def defaults(
    workshop: d.Workshop, stage: d.Stage | None = None, pillars: Sequence[str] = ()
) -> dict[str, str]:
    """Sensible texts written from the workshop's own data (the facilitator edits them)."""
    from .exports import formats as fm

    region = workshop.region.strip()
    head = fm.region_head(region)
    out = {
        "kop_government": fm.region_government(region).upper(),
        "kop_agency": "Tim Pelaksana Gerakan Menuju Smart City",
        "kop_address": "",
        "kop_phone": "",
        "kop_email": "",
        "kop_website": "",
        "sign_place": fm.region_place(region),
        "signer1_role": "Tenaga Ahli / Fasilitator",
        "signer1_name": "",
        "signer1_rank": "",
        "signer1_nip": "",
        "signer2_role": f"Ketua Tim Pelaksana Smart City {region}",
        "signer2_name": "",
        "signer2_rank": "",
        "signer2_nip": "",
        "known_role": head,
        "known_name": "",
        "known_rank": "",
        "known_nip": "",
        "chart_top_n": "10",
        "doc_number": "",
        "doc_date": "",
        "time_start": "08.30",
        "time_end": "16.00",
        "narasumber": "Tenaga ahli Gerakan Menuju Smart City (tim pembimbing).",
        "agenda": "",
        "penutup": (
            "Demikian laporan ini dibuat sebagai bahan tindak lanjut penyusunan Masterplan "
            f"Smart City {region} dan untuk dipergunakan sebagaimana mestinya."
        ),
        "dasar_hukum": (
            "Nota Kesepahaman (MoU) Gerakan Menuju Smart City antara Kementerian yang "
            f"membidangi komunikasi dan informatika dan Pemerintah {region}."
        ),
    }
    roman = stage.roman if stage else ""
    focus = (stage.focus if stage else "") or "penyusunan Masterplan Smart City"
    out["latar_belakang"] = (
        f"{fm.region_government(region)} mengikuti Gerakan Menuju Smart City. Sebagai bagian "
        "dari penyusunan Masterplan Smart City, diselenggarakan bimbingan teknis (Bimtek) "
        f"Tahap {roman} bersama OPD, kecamatan, Dewan Smart City, Tim Pelaksana dan "
        "pemangku kepentingan lainnya."
    ).replace("Tahap  ", "")
    out["maksud_tujuan"] = (
        f"Maksud kegiatan adalah {focus[0].lower() + focus[1:]}. Tujuannya menghimpun usulan "
        "peserta per pilar, menetapkan prioritas melalui pemungutan suara, dan menyepakati "
        "tindak lanjut."
    )
    names = ", ".join(pillars) or ", ".join(p.name for p in d.DEFAULT_PILLARS)
    scope = f"Pilar Smart City yang dibahas: {names}."
    if stage and stage.outputs:
        scope += f" Luaran yang diharapkan: {stage.outputs.rstrip('.')}."
    out["ruang_lingkup"] = scope
    out["kesimpulan"] = ""
    return out
