"""What each activity kind is: its defaults, the set-up it accepts and the answers it
accepts. Pure functions (no store): the store calls `check_config` and `check_answer`
inside its write transaction, so every rule holds whatever page or route sent the data.

Kinds, in the order a Bimtek usually meets them:

    ideas       the stage loop that already exists (collect -> group -> vote -> agree)
    readiness   self-assessment 1-5 per item (struktur / infrastruktur / suprastruktur)
    swot        Kekuatan / Kelemahan / Peluang / Ancaman per pillar (moderated)
    keywords    one to three vision keywords per person (word cloud)
    statements  candidate vision / mission / goal statements to approve
    longlist    RPJMD / Renstra programmes, mapped to pillars, rated 1-5
    usg         urgency, seriousness, growth 1-5 per candidate; the total ranks
    roadmap     candidates placed on horizons (quick win <= 2 years, 5, 10 years)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import domain as d
from ..domain import WorkshopError

KINDS: tuple[str, ...] = (
    "ideas",
    "readiness",
    "swot",
    "keywords",
    "statements",
    "longlist",
    "usg",
    "roadmap",
)
KIND_LABELS = {
    "ideas": "Usulan dan prioritas",
    "readiness": "Penilaian kesiapan daerah",
    "swot": "SWOT per pilar",
    "keywords": "Kata kunci visi",
    "statements": "Rumusan visi, misi dan tujuan",
    "longlist": "Daftar panjang program (RPJMD/Renstra)",
    "usg": "Skoring prioritas USG",
    "roadmap": "Peta jalan (roadmap)",
}
# Kinds whose phone screen is a form of this module (the ideas loop has its own screens).
PHONE_KINDS = KINDS[1:]

# the activities a new stage starts with (the facilitator adds, removes and reorders)
STAGE_DEFAULTS: dict[int, tuple[str, ...]] = {
    1: ("readiness", "swot", "keywords", "ideas"),
    2: ("statements", "longlist", "ideas"),
    3: ("ideas", "usg", "roadmap"),
    4: ("ideas",),
}

DIMENSIONS: tuple[str, ...] = ("struktur", "infrastruktur", "suprastruktur")
DIMENSION_LABELS = {
    "struktur": "Struktur",
    "infrastruktur": "Infrastruktur",
    "suprastruktur": "Suprastruktur",
}
DEFAULT_READINESS: tuple[tuple[str, str, str], ...] = (
    ("sdm", "struktur", "SDM: jumlah dan kompetensi ASN pengelola TIK"),
    ("anggaran", "struktur", "Anggaran: dukungan APBD untuk program smart city"),
    ("tata_kelola", "struktur", "Tata kelola: koordinasi antar-OPD dan Dewan Smart City"),
    ("fisik", "infrastruktur", "Fisik: jalan, gedung layanan, ruang publik"),
    ("digital", "infrastruktur", "Digital: jaringan, pusat data, aplikasi layanan"),
    ("sosial", "infrastruktur", "Sosial: komunitas, literasi digital warga"),
    ("regulasi", "suprastruktur", "Regulasi: Perda/Perwali pendukung smart city"),
    ("kelembagaan", "suprastruktur", "Kelembagaan: unit pelaksana dan pembagian peran"),
    ("pelaksanaan", "suprastruktur", "Pelaksanaan: program berjalan dan terpantau"),
)

QUADRANTS: tuple[str, ...] = ("S", "W", "O", "T")
QUADRANT_LABELS = {"S": "Kekuatan", "W": "Kelemahan", "O": "Peluang", "T": "Ancaman"}

STATEMENT_KINDS: tuple[str, ...] = ("visi", "misi", "tujuan", "sasaran")
STATEMENT_LABELS = {"visi": "Visi", "misi": "Misi", "tujuan": "Tujuan", "sasaran": "Sasaran"}

HORIZONS: tuple[str, ...] = ("h2", "h5", "h10")
HORIZON_LABELS = {"h2": "Quick win (≤ 2 tahun)", "h5": "5 tahun", "h10": "10 tahun"}

USG_PARTS: tuple[str, ...] = ("u", "s", "g")
USG_LABELS = {"u": "Urgensi", "s": "Keseriusan", "g": "Perkembangan"}

TITLE_MAX = 120
STATEMENT_MAX = 300
SWOT_TEXT_MAX = 200
KEYWORD_MAX = 40
PROGRAMME_MAX = 200
MAX_ITEMS = 30  # readiness items
MAX_STATEMENTS = 30
MAX_PROGRAMMES = 600  # an RPJMD long-list with every OPD's Renstra
MAX_CANDIDATES = 120  # USG / roadmap candidates over all pillars
SWOT_CAP_DEFAULT = 12
SWOT_CAP_MAX = 50
BUDGET_MAX = 10**15  # rupiah
_KEY = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,39}$")


@dataclass
class Activity:
    """One activity of a stage: what it is, its set-up (JSON, checked per kind), whether
    it is open on the phones and shown on the projector."""

    id: int
    workshop_id: int
    stage_id: int
    position: int
    kind: str
    title: str
    config: dict[str, Any] = field(default_factory=dict)
    is_open: bool = False
    shown: bool = False
    rev: int = 0

    @property
    def on_phones(self) -> bool:
        """Open, and drawn by this module's phone forms (not the ideas loop)."""
        return self.is_open and self.kind in PHONE_KINDS


