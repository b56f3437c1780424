"""Shared page plumbing: the store, the caller's role, i18n, error display, navigation."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

import streamlit as st

from workshop import errors, health, i18n, live
from workshop.domain import Participant, WorkshopError
from workshop.store import Store

FAC_KEY = "fac_auth"
FAC_COOKIE = "bimtek_fac"


@st.cache_resource(show_spinner=False)
def _open_store(path: str) -> Store:
    store = Store(path)
    health.watch(store.path)  # h16: a deleted or replaced database file is noticed
    pin = os.environ.get("BIMTEK_PIN") or _secret("BIMTEK_PIN")
    if pin:
        store.ensure_pin(pin)
    if not os.environ.get("BIMTEK_NO_DEMO"):
        from workshop.demo import ensure_demo

        ensure_demo(store)
    if not os.environ.get("BIMTEK_NO_AUTOSNAPSHOT"):
        from workshop import backups

        backups.start_background(store, backups.default_folder(path))
    return store


def _secret(key: str) -> str | None:
    try:
        value = st.secrets.get(key)
    except Exception:  # no secrets.toml: that is fine
        return None
    return str(value) if value else None


_STORES: dict[str, Store] = {}


def store() -> Store:
    """The process's store (a plain dict lookup: cache_resource re-hashes on every call)."""
    path = os.environ.get("BIMTEK_DB") or "data/bimtek.db"
    found = _STORES.get(path)
    if found is None:
        found = _STORES[path] = _open_store(path)
    return found


def _base_path() -> str:
    return st.get_option("server.baseUrlPath") or ""


def live_url(workshop_id: int) -> str:
    from workshop import web

    return web.live_url(workshop_id, _base_path())


_poll = st.components.v2.component("bimtek_poll", js=live.POLL_JS)


def phone_poll(workshop_id: int, screen: tuple) -> None:
    """The browser-side poll of a phone's screen (see live.POLL_JS): when the room moves
    on, it reruns the fragment this is drawn in."""
    _poll(
        key="phone_poll",
        data=live.poll_data(live_url(workshop_id), screen),
        on_moved_change=lambda: None,
    )


_ballot = st.components.v2.component("bimtek_ballot", css=live.BALLOT_CSS, js=live.BALLOT_JS)


def dot_ballot(
    pillar_id: int, *, token: str, budget: int, cap: int, ideas: list, mine: dict[int, int]
) -> dict | None:
    """The phone's dot ballot (see live.BALLOT_JS): it sends the ballot over HTTP to the
    core, so a vote costs no script run. Returns a ballot the script sent through
    Streamlit instead because the HTTP route did not answer (to be stored by the page)."""
    from workshop import web

    labels = {
        "remaining": tr("vote.remaining"),
        "cap": tr("vote.cap", cap=cap),
        "submit": tr("vote.submit"),
        "saved": tr("vote.saved"),
        "failed": tr("vote.failed"),
        "sending": tr("vote.sending"),
        "plus": tr("vote.plus"),
        "minus": tr("vote.minus"),
    }
    result = _ballot(
        key=f"ballot_{pillar_id}",
        on_ballot_change=lambda: None,
        data=live.ballot_data(
            url=web.vote_url(_base_path()),
            token=token,
            pillar_id=pillar_id,
            budget=budget,
            cap=cap,
            ideas=ideas,
            mine=mine,
            labels=labels,
        ),
    )
    sent = getattr(result, "ballot", None)
    return sent if isinstance(sent, dict) else None


# --- h16: the phone's own screens (live.ROOM_JS) ---
_room = st.components.v2.component("bimtek_room", css=live.ROOM_CSS, js=live.ROOM_JS)


