"""Activities in the store: defaults per stage, open/close (one at a time), answers only
while open and in the current stage, every kind's answer checked, results as plain data."""

from __future__ import annotations

import pytest

from workshop import activities
from workshop.activities import carry, results
from workshop.activities import kinds as k
from workshop.domain import AccessDenied, WorkshopError


@pytest.fixture
def stage1(store, auth, ws):
    stage = store.current_stage(ws.id)
    acts = store.ensure_activities(auth, stage.id)
    return stage, {a.kind: a for a in acts}


def test_defaults_per_stage(store, auth, ws):
    got = {
        s.number: [a.kind for a in store.ensure_activities(auth, s.id)] for s in store.stages(ws.id)
    }
    assert got == {
        1: ["readiness", "swot", "keywords", "ideas"],
        2: ["statements", "longlist", "ideas"],
        3: ["ideas", "usg", "roadmap"],
        4: ["ideas"],
    }
    # a second call adds nothing
    assert len(store.ensure_activities(auth, store.stages(ws.id)[0].id)) == 4


def test_one_activity_open_at_a_time_and_the_phone_screen(store, auth, ws, stage1):
    stage, a = stage1
    state = store.live_state(ws.id)
    assert activities.phone_screen(store, state) == ("collect", stage.id)
    store.set_activity_open(auth, a["readiness"].id, True)
    assert activities.phone_screen(store, state) == ("act", stage.id, a["readiness"].id, 0)
    store.set_activity_open(auth, a["swot"].id, True)
    assert [x.kind for x in store.activities(stage.id) if x.is_open] == ["swot"]
    assert store.shown_activity(ws.id).kind == "swot"
    store.update_activity(auth, a["swot"].id, config={"cap": 2})
    assert activities.phone_screen(store, state) == ("act", stage.id, a["swot"].id, 1)
    store.set_activity_open(auth, a["swot"].id, False)
    assert activities.phone_screen(store, state) == ("collect", stage.id)
    assert store.shown_activity(ws.id).kind == "swot"  # its results stay on the projector
    # opening the ideas loop gives the phones back to its screens
    store.set_activity_open(auth, a["ideas"].id, True)
    assert activities.phone_screen(store, state) == ("collect", stage.id)


def test_only_current_stage_opens(store, auth, ws, refused):
    later = store.stages(ws.id)[1]
    act = store.ensure_activities(auth, later.id)[0]
    with refused(match="tahap yang sedang berjalan"):
        store.set_activity_open(auth, act.id, True)


def test_readiness_answers_and_matrix(store, auth, ws, people, stage1, refused):
    stage, a = stage1
    act = a["readiness"]
    keys = [i["key"] for i in act.config["items"]]
    with refused(match="ditutup"):
        store.submit_answer(people.ani.token, act.id, {"scores": dict.fromkeys(keys, 3)})
    store.set_activity_open(auth, act.id, True)
    with refused(match="setiap butir"):
        store.submit_answer(people.ani.token, act.id, {"scores": {"sdm": 3}})
    with refused():
        store.submit_answer(people.ani.token, act.id, {"scores": dict.fromkeys(keys, 6)})
    store.submit_answer(people.ani.token, act.id, {"scores": dict.fromkeys(keys, 2)})
    store.submit_answer(people.ani.token, act.id, {"scores": dict.fromkeys(keys, 3)})  # replaces
    store.submit_answer(people.citra.token, act.id, {"scores": dict.fromkeys(keys, 5)})
    m = results.readiness_matrix(store, stage.id)
    assert m["respondents"] == 2
    assert m["groups"] == ["opd", "akademisi"]
    assert m["dimensions"] == [
        {"key": "struktur", "label": "Struktur", "mean": 4.0},
        {"key": "infrastruktur", "label": "Infrastruktur", "mean": 4.0},
        {"key": "suprastruktur", "label": "Suprastruktur", "mean": 4.0},
    ]
    assert m["by_group"]["opd"] == dict.fromkeys(keys, 3.0)
    assert m["dimension_by_group"]["akademisi"] == dict.fromkeys(k.DIMENSIONS, 5.0)
    assert m["items"][0] == {**act.config["items"][0], "mean": 4.0, "n": 2}
    assert store.my_answers(people.ani.token, act.id) == {"": {"scores": dict.fromkeys(keys, 3)}}
    # a removed participant leaves the result
    store.remove_participant(auth, store.participant(people.citra.token).id)
    assert results.readiness_matrix(store, stage.id)["respondents"] == 1


