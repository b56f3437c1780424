"""The HTTP agent API cannot give a participant the facilitator's pages or actions.

Streamlit's `server.enableAgentApi` serves `POST /_stcore/agent/interact` (and the same
protocol as MCP at `/_stcore/agent/mcp`): a program drives a real session by page and
widget key. The shipped config keeps it off. These tests check that with it off the
route refuses everything, and that with it switched on a caller without the facilitator's
login (no PIN typed in this session) still gets only the participant's pages: facilitator
pages are not in the page list, their keys are not on the page, and every attempt to use
them is refused before anything runs, with the database left exactly as it was. A
participant's own token does work through the API (so the API really drives sessions),
and a `bimtek_fac` cookie, forged or even genuine, grants nothing: Streamlit withholds
cookies from agent sessions."""

from __future__ import annotations

import json
import re
import secrets
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.apptest_support import PAGE_FILES
from tests.server_support import ROOT, running_app
from workshop.domain import DEFAULT_STAGES
from workshop.store import Store

pytestmark = pytest.mark.slow

PIN = "2468"
INTERACT = "/_stcore/agent/interact"
MCP = "/_stcore/agent/mcp"
API_ON = {"STREAMLIT_SERVER_ENABLE_AGENT_API": "true", "BIMTEK_NO_AUTOSNAPSHOT": "1"}
FAC_PAGES = ("kendali", "layar", "kegiatan", "quickwin", "unduh", "cadangan")
PARTICIPANT_PAGES = {"", "masuk"}  # peserta is the default page: url_path ""
TITLE = "Aplikasi antrean puskesmas daring"

# Every key a participant may meet: the phone page, the login page, the language switch.
PARTICIPANT_KEY = re.compile(
    r"lang_switch|lang_cookie|join_(form|code|name|opd|institution|group|submit)"
    r"|idea_(form|pillar|kind|title|description|submit|send_anyway|cancel)"
    r"|edit_(title_|description_|save_)?\d+|vote_pillar|(vote_form|rate_form|rate_submit"
    r"|vote_submit|vote_change)_\d+|(vote|impact|feas)_\d+_\d+|phone_poll|ballot_\d+|login_form|pin|login"
)


def facilitator_keys(ideas: list[int], pillars: list[int]) -> set[str]:
    """Widget and form keys of the facilitator pages: every literal key in their source,
    plus the per-idea and per-pillar ones for this database."""
    keys = {"logout", "phase_collect", "phase_group", "phase_vote", "phase_agree", "qw_new"}
    for page in FAC_PAGES:
        source = (ROOT / PAGE_FILES[page]).read_text(encoding="utf-8")
        keys |= set(re.findall(r'\bkey="(\w+)"', source))
        keys |= set(re.findall(r'\.form\("(\w+)"', source))
    for i in ideas:
        keys |= {
            f"{k}_{i}"
            for k in (
                "mod_short",
                "mod_hide",
                "mod_unmerge",
                "mod_form",
                "mod_title",
                "mod_desc",
                "mod_pillar",
                "mod_kind",
                "mod_save",
                "paper",
                "qw_edit",
                "qw_delete",
            )
        }
    for p in pillars:
        keys |= {
            f"{k}_{p}"
            for k in (
                "voting",
                "proj_bars",
                "pillar_form",
                "pillar_name",
                "pillar_save",
                "pillar_delete",
                "pillar_up",
                "pillar_down",
            )
        }
    keys |= {
        f"stage_{k}_{n}"
        for k in ("form", "save", "title", "focus", "outputs", "date")
        for n in range(1, len(DEFAULT_STAGES) + 1)
    }
    keys |= {
        f"qw_new_{k}"
        for k in (
            "name",
            "pillar",
            "owner",
            "support",
            "problem",
            "months",
            "cost",
            "source",
            "submit",
        )
    }
    assert not {k for k in keys if PARTICIPANT_KEY.fullmatch(k)}, "keys must not overlap"
    return keys


def prepare(db: Path):
    """A workshop in phase 'collect' with one participant and one idea. The PIN is set
    here, so the app's first run (ensure_pin) has nothing to write."""
    store = Store(db)
    store.ensure_pin(PIN)
    auth = store.system_auth()
    w = store.create_workshop(auth, region="Kota Metro", year=2023)
    opd = store.opds(w.id)[0].id
    p = store.join(w.join_code, name="Ani Lestari", group="opd", opd_id=opd)
    pillars = [x.id for x in store.pillars(w.id)]
    idea = store.submit_idea(p.token, pillar_id=pillars[0], kind="usulan", title="Satu Data Kota")
    assert store.current_stage(w.id).phase == "collect"
    genuine = store.login(PIN)  # a real facilitator login, for the cookie check
    data = dump(store)
    store.close()
    return p, [idea.id], pillars, genuine, data


