"""The participant's phone: join, then whatever the room is doing now."""

from __future__ import annotations

import uuid
from typing import Any

import streamlit as st

from pages import activity_phone, common  # h14: activity_phone (the activity hook)
from pages.common import run, store, tr
from workshop import activities, live
from workshop.domain import Participant, WorkshopError

st.html("<style>" + live.PHONE_CSS + live.PHONE_CARD_CSS + "</style>")
me = common.current_participant()

if me is None:
    common.lang_switch()
    st.header(tr("join.title"))
    if common.participant_token():  # a link whose session ended (e.g. removed)
        st.warning(tr("join.ended"))
    code = st.query_params.get("code", "")
    w = store().workshop_by_code(code) if code else None
    opds = store().opds(w.id) if w else []
    with st.form("join_form"):
        code = st.text_input(tr("join.code"), value=code, key="join_code", max_chars=12)
        name = st.text_input(tr("join.name"), key="join_name", max_chars=120)
        opd = st.selectbox(
            tr("join.opd"),
            [None] + [o.id for o in opds],
            key="join_opd",
            format_func=live.opd_label(opds, tr("join.opd_none")),
        )
        inst = st.text_input(tr("join.institution"), key="join_institution", max_chars=120)
        group = st.selectbox(
            tr("join.group"),
            list(live.GROUP_LABELS),
            key="join_group",
            format_func=lambda g: tr(f"group.{g}"),
        )
        if st.form_submit_button(
            tr("join.submit"), key="join_submit", type="primary", width="stretch"
        ):
            joined = run(
                store().join,
                code,
                name=name,
                group=group,
                opd_id=opd,
                institution=inst,
                device=common.device_id(),  # h13a: one participant per browser
                client=common.client_address(),  # h13a: joins limited per address
            )
            if joined:
                st.query_params.clear()
                st.query_params["t"] = joined.token
                st.rerun()
    st.page_link("pages/login.py", label=tr("join.facilitator_link"), icon="🔑")
    st.stop()

# ---------------------------------------------------------------- joined
# Everything below the join form lives in one fragment, so that what a phone does all
# day costs fragment runs only (no router, no navigation). The browser polls the room's
# state over HTTP (common.phone_poll) and reruns this fragment only when it changed.


def cast_submitted(me: Participant, pillar_id: int) -> dict | None:
    """If this run carries a rating ballot submitted for `pillar_id`, send it to the core
    (which accepts it or says why not, e.g. voting closed meanwhile). Returns what was
    stored. (Dot ballots go to the core over HTTP: see common.dot_ballot.)"""
    if st.session_state.get(f"rate_submit_{pillar_id}") is not True:
        return None
    ratings = live.ratings_from_state(st.session_state, pillar_id)
    saved = run(store().cast_ratings, me.token, pillar_id, ratings)
    if saved is not None:
        st.success(tr("vote.rated", n=len(saved)))
    return saved


def late_ballots(me: Participant, pillar_ids: list[int], rendered: int | None) -> None:
    """A ballot submitted just as its pillar closed, the phone switched pillar or the
    phase moved on is not dropped silently: it goes to the core all the same."""
    for pid in pillar_ids:
        if pid != rendered:
            cast_submitted(me, pid)


