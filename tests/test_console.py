"""workshop.console: the moderation table's filters, rows and selection helpers (pure)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from workshop import console
from workshop import domain as d


def idea(id, *, stage=1, pillar=10, kind="usulan", title="", desc="", opd=None, author=None,
         status="shown", merged_into=None, updated=0.0):  # fmt: skip
    return d.Idea(
        id=id,
        workshop_id=1,
        stage_id=stage,
        pillar_id=pillar,
        kind=kind,
        title=title,
        description=desc,
        subdim=None,
        opd_id=opd,
        author_id=author,
        status=status,
        merged_into=merged_into,
        updated_at=updated,
    )


IDEAS = [
    idea(1, title="Mal Pelayanan Publik", opd=5, author=100),
    idea(2, title="Satu Data Kota", desc="Portal data terbuka", opd=6, author=101),
    idea(3, stage=2, pillar=11, kind="masalah", title="Banjir rob", status="hidden"),
    idea(4, pillar=11, kind="potensi", title="Festival Kopi", status="merged", merged_into=1),
]
AUTHORS = {100: "Ani Lestari", 101: "Budi Santoso"}
OPDS = {5: "Bappeda", 6: "Dinas Komunikasi dan Informatika"}


def ids(found):
    return [i.id for i in found]


def test_stage_scope():
    stages = [SimpleNamespace(id=n, number=n) for n in (1, 2, 3)]
    assert console.stage_scope(stages, stages[1], False) == {2}
    assert console.stage_scope(stages, stages[1], True) == {1, 2}


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({}, [1, 2, 3, 4]),
        ({"stage_ids": {1}}, [1, 2, 4]),
        ({"pillar_id": 11}, [3, 4]),
        ({"kind": "masalah"}, [3]),
        ({"status": "hidden"}, [3]),
        ({"status": "merged"}, [4]),
        ({"opd_id": 6}, [2]),
        ({"pillar_id": 11, "kind": "usulan"}, []),
        ({"search": "  "}, [1, 2, 3, 4]),
        ({"search": "PELAYANAN"}, [1]),  # title, any case
        ({"search": "terbuka"}, [2]),  # description
        ({"search": "budi"}, [2]),  # the author's name
        ({"search": "informatika"}, [2]),  # the OPD's name
        ({"search": "data bappeda"}, []),  # every word must match
        ({"search": "data kota"}, [2]),
    ],
)
def test_filter_ideas(filters, expected):
    args = {"stage_ids": {1, 2}, "authors": AUTHORS, "opds": OPDS, **filters}
    assert ids(console.filter_ideas(IDEAS, **args)) == expected


def test_filter_ideas_keeps_the_order_and_needs_no_names():
    assert ids(console.filter_ideas(IDEAS[::-1], stage_ids={1, 2}, search="a")) == [4, 3, 2, 1]
    assert ids(console.filter_ideas(IDEAS, stage_ids={1, 2}, search="ani")) == []


def test_idea_rows():
    rows = console.idea_rows(
        IDEAS,
        pillars={10: "Governance", 11: "Branding"},
        stages={1: "I", 2: "II"},
        shortlisted={2},
        authors=AUTHORS,
        opds=OPDS,
        kind_label=str.upper,
        status_label=lambda i: f"{i.status}:{i.merged_into}",
        floor="(forum)",
    )
    assert rows == [
        {
            "id": 1,
            "stage": "I",
            "pillar": "Governance",
            "kind": "USULAN",
            "title": "Mal Pelayanan Publik",
            "author": "Ani Lestari",
            "opd": "Bappeda",
            "status": "shown:None",
            "short": False,
        },
        {
            "id": 2,
            "stage": "I",
            "pillar": "Governance",
            "kind": "USULAN",
            "title": "Satu Data Kota",
            "author": "Budi Santoso",
            "opd": "Dinas Komunikasi dan Informatika",
            "status": "shown:None",
            "short": True,
        },
        {
            "id": 3,
            "stage": "II",
            "pillar": "Branding",
            "kind": "MASALAH",
            "title": "Banjir rob",
            "author": "(forum)",
            "opd": "",
            "status": "hidden:None",
            "short": False,
        },
        {
            "id": 4,
            "stage": "I",
            "pillar": "Branding",
            "kind": "POTENSI",
            "title": "Festival Kopi",
            "author": "(forum)",
            "opd": "",
            "status": "merged:1",
            "short": False,
        },
    ]
    assert list(console.columns_of(rows)) == list(console.COLUMNS)
    assert console.columns_of(rows)["id"] == [1, 2, 3, 4]
    assert console.columns_of([]) == {c: [] for c in console.COLUMNS}


def test_selected_ids_and_positions():
    shown = [7, 3, 9]
    assert console.selected_ids([2, 0, 0, 5, -1], shown) == [7, 9]
    assert console.selected_ids([], shown) == []
    assert console.positions_of([9, 7, 8], [9, 1, 7]) == [0, 2]


def test_merge_plan():
    assert console.merge_plan([5, 3, 8]) == (3, [5, 8])  # the oldest is the target
    assert console.merge_plan([5, 3, 8], 8) == (8, [5, 3])
    assert console.merge_plan([5, 3], 99) == (3, [5])
    with pytest.raises(ValueError):
        console.merge_plan([])


def test_signature_changes_with_any_edit():
    base = console.signature(IDEAS)
    assert console.signature(list(IDEAS)) == base
    assert console.signature(IDEAS[:3]) != base
    edited = [*IDEAS[:3], idea(4, pillar=11, title="Festival Kopi", updated=9.0)]
    assert console.signature(edited) != base


def test_clusters_per_pillar_cached_and_dismissed(monkeypatch):
    calls = []

    def clusters(ideas, threshold=60.0, votes=None):
        calls.append(([i.id for i in ideas], votes))
        return [[i.id for i in ideas][::-1]]

    monkeypatch.setattr(console, "_duplicates", lambda: SimpleNamespace(clusters=clusters))
    pool = [*IDEAS, idea(5, pillar=11, title="Kopi"), idea(6, pillar=11, title="Kopi lokal")]
    cache: dict = {}
    assert console.clusters(pool, {1: 3}, cache=cache) == [[2, 1], [6, 5]]
    # only shown ideas, one call per pillar, each with its own ideas' votes
    assert calls == [([1, 2], {1: 3}), ([5, 6], {})]
    assert console.clusters(pool, {1: 3}, dismissed={(6, 5)}, cache=cache) == [[2, 1]]
    assert len(calls) == 2  # nothing changed: the cached answers
    console.clusters(pool, {1: 4}, cache=cache)  # a vote in pillar 10: only it again
    assert calls[2:] == [([1, 2], {1: 4})]
    edited = [*pool[:5], idea(6, pillar=11, title="Kopi robusta", updated=5.0)]
    console.clusters(edited, {1: 4}, cache=cache)  # an edit in pillar 11: only it again
    assert calls[3:] == [([5, 6], {})]


def test_clusters_without_the_duplicates_module(monkeypatch):
    monkeypatch.setattr(console, "_duplicates", lambda: None)
    assert console.clusters(IDEAS) == []
