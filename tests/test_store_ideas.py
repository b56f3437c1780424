import time

import pytest

from workshop import domain as d
from workshop.domain import AccessDenied


def without_times(idea: d.Idea) -> dict:
    data = dict(vars(idea))
    data.pop("created_at")
    data.pop("updated_at")
    return data


def test_submit_idea(store, ws, opd, pillars, people):
    before = time.time()
    idea = store.submit_idea(
        people.ani.token,
        pillar_id=pillars[0].id,
        kind="usulan",
        title="  Satu Data Kota ",
        description=" Portal satu data.\r\n",
        subdim="Layanan publik",
        opd_id=opd["Diskominfo"],
    )
    assert without_times(idea) == {
        "id": 1,
        "workshop_id": ws.id,
        "stage_id": 1,
        "pillar_id": pillars[0].id,
        "kind": "usulan",
        "title": "Satu Data Kota",
        "description": "Portal satu data.",
        "subdim": "Layanan publik",
        "opd_id": opd["Diskominfo"],
        "author_id": people.ani.id,
        "status": "shown",
        "merged_into": None,
    }
    assert before <= idea.created_at == idea.updated_at <= time.time()
    assert store.idea(idea.id) == idea
    assert store.ideas(ws.id) == [idea]
    assert store.my_ideas(people.ani.token) == [idea]
    assert store.my_ideas(people.budi.token) == []


def test_submit_idea_defaults_to_the_participants_opd(store, opd, pillars, people):
    a = store.submit_idea(
        people.ani.token, pillar_id=pillars[1].id, kind="potensi", title="Festival budaya"
    )
    c = store.submit_idea(
        people.citra.token, pillar_id=pillars[1].id, kind="masalah", title="Identitas kota lemah"
    )
    assert (a.opd_id, a.subdim, a.description) == (opd["Bappeda"], None, "")
    assert c.opd_id is None


def test_submit_idea_is_idempotent_per_client_key(store, pillars, people):
    first = store.submit_idea(
        people.ani.token,
        pillar_id=pillars[0].id,
        kind="usulan",
        title="Satu Data",
        client_key="k-1",
    )
    # a retry after a dropped connection, even if the text was edited meanwhile
    again = store.submit_idea(
        people.ani.token,
        pillar_id=pillars[0].id,
        kind="usulan",
        title="Satu Data Kota",
        client_key="k-1",
    )
    assert again == first
    # the same key from another participant is a different idea
    other = store.submit_idea(
        people.budi.token,
        pillar_id=pillars[0].id,
        kind="usulan",
        title="Satu Data",
        client_key="k-1",
    )
    assert other.id != first.id
    assert store.table_counts()["ideas"] == 2


def test_submit_identical_text_twice_returns_the_first_idea(store, pillars, people):
    first = store.submit_idea(
        people.ani.token,
        pillar_id=pillars[0].id,
        kind="usulan",
        title="Satu Data",
        description="Portal",
    )
    again = store.submit_idea(
        people.ani.token,
        pillar_id=pillars[0].id,
        kind="usulan",
        title=" Satu Data ",
        description="Portal ",
    )
    assert again == first
    # other text, pillar or author: new ideas
    store.submit_idea(
        people.ani.token,
        pillar_id=pillars[0].id,
        kind="usulan",
        title="Satu Data",
        description="Portal data",
    )
    store.submit_idea(
        people.ani.token,
        pillar_id=pillars[1].id,
        kind="usulan",
        title="Satu Data",
        description="Portal",
    )
    store.submit_idea(
        people.budi.token,
        pillar_id=pillars[0].id,
        kind="usulan",
        title="Satu Data",
        description="Portal",
    )
    assert store.table_counts()["ideas"] == 4


@pytest.mark.parametrize("phase", ["group", "vote", "agree"])
def test_no_idea_while_collection_is_closed(store, auth, pillars, people, refused, phase):
    store.set_phase(auth, 1, phase)
    with refused(match="Pengumpulan usulan sedang ditutup."):
        store.submit_idea(
            people.ani.token, pillar_id=pillars[0].id, kind="usulan", title="Satu Data"
        )


