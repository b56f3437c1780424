"""Formats shared by every export: Indonesian numbers, dates, region names, file names.

Pure text helpers (no python-docx, no openpyxl): the pages may import them cheaply.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .. import domain as d

if TYPE_CHECKING:
    from ..store import Store

EMPTY = "……………………"  # where staff still have to write something
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")

MIME_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MIME_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

MODE_LABELS = {"dots": "Dot voting", "rating": "Penilaian dampak–kelayakan"}


def fmt_int(n: int | float | None) -> str:
    """Indonesian thousands separator: 1500000 -> '1.500.000'."""
    if n is None:
        return "–"
    return f"{int(round(n)):,}".replace(",", ".")


def fmt_dec(x: float | None, places: int = 2) -> str:
    """Indonesian decimal comma: 3.45 -> '3,45'; None -> '–'."""
    if x is None:
        return "–"
    return f"{x:.{places}f}".replace(".", ",")


def rupiah(n: int | None) -> str:
    """'Rp 1.500.000.000'; zero or unknown is left for staff to fill in."""
    if not n:
        return f"Rp {EMPTY}"
    return f"Rp {fmt_int(n)}"


def parse_date(value: str | None) -> _dt.date | None:
    """A stage date 'YYYY-MM-DD' as a date, or None when unset or malformed."""
    if not value:
        return None
    try:
        return _dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def tanggal(value: str | _dt.date | None, *, with_day: bool = False) -> str:
    """'12 Oktober 2023' (or 'Kamis, 12 Oktober 2023'); a blank to fill when unknown."""
    date = value if isinstance(value, _dt.date) else parse_date(value)
    if date is None:
        return EMPTY
    text = d.tanggal(date)
    return f"{DAYS[date.weekday()]}, {text}" if with_day else text


def months_text(months: int) -> str:
    """'12 bulan'."""
    return f"{months} bulan"


def region_kind(region: str) -> str:
    """'kota', 'kabupaten' or '' from the region's name."""
    low = region.strip().lower()
    if low.startswith("kota "):
        return "kota"
    if low.startswith(("kabupaten ", "kab. ", "kab ")):
        return "kabupaten"
    return ""


def region_government(region: str) -> str:
    """'Pemerintah Kota Metro', 'Pemerintah Kabupaten Bangli' or 'Pemerintah Daerah X'."""
    region = region.strip()
    low = region.lower()
    for short, full in (("kab. ", "Kabupaten "), ("kab ", "Kabupaten ")):
        if low.startswith(short):
            region = full + region[len(short) :]
    if region_kind(region):
        return f"Pemerintah {region}"
    return f"Pemerintah Daerah {region}"


def region_place(region: str) -> str:
    """The place name used before a date in a signature: 'Kota Metro' -> 'Metro'."""
    region = region.strip()
    for prefix in ("Kota ", "Kabupaten ", "Kab. ", "Kab "):
        if region.lower().startswith(prefix.lower()):
            return region[len(prefix) :].strip()
    return region


def region_head(region: str) -> str:
    """'Wali Kota Metro', 'Bupati Bangli' or 'Kepala Daerah X'."""
    kind = region_kind(region)
    place = region_place(region)
    return {"kota": f"Wali Kota {place}", "kabupaten": f"Bupati {place}"}.get(
        kind, f"Kepala Daerah {region}"
    )


def safe_filename(text: str, suffix: str) -> str:
    """A file name from `text`: every other character than letters and digits becomes one
    '_', at most 120 characters, then `suffix` ('Ringkasan_Bimtek_..._2023.docx')."""
    keep = "".join(c if c.isalnum() else "_" for c in text)
    while "__" in keep:
        keep = keep.replace("__", "_")
    return keep.strip("_")[:120] + suffix


def opd_names(store: Store, workshop_id: int) -> dict[int, str]:
    """OPD id -> name for one workshop."""
    return {o.id: o.name for o in store.opds(workshop_id)}


def opd_name(names: dict[int, str], opd_id: int | None, missing: str = EMPTY) -> str:
    """An OPD's name from `opd_names`, or `missing` when there is none (or it is gone)."""
    return names.get(opd_id, missing) if opd_id is not None else missing


def result_text(t: d.Tally, mode: str) -> str:
    """One line of a result, e.g. '132 suara (128 aplikasi + 4 manual) dari 80 pemilih'."""
    if mode == "rating":
        if t.impact is None:
            text = "belum dinilai"
        else:
            text = (
                f"dampak {fmt_dec(t.impact)}; kelayakan {fmt_dec(t.feasibility)}; "
                f"{t.ratings} penilai"
            )
            if t.quick_win_quadrant:
                text += "; kuadran quick win"
        if t.paper:
            text += f"; {t.paper} suara manual"
        return text
    text = f"{fmt_int(t.total)} suara"
    if t.paper:
        text += f" ({fmt_int(t.dots)} aplikasi + {fmt_int(t.paper)} manual)"
    return text + f" dari {t.voters} pemilih"


# --- h15: one counting rule, ranks with ties, sentences for 0, 1, many ---


def has_votes(t: d.Tally, mode: str) -> bool:
    """Whether an idea received anything: a vote (dots, manual) or, when rated, a rating."""
    if mode == "rating":
        return t.impact is not None
    return t.total > 0


def score(t: d.Tally) -> float | None:
    """Impact × feasibility from the exact means (None when not rated)."""
    if t.impact is None or t.feasibility is None:
        return None
    return t.impact * t.feasibility


def rank_labels(tallies: Sequence[d.Tally], mode: str) -> dict[int, str]:
    """idea id -> the rank as printed: '1'; '=2' when two or more share it; '–' for an
    idea without any vote (no votes, no rank)."""
    shared = Counter(t.rank for t in tallies if has_votes(t, mode))
    out: dict[int, str] = {}
    for t in tallies:
        if not has_votes(t, mode):
            out[t.idea_id] = "–"
        else:
            out[t.idea_id] = f"={t.rank}" if shared[t.rank] > 1 else str(t.rank)
    return out


def top_of(group: Sequence[d.Tally], mode: str) -> list[d.Tally]:
    """The ideas at rank 1 of a pillar that received votes: none when nobody voted (no
    priority without votes), several when they tie."""
    voted = [t for t in group if has_votes(t, mode)]
    if not voted:
        return []
    best = min(t.rank for t in voted)
    return [t for t in voted if t.rank == best]


def and_list(items: list[str]) -> str:
    """'A', 'A dan B', 'A, B dan C'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} dan {items[-1]}"


def exact_tallies(store: Store, stage: d.Stage, tallies: Sequence[d.Tally]) -> list[d.Tally]:
    """`tallies` with the exact rating means (Store.tallies rounds them to 2 places for
    display), ranked again per pillar: scores and ranks from exact values, never from
    rounded means (13,46 vs 13,47)."""
    if stage.vote_mode != "rating":
        return list(tallies)
    from dataclasses import replace

    exact = store.exact_rating_means(stage.id)
    out: list[d.Tally] = []
    groups: dict[int, list[d.Tally]] = {}
    for t in tallies:
        means = exact.get(t.idea_id)
        if means is not None:
            t = replace(t, impact=means[0], feasibility=means[1])
        groups.setdefault(t.pillar_id, []).append(t)
    for group in groups.values():
        out.extend(d.rank_tallies(group, stage.vote_mode))
    return out
