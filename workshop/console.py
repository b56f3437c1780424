"""The facilitator's moderation console (pages/control.py), as pure helpers.

The page asks the store once per run for the ideas, the shortlist, the tallies, the
participants and the OPDs; everything below works on those lists: which stages are in
scope, which ideas pass the filters and the search, the rows of the moderation table,
which selected rows a bulk action applies to, and the proposed duplicate clusters
(through `workshop.duplicates`, per pillar, cached on a cheap signature of its ideas).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

from . import domain as d
from . import duplicates

# The moderation table's columns, in order (the page gives each a translated label).
COLUMNS = ("id", "stage", "pillar", "kind", "title", "author", "opd", "status", "short")
STATUSES = ("shown", "hidden", "merged")


def stage_scope(stages: Sequence[d.Stage], current: d.Stage, earlier: bool) -> set[int]:
    """Ids of the stages whose ideas are listed: this stage, or it and every earlier one."""
    if not earlier:
        return {current.id}
    return {s.id for s in stages if s.number <= current.number}


def _words(text: str) -> list[str]:
    return text.casefold().split()


def filter_ideas(
    ideas: Sequence[d.Idea],
    *,
    stage_ids: Collection[int],
    search: str = "",
    pillar_id: int | None = None,
    kind: str | None = None,
    status: str | None = None,
    opd_id: int | None = None,
    authors: Mapping[int, str] | None = None,
    opds: Mapping[int, str] | None = None,
) -> list[d.Idea]:
    """The ideas that pass every filter (None = any), in the given order. `search` matches
    when every word of it occurs (case-insensitive) in the title, the description, the
    author's name or the OPD's name."""
    authors = authors or {}
    opds = opds or {}
    words = _words(search or "")
    out = []
    for i in ideas:
        if i.stage_id not in stage_ids:
            continue
        if pillar_id is not None and i.pillar_id != pillar_id:
            continue
        if kind is not None and i.kind != kind:
            continue
        if status is not None and i.status != status:
            continue
        if opd_id is not None and i.opd_id != opd_id:
            continue
        if words:
            hay = " ".join(
                (
                    i.title,
                    i.description,
                    authors.get(i.author_id, "") if i.author_id is not None else "",
                    opds.get(i.opd_id, "") if i.opd_id is not None else "",
                )
            ).casefold()
            if not all(w in hay for w in words):
                continue
        out.append(i)
    return out


def idea_rows(
    ideas: Sequence[d.Idea],
    *,
    pillars: Mapping[int, str],
    stages: Mapping[int, str],
    shortlisted: Collection[int],
    authors: Mapping[int, str] | None = None,
    opds: Mapping[int, str] | None = None,
    kind_label: Callable[[str], str] = str,
    status_label: Callable[[d.Idea], str] = lambda i: i.status,
    floor: str = "",
) -> list[dict[str, Any]]:
    """One row per idea for the moderation table, keyed by COLUMNS. `floor` names the
    author of an idea added by the facilitator (no author)."""
    authors = authors or {}
    opds = opds or {}
    return [
        {
            "id": i.id,
            "stage": stages.get(i.stage_id, "?"),
            "pillar": pillars.get(i.pillar_id, str(i.pillar_id)),
            "kind": kind_label(i.kind),
            "title": i.title,
            "author": floor if i.author_id is None else authors.get(i.author_id, "?"),
            "opd": "" if i.opd_id is None else opds.get(i.opd_id, ""),
            "status": status_label(i),
            "short": i.id in shortlisted,
        }
        for i in ideas
    ]


def columns_of(rows: Sequence[Mapping[str, Any]]) -> dict[str, list[Any]]:
    """The rows as columns (what a DataFrame is built from quickly), every column present."""
    return {c: [r[c] for r in rows] for c in COLUMNS}


def selected_ids(rows: Sequence[int], shown: Sequence[int]) -> list[int]:
    """The ids at the selected table positions `rows` of the table that showed `shown`
    (positions outside it are dropped), in table order, no repeats."""
    picked = {r for r in rows if isinstance(r, int) and 0 <= r < len(shown)}
    return [shown[r] for r in sorted(picked)]


def positions_of(ids: Sequence[int], shown: Sequence[int]) -> list[int]:
    """The positions in the table `shown` of the ideas `ids` still in it: keeps a
    selection on the same ideas when the table's rows change."""
    where = {x: n for n, x in enumerate(shown)}
    return sorted(where[x] for x in ids if x in where)


def merge_plan(ids: Sequence[int], target: int | None = None) -> tuple[int, list[int]]:
    """(target, sources) for merging the selected ideas: the chosen target if it is one
    of them, else the oldest (lowest id)."""
    if not ids:
        raise ValueError("nothing selected")
    chosen = target if target is not None and target in ids else min(ids)
    return chosen, [i for i in ids if i != chosen]


def signature(ideas: Sequence[d.Idea]) -> tuple:
    """A cheap key that changes when any idea is added, edited, moved, hidden or merged."""
    return (
        len(ideas),
        sum(i.id for i in ideas),
        max((i.id for i in ideas), default=0),
        max((i.updated_at for i in ideas), default=0.0),
        sum(1 for i in ideas if i.status != "shown"),
    )


def _duplicates() -> Any:
    """The clustering module (a seam: tests put a stand-in here; None = no proposals)."""
    return duplicates


# Clusters per pillar, shared by every session of the process: (key) -> clusters. A new
# idea or an edit re-clusters only its own pillar.
_SHARED: dict[tuple, list[list[int]]] = {}
_SHARED_MAX = 256
_LOCK = threading.Lock()


def clusters(
    ideas: Sequence[d.Idea],
    votes: Mapping[int, int] | None = None,
    *,
    dismissed: Collection[tuple[int, ...]] = (),
    cache: dict[tuple, list[list[int]]] | None = None,
) -> list[list[int]]:
    """Proposed duplicate clusters among the shown ideas (each >= 2 ids of one pillar, the
    merge target first), without those the facilitator skipped. Each pillar is clustered
    on its own and kept in `cache` (default: the process-wide one) under a signature of
    its ideas and their votes, so a run after one change re-clusters one pillar only."""
    module = _duplicates()
    if module is None:
        return []
    votes = votes or {}
    store = _SHARED if cache is None else cache
    by_pillar: dict[int, list[d.Idea]] = {}
    for i in ideas:
        if i.status == "shown":
            by_pillar.setdefault(i.pillar_id, []).append(i)
    found: list[list[int]] = []
    for pillar_id, group in by_pillar.items():
        if len(group) < 2:
            continue
        key = (
            pillar_id,
            signature(group),
            tuple(sorted((i.id, votes[i.id]) for i in group if votes.get(i.id))),
        )
        with _LOCK:
            known = store.get(key)
        if known is None:
            mine = {i.id: votes[i.id] for i in group if votes.get(i.id)}
            known = [list(c) for c in module.clusters(group, votes=mine)]
            with _LOCK:
                if len(store) >= _SHARED_MAX:
                    store.pop(next(iter(store)))
                store[key] = known
        found.extend(known)
    skip = {tuple(c) for c in dismissed}
    return [c for c in found if len(c) >= 2 and tuple(c) not in skip]
