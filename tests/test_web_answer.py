"""workshop/web.py: the activity forms drawn by the phone. GET /api/room names an open
activity with exactly the public part of its set-up each form draws (the same for every
phone, no answers, nothing personal); POST /api/mine {"token", "activity"} gives this
participant's stored answers; POST /api/answer stores one answer through the core
(store.submit_answer) or answers its refusal."""

from __future__ import annotations

import json
import sqlite3

import pytest

from tests.test_web_room import call, post, routes
from workshop import health


@pytest.fixture(autouse=True)
def fresh_health():
    health.reset()
    yield
    health.reset()


def opened(store, auth, ws, kind, config=None, title=None):
    """An activity of `kind` in the current stage, set up with `config`, open on phones."""
    stage = store.current_stage(ws.id)
    act = store.add_activity(auth, stage.id, kind, title)
    if config is not None:
        act = store.update_activity(auth, act.id, config=config)
    store.set_activity_open(auth, act.id, True)
    return store.activity(act.id)


def room_activity(store, ws):
    status, _h, body = call(routes(store), "GET", f"/api/room/{ws.id}")
    assert status == 200
    return body


def member(store, ws, name="Budi"):
    return store.join(ws.join_code, name=name, group="opd", opd_id=store.opds(ws.id)[0].id)


def brief(p):
    return {"id": p.id, "name": p.name, "short": p.short}


def test_room_answer_of_each_kind_has_exactly_the_public_fields(store, auth, ws):
    pillars = store.pillars(ws.id)
    p1, p2 = pillars[0], pillars[1]
    budi = member(store, ws)
    expected_rest = {
        "readiness": (
            {
                "items": [
                    {"key": "sdm", "dimension": "struktur", "label": "SDM <b>TIK</b>"},
                    {"key": "net", "dimension": "infrastruktur", "label": "Jaringan"},
                ],
                "per_pillar": True,
            },
            {
                "items": [
                    {"key": "sdm", "dimension": "struktur", "label": "SDM <b>TIK</b>"},
                    {"key": "net", "dimension": "infrastruktur", "label": "Jaringan"},
                ],
                "per_pillar": True,
                "pillars": [brief(p) for p in pillars],
            },
        ),
        "swot": ({"cap": 2}, {"cap": 2, "pillars": [brief(p) for p in pillars]}),
        "keywords": ({"max_words": 2}, {"max_words": 2}),
        "statements": (
            {
                "statements": [
                    {"key": "v1", "kind": "visi", "text": "Kota cerdas"},
                    {"key": "m1", "kind": "misi", "text": "Layanan cepat"},
                ],
                "max_approve": 1,
            },
            {
                "statements": [
                    {"key": "v1", "kind": "visi", "text": "Kota cerdas"},
                    {"key": "m1", "kind": "misi", "text": "Layanan cepat"},
                ],
                "max_approve": 1,
            },
        ),
        "longlist": (
            {
                "programmes": [
                    {
                        "key": "p1",
                        "name": "Program Aplikasi",
                        "opd": "Diskominfo",
                        "indicator": "Layanan daring",
                        "budget": 1_200_000_000,
                        "pillar_id": p2.id,
                    },
                    {"key": "p2", "name": "Tanpa pilar", "budget": 5},
                ]
            },
            {
                "pillars": [
                    dict(
                        brief(p2),
                        rows=[
                            {
                                "key": "p1",
                                "name": "Program Aplikasi",
                                "opd": "Diskominfo",
                                "indicator": "Layanan daring",
                            }
                        ],
                    )
                ]
            },
        ),
        "usg": (
            {"candidates": [{"key": "c1", "title": "Antrean RSUD", "pillar_id": p1.id}]},
            {
                "pillars": [
                    dict(brief(p1), rows=[{"key": "c1", "title": "Antrean RSUD", "source": ""}])
                ]
            },
        ),
        "roadmap": (
            {
                "items": [
                    {
                        "key": "r1",
                        "title": "Satu data",
                        "pillar_id": p2.id,
                        "source": "USG",
                        "horizon": "h5",
                    }
                ]
            },
            {
                "pillars": [
                    dict(brief(p2), rows=[{"key": "r1", "title": "Satu data", "source": "USG"}])
                ]
            },
        ),
    }
    stage = store.current_stage(ws.id)
    for kind, (config, rest) in expected_rest.items():
        act = opened(store, auth, ws, kind, config, title=f"Judul {kind}")
        body = room_activity(store, ws)
        assert body == {
            "screen": f"act:{stage.id}:{act.id}:{act.rev}",
            "kind": "act",
            "phase": store.live_state(ws.id)["phase"],
            "stage_id": stage.id,
            "pillars": [],
            "activity": {"id": act.id, "kind": kind, "title": f"Judul {kind}", "rev": act.rev}
            | rest,
        }, kind
        # the same for every phone: nobody's token, name or answer in it
        text = json.dumps(body)
        assert budi.token not in text and "Budi" not in text
    # an answer stored does not change the public answer
    store.submit_answer(budi.token, act.id, {"horizons": {"r1": "h2"}}, p2.id)
    assert room_activity(store, ws)["activity"]["pillars"][0]["rows"] == [
        {"key": "r1", "title": "Satu data", "source": "USG"}
    ]


