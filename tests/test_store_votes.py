import pytest

from workshop.domain import AccessDenied


def votes_of(store, participant_id):
    return {
        (r["pillar_id"], r["idea_id"]): r["dots"]
        for r in store.table_rows("votes")
        if r["participant_id"] == participant_id
    }


# ----------------------------------------------------------------- shortlist


def test_shortlist_in_pillar_order(store, auth, ballot):
    i = ballot.ideas
    assert [x.id for x in store.shortlist(ballot.stage.id)] == [
        i.satu_data.id,
        i.mpp.id,
        i.lapor.id,
        i.festival.id,
        i.katalog.id,
    ]
    assert [x.id for x in store.shortlist(ballot.stage.id, ballot.brand.id)] == [
        i.festival.id,
        i.katalog.id,
    ]
    store.move_pillar(auth, ballot.brand.id, -1)
    assert [x.id for x in store.shortlist(ballot.stage.id)] == [
        i.festival.id,
        i.katalog.id,
        i.satu_data.id,
        i.mpp.id,
        i.lapor.id,
    ]


def test_shortlist_is_idempotent(store, auth, ballot):
    store.set_shortlisted(auth, ballot.stage.id, [ballot.ideas.mpp.id, "2", 2.0])
    assert store.table_counts()["shortlist"] == 5


def test_shortlist_only_shown_ideas(store, auth, ws, pillars, people, refused):
    hidden = store.submit_idea(
        people.ani.token, pillar_id=pillars[0].id, kind="usulan", title="Tersembunyi"
    )
    shown = store.submit_idea(
        people.ani.token, pillar_id=pillars[0].id, kind="usulan", title="Tampil"
    )
    store.set_idea_hidden(auth, hidden.id, True)
    with refused(match="Hanya usulan yang tampil yang bisa masuk daftar pilihan."):
        store.set_shortlisted(auth, 1, [shown.id, hidden.id])  # all or nothing


def test_shortlist_ideas_of_earlier_stages_but_not_later_ones(
    store, auth, ws, pillars, people, refused
):
    early = store.submit_idea(
        people.ani.token, pillar_id=pillars[0].id, kind="usulan", title="Dari tahap I"
    )
    store.set_current_stage(auth, ws.id, 2)
    late = store.submit_idea(
        people.ani.token, pillar_id=pillars[0].id, kind="usulan", title="Dari tahap II"
    )
    store.set_shortlisted(auth, 2, [early.id, late.id])
    assert [i.id for i in store.shortlist(2)] == [early.id, late.id]
    with refused(match="Usulan dari tahap berikutnya tidak bisa dipilih."):
        store.set_shortlisted(auth, 1, [late.id])


def test_shortlist_refuses_unknown_and_foreign_ideas(store, auth, ws, refused):
    other = store.create_workshop(auth, region="Kota Tegal", year=2023)
    foreign = store.add_idea(
        auth,
        other.id,
        pillar_id=store.pillars(other.id)[0].id,
        kind="usulan",
        title="Tegal",
        description="",
    )
    for ids in ([999], [foreign.id]):
        with refused(match="Usulan tidak ditemukan."):
            store.set_shortlisted(auth, 1, ids)


def test_take_off_the_shortlist(store, auth, ballot, refused):
    store.set_shortlisted(auth, ballot.stage.id, [ballot.ideas.katalog.id], on=False)
    assert ballot.ideas.katalog.id not in [i.id for i in store.shortlist(ballot.stage.id)]
    store.cast_dots(ballot.people.ani.token, ballot.gov.id, {ballot.ideas.mpp.id: 1})
    with refused(match="Usulan yang sudah mendapat suara tidak bisa dikeluarkan"):
        store.set_shortlisted(auth, ballot.stage.id, [ballot.ideas.mpp.id], on=False)


def test_set_phase_vote_opens_only_pillars_with_a_shortlist(store, auth, ws, pillars, people):
    idea = store.submit_idea(
        people.ani.token, pillar_id=pillars[4].id, kind="usulan", title="Kelurahan digital"
    )
    store.set_shortlisted(auth, 1, [idea.id])
    store.set_phase(auth, 1, "vote")
    assert store.open_pillars(1) == [pillars[4].id]


# ----------------------------------------------------------------- dots