def phone_room(me: Participant) -> dict | None:
    """The joined phone's waiting, ballot and rating screens, drawn by the browser from
    the room's JSON (see live.ROOM_JS): voting opening costs no script run. Returns what
    the browser sent through Streamlit because the HTTP routes did not answer: {"event":
    "ballot" | "rating" | "answer" | "fallback" | "moved", "value": ...} (to be handled
    by the page). An open activity's form is drawn the same way (kind "act")."""
    from workshop import web
    from workshop.activities import kinds as ak

    base = _base_path()
    _, room = web.room_answer(store(), me.workshop_id)
    if room.get("activity"):  # an open activity's form: my stored answers to it
        ask: dict = {"token": me.token, "activity": room["activity"]["id"]}
    else:
        ask = {
            "token": me.token,
            "pillars": [p["id"] for p in room.get("pillars", [])],
            "mode": room.get("mode"),
        }
    _, mine = web.mine_answer(store(), json.dumps(ask).encode())
    if "dots" not in mine and "answers" not in mine:
        mine = {"dots": {}, "ratings": {}}
    labels = {
        "welcome": tr("join.welcome", name="{name}"),
        "wait_title": tr("wait.title"),
        "wait_body": tr("wait.body"),
        "none_open": tr("vote.none_open"),
        "pillar": tr("idea.pillar"),
        "remaining": tr("vote.remaining"),
        "cap": tr("vote.cap", cap="{cap}"),
        "submit": tr("vote.submit"),
        "saved": tr("vote.saved"),
        "sending": tr("vote.sending"),
        "plus": tr("vote.plus"),
        "minus": tr("vote.minus"),
        "rated": tr("vote.rated"),
        "change": tr("vote.change"),
        "rating_help": tr("vote.rating_help"),
        "impact": tr("vote.impact"),
        "feasibility": tr("vote.feasibility"),
        "rate_all": tr("h16.rate_all"),
        "retry_in": tr("h16.retry_in"),
        # the activity forms (DRAW.act)
        "act_send": tr("act.send"),
        "act_saved": tr("act.saved"),
        "act_fill_all": tr("act.fill_all"),
        "act_nothing": tr("act.nothing_yet"),
        "pillar_pick": tr("idea.pillar_pick"),
        "readiness_help": tr("act.readiness_help"),
        "quadrant": tr("act.quadrant"),
        "swot_text": tr("act.swot_text"),
        "add_card": tr("act.add_card"),
        "card_saved": tr("act.card_saved"),
        "cards_left": tr("act.cards_left", n="{n}", cap="{cap}"),
        "my_cards": tr("act.my_cards"),
        "keywords_help": tr("act.keywords_help", n="{n}"),
        "keyword": tr("act.keyword", n="{n}"),
        "approve_help": tr("act.approve_help"),
        "approve_help_max": tr("act.approve_help_max", n="{n}"),
        "longlist_help": tr("act.longlist_help"),
        "relevance": tr("act.relevance"),
        "usg_help": tr("act.usg_help"),
        "roadmap_help": tr("act.roadmap_help"),
        "horizon": tr("act.horizon"),
        **{f"dim.{x}": tr(f"dim.{x}") for x in ak.DIMENSIONS},
        **{f"swot.{x}": tr(f"swot.{x}") for x in ak.QUADRANTS},
        **{f"stmt.{x}": tr(f"stmt.{x}") for x in ak.STATEMENT_KINDS},
        **{f"horizon.{x}": tr(f"horizon.{x}") for x in ak.HORIZONS},
        **{f"usg.{x}": tr(f"usg.{x}") for x in ak.USG_PARTS},
    }
    from workshop import domain

    result = _room(
        key="phone_room",
        data=live.room_data(
            urls={
                "live_url": web.live_url(me.workshop_id, base),
                "room_url": f"{web._prefix(base)}{web.ROOM_PREFIX}{int(me.workshop_id)}",
                "mine_url": web._prefix(base) + web.MINE_PATH,
                "vote_url": web.vote_url(base),
                "rate_url": web._prefix(base) + web.RATE_PATH,
                "answer_url": web._prefix(base) + web.ANSWER_PATH,
            },
            token=me.token,
            name=me.name,
            room=room,
            mine=mine,
            labels=labels,
            phases={code: tr(f"phase.{code}") for code in domain.PHASES},
            orders={
                "dimensions": list(ak.DIMENSIONS),
                "quadrants": list(ak.QUADRANTS),
                "statement_kinds": list(ak.STATEMENT_KINDS),
                "horizons": list(ak.HORIZONS),
                "usg_parts": list(ak.USG_PARTS),
            },
        ),
        on_moved_change=lambda: None,
        on_fallback_change=lambda: None,
        on_ballot_change=lambda: None,
        on_rating_change=lambda: None,
        on_answer_change=lambda: None,
    )
    for event in ("ballot", "rating", "answer", "fallback", "moved"):
        value = getattr(result, event, None)
        if value is not None:
            return {"event": event, "value": value}
    return None