def test_collection_follows_the_current_stage(store, auth, ws, pillars, people):
    store.set_phase(auth, 1, "agree")
    store.set_current_stage(auth, ws.id, 2)  # stage II is still collecting
    idea = store.submit_idea(
        people.ani.token, pillar_id=pillars[0].id, kind="usulan", title="Visi kota cerdas"
    )
    assert idea.stage_id == 2


def test_submit_idea_refuses_subdim_of_another_pillar(store, pillars, people, refused):
    with refused(match="Subdimensi 'Pariwisata' tidak ada di pilar Smart Governance."):
        store.submit_idea(
            people.ani.token,
            pillar_id=pillars[0].id,
            kind="usulan",
            title="Wisata digital",
            subdim="Pariwisata",
        )


def test_submit_idea_needs_a_known_participant(store, pillars, people, refused):
    with refused(AccessDenied, match="Sesi peserta tidak dikenal"):
        store.submit_idea("palsu", pillar_id=pillars[0].id, kind="usulan", title="Satu Data")


# ----------------------------------------------------------------- own ideas


@pytest.fixture
def ani_idea(store, pillars, people):
    return store.submit_idea(
        people.ani.token,
        pillar_id=pillars[0].id,
        kind="usulan",
        title="Satu Data",
        subdim="Layanan publik",
    )


def test_edit_own_idea(store, opd, pillars, people, ani_idea):
    idea = store.edit_own_idea(
        people.ani.token,
        ani_idea.id,
        title="Satu Data Kota",
        description="Walidata di Diskominfo",
        kind="potensi",
        opd_id=opd["Diskominfo"],
    )
    assert without_times(idea) == {
        **without_times(ani_idea),
        "title": "Satu Data Kota",
        "description": "Walidata di Diskominfo",
        "kind": "potensi",
        "opd_id": opd["Diskominfo"],
    }
    assert idea.updated_at >= ani_idea.updated_at
    assert idea.created_at == ani_idea.created_at


def test_edit_own_idea_move_pillar(store, pillars, people, ani_idea):
    idea = store.edit_own_idea(
        people.ani.token, ani_idea.id, pillar_id=pillars[1].id, subdim="Bisnis"
    )
    assert (idea.pillar_id, idea.subdim) == (pillars[1].id, "Bisnis")


def test_participant_edits_only_own_ideas(store, auth, ws, pillars, people, ani_idea, refused):
    with refused(AccessDenied, match="Anda hanya boleh mengubah usulan Anda sendiri."):
        store.edit_own_idea(people.budi.token, ani_idea.id, title="Diubah Budi")
    with refused(AccessDenied, match="Anda hanya boleh menghapus usulan Anda sendiri."):
        store.delete_own_idea(people.budi.token, ani_idea.id)
    floor = store.add_idea(
        auth, ws.id, pillar_id=pillars[0].id, kind="usulan", title="Dari forum", description=""
    )
    with refused(AccessDenied, match="Anda hanya boleh mengubah usulan Anda sendiri."):
        store.edit_own_idea(people.ani.token, floor.id, title="Diubah Ani")
    with refused(AccessDenied, match="Sesi peserta tidak dikenal"):
        store.edit_own_idea(None, ani_idea.id, title="Tanpa sesi")


def test_edit_own_idea_only_while_collecting(store, auth, people, ani_idea, refused):
    store.set_phase(auth, 1, "group")
    with refused(match="Pengumpulan usulan sedang ditutup."):
        store.edit_own_idea(people.ani.token, ani_idea.id, title="Terlambat")
    with refused(match="Pengumpulan usulan sedang ditutup."):
        store.delete_own_idea(people.ani.token, ani_idea.id)


def test_edit_own_idea_not_from_an_earlier_stage(store, auth, ws, people, ani_idea, refused):
    store.set_current_stage(auth, ws.id, 2)
    with refused(match="Usulan dari tahap sebelumnya tidak bisa diubah."):
        store.edit_own_idea(people.ani.token, ani_idea.id, title="Terlambat")
    with refused(match="Usulan ini tidak bisa dihapus lagi."):
        store.delete_own_idea(people.ani.token, ani_idea.id)


def test_edit_own_idea_not_once_processed(store, auth, people, ani_idea, refused):
    store.set_idea_hidden(auth, ani_idea.id, True)
    with refused(match="Usulan ini sudah diproses fasilitator dan tidak bisa diubah."):
        store.edit_own_idea(people.ani.token, ani_idea.id, title="Lagi")