def test_cast_dots(store, ballot):
    ani, i = ballot.people.ani, ballot.ideas
    assert store.cast_dots(
        ani.token, ballot.gov.id, {i.mpp.id: 2, str(i.lapor.id): 1, i.satu_data.id: 0}
    ) == {i.mpp.id: 2, i.lapor.id: 1}
    assert store.my_dots(ani.token, ballot.gov.id) == {i.mpp.id: 2, i.lapor.id: 1}
    assert store.my_dots(ani.token, ballot.brand.id) == {}
    rows = [{k: v for k, v in r.items() if k != "updated_at"} for r in store.table_rows("votes")]
    assert rows == [
        {
            "stage_id": 1,
            "pillar_id": ballot.gov.id,
            "idea_id": i.mpp.id,
            "participant_id": ani.id,
            "dots": 2,
        },
        {
            "stage_id": 1,
            "pillar_id": ballot.gov.id,
            "idea_id": i.lapor.id,
            "participant_id": ani.id,
            "dots": 1,
        },
    ]


def test_cast_dots_replaces_the_ballot_of_that_pillar_only(store, ballot):
    ani, i = ballot.people.ani, ballot.ideas
    store.cast_dots(ani.token, ballot.gov.id, {i.mpp.id: 2, i.lapor.id: 1})
    store.cast_dots(ani.token, ballot.brand.id, {i.festival.id: 2})
    store.cast_dots(ani.token, ballot.gov.id, {i.satu_data.id: 1})
    assert votes_of(store, ani.id) == {
        (ballot.gov.id, i.satu_data.id): 1,
        (ballot.brand.id, i.festival.id): 2,
    }
    # the same ballot twice is the same as once
    store.cast_dots(ani.token, ballot.gov.id, {i.satu_data.id: 1})
    assert votes_of(store, ani.id) == {
        (ballot.gov.id, i.satu_data.id): 1,
        (ballot.brand.id, i.festival.id): 2,
    }
    # an empty ballot withdraws the votes
    assert store.cast_dots(ani.token, ballot.gov.id, {}) == {}
    assert votes_of(store, ani.id) == {(ballot.brand.id, i.festival.id): 2}


def test_budget_is_per_pillar(store, ballot):
    ani, i = ballot.people.ani, ballot.ideas
    store.cast_dots(ani.token, ballot.gov.id, {i.mpp.id: 2, i.lapor.id: 1})
    store.cast_dots(ani.token, ballot.brand.id, {i.festival.id: 2, i.katalog.id: 1})
    assert sum(votes_of(store, ani.id).values()) == 6


def test_no_vote_beyond_budget(store, ballot, refused):
    ani, i = ballot.people.ani, ballot.ideas
    store.cast_dots(ani.token, ballot.gov.id, {i.mpp.id: 1})
    with refused() as err:
        store.cast_dots(ani.token, ballot.gov.id, {i.mpp.id: 2, i.lapor.id: 1, i.satu_data.id: 1})
    assert str(err.value) == "Suara melebihi jatah: 4 dari 3. Kurangi 1 suara."


def test_no_vote_beyond_the_per_idea_cap(store, ballot, refused):
    with refused() as err:
        store.cast_dots(ballot.people.ani.token, ballot.gov.id, {ballot.ideas.mpp.id: 3})
    assert str(err.value) == "Jumlah suara harus antara 0 dan 2."


def test_budget_and_cap_follow_update_stage(store, auth, ballot, refused):
    store.set_phase(auth, ballot.stage.id, "group")
    store.update_stage(auth, ballot.stage.id, budget=5, cap=5)
    store.set_phase(auth, ballot.stage.id, "vote")
    i = ballot.ideas
    assert store.cast_dots(
        ballot.people.ani.token, ballot.gov.id, {i.mpp.id: 4, i.lapor.id: 1}
    ) == {i.mpp.id: 4, i.lapor.id: 1}
    with refused(match="Suara melebihi jatah: 6 dari 5."):
        store.cast_dots(ballot.people.ani.token, ballot.gov.id, {i.mpp.id: 5, i.lapor.id: 1})