def test_mine_gives_my_own_answers_to_the_activity(store, auth, ws):
    act = opened(store, auth, ws, "keywords")
    budi, sari = member(store, ws), member(store, ws, "Sari")
    store.submit_answer(budi.token, act.id, {"words": ["Cerdas", "maju"]})
    store.submit_answer(sari.token, act.id, {"words": ["religius"]})
    assert post(store, "/api/mine", {"token": budi.token, "activity": act.id}) == (
        200,
        {"answers": {"": {"words": ["Cerdas", "maju"]}}},
    )
    fresh = member(store, ws, "Rina")
    assert post(store, "/api/mine", {"token": fresh.token, "activity": act.id}) == (
        200,
        {"answers": {}},
    )
    store.remove_participant(auth, budi.id)
    assert post(store, "/api/mine", {"token": budi.token, "activity": act.id}) == (
        403,
        {
            "gone": True,
            "error": "Sesi ponsel ini sudah berakhir (misalnya dihapus oleh fasilitator). "
            "Silakan bergabung lagi.",
        },
    )
    for bad in (
        {"token": sari.token, "activity": "1"},
        {"token": sari.token, "activity": True},
        {"activity": act.id},
    ):
        assert post(store, "/api/mine", bad) == (
            400,
            {"error": "Format jawaban tidak valid."},
        ), bad
    assert post(store, "/api/mine", {"token": sari.token, "activity": 987654}) == (
        400,
        {"error": "Aktivitas tidak ditemukan."},
    )
    # the ballots' form of the request is unchanged
    assert post(store, "/api/mine", {"token": sari.token, "pillars": [], "mode": "dots"}) == (
        200,
        {"dots": {}, "ratings": {}},
    )


def test_answer_is_stored_through_the_core(store, auth, ws):
    pillar = store.pillars(ws.id)[0]
    act = opened(
        store,
        auth,
        ws,
        "usg",
        {"candidates": [{"key": "c1", "title": "Antrean RSUD", "pillar_id": pillar.id}]},
    )
    budi = member(store, ws)
    sent = {
        "token": budi.token,
        "activity_id": act.id,
        "pillar_id": pillar.id,
        "value": {"scores": {"c1": [5, 4, 3]}},
    }
    assert post(store, "/api/answer", sent) == (
        200,
        {
            "saved": {"scores": {"c1": [5, 4, 3]}},
            "answers": {str(pillar.id): {"scores": {"c1": [5, 4, 3]}}},
        },
    )
    assert store.my_answers(budi.token, act.id) == {str(pillar.id): {"scores": {"c1": [5, 4, 3]}}}
    # the core's rules, its message (in the phone's language); nothing changes
    missing = dict(sent, value={"scores": {}})
    assert post(store, "/api/answer", missing) == (
        400,
        {"error": "Isi nilai U, S dan G untuk setiap kandidat."},
    )
    assert post(store, "/api/answer", missing, lang="en") == (
        400,
        {"error": "Score U, S and G for every candidate."},
    )
    no_pillar = dict(sent, pillar_id=None)
    assert post(store, "/api/answer", no_pillar) == (400, {"error": "Pilih pilar terlebih dahulu."})
    store.set_activity_open(auth, act.id, False)
    closed = dict(sent, value={"scores": {"c1": [1, 1, 1]}})
    assert post(store, "/api/answer", closed) == (400, {"error": "Aktivitas ini sedang ditutup."})
    assert post(store, "/api/answer", closed, lang="en") == (
        400,
        {"error": "This activity is closed."},
    )
    assert store.my_answers(budi.token, act.id) == {str(pillar.id): {"scores": {"c1": [5, 4, 3]}}}