def health_banner() -> None:
    """The facilitator's banner when the phones' writes fail (workshop.health)."""
    import time

    health.check_file(store().path)
    problem = health.current()
    if problem is None:
        return
    ago = max(0, int(time.time() - problem.last))
    st.error(
        tr(f"h16.banner.{problem.kind}", ago=ago, detail=problem.detail, path=store().path),
        icon="⚠️",
    )


# --- end h16 ---


def rerun_view() -> None:
    """Rerun the fragment being drawn (cheap) or, in a full run, the page."""
    from streamlit.errors import StreamlitInvalidLayoutContextError

    try:
        st.rerun(scope="fragment")
    except StreamlitInvalidLayoutContextError:  # the fragment is part of a full run
        st.rerun()


LANG_COOKIE = "bimtek_lang"
LANG_MAX_AGE = 365 * 24 * 3600


def lang() -> str:
    """This browser's language: the session's choice, else the cookie it left, else "id"."""
    chosen = st.session_state.get("lang")
    if chosen not in i18n.LANGS:
        chosen = _cookie(LANG_COOKIE)
        chosen = chosen if chosen in i18n.LANGS else "id"
        st.session_state["lang"] = chosen
    return chosen


def tr(key: str, **kwargs: Any) -> str:
    return i18n.t(key, lang(), **kwargs)


def fac_auth() -> str | None:
    """The facilitator session token of this browser (session state, else the cookie set
    at login so a reload of the projector keeps the login), if the store still knows it."""
    auth = st.session_state.get(FAC_KEY) or _cookie(FAC_COOKIE)
    if auth and store().is_facilitator(auth):
        st.session_state[FAC_KEY] = auth
        return auth
    return None


def _cookie(name: str) -> str | None:
    try:
        value = st.context.cookies.get(name)
    except Exception:  # no browser context (bare mode)
        return None
    return value if isinstance(value, str) and value else None


# --- h13a: the facilitator's cookie is set by the ASGI layer (workshop/guard.py) ---
# Page JavaScript never sees a session token: the login page sends the browser to
# /api/masuk with a one-time hand-off code, which sets the HttpOnly cookie there.
_NAV_JS = """
export default function ({ data }) {
  if (data && data.url && window.location.href !== data.url) {
    window.location.assign(data.url);
  }
}
"""
_navigate = st.components.v2.component("bimtek_nav", js=_NAV_JS)


def client_address() -> str:
    """The TCP peer address of this browser's connection ("" when unknown, e.g. AppTest:
    never taken as the machine itself). Not st.context.ip_address: that one says None for
    127.0.0.1 and ::1, which cannot be told from "unknown"."""
    from streamlit import runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    try:
        ctx = get_script_run_ctx()
        client = runtime.get_instance().get_client(ctx.session_id) if ctx else None
        value = client.client_context.remote_ip if client and client.client_context else None
    except Exception:  # no runtime (bare mode, AppTest)
        return ""
    return value if isinstance(value, str) else ""


def device_id() -> str | None:
    """This browser's device cookie (set by workshop/guard.py), if it sent one."""
    from workshop import guard

    return _cookie(guard.DEVICE_COOKIE)


