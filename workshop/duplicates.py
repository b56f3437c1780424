"""Near-duplicate ideas (usulan) per pillar, offline: normalised Indonesian text, token match.

Pure module (no Streamlit, no SQLite). The method, in three steps:

1. `normalise` folds what participants write differently for the same thing: case,
   accents, punctuation, repeated letters ("puskesmass"), reduplication ("anak2"),
   spelling variants and abbreviations ("online"/"daring", "apps"/"aplikasi",
   "pelayanan"/"layanan", "e-"/"elektronik", "kab."/"kabupaten", "RTH"/"ruang terbuka
   hijau") and drops stop words ("yang", "dan", "di", "untuk", ...).
2. Words one typo apart ("pendaftran"/"pendaftaran") are the same word (rapidfuzz
   `process.cdist` with the Indel distance over the vocabulary of the ideas), so are an
   affixed form and its root ("terjadwal"/"jadwal", "ketinggian"/"tinggi") and an
   acronym written in capitals and the words it stands for ("KIA"/"kartu identitas
   anak").
3. Two titles score the weighted Dice overlap of their token sets (0-100), word order
   free. Generic words ("aplikasi", "sistem", "layanan", "digital", "kota", ...) weigh
   less than the words that say *what* the idea is about, so "Aplikasi antrean
   puskesmas" and "Aplikasi antrean samsat" stay apart while "Antrean puskesmas lewat
   aplikasi" joins the first. The description can lift a borderline title match (it
   weighs 0.3 against the title's 0.7), never sink a clear one.

`clusters` joins the ideas of one pillar whose pair score reaches the threshold
(single linkage, union-find). `tests/test_duplicates.py` measures precision and recall
of the threshold on the labelled pairs in `tests/fixtures/duplicate_pairs.csv`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Indel

from .domain import Idea

THRESHOLD = 75.0  # tuned on tests/fixtures/duplicate_pairs.csv, see tests/test_duplicates.py
TITLE_WEIGHT = 0.7  # against the description's 0.3, when both ideas have one
GENERIC_WEIGHT = 0.3  # weight of a generic word against 1.0 for a content word

# --------------------------------------------------------------------------- word lists

STOP_WORDS = frozenset(
    """
    yang dan di untuk dengan ke dari pada dalam bagi buat oleh atau serta secara agar
    supaya ini itu tersebut para akan sebagai melalui lewat via tiap setiap per se adalah
    juga lebih bisa dapat harus perlu kepada terhadap antara hingga sudah masih ada nya
    kami kita saya mereka semua seluruh sangat agar terutama khususnya berupa yaitu
    yakni the of and for in on to a an with by
    """.split()
)

# one written form -> its canonical form (one or more words); abbreviations spelled out
# the way the room writes them most, English loan words to the Indonesian term
VARIANTS: dict[str, str] = {
    # online / electronic / digital
    "online": "daring",
    "onlen": "daring",
    "e": "elektronik",
    "elektronis": "elektronik",
    "electronic": "elektronik",
    "digitalisasi": "digital",
    "digitalisasikan": "digital",
    "digitalization": "digital",
    # applications and web
    "apps": "aplikasi",
    "app": "aplikasi",
    "apk": "aplikasi",
    "aplikasinya": "aplikasi",
    "application": "aplikasi",
    "website": "web",
    "situs": "web",
    "laman": "web",
    "webite": "web",
    "dasbor": "dashboard",
    "dashbord": "dashboard",
    "hotspot": "wifi",
    "library": "perpustakaan",
    "perpus": "perpustakaan",
    "marketing": "pemasaran",
    "marketplace": "pasar daring",
    "parking": "parkir",
    "ticketing": "tiket",
    "tiketing": "tiket",
    # service words
    "pelayanan": "layanan",
    "pariwisata": "wisata",
    "yanlik": "layanan publik",
    "service": "layanan",
    "antrian": "antrean",
    "antri": "antrean",
    "antre": "antrean",
    "aduan": "pengaduan",
    "mengadu": "pengaduan",
    "complaint": "pengaduan",
    "lapor": "laporan",
    "pelaporan": "laporan",
    "melapor": "laporan",
    "pembayaran": "bayar",
    "membayar": "bayar",
    "payment": "bayar",
    "pemilahan": "pilah",
    "memilah": "pilah",
    "sertifikat": "sertifikasi",
    "kriminalitas": "kriminal",
    "kejahatan": "kriminal",
    "warga": "masyarakat",
    "perijinan": "perizinan",
    "ijin": "izin",
    # places and administration
    "kab": "kabupaten",
    "kec": "kecamatan",
    "kel": "kelurahan",
    "kal": "kelurahan",
    "ds": "desa",
    "jl": "jalan",
    "jln": "jalan",
    "pemkot": "pemda",
    "pemkab": "pemda",
    "pemprov": "pemda",
    "ukm": "umkm",
    "ektp": "elektronik ktp",
    "smartcity": "smart city",
    # chat abbreviations of stop words and common words
    "yg": "yang",
    "dgn": "dengan",
    "dg": "dengan",
    "utk": "untuk",
    "u": "untuk",
    "dlm": "dalam",
    "tdk": "tidak",
    "sbg": "sebagai",
    "krn": "karena",
    "bgt": "sangat",
    "sdh": "sudah",
    "blm": "belum",
    "jg": "juga",
    "tsb": "tersebut",
}

# phrases -> the abbreviation everyone uses (after VARIANTS, before stop words)
PHRASES: dict[str, str] = {
    "wi fi": "wifi",
    "situs web": "web",
    "penerangan jalan umum": "pju",
    "lampu pju": "pju",
    "ruang terbuka hijau": "rth",
    "administrasi kependudukan": "adminduk",
    "usaha mikro kecil menengah": "umkm",
    "usaha mikro kecil dan menengah": "umkm",
    "teknologi informasi komunikasi": "tik",
    "teknologi informasi dan komunikasi": "tik",
    "aparatur sipil negara": "asn",
    "rumah sakit umum daerah": "rsud",
    "rumah sakit": "rs",
    "closed circuit television": "cctv",
    "kamera cctv": "cctv",
    "kamera pengawas": "cctv",
    "sumber daya manusia": "sdm",
    "kartu tanda penduduk": "ktp",
    "pemerintah daerah": "pemda",
    "pemerintah kota": "pemda",
    "pemerintah kabupaten": "pemda",
    "organisasi perangkat daerah": "opd",
    "perangkat daerah": "opd",
    "elektronik mail": "email",
    "call center": "callcenter",
    "command center": "commandcenter",
    "early warning system": "peringatan dini",
    "media sosial": "medsos",
    "sosial media": "medsos",
}

# words that say how or where, not what: they weigh GENERIC_WEIGHT in a match
GENERIC_WORDS = frozenset(
    """
    aplikasi sistem daring digital elektronik layanan program pembangunan pengembangan
    peningkatan penyediaan pemasangan pengadaan optimalisasi terpadu terintegrasi
    integrasi smart cerdas city informasi platform portal inovasi gerakan berbasis kota
    kabupaten daerah masyarakat pemda pemerintah baru gratis kegiatan penguatan
    pemanfaatan penerapan implementasi fasilitas sarana prasarana web teknologi online
    pembuatan peluncuran perluasan percepatan modern mobile berbasis umum publik
    """.split()
)

# --------------------------------------------------------------------------- normalising

_REDUPLICATION = re.compile(r"\b([a-z]+)(?:2|-\1)\b")  # "anak2", "anak-anak" -> "anak"
_TOKEN = re.compile(r"[a-z]+|[0-9]+")
_REPEATS = re.compile(r"([a-z])\1+")


def _collapse(word: str) -> str:
    """Repeated letters once: "puskesmass" -> "puskesmas", "apps" -> "aps"."""
    return _REPEATS.sub(r"\1", word)


def _tokens(words: Iterable[str]) -> list[str]:
    """Collapsed word list -> folded word list (variants, no stop words yet)."""
    out: list[str] = []
    for w in words:
        out.extend(_VARIANTS.get(w, w).split())
    return out


_VARIANTS = {_collapse(k): v for k, v in VARIANTS.items()}
_PHRASES = sorted(
    ((f" {' '.join(_collapse(w) for w in k.split())} ", f" {v} ") for k, v in PHRASES.items()),
    key=lambda kv: -len(kv[0]),
)
_STOP = frozenset(_collapse(w) for w in STOP_WORDS)
_GENERIC = frozenset(_collapse(w) for w in GENERIC_WORDS)


def normalise(text: str) -> str:
    """Lower-case, accent-free, folded words of `text` without punctuation or stop words."""
    text = unicodedata.normalize("NFKD", text or "").lower()
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _REDUPLICATION.sub(r"\1", text)
    words = _tokens(_collapse(w) for w in _TOKEN.findall(text))
    joined = f" {' '.join(words)} "
    for phrase, short in _PHRASES:
        while phrase in joined:
            joined = joined.replace(phrase, short)
    out: list[str] = []
    for w in joined.split():
        if w not in _STOP and (not out or out[-1] != w):
            out.append(w)
    return " ".join(out)


# --------------------------------------------------------------------------- token matching


def _typo_distance(length: int) -> int:
    """Indel edits a word of `length` letters may differ by and still be the same word."""
    if length >= 10:
        return 2  # one swapped or wrong letter: "pendaftaarn"
    if length >= 5:
        return 1  # one letter missing or extra: "pendaftran", "puskesms"
    return 0


# Indonesian affixes around a root ("ter-jadwal", "ke-tinggi-an", "pen-daftar-an"); "dis"
# is the Dinas of "Disdukcapil"/"Diskominfo". Nasal assimilation ("pemetaan" from "peta")
# is not undone: a root match is a sure match or none.
PREFIXES = (
    *("", "di", "ke", "se", "ter", "ber", "be", "per", "pe", "pen", "pem", "peng"),
    *("me", "men", "mem", "meng", "dis"),
)
SUFFIXES = ("", "an", "kan", "i", "nya", "isasi")
ROOT_MIN = 4  # "data" in "pendataan", not "dik" in "didik"


def _roots(word: str) -> Iterable[str]:
    """Roots `word` can be an affixed form of (root at least ROOT_MIN letters)."""
    for prefix in PREFIXES:
        if not word.startswith(prefix):
            continue
        for suffix in SUFFIXES:
            if (prefix or suffix) and word.endswith(suffix):
                root = word[len(prefix) : len(word) - len(suffix)]
                if len(root) >= ROOT_MIN:
                    yield root


def _canonical(vocabulary: Iterable[str]) -> dict[str, str]:
    """Map every word to one representative of its typo variants and affixed forms."""
    words = sorted(set(vocabulary))
    position = {w: i for i, w in enumerate(words)}
    parent = list(range(len(words)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    long_ = [i for i, w in enumerate(words) if len(w) >= 5 and not w.isdigit()]
    if len(long_) > 1:
        names = [words[i] for i in long_]
        dist = process.cdist(
            names, names, scorer=Indel.distance, score_cutoff=2, dtype=np.uint8, workers=-1
        )
        for a, b in zip(*np.nonzero(dist <= 2), strict=True):
            wa, wb = names[a], names[b]
            if a < b and wa[0] == wb[0] and dist[a, b] <= _typo_distance(min(len(wa), len(wb))):
                union(long_[a], long_[b])
    for i, w in enumerate(words):
        for root in _roots(w):
            if root in position:
                union(i, position[root])
    return {w: words[find(i)] for i, w in enumerate(words)}


ACRONYM_LENGTHS = range(3, 7)  # "KIA", "TPST", "SID"; two letters would match by chance


def _acronyms(words: Sequence[str], known: set[str]) -> list[str]:
    """`words` with every run whose initials spell a known acronym replaced by it."""
    out: list[str] = []
    i = 0
    while i < len(words):
        for n in ACRONYM_LENGTHS:
            run = words[i : i + n]
            initials = "".join(w[0] for w in run)
            if len(run) == n and initials in known and initials not in run:
                out.append(initials)
                i += n
                break
        else:
            out.append(words[i])
            i += 1
    return out


_UPPER = re.compile(r"\b[A-Z]{3,6}\b")  # ACRONYM_LENGTHS


def _known_acronyms(titles: Sequence[str]) -> set[str]:
    """Words written in capitals ("KIA", "TPST") in titles that are not all capitals."""
    return {
        w.lower()
        for title in titles
        if any(c.islower() for c in title)
        for w in _UPPER.findall(title)
    }


def _word_sets(titles: Sequence[str]) -> list[set[str]]:
    """Titles -> canonical word sets (normalised; acronyms, typos, affixes folded)."""
    known = _known_acronyms(titles)
    split = [_acronyms(normalise(t).split(), known) for t in titles]
    canon = _canonical(w for words in split for w in words)
    return [{canon[w] for w in words} for words in split]


def _weight(word: str) -> float:
    """How much a word counts in a match."""
    return GENERIC_WEIGHT if word in _GENERIC else 1.0


def _dice(a: set[str], b: set[str]) -> float:
    """Weighted Dice overlap of two word sets, 0-100."""
    total = sum(map(_weight, a)) + sum(map(_weight, b))
    if not total:
        return 0.0
    return round(200.0 * sum(_weight(w) for w in a & b) / total, 6)


def _combine(title: float, description: float | None) -> float:
    """The description lifts a borderline title score; it never lowers it."""
    if description is None:
        return title
    return max(title, TITLE_WEIGHT * title + (1 - TITLE_WEIGHT) * description)


def similarity(a: str, b: str) -> float:
    """0-100 similarity of two idea titles (typo, word order and spelling tolerant)."""
    sa, sb = _word_sets([a, b])
    return _dice(sa, sb) if sa and sb else 0.0


# --------------------------------------------------------------------------- clusters


def _title_scores(word_sets: list[set[str]]) -> np.ndarray:
    """Pairwise weighted Dice (0-100) of word sets as an n x n matrix, vectorised."""
    vocab = sorted(set().union(*word_sets))
    index = {w: i for i, w in enumerate(vocab)}
    weights = np.array([_weight(w) for w in vocab], dtype=np.float64)
    present = np.zeros((len(word_sets), len(vocab)), dtype=np.float64)
    for row, words in enumerate(word_sets):
        present[row, [index[w] for w in words]] = 1.0
    shared = (present * weights) @ present.T
    totals = present @ weights
    denom = totals[:, None] + totals[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.round(np.where(denom > 0, 200.0 * shared / denom, 0.0), 6)


def clusters(
    ideas: Sequence[Idea],
    threshold: float = THRESHOLD,
    votes: Mapping[int, int] | None = None,
) -> list[list[int]]:
    """Groups (>= 2 idea ids) of near-duplicate shown ideas per pillar, target first."""
    shown = list({i.id: i for i in ideas if i.status == "shown"}.values())
    sets = _word_sets([i.title for i in shown])
    titles = {i.id: words for i, words in zip(shown, sets, strict=True)}
    descriptions = {i.id: set(normalise(i.description).split()) for i in shown if i.description}
    # a pair below this title score cannot reach the threshold even with equal descriptions
    floor = (threshold - (1 - TITLE_WEIGHT) * 100.0) / TITLE_WEIGHT

    by_pillar: dict[int, list[Idea]] = {}
    for idea in shown:
        by_pillar.setdefault(idea.pillar_id, []).append(idea)

    parent = {i.id: i.id for i in shown}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for group in by_pillar.values():
        if len(group) < 2:
            continue
        scores = _title_scores([titles[i.id] for i in group])
        rows, cols = np.nonzero(np.triu(scores >= min(floor, threshold), k=1))
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
            a, b = group[r], group[c]
            title = float(scores[r, c])
            if title < threshold:
                da, db = descriptions.get(a.id), descriptions.get(b.id)
                if not (da and db) or _combine(title, _dice(da, db)) < threshold:
                    continue
            ra, rb = find(a.id), find(b.id)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)

    groups: dict[int, list[int]] = {}
    for idea in shown:
        groups.setdefault(find(idea.id), []).append(idea.id)
    tally = votes or {}
    out = [
        sorted(members, key=lambda i: (-tally.get(i, 0), i))
        for members in groups.values()
        if len(members) >= 2
    ]
    out.sort(key=lambda members: (-len(members), min(members)))
    return out
