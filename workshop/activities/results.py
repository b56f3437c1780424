"""Results of activities as plain data (dicts, lists, numbers, text): for the projector,
the console and the documents. Each public function takes the store and a stage id and
reads the stage's first activity of its kind (or the one given by `activity_id`); it
returns the empty result when the stage has no such activity. Removed participants and
hidden answers are left out. Means are rounded to two decimals."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .. import domain as d
from . import kinds as k
from . import words
from .kinds import Activity

if TYPE_CHECKING:
    from ..store import Store


def _mean(values: Iterable[float]) -> float | None:
    vals = list(values)
    return round(sum(vals) / len(vals), 2) if vals else None


def find(store: Store, stage_id: int, kind: str, activity_id: int | None = None) -> Activity | None:
    """The activity a result is read from."""
    if activity_id is not None:
        act = store.activity(activity_id)
        return act if act.kind == kind else None
    return next((a for a in store.activities(stage_id) if a.kind == kind), None)


def _shown(store: Store, act: Activity) -> list[dict[str, Any]]:
    return [r for r in store.activity_answers(act.id) if r["status"] == "shown"]


def group_label(group: str) -> str:
    return d.GROUP_LABELS.get(group, "Fasilitator" if group == "fasilitator" else group)


# ------------------------------------------------------------------ readiness


def readiness_matrix(store: Store, stage_id: int, activity_id: int | None = None) -> dict[str, Any]:
    """{"activity_id", "title", "respondents": n,
    "items": [{"key", "dimension", "label", "mean", "n"}],
    "dimensions": [{"key", "label", "mean"}],
    "groups": [group code...], "by_group": {group: {item key: mean}},
    "by_pillar": {pillar id: {item key: mean}} (per-pillar set-up only),
    "dimension_by_group": {group: {dimension: mean}}}"""
    act = find(store, stage_id, "readiness", activity_id)
    empty: dict[str, Any] = {
        "activity_id": None,
        "title": "",
        "respondents": 0,
        "items": [],
        "dimensions": [],
        "groups": [],
        "by_group": {},
        "by_pillar": {},
        "dimension_by_group": {},
    }
    if act is None:
        return empty
    answers = _shown(store, act)
    items = act.config.get("items", [])
    dim_of = {i["key"]: i["dimension"] for i in items}
    per_item: dict[str, list[int]] = defaultdict(list)
    per_group: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    per_pillar: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for a in answers:
        for key, score in a["value"].get("scores", {}).items():
            if key not in dim_of:
                continue  # an item the facilitator removed since
            per_item[key].append(score)
            per_group[a["group"]][key].append(score)
            if a["item"]:
                per_pillar[int(a["item"])][key].append(score)
    groups = [g for g in (*d.GROUPS, "fasilitator") if g in per_group]

    def dim_mean(scores: dict[str, list[int]], dim: str) -> float | None:
        return _mean(s for key, vals in scores.items() if dim_of.get(key) == dim for s in vals)

    return {
        "activity_id": act.id,
        "title": act.title,
        "respondents": len({a["participant_id"] for a in answers}),
        "items": [
            {**i, "mean": _mean(per_item.get(i["key"], [])), "n": len(per_item.get(i["key"], []))}
            for i in items
        ],
        "dimensions": [
            {"key": dim, "label": k.DIMENSION_LABELS[dim], "mean": dim_mean(per_item, dim)}
            for dim in k.DIMENSIONS
            if dim in dim_of.values()
        ],
        "groups": groups,
        "by_group": {g: {key: _mean(v) for key, v in per_group[g].items()} for g in groups},
        "by_pillar": {
            p: {key: _mean(v) for key, v in scores.items()}
            for p, scores in sorted(per_pillar.items())
        },
        "dimension_by_group": {
            g: {dim: dim_mean(per_group[g], dim) for dim in k.DIMENSIONS} for g in groups
        },
    }


# ------------------------------------------------------------------ SWOT


def swot_matrix(
    store: Store, stage_id: int, pillar_id: int | None = None, activity_id: int | None = None
) -> dict[str, list[dict[str, Any]]]:
    """{"S": [{"id", "text", "pillar_id", "group"}], "W": [...], "O": [...], "T": [...]}
    for one pillar (all pillars with `pillar_id=None`), oldest first; hidden cards left out."""
    out: dict[str, list[dict[str, Any]]] = {q: [] for q in k.QUADRANTS}
    act = find(store, stage_id, "swot", activity_id)
    if act is None:
        return out
    for a in _shown(store, act):
        v = a["value"]
        if pillar_id is None or v["pillar_id"] == pillar_id:
            out[v["quadrant"]].append(
                {"id": a["id"], "text": v["text"], "pillar_id": v["pillar_id"], "group": a["group"]}
            )
    return out


# ------------------------------------------------------------------ keywords


def keyword_counts(
    store: Store, stage_id: int, activity_id: int | None = None
) -> list[tuple[str, int]]:
    """[(normalised keyword, people who gave it)], most frequent first (words.counts)."""
    act = find(store, stage_id, "keywords", activity_id)
    if act is None:
        return []
    given: list[str] = []
    for a in _shown(store, act):
        given.extend(dict.fromkeys(words.normalise(w) for w in a["value"].get("words", [])))
    return words.counts(w for w in given if w)


# ------------------------------------------------------------------ statements


def statement_support(
    store: Store, stage_id: int, activity_id: int | None = None
) -> list[dict[str, Any]]:
    """[{"key", "kind", "text", "approve": n, "voters": N, "share": 0..1,
         "by_group": {group: share}}], per kind (visi, misi, ...) most approved first.
    `voters` is everyone who answered (approving none counts as an answer)."""
    act = find(store, stage_id, "statements", activity_id)
    if act is None:
        return []
    answers = _shown(store, act)
    voters = len(answers)
    group_size: dict[str, int] = defaultdict(int)
    for a in answers:
        group_size[a["group"]] += 1
    out = []
    for s in act.config.get("statements", []):
        yes = [a for a in answers if s["key"] in a["value"].get("approve", [])]
        by_group: dict[str, int] = defaultdict(int)
        for a in yes:
            by_group[a["group"]] += 1
        out.append(
            {
                **s,
                "approve": len(yes),
                "voters": voters,
                "share": round(len(yes) / voters, 4) if voters else 0.0,
                "by_group": {
                    g: round(by_group[g] / n, 4) for g, n in sorted(group_size.items()) if n
                },
            }
        )
    order = {kind: i for i, kind in enumerate(k.STATEMENT_KINDS)}
    out.sort(key=lambda r: (order.get(r["kind"], 9), -r["approve"], r["key"]))
    return out


# ------------------------------------------------------------------ long-list


def longlist(store: Store, stage_id: int, activity_id: int | None = None) -> list[dict[str, Any]]:
    """[{"key", "name", "opd", "indicator", "budget", "pillar_id", "mean", "ratings"}]
    in import order; `mean` is the room's 1-5 rating (None before any)."""
    act = find(store, stage_id, "longlist", activity_id)
    if act is None:
        return []
    scores: dict[str, list[int]] = defaultdict(list)
    for a in _shown(store, act):
        for key, n in a["value"].get("ratings", {}).items():
            scores[key].append(n)
    return [
        {**p, "mean": _mean(scores.get(p["key"], [])), "ratings": len(scores.get(p["key"], []))}
        for p in act.config.get("programmes", [])
    ]