def remember_facilitator(auth: str) -> None:
    """Log this browser in: session state now; the browser goes through /api/masuk with
    a one-time code, which sets the HttpOnly session cookie (for reloads and downloads)
    and brings it back to this page. One code per session token (a rerun writes nothing)."""
    from workshop import guard

    st.session_state[FAC_KEY] = auth
    held = st.session_state.get("fac_handoff")
    if not (isinstance(held, tuple) and held[0] == auth):
        held = (auth, store().login_handoff(auth))
        st.session_state["fac_handoff"] = held
    url = guard.login_url(held[1], _base_path(), next_path=_page_path())
    _navigate(key="fac_login_nav", data={"url": url})
    st.link_button(tr("fac.continue"), url, key="fac_login_continue")  # without JavaScript


def _page_path() -> str | None:
    """The path of the page being shown (where /api/masuk sends the browser back)."""
    import urllib.parse

    try:
        url = st.context.url
    except Exception:  # no browser context (bare mode, AppTest)
        return None
    return urllib.parse.urlsplit(url).path if isinstance(url, str) and url else None


def forget_facilitator() -> None:
    """Log out: end the session now, then clear the HttpOnly cookie at /api/keluar."""
    from workshop import guard

    store().logout(st.session_state.pop(FAC_KEY, None))
    cookie = _cookie(FAC_COOKIE)
    if cookie:
        store().logout(cookie)
    _navigate(key="fac_logout_nav", data={"url": guard.logout_url(_base_path())})


def join_spike_warning(workshop_id: int) -> None:
    """The control page's warning when joins spike or limits refused some (one query)."""
    spike = store().join_spike(workshop_id)
    if spike:
        st.warning(tr("lim.spike", **spike), icon=":material/warning:")


def pin_warning() -> None:
    """The facilitator pages' banner when the PIN was changed in the app while the server
    runs with another BIMTEK_PIN (which comes back at the next start)."""
    if store().pin_differs_from_config():
        st.warning(tr("fac.pin_differs"), icon=":material/warning:")


def participant_token() -> str | None:
    """The participant's secret token: kept in the URL so reloads keep the identity."""
    token = st.query_params.get("t")
    return token if isinstance(token, str) and token else None


def current_participant() -> Participant | None:
    return store().participant(participant_token())


def message(err: WorkshopError) -> str:
    """A core refusal in this browser's language, its quoted user text made inert."""
    return live.esc_message(errors.in_language(str(err), lang()))


def run(
    action: Callable[..., Any],
    *args: Any,
    ok: str | None = None,
    rerun: bool = False,
    **kwargs: Any,
) -> Any:
    """Call the core function `action(*args, **kwargs)`; show its refusal (in the session's
    language) instead of a traceback. The refusal stays on screen: with `rerun=True` the
    page reruns only after a success, and the next run shows `ok` (see `flash`).

    Reports how it went: the result (True when the function returns None) on success,
    None on a refusal."""
    try:
        result = action(*args, **kwargs)
    except WorkshopError as err:
        st.error(message(err), icon="⚠️")
        return None
    if rerun:
        rerun_with(ok) if ok else st.rerun()
    if ok:
        st.toast(ok)
    return True if result is None else result


def rerun_with(success: str) -> None:
    """Rerun the page now; the next run shows `success`."""
    st.session_state["flash_ok"] = success
    st.rerun()


def flash() -> None:
    """Show the success message a `run(..., rerun=True)` left for this run."""
    text = st.session_state.pop("flash_ok", None)
    if text:
        st.toast(text)


def _write_through(key: str, apply: Callable[..., Any], args: tuple) -> None:
    run(apply, *args, st.session_state[key])


def synced(
    widget: Callable[..., Any],
    label: str,
    *,
    key: str,
    stored: Any,
    apply: Callable[..., Any],
    args: tuple = (),
    **kwargs: Any,
) -> Any:
    """A widget that always shows the stored value and, when the user changes it, writes
    it through the core as `apply(*args, value)` (another device may have changed the
    value since the last run)."""
    st.session_state[key] = stored
    return widget(label, key=key, on_change=_write_through, args=(key, apply, args), **kwargs)


