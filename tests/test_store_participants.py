"""The facilitator's participant list, removing and restoring a participant, and merging
two entries of one person (workshop/store/participants.py).

A removed participant's ideas, votes and ratings stay in the tables but leave every
result: the results after removing someone equal the results as if they had never sent
anything, and restoring them brings the earlier results back exactly."""

from __future__ import annotations

import json
import time

import pytest

from workshop.domain import AccessDenied, Tally
from workshop.store.participants import ParticipantEntry

ZERO = {"hadir": 0, "memilih": 0, "usulan": 0}


def results(store, stage_id):
    """Everything a stage's results show, for whole-value comparisons."""
    return {
        "tallies": store.tallies(stage_id),
        "progress": store.vote_progress(stage_id),
        "counts": store.counts(stage_id),
        "groups": store.group_counts(stage_id),
        "shortlist": [i.id for i in store.shortlist(stage_id)],
        "attendance": [r["id"] for r in store.attendance(stage_id)],
    }


def audit(store, ws, *actions):
    return [
        {**r, "detail": json.loads(r["detail"])}
        for r in store.audit_log(ws.id)
        if r["action"] in actions
    ]


@pytest.fixture
def dotted(store, auth, ballot):
    """Dots from all three participants and a paper tally (as in test_store_results)."""
    i, p = ballot.ideas, ballot.people
    store.cast_dots(p.ani.token, ballot.gov.id, {i.mpp.id: 2, i.lapor.id: 1})
    store.cast_dots(p.budi.token, ballot.gov.id, {i.mpp.id: 1, i.satu_data.id: 2})
    store.cast_dots(p.budi.token, ballot.brand.id, {i.festival.id: 1})
    store.cast_dots(p.citra.token, ballot.gov.id, {i.lapor.id: 2})
    store.set_paper_tally(auth, ballot.stage.id, i.satu_data.id, 3, "Angkat tangan")
    return ballot


def entry(p, opd_name, *, stages=(1,), ideas=0, ballots=0, removed_at=None, merged=None):
    return ParticipantEntry(
        id=p.id,
        name=p.name,
        group=p.group,
        opd_id=p.opd_id,
        opd=opd_name,
        institution=p.institution,
        stages=stages,
        ideas=ideas,
        ballots=ballots,
        removed=removed_at is not None,
        removed_at=removed_at,
        merged_into=merged,
    )


# ---------------------------------------------------------------- the list


def test_list_has_attendance_ideas_and_ballots_per_participant(store, auth, ws, dotted):
    p = dotted.people
    assert store.participant_list(auth, ws.id) == [
        entry(p.ani, "Bappeda", ideas=2, ballots=1),
        entry(p.budi, "Diskominfo", ideas=1, ballots=2),
        entry(p.citra, "", ideas=2, ballots=1),
    ]


def test_list_counts_stages_attended_and_skips_hidden_ideas(store, auth, ws, pillars, people):
    store.delete_own_idea(
        people.ani.token,
        store.submit_idea(
            people.ani.token, pillar_id=pillars[0].id, kind="usulan", title="Salah ketik"
        ).id,
    )
    store.submit_idea(people.ani.token, pillar_id=pillars[0].id, kind="usulan", title="Satu Data")
    store.set_current_stage(auth, ws.id, 3)
    store.check_in(people.ani.token)
    ani = store.participant_list(auth, ws.id, search="ani")
    assert ani == [entry(people.ani, "Bappeda", stages=(1, 3), ideas=1)]


@pytest.mark.parametrize(
    ("search", "names"),
    [
        ("", ["Ani Lestari", "Budi Santoso", "Citra Dewi"]),
        ("budi", ["Budi Santoso"]),
        ("LESTARI", ["Ani Lestari"]),
        ("diskominfo", ["Budi Santoso"]),  # OPD
        ("bappeda", ["Ani Lestari"]),
        ("muhammadiyah", ["Citra Dewi"]),  # institution
        ("Akademisi", ["Citra Dewi"]),  # group label
        ("opd", ["Ani Lestari", "Budi Santoso"]),  # group code
        ("  ", ["Ani Lestari", "Budi Santoso", "Citra Dewi"]),
        ("tidak ada", []),
    ],
)
def test_search_by_name_opd_group_or_institution(store, auth, ws, people, search, names):
    assert [e.name for e in store.participant_list(auth, ws.id, search=search)] == names