def test_swot_cap_moderation_and_matrix(store, auth, ws, pillars, people, stage1, refused):
    stage, a = stage1
    act = store.update_activity(auth, a["swot"].id, config={"cap": 2})
    store.set_activity_open(auth, act.id, True)
    gov = pillars[0].id
    card = {"pillar_id": gov, "quadrant": "S", "text": "ASN muda melek digital"}
    store.submit_answer(people.ani.token, act.id, card)
    store.submit_answer(people.ani.token, act.id, {**card, "quadrant": "T", "text": "Sinyal lemah"})
    with refused(match="Batas kartu"):
        store.submit_answer(people.ani.token, act.id, card)
    with refused():
        store.submit_answer(people.budi.token, act.id, {**card, "quadrant": "X"})
    floor = store.add_floor_card(auth, act.id, gov, "O", "Dana CSR bank daerah")
    m = results.swot_matrix(store, stage.id, gov)
    assert [c["text"] for c in m["S"]] == ["ASN muda melek digital"]
    assert [c["group"] for c in m["O"]] == ["fasilitator"]
    store.moderate_answer(auth, floor, "hidden")
    assert results.swot_matrix(store, stage.id, gov)["O"] == []


def test_keywords_normalised(store, auth, ws, people, stage1):
    stage, a = stage1
    act = a["keywords"]
    store.set_activity_open(auth, act.id, True)
    store.submit_answer(people.ani.token, act.id, {"words": ["Cerdas", "RELIGIUS", "yg inovatip"]})
    store.submit_answer(people.budi.token, act.id, {"words": ["smart", "Religi", "inovasi"]})
    store.submit_answer(people.citra.token, act.id, {"words": ["Kota cerdas!!", "", "sejahtra"]})
    assert results.keyword_counts(store, stage.id) == [
        ("cerdas", 3),
        ("inovatif", 2),
        ("religius", 2),
        ("sejahtera", 1),
    ]