def default_config(kind: str) -> dict[str, Any]:
    """The set-up a new activity of `kind` starts with."""
    if kind == "readiness":
        return {
            "items": [
                {"key": k, "dimension": dim, "label": lab} for k, dim, lab in DEFAULT_READINESS
            ],
            "per_pillar": False,
        }
    if kind == "swot":
        return {"cap": SWOT_CAP_DEFAULT}
    if kind == "keywords":
        return {"max_words": 3}
    if kind == "statements":
        return {"statements": [], "max_approve": 0}
    if kind == "longlist":
        return {"programmes": []}
    if kind == "usg":
        return {"candidates": []}
    if kind == "roadmap":
        return {"items": []}
    return {}


def check_kind(kind: object) -> str:
    return d.check_choice(kind, KINDS, label="Jenis aktivitas")


def _list(value: object, label: str, most: int) -> list[Any]:
    if not isinstance(value, (list, tuple)):
        raise WorkshopError(f"{label} harus berupa daftar.")
    if len(value) > most:
        raise WorkshopError(f"{label} tidak boleh lebih dari {most} baris.")
    return list(value)


def _dict(value: object, label: str) -> Mapping[Any, Any]:
    if not isinstance(value, Mapping):
        raise WorkshopError(f"{label} tidak valid.")
    return value


def check_key(value: object) -> str:
    """A row key inside an activity's set-up ("sdm", "p12")."""
    if not isinstance(value, str) or not _KEY.match(value):
        raise WorkshopError("Kunci baris tidak valid.")
    return value


def _keys_unique(rows: Iterable[Mapping[str, Any]]) -> None:
    seen: set[str] = set()
    for row in rows:
        if row["key"] in seen:
            raise WorkshopError(f"Kunci baris tidak boleh ganda: {row['key']}.")
        seen.add(row["key"])


def _pillar(value: object, pillar_ids: Iterable[int], *, optional: bool) -> int | None:
    if value is None and optional:
        return None
    pid = d.check_int(value, label="Pilar", lo=1, hi=2**62)
    if pid not in set(pillar_ids):
        raise WorkshopError("Pilar tidak ditemukan.")
    return pid