def test_list_of_a_big_room_is_fast(store, auth, ws, opd):
    for n in range(600):
        store.join(ws.join_code, name=f"Peserta {n:03}", group="opd", opd_id=opd["Bappeda"])
    started = time.perf_counter()
    rows = store.participant_list(auth, ws.id)
    assert len(rows) == 600
    assert time.perf_counter() - started < 0.5


# ---------------------------------------------------------------- removing and restoring


def test_remove_takes_ideas_and_votes_out_of_every_result(store, auth, ws, dotted):
    """Budi's idea (Kanal pengaduan) and his ballots leave tallies, progress, counts,
    groups, the ballot, attendance and the idea lists; restoring him brings them back."""
    i, gov, brand, stage = dotted.ideas, dotted.gov.id, dotted.brand.id, dotted.stage.id
    before = results(store, stage)
    ideas_before = store.ideas(ws.id)
    store.remove_participant(auth, dotted.people.budi.id)
    assert results(store, stage) == {
        "tallies": [
            Tally(i.satu_data.id, gov, "Satu Data Kota", dots=0, paper=3, voters=0, rank=1),
            Tally(i.mpp.id, gov, "Mal Pelayanan Publik digital", dots=2, voters=1, rank=2),
            Tally(i.festival.id, brand, "Festival budaya tahunan", rank=1),
            Tally(i.katalog.id, brand, "Katalog produk unggulan daerah", rank=1),
        ],
        "progress": {"voters": 2, "per_pillar": {gov: 2}},
        "counts": {
            "participants": 2,
            "opd_present": 1,
            "opd_total": before["counts"]["opd_total"],
            "ideas_per_pillar": {gov: 2, brand: 2},
            "ideas": 4,
        },
        "groups": {
            **{g: ZERO for g in before["groups"]},
            "opd": {"hadir": 1, "memilih": 1, "usulan": 2},
            "akademisi": {"hadir": 1, "memilih": 1, "usulan": 2},
        },
        "shortlist": [i.satu_data.id, i.mpp.id, i.festival.id, i.katalog.id],
        "attendance": [dotted.people.citra.id, dotted.people.ani.id],  # no OPD first
    }
    assert [x.id for x in store.ideas(ws.id)] == [x.id for x in ideas_before if x.id != i.lapor.id]
    assert [p.id for p in store.participants(ws.id)] == [
        dotted.people.ani.id,
        dotted.people.citra.id,
    ]
    assert store.removed_count(ws.id) == 1
    assert store.removed_count(ws.id, stage) == 1
    assert store.removed_count(ws.id, 2) == 0
    # nothing was deleted
    assert store.table_counts()["votes"] == 6 and store.idea(i.lapor.id).author_id is not None

    store.restore_participant(auth, dotted.people.budi.id)
    assert results(store, stage) == before
    assert store.ideas(ws.id) == ideas_before
    assert store.removed_count(ws.id) == 0


def test_results_after_removal_equal_results_without_that_person(store, auth, ws, ballot):
    """Removing someone gives exactly the results of the room as if they had not voted."""
    i, p, gov = ballot.ideas, ballot.people, ballot.gov.id
    store.cast_dots(p.ani.token, gov, {i.mpp.id: 2, i.satu_data.id: 1})
    store.cast_dots(p.citra.token, gov, {i.mpp.id: 1})
    without = store.tallies(ballot.stage.id), store.vote_progress(ballot.stage.id)
    newcomer = store.join(ws.join_code, name="Dedi", group="swasta", institution="PT Maju")
    store.cast_dots(newcomer.token, gov, {i.satu_data.id: 2, i.lapor.id: 1})
    assert (store.tallies(ballot.stage.id), store.vote_progress(ballot.stage.id)) != without
    store.remove_participant(auth, newcomer.id)
    assert (store.tallies(ballot.stage.id), store.vote_progress(ballot.stage.id)) == without


def test_removed_rating_leaves_the_means(store, auth, ballot):
    i, p, gov = ballot.ideas, ballot.people, ballot.gov.id
    store.set_phase(auth, ballot.stage.id, "group")
    store.update_stage(auth, ballot.stage.id, vote_mode="rating")
    store.set_phase(auth, ballot.stage.id, "vote")
    store.cast_ratings(p.ani.token, gov, {i.mpp.id: (5, 3)})
    alone = store.tallies(ballot.stage.id, gov)
    store.cast_ratings(p.citra.token, gov, {i.mpp.id: (1, 1)})
    assert store.tallies(ballot.stage.id, gov) != alone
    store.remove_participant(auth, p.citra.id)
    assert store.tallies(ballot.stage.id, gov) == alone