def dump(store: Store) -> dict[str, list[dict]]:
    return {table: store.table_rows(table) for table in store.table_counts()}


def dump_db(db: Path) -> dict[str, list[dict]]:
    store = Store(db)
    try:
        return dump(store)
    finally:
        store.close()


def post(port: int, path: str, body: dict, headers: dict | None = None) -> tuple[int, dict]:
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"{}")


def keys_of(doc: dict) -> set[str]:
    """Every key in a snapshot: the actions index and every keyed node of the tree."""
    found = {a["key"] for a in doc.get("actions", [])}
    stack = [doc.get("tree", {})]
    while stack:
        node = stack.pop()
        if node.get("key"):
            found.add(node["key"])
        stack.extend(node.get("children", []))
    return found


def page_paths(doc: dict) -> set[str]:
    pages = doc.get("pages") or doc.get("error", {}).get("pages", [])
    return {p["url_path"] for p in pages}


def texts_of(doc: dict) -> str:
    return json.dumps(doc.get("tree", {}), ensure_ascii=False)


def assert_participant_view(doc: dict, fac_keys: set[str]) -> None:
    assert page_paths(doc) == PARTICIPANT_PAGES
    keys = keys_of(doc)
    assert not keys & fac_keys
    assert {k for k in keys if not PARTICIPANT_KEY.fullmatch(k)} == set()


def attack(port: int, sid: str, fac_keys: set[str], headers: dict | None = None) -> None:
    """From an existing session: ask for every facilitator page, fire and set every
    facilitator key. Each must be refused before anything runs."""
    for page in FAC_PAGES + ("pages/control.py", "/kendali/"):
        status, body = post(port, INTERACT, {"session_id": sid, "page": page}, headers)
        assert status == 404 and body["error"]["code"] == "unknown_page", (page, body)
        assert page_paths(body) == PARTICIPANT_PAGES
    for key in sorted(fac_keys):
        for field, value in (("trigger", {"key": key}), ("widget_state", {key: True})):
            status, body = post(port, INTERACT, {"session_id": sid, field: value}, headers)
            assert status == 404 and body["error"]["code"] == "unknown_key", (key, field, body)
    # session state is not writable by name either: only keys the page rendered
    status, body = post(
        port,
        INTERACT,
        {"session_id": sid, "widget_state": {"fac_auth": secrets.token_hex(8)}},
        headers,
    )
    assert status == 404 and body["error"]["code"] == "unknown_key", body
    # and the session still shows a participant's view after all that
    status, body = post(port, INTERACT, {"session_id": sid}, headers)
    assert status == 200, body
    assert_participant_view(body, fac_keys)


def test_agent_api_is_off_in_the_shipped_config(tmp_path, monkeypatch):
    shipped = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert shipped["server"]["enableAgentApi"] is False
    monkeypatch.delenv("STREAMLIT_SERVER_ENABLE_AGENT_API", raising=False)
    db = tmp_path / "off.db"
    p, _ideas, _pillars, _genuine, before = prepare(db)
    with running_app(db, pin=PIN, extra_env={"BIMTEK_NO_AUTOSNAPSHOT": "1"}) as (_proc, port):
        for body in (
            {},
            {"page": "kendali"},
            {"query_params": {"t": [p.token]}},
            {"session_id": "s_" + secrets.token_hex(16), "trigger": {"key": "phase_vote"}},
        ):
            status, answer = post(port, INTERACT, body)
            assert status == 403 and answer["error"]["code"] == "not_available", answer
            assert "session_id" not in answer and "tree" not in answer
        status, answer = post(
            port,
            MCP,
            {
                "jsonrpc": "2.0",
                "id": 1,
                "method": "tools/call",
                "params": {"name": "interact", "arguments": {"page": "kendali"}},
            },
        )
        assert status == 400 and "not_available" in answer["error"]["message"], answer
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/_stcore/agent/openapi.json", timeout=10
        ) as r:
            assert json.loads(r.read())["info"]["x-streamlit-agent-api"] == "disabled"
    assert dump_db(db) == before