def test_no_vote_for_an_idea_off_this_pillars_ballot(store, auth, ws, pillars, ballot, refused):
    i = ballot.ideas
    off = store.add_idea(
        auth, ws.id, pillar_id=ballot.gov.id, kind="usulan", title="Belum", description=""
    )
    for allocation in ({i.festival.id: 1}, {off.id: 1}, {999: 1}):
        with refused(match="Ada usulan yang tidak ada di daftar pilihan pilar ini."):
            store.cast_dots(ballot.people.ani.token, ballot.gov.id, allocation)


@pytest.mark.parametrize("phase", ["collect", "group", "agree"])
def test_no_vote_when_phase_is_not_vote(store, auth, ballot, refused, phase):
    store.cast_dots(ballot.people.ani.token, ballot.gov.id, {ballot.ideas.mpp.id: 1})
    store.set_phase(auth, ballot.stage.id, phase)
    with refused(match="Pemungutan suara sedang ditutup."):
        store.cast_dots(ballot.people.ani.token, ballot.gov.id, {ballot.ideas.mpp.id: 2})
    with refused(match="Pemungutan suara sedang ditutup."):
        store.cast_dots(ballot.people.budi.token, ballot.gov.id, {})


def test_no_vote_while_a_pillars_voting_is_closed(store, auth, ballot, refused):
    store.set_pillar_voting(auth, ballot.stage.id, ballot.gov.id, False)
    with refused(match="Voting untuk pilar ini sudah ditutup."):
        store.cast_dots(ballot.people.ani.token, ballot.gov.id, {ballot.ideas.mpp.id: 1})
    # the other pillar is still open
    store.cast_dots(ballot.people.ani.token, ballot.brand.id, {ballot.ideas.festival.id: 1})
    store.set_pillar_voting(auth, ballot.stage.id, ballot.gov.id, True)
    store.cast_dots(ballot.people.ani.token, ballot.gov.id, {ballot.ideas.mpp.id: 1})
    assert store.table_counts()["votes"] == 2


def test_no_vote_in_a_pillar_without_a_ballot(store, ballot, pillars, refused):
    with refused(match="Voting untuk pilar ini sudah ditutup."):
        store.cast_dots(ballot.people.ani.token, pillars[5].id, {})


def test_no_vote_in_the_wrong_mode(store, auth, ballot, refused):
    with refused(match="Mode voting tahap ini berbeda"):
        store.cast_ratings(ballot.people.ani.token, ballot.gov.id, {ballot.ideas.mpp.id: (4, 4)})


def test_vote_needs_a_known_participant(store, ballot, refused):
    for token in (None, "", "palsu"):
        with refused(AccessDenied, match="Sesi peserta tidak dikenal"):
            store.cast_dots(token, ballot.gov.id, {ballot.ideas.mpp.id: 1})


def test_a_participant_changes_only_their_own_votes(store, ballot):
    i, p = ballot.ideas, ballot.people
    store.cast_dots(p.ani.token, ballot.gov.id, {i.mpp.id: 2, i.lapor.id: 1})
    store.cast_dots(p.budi.token, ballot.gov.id, {i.satu_data.id: 2})
    store.cast_dots(p.budi.token, ballot.gov.id, {})
    assert votes_of(store, p.ani.id) == {
        (ballot.gov.id, i.mpp.id): 2,
        (ballot.gov.id, i.lapor.id): 1,
    }
    assert votes_of(store, p.budi.id) == {}
    assert store.my_dots(p.budi.token, ballot.gov.id) == {}


def test_a_vote_of_another_workshop_does_not_reach_this_one(store, auth, ballot, refused):
    other = store.create_workshop(auth, region="Kota Tegal", year=2023)
    stranger = store.join(other.join_code, name="Eko", group="masyarakat", institution="RT 01")
    with refused(match="Pilar tidak ditemukan."):
        store.cast_dots(stranger.token, ballot.gov.id, {ballot.ideas.mpp.id: 1})


def test_voting_records_attendance(store, auth, ws, ballot):
    store.set_current_stage(auth, ws.id, 2)
    store.set_shortlisted(auth, 2, [ballot.ideas.mpp.id])  # an idea of stage I
    store.set_phase(auth, 2, "vote")
    assert store.attendance(2) == []
    store.cast_dots(ballot.people.budi.token, ballot.gov.id, {ballot.ideas.mpp.id: 1})
    assert [r["name"] for r in store.attendance(2)] == ["Budi Santoso"]


# ----------------------------------------------------------------- ratings