def require_facilitator() -> str:
    """Stop the page unless this session is a logged-in facilitator."""
    auth = fac_auth()
    if auth is None:
        st.error(tr("fac.only"))
        st.stop()
    health_banner()  # h16
    flash()
    pin_warning()  # h13a
    return auth


def join_base_url() -> str:
    """Base URL for phones: the facilitator's setting, BIMTEK_PUBLIC_URL, or the LAN address."""
    from workshop import netinfo

    override = (
        store().setting("public_url")
        or os.environ.get("BIMTEK_PUBLIC_URL")
        or _secret("BIMTEK_PUBLIC_URL")
    )
    return netinfo.base_url(override, int(st.get_option("server.port") or 8501))


def require_workshop() -> int:
    """The active workshop's id; stops the page (saying why) when there is none."""
    wid = active_workshop_id()
    if wid is None:
        st.stop()
        raise AssertionError("unreachable")  # st.stop() ends the run
    return wid


def active_workshop_id() -> int | None:
    wid = store().active_workshop_id()
    if wid is None:
        st.info(tr("common.no_workshop"))
    return wid


# Writes one cookie in the page's own document (a v2 component runs there, no iframe).
_COOKIE_JS = """
export default function ({ data }) {
  const want = data.name + "=" + data.value;
  if (!document.cookie.split("; ").includes(want)) {
    document.cookie = want + "; path=/; max-age=" + data.max_age + "; SameSite=Lax";
  }
}
"""
_cookie_writer = st.components.v2.component("bimtek_cookie", js=_COOKIE_JS)


def _flip_lang() -> None:
    st.session_state["lang"] = "en" if lang() == "id" else "id"


def lang_switch() -> None:
    """The language button; the choice is kept in a cookie so a reload or another page
    of this browser keeps it."""
    st.button(
        i18n.t("lang.switch", lang()), key="lang_switch", type="tertiary", on_click=_flip_lang
    )
    _cookie_writer(
        key="lang_cookie", data={"name": LANG_COOKIE, "value": lang(), "max_age": LANG_MAX_AGE}
    )


# Every page a facilitator may use, in menu order: (file, title key, icon, url path).
FACILITATOR_PAGES = (
    ("pages/projector.py", "nav.projector", ":material/tv:", "layar"),
    ("pages/control.py", "nav.control", ":material/tune:", "kendali"),
    ("pages/quickwin.py", "nav.agree", ":material/flag:", "quickwin"),
    ("pages/setup.py", "nav.setup", ":material/settings:", "kegiatan"),
    ("pages/participants.py", "nav.participants", ":material/groups:", "daftar-peserta"),
    ("pages/downloads.py", "nav.download", ":material/description:", "unduh"),
    ("pages/backups.py", "nav.backup", ":material/backup:", "cadangan"),
    ("pages/activities.py", "nav.activities", ":material/view_agenda:", "aktivitas"),  # h14
)


def pages() -> list[st.Page]:
    """The pages this session may see: facilitators get the control pages."""
    # The participant page is "/" for everyone: the QR link is /?code=...
    participant = st.Page(
        "pages/participant.py",
        title=tr("nav.participant"),
        icon=":material/smartphone:",
        url_path="peserta",
        default=True,
    )
    if fac_auth() is None:
        return [
            participant,
            st.Page(
                "pages/login.py", title=tr("nav.login"), icon=":material/login:", url_path="masuk"
            ),
        ]
    return [
        st.Page(path, title=tr(title), icon=icon, url_path=url)
        for path, title, icon, url in FACILITATOR_PAGES
    ] + [
        participant,
        st.Page(
            "pages/login.py", title=tr("nav.logout"), icon=":material/logout:", url_path="masuk"
        ),
    ]


def nav_position() -> str:
    """Phones get no menu; the facilitator gets the page list in the sidebar (on a phone
    behind the sidebar button in the header)."""
    return "sidebar" if fac_auth() else "hidden"
