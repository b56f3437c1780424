"""Many phones at once: budgets hold and no vote is lost.

Run with `pytest -s tests/test_concurrency.py` to see the figures.
"""

import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from workshop.domain import WorkshopError
from workshop.security import PinHasher
from workshop.store import Store


def run_at_once(calls):
    """Run each zero-argument call in its own thread, all released by one barrier.
    Returns [("ok", result) | ("refused", WorkshopError) | ("crash", exception)]."""
    barrier = threading.Barrier(len(calls), timeout=30)
    outcomes = [None] * len(calls)

    def worker(n, call):
        barrier.wait()
        try:
            outcomes[n] = ("ok", call())
        except WorkshopError as err:
            outcomes[n] = ("refused", err)
        except BaseException as err:  # noqa: BLE001 - recorded, then asserted absent
            outcomes[n] = ("crash", err)

    threads = [threading.Thread(target=worker, args=(n, c)) for n, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads)
    return outcomes


def allocations(ideas, n, seed=1):
    """n different ballots over three ideas with budget 3, cap 2: some fit, some do not."""
    rng = random.Random(seed)
    a, b, c = ideas
    fixed = [
        {a: 2, b: 1},
        {a: 1, b: 1, c: 1},
        {c: 2},
        {a: 2, b: 2},
        {a: 2, b: 2, c: 2},
        {a: 3},
        {b: 1, c: 2},
        {},
    ]
    out = list(fixed)
    while len(out) < n:
        out.append({i: rng.randint(0, 2) for i in ideas})
    return out[:n]


def dots_of(store, participant_id, pillar_id):
    return {
        r["idea_id"]: r["dots"]
        for r in store.table_rows("votes")
        if r["participant_id"] == participant_id and r["pillar_id"] == pillar_id
    }


@pytest.mark.parametrize("connections", [1, 2], ids=["one-store", "two-stores-one-file"])
def test_50_simultaneous_ballots_of_one_participant_never_overspend(
    store, ballot, tmp_path, connections
):
    stores = [store]
    if connections == 2:  # a second server process on the same file, in effect
        stores.append(Store(store.path, hasher=PinHasher(fast=True)))
    try:
        ani = ballot.people.ani
        ideas = [ballot.ideas.satu_data.id, ballot.ideas.mpp.id, ballot.ideas.lapor.id]
        ballots = allocations(ideas, 50)
        calls = [
            lambda b=b, n=n: stores[n % connections].cast_dots(ani.token, ballot.gov.id, b)
            for n, b in enumerate(ballots)
        ]
        started = time.perf_counter()
        outcomes = run_at_once(calls)
        elapsed = time.perf_counter() - started

        crashes = [o for o in outcomes if o[0] == "crash"]
        assert crashes == []
        fits = [sum(b.values()) <= 3 and max(b.values(), default=0) <= 2 for b in ballots]
        assert [o[0] == "ok" for o in outcomes] == fits  # exactly the valid ballots were taken
        stored = dots_of(store, ani.id, ballot.gov.id)
        assert sum(stored.values()) <= 3
        # the ballot left standing is one of the accepted ones, whole
        accepted = [
            {k: v for k, v in b.items() if v} for b, ok in zip(ballots, fits, strict=False) if ok
        ]
        assert stored in accepted
        assert store.my_dots(ani.token, ballot.gov.id) == stored
        print(
            f"\n[concurrency] same participant+pillar, {connections} connection(s): "
            f"threads=50 calls=50 ok={fits.count(True)} refused={fits.count(False)} "
            f"stored_dots={sum(stored.values())}/3 elapsed={elapsed:.3f}s"
        )
    finally:
        for s in stores[1:]:
            s.close()


def test_200_participants_times_3_dots_from_16_threads_are_all_stored(store, auth, ws, pillars):
    # budget 3, cap 2 (set through update_stage), one shortlisted idea pair per pillar
    stage = store.current_stage(ws.id)
    store.update_stage(auth, stage.id, budget=3, cap=2)
    owner = store.join(ws.join_code, name="Penulis", group="tim_pelaksana", opd_id=2)
    per_pillar = {}
    for p in pillars:
        per_pillar[p.id] = [
            store.submit_idea(owner.token, pillar_id=p.id, kind="usulan", title=f"{p.short} {n}").id
            for n in (1, 2)
        ]
    store.set_phase(auth, stage.id, "group")
    store.set_shortlisted(auth, stage.id, [i for ids in per_pillar.values() for i in ids])
    store.set_phase(auth, stage.id, "vote")

    people = [
        store.join(ws.join_code, name=f"Peserta {n:03d}", group="opd", opd_id=2 + n % 28)
        for n in range(200)
    ]
    pillar_ids = [p.id for p in pillars]
    jobs = []
    for n, person in enumerate(people):
        pid = pillar_ids[n % len(pillar_ids)]  # spread the room over all six pillars
        a, b = per_pillar[pid]
        jobs.append((person.token, pid, {a: 2, b: 1}))
    random.Random(5).shuffle(jobs)

    barrier = threading.Barrier(16, timeout=30)
    errors = []

    def cast(job):
        token, pid, ballot = job
        return store.cast_dots(token, pid, ballot)

    def start_together():
        barrier.wait()

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=16, initializer=start_together) as pool:
        futures = [pool.submit(cast, job) for job in jobs]
        for f in futures:
            try:
                f.result(timeout=60)
            except BaseException as err:  # noqa: BLE001
                errors.append(err)
    elapsed = time.perf_counter() - started

    assert errors == []
    votes = store.table_rows("votes")
    assert len(votes) == 400
    assert sum(v["dots"] for v in votes) == 600
    per_person = {}
    for v in votes:
        per_person[v["participant_id"]] = per_person.get(v["participant_id"], 0) + v["dots"]
    assert per_person == {p.id: 3 for p in people}
    assert sum(t.dots for t in store.tallies(stage.id)) == 600
    assert store.vote_progress(stage.id)["voters"] == 200
    print(
        f"\n[concurrency] 200 participants x 3 dots: threads=16 calls={len(jobs)} "
        f"stored_dots={sum(v['dots'] for v in votes)} vote_rows={len(votes)} "
        f"elapsed={elapsed:.3f}s ({len(jobs) / elapsed:.0f} ballots/s)"
    )


def test_simultaneous_idea_submits_with_one_client_key_store_one_idea(store, ws, pillars, people):
    # a phone retrying on a flaky Aula Wi-Fi: 20 copies of one submit arrive at once
    calls = [
        lambda n=n: store.submit_idea(
            people.ani.token,
            pillar_id=pillars[0].id,
            kind="usulan",
            title=f"Satu Data (kirim {n})",
            client_key="ponsel-ani-1",
        )
        for n in range(20)
    ]
    outcomes = run_at_once(calls)
    assert {o[0] for o in outcomes} == {"ok"}
    assert len({o[1].id for o in outcomes}) == 1
    assert store.table_counts()["ideas"] == 1
    print("\n[concurrency] same client_key: threads=20 calls=20 stored_ideas=1")