# ------------------------------------------------------------------ USG


def usg_ranking(
    store: Store, stage_id: int, pillar_id: int | None = None, activity_id: int | None = None
) -> list[dict[str, Any]]:
    """[{"key", "title", "pillar_id", "source", "u", "s", "g", "total", "raters", "rank"}]:
    mean urgency, seriousness and growth, `total` their sum (3-15), ranked per pillar
    (equal totals share a rank, "=2"), pillars in the candidates' order."""
    act = find(store, stage_id, "usg", activity_id)
    if act is None:
        return []
    parts: dict[str, list[list[int]]] = defaultdict(list)
    for a in _shown(store, act):
        for key, usg in a["value"].get("scores", {}).items():
            parts[key].append(usg)
    rows = []
    for c in act.config.get("candidates", []):
        if pillar_id is not None and c["pillar_id"] != pillar_id:
            continue
        got = parts.get(c["key"], [])
        u, s, g = (_mean(x[i] for x in got) for i in range(3))
        total = round((u or 0) + (s or 0) + (g or 0), 2) if got else None
        rows.append({**c, "u": u, "s": s, "g": g, "total": total, "raters": len(got)})
    pillars = list(dict.fromkeys(r["pillar_id"] for r in rows))
    out = []
    for p in pillars:
        mine = sorted(
            (r for r in rows if r["pillar_id"] == p), key=lambda r: (-(r["total"] or 0), r["key"])
        )
        totals = [r["total"] or 0 for r in mine]
        for r, t in zip(mine, totals, strict=True):
            rank = 1 + sum(1 for o in totals if o > t)
            r["rank"] = "–" if not r["raters"] else f"={rank}" if totals.count(t) > 1 else str(rank)
            out.append(r)
    return out


# ------------------------------------------------------------------ roadmap


def roadmap(store: Store, stage_id: int, activity_id: int | None = None) -> list[dict[str, Any]]:
    """[{"key", "title", "pillar_id", "source", "horizon", "votes": {"h2": n, "h5": n,
    "h10": n}, "placed_by": "fasilitator" | "peserta" | None}]: the facilitator's
    placement wins; otherwise the horizon most participants chose (the nearer one on a
    tie); None while nobody placed it."""
    act = find(store, stage_id, "roadmap", activity_id)
    if act is None:
        return []
    votes: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(k.HORIZONS, 0))
    for a in _shown(store, act):
        for key, h in a["value"].get("horizons", {}).items():
            votes[key][h] += 1
    out = []
    for item in act.config.get("items", []):
        v = dict(votes.get(item["key"], dict.fromkeys(k.HORIZONS, 0)))
        if item.get("horizon"):
            horizon, by = item["horizon"], "fasilitator"
        elif any(v.values()):
            horizon = max(k.HORIZONS, key=lambda h: (v[h], -k.HORIZONS.index(h)))
            by = "peserta"
        else:
            horizon, by = None, None
        out.append({**item, "horizon": horizon, "votes": v, "placed_by": by})
    return out


def stage_results(store: Store, stage_id: int) -> dict[str, Any]:
    """Every activity result of a stage, keyed by kind (for an export or a quick look)."""
    pillars = store.pillars(store.stage(stage_id).workshop_id)
    return {
        "readiness": readiness_matrix(store, stage_id),
        "swot": {p.id: swot_matrix(store, stage_id, p.id) for p in pillars},
        "keywords": keyword_counts(store, stage_id),
        "statements": statement_support(store, stage_id),
        "longlist": longlist(store, stage_id),
        "usg": usg_ranking(store, stage_id),
        "roadmap": roadmap(store, stage_id),
    }