def test_delete_own_idea_hides_it(store, ws, people, ani_idea):
    store.delete_own_idea(people.ani.token, ani_idea.id)
    assert store.idea(ani_idea.id).status == "hidden"
    assert store.ideas(ws.id) == []
    assert store.my_ideas(people.ani.token) == []
    assert store.table_counts()["ideas"] == 1  # kept for the record


def test_delete_own_idea_refused_once_shortlisted(store, auth, people, ani_idea, refused):
    store.set_shortlisted(auth, 1, [ani_idea.id])
    with refused(match="Usulan ini sudah diproses fasilitator."):
        store.delete_own_idea(people.ani.token, ani_idea.id)


def test_delete_own_idea_refused_once_others_merged_into_it(
    store, auth, pillars, people, ani_idea, refused
):
    dup = store.submit_idea(
        people.budi.token, pillar_id=pillars[0].id, kind="usulan", title="Satu data"
    )
    store.merge_ideas(auth, ani_idea.id, [dup.id])
    with refused(match="Usulan ini sudah diproses fasilitator."):
        store.delete_own_idea(people.ani.token, ani_idea.id)


# ----------------------------------------------------------------- facilitator


def test_add_idea_from_the_floor_in_any_phase(store, auth, ws, opd, pillars):
    store.set_phase(auth, 1, "vote")
    idea = store.add_idea(
        auth,
        ws.id,
        pillar_id=pillars[3].id,
        kind="usulan",
        title="Ambulans 112",
        description="Satu nomor darurat",
        subdim="Kesehatan",
        opd_id=opd["BPBD"],
    )
    assert without_times(idea) == {
        "id": 1,
        "workshop_id": ws.id,
        "stage_id": 1,
        "pillar_id": pillars[3].id,
        "kind": "usulan",
        "title": "Ambulans 112",
        "description": "Satu nomor darurat",
        "subdim": "Kesehatan",
        "opd_id": opd["BPBD"],
        "author_id": None,
        "status": "shown",
        "merged_into": None,
    }
    later = store.add_idea(
        auth,
        ws.id,
        stage_id=3,
        pillar_id=pillars[3].id,
        kind="masalah",
        title="Antrean panjang",
        description="",
    )
    assert later.stage_id == 3


def test_add_idea_refuses_stage_of_another_workshop(store, auth, ws, pillars, refused):
    other = store.create_workshop(auth, region="Kota Tegal", year=2023)
    foreign_stage = store.stages(other.id)[0].id
    with refused(match="Tahap tidak ditemukan."):
        store.add_idea(
            auth,
            ws.id,
            stage_id=foreign_stage,
            pillar_id=pillars[0].id,
            kind="usulan",
            title="X",
            description="",
        )


def test_moderate_idea(store, auth, pillars, people, ani_idea):
    idea = store.moderate_idea(
        auth, ani_idea.id, title="Satu Data Indonesia tingkat kota", kind="usulan"
    )
    assert idea.title == "Satu Data Indonesia tingkat kota"
    assert idea.author_id == people.ani.id
    # moving to another pillar drops the subdimension unless one is given
    moved = store.moderate_idea(auth, ani_idea.id, pillar_id=pillars[4].id)
    assert (moved.pillar_id, moved.subdim) == (pillars[4].id, None)
    moved = store.moderate_idea(auth, ani_idea.id, pillar_id=pillars[1].id, subdim="Bisnis")
    assert (moved.pillar_id, moved.subdim) == (pillars[1].id, "Bisnis")


def test_moderate_idea_cannot_move_a_voted_idea(store, auth, ballot, refused):
    store.cast_dots(ballot.people.budi.token, ballot.gov.id, {ballot.ideas.mpp.id: 1})
    with refused(match="Usulan yang sudah dipilih tidak bisa dipindah pilar."):
        store.moderate_idea(auth, ballot.ideas.mpp.id, pillar_id=ballot.brand.id)
    assert store.moderate_idea(auth, ballot.ideas.mpp.id, title="MPP").title == "MPP"