def test_answer_refusals_shape_removed_cap_size_and_method(store, auth, ws):
    pillar = store.pillars(ws.id)[0]
    act = opened(store, auth, ws, "swot", {"cap": 2})
    budi = member(store, ws)
    card = {
        "token": budi.token,
        "activity_id": act.id,
        "pillar_id": None,
        "value": {"pillar_id": pillar.id, "quadrant": "W", "text": "Data belum terpadu"},
    }
    first = {"pillar_id": pillar.id, "quadrant": "W", "text": "Data belum terpadu"}
    assert post(store, "/api/answer", card) == (
        200,
        {"saved": first, "answers": {"swot:1": first}},
    )
    second = dict(card, value=dict(card["value"], quadrant="S", text="ASN muda"))
    status, body = post(store, "/api/answer", second)
    assert (status, list(body["answers"])) == (200, ["swot:1", "swot:2"])
    # the cap: refused with the core's message, nothing added
    assert post(store, "/api/answer", card) == (
        400,
        {"error": "Batas kartu SWOT sudah tercapai: paling banyak 2 kartu untuk setiap peserta."},
    )
    assert len(store.my_answers(budi.token, act.id)) == 2
    # a wrong shape: 400 before the core is asked
    for bad in (
        dict(card, value="teks"),
        dict(card, activity_id=str(act.id)),
        dict(card, activity_id=True),
        dict(card, pillar_id="1"),
        dict(card, token=None),
        {"token": budi.token, "activity_id": act.id},
    ):
        assert post(store, "/api/answer", bad) == (
            400,
            {"error": "Format jawaban tidak valid."},
        ), bad
    assert post(store, "/api/answer", dict(card, value="x"), lang="en") == (
        400,
        {"error": "The answer is not in a valid format."},
    )
    status, _h, body = call(routes(store), "POST", "/api/answer", b"[1, 2")
    assert (status, body) == (400, {"error": "Format jawaban tidak valid."})
    # a removed participant: gone (the page shows the join form)
    store.remove_participant(auth, budi.id)
    status, body = post(store, "/api/answer", card)
    assert (status, body["gone"]) == (403, True)
    # an over-long body: 413, connection closed
    huge = json.dumps(dict(card, value={"text": "x" * 20_000})).encode()
    status, headers, body = call(routes(store), "POST", "/api/answer", huge)
    assert (status, headers["connection"], body) == (
        413,
        "close",
        {"error": "Suara terlalu besar untuk dikirim."},
    )
    # GET: 405, POST only
    status, headers, body = call(routes(store), "GET", "/api/answer")
    assert (status, headers["allow"], body) == (405, "POST", {"error": "POST only"})
    assert health.current() is None  # refusals are not storage failures


def test_locked_database_answers_a_json_503_about_the_answer(store, auth, ws):
    act = opened(store, auth, ws, "keywords")
    budi = member(store, ws)
    store.conn.execute("PRAGMA busy_timeout = 200")
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    sent = {
        "token": budi.token,
        "activity_id": act.id,
        "pillar_id": None,
        "value": {"words": ["a"]},
    }
    try:
        status, headers, body = call(
            routes(store), "POST", "/api/answer", json.dumps(sent).encode()
        )
        assert (status, headers["retry-after"], body) == (
            503,
            "2",
            {
                "error": "Server sedang tidak bisa menyimpan; jawaban Anda belum tersimpan.",
                "retry": True,
                "kind": "locked",
            },
        )
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert post(store, "/api/answer", sent)[0] == 200
    assert store.my_answers(budi.token, act.id) == {"": {"words": ["a"]}}
