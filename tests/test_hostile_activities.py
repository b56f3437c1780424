"""The hostile-input corpus (tests/test_hostile.py) through every text entry point of the
activities: each value is stored exactly as domain.clean_text cleans it, or refused with
an Indonesian message and every table left as it was."""

from __future__ import annotations

import pytest

from tests.test_hostile import CORPUS, NOT_TEXT, Env, Probe, check
from workshop import domain as d
from workshop.activities import kinds as k
from workshop.activities import longlist


class ActivityEnv(Env):
    """test_hostile's world plus stage I's default activities (readiness, SWOT open in
    turn) and stage I statements / long-list / USG activities to configure."""

    def __init__(self, path) -> None:
        super().__init__(path)
        s = self.store
        acts = {a.kind: a for a in s.ensure_activities(self.auth, self.stage.id)}
        self.readiness, self.swot, self.keywords = acts["readiness"], acts["swot"], acts["keywords"]
        self.statements = s.add_activity(self.auth, self.stage.id, "statements")
        self.longlist = s.add_activity(self.auth, self.stage.id, "longlist")
        self.usg = s.add_activity(self.auth, self.stage.id, "usg")
        s.update_activity(self.auth, self.swot.id, config={"cap": k.SWOT_CAP_MAX})
        self.pool = [  # SWOT cards: up to 50 per person
            s.join(self.ws.join_code, name=f"Peserta {n}", group="akademisi", institution="Univ")
            for n in range(10)
        ]

    def open(self, act) -> None:
        self.store.set_activity_open(self.auth, act.id, True)
        self.changed()

    def card_author(self):
        """A participant of the pool with room for one more SWOT card (a read only)."""
        return next(p for p in self.pool if len(self.store.my_answers(p.token, self.swot.id)) < 50)


def _title(e: ActivityEnv, v):
    added = e.store.add_activity(e.auth, e.stage.id, "swot", v)
    e.store.remove_activity(e.auth, added.id)  # (a stage holds at most 20)
    return added.title


def _rename(e: ActivityEnv, v):
    return e.store.update_activity(e.auth, e.swot.id, title=v).title


def _swot_text(e: ActivityEnv, v):
    p = e.card_author()
    card = {"pillar_id": e.pillars[0].id, "quadrant": "S", "text": v}
    e.store.submit_answer(p.token, e.swot.id, card)
    return list(e.store.my_answers(p.token, e.swot.id).values())[-1]["text"]


def _floor_card(e: ActivityEnv, v):
    card = e.store.add_floor_card(e.auth, e.swot.id, e.pillars[0].id, "T", v)
    return next(a for a in e.store.activity_answers(e.swot.id) if a["id"] == card)["value"]["text"]


def _keyword(e: ActivityEnv, v):
    if not e.store.activity(e.keywords.id).is_open:  # (before the probe's snapshot)
        raise AssertionError("open the keywords activity first")
    e.store.submit_answer(e.person.token, e.keywords.id, {"words": [v]})
    return e.store.my_answers(e.person.token, e.keywords.id)[""]["words"][0]


def _readiness_label(e: ActivityEnv, v):
    items = [{"key": "sdm", "dimension": "struktur", "label": v}]
    return e.store.update_activity(e.auth, e.readiness.id, config={"items": items}).config["items"][
        0
    ]["label"]


def _statement(e: ActivityEnv, v):
    rows = [{"key": "v1", "kind": "visi", "text": v}]
    return e.store.update_activity(e.auth, e.statements.id, config={"statements": rows}).config[
        "statements"
    ][0]["text"]


def _programme(e: ActivityEnv, v):
    rows = [{"key": "p1", "name": v, "opd": "Diskominfo", "pillar_id": e.pillars[0].id}]
    return e.store.update_activity(e.auth, e.longlist.id, config={"programmes": rows}).config[
        "programmes"
    ][0]["name"]


def _candidate(e: ActivityEnv, v):
    rows = [{"key": "c1", "title": v, "pillar_id": e.pillars[0].id}]
    return e.store.update_activity(e.auth, e.usg.id, config={"candidates": rows}).config[
        "candidates"
    ][0]["title"]


PROBES = [
    Probe("add_activity.title", k.TITLE_MAX, True, _title, none_keeps=True),
    Probe("update_activity.title", k.TITLE_MAX, True, _rename, none_keeps=True),
    Probe("submit_answer.swot_text", k.SWOT_TEXT_MAX, True, _swot_text),
    Probe("add_floor_card.text", k.SWOT_TEXT_MAX, True, _floor_card),
    Probe("submit_answer.keyword", k.KEYWORD_MAX, True, _keyword),
    Probe("update_activity.readiness_label", k.TITLE_MAX, True, _readiness_label),
    Probe("update_activity.statement", k.STATEMENT_MAX, True, _statement),
    Probe("update_activity.programme", k.PROGRAMME_MAX, True, _programme),
    Probe("update_activity.candidate", k.PROGRAMME_MAX, True, _candidate),
]


@pytest.fixture
def env(tmp_path, request):
    e = ActivityEnv(tmp_path / "hostile_activities.db")
    probe = request.node.callspec.params["probe"].name
    e.open(e.keywords if "keyword" in probe else e.swot)
    yield e
    e.store.close()


@pytest.mark.parametrize("probe", PROBES, ids=[p.name for p in PROBES])
def test_corpus_through_every_activity_text(env, probe):
    outcomes = {"stored": 0, "refused": 0}
    for value in CORPUS:
        outcomes[check(env, probe, value)] += 1
    assert outcomes["stored"] and outcomes["refused"]


@pytest.mark.parametrize("probe", PROBES, ids=[p.name for p in PROBES])
def test_values_that_are_not_text(env, probe):
    for value in NOT_TEXT:
        if value is None and probe.none_keeps:
            continue
        check(env, probe, value)


def test_programme_file_with_hostile_cells():
    """Formulas are refused per row, never evaluated; overlong names refused; the rest kept."""
    rows = [
        "Program;OPD;Pagu",
        '=HYPERLINK("http://x");Diskominfo;1',
        "Program " + "x" * 300 + ";Diskominfo;1",
        "<script>alert(1)</script>;Bappeda;1.500.000",
        "Program Satu Data;@SUM(A1);2",
        "Program Jalan;Dinas PU;banyak",
    ]
    got = longlist.parse_programmes("\n".join(rows).encode(), "x.csv")
    assert [r["name"] for r in got.rows] == ["<script>alert(1)</script>"]
    assert got.rows[0]["budget"] == 1_500_000
    assert [line for line, _msg in got.errors] == [2, 3, 5, 6]
    assert longlist.parse_programmes(b"", "x.csv").file_error == "Berkas kosong."
    assert longlist.parse_programmes(b"PK\x03\x04junk", "x.xlsx").file_error
    assert longlist.parse_programmes(b"nama;opd\nA;B", "x.csv").file_error == (
        "Kolom 'Program' tidak ditemukan di baris judul."
    )
    assert d.TITLE_MAX  # (the module's limits come from the domain)
