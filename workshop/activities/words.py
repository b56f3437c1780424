"""Vision keywords: Indonesian normalisation, counts, and the word cloud (drawn offline).

A keyword as the room types it ("Kota CERDAS!", "inovatip", "yg berdaya saing") is
folded to one spelling: lower case, no punctuation, repeated letters once, common
spelling variants and abbreviations mapped ("inovatip" -> "inovatif", "yg" -> "yang",
"online" -> "daring"), then stop words dropped ("yang", "dan", "kota", "menjadi", ...).
What is left of a keyword (one to three words) is counted as one phrase.

The cloud is drawn by the `wordcloud` package (PIL, its own bundled font): offline, no
browser needed, the same PNG can go into a Word document."""

from __future__ import annotations

import functools
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

STOP_WORDS = frozenset(
    """
    yang dan di ke dari untuk dengan dalam pada oleh atau serta juga akan adalah itu ini
    sebagai agar bagi para sang si nya pun lah kah tah menjadi jadi lebih makin semakin
    sangat paling kota kabupaten kab daerah wilayah masyarakat warga kita kami seluruh
    semua setiap yg dgn utk dlm tsb secara terhadap melalui hingga sampai
    """.split()
)

# spelling variants and abbreviations heard in Bimtek rooms -> one form
VARIANTS = {
    "inovatip": "inovatif",
    "inovasi": "inovatif",
    "kreatip": "kreatif",
    "produktip": "produktif",
    "kolaboratip": "kolaboratif",
    "kolaborasi": "kolaboratif",
    "partisipatip": "partisipatif",
    "partisipasi": "partisipatif",
    "sejahtra": "sejahtera",
    "kesejahteraan": "sejahtera",
    "lestari": "berkelanjutan",
    "sustainable": "berkelanjutan",
    "smart": "cerdas",
    "pintar": "cerdas",
    "online": "daring",
    "digitalisasi": "digital",
    "religious": "religius",
    "religi": "religius",
    "agamis": "religius",
    "transparansi": "transparan",
    "akuntabilitas": "akuntabel",
    "green": "hijau",
    "berdayasaing": "berdaya saing",
    "dayasaing": "berdaya saing",
    "wisata": "pariwisata",
}
_PUNCT = re.compile(r"[^\w\s-]+")
_REPEAT = re.compile(r"(\w)\1{2,}")  # "cerdasss" -> "cerdas" (three or more of a letter)
_DIGITS2 = re.compile(r"(\w+)2\b")  # "anak2" -> "anak"


def normalise(keyword: str) -> str:
    """One keyword as the room meant it ('' when only stop words were left)."""
    text = unicodedata.normalize("NFKC", keyword).lower()
    text = _DIGITS2.sub(r"\1", text)
    text = _PUNCT.sub(" ", text).replace("_", " ")
    words = []
    for w in re.split(r"[\s-]+", text):
        w = _REPEAT.sub(r"\1", w)
        w = VARIANTS.get(w, w)
        if w and w not in STOP_WORDS and not w.isdigit():
            words.append(w)
    phrase = " ".join(words)
    return VARIANTS.get(phrase.replace(" ", ""), phrase)


def counts(keywords: Iterable[str]) -> list[tuple[str, int]]:
    """Normalised keywords with how often the room gave them, most frequent first (then
    alphabetical): [("cerdas", 14), ("religius", 9), ...]. One person's answer counts a
    phrase once."""
    c: Counter[str] = Counter()
    for k in keywords:
        n = normalise(k)
        if n:
            c[n] += 1
    return sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))


PALETTE = ("#0b3d73", "#7a1f5c", "#1d5e2a", "#8a3b00", "#4b2c83", "#005f66", "#9b1030")


@functools.lru_cache(maxsize=16)
def cloud_png(
    frequencies: tuple[tuple[str, int], ...], width: int = 1400, height: int = 760
) -> bytes:
    """The word cloud of `frequencies` as a PNG (deterministic: same words, same picture).
    Cached: the projector redraws every few seconds, the cloud only when answers change."""
    from wordcloud import WordCloud

    if not frequencies:
        return b""
    colors = {w: PALETTE[i % len(PALETTE)] for i, (w, _n) in enumerate(frequencies)}

    def color(word: str, **_: object) -> str:
        return colors.get(word, PALETTE[0])

    cloud = WordCloud(
        width=width,
        height=height,
        background_color="white",
        prefer_horizontal=1.0,  # readable from the back of the Aula: no vertical words
        max_words=60,
        min_font_size=24,
        max_font_size=220,
        relative_scaling=0.6,
        margin=8,
        random_state=7,
        color_func=color,
        collocations=False,
    ).generate_from_frequencies(dict(frequencies))
    buf = io.BytesIO()
    cloud.to_image().save(buf, format="PNG", optimize=True)
    return buf.getvalue()
