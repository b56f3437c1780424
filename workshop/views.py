"""View models: everything a screen needs, gathered from the store in one call."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import domain as d
from .store import Store


@dataclass
class ProjectorView:
    workshop: d.Workshop
    stage: d.Stage
    pillars: list[d.Pillar]
    counts: dict[str, Any]
    progress: dict[str, Any]
    ideas: list[d.Idea] = field(default_factory=list)
    tallies: list[d.Tally] = field(default_factory=list)
    quickwins: list[d.QuickWin] = field(default_factory=list)
    opd_names: dict[int, str] = field(default_factory=dict)
    open_pillars: list[int] = field(default_factory=list)


def projector_view(store: Store, workshop_id: int) -> ProjectorView:
    """What the projector shows now; call again only when store.version() changed."""
    w = store.workshop(workshop_id)
    stage = store.stage_by_number(workshop_id, w.current_stage)
    view = ProjectorView(
        workshop=w,
        stage=stage,
        pillars=store.pillars(workshop_id),
        counts=store.counts(stage.id),
        progress=store.vote_progress(stage.id),
        opd_names={o.id: o.name for o in store.opds(workshop_id)},
    )
    if stage.phase in ("collect", "group"):
        view.ideas = store.ideas(workshop_id, stage_id=stage.id)
    if stage.phase in ("vote", "agree"):
        view.tallies = store.tallies(stage.id)
        view.open_pillars = store.open_pillars(stage.id)
    if stage.phase == "agree":
        view.quickwins = store.quickwins(workshop_id)
    return view


def quickwin_prefill(store: Store, idea_ids: list[int], stage_id: int) -> dict[str, Any]:
    """Fields of a new quick-win programme, prefilled from its ideas and their votes."""
    ideas = [store.idea(i) for i in idea_ids]
    if not ideas:
        return {}
    tallies = {t.idea_id: t for t in store.tallies(stage_id)}
    lead = next((i for i in ideas if i.kind == "usulan"), ideas[0])
    problems = [
        i.title + (f": {i.description}" if i.description else "")
        for i in ideas
        if i.kind == "masalah"
    ]
    evidence = []
    for i in ideas:
        t = tallies.get(i.id)
        if t and (t.total or t.ratings):
            evidence.append(
                f"{i.title}: {t.total} suara"
                if not t.ratings
                else f"{i.title}: dampak {t.impact}, kelayakan {t.feasibility}"
            )
    owners = [i.opd_id for i in ideas if i.opd_id]
    return {
        "name": lead.title,
        "pillar_id": lead.pillar_id,
        "owner_opd_id": owners[0] if owners else None,
        "supporting_opd_ids": list(dict.fromkeys(owners[1:])),
        "problem": "\n".join(problems),
        "description": "\n".join(i.description for i in ideas if i.description),
        "objective": "",
        "risks": "",
        "evidence": "; ".join(evidence),
    }