def test_removed_phone_is_refused_and_gets_the_join_form(store, auth, dotted):
    budi, gov = dotted.people.budi, dotted.gov.id
    store.remove_participant(auth, budi.id)
    assert store.participant(budi.token) is None  # the page shows the join form
    for call in (
        lambda: store.cast_dots(budi.token, gov, {dotted.ideas.mpp.id: 1}),
        lambda: store.my_dots(budi.token, gov),
        lambda: store.check_in(budi.token),
        lambda: store.my_ideas(budi.token),
    ):
        with pytest.raises(AccessDenied, match="sudah dihapus dari daftar oleh fasilitator"):
            call()
    store.restore_participant(auth, budi.id)
    assert store.participant(budi.token) == budi
    assert store.my_dots(budi.token, gov) == {dotted.ideas.mpp.id: 1, dotted.ideas.satu_data.id: 2}


def test_list_marks_the_removed(store, auth, ws, dotted):
    p = dotted.people
    store.remove_participant(auth, p.budi.id)
    [row] = [e for e in store.participant_list(auth, ws.id) if e.id == p.budi.id]
    assert row.removed_at is not None
    assert row == entry(p.budi, "Diskominfo", ideas=1, ballots=2, removed_at=row.removed_at)
    assert [e.removed for e in store.participant_list(auth, ws.id)] == [False, True, False]


def test_remove_and_restore_are_audited(store, auth, ws, people):
    before = time.time()
    store.remove_participant(auth, people.budi.id)
    store.restore_participant(auth, people.budi.id)
    rows = audit(store, ws, "remove_participant", "restore_participant")
    assert [r["action"] for r in rows] == ["remove_participant", "restore_participant"]
    who = {"id": people.budi.id, "name": "Budi Santoso", "group": "opd", "opd": people.budi.opd_id}
    removed = rows[0]["detail"]
    assert removed == {"participant": who, "by": removed["by"], "at": removed["at"]}
    assert removed["by"].startswith("sesi ") and auth not in json.dumps(rows)
    assert before <= removed["at"] <= rows[0]["ts"] <= time.time()
    assert rows[1]["detail"] == {"participant": who, "by": removed["by"]}


def test_remove_and_restore_refusals(store, auth, people, refused):
    with refused(match="Peserta tidak ditemukan"):
        store.remove_participant(auth, 99_999)
    with refused(match="tidak sedang dihapus"):
        store.restore_participant(auth, people.budi.id)
    store.remove_participant(auth, people.budi.id)
    with refused(match="sudah dihapus"):
        store.remove_participant(auth, people.budi.id)
    for bad in (None, "", "abc", 0, -1, True, [1], 1.5, 10**30):
        with refused():
            store.remove_participant(auth, bad)


def test_only_a_facilitator_lists_removes_restores_or_merges(store, auth, ws, people, refused):
    for token in (None, "", people.ani.token, ws.join_code, "palsu"):
        with refused(AccessDenied, match="fasilitator"):
            store.participant_list(token, ws.id)
        with refused(AccessDenied, match="fasilitator"):
            store.remove_participant(token, people.budi.id)
        with refused(AccessDenied, match="fasilitator"):
            store.merge_participants(token, people.ani.id, people.budi.id)
    store.remove_participant(auth, people.budi.id)
    with refused(AccessDenied, match="fasilitator"):
        store.restore_participant(people.ani.token, people.budi.id)


# ---------------------------------------------------------------- merging


@pytest.fixture
def rejoined(store, ws, opd, dotted):
    """Budi rejoins on a new phone as 'Budi S.' (same OPD)."""
    return store.join(ws.join_code, name="Budi S.", group="opd", opd_id=opd["Diskominfo"])