def test_statements_usg_roadmap_longlist(store, auth, ws, pillars, people, refused):
    auth2 = auth
    s2 = store.stages(ws.id)[1]
    store.set_current_stage(auth2, ws.id, 2)
    acts = {x.kind: x for x in store.ensure_activities(auth, s2.id)}
    gov, eco = pillars[0].id, pillars[2].id
    st_act = store.update_activity(
        auth,
        acts["statements"].id,
        config={
            "statements": [
                {"key": "v1", "kind": "visi", "text": "Kota Metro cerdas dan religius"},
                {"key": "v2", "kind": "visi", "text": "Kota Metro sejahtera"},
                {"key": "m1", "kind": "misi", "text": "Layanan publik digital"},
            ],
            "max_approve": 2,
        },
    )
    store.set_activity_open(auth, st_act.id, True)
    store.submit_answer(people.ani.token, st_act.id, {"approve": ["v1", "m1"]})
    store.submit_answer(people.citra.token, st_act.id, {"approve": ["v1"]})
    with refused(match="Paling banyak 2"):
        store.submit_answer(people.budi.token, st_act.id, {"approve": ["v1", "v2", "m1"]})
    sup = results.statement_support(store, s2.id)
    assert [(x["key"], x["approve"], x["share"]) for x in sup] == [
        ("v1", 2, 1.0),
        ("v2", 0, 0.0),
        ("m1", 1, 0.5),
    ]
    assert sup[0]["by_group"] == {"akademisi": 1.0, "opd": 1.0}

    ll = store.update_activity(
        auth,
        acts["longlist"].id,
        config={
            "programmes": [
                {"key": "p1", "name": "Program SPBE", "opd": "Diskominfo", "pillar_id": gov},
                {
                    "key": "p2",
                    "name": "Program UMKM naik kelas",
                    "budget": 1500000000,
                    "pillar_id": eco,
                },
                {"key": "p3", "name": "Program belum dipetakan"},
            ]
        },
    )
    store.set_activity_open(auth, ll.id, True)
    store.submit_answer(people.ani.token, ll.id, {"ratings": {"p1": 5}}, pillar_id=gov)
    with refused(match="tidak dikenal"):
        store.submit_answer(people.ani.token, ll.id, {"ratings": {"p2": 5}}, pillar_id=gov)
    rows = results.longlist(store, s2.id)
    assert [(r["key"], r["mean"], r["ratings"], r["budget"]) for r in rows] == [
        ("p1", 5.0, 1, None),
        ("p2", None, 0, 1500000000),
        ("p3", None, 0, None),
    ]

    s3 = store.stages(ws.id)[2]
    store.set_current_stage(auth, ws.id, 3)
    a3 = {x.kind: x for x in store.ensure_activities(auth, s3.id)}
    usg = store.update_activity(auth, a3["usg"].id, config=carry.prefill(store, a3["usg"]))
    assert [(c["title"], c["source"]) for c in usg.config["candidates"]] == [
        ("Program SPBE", "Long-list"),
        ("Program UMKM naik kelas", "Long-list"),
    ]
    store.set_activity_open(auth, usg.id, True)
    key = usg.config["candidates"][0]["key"]
    with refused(match="setiap kandidat"):
        store.submit_answer(people.ani.token, usg.id, {"scores": {}}, pillar_id=gov)
    store.submit_answer(people.ani.token, usg.id, {"scores": {key: [5, 4, 3]}}, pillar_id=gov)
    store.submit_answer(people.budi.token, usg.id, {"scores": {key: [3, 4, 5]}}, pillar_id=gov)
    ranked = results.usg_ranking(store, s3.id)
    assert [(r["title"], r["u"], r["s"], r["g"], r["total"], r["rank"]) for r in ranked] == [
        ("Program SPBE", 4.0, 4.0, 4.0, 12.0, "1"),
        ("Program UMKM naik kelas", None, None, None, None, "–"),
    ]
    rm = store.update_activity(auth, a3["roadmap"].id, config=carry.prefill(store, a3["roadmap"]))
    assert [i["title"] for i in rm.config["items"]] == [
        "Program SPBE",
        "Program UMKM naik kelas",
    ]
    store.set_activity_open(auth, rm.id, True)
    r1 = rm.config["items"][0]["key"]
    store.submit_answer(people.ani.token, rm.id, {"horizons": {r1: "h2"}}, pillar_id=gov)
    store.submit_answer(people.budi.token, rm.id, {"horizons": {r1: "h5"}}, pillar_id=gov)
    board = results.roadmap(store, s3.id)
    assert [(x["horizon"], x["placed_by"], x["votes"]) for x in board] == [
        ("h2", "peserta", {"h2": 1, "h5": 1, "h10": 0}),
        (None, None, {"h2": 0, "h5": 0, "h10": 0}),
    ]


def test_statements_prefilled_from_keywords(store, auth, ws, people, stage1):
    stage, a = stage1
    store.set_activity_open(auth, a["keywords"].id, True)
    store.submit_answer(people.ani.token, a["keywords"].id, {"words": ["cerdas", "religius"]})
    s2 = store.stages(ws.id)[1]
    st_act = store.ensure_activities(auth, s2.id)[0]
    config = carry.prefill(store, st_act)
    assert config["statements"][0] == {
        "key": "s1",
        "kind": "visi",
        "text": "Terwujudnya Kota Metro yang cerdas, religius",
    }
    assert store.update_activity(auth, st_act.id, config=config).rev == 1


