"""Races from the Aula: two tabs, double taps, voting closed while ballots arrive."""

import threading

import pytest

from workshop.domain import Idea, WorkshopError


@pytest.fixture
def ballot(store, auth, ws):
    stage = store.current_stage(ws.id)
    pillar = store.pillars(ws.id)[0]
    ideas = [
        store.add_idea(auth, ws.id, pillar_id=pillar.id, kind="usulan", title=f"Usulan {n}")
        for n in range(4)
    ]
    store.set_shortlisted(auth, stage.id, [i.id for i in ideas])
    store.set_phase(auth, stage.id, "vote")
    return stage, pillar, ideas


def run_together(fns):
    """Start all callables at once; return each one's result or exception."""
    barrier = threading.Barrier(len(fns))
    results = [None] * len(fns)

    def worker(n, fn):
        barrier.wait()
        try:
            results[n] = fn()
        except Exception as err:  # noqa: BLE001 - recorded for the assert
            results[n] = err

    threads = [threading.Thread(target=worker, args=(n, f)) for n, f in enumerate(fns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_two_tabs_same_participant_never_exceed_budget(store, ws, ballot):
    stage, pillar, ideas = ballot
    p = store.join(ws.join_code, name="Budi", group="opd", opd_id=store.opds(ws.id)[0].id)
    tab_a = {ideas[0].id: 2, ideas[1].id: 1}
    tab_b = {ideas[2].id: 2, ideas[3].id: 1}
    results = run_together(
        [
            lambda: store.cast_dots(p.token, pillar.id, tab_a),
            lambda: store.cast_dots(p.token, pillar.id, tab_b),
        ]
        * 10
    )
    assert all(isinstance(r, dict) for r in results)
    assert store.my_dots(p.token, pillar.id) in (tab_a, tab_b)  # the last ballot wins whole


def test_double_tap_is_idempotent(store, ws, ballot):
    stage, pillar, ideas = ballot
    p = store.join(ws.join_code, name="Budi", group="opd", opd_id=store.opds(ws.id)[0].id)
    alloc = {ideas[0].id: 2, ideas[1].id: 1}
    results = run_together([lambda: store.cast_dots(p.token, pillar.id, alloc)] * 8)
    assert results == [alloc] * 8
    assert store.tallies(stage.id)[0].total == 2
    assert sum(t.total for t in store.tallies(stage.id)) == 3


def test_double_tap_on_idea_submit_stores_one(store, auth, ws):
    p = store.join(ws.join_code, name="Budi", group="opd", opd_id=store.opds(ws.id)[0].id)
    pid = store.pillars(ws.id)[0].id
    results = run_together(
        [
            lambda: store.submit_idea(
                p.token, pillar_id=pid, kind="usulan", title="Satu data", client_key="k1"
            )
        ]
        * 8
    )
    assert len({r.id for r in results}) == 1
    assert [i.title for i in store.ideas(ws.id)] == ["Satu data"]


def test_closing_voting_while_ballots_arrive(store, auth, ws, ballot):
    stage, pillar, ideas = ballot
    people = [
        store.join(ws.join_code, name=f"P{n}", group="opd", opd_id=store.opds(ws.id)[0].id)
        for n in range(60)
    ]
    casts = [lambda p=p: store.cast_dots(p.token, pillar.id, {ideas[0].id: 1}) for p in people]
    close = [lambda: store.set_pillar_voting(auth, stage.id, pillar.id, False)]
    results = run_together(casts[:30] + close + casts[30:])
    accepted = [r for r in results if isinstance(r, dict)]
    refused = [r for r in results if isinstance(r, WorkshopError)]
    assert len(accepted) + len(refused) == 60 + 1 - 1  # the close returns None
    assert all(str(r) == "Voting untuk pilar ini sudah ditutup." for r in refused)
    # every accepted ballot is stored, no refused one is: nothing silently dropped
    assert store.tallies(stage.id)[0].total == len(accepted)
    with pytest.raises(WorkshopError, match="ditutup"):
        store.cast_dots(people[0].token, pillar.id, {ideas[1].id: 1})


def test_phase_change_while_ideas_arrive(store, auth, ws):
    people = [
        store.join(ws.join_code, name=f"P{n}", group="opd", opd_id=store.opds(ws.id)[0].id)
        for n in range(40)
    ]
    pid = store.pillars(ws.id)[0].id
    stage = store.current_stage(ws.id)
    sends = [
        lambda p=p: store.submit_idea(
            p.token, pillar_id=pid, kind="usulan", title=f"Usulan {p.name}"
        )
        for p in people
    ]
    results = run_together(
        sends[:20] + [lambda: store.set_phase(auth, stage.id, "group")] + sends[20:]
    )
    stored = [r for r in results if isinstance(r, Idea)]
    refused = [r for r in results if isinstance(r, WorkshopError)]
    assert len(stored) + len(refused) == 40
    assert all(str(r) == "Pengumpulan usulan sedang ditutup." for r in refused)
    assert sorted(i.title for i in store.ideas(ws.id)) == sorted(r.title for r in stored)
