"""Carried forward: an activity's set-up prefilled from what earlier activities produced.

keywords -> statements (a draft vision from the top keywords, a mission per keyword);
SWOT weaknesses and threats + the best-rated long-list programmes -> USG candidates
(problems and programmes to rank); USG top-ranked + long-list programmes -> roadmap
items. Each function returns a new config for `Store.update_activity`; what the
facilitator already wrote is kept (prefilled rows are added after it, never twice)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import kinds as k
from . import results as r
from .kinds import Activity

if TYPE_CHECKING:
    from ..store import Store


def _earlier_stages(store: Store, act: Activity) -> list[int]:
    """Stage ids of this workshop up to and including the activity's own stage."""
    stages = store.stages(act.workshop_id)
    me = next(s for s in stages if s.id == act.stage_id)
    return [s.id for s in stages if s.number <= me.number]


def _next_key(rows: list[dict[str, Any]], prefix: str) -> str:
    used = {row["key"] for row in rows}
    n = len(rows) + 1
    while f"{prefix}{n}" in used:
        n += 1
    return f"{prefix}{n}"


def statements_from_keywords(store: Store, act: Activity, region: str = "") -> dict[str, Any]:
    """Draft statements from the vision keywords of this and earlier stages."""
    counted: dict[str, int] = {}
    for sid in _earlier_stages(store, act):
        for word, n in r.keyword_counts(store, sid):
            counted[word] = counted.get(word, 0) + n
    top = [w for w, _n in sorted(counted.items(), key=lambda kv: (-kv[1], kv[0]))][:6]
    rows = list(act.config.get("statements", []))
    have = {row["text"] for row in rows}
    drafts = []
    if top:
        head = ", ".join(top[:2]) + (f" dan {top[2]}" if len(top) > 2 else "")
        drafts.append(("visi", f"Terwujudnya {region or 'daerah'} yang {head}"[: k.STATEMENT_MAX]))
        drafts += [("misi", f"Mewujudkan tata kelola dan layanan yang {w}") for w in top[:4]]
    for kind, text in drafts:
        if text not in have:
            rows.append({"key": _next_key(rows, "s"), "kind": kind, "text": text})
    return {**act.config, "statements": rows}


def usg_candidates(store: Store, act: Activity, per_pillar: int = 4) -> dict[str, Any]:
    """SWOT Kelemahan/Ancaman and the best-rated long-list programmes, per pillar."""
    rows = list(act.config.get("candidates", []))
    have = {(row["pillar_id"], row["title"]) for row in rows}
    pillars = store.pillars(act.workshop_id)
    found: list[tuple[int, str, str]] = []
    for sid in _earlier_stages(store, act):
        for p in pillars:
            m = r.swot_matrix(store, sid, p.id)
            found += [(p.id, c["text"], "SWOT") for c in (m["W"] + m["T"])[:per_pillar]]
        best = sorted(
            (x for x in r.longlist(store, sid) if x["pillar_id"]),
            key=lambda x: -(x["mean"] or 0),
        )
        for p in pillars:
            found += [(p.id, x["name"], "Long-list") for x in best if x["pillar_id"] == p.id][:2]
    for pid, title, source in found:
        if (pid, title[: k.PROGRAMME_MAX]) not in have and len(rows) < k.MAX_CANDIDATES:
            rows.append(
                {
                    "key": _next_key(rows, "c"),
                    "title": title[: k.PROGRAMME_MAX],
                    "pillar_id": pid,
                    "source": source,
                }
            )
            have.add((pid, title[: k.PROGRAMME_MAX]))
    return {**act.config, "candidates": rows}


def roadmap_items(store: Store, act: Activity, per_pillar: int = 3) -> dict[str, Any]:
    """The top USG candidates and mapped long-list programmes, per pillar, unplaced."""
    rows = list(act.config.get("items", []))
    have = {(row["pillar_id"], row["title"]) for row in rows}
    found: list[tuple[int, str, str]] = []
    for sid in _earlier_stages(store, act):
        ranked = r.usg_ranking(store, sid)
        counts: dict[int, int] = {}
        for x in ranked:
            if counts.get(x["pillar_id"], 0) < per_pillar:
                found.append((x["pillar_id"], x["title"], "USG"))
                counts[x["pillar_id"]] = counts.get(x["pillar_id"], 0) + 1
        best = sorted(
            (x for x in r.longlist(store, sid) if x["pillar_id"]), key=lambda x: -(x["mean"] or 0)
        )
        counts = {}
        for x in best:
            if counts.get(x["pillar_id"], 0) < 2:
                found.append((x["pillar_id"], x["name"], "Long-list"))
                counts[x["pillar_id"]] = counts.get(x["pillar_id"], 0) + 1
    for pid, title, source in found:
        if (pid, title) not in have and len(rows) < k.MAX_CANDIDATES:
            rows.append(
                {
                    "key": _next_key(rows, "r"),
                    "title": title,
                    "pillar_id": pid,
                    "source": source,
                    "horizon": None,
                }
            )
            have.add((pid, title))
    return {**act.config, "items": rows}


PREFILL: dict[str, Callable[..., dict[str, Any]]] = {
    "statements": statements_from_keywords,
    "usg": usg_candidates,
    "roadmap": roadmap_items,
}


def prefill(store: Store, act: Activity) -> dict[str, Any] | None:
    """The activity's config with what earlier activities carry into it, or None when
    its kind takes nothing from them."""
    fn = PREFILL.get(act.kind)
    if fn is None:
        return None
    if act.kind == "statements":
        return statements_from_keywords(store, act, store.workshop(act.workshop_id).region)
    return fn(store, act)
