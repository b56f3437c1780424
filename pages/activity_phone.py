"""The phone's screen for an open activity (readiness, SWOT, keywords, statements,
long-list, USG, roadmap). Called from the participant page's screen fragment by one
hook (`show`); each form is a Streamlit form, so sending it is one fragment run, and the
poll token (activities.phone_screen) makes the phone rerun only when the facilitator
opens, closes or edits an activity."""

from __future__ import annotations

from typing import Any

import streamlit as st

from pages import common
from pages.common import run, store, tr
from workshop import activities, live
from workshop.activities import kinds as k
from workshop.activities.kinds import Activity
from workshop.domain import Participant

# radio options as 44 px tap targets; nothing wider than the phone
CSS = """
<style>
[data-testid=stRadio] [role=radiogroup] { flex-wrap: wrap; gap: .25rem .4rem; }
[data-testid=stRadio] [role=radiogroup] label { min-height: 44px; min-width: 44px;
  padding: 0 .35rem; align-items: center; margin: 0; }
[data-testid=stCheckbox] label { min-height: 44px; align-items: center; }
.st-key-lang_switch button { min-width: 44px; min-height: 44px; }
.bl-act-item { font-weight: 600; margin: .6rem 0 0; overflow-wrap: anywhere; }
</style>
"""


def show(me: Participant, state: dict[str, Any]) -> bool:
    """Draw the open activity's screen if one is open on the phones; False otherwise
    (the participant page then draws the ideas loop's screen)."""
    screen = activities.phone_screen(store(), state)
    if screen[0] != "act":
        return False
    act = store().activity(screen[2])
    common.phone_poll(me.workshop_id, screen)
    common.lang_switch()
    st.html(CSS)
    st.html(live.card_html(tr("join.welcome", name=me.name), act.title))
    mine = store().my_answers(me.token, act.id)
    FORMS[act.kind](me, act, mine)
    return True


def _pillar(me: Participant, act: Activity, with_rows: bool = True) -> int | None:
    pillars = store().pillars(me.workshop_id)
    if with_rows:
        pillars = [p for p in pillars if k.rows_of_pillar(act, p.id)]
    if not pillars:
        st.info(tr("act.nothing_yet"))
        return None
    return st.selectbox(
        tr("idea.pillar"),
        [p.id for p in pillars],
        key=f"act_pillar_{act.id}",
        format_func=live.pillar_label(pillars),
    )


def _saved(mine: dict[str, Any], item: str) -> None:
    if item in mine:
        st.success(tr("act.saved"), icon=":material/check_circle:")


def _score_radio(label: str, key: str, old: int | None) -> int | None:
    return st.radio(
        label, [1, 2, 3, 4, 5], horizontal=True, index=None if old is None else old - 1, key=key
    )


def readiness_form(me: Participant, act: Activity, mine: dict[str, Any]) -> None:
    pid = _pillar(me, act, with_rows=False) if act.config.get("per_pillar") else None
    item = "" if pid is None else str(pid)
    old = mine.get(item, {}).get("scores", {})
    st.caption(tr("act.readiness_help"))
    with st.form(f"act_form_{act.id}_{item}"):
        values = {}
        for dim in k.DIMENSIONS:
            rows = [i for i in act.config["items"] if i["dimension"] == dim]
            if rows:
                st.subheader(tr("dim." + dim))
            for i in rows:
                values[i["key"]] = _score_radio(
                    live.esc(i["label"]), f"rd_{act.id}_{item}_{i['key']}", old.get(i["key"])
                )
        sent = st.form_submit_button(
            tr("act.send"), key=f"act_send_{act.id}", type="primary", width="stretch"
        )
    if sent:
        if any(v is None for v in values.values()):
            st.error(tr("act.fill_all"), icon=":material/warning:")
        elif run(store().submit_answer, me.token, act.id, {"scores": values}, pid):
            mine[item] = True
    _saved(mine, item)


def swot_form(me: Participant, act: Activity, mine: dict[str, Any]) -> None:
    pillars = store().pillars(me.workshop_id)
    cap = act.config.get("cap", k.SWOT_CAP_DEFAULT)
    with st.form(f"act_form_{act.id}", clear_on_submit=True):
        pid = st.selectbox(
            tr("idea.pillar"),
            [p.id for p in pillars],
            index=None,
            placeholder=tr("idea.pillar_pick"),
            key=f"swot_pillar_{act.id}",
            format_func=live.pillar_label(pillars),
        )
        quadrant = st.radio(
            tr("act.quadrant"),
            list(k.QUADRANTS),
            format_func=lambda q: tr("swot." + q),
            horizontal=True,
            key=f"swot_q_{act.id}",
        )
        text = st.text_input(tr("act.swot_text"), key=f"swot_text_{act.id}", max_chars=200)
        sent = st.form_submit_button(
            tr("act.add_card"), key=f"act_send_{act.id}", type="primary", width="stretch"
        )
    if sent:
        card = {"pillar_id": pid, "quadrant": quadrant, "text": text}
        if pid is None:
            st.error(tr("idea.pillar_pick"), icon=":material/warning:")
        elif run(store().submit_answer, me.token, act.id, card):
            st.success(tr("act.card_saved"), icon=":material/check_circle:")
            mine = store().my_answers(me.token, act.id)
    st.caption(tr("act.cards_left", n=len(mine), cap=cap))
    names = {p.id: p.short for p in pillars}
    for v in mine.values():
        st.html(
            live.card_html(
                v["text"], f"{tr('swot.' + v['quadrant'])} · {names.get(v['pillar_id'], '')}"
            )
        )