def test_hide_and_show_idea(store, auth, ws, people, ani_idea):
    store.set_shortlisted(auth, 1, [ani_idea.id])
    assert store.set_idea_hidden(auth, ani_idea.id, True).status == "hidden"
    assert store.shortlist(1) == []  # no votes yet: it leaves the ballot
    assert store.ideas(ws.id) == []
    assert store.ideas(ws.id, statuses=("hidden",)) == [store.idea(ani_idea.id)]
    assert store.set_idea_hidden(auth, ani_idea.id, False).status == "shown"


def test_hiding_a_voted_idea_keeps_its_ballot(store, auth, ballot):
    store.cast_dots(ballot.people.budi.token, ballot.gov.id, {ballot.ideas.mpp.id: 2})
    store.set_idea_hidden(auth, ballot.ideas.mpp.id, True)
    assert ballot.ideas.mpp.id in [i.id for i in store.shortlist(ballot.stage.id)]


# ----------------------------------------------------------------- merging


def test_merged_ideas_keep_the_originals(store, auth, ws, pillars, people, ani_idea):
    dup1 = store.submit_idea(
        people.budi.token,
        pillar_id=pillars[0].id,
        kind="usulan",
        title="satu data (usulan kelompok)",
    )
    dup2 = store.submit_idea(
        people.citra.token, pillar_id=pillars[0].id, kind="usulan", title="Data terpadu"
    )
    target = store.merge_ideas(auth, ani_idea.id, [dup1.id, dup2.id])
    assert target == store.idea(ani_idea.id)
    assert target.status == "shown"
    merged = store.merged_into(ani_idea.id)
    assert [without_times(i) for i in merged] == [
        {**without_times(dup1), "status": "merged", "merged_into": ani_idea.id},
        {**without_times(dup2), "status": "merged", "merged_into": ani_idea.id},
    ]
    assert store.ideas(ws.id) == [target]
    assert store.table_counts()["ideas"] == 3
    # an original can be split off again
    back = store.unmerge_idea(auth, dup2.id)
    assert without_times(back) == without_times(dup2)
    assert [i.id for i in store.merged_into(ani_idea.id)] == [dup1.id]


def test_merging_a_target_moves_its_merged_ideas_along(store, auth, pillars, people, ani_idea):
    b = store.submit_idea(people.budi.token, pillar_id=pillars[0].id, kind="usulan", title="B")
    c = store.submit_idea(people.citra.token, pillar_id=pillars[0].id, kind="usulan", title="C")
    store.merge_ideas(auth, b.id, [c.id])
    store.merge_ideas(auth, ani_idea.id, [b.id])
    assert [(i.id, i.merged_into) for i in store.merged_into(ani_idea.id)] == [
        (b.id, ani_idea.id),
        (c.id, ani_idea.id),
    ]


def test_merging_takes_the_original_off_the_ballot(store, auth, pillars, people, ani_idea):
    dup = store.submit_idea(
        people.budi.token, pillar_id=pillars[0].id, kind="usulan", title="Satu data"
    )
    store.set_shortlisted(auth, 1, [ani_idea.id, dup.id])
    store.merge_ideas(auth, ani_idea.id, [dup.id])
    assert [i.id for i in store.shortlist(1)] == [ani_idea.id]


def test_merge_refusals(store, auth, pillars, people, ani_idea, refused):
    other = store.submit_idea(
        people.budi.token, pillar_id=pillars[0].id, kind="usulan", title="Lain"
    )
    with refused(match="Pilih usulan yang akan digabung."):
        store.merge_ideas(auth, ani_idea.id, [])
    with refused(match="Usulan tidak bisa digabung dengan dirinya sendiri."):
        store.merge_ideas(auth, ani_idea.id, [ani_idea.id])
    with refused(match="Usulan tidak ditemukan."):
        store.merge_ideas(auth, ani_idea.id, [999])
    store.merge_ideas(auth, ani_idea.id, [other.id])
    with refused(match="Usulan tujuan harus usulan yang tampil."):
        store.merge_ideas(auth, other.id, [ani_idea.id])
    with refused(match="Usulan ini sudah digabung; pisahkan dulu."):
        store.set_idea_hidden(auth, other.id, True)
    with refused(match="Usulan ini tidak sedang digabung."):
        store.unmerge_idea(auth, ani_idea.id)