def test_agent_api_on_gives_a_participant_no_facilitator_page_or_action(tmp_path):
    db = tmp_path / "on.db"
    p, ideas, pillars, genuine, before = prepare(db)
    fac_keys = facilitator_keys(ideas, pillars)
    assert {"phase_vote", "short_all", "ws_rotate", "ctl_reveal", "backup_download"} <= fac_keys
    with running_app(db, pin=PIN, extra_env=API_ON) as (_proc, port):
        # the API is really on: a creating call runs the app and returns a snapshot
        status, doc = post(port, INTERACT, {})
        assert status == 200 and doc["status"] == "ready", doc
        assert "join_form" in keys_of(doc)
        assert_participant_view(doc, fac_keys)

        # (a) an anonymous agent: each facilitator page on a creating call runs the
        # default page instead (the app never registered the page for this session)
        for page in FAC_PAGES:
            status, doc = post(port, INTERACT, {"page": page})
            assert status == 404 and doc["error"]["code"] == "unknown_page", doc
            assert page_paths(doc) == PARTICIPANT_PAGES
        status, doc = post(port, INTERACT, {"page": "masuk"})
        assert status == 200 and doc["page"]["url_path"] == "masuk", doc
        assert_participant_view(doc, fac_keys)
        assert {"login_form", "pin", "login"} <= keys_of(doc)
        attack(port, doc["session_id"], fac_keys)
        assert dump_db(db) == before

        # (b) as the participant (t=<token>): the API drives the session for real ...
        status, doc = post(port, INTERACT, {"query_params": {"t": [p.token]}})
        assert status == 200, doc
        assert "Ani Lestari" in texts_of(doc)
        assert {"idea_form", "idea_title", "idea_submit"} <= keys_of(doc)
        assert_participant_view(doc, fac_keys)
        sid = doc["session_id"]
        status, doc = post(
            port,
            INTERACT,
            {
                "session_id": sid,
                "widget_state": {"idea_title": TITLE, "idea_pillar": "Smart Economy"},
                "trigger": {"key": "idea_submit"},
            },
        )
        assert status == 200, doc
        assert TITLE in texts_of(doc)
        after = dump_db(db)
        added = [row for row in after["ideas"] if row not in before["ideas"]]
        assert [(r["title"], r["author_id"], r["pillar_id"]) for r in added] == [
            (TITLE, p.id, pillars[2])
        ]
        assert [dict(w, version=0) for w in after["workshops"]] == [
            dict(w, version=0) for w in before["workshops"]
        ]
        unchanged = {t: rows for t, rows in before.items() if t not in ("ideas", "workshops")}
        assert {t: after[t] for t in unchanged} == unchanged
        # ... but still reaches no facilitator page or action
        attack(port, sid, fac_keys)
        assert dump_db(db) == after

        # (c) the facilitator cookie is not read at all: a forged one gives nothing, and
        # even a genuine one does not (Streamlit gives agent sessions no cookies and keeps
        # the Cookie header out of st.context), so no page can ride a facilitator's login
        for cookie in (secrets.token_urlsafe(24), genuine):
            headers = {"Cookie": f"bimtek_fac={cookie}"}
            for page in ("kendali", "cadangan"):
                status, doc = post(port, INTERACT, {"page": page}, headers)
                assert status == 404 and doc["error"]["code"] == "unknown_page", doc
                assert page_paths(doc) == PARTICIPANT_PAGES
            status, doc = post(port, INTERACT, {"query_params": {"t": [p.token]}}, headers)
            assert status == 200, doc
            assert_participant_view(doc, fac_keys)
            attack(
                port,
                doc["session_id"],
                {"phase_vote", "short_all", "ws_rotate", "ctl_reveal", "backup_download"},
                headers,
            )

        # the MCP route serves the same protocol, with the same answer
        status, answer = post(
            port,
            MCP,
            {
                "jsonrpc": "2.0",
                "id": 1,
                "method": "tools/call",
                "params": {"name": "interact", "arguments": {"page": "kendali"}},
            },
        )
        assert status == 200 and answer["result"]["isError"] is True, answer
        inner = json.loads(answer["result"]["content"][0]["text"])
        assert inner["error"]["code"] == "unknown_page"
        assert page_paths(inner) == PARTICIPANT_PAGES

        final = dump_db(db)
        assert final == after
        # spelled out: phase (stages), join code (workshops), shortlist, audit, logins
        for table in ("stages", "workshops", "shortlist", "audit", "fac_sessions", "settings"):
            assert final[table] == after[table] and table in before
        assert final["stages"][0]["phase"] == "collect" and final["shortlist"] == []

        # control: the gate is what stops the agent. Typing the PIN on "masuk" (the one
        # way in) opens the facilitator pages in that session, so a broken gate would show.
        status, doc = post(port, INTERACT, {"page": "masuk"})
        status, doc = post(
            port,
            INTERACT,
            {
                "session_id": doc["session_id"],
                "widget_state": {"pin": PIN},
                "trigger": {"key": "login"},
            },
        )
        assert status == 200 and set(FAC_PAGES) <= page_paths(doc), doc
        status, doc = post(port, INTERACT, {"session_id": doc["session_id"], "page": "kendali"})
        assert status == 200 and {"phase_vote", "short_all", "ctl_stage"} <= keys_of(doc), doc
