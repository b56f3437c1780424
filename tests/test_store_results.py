import pytest

from workshop import domain as d
from workshop.domain import Tally

ZERO = {"hadir": 0, "memilih": 0, "usulan": 0}


@pytest.fixture
def dotted(store, auth, ballot):
    """Dots from all three participants and a paper tally."""
    i, p = ballot.ideas, ballot.people
    store.cast_dots(p.ani.token, ballot.gov.id, {i.mpp.id: 2, i.lapor.id: 1})
    store.cast_dots(p.budi.token, ballot.gov.id, {i.mpp.id: 1, i.satu_data.id: 2})
    store.cast_dots(p.budi.token, ballot.brand.id, {i.festival.id: 1})
    store.cast_dots(p.citra.token, ballot.gov.id, {i.lapor.id: 2})
    store.set_paper_tally(auth, ballot.stage.id, i.satu_data.id, 3, "Angkat tangan")
    return ballot


def test_tallies_dots_and_paper(store, dotted):
    i, gov, brand = dotted.ideas, dotted.gov.id, dotted.brand.id
    assert store.tallies(dotted.stage.id) == [
        Tally(i.satu_data.id, gov, "Satu Data Kota", dots=2, paper=3, voters=1, rank=1),
        Tally(i.mpp.id, gov, "Mal Pelayanan Publik digital", dots=3, voters=2, rank=2),
        Tally(i.lapor.id, gov, "Kanal pengaduan warga terpadu", dots=3, voters=2, rank=2),
        Tally(i.festival.id, brand, "Festival budaya tahunan", dots=1, voters=1, rank=1),
        Tally(i.katalog.id, brand, "Katalog produk unggulan daerah", rank=2),
    ]
    assert store.tallies(dotted.stage.id, brand) == [
        Tally(i.festival.id, brand, "Festival budaya tahunan", dots=1, voters=1, rank=1),
        Tally(i.katalog.id, brand, "Katalog produk unggulan daerah", rank=2),
    ]
    assert [t.total for t in store.tallies(dotted.stage.id, gov)] == [5, 3, 3]


def test_tallies_follow_pillar_order(store, auth, dotted):
    store.move_pillar(auth, dotted.brand.id, -1)
    assert [t.pillar_id for t in store.tallies(dotted.stage.id)] == [
        dotted.brand.id,
        dotted.brand.id,
        dotted.gov.id,
        dotted.gov.id,
        dotted.gov.id,
    ]


def test_tallies_without_votes(store, ballot):
    assert [(t.idea_id, t.total, t.rank) for t in store.tallies(ballot.stage.id)] == [
        (ballot.ideas.satu_data.id, 0, 1),
        (ballot.ideas.mpp.id, 0, 1),
        (ballot.ideas.lapor.id, 0, 1),
        (ballot.ideas.festival.id, 0, 1),
        (ballot.ideas.katalog.id, 0, 1),
    ]
    assert store.tallies(2) == []


def test_tallies_ratings_means_and_quadrant(store, auth, ballot):
    store.update_stage(auth, ballot.stage.id, vote_mode="rating")
    i, p, gov, brand = ballot.ideas, ballot.people, ballot.gov.id, ballot.brand.id
    store.cast_ratings(p.ani.token, gov, {i.mpp.id: (5, 4), i.lapor.id: (2, 2)})
    store.cast_ratings(p.budi.token, gov, {i.mpp.id: (4, 5), i.satu_data.id: (3, 4)})
    store.cast_ratings(p.citra.token, gov, {i.mpp.id: (4, 4)})
    tallies = store.tallies(ballot.stage.id)
    assert tallies == [
        Tally(
            i.mpp.id,
            gov,
            "Mal Pelayanan Publik digital",
            impact=4.33,
            feasibility=4.33,
            ratings=3,
            rank=1,
        ),
        Tally(
            i.satu_data.id, gov, "Satu Data Kota", impact=3.0, feasibility=4.0, ratings=1, rank=2
        ),
        Tally(
            i.lapor.id,
            gov,
            "Kanal pengaduan warga terpadu",
            impact=2.0,
            feasibility=2.0,
            ratings=1,
            rank=3,
        ),
        Tally(i.festival.id, brand, "Festival budaya tahunan", rank=1),
        Tally(i.katalog.id, brand, "Katalog produk unggulan daerah", rank=1),
    ]
    assert [t.quick_win_quadrant for t in tallies] == [True, False, False, False, False]


def test_vote_progress(store, ballot, dotted):
    assert store.vote_progress(dotted.stage.id) == {
        "voters": 3,
        "per_pillar": {dotted.gov.id: 3, dotted.brand.id: 1},
    }
    assert store.vote_progress(2) == {"voters": 0, "per_pillar": {}}


def test_vote_progress_counts_raters_too(store, auth, ballot):
    store.update_stage(auth, ballot.stage.id, vote_mode="rating")
    store.cast_ratings(
        ballot.people.citra.token, ballot.brand.id, {ballot.ideas.katalog.id: (3, 3)}
    )
    assert store.vote_progress(ballot.stage.id) == {"voters": 1, "per_pillar": {ballot.brand.id: 1}}


def test_counts(store, auth, ws, pillars, dotted):
    assert store.counts(dotted.stage.id) == {
        "participants": 3,
        "opd_present": 2,
        "opd_total": 30,
        "ideas_per_pillar": {dotted.gov.id: 3, dotted.brand.id: 2},
        "ideas": 5,
    }
    store.set_idea_hidden(auth, dotted.ideas.katalog.id, True)
    store.add_opd(auth, ws.id, "Kecamatan Metro Pusat")
    assert store.counts(dotted.stage.id) == {
        "participants": 3,
        "opd_present": 2,
        "opd_total": 31,
        "ideas_per_pillar": {dotted.gov.id: 3, dotted.brand.id: 1},
        "ideas": 4,
    }
    assert store.counts(2) == {
        "participants": 0,
        "opd_present": 0,
        "opd_total": 31,
        "ideas_per_pillar": {},
        "ideas": 0,
    }


def test_group_counts(store, auth, ws, opd, dotted):
    kec = store.add_opd(auth, ws.id, "Kecamatan Metro Pusat")
    store.join(ws.join_code, name="Dodi", group="kecamatan", opd_id=kec.id)  # present only
    store.set_idea_hidden(auth, dotted.ideas.katalog.id, True)
    assert store.group_counts(dotted.stage.id) == {
        **{g: ZERO for g in d.GROUPS},
        "opd": {"hadir": 2, "memilih": 2, "usulan": 3},
        "kecamatan": {"hadir": 1, "memilih": 0, "usulan": 0},
        "akademisi": {"hadir": 1, "memilih": 1, "usulan": 1},
    }
    assert list(store.group_counts(dotted.stage.id)) == list(d.GROUPS)
    assert store.group_counts(2) == {g: ZERO for g in d.GROUPS}


def test_results_survive_closing_the_vote(store, auth, dotted):
    before = store.tallies(dotted.stage.id)
    store.set_phase(auth, dotted.stage.id, "agree")
    store.set_reveal(auth, dotted.stage.id, True)
    assert store.tallies(dotted.stage.id) == before
    assert store.vote_progress(dotted.stage.id)["voters"] == 3