@pytest.fixture
def rating(store, auth, ballot):
    store.update_stage(auth, ballot.stage.id, vote_mode="rating")
    return ballot


def test_cast_ratings(store, rating):
    ani, i = rating.people.ani, rating.ideas
    assert store.cast_ratings(
        ani.token, rating.gov.id, {i.mpp.id: (5, 4), i.lapor.id: [2, "3"]}
    ) == {i.mpp.id: (5, 4), i.lapor.id: (2, 3)}
    assert store.my_ratings(ani.token, rating.gov.id) == {i.mpp.id: (5, 4), i.lapor.id: (2, 3)}
    store.cast_ratings(ani.token, rating.gov.id, {i.satu_data.id: (1, 1)})
    assert store.my_ratings(ani.token, rating.gov.id) == {i.satu_data.id: (1, 1)}
    assert [
        {k: v for k, v in r.items() if k != "updated_at"} for r in store.table_rows("ratings")
    ] == [
        {
            "stage_id": 1,
            "pillar_id": rating.gov.id,
            "idea_id": i.satu_data.id,
            "participant_id": ani.id,
            "impact": 1,
            "feasibility": 1,
        }
    ]


@pytest.mark.parametrize(
    "bad,message",
    [
        ((6, 3), "Nilai dampak harus antara 1 dan 5."),
        ((3, 0), "Nilai kelayakan harus antara 1 dan 5."),
        ((3,), "Penilaian harus berisi dampak dan kelayakan."),
    ],
)
def test_cast_ratings_refuses(store, rating, refused, bad, message):
    with refused() as err:
        store.cast_ratings(rating.people.ani.token, rating.gov.id, {rating.ideas.mpp.id: bad})
    assert str(err.value) == message


def test_ratings_obey_the_same_gates(store, auth, rating, refused):
    i = rating.ideas
    with refused(match="Ada usulan yang tidak ada di daftar pilihan pilar ini."):
        store.cast_ratings(rating.people.ani.token, rating.gov.id, {i.festival.id: (3, 3)})
    with refused(match="Mode voting tahap ini berbeda"):
        store.cast_dots(rating.people.ani.token, rating.gov.id, {i.mpp.id: 1})
    store.set_pillar_voting(auth, rating.stage.id, rating.gov.id, False)
    with refused(match="Voting untuk pilar ini sudah ditutup."):
        store.cast_ratings(rating.people.ani.token, rating.gov.id, {i.mpp.id: (3, 3)})
    store.set_phase(auth, rating.stage.id, "agree")
    with refused(match="Pemungutan suara sedang ditutup."):
        store.cast_ratings(rating.people.ani.token, rating.brand.id, {i.festival.id: (3, 3)})
    with refused(AccessDenied):
        store.cast_ratings("palsu", rating.brand.id, {i.festival.id: (3, 3)})


# ----------------------------------------------------------------- paper tallies


def test_paper_tally(store, auth, ballot):
    store.set_paper_tally(auth, ballot.stage.id, ballot.ideas.mpp.id, 7, " Angkat tangan ")
    assert [
        {k: v for k, v in r.items() if k != "updated_at"} for r in store.table_rows("paper_tallies")
    ] == [{"stage_id": 1, "idea_id": ballot.ideas.mpp.id, "votes": 7, "note": "Angkat tangan"}]
    store.set_paper_tally(auth, ballot.stage.id, ballot.ideas.mpp.id, "4")
    assert [r["votes"] for r in store.table_rows("paper_tallies")] == [4]
    store.set_paper_tally(auth, ballot.stage.id, ballot.ideas.mpp.id, 0)
    assert store.table_rows("paper_tallies") == []


def test_paper_tally_refusals(store, auth, ws, ballot, refused):
    off = store.add_idea(
        auth, ws.id, pillar_id=ballot.gov.id, kind="usulan", title="Belum", description=""
    )
    with refused(match="Usulan tidak ada di daftar pilihan tahap ini."):
        store.set_paper_tally(auth, ballot.stage.id, off.id, 3)
    with refused(match="Jumlah suara manual harus antara 0 dan 100000."):
        store.set_paper_tally(auth, ballot.stage.id, ballot.ideas.mpp.id, -1)
    with refused(match="Catatan terlalu panjang"):
        store.set_paper_tally(auth, ballot.stage.id, ballot.ideas.mpp.id, 3, "x" * 301)