def test_guarded(store, ws, stage1, people):
    _stage, a = stage1
    with pytest.raises(AccessDenied):
        store.set_activity_open("palsu", a["readiness"].id, True)
    with pytest.raises(AccessDenied):
        store.submit_answer("palsu", a["readiness"].id, {"scores": {}})
    with pytest.raises(WorkshopError):
        store.submit_answer(people.ani.token, 99999, {"scores": {}})


def test_remove_refused_with_answers(store, auth, ws, people, stage1, refused):
    _stage, a = stage1
    store.set_activity_open(auth, a["keywords"].id, True)
    store.submit_answer(people.ani.token, a["keywords"].id, {"words": ["cerdas"]})
    with refused(match="sudah berisi jawaban"):
        store.remove_activity(auth, a["keywords"].id)
    store.remove_activity(auth, a["readiness"].id)
    assert [x.kind for x in store.activities(_stage.id)] == ["swot", "keywords", "ideas"]


def test_poll_route_answers_the_activity_screen(store, auth, ws, stage1):
    """The phones' HTTP poll (web.live_answer) and the phone page compare the same token:
    an idle phone on an activity form reruns nothing; opening, editing or closing it
    changes the answer."""
    from workshop import live, web

    stage, a = stage1
    path = f"/api/live/{ws.id}"
    assert web.live_answer(store, path) == (200, {"screen": f"collect:{stage.id}"})
    store.set_activity_open(auth, a["keywords"].id, True)
    state = store.live_state(ws.id)
    token = live.screen_token(activities.phone_screen(store, state))
    assert web.live_answer(store, path) == (200, {"screen": token})
    assert token == f"act:{stage.id}:{a['keywords'].id}:0"
    store.update_activity(auth, a["keywords"].id, config={"max_words": 2})
    assert web.live_answer(store, path)[1]["screen"] == f"act:{stage.id}:{a['keywords'].id}:1"
    store.set_activity_open(auth, a["keywords"].id, False)
    assert web.live_answer(store, path) == (200, {"screen": f"collect:{stage.id}"})


def test_readiness_per_pillar_and_roadmap_placed_by_facilitator(store, auth, ws, pillars, people):
    stage = store.current_stage(ws.id)
    rd = store.add_activity(auth, stage.id, "readiness")
    items = [{"key": "sdm", "dimension": "struktur", "label": "SDM"}]
    rd = store.update_activity(auth, rd.id, config={"items": items, "per_pillar": True})
    store.set_activity_open(auth, rd.id, True)
    with pytest.raises(WorkshopError, match="Pilih pilar"):
        store.submit_answer(people.ani.token, rd.id, {"scores": {"sdm": 4}})
    store.submit_answer(people.ani.token, rd.id, {"scores": {"sdm": 4}}, pillars[0].id)
    store.submit_answer(people.ani.token, rd.id, {"scores": {"sdm": 2}}, pillars[1].id)
    m = results.readiness_matrix(store, stage.id, rd.id)
    assert m["by_pillar"] == {pillars[0].id: {"sdm": 4.0}, pillars[1].id: {"sdm": 2.0}}
    assert m["respondents"] == 1 and m["items"][0]["mean"] == 3.0

    rm = store.add_activity(auth, stage.id, "roadmap")
    rows = [
        {"key": "r1", "title": "MPP digital", "pillar_id": pillars[0].id, "horizon": "h5"},
        {"key": "r2", "title": "Bank sampah", "pillar_id": pillars[5].id},
    ]
    rm = store.update_activity(auth, rm.id, config={"items": rows})
    store.set_activity_open(auth, rm.id, True)
    store.submit_answer(people.ani.token, rm.id, {"horizons": {"r1": "h2"}}, pillars[0].id)
    store.submit_answer(people.budi.token, rm.id, {"horizons": {"r2": "h10"}}, pillars[5].id)
    assert [
        (x["key"], x["horizon"], x["placed_by"]) for x in results.roadmap(store, stage.id, rm.id)
    ] == [
        ("r1", "h5", "fasilitator"),
        ("r2", "h10", "peserta"),
    ]