def test_merge_moves_ideas_attendance_and_ballots(store, auth, ws, dotted, rejoined):
    """The old entry voted in both pillars, the new one in none: everything moves, the
    results stay the same, and Budi counts once."""
    budi, stage = dotted.people.budi, dotted.stage.id
    before = results(store, stage)
    ideas_before = store.ideas(ws.id)
    assert before["counts"]["participants"] == 4
    out = store.merge_participants(auth, rejoined.id, budi.id)
    assert out["ideas"] == 1 and out["ballots_dropped"] == []
    assert out["ballots_moved"] == [
        {"kind": "votes", "stage": stage, "pillar": dotted.gov.id},
        {"kind": "votes", "stage": stage, "pillar": dotted.brand.id},
    ]
    after = results(store, stage)
    assert after["tallies"] == before["tallies"]
    assert after["progress"] == before["progress"]
    assert after["counts"] == {**before["counts"], "participants": 3}
    assert after["attendance"] == [x for x in before["attendance"] if x != budi.id]
    assert store.idea(dotted.ideas.lapor.id).author_id == rejoined.id
    assert [x.id for x in store.ideas(ws.id)] == [x.id for x in ideas_before]
    assert store.my_dots(rejoined.token, dotted.gov.id) == {
        dotted.ideas.mpp.id: 1,
        dotted.ideas.satu_data.id: 2,
    }
    rows = {e.id: e for e in store.participant_list(auth, ws.id)}
    assert rows[rejoined.id] == entry(rejoined, "Diskominfo", ideas=1, ballots=2)
    old = rows[budi.id]
    assert old == entry(
        budi, "Diskominfo", stages=(), removed_at=old.removed_at, merged=rejoined.id
    )
    assert store.participant(budi.token) is None
    assert store.removed_count(ws.id) == 0  # a merge is no removal


def test_merge_when_both_voted_in_a_pillar_keeps_keeps_ballot(store, auth, ws, dotted, rejoined):
    """Both entries voted in Smart Governance: the kept entry's ballot stays and the
    other's is dropped (kept in the table, said in the audit); the other's Smart
    Branding ballot moves."""
    i, gov, brand, stage = dotted.ideas, dotted.gov.id, dotted.brand.id, dotted.stage.id
    budi = dotted.people.budi
    store.cast_dots(rejoined.token, gov, {i.lapor.id: 2})
    # what the room would show had Budi's old phone voted only in Smart Branding
    store.cast_dots(budi.token, gov, {})
    expected = results(store, stage)
    store.cast_dots(budi.token, gov, {i.mpp.id: 1, i.satu_data.id: 2})
    out = store.merge_participants(auth, rejoined.id, budi.id)
    assert out["ballots_dropped"] == [{"kind": "votes", "stage": stage, "pillar": gov}]
    assert out["ballots_moved"] == [{"kind": "votes", "stage": stage, "pillar": brand}]
    after = results(store, stage)
    assert after["tallies"] == expected["tallies"]
    assert after["progress"] == {"voters": 3, "per_pillar": {gov: 3, brand: 1}}
    assert store.my_dots(rejoined.token, gov) == {i.lapor.id: 2}
    assert store.my_dots(rejoined.token, brand) == {i.festival.id: 1}
    assert store.table_counts()["votes"] == 7  # the dropped ballot is not deleted
    [row] = audit(store, ws, "merge_participants")
    detail = row["detail"]
    assert detail["ballots_dropped"] == out["ballots_dropped"]
    assert "tidak dihitung" in detail["note"]
    assert detail["keep"]["id"] == rejoined.id and detail["other"]["id"] == budi.id
    assert detail["by"].startswith("sesi ")


def test_merge_joins_attendance_of_different_stages(store, auth, ws, opd, people):
    store.set_current_stage(auth, ws.id, 2)
    again = store.join(ws.join_code, name="Budi S.", group="opd", opd_id=opd["Diskominfo"])
    store.merge_participants(auth, again.id, people.budi.id)
    [row] = store.participant_list(auth, ws.id, search="Budi S.")
    assert row.stages == (1, 2)
    present = {s.id: {r["id"] for r in store.attendance(s.id)} for s in store.stages(ws.id)[:2]}
    assert list(present.values()) == [{people.ani.id, again.id, people.citra.id}, {again.id}]


def test_merge_refusals(store, auth, ws, people, refused):
    other_ws = store.create_workshop(auth, region="Kota Tegal", year=2024)
    stranger = store.join(other_ws.join_code, name="Eka", group="swasta", institution="PT X")
    with refused(match="dirinya sendiri"):
        store.merge_participants(auth, people.ani.id, people.ani.id)
    with refused(match="kegiatan lain"):
        store.merge_participants(auth, people.ani.id, stranger.id)
    with refused(match="Peserta tidak ditemukan"):
        store.merge_participants(auth, people.ani.id, 99_999)
    store.remove_participant(auth, people.budi.id)
    with refused(match="pulihkan dulu"):
        store.merge_participants(auth, people.ani.id, people.budi.id)
    with refused(match="pulihkan dulu"):
        store.merge_participants(auth, people.budi.id, people.ani.id)
    store.restore_participant(auth, people.budi.id)
    store.merge_participants(auth, people.ani.id, people.budi.id)
    with refused(match="tidak bisa dipulihkan"):
        store.restore_participant(auth, people.budi.id)