def collect_screen(me: Participant, pillars: list) -> None:
    pending = st.session_state.get("pending_idea")
    if pending:
        st.warning(tr("idea.similar"))
        for idea, _score in store().similar_ideas(
            me.workshop_id, pending["title"], pillar_id=pending["pillar_id"]
        ):
            st.html(live.card_html("• " + idea.title))
        c1, c2 = st.columns(2)
        if c1.button(
            tr("idea.send_anyway"), key="idea_send_anyway", type="primary", width="stretch"
        ):
            st.session_state.pop("pending_idea", None)
            try:
                sent = store().submit_idea(me.token, **pending)
            except WorkshopError as err:  # refused: the draft goes back into the form
                st.session_state["idea_error"] = common.message(err)
                sent = None
            if sent:
                st.session_state["idea_flash"] = sent.title
                st.session_state["idea_clear"] = True
            # the form keeps the pillar and kind as after a direct send; a refused draft
            # comes back whole
            st.session_state["idea_restore"] = (
                dict(pending, title="", description="") if sent else pending
            )
            common.rerun_view()
        if c2.button(tr("idea.cancel"), key="idea_cancel", width="stretch"):
            st.session_state["idea_restore"] = st.session_state.pop("pending_idea", None)
            common.rerun_view()
    else:
        if st.session_state.pop("idea_clear", False):  # sent: an empty form for the next
            st.session_state["idea_title"] = ""
            st.session_state["idea_description"] = ""
        error = st.session_state.pop("idea_error", None)
        if error:
            st.error(error, icon="⚠️")
        restore = st.session_state.pop("idea_restore", None)
        if restore:  # back from "similar ideas": the draft is still in the form
            st.session_state.update(
                idea_pillar=restore["pillar_id"],
                idea_kind=restore["kind"],
                idea_title=restore["title"],
                idea_description=restore["description"],
            )
        if st.session_state.get("idea_flash"):
            st.success(tr("idea.sent"))
            st.html(live.card_html(st.session_state.pop("idea_flash")))
        # not cleared on submit: a refused idea (no pillar, too long...) keeps its text
        with st.form("idea_form"):
            # no default: an idea lands in the pillar the participant chose, never silently
            # in the first one
            pillar_id = st.selectbox(
                tr("idea.pillar"),
                [x.id for x in pillars],
                key="idea_pillar",
                format_func=live.pillar_label(pillars),
                index=None,
                placeholder=tr("idea.pillar_pick"),
            )
            kind = st.selectbox(
                tr("idea.kind"),
                list(live.KIND_LABELS),
                key="idea_kind",
                format_func=lambda k: tr(f"kind.{k}"),
            )
            title = st.text_input(tr("idea.title"), key="idea_title", max_chars=120)
            desc = st.text_area(tr("idea.description"), key="idea_description", max_chars=1000)
            if st.form_submit_button(
                tr("idea.submit"), key="idea_submit", type="primary", width="stretch"
            ):
                draft: dict[str, Any] = {
                    "pillar_id": pillar_id,
                    "kind": kind,
                    "title": title,
                    "description": desc,
                    "client_key": uuid.uuid4().hex,
                }
                if pillar_id is not None and store().similar_ideas(
                    me.workshop_id, title, pillar_id=pillar_id
                ):
                    st.session_state["pending_idea"] = draft
                    common.rerun_view()
                sent = run(store().submit_idea, me.token, **draft)
                if sent:
                    st.session_state["idea_flash"] = sent.title
                    st.session_state["idea_clear"] = True
                    common.rerun_view()
    st.subheader(tr("idea.mine"))
    mine = store().my_ideas(me.token)
    if not mine:
        st.caption(tr("idea.none"))
    names = {x.id: x.short for x in pillars}
    for idea in mine:
        with st.expander(f"#{idea.id} · {names.get(idea.pillar_id, '')}", expanded=True):
            st.html(live.card_html(idea.title))
            if idea.status == "merged":
                st.caption(tr("idea.merged", id=idea.merged_into))
                continue
            with st.form(f"edit_{idea.id}"):
                new_title = st.text_input(
                    tr("idea.title"), value=idea.title, key=f"edit_title_{idea.id}", max_chars=120
                )
                new_desc = st.text_area(
                    tr("idea.description"),
                    value=idea.description,
                    key=f"edit_description_{idea.id}",
                    max_chars=1000,
                )
                if st.form_submit_button(tr("idea.save"), key=f"edit_save_{idea.id}"):
                    run(
                        store().edit_own_idea,
                        me.token,
                        idea.id,
                        title=new_title,
                        description=new_desc,
                        ok=tr("common.saved"),
                    )


def vote_screen(me: Participant, state: dict, all_pillars: list) -> None:
    pillars = [x for x in all_pillars if x.id in state["open_pillars"]]
    if not pillars:
        late_ballots(me, [x.id for x in all_pillars], None)
        st.info(tr("vote.none_open"))
        return
    pillar_id = st.selectbox(
        tr("idea.pillar"),
        [x.id for x in pillars],
        key="vote_pillar",
        format_func=live.pillar_label(pillars),
    )
    late_ballots(me, [x.id for x in all_pillars], pillar_id)
    ballot(me, state["stage_id"], pillar_id)