def check_config(kind: str, config: object, pillar_ids: Iterable[int]) -> dict[str, Any]:
    """`config` for an activity of `kind`, cleaned, or a WorkshopError saying what is wrong."""
    pillar_ids = list(pillar_ids)
    c = _dict(config, "Pengaturan aktivitas")
    if kind == "readiness":
        items = []
        for row in _list(c.get("items", []), "Butir penilaian", MAX_ITEMS):
            row = _dict(row, "Butir penilaian")
            items.append(
                {
                    "key": check_key(row.get("key")),
                    "dimension": d.check_choice(row.get("dimension"), DIMENSIONS, label="Dimensi"),
                    "label": d.clean_text(
                        row.get("label"), label="Butir penilaian", max_len=TITLE_MAX
                    ),
                }
            )
        if not items:
            raise WorkshopError("Penilaian kesiapan harus berisi paling sedikit satu butir.")
        _keys_unique(items)
        return {
            "items": items,
            "per_pillar": d.check_bool(c.get("per_pillar", False), label="Per pilar"),
        }
    if kind == "swot":
        return {
            "cap": d.check_int(
                c.get("cap", SWOT_CAP_DEFAULT), label="Batas per peserta", lo=1, hi=SWOT_CAP_MAX
            )
        }
    if kind == "keywords":
        return {"max_words": d.check_int(c.get("max_words", 3), label="Jumlah kata", lo=1, hi=3)}
    if kind == "statements":
        rows: list[dict[str, Any]] = []
        for row in _list(c.get("statements", []), "Rumusan", MAX_STATEMENTS):
            row = _dict(row, "Rumusan")
            rows.append(
                {
                    "key": check_key(row.get("key")),
                    "kind": d.check_choice(row.get("kind"), STATEMENT_KINDS, label="Jenis rumusan"),
                    "text": d.clean_text(row.get("text"), label="Rumusan", max_len=STATEMENT_MAX),
                }
            )
        _keys_unique(rows)
        most = d.check_int(c.get("max_approve", 0), label="Batas pilihan", lo=0, hi=MAX_STATEMENTS)
        return {"statements": rows, "max_approve": most}
    if kind == "longlist":
        rows = []
        for row in _list(c.get("programmes", []), "Program", MAX_PROGRAMMES):
            row = _dict(row, "Program")
            budget = row.get("budget")
            rows.append(
                {
                    "key": check_key(row.get("key")),
                    "name": d.clean_text(
                        row.get("name"), label="Nama program", max_len=PROGRAMME_MAX
                    ),
                    "opd": d.clean_text(
                        row.get("opd", ""), label="OPD", max_len=d.NAME_MAX, required=False
                    ),
                    "indicator": d.clean_text(
                        row.get("indicator", ""),
                        label="Indikator",
                        max_len=STATEMENT_MAX,
                        required=False,
                    ),
                    "budget": None
                    if budget in (None, "")
                    else d.check_int(budget, label="Pagu anggaran", lo=0, hi=BUDGET_MAX),
                    "pillar_id": _pillar(row.get("pillar_id"), pillar_ids, optional=True),
                }
            )
        _keys_unique(rows)
        return {"programmes": rows}
    if kind in ("usg", "roadmap"):
        field_name = "candidates" if kind == "usg" else "items"
        rows = []
        for row in _list(c.get(field_name, []), "Kandidat", MAX_CANDIDATES):
            row = _dict(row, "Kandidat")
            out: dict[str, Any] = {
                "key": check_key(row.get("key")),
                "title": d.clean_text(row.get("title"), label="Judul", max_len=PROGRAMME_MAX),
                "pillar_id": _pillar(row.get("pillar_id"), pillar_ids, optional=False),
                "source": d.clean_text(
                    row.get("source", ""), label="Sumber", max_len=60, required=False
                ),
            }
            if kind == "roadmap":
                h = row.get("horizon")
                out["horizon"] = (
                    None if h in (None, "") else d.check_choice(h, HORIZONS, label="Horizon waktu")
                )
            rows.append(out)
        _keys_unique(rows)
        return {field_name: rows}
    if kind == "ideas":
        return {}
    raise WorkshopError("Jenis aktivitas tidak valid.")


def rows_of_pillar(act: Activity, pillar_id: int) -> list[dict[str, Any]]:
    """The programmes / candidates / roadmap items of one pillar."""
    field_name = {"longlist": "programmes", "usg": "candidates", "roadmap": "items"}[act.kind]
    return [r for r in act.config.get(field_name, []) if r.get("pillar_id") == pillar_id]


def answer_item(act: Activity, pillar_id: object | None) -> str:
    """Where a participant's answer is kept: one per activity, or one per pillar for
    the kinds answered pillar by pillar."""
    per_pillar = act.kind in ("longlist", "usg", "roadmap") or (
        act.kind == "readiness" and act.config.get("per_pillar")
    )
    if not per_pillar:
        return ""
    if pillar_id is None:
        raise WorkshopError("Pilih pilar terlebih dahulu.")
    return str(d.check_int(pillar_id, label="Pilar", lo=1, hi=2**62))