def test_merge_refuses_ideas_of_another_workshop(store, auth, ani_idea, refused):
    other = store.create_workshop(auth, region="Kota Tegal", year=2023)
    foreign = store.add_idea(
        auth,
        other.id,
        pillar_id=store.pillars(other.id)[0].id,
        kind="usulan",
        title="Tegal",
        description="",
    )
    with refused(match="Usulan dari kegiatan lain tidak bisa digabung."):
        store.merge_ideas(auth, ani_idea.id, [foreign.id])


def test_merge_refuses_a_voted_idea(store, auth, ballot, refused):
    store.cast_dots(ballot.people.budi.token, ballot.gov.id, {ballot.ideas.lapor.id: 1})
    with refused(
        match="Usulan 'Kanal pengaduan warga terpadu' sudah mendapat suara; tidak bisa digabung."
    ):
        store.merge_ideas(auth, ballot.ideas.mpp.id, [ballot.ideas.lapor.id])


# ----------------------------------------------------------------- listing


def test_ideas_filters(store, auth, ws, pillars, people):
    a = store.submit_idea(people.ani.token, pillar_id=pillars[0].id, kind="usulan", title="A")
    b = store.submit_idea(people.ani.token, pillar_id=pillars[1].id, kind="usulan", title="B")
    store.set_current_stage(auth, ws.id, 2)
    c = store.submit_idea(people.budi.token, pillar_id=pillars[0].id, kind="usulan", title="C")
    store.set_idea_hidden(auth, b.id, True)
    assert store.ideas(ws.id) == [a, c]
    assert store.ideas(ws.id, stage_id=1) == [a]
    assert store.ideas(ws.id, pillar_id=pillars[0].id) == [a, c]
    assert [i.id for i in store.ideas(ws.id, statuses=d.STATUSES)] == [a.id, b.id, c.id]
    assert store.ideas(ws.id, since_id=a.id) == [c]
    assert store.ideas(ws.id, stage_id=4) == []


def test_similar_ideas(store, ws, pillars, people):
    a = store.submit_idea(
        people.ani.token, pillar_id=pillars[5].id, kind="usulan", title="Bank sampah digital"
    )
    store.submit_idea(
        people.ani.token,
        pillar_id=pillars[5].id,
        kind="usulan",
        title="Penerangan jalan tenaga surya",
    )
    b = store.submit_idea(
        people.budi.token,
        pillar_id=pillars[2].id,
        kind="usulan",
        title="Bank Sampah Digital Kelurahan",
    )
    found = store.similar_ideas(ws.id, "bank sampah digital")
    assert [(i.id, round(s, 2)) for i, s in found] == [(a.id, 1.0), (b.id, 0.79)]
    assert [
        i.id for i, _ in store.similar_ideas(ws.id, "Bank sampah digital", pillar_id=pillars[2].id)
    ] == [b.id]
    assert store.similar_ideas(ws.id, "   ") == []
    assert store.similar_ideas(ws.id, None) == []


# ----------------------------------------------------------------- bulk moderation (console)


def _audit(store, action):
    return [r["detail"] for r in store.table_rows("audit") if r["action"] == action]


def test_set_ideas_hidden_hides_and_shows_them_all_in_one_transaction(store, auth, ballot):
    i = ballot.ideas
    store.cast_dots(ballot.people.budi.token, ballot.gov.id, {i.mpp.id: 1})
    version = store.workshop(ballot.stage.workshop_id).version
    hidden = store.set_ideas_hidden(auth, [i.lapor.id, i.mpp.id, i.festival.id, i.mpp.id], True)
    assert [(x.id, x.status) for x in hidden] == [
        (i.mpp.id, "hidden"),
        (i.lapor.id, "hidden"),
        (i.festival.id, "hidden"),
    ]
    assert hidden == [store.idea(x.id) for x in hidden]
    assert store.workshop(ballot.stage.workshop_id).version == version + 1  # one commit
    assert _audit(store, "hide_ideas") == [
        f'{{"ideas": [{i.mpp.id}, {i.lapor.id}, {i.festival.id}]}}'
    ]
    # off the ballot unless voted
    assert [x.id for x in store.shortlist(ballot.stage.id)] == [
        i.satu_data.id,
        i.mpp.id,
        i.katalog.id,
    ]
    shown = store.set_ideas_hidden(auth, [i.lapor.id, i.festival.id], False)
    assert [(x.id, x.status) for x in shown] == [(i.lapor.id, "shown"), (i.festival.id, "shown")]
    assert [x.id for x in store.ideas(ballot.stage.workshop_id, statuses=("hidden",))] == [i.mpp.id]