@st.fragment
def ballot(me: Participant, stage_id: int, pillar_id: int) -> None:
    """One pillar's ballot. It is its own fragment so that a rating submit or "change"
    reruns only this part of the screen."""
    stage = store().stage(stage_id)
    ideas = store().shortlist(stage.id, pillar_id)
    if stage.vote_mode == "dots":
        flash = st.session_state.pop(f"ballot_saved_{pillar_id}", None)
        if flash is not None:
            st.success(tr("vote.saved", n=flash))
        sent = common.dot_ballot(
            pillar_id,
            token=me.token,
            budget=stage.budget,
            cap=stage.cap,
            ideas=ideas,
            mine=store().my_dots(me.token, pillar_id),
        )
        if sent is not None:  # the ballot came through Streamlit: the HTTP route failed
            saved = run(store().cast_dots, me.token, pillar_id, sent)
            if saved is not None:
                st.session_state[f"ballot_saved_{pillar_id}"] = sum(saved.values())
                common.rerun_view()  # redraw the ballot with what is stored
    else:
        saved = cast_submitted(me, pillar_id)
        if saved is not None:
            st.session_state.pop(f"rate_edit_{pillar_id}", None)
        mine_r = store().my_ratings(me.token, pillar_id)
        if mine_r and not st.session_state.get(f"rate_edit_{pillar_id}"):
            # what is stored stays confirmed on every redraw (and after a reload), until
            # the participant asks to change it
            if saved is None:
                st.success(tr("vote.rated", n=len(mine_r)))
            st.button(
                tr("vote.change"),
                key=f"vote_change_{pillar_id}",
                width="stretch",
                on_click=st.session_state.__setitem__,
                args=(f"rate_edit_{pillar_id}", True),
            )
            return
        st.caption(tr("vote.rating_help"))
        with st.form(f"rate_form_{pillar_id}"):
            for idea in ideas:
                st.html(live.card_html(idea.title))
                old = mine_r.get(idea.id)
                st.radio(
                    tr("vote.impact"),
                    [1, 2, 3, 4, 5],
                    horizontal=True,
                    index=None if old is None else old[0] - 1,
                    key=f"impact_{pillar_id}_{idea.id}",
                )
                st.radio(
                    tr("vote.feasibility"),
                    [1, 2, 3, 4, 5],
                    horizontal=True,
                    index=None if old is None else old[1] - 1,
                    key=f"feas_{pillar_id}_{idea.id}",
                )
            st.form_submit_button(
                tr("vote.submit"), key=f"rate_submit_{pillar_id}", type="primary", width="stretch"
            )


def room_event(me: Participant, event: dict) -> None:
    """What the phone's own screen (common.phone_room) sent through Streamlit because its
    HTTP routes did not answer: a ballot, a rating or an activity answer to store, or
    "use the Streamlit screens from now on"."""
    value = event["value"]
    if event["event"] == "fallback":
        st.session_state["room_fallback"] = True
        common.rerun_view()
    if event["event"] == "answer" and isinstance(value, dict):
        # an activity form's answer: the core checks every part (as sent by the browser)
        answered = run(
            store().submit_answer,
            me.token,
            value.get("activity_id"),
            value.get("value"),
            value.get("pillar_id"),
        )
        if answered is not None:  # redrawn with what is stored: it shows "saved"
            common.rerun_view()
        return
    if event["event"] in ("ballot", "rating") and isinstance(value, dict):
        pillar_id = value.get("pillar_id")
        if event["event"] == "ballot":
            saved = run(store().cast_dots, me.token, pillar_id, value.get("dots"))
            if saved is not None:  # redrawn with what is stored: it shows the confirmation
                common.rerun_view()
        else:
            raw = value.get("ratings")
            ratings = (
                {k: tuple(v) for k, v in raw.items() if isinstance(v, list)}
                if isinstance(raw, dict)
                else raw
            )
            saved_r = run(store().cast_ratings, me.token, pillar_id, ratings)
            if saved_r is not None:
                common.rerun_view()


@st.fragment(key="phone_view")
def phone(me: Participant) -> None:
    """The joined phone's screen for the room's current state."""
    if store().participant(me.token) is None:  # removed by the facilitator meanwhile
        st.rerun()  # the whole page: the join form
    state = store().live_state(me.workshop_id)
    if st.session_state.get("checked_in") != (me.id, state["stage_id"]):
        store().check_in(me.token)  # attendance once per stage, not on every rerun
        st.session_state["checked_in"] = (me.id, state["stage_id"])
    # h14: an open activity takes the phone's screen; the phone draws its form (kind
    # "act" below), Streamlit's forms only when the HTTP routes are unreachable
    screen = activities.phone_screen(store(), state)
    if screen[0] == "act" and st.session_state.get("room_fallback"):
        activity_phone.show(me, state)
        return
    pillars = store().pillars(me.workshop_id)  # once per run, for every screen below
    if screen[0] != "vote":
        late_ballots(me, [x.id for x in pillars], None)
    if screen[0] != "collect":  # a draft left on "similar ideas" never lands in a later stage
        st.session_state.pop("pending_idea", None)
    common.lang_switch()
    if screen[0] in live.ROOM_KINDS and not st.session_state.get("room_fallback"):
        # waiting, voting and activity forms: the browser draws these itself and follows
        # the room over HTTP (no script run when voting or an activity opens); Streamlit
        # only stores what it could not
        event = common.phone_room(me)
        if event is not None:
            room_event(me, event)
        return
    # idea collection, and every screen when the HTTP routes are unreachable
    common.phone_poll(me.workshop_id, screen)
    st.html(live.card_html(tr("join.welcome", name=me.name), tr(f"phase.{state['phase']}")))
    if screen[0] == "collect":
        collect_screen(me, pillars)
    elif screen[0] == "vote":
        vote_screen(me, state, pillars)
    else:
        st.subheader(tr("wait.title"))
        st.caption(tr("wait.body"))


phone(me)