def _score(value: object, label: str) -> int:
    return d.check_int(value, label=label, lo=1, hi=5)


def _subset(keys: Iterable[object], allowed: set[str]) -> None:
    for k in keys:
        if k not in allowed:
            raise WorkshopError("Butir jawaban tidak dikenal (mungkin sudah diubah fasilitator).")


def check_answer(
    act: Activity, value: object, pillar_ids: Iterable[int], item: str
) -> dict[str, Any]:
    """A participant's answer to `act`, cleaned, or a WorkshopError. `item` is from
    `answer_item` (the pillar as text for per-pillar kinds)."""
    pillar_ids = list(pillar_ids)
    v = _dict(value, "Jawaban")
    if item:
        _pillar(int(item), pillar_ids, optional=False)
    if act.kind == "readiness":
        scores = _dict(v.get("scores"), "Nilai")
        keys = {i["key"] for i in act.config["items"]}
        _subset(scores, keys)
        if set(scores) != keys:
            raise WorkshopError("Isi nilai untuk setiap butir.")
        return {"scores": {k: _score(scores[k], "Nilai") for k in sorted(keys)}}
    if act.kind == "swot":
        return {
            "pillar_id": _pillar(v.get("pillar_id"), pillar_ids, optional=False),
            "quadrant": d.check_choice(v.get("quadrant"), QUADRANTS, label="Kuadran SWOT"),
            "text": d.clean_text(v.get("text"), label="Isi SWOT", max_len=SWOT_TEXT_MAX),
        }
    if act.kind == "keywords":
        words = _list(v.get("words"), "Kata kunci", 3)
        clean = [
            d.clean_text(w, label="Kata kunci", max_len=KEYWORD_MAX, required=False) for w in words
        ]
        clean = [w for w in clean if w]
        if not clean:
            raise WorkshopError("Kata kunci wajib diisi (paling sedikit satu).")
        if len(clean) > act.config.get("max_words", 3):
            raise WorkshopError(f"Paling banyak {act.config.get('max_words', 3)} kata kunci.")
        return {"words": clean}
    if act.kind == "statements":
        chosen = _list(v.get("approve"), "Pilihan", MAX_STATEMENTS)
        keys = {s["key"] for s in act.config["statements"]}
        _subset(chosen, keys)
        most = act.config.get("max_approve", 0)
        if most and len(set(chosen)) > most:
            raise WorkshopError(f"Paling banyak {most} rumusan yang dapat dipilih.")
        return {"approve": sorted(set(chosen))}
    if act.kind in ("longlist", "usg", "roadmap"):
        mine = {r["key"] for r in rows_of_pillar(act, int(item))}
        if act.kind == "longlist":
            ratings = _dict(v.get("ratings"), "Nilai")
            _subset(ratings, mine)
            if not ratings:
                raise WorkshopError("Beri nilai paling sedikit satu program.")
            return {"ratings": {k: _score(ratings[k], "Nilai") for k in sorted(ratings)}}
        if act.kind == "usg":
            scores = _dict(v.get("scores"), "Nilai USG")
            _subset(scores, mine)
            if set(scores) != mine or not mine:
                raise WorkshopError("Isi nilai U, S dan G untuk setiap kandidat.")
            out = {}
            for k in sorted(mine):
                parts = scores[k]
                if not isinstance(parts, (list, tuple)) or len(parts) != 3:
                    raise WorkshopError("Nilai USG harus tiga angka 1-5.")
                out[k] = [_score(p, "Nilai USG") for p in parts]
            return {"scores": out}
        horizons = _dict(v.get("horizons"), "Horizon")
        _subset(horizons, mine)
        if not horizons:
            raise WorkshopError("Pilih horizon paling sedikit untuk satu butir.")
        return {
            "horizons": {
                k: d.check_choice(horizons[k], HORIZONS, label="Horizon waktu")
                for k in sorted(horizons)
            }
        }
    raise WorkshopError("Aktivitas ini tidak menerima jawaban dari ponsel.")
