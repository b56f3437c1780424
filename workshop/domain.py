"""Domain model of a Bimtek: defaults, dataclasses and pure rules (no storage, no UI).

Every default here is *seed data*: a new workshop copies it into the store, where the
facilitator can edit it. Messages of `WorkshopError` are in Bahasa Indonesia so the UI
can show them as they are.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

# --------------------------------------------------------------------------- errors


class WorkshopError(ValueError):
    """A rule was broken; `str(err)` is a message for the user, in Indonesian."""


class AccessDenied(WorkshopError):
    """The caller has no right to do this (wrong token, not a facilitator)."""


# --------------------------------------------------------------------------- defaults

PHASES: tuple[str, ...] = ("collect", "group", "vote", "agree")
# The Indonesian label of every code below is defined here once; workshop/i18n.py takes
# these for the UI and adds only the English.
PHASE_LABELS = {
    "collect": "Pengumpulan usulan",
    "group": "Pengelompokan usulan",
    "vote": "Pemungutan suara",
    "agree": "Kesepakatan quick win",
}

VOTE_MODES: tuple[str, ...] = ("dots", "rating")
DEFAULT_BUDGET = 3
DEFAULT_CAP = 2
MAX_BUDGET = 20

KINDS: tuple[str, ...] = ("masalah", "potensi", "usulan")
KIND_LABELS = {"masalah": "Masalah / isu", "potensi": "Potensi", "usulan": "Usulan program"}

STATUSES: tuple[str, ...] = ("shown", "hidden", "merged")

GROUPS: tuple[str, ...] = (
    "opd",
    "kecamatan",
    "kelurahan",
    "dewan",
    "tim_pelaksana",
    "akademisi",
    "swasta",
    "masyarakat",
)
GROUP_LABELS = {
    "opd": "OPD",
    "kecamatan": "Kecamatan",
    "kelurahan": "Kelurahan",
    "dewan": "Dewan Smart City",
    "tim_pelaksana": "Tim Pelaksana",
    "akademisi": "Akademisi",
    "swasta": "Swasta / perbankan",
    "masyarakat": "Masyarakat / komunitas",
}

BUDGET_SOURCES: tuple[str, ...] = ("APBD", "APBN/DAK", "CSR", "KPBU", "Lainnya")
ENABLERS: tuple[str, ...] = ("regulasi", "infrastruktur", "sdm", "aplikasi")
ENABLER_LABELS = {
    "regulasi": "Regulasi",
    "infrastruktur": "Infrastruktur",
    "sdm": "SDM",
    "aplikasi": "Aplikasi",
}
ENABLER_STATES: tuple[str, ...] = ("siap", "perlu_disiapkan", "belum_ada")
ENABLER_STATE_LABELS = {
    "siap": "Sudah siap",
    "perlu_disiapkan": "Perlu disiapkan",
    "belum_ada": "Belum ada",
}

TITLE_MAX = 120
DESCRIPTION_MAX = 1000
NAME_MAX = 120
TEXT_MAX = 4000


@dataclass(frozen=True)
class PillarSpec:
    name: str
    short: str
    subdims: tuple[str, ...]


DEFAULT_PILLARS: tuple[PillarSpec, ...] = (
    PillarSpec(
        "Smart Governance",
        "Governance",
        ("Layanan publik", "Kebijakan publik", "Tata kelola birokrasi"),
    ),
    PillarSpec("Smart Branding", "Branding", ("Pariwisata", "Bisnis", "Wajah kota")),
    PillarSpec("Smart Economy", "Economy", ("Industri", "Kesejahteraan", "Transaksi")),
    PillarSpec("Smart Living", "Living", ("Harmoni", "Kesehatan", "Mobilitas")),
    PillarSpec("Smart Society", "Society", ("Komunitas", "Ekosistem belajar", "Keamanan")),
    PillarSpec(
        "Smart Environment",
        "Environment",
        ("Proteksi lingkungan", "Pengelolaan sampah & limbah", "Energi"),
    ),
)


@dataclass(frozen=True)
class StageSpec:
    number: int
    title: str
    focus: str
    outputs: str


DEFAULT_STAGES: tuple[StageSpec, ...] = (
    StageSpec(
        1,
        "Analisis Strategis",
        "Kesiapan daerah dan analisis strategis: kondisi, masalah dan potensi; kesiapan "
        "struktur, infrastruktur dan suprastruktur; SWOT per pilar",
        "Buku I – analisis strategis: isu dan potensi per pilar, SWOT, analisis gap, "
        "kata kunci visi",
    ),
    StageSpec(
        2,
        "Visi, Misi dan Pemetaan Program",
        "Visi, misi, tujuan; pemetaan program RPJMD dan Renstra OPD ke pilar",
        "Draf visi/misi/tujuan/sasaran/indikator, daftar panjang program per pilar",
    ),
    StageSpec(
        3,
        "Inovasi, Strategi dan Quick Win",
        "Inovasi dan strategi per pilar, rencana aksi dan peta jalan (1, 5, 10 tahun), "
        "memilih quick win per pilar",
        "Buku II – masterplan: strategi, rencana aksi, peta jalan, kandidat quick win",
    ),
    StageSpec(
        4,
        "Finalisasi dan Komitmen Bersama",
        "Finalisasi bab demi bab, kesepakatan quick win, manajemen risiko, komitmen "
        "bersama wali kota dan kepala OPD",
        "Masterplan final, daftar quick win dengan OPD penanggung jawab, ringkasan eksekutif",
    ),
)

DEFAULT_OPDS: tuple[str, ...] = (
    "Sekretariat Daerah",
    "Bappeda",
    "Diskominfo",
    "Dinas Kesehatan",
    "Dinas Pendidikan dan Kebudayaan",
    "DPMPTSP",
    "Disdukcapil",
    "Dinas Lingkungan Hidup",
    "Dinas PU dan Penataan Ruang",
    "Dinas Perhubungan",
    "Dinas Sosial",
    "Dinas Pariwisata",
    "Dinas Perdagangan",
    "Dinas Koperasi dan UKM",
    "Dinas Ketahanan Pangan",
    "DP3A",
    "Dinas Perpustakaan",
    "BKPSDM",
    "BPKAD",
    "Bapenda",
    "Bakesbangpol",
    "Satpol PP",
    "BPBD",
    "RSUD",
    "Inspektorat",
    "Sekretariat DPRD",
    "Bagian Hukum Setda",
    "Bagian Organisasi Setda",
    "Bagian Pengadaan Barang dan Jasa Setda",
    "Bagian Tata Pemerintahan Setda",
)


# --------------------------------------------------------------------------- records


@dataclass
class Workshop:
    id: int
    region: str
    province: str
    year: int
    title: str
    venue: str
    join_code: str
    current_stage: int = 1
    version: int = 0


@dataclass
class Stage:
    id: int
    workshop_id: int
    number: int
    title: str
    focus: str
    outputs: str
    phase: str = "collect"
    phase_ends_at: float | None = None
    vote_mode: str = "dots"
    budget: int = DEFAULT_BUDGET
    cap: int = DEFAULT_CAP
    reveal: bool = False
    date: str | None = None

    @property
    def roman(self) -> str:
        return roman(self.number)


@dataclass
class Pillar:
    id: int
    workshop_id: int
    position: int
    name: str
    short: str
    subdims: list[str] = field(default_factory=list)


@dataclass
class Opd:
    id: int
    workshop_id: int
    position: int
    name: str
    kind: str = "opd"


@dataclass
class Participant:
    id: int
    workshop_id: int
    name: str
    group: str
    opd_id: int | None
    institution: str
    token: str = field(repr=False)


@dataclass
class Idea:
    id: int
    workshop_id: int
    stage_id: int
    pillar_id: int
    kind: str
    title: str
    description: str
    subdim: str | None
    opd_id: int | None
    author_id: int | None
    status: str = "shown"
    merged_into: int | None = None
    created_at: float = 0.0
    updated_at: float = 0.0


@dataclass
class QuickWin:
    id: int
    workshop_id: int
    stage_id: int
    name: str
    pillar_id: int
    owner_opd_id: int | None
    supporting_opd_ids: list[int] = field(default_factory=list)
    problem: str = ""
    description: str = ""
    objective: str = ""
    output_indicator: str = ""
    outcome_indicator: str = ""
    timeline_months: int = 0  # 0: belum dinilai (h14q: was 12, a default printed as a decision)
    budget_source: str = ""  # "": belum dinilai (h14q: was "APBD")
    estimated_cost: int = 0
    risks: str = ""
    enablers: dict[str, dict[str, str]] = field(default_factory=dict)
    idea_ids: list[int] = field(default_factory=list)
    status: str = "agreed"
    # --- h14q: quick-win gate and profile fields (migration m006) ---
    horizon: str | None = None  # QW_HORIZONS code; None: belum dinilai
    subdim: str = ""
    location: str = ""
    beneficiaries: str = ""
    indicators: list[dict[str, str]] = field(default_factory=list)  # see check_indicators
    budget_year: int | None = None
    milestones: list[dict[str, str]] = field(default_factory=list)  # see check_milestones
    plan_link: str = ""  # the RPJMD / Renstra programme it belongs to


@dataclass
class Tally:
    """Result of one idea in one stage."""

    idea_id: int
    pillar_id: int
    title: str
    dots: int = 0
    paper: int = 0
    voters: int = 0
    impact: float | None = None
    feasibility: float | None = None
    ratings: int = 0
    rank: int = 0

    @property
    def total(self) -> int:
        return self.dots + self.paper

    @property
    def quick_win_quadrant(self) -> bool:
        """High impact and high feasibility (both above the scale's middle, 3)."""
        return (
            self.impact is not None
            and self.feasibility is not None
            and self.impact > 3
            and self.feasibility > 3
        )


# --------------------------------------------------------------------------- pure rules


_SURROGATES = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# --- h13a: bidi controls ---
# Embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) reorder the text
# that follows them, beyond the field they were typed in (a name that flips the next
# cell of the attendance table, "Trojan Source"). The marks U+200E/U+200F/U+061C are
# kept: they have no scope (they only steer the neutral characters next to them) and a
# mixed Arabic-script name may need them.
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")


def roman(n: int) -> str:
    return {1: "I", 2: "II", 3: "III", 4: "IV"}.get(n, str(n))


def clean_text(value: object, *, label: str, max_len: int, required: bool = True) -> str:
    """Normalise user text: NFC, no control characters, trimmed; enforce length."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise WorkshopError(f"{label} harus berupa teks.")
    text = _SURROGATES.sub("", value)  # lone surrogates cannot be stored as UTF-8
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _BIDI_CONTROL.sub("", text)  # h13a: no reordering of what follows
    # normalise last, so that cleaning a cleaned text changes nothing (idempotent)
    text = unicodedata.normalize("NFC", text).strip()
    if not text.strip("\u200b\u200c\u200d\u2060\ufeff \t\n"):
        if required:
            raise WorkshopError(f"{label} wajib diisi.")
        text = ""  # only invisible characters: an optional field left empty
    if len(text) > max_len:
        raise WorkshopError(f"{label} terlalu panjang ({len(text)} karakter, maksimal {max_len}).")
    return text


def safe_key(value: object) -> str | None:
    """A lookup key (token, join code) as text that SQLite can take, or None."""
    if not isinstance(value, str) or not value or _SURROGATES.search(value):
        return None
    return value


def check_date(value: object, *, label: str) -> str | None:
    """An ISO date 'YYYY-MM-DD' (or None for no date)."""
    import datetime

    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value.isoformat()
    try:
        return datetime.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise WorkshopError(f"{label} harus berupa tanggal (TTTT-BB-HH).") from None


def check_bool(value: object, *, label: str) -> bool:
    """A yes/no switch: a bool (or 0/1), never a string such as "false"."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise WorkshopError(f"{label} harus ya atau tidak.")


def check_choice(value: object, choices: Iterable[str], *, label: str) -> str:
    choices = tuple(choices)
    if value not in choices:
        raise WorkshopError(f"{label} tidak dikenal: {value!r}. Pilihan: {', '.join(choices)}.")
    return str(value)


def check_int(value: object, *, label: str, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            elif isinstance(value, str) and value.strip().lstrip("-").isdigit():
                value = int(value.strip())
            else:
                raise TypeError
        except (TypeError, ValueError):
            raise WorkshopError(f"{label} harus berupa bilangan bulat.") from None
    if not lo <= value <= hi:
        raise WorkshopError(f"{label} harus antara {lo} dan {hi}.")
    return value


def check_dot_allocation(allocation: Mapping[int, int], *, budget: int, cap: int) -> dict[int, int]:
    """Validate a participant's dots in one pillar; return it without zero entries."""
    clean: dict[int, int] = {}
    seen: set[int] = set()
    for idea_id, dots in allocation.items():
        idea_id = check_int(idea_id, label="Usulan", lo=1, hi=2**62)
        dots = check_int(dots, label="Jumlah suara", lo=0, hi=max(cap, 0))
        if idea_id in seen:  # e.g. both 5 and "5": never drop a vote silently
            raise WorkshopError("Usulan yang sama tidak boleh dipilih dua kali dalam satu suara.")
        seen.add(idea_id)
        if dots:
            clean[idea_id] = dots
    total = sum(clean.values())
    if total > budget:
        raise WorkshopError(
            f"Suara melebihi jatah: {total} dari {budget}. Kurangi {total - budget} suara."
        )
    return clean


def check_ratings(ratings: Mapping[int, tuple[int, int]]) -> dict[int, tuple[int, int]]:
    clean: dict[int, tuple[int, int]] = {}
    for idea_id, pair in ratings.items():
        idea_id = check_int(idea_id, label="Usulan", lo=1, hi=2**62)
        if idea_id in clean:
            raise WorkshopError("Usulan yang sama tidak boleh dinilai dua kali.")
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:  # not "35" -> (3, 5)
            raise WorkshopError("Penilaian harus berisi dampak dan kelayakan.")
        impact, feasibility = pair
        clean[idea_id] = (
            check_int(impact, label="Nilai dampak", lo=1, hi=5),
            check_int(feasibility, label="Nilai kelayakan", lo=1, hi=5),
        )
    return clean


def normalise_for_match(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.findall(r"\w+", text))


def similarity(a: str, b: str) -> float:
    """0..1 similarity of two idea titles, robust to case, accents and word order."""
    na, nb = normalise_for_match(a), normalise_for_match(b)
    if not na or not nb:
        return 0.0
    ratio = difflib.SequenceMatcher(None, na, nb).ratio()
    wa, wb = set(na.split()), set(nb.split())
    jaccard = len(wa & wb) / len(wa | wb)
    return max(ratio, jaccard)


def similar_titles(
    title: str, candidates: Iterable[tuple[int, str]], threshold: float = 0.6, limit: int = 5
) -> list[tuple[int, str, float]]:
    """Candidates `(id, title)` that look like `title`, best first."""
    scored = [(i, t, similarity(title, t)) for i, t in candidates]
    scored = [s for s in scored if s[2] >= threshold]
    scored.sort(key=lambda s: -s[2])
    return scored[:limit]


def rank_tallies(tallies: list[Tally], mode: str) -> list[Tally]:
    """Sort tallies best first and number them 1.. (ties share a rank)."""
    if mode == "rating":

        def key(t: Tally) -> tuple:
            score = (t.impact or 0) * (t.feasibility or 0)
            return (-score, -(t.ratings), t.idea_id)

        def score(t: Tally) -> tuple:
            return ((t.impact or 0) * (t.feasibility or 0),)
    else:

        def key(t: Tally) -> tuple:
            return (-t.total, -t.voters, t.idea_id)

        def score(t: Tally) -> tuple:
            return (t.total,)

    ordered = sorted(tallies, key=key)
    prev = None
    for i, t in enumerate(ordered, start=1):
        s = score(t)
        t.rank = i if s != prev else ordered[i - 2].rank
        prev = s
    return ordered


def default_enablers() -> dict[str, dict[str, str]]:
    """Every enabler unassessed (h14q: was "perlu_disiapkan", a default shown as a decision)."""
    return {e: {"status": ENABLER_UNASSESSED, "catatan": ""} for e in ENABLERS}


def check_enablers(value: Mapping | None) -> dict[str, dict[str, str]]:
    out = default_enablers()
    if value is None:
        return out
    if not isinstance(value, Mapping):
        raise WorkshopError("Enabler harus berupa pasangan enabler dan status.")
    for key, item in value.items():
        check_choice(key, ENABLERS, label="Enabler")
        if isinstance(item, str):
            item = {"status": item}
        if not isinstance(item, Mapping):
            raise WorkshopError(f"Status enabler {ENABLER_LABELS[key]} harus berupa teks.")
        status = check_choice(
            item.get("status") or ENABLER_UNASSESSED,
            (*ENABLER_STATES, ENABLER_UNASSESSED),
            label=f"Status enabler {ENABLER_LABELS[key]}",
        )
        note = clean_text(
            item.get("catatan", ""), label="Catatan enabler", max_len=500, required=False
        )
        out[key] = {"status": status, "catatan": note}
    return out


INDONESIAN_MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def tanggal(d) -> str:
    """Format a date the Indonesian way: '12 Oktober 2023'."""
    return f"{d.day} {INDONESIAN_MONTHS[d.month - 1]} {d.year}"


# --------------------------------------------------------------------------- h14q: quick-win gate
# A programme is first a *candidate* (status "draft"); it becomes a quick win (status
# "agreed") only when it passes `quickwin_gate`: horizon at most two years, an owning OPD,
# and each of the four enablers assessed explicitly. The store checks the gate inside the
# write transaction; documents print UNASSESSED for anything nobody assessed.

ENABLER_UNASSESSED = "belum_dinilai"  # an enabler status nobody has set yet
UNASSESSED = "belum dinilai"  # what documents and pages print for an unassessed field

QW_HORIZONS: tuple[str, ...] = ("2", "5", "10")  # years (issue 14's roadmap horizons)
QW_HORIZON_LABELS = {
    "2": "≤ 2 tahun (quick win)",
    "5": "5 tahun (jangka menengah)",
    "10": "10 tahun (jangka panjang)",
}
QW_QUICK_HORIZON = "2"
QW_MAX_MONTHS = 24
QW_STATUSES: tuple[str, ...] = ("draft", "agreed")
QW_STATUS_LABELS = {"draft": "Kandidat", "agreed": "Quick win disepakati"}

INDICATOR_KINDS: tuple[str, ...] = ("output", "outcome")
INDICATOR_KIND_LABELS = {"output": "Output", "outcome": "Outcome"}
QW_LIST_MAX = 20  # indicators, milestones or risks per programme

# Risk register scales (1-5, as in the SPIP risk registers of local governments).
RISK_LEVELS: tuple[int, ...] = (1, 2, 3, 4, 5)
LIKELIHOOD_LABELS = {
    1: "Sangat jarang",
    2: "Jarang",
    3: "Kadang-kadang",
    4: "Sering",
    5: "Hampir pasti",
}
IMPACT_LABELS = {
    1: "Tidak signifikan",
    2: "Kecil",
    3: "Sedang",
    4: "Besar",
    5: "Sangat besar",
}


@dataclass
class QuickWinRisk:
    """One row of a quick win's risk register."""

    id: int
    quickwin_id: int
    position: int
    risk: str
    likelihood: int | None = None  # 1-5; None: belum dinilai
    impact: int | None = None  # 1-5; None: belum dinilai
    mitigation: str = ""
    owner_opd_id: int | None = None

    @property
    def score(self) -> int | None:
        """Likelihood × impact (1-25), None while either is unassessed."""
        if self.likelihood is None or self.impact is None:
            return None
        return self.likelihood * self.impact

    @property
    def level(self) -> str:
        """'Rendah' (1-4), 'Sedang' (5-12), 'Tinggi' (15-25) or UNASSESSED."""
        score = self.score
        if score is None:
            return UNASSESSED
        return "Rendah" if score <= 4 else "Sedang" if score <= 12 else "Tinggi"


def enabler_unassessed(enablers: Mapping | None) -> list[str]:
    """The enablers (codes, in ENABLERS order) nobody has assessed yet."""
    full = check_enablers(enablers)
    return [e for e in ENABLERS if full[e]["status"] not in ENABLER_STATES]


def quickwin_gate(
    *,
    horizon: str | None,
    owner_opd_id: int | None,
    enablers: Mapping | None,
    timeline_months: int = 0,
) -> list[str]:
    """Why a candidate cannot be agreed as a quick win yet (Indonesian); [] = it passes."""
    reasons = []
    if horizon is None:
        reasons.append("horizon belum dinilai")
    elif horizon != QW_QUICK_HORIZON:
        reasons.append(f"horizon {QW_HORIZON_LABELS.get(horizon, horizon)} melebihi 2 tahun")
    if timeline_months and timeline_months > QW_MAX_MONTHS:
        reasons.append(f"jangka waktu {timeline_months} bulan melebihi {QW_MAX_MONTHS} bulan")
    if owner_opd_id is None:
        reasons.append("OPD penanggung jawab belum dipilih")
    missing = enabler_unassessed(enablers)
    if missing:
        names = ", ".join(ENABLER_LABELS[e] for e in missing)
        reasons.append(f"enabler belum dinilai: {names}")
    return reasons


def gate_of(q: QuickWin) -> list[str]:
    """`quickwin_gate` of a stored programme."""
    return quickwin_gate(
        horizon=q.horizon,
        owner_opd_id=q.owner_opd_id,
        enablers=q.enablers,
        timeline_months=q.timeline_months,
    )


def _rows_of(value: object, label: str) -> list[Mapping]:
    if value is None:
        return []
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise WorkshopError(f"{label} harus berupa daftar.")
    rows = list(value)
    if not all(isinstance(r, Mapping) for r in rows):
        raise WorkshopError(f"{label} harus berupa daftar.")
    if len(rows) > QW_LIST_MAX:
        raise WorkshopError(f"{label} tidak boleh lebih dari {QW_LIST_MAX} baris.")
    return rows


def _blank(row: Mapping, keys: Iterable[str]) -> bool:
    return all(row.get(k) in (None, "") or str(row.get(k)).strip() == "" for k in keys)


def check_indicators(value: object) -> list[dict[str, str]]:
    """Indicator rows {kind, name, baseline, target}; wholly empty rows are dropped."""
    out = []
    for row in _rows_of(value, "Daftar indikator"):
        if _blank(row, ("name", "baseline", "target")):
            continue
        kind = row.get("kind") or "output"
        out.append(
            {
                "kind": check_choice(kind, INDICATOR_KINDS, label="Jenis indikator"),
                "name": clean_text(row.get("name"), label="Nama indikator", max_len=500),
                "baseline": clean_text(
                    row.get("baseline"), label="Nilai awal (baseline)", max_len=200, required=False
                ),
                "target": clean_text(
                    row.get("target"), label="Nilai target", max_len=200, required=False
                ),
            }
        )
    return out


def check_milestones(value: object) -> list[dict[str, str]]:
    """Milestone rows {when, what} ('Triwulan I 2024', 'Perwali terbit'); empty rows dropped."""
    out = []
    for row in _rows_of(value, "Daftar tahapan"):
        if _blank(row, ("when", "what")):
            continue
        out.append(
            {
                "when": clean_text(row.get("when"), label="Waktu tahapan", max_len=100),
                "what": clean_text(row.get("what"), label="Tahapan", max_len=500),
            }
        )
    return out


def _level_or_none(value: object, label: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float) and value != value:  # NaN from an empty editor cell
        return None
    return check_int(value, label=label, lo=1, hi=5)


def check_risks(value: object) -> list[dict[str, object]]:
    """Risk rows {risk, likelihood, impact, mitigation, owner_opd_id}; empty rows dropped.
    The owner OPD is checked against the roster by the store."""
    out = []
    for row in _rows_of(value, "Daftar risiko"):
        if _blank(row, ("risk", "mitigation")) and not row.get("likelihood"):
            continue
        owner = row.get("owner_opd_id")
        if isinstance(owner, float) and owner != owner:
            owner = None
        out.append(
            {
                "risk": clean_text(row.get("risk"), label="Risiko", max_len=1000),
                "likelihood": _level_or_none(row.get("likelihood"), "Kemungkinan"),
                "impact": _level_or_none(row.get("impact"), "Dampak"),
                "mitigation": clean_text(
                    row.get("mitigation"), label="Mitigasi", max_len=1000, required=False
                ),
                "owner_opd_id": owner if owner not in ("", 0) else None,
            }
        )
    return out