def test_set_ideas_hidden_refused_changes_nothing(store, auth, ws, ballot, refused):
    i = ballot.ideas
    store.merge_ideas(auth, i.satu_data.id, [i.mpp.id])
    with refused(match="Usulan 'Mal Pelayanan Publik digital' sudah digabung; pisahkan dulu."):
        store.set_ideas_hidden(auth, [i.lapor.id, i.mpp.id], True)  # lapor stays shown too
    with refused(match="Pilih minimal satu usulan."):
        store.set_ideas_hidden(auth, [], True)
    with refused(match="Usulan tidak ditemukan."):
        store.set_ideas_hidden(auth, [i.lapor.id, 999], True)
    with refused(match="harus berupa daftar"):
        store.set_ideas_hidden(auth, i.lapor.id, True)
    other = store.create_workshop(auth, region="Kota Lain", year=2024)
    p = store.join(other.join_code, name="Dewi", group="opd", opd_id=store.opds(other.id)[0].id)
    far = store.submit_idea(
        p.token, pillar_id=store.pillars(other.id)[0].id, kind="usulan", title="Lain"
    )
    with refused(match="Usulan harus dari satu kegiatan."):
        store.set_ideas_hidden(auth, [i.lapor.id, far.id], True)
    with refused(AccessDenied):
        store.set_ideas_hidden(ballot.people.ani.token, [i.lapor.id], True)


def test_move_ideas_moves_them_all_and_clears_the_subdimension(store, auth, ws, pillars, people):
    a = store.submit_idea(
        people.ani.token,
        pillar_id=pillars[0].id,
        kind="usulan",
        title="Satu Data Kota",
        subdim="Layanan publik",
    )
    b = store.submit_idea(
        people.budi.token, pillar_id=pillars[1].id, kind="usulan", title="Festival"
    )
    c = store.submit_idea(people.citra.token, pillar_id=pillars[2].id, kind="usulan", title="Taman")
    version = store.workshop(ws.id).version
    moved = store.move_ideas(auth, [a.id, b.id, c.id], pillars[2].id)
    assert [without_times(x) for x in moved] == [
        {**without_times(a), "pillar_id": pillars[2].id, "subdim": None},
        {**without_times(b), "pillar_id": pillars[2].id},
        without_times(c),  # already there: unchanged
    ]
    assert moved[2] == c
    assert store.workshop(ws.id).version == version + 1
    assert store.ideas(ws.id) == moved


def test_move_ideas_refused_when_one_has_votes_moves_none(store, auth, ballot, refused):
    i = ballot.ideas
    store.cast_dots(ballot.people.budi.token, ballot.gov.id, {i.lapor.id: 1})
    with refused(match="Usulan 'Kanal pengaduan warga terpadu' sudah dipilih; tidak bisa dipindah"):
        store.move_ideas(auth, [i.satu_data.id, i.lapor.id], ballot.brand.id)
    with refused(match="Pilar tidak ditemukan."):
        store.move_ideas(auth, [i.satu_data.id], 999)
    with refused(AccessDenied):
        store.move_ideas(None, [i.satu_data.id], ballot.brand.id)
    # a voted idea already in the pillar is not moved, so it is no reason to refuse
    moved = store.move_ideas(auth, [i.satu_data.id, i.lapor.id], ballot.gov.id)
    assert [x.pillar_id for x in moved] == [ballot.gov.id, ballot.gov.id]


def test_bulk_shortlist_is_all_or_nothing(store, auth, ws, ballot, refused):
    i = ballot.ideas
    store.set_shortlisted(auth, ballot.stage.id, [i.satu_data.id, i.mpp.id], False)
    store.set_idea_hidden(auth, i.mpp.id, True)
    with refused(match="Hanya usulan yang tampil yang bisa masuk daftar pilihan."):
        store.set_shortlisted(auth, ballot.stage.id, [i.satu_data.id, i.mpp.id])
    assert [x.id for x in store.shortlist(ballot.stage.id)] == [
        i.lapor.id,
        i.festival.id,
        i.katalog.id,
    ]