def keywords_form(me: Participant, act: Activity, mine: dict[str, Any]) -> None:
    n = act.config.get("max_words", 3)
    old = mine.get("", {}).get("words", [])
    st.caption(tr("act.keywords_help", n=n))
    with st.form(f"act_form_{act.id}"):
        got = [
            st.text_input(
                tr("act.keyword", n=i + 1),
                value=old[i] if i < len(old) else "",
                key=f"kw_{act.id}_{i}",
                max_chars=k.KEYWORD_MAX,
            )
            for i in range(n)
        ]
        sent = st.form_submit_button(
            tr("act.send"), key=f"act_send_{act.id}", type="primary", width="stretch"
        )
    if sent and run(store().submit_answer, me.token, act.id, {"words": got}):
        mine[""] = True
    _saved(mine, "")


def statements_form(me: Participant, act: Activity, mine: dict[str, Any]) -> None:
    rows = act.config.get("statements", [])
    if not rows:
        st.info(tr("act.nothing_yet"))
        return
    most = act.config.get("max_approve", 0)
    st.caption(tr("act.approve_help_max", n=most) if most else tr("act.approve_help"))
    old = set(mine.get("", {}).get("approve", []))
    with st.form(f"act_form_{act.id}"):
        chosen = []
        for kind in k.STATEMENT_KINDS:
            mine_kind = [s for s in rows if s["kind"] == kind]
            if mine_kind:
                st.subheader(tr("stmt." + kind))
            for s in mine_kind:
                if st.checkbox(
                    live.esc(s["text"]), value=s["key"] in old, key=f"st_{act.id}_{s['key']}"
                ):
                    chosen.append(s["key"])
        sent = st.form_submit_button(
            tr("act.send"), key=f"act_send_{act.id}", type="primary", width="stretch"
        )
    if sent and run(store().submit_answer, me.token, act.id, {"approve": chosen}):
        mine[""] = True
    _saved(mine, "")


def longlist_form(me: Participant, act: Activity, mine: dict[str, Any]) -> None:
    pid = _pillar(me, act)
    if pid is None:
        return
    item = str(pid)
    old = mine.get(item, {}).get("ratings", {})
    st.caption(tr("act.longlist_help"))
    with st.form(f"act_form_{act.id}_{item}"):
        values = {}
        for r in k.rows_of_pillar(act, pid):
            meta = " · ".join(x for x in (r.get("opd"), r.get("indicator")) if x)
            st.html(live.card_html(r["name"], meta))
            values[r["key"]] = _score_radio(
                tr("act.relevance"), f"ll_{act.id}_{item}_{r['key']}", old.get(r["key"])
            )
        sent = st.form_submit_button(
            tr("act.send"), key=f"act_send_{act.id}", type="primary", width="stretch"
        )
    rated = {key: v for key, v in values.items() if v is not None}
    if sent and run(store().submit_answer, me.token, act.id, {"ratings": rated}, pid):
        mine[item] = True
    _saved(mine, item)


def usg_form(me: Participant, act: Activity, mine: dict[str, Any]) -> None:
    pid = _pillar(me, act)
    if pid is None:
        return
    item = str(pid)
    old = mine.get(item, {}).get("scores", {})
    st.caption(tr("act.usg_help"))
    with st.form(f"act_form_{act.id}_{item}"):
        values: dict[str, list[int | None]] = {}
        for c in k.rows_of_pillar(act, pid):
            st.html(live.card_html(c["title"], c.get("source", "")))
            prev = old.get(c["key"], [None, None, None])
            values[c["key"]] = [
                _score_radio(tr("usg." + part), f"usg_{act.id}_{item}_{c['key']}_{part}", prev[i])
                for i, part in enumerate(k.USG_PARTS)
            ]
        sent = st.form_submit_button(
            tr("act.send"), key=f"act_send_{act.id}", type="primary", width="stretch"
        )
    if sent:
        if any(v is None for parts in values.values() for v in parts):
            st.error(tr("act.fill_all"), icon=":material/warning:")
        elif run(store().submit_answer, me.token, act.id, {"scores": values}, pid):
            mine[item] = True
    _saved(mine, item)


def roadmap_form(me: Participant, act: Activity, mine: dict[str, Any]) -> None:
    pid = _pillar(me, act)
    if pid is None:
        return
    item = str(pid)
    old = mine.get(item, {}).get("horizons", {})
    st.caption(tr("act.roadmap_help"))
    with st.form(f"act_form_{act.id}_{item}"):
        values = {}
        for r in k.rows_of_pillar(act, pid):
            st.html(live.card_html(r["title"], r.get("source", "")))
            prev = old.get(r["key"])
            values[r["key"]] = st.radio(
                tr("act.horizon"),
                list(k.HORIZONS),
                index=None if prev is None else k.HORIZONS.index(prev),
                format_func=lambda h: tr("horizon." + h),
                key=f"rm_{act.id}_{item}_{r['key']}",
            )
        sent = st.form_submit_button(
            tr("act.send"), key=f"act_send_{act.id}", type="primary", width="stretch"
        )
    placed = {key: v for key, v in values.items() if v is not None}
    if sent and run(store().submit_answer, me.token, act.id, {"horizons": placed}, pid):
        mine[item] = True
    _saved(mine, item)


FORMS = {
    "readiness": readiness_form,
    "swot": swot_form,
    "keywords": keywords_form,
    "statements": statements_form,
    "longlist": longlist_form,
    "usg": usg_form,
    "roadmap": roadmap_form,
}
