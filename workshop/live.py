"""Pure helpers for the live screens: what a phone should show, labels, escaping."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from typing import Any

from . import domain as d

# A phone asks "did the room move on?" over plain HTTP (workshop/web.py, no script run)
# every PHONE_POLL_SECONDS; only an answer that differs from its screen reruns its page.
PHONE_POLL_SECONDS = 4
# If that HTTP poll keeps failing (a proxy that does not pass /api/), the phone falls back
# to asking the server through a rerun this often.
PHONE_FALLBACK_SECONDS = 15
PROJECTOR_POLL_SECONDS = 2

GROUP_LABELS = d.GROUP_LABELS
KIND_LABELS = d.KIND_LABELS

PHONE_CSS = """
html, body, [data-testid="stAppViewContainer"] { overflow-x: hidden; }
[data-testid="stMainBlockContainer"] { padding: 1rem 0.75rem 3rem; max-width: 720px; }
[data-testid="stHeader"], [data-testid="stToolbar"] { display: none; }
.stButton button, .stFormSubmitButton button { min-height: 48px; font-size: 1.05rem; }
[data-testid="stNumberInput"] button { min-width: 44px; min-height: 44px; }
.st-key-lang_switch button { min-width: 44px; min-height: 44px; }
"""

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")


def esc(text: str) -> str:
    """Escape markdown so user text renders literally in st.markdown and widget labels."""
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", "  \n")


def phone_screen(state: dict[str, Any]) -> tuple:
    """The screen a phone shows for a live state; a change means the phone reruns."""
    if state["phase"] == "collect":
        return ("collect", state["stage_id"])
    if state["phase"] == "vote":
        return ("vote", state["stage_id"], state["vote_mode"], tuple(state["open_pillars"]))
    return ("wait", state["stage_id"], state["phase"])


def screen_token(screen: tuple) -> str:
    """A phone screen as a short string: what the poll route answers and the page compares."""
    return ":".join(",".join(map(str, x)) if isinstance(x, tuple) else str(x) for x in screen)


# The phone's poll, run by the browser (an st.components.v2 component with no HTML): it
# fetches data.url every data.every seconds and, when the answer's screen differs from the
# one the server drew (data.screen), fires the "moved" trigger, which reruns the phone's
# screen fragment. Nothing runs on the server while nothing changes.
#
# Exactly one loop per page: Streamlit calls this function again whenever the component's
# data changes (each new screen) without calling the cleanup of the earlier call, so the
# loop lives on `window` and each call only hands it the newest screen and trigger. The
# cleanup (on unmount) stops the loop only if no newer call took it over.
POLL_JS = """
export default function (component) {
  const { data, setTriggerValue } = component;
  const loop = window.__bimtekPoll ||
    (window.__bimtekPoll = { gen: 0, timer: null, running: false, failures: 0,
                             lastFired: 0, screen: null });
  loop.gen += 1;
  const gen = loop.gen;
  loop.data = data;
  loop.fire = (value) => { loop.lastFired = Date.now(); setTriggerValue("moved", value); };
  if (loop.screen !== data.screen) { loop.screen = data.screen; loop.lastFired = 0; }
  const schedule = () => {
    clearTimeout(loop.timer);
    loop.timer = setTimeout(tick, loop.data.every * 1000);
  };
  async function tick() {
    loop.timer = null;
    const d = loop.data;
    const abort = new AbortController();
    const hang = setTimeout(() => abort.abort(), 8000);
    try {
      const r = await fetch(d.url, { cache: "no-store", signal: abort.signal });
      if (!r.ok) { throw new Error(String(r.status)); }
      const j = await r.json();
      loop.failures = 0;
      // the room moved on from the screen drawn: ask for a redraw (again, now and then,
      // if a rerun got lost)
      if (loop.running && j.screen !== loop.data.screen &&
          Date.now() - loop.lastFired >= (loop.lastFired ? d.fallback * 1000 : 0)) {
        loop.fire(j.screen);
      }
    } catch (e) {
      loop.failures += 1;
      if (loop.running && loop.failures >= 3 &&
          Date.now() - loop.lastFired >= d.fallback * 1000) {
        loop.fire("?");  // the route is unreachable: let the server check
      }
    } finally {
      clearTimeout(hang);
    }
    if (loop.running && loop.timer === null) { schedule(); }
  }
  if (!loop.running) { loop.running = true; schedule(); }
  return () => {
    if (loop.gen === gen) { loop.running = false; clearTimeout(loop.timer); loop.timer = null; }
  };
}
"""


def poll_data(url: str, screen: tuple) -> dict[str, Any]:
    """What the phone's poll component is given for the screen it shows."""
    return {
        "url": url,
        "screen": screen_token(screen),
        "every": PHONE_POLL_SECONDS,
        "fallback": PHONE_FALLBACK_SECONDS,
    }


# The dot ballot on a phone (an st.components.v2 component). It draws one row per idea
# (title as text, never HTML), "−"/"+" buttons within the cap and the budget, the dots
# left, and sends the whole ballot to data.url (workshop/web.py, POST /api/vote); the core
# stores it or refuses it, and the answer is shown as it comes: no script run per vote.
BALLOT_CSS = """
.bl-ballot, .bl-ballot button { font-family: inherit; }
.bl-left { font-weight: 700; font-size: 1.1rem; margin: .2rem 0 .1rem; }
.bl-cap { color: #555; font-size: .95rem; margin-bottom: .5rem; }
.bl-row { display: flex; align-items: center; gap: .5rem; padding: .5rem 0;
          border-bottom: 1px solid #e3e7ee; }
.bl-title { flex: 1; font-size: 1.05rem; overflow-wrap: anywhere; }
.bl-row button { min-width: 48px; min-height: 48px; font-size: 1.4rem; border-radius: .5rem;
                 border: 1px solid #b7c3d4; background: #fff; }
.bl-row button:disabled { opacity: .35; }
.bl-n { min-width: 2ch; text-align: center; font-size: 1.3rem; font-weight: 700; }
.bl-send { width: 100%; min-height: 52px; margin-top: .8rem; font-size: 1.1rem; color: #fff;
           background: #0b5394; border: 0; border-radius: .5rem; }
.bl-send:disabled { opacity: .6; }
.bl-status { margin-top: .6rem; padding: .6rem .8rem; border-radius: .5rem; font-size: 1rem; }
.bl-status.ok { background: #e6f4ea; color: #0d5322; }
.bl-status.err { background: #fdecea; color: #8a1c14; }
"""

BALLOT_JS = """
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const root = parentElement.querySelector(".bl-ballot") || document.createElement("div");
  root.className = "bl-ballot";
  root.replaceChildren();
  parentElement.appendChild(root);
  const L = data.labels;
  const dots = {};
  for (const idea of data.ideas) { dots[idea.id] = data.mine[String(idea.id)] || 0; }
  const spent = () => Object.values(dots).reduce((a, b) => a + b, 0);
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  };
  const left = el("div", "bl-left");
  left.setAttribute("data-testid", "ballot-left");
  root.appendChild(left);
  root.appendChild(el("div", "bl-cap", L.cap));
  const rows = [];
  for (const idea of data.ideas) {
    const row = el("div", "bl-row");
    row.setAttribute("data-idea", String(idea.id));
    const minus = el("button", "bl-minus", "\u2212");
    const n = el("span", "bl-n");
    const plus = el("button", "bl-plus", "+");
    minus.type = plus.type = "button";
    minus.setAttribute("aria-label", L.minus + ": " + idea.title);
    plus.setAttribute("aria-label", L.plus + ": " + idea.title);
    minus.onclick = () => { if (dots[idea.id] > 0) { dots[idea.id] -= 1; draw(); } };
    plus.onclick = () => {
      if (dots[idea.id] < data.cap && spent() < data.budget) { dots[idea.id] += 1; draw(); }
    };
    row.append(el("span", "bl-title", idea.title), minus, n, plus);
    root.appendChild(row);
    rows.push([idea.id, minus, n, plus]);
  }
  const send = el("button", "bl-send", L.submit);
  send.type = "button";
  const status = el("div", "bl-status");
  status.setAttribute("role", "status");
  status.setAttribute("data-testid", "ballot-status");
  status.hidden = true;
  root.append(send, status);
  function draw() {
    left.textContent = L.remaining.replace("{left}", String(data.budget - spent()))
                                  .replace("{budget}", String(data.budget));
    for (const [id, minus, n, plus] of rows) {
      n.textContent = String(dots[id]);
      minus.disabled = dots[id] <= 0;
      plus.disabled = dots[id] >= data.cap || spent() >= data.budget;
    }
  }
  function show(ok, text) {
    // the ballot may have been redrawn while the answer was on its way: write into the
    // status line on screen now, not a detached one
    const line = parentElement.querySelector("[data-testid=ballot-status]") || status;
    line.hidden = false;
    line.className = "bl-status " + (ok ? "ok" : "err");
    line.textContent = text;
  }
  send.onclick = async () => {
    send.disabled = true;
    const ballot = {};
    for (const [id, n] of Object.entries(dots)) { if (n > 0) { ballot[id] = n; } }
    let j = null;
    let r = null;
    try {
      r = await fetch(data.url, {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ token: data.token, pillar_id: data.pillar_id, dots: ballot }),
      });
      j = await r.json();
    } catch (e) {
      j = null;  // no answer from the route (Wi-Fi, or a proxy that does not pass /api/)
    }
    if (j && r.ok) { show(true, L.saved.replace("{n}", String(j.total))); }
    else if (j && j.error) { show(false, j.error); }
    else {  // send the ballot through Streamlit instead; the page shows the answer
      setTriggerValue("ballot", ballot);
      show(true, L.sending);
    }
    send.disabled = false;
  };
  draw();
  // a stored ballot stays confirmed on every redraw (and after a reload)
  if (data.saved_total > 0) { show(true, L.saved.replace("{n}", String(data.saved_total))); }
}
"""


def ballot_data(
    *,
    url: str,
    token: str,
    pillar_id: int,
    budget: int,
    cap: int,
    ideas: Sequence[d.Idea],
    mine: dict[int, int],
    labels: dict[str, str],
) -> dict[str, Any]:
    """What the dot ballot component is given: the ballot, the phone's current dots and
    the words to show (in the session's language)."""
    return {
        "url": url,
        "token": token,
        "pillar_id": pillar_id,
        "budget": budget,
        "cap": cap,
        "ideas": [{"id": i.id, "title": i.title} for i in ideas],
        "mine": {str(k): v for k, v in mine.items()},
        # only what is on this ballot (an idea hidden or merged since left the ballot)
        "saved_total": sum(mine.get(i.id, 0) for i in ideas),
        "labels": labels,
    }


def page_number(text: Any) -> int | None:
    """A page number from a URL parameter ("3"), or None for anything else ("²", 5000
    digits, "-1", a list)."""
    if isinstance(text, str) and 0 < len(text) <= 4 and text.isascii() and text.isdigit():
        return int(text)
    return None


def label_of(labels: dict[Any, str]) -> Callable[[Any], str]:
    """A widget's format_func from a dict of labels (unknown values show as themselves)."""
    return lambda value: labels.get(value, str(value))


def pillar_label(pillars: Sequence[d.Pillar]) -> Callable[[int], str]:
    names = {p.id: p.name for p in pillars}
    return lambda pid: names.get(pid, str(pid))


def opd_label(opds: Sequence[d.Opd], none_label: str) -> Callable[[int | None], str]:
    names = {o.id: o.name for o in opds}
    return lambda oid: none_label if oid is None else names.get(oid, str(oid))


def seconds_left(phase_ends_at: float | None, now: float) -> int | None:
    if phase_ends_at is None:
        return None
    return max(0, int(round(phase_ends_at - now)))


def mmss(seconds: int) -> str:
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


PROJECTOR_CSS = """
[data-testid="stMainBlockContainer"] { padding: 1rem 2rem; max-width: 100%; }
.bl-big { font-size: 2.6rem; font-weight: 700; line-height: 1.15; }
.bl-code { font-size: 4rem; font-weight: 800; letter-spacing: .3rem; color: #0b5394; }
.bl-url { font-size: 1.8rem; word-break: break-all; }
.bl-metric { font-size: 1.6rem; } .bl-metric b { font-size: 3.2rem; display: block; }
.bl-timer { font-size: 4.5rem; font-weight: 800; color: #b00020; text-align: center; }
.bl-wall { display: grid; grid-template-columns: repeat(3, 1fr); gap: 1rem; }
.bl-col { background: #f2f6fb; border-radius: .6rem; padding: .6rem .8rem; }
.bl-col h3 { font-size: 1.7rem; margin: 0 0 .4rem; color: #0b5394; }
.bl-idea { font-size: 1.45rem; background: white; border-radius: .4rem; padding: .35rem .6rem;
           margin: .35rem 0; border-left: .35rem solid #0b5394; overflow-wrap: anywhere; }
.bl-idea small { color: #555; font-size: 1.05rem; display: block; }
.bl-more { font-size: 1.2rem; color: #555; }
"""


def idea_wall_html(
    pillars: Sequence[d.Pillar],
    ideas: Sequence[d.Idea],
    per_pillar: int = 6,
    opd_names: dict[int, str] | None = None,
    kind_labels: dict[str, str] | None = None,
    more_text: str = "+{n} lainnya",
) -> str:
    """The projector's idea wall: newest ideas per pillar, all user text HTML-escaped.

    `kind_labels` and `more_text` (with {n}) let the page pass the session's language."""
    opd_names = opd_names or {}
    kind_labels = KIND_LABELS if kind_labels is None else kind_labels
    cols = []
    for p in pillars:
        mine = [i for i in ideas if i.pillar_id == p.id]
        cards = []
        for i in sorted(mine, key=lambda i: -i.id)[:per_pillar]:
            meta = kind_labels.get(i.kind, i.kind)
            if i.opd_id in opd_names:
                meta += " · " + opd_names[i.opd_id]
            cards.append(
                f'<div class="bl-idea" data-idea="{i.id}">{html.escape(i.title)}'
                f"<small>{html.escape(meta)}</small></div>"
            )
        more = len(mine) - len(cards)
        tail = (
            f'<div class="bl-more">{html.escape(more_text.format(n=more))}</div>'
            if more > 0
            else ""
        )
        cols.append(
            f'<div class="bl-col"><h3>{html.escape(p.short)} ({len(mine)})</h3>'
            f"{''.join(cards)}{tail}</div>"
        )
    return f'<div class="bl-wall">{"".join(cols)}</div>'


def ballot_from_state(state: Any, prefix: str) -> dict[int, int]:
    """Dot votes from widget values keyed '<prefix><idea_id>' (e.g. 'vote_3_17')."""
    out = {}
    for key, value in state.items():
        if key.startswith(prefix) and key[len(prefix) :].isdigit():
            out[int(key[len(prefix) :])] = int(value or 0)
    return out


def ratings_from_state(state: Any, pillar_id: int) -> dict[int, tuple[int, int]]:
    """Ratings from widget values 'impact_<pillar>_<idea>' and 'feas_<pillar>_<idea>'."""
    impact = ballot_from_state(state, f"impact_{pillar_id}_")
    feas = ballot_from_state(state, f"feas_{pillar_id}_")
    return {i: (impact[i], feas[i]) for i in impact if impact[i] and feas.get(i)}


PHONE_CARD_CSS = """
.bl-card { font-size: 1.05rem; font-weight: 600; overflow-wrap: anywhere; margin: .2rem 0; }
.bl-card small { display: block; font-weight: 400; color: #555; }
"""


def card_html(title: str, meta: str = "") -> str:
    """An idea title for a phone, HTML-escaped (shown literally: no markdown, no autolinks)."""
    small = f"<small>{html.escape(meta)}</small>" if meta else ""
    return f'<div class="bl-card">{html.escape(title)}{small}</div>'


_MSG_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#!|~$])")


def esc_message(text: str) -> str:
    """Escape only the markdown that could turn quoted user text in a message into
    markup (images, links, emphasis, HTML); plain sentences stay as they are."""
    return _MSG_SPECIAL.sub(r"\\\1", text)


# ------------------------------------------------------------------ the phone's own screens
# The screens that change with the room (waiting, the dot ballot, the rating form) are
# drawn by the phone itself (an st.components.v2 component in the page's document): it
# polls GET data.live_url every data.every seconds (the same tiny answer as POLL_JS) and,
# when the room moved on within the same stage, fetches GET data.room_url (one answer
# shared by every phone of the workshop: workshop/web.py room_answer) and, while voting,
# POST data.mine_url {token, pillars, mode} (this participant's stored dots or ratings),
# then redraws: voting opening costs no script run. A ballot or a rating is one POST
# (data.vote_url / data.rate_url) into the core. It fires a trigger (a rerun of the
# phone's fragment, Streamlit drawing) only when the room moves to or from a screen
# Streamlit draws (idea collection, another stage), when the participant was removed
# ("moved"), or when the HTTP routes keep failing ("fallback": the Streamlit screens).
# A write refused with 503 (storage locked, disk full) is shown and retried with backoff.
# An open activity (kind "act") is drawn the same way: room_answer carries its public
# set-up (`activity`), POST data.mine_url {token, activity} this participant's stored
# answers, and a form is sent as one POST data.answer_url {token, activity_id, pillar_id,
# value} (the core's submit_answer); when that route does not answer, the "answer"
# trigger hands it to the script. The Streamlit forms (pages/activity_phone.py) stay as
# the fallback. New screen kinds are one more entry in DRAW below and in room_answer.
ROOM_KINDS = ("wait", "vote", "act")  # the screen kinds this component draws

ROOM_CSS = (
    BALLOT_CSS
    + """
.bl-room, .bl-room button { font-family: inherit; }
.bl-welcome { font-size: 1.05rem; font-weight: 600; overflow-wrap: anywhere;
  margin: .2rem 0 .6rem; }
.bl-welcome small { display: block; font-weight: 400; color: #555; }
.bl-room h3 { font-size: 1.35rem; margin: .6rem 0 .3rem; }
.bl-room .bl-caption { color: #555; font-size: .95rem; }
.bl-info { background: #e8f0fb; color: #0b3d6e; padding: .7rem .8rem; border-radius: .5rem; }
.bl-pillars { display: flex; flex-wrap: wrap; gap: .4rem; margin: .3rem 0 .6rem; }
.bl-pillars button { min-height: 44px; padding: .3rem .8rem; border-radius: 1.2rem;
  border: 1px solid #b7c3d4; background: #fff; font-size: 1rem; }
.bl-pillars button[aria-pressed=true] { background: #0b5394; color: #fff; border-color: #0b5394; }
.bl-pillar-name { font-weight: 700; font-size: 1.15rem; margin: .2rem 0 .4rem; }
.bl-rate-idea { padding: .5rem 0; border-bottom: 1px solid #e3e7ee; }
.bl-rate-idea .bl-title { display: block; margin-bottom: .3rem; }
.bl-scale { display: flex; align-items: center; gap: .3rem; margin: .25rem 0; }
.bl-scale span { min-width: 5.8em; font-size: .95rem; color: #333; }
.bl-scale button { flex: 1; min-width: 40px; max-width: 56px; min-height: 44px;
  font-size: 1.1rem; border-radius: .5rem; border: 1px solid #b7c3d4; background: #fff; }
.bl-scale button[aria-pressed=true] { background: #0b5394; color: #fff; border-color: #0b5394; }
.bl-change { width: 100%; min-height: 48px; margin-top: .5rem; font-size: 1.05rem;
  border: 1px solid #b7c3d4; border-radius: .5rem; background: #fff; }
.bl-room input { font-family: inherit; }
.bl-room h4 { font-size: 1.1rem; margin: .8rem 0 .2rem; color: #0b5394; }
.bl-act-title { overflow-wrap: anywhere; }
.bl-options { display: flex; flex-wrap: wrap; gap: .4rem; margin: .25rem 0 .5rem; }
.bl-options button { min-height: 44px; min-width: 44px; max-width: 100%; padding: .3rem .8rem;
  border-radius: .5rem; border: 1px solid #b7c3d4; background: #fff; font-size: 1rem;
  overflow-wrap: anywhere; }
.bl-options button[aria-pressed=true] { background: #0b5394; color: #fff; border-color: #0b5394; }
.bl-scale-wide { flex-wrap: wrap; }
.bl-scale-wide > span { flex-basis: 100%; min-width: 0; overflow-wrap: anywhere; }
.bl-field { display: block; margin: .5rem 0; }
.bl-field > span { display: block; font-size: .95rem; color: #333; margin-bottom: .2rem; }
.bl-input { box-sizing: border-box; width: 100%; min-height: 48px; font-size: 1.05rem;
  padding: .4rem .6rem; border: 1px solid #b7c3d4; border-radius: .5rem; }
.bl-check { display: flex; align-items: center; gap: .6rem; min-height: 44px; padding: .2rem 0;
  overflow-wrap: anywhere; font-size: 1.02rem; }
.bl-check input { flex: none; width: 26px; height: 44px; margin: 0; }
.bl-check span { min-width: 0; flex: 1; }
.bl-act-row { padding: .5rem 0 .2rem; border-top: 1px solid #e3e7ee; }
.bl-act-row .bl-title { display: block; font-weight: 600; }
.bl-act-row small, .bl-act-card small { display: block; color: #555; overflow-wrap: anywhere; }
.bl-act-card { background: #f2f6fb; border-left: .3rem solid #0b5394; border-radius: .4rem;
  padding: .4rem .6rem; margin: .35rem 0; overflow-wrap: anywhere; }
"""
)

ROOM_JS = """
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const S = window.__bimtekRoom ||
    (window.__bimtekRoom = { gen: 0, timer: null, running: false, failures: 0,
                             lastFired: 0, pillar: null, edit: {}, drafts: {}, retry: {},
                             actPillar: {}, flash: null });
  S.gen += 1;
  const gen = S.gen;
  S.data = data;
  S.parent = parentElement;
  S.fire = (name, value) => { S.lastFired = Date.now(); setTriggerValue(name, value); };
  // what the script drew is the newest state it knew: start from it
  S.room = data.room;
  S.mine = data.mine;
  S.lastFired = 0;
  const L = () => S.data.labels;
  const fmt = (text, values) => text.replace(/\\{(\\w+)\\}/g, (m, k) =>
    (k in values ? String(values[k]) : m));
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  };
  const button = (cls, text) => { const b = el("button", cls, text); b.type = "button"; return b; };

  async function getJSON(url, body) {
    const abort = new AbortController();
    const hang = setTimeout(() => abort.abort(), 20000);
    try {
      const init = body === undefined ? { cache: "no-store", signal: abort.signal } : {
        method: "POST", cache: "no-store", signal: abort.signal,
        headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
      const r = await fetch(url, init);
      let j = null;
      try { j = await r.json(); } catch (e) { j = null; }
      return { status: r.status, ok: r.ok, j };
    } finally { clearTimeout(hang); }
  }

  // ---------------------------------------------------------------- drawing
  function root() {
    const p = S.parent;
    let r = p.querySelector(".bl-room");
    if (!r) {
      r = el("div", "bl-room");
      r.setAttribute("data-testid", "phone-room");
      p.appendChild(r);
    }
    return r;
  }
  function draw() {
    const r = root();
    const room = S.room;
    r.setAttribute("data-screen", room.screen);
    r.setAttribute("data-kind", room.kind);
    r.setAttribute("data-activity", room.activity ? String(room.activity.id) : "");
    r.replaceChildren();
    const card = el("div", "bl-welcome", fmt(L().welcome, { name: S.data.name }));
    card.appendChild(el("small", "", S.data.phases[room.phase] || room.phase));
    r.appendChild(card);
    (DRAW[room.kind] || DRAW.wait)(r, room);
  }
  const DRAW = {
    wait(r) {
      r.appendChild(el("h3", "", L().wait_title));
      r.appendChild(el("div", "bl-caption", L().wait_body));
    },
    vote(r, room) {
      if (!room.pillars.length) { r.appendChild(el("div", "bl-info", L().none_open)); return; }
      if (!room.pillars.some((p) => p.id === S.pillar)) { S.pillar = room.pillars[0].id; }
      if (room.pillars.length > 1) {
        const tabs = el("div", "bl-pillars");
        tabs.setAttribute("role", "group");
        tabs.setAttribute("aria-label", L().pillar);
        for (const p of room.pillars) {
          const b = button("", p.short || p.name);
          b.setAttribute("aria-pressed", String(p.id === S.pillar));
          b.setAttribute("data-pillar", String(p.id));
          b.onclick = () => { S.pillar = p.id; draw(); };
          tabs.appendChild(b);
        }
        r.appendChild(tabs);
      }
      const pillar = room.pillars.find((p) => p.id === S.pillar);
      r.appendChild(el("div", "bl-pillar-name", pillar.name));
      if (room.mode === "rating") { rating(r, room, pillar); } else { dots(r, room, pillar); }
    },
    act(r, room) {
      const a = room.activity;
      if (!a || !ACT[a.kind]) { DRAW.wait(r); return; }
      r.appendChild(el("h3", "bl-act-title", a.title));
      ACT[a.kind](r, a, (S.mine && S.mine.answers) || {});
    },
  };
  function statusLine(r, testid) {
    const s = el("div", "bl-status");
    s.setAttribute("role", "status");
    s.setAttribute("data-testid", testid || "ballot-status");
    s.hidden = true;
    r.appendChild(s);
    return s;
  }
  function show(ok, text, reveal) {
    const line = S.parent.querySelector(
      "[data-testid=ballot-status], [data-testid=act-status]");
    if (!line) { return; }
    line.hidden = false;
    line.className = "bl-status " + (ok ? "ok" : "err");
    line.textContent = text;
    if (reveal && line.scrollIntoView) { line.scrollIntoView({ block: "nearest" }); }
  }
  function dots(r, room, pillar) {
    const key = room.stage_id + ":" + pillar.id;
    const saved = (S.mine && S.mine.dots && S.mine.dots[String(pillar.id)]) || {};
    const draft = S.drafts[key] || (S.drafts[key] = Object.assign({}, saved));
    const count = (id) => draft[String(id)] || 0;
    const spent = () => pillar.ideas.reduce((a, i) => a + count(i.id), 0);
    const left = el("div", "bl-left");
    left.setAttribute("data-testid", "ballot-left");
    r.appendChild(left);
    r.appendChild(el("div", "bl-cap", fmt(L().cap, { cap: room.cap })));
    const rows = [];
    for (const idea of pillar.ideas) {
      const row = el("div", "bl-row");
      row.setAttribute("data-idea", String(idea.id));
      const minus = button("bl-minus", "\\u2212");
      const n = el("span", "bl-n");
      const plus = button("bl-plus", "+");
      minus.setAttribute("aria-label", L().minus + ": " + idea.title);
      plus.setAttribute("aria-label", L().plus + ": " + idea.title);
      minus.onclick = () => {
        if (count(idea.id) > 0) { draft[String(idea.id)] = count(idea.id) - 1; update(); }
      };
      plus.onclick = () => {
        if (count(idea.id) < room.cap && spent() < room.budget) {
          draft[String(idea.id)] = count(idea.id) + 1; update();
        }
      };
      row.append(el("span", "bl-title", idea.title), minus, n, plus);
      r.appendChild(row);
      rows.push([idea.id, minus, n, plus]);
    }
    const send = button("bl-send", L().submit);
    r.appendChild(send);
    statusLine(r);
    function update() {
      left.textContent = fmt(L().remaining, { left: room.budget - spent(), budget: room.budget });
      for (const [id, minus, n, plus] of rows) {
        n.textContent = String(count(id));
        minus.disabled = count(id) <= 0;
        plus.disabled = count(id) >= room.cap || spent() >= room.budget;
      }
    }
    send.onclick = () => {
      const ballot = {};
      for (const i of pillar.ideas) { if (count(i.id) > 0) { ballot[String(i.id)] = count(i.id); } }
      const body = { token: S.data.token, pillar_id: pillar.id, dots: ballot };
      write("dots", key, S.data.vote_url, body,
            (j) => {
              S.mine.dots[String(pillar.id)] = j.saved;
              return fmt(L().saved, { n: j.total });
            });
    };
    update();
    const total = pillar.ideas.reduce((a, i) => a + (saved[String(i.id)] || 0), 0);
    if (S.retry[key]) { show(false, S.retry[key]); }
    else if (total > 0) { show(true, fmt(L().saved, { n: total })); }
  }
  function rating(r, room, pillar) {
    const key = room.stage_id + ":" + pillar.id;
    const saved = (S.mine && S.mine.ratings && S.mine.ratings[String(pillar.id)]) || {};
    const ids = pillar.ideas.map((i) => String(i.id));
    const n = ids.filter((id) => id in saved).length;
    if (n > 0 && !S.edit[key]) {
      statusLine(r);
      show(true, fmt(L().rated, { n }));
      const change = button("bl-change", L().change);
      change.setAttribute("data-testid", "rating-change");
      change.onclick = () => { S.edit[key] = true; draw(); };
      r.appendChild(change);
      return;
    }
    r.appendChild(el("div", "bl-caption", L().rating_help));
    const draft = S.drafts[key] || (S.drafts[key] = JSON.parse(JSON.stringify(saved)));
    for (const idea of pillar.ideas) {
      const box = el("div", "bl-rate-idea");
      box.setAttribute("data-idea", String(idea.id));
      box.appendChild(el("span", "bl-title", idea.title));
      [[0, L().impact, "impact"], [1, L().feasibility, "feas"]].forEach(([axis, label, name]) => {
        const scale = el("div", "bl-scale");
        scale.setAttribute("role", "group");
        scale.setAttribute("aria-label", label + ": " + idea.title);
        scale.setAttribute("data-axis", name);
        scale.appendChild(el("span", "", label));
        for (let v = 1; v <= 5; v++) {
          const b = button("", String(v));
          const cur = draft[String(idea.id)];
          b.setAttribute("aria-pressed", String(!!cur && cur[axis] === v));
          b.onclick = () => {
            const pair = draft[String(idea.id)] || (draft[String(idea.id)] = [0, 0]);
            pair[axis] = v;
            const line = S.parent.querySelector("[data-testid=ballot-status].err");
            if (line && !S.retry[key]) { line.hidden = true; }  // "rate every idea" is stale
            for (const x of scale.querySelectorAll("button")) {
              x.setAttribute("aria-pressed", String(x === b));
            }
          };
          scale.appendChild(b);
        }
        box.appendChild(scale);
      });
      r.appendChild(box);
    }
    const send = button("bl-send", L().submit);
    r.appendChild(send);
    statusLine(r);
    if (S.retry[key]) { show(false, S.retry[key]); }
    send.onclick = () => {
      const ratings = {};
      for (const id of ids) {
        const p = draft[id];
        if (p && p[0] && p[1]) { ratings[id] = [p[0], p[1]]; }
      }
      if (!Object.keys(ratings).length) { show(false, L().rate_all, true); return; }
      write("rating", key, S.data.rate_url, { token: S.data.token, pillar_id: pillar.id, ratings },
            (j) => {
              S.mine.ratings[String(pillar.id)] = j.saved;
              S.edit[key] = false;
              delete S.drafts[key];
              setTimeout(draw, 0);
              return fmt(L().rated, { n: j.total });
            });
    };
  }

  // ---------------------------------------------------------------- activity forms
  // Each form draws from the room's `activity` (the same for every phone) and this
  // participant's stored answers ({item: value}: "" for the whole activity, the pillar
  // id per pillar, "swot:N" per card), as pages/activity_phone.py does. Drafts live in
  // S.drafts (keyed by activity, rev and item) and survive redraws.
  const O = () => S.data.orders;
  const actKey = (a, item) => "act:" + a.id + ":" + a.rev + ":" + item;
  const caption = (r, text) => r.appendChild(el("div", "bl-caption", text));
  const sub = (r, text) => r.appendChild(el("h4", "", text));
  function rowCard(r, title, meta) {
    const box = el("div", "bl-act-row");
    box.appendChild(el("span", "bl-title", title));
    if (meta) { box.appendChild(el("small", "", meta)); }
    r.appendChild(box);
    return box;
  }
  function staleHint(key) {  // a "fill every item" message is stale once a choice is made
    const line = S.parent.querySelector("[data-testid=act-status].err");
    if (line && !S.retry[key]) { line.hidden = true; }
  }
  function pillarPicker(r, a, pillars, pickFirst) {
    // the chosen pillar; null: none chosen yet; undefined: no pillar to choose from
    if (!pillars.length) { r.appendChild(el("div", "bl-info", L().act_nothing)); return undefined; }
    if (!pillars.some((p) => p.id === S.actPillar[a.id])) {
      S.actPillar[a.id] = pickFirst ? pillars[0].id : null;
    }
    if (pillars.length > 1 || !pickFirst) {
      const tabs = el("div", "bl-pillars");
      tabs.setAttribute("role", "group");
      tabs.setAttribute("aria-label", L().pillar);
      tabs.setAttribute("data-testid", "act-pillars");
      for (const p of pillars) {
        const b = button("", p.short || p.name);
        b.setAttribute("aria-pressed", String(p.id === S.actPillar[a.id]));
        b.setAttribute("data-pillar", String(p.id));
        b.onclick = () => { S.actPillar[a.id] = p.id; draw(); };
        tabs.appendChild(b);
      }
      r.appendChild(tabs);
    }
    const p = pillars.find((x) => x.id === S.actPillar[a.id]) || null;
    r.appendChild(el("div", "bl-pillar-name", p ? p.name : L().pillar_pick));
    return p;
  }
  function choices(r, cls, label, values, cur, onPick, item) {
    // one button per value (1-5 scale, quadrant, horizon); `values`: [[value, text]]
    const box = el("div", cls);
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", label);
    if (item !== undefined) { box.setAttribute("data-item", item); }
    if (cls.includes("bl-scale")) { box.appendChild(el("span", "", label)); }
    for (const [value, text] of values) {
      const b = button("", text);
      b.setAttribute("aria-pressed", String(cur === value));
      b.setAttribute("data-value", String(value));
      b.onclick = () => {
        onPick(value);
        for (const x of box.querySelectorAll("button")) {
          x.setAttribute("aria-pressed", String(x === b));
        }
      };
      box.appendChild(b);
    }
    r.appendChild(box);
    return box;
  }
  const FIVE = [[1, "1"], [2, "2"], [3, "3"], [4, "4"], [5, "5"]];
  const scale = (r, label, cur, onPick, item) =>
    choices(r, "bl-scale bl-scale-wide", label, FIVE, cur, onPick, item);
  function textInput(r, label, max, value, onInput, testid) {
    const field = el("label", "bl-field");
    field.appendChild(el("span", "", label));
    const input = el("input", "bl-input");
    input.type = "text";
    input.maxLength = max;
    input.autocomplete = "off";
    input.value = value || "";
    input.setAttribute("data-testid", testid);
    input.oninput = () => onInput(input.value);
    field.appendChild(input);
    r.appendChild(field);
    return input;
  }
  function sendButton(r, text) {
    const b = button("bl-send", text || L().act_send);
    b.setAttribute("data-testid", "act-send");
    r.appendChild(b);
    statusLine(r, "act-status");
    return b;
  }
  function restore(key, saved) {  // what the status line says when the form is drawn
    if (S.retry[key]) { show(false, S.retry[key]); }
    else if (S.flash && S.flash.key === key) { show(true, S.flash.text); }
    else if (saved) { show(true, L().act_saved); }
  }
  function sendAnswer(a, pid, item, value, text, done) {
    const key = actKey(a, item);
    const body = { token: S.data.token, activity_id: a.id, pillar_id: pid, value };
    write("answer", key, S.data.answer_url, body, (j) => {
      if (!S.mine || !S.mine.answers) { S.mine = { answers: {} }; }
      if (j.answers) { S.mine.answers = j.answers; }
      else { S.mine.answers[a.kind === "swot" ? "swot:+" + Date.now() : item] = j.saved; }
      if (a.kind !== "swot") { delete S.drafts[key]; }
      if (done) { done(); }
      S.flash = { key, text: text || L().act_saved };
      setTimeout(draw, 0);  // the stored answer (a new card, "n of cap") on screen
      return S.flash.text;
    });
  }
  const ACT = {
    readiness(r, a, answers) {
      let pid = null;
      if (a.per_pillar) {
        const p = pillarPicker(r, a, a.pillars, true);
        if (!p) { return; }
        pid = p.id;
      }
      const item = pid === null ? "" : String(pid);
      const key = actKey(a, item);
      const old = (answers[item] && answers[item].scores) || {};
      const draft = S.drafts[key] || (S.drafts[key] = Object.assign({}, old));
      caption(r, L().readiness_help);
      for (const dim of O().dimensions) {
        const rows = a.items.filter((i) => i.dimension === dim);
        if (rows.length) { sub(r, L()["dim." + dim]); }
        for (const i of rows) {
          scale(r, i.label, draft[i.key], (v) => { draft[i.key] = v; staleHint(key); }, i.key);
        }
      }
      const send = sendButton(r);
      send.onclick = () => {
        if (a.items.some((i) => !draft[i.key])) { show(false, L().act_fill_all, true); return; }
        const scores = {};
        for (const i of a.items) { scores[i.key] = draft[i.key]; }
        sendAnswer(a, pid, item, { scores });
      };
      restore(key, item in answers);
    },
    swot(r, a, answers) {
      const key = actKey(a, "");
      const draft = S.drafts[key] || (S.drafts[key] = { quadrant: O().quadrants[0], text: "" });
      const cards = Object.keys(answers).filter((k) => k.startsWith("swot:"))
        .map((k) => answers[k]);
      const p = pillarPicker(r, a, a.pillars, false);
      if (p === undefined) { return; }
      caption(r, L().quadrant);
      choices(r, "bl-options", L().quadrant,
              O().quadrants.map((q) => [q, L()["swot." + q]]), draft.quadrant,
              (q) => { draft.quadrant = q; }, "quadrant");
      // 200 and 40 below: kinds.SWOT_TEXT_MAX and kinds.KEYWORD_MAX (the core checks them)
      textInput(r, L().swot_text, 200, draft.text, (v) => { draft.text = v; staleHint(key); },
                "act-swot-text");
      const send = sendButton(r, L().add_card);
      send.disabled = cards.length >= a.cap;
      const left = el("div", "bl-cap", fmt(L().cards_left, { n: cards.length, cap: a.cap }));
      left.setAttribute("data-testid", "act-cards-left");
      r.appendChild(left);
      send.onclick = () => {
        if (!S.actPillar[a.id]) { show(false, L().pillar_pick, true); return; }
        const card = { pillar_id: S.actPillar[a.id], quadrant: draft.quadrant, text: draft.text };
        sendAnswer(a, null, "", card, L().card_saved, () => { draft.text = ""; });
      };
      if (cards.length) { sub(r, L().my_cards); }
      const names = {};
      for (const x of a.pillars) { names[x.id] = x.short || x.name; }
      for (const c of cards) {
        const box = el("div", "bl-act-card", c.text);
        box.setAttribute("data-testid", "act-card");
        box.appendChild(el("small", "", L()["swot." + c.quadrant] + " \u00b7 " +
                                        (names[c.pillar_id] || "")));
        r.appendChild(box);
      }
      restore(key, false);
    },
    keywords(r, a, answers) {
      const key = actKey(a, "");
      const old = (answers[""] && answers[""].words) || [];
      const draft = S.drafts[key] ||
        (S.drafts[key] = Array.from({ length: a.max_words }, (_, i) => old[i] || ""));
      caption(r, fmt(L().keywords_help, { n: a.max_words }));
      for (let i = 0; i < a.max_words; i++) {
        textInput(r, fmt(L().keyword, { n: i + 1 }), 40, draft[i],
                  (v) => { draft[i] = v; }, "act-keyword-" + i);
      }
      const send = sendButton(r);
      send.onclick = () => sendAnswer(a, null, "", { words: draft.slice() });
      restore(key, "" in answers);
    },
    statements(r, a, answers) {
      if (!a.statements.length) { r.appendChild(el("div", "bl-info", L().act_nothing)); return; }
      const key = actKey(a, "");
      const old = (answers[""] && answers[""].approve) || [];
      const draft = S.drafts[key] || (S.drafts[key] = old.slice());
      caption(r, a.max_approve ? fmt(L().approve_help_max, { n: a.max_approve })
                               : L().approve_help);
      for (const kind of O().statement_kinds) {
        const rows = a.statements.filter((x) => x.kind === kind);
        if (rows.length) { sub(r, L()["stmt." + kind]); }
        for (const x of rows) {
          const line = el("label", "bl-check");
          const box = el("input");
          box.type = "checkbox";
          box.checked = draft.includes(x.key);
          box.setAttribute("data-testid", "act-stmt-" + x.key);
          box.onchange = () => {
            const at = draft.indexOf(x.key);
            if (box.checked && at < 0) { draft.push(x.key); }
            if (!box.checked && at >= 0) { draft.splice(at, 1); }
          };
          line.append(box, el("span", "", x.text));
          r.appendChild(line);
        }
      }
      const send = sendButton(r);
      send.onclick = () => sendAnswer(a, null, "", { approve: draft.slice() });
      restore(key, "" in answers);
    },
    longlist(r, a, answers) {
      const p = pillarPicker(r, a, a.pillars, true);
      if (!p) { return; }
      const item = String(p.id);
      const key = actKey(a, item);
      const old = (answers[item] && answers[item].ratings) || {};
      const draft = S.drafts[key] || (S.drafts[key] = Object.assign({}, old));
      caption(r, L().longlist_help);
      for (const row of p.rows) {
        const meta = [row.opd, row.indicator].filter((x) => x).join(" \u00b7 ");
        const box = rowCard(r, row.name, meta);
        scale(box, L().relevance, draft[row.key], (v) => { draft[row.key] = v; }, row.key);
      }
      const send = sendButton(r);
      send.onclick = () => {
        const ratings = {};
        for (const row of p.rows) { if (draft[row.key]) { ratings[row.key] = draft[row.key]; } }
        sendAnswer(a, p.id, item, { ratings });
      };
      restore(key, item in answers);
    },
    usg(r, a, answers) {
      const p = pillarPicker(r, a, a.pillars, true);
      if (!p) { return; }
      const item = String(p.id);
      const key = actKey(a, item);
      const old = (answers[item] && answers[item].scores) || {};
      const draft = S.drafts[key] || (S.drafts[key] = JSON.parse(JSON.stringify(old)));
      caption(r, L().usg_help);
      for (const c of p.rows) {
        const box = rowCard(r, c.title, c.source);
        const parts = draft[c.key] || (draft[c.key] = [0, 0, 0]);
        O().usg_parts.forEach((part, i) => {
          scale(box, L()["usg." + part], parts[i], (v) => { parts[i] = v; staleHint(key); },
                c.key + ":" + part);
        });
      }
      const send = sendButton(r);
      send.onclick = () => {
        if (p.rows.some((c) => draft[c.key].some((v) => !v))) {
          show(false, L().act_fill_all, true);
          return;
        }
        const scores = {};
        for (const c of p.rows) { scores[c.key] = draft[c.key].slice(); }
        sendAnswer(a, p.id, item, { scores });
      };
      restore(key, item in answers);
    },
    roadmap(r, a, answers) {
      const p = pillarPicker(r, a, a.pillars, true);
      if (!p) { return; }
      const item = String(p.id);
      const key = actKey(a, item);
      const old = (answers[item] && answers[item].horizons) || {};
      const draft = S.drafts[key] || (S.drafts[key] = Object.assign({}, old));
      caption(r, L().roadmap_help);
      for (const it of p.rows) {
        const box = rowCard(r, it.title, it.source);
        choices(box, "bl-options", L().horizon + ": " + it.title,
                O().horizons.map((h) => [h, L()["horizon." + h]]), draft[it.key],
                (h) => { draft[it.key] = h; }, it.key);
      }
      const send = sendButton(r);
      send.onclick = () => {
        const horizons = {};
        for (const it of p.rows) { if (draft[it.key]) { horizons[it.key] = draft[it.key]; } }
        sendAnswer(a, p.id, item, { horizons });
      };
      restore(key, item in answers);
    },
  };

  // ---------------------------------------------------------------- writes
  // One POST into the core. 200: confirmed. 400/403: the core's refusal, shown. 503/408
  // (storage locked, disk full, server full): shown, and sent again after 1, 2, 4... s
  // (at most 30). No answer at all (the route unreachable): the script stores it.
  function write(kind, key, url, body, onSaved, attempt) {
    attempt = attempt || 0;
    clearTimeout(S.retry["t" + key]);
    const buttons = S.parent.querySelectorAll(".bl-send");
    for (const b of buttons) { b.disabled = true; }
    show(true, L().sending);
    getJSON(url, body).then(({ status, ok, j }) => {
      for (const b of S.parent.querySelectorAll(".bl-send")) { b.disabled = false; }
      if (ok && j) { delete S.retry[key]; show(true, onSaved(j), true); return; }
      if (j && j.error && (status === 503 || status === 408) && j.retry !== false) {
        const wait = Math.min(30, 2 ** attempt);
        S.retry[key] = j.error + " " + fmt(L().retry_in, { s: wait });
        show(false, S.retry[key], true);
        S.retry["t" + key] = setTimeout(() => write(kind, key, url, body, onSaved, attempt + 1),
                                        wait * 1000);
        return;
      }
      delete S.retry[key];
      if (j && j.gone) { S.fire("moved", "gone"); return; }
      if (j && j.error) { show(false, j.error, true); return; }
      throw new Error(String(status));
    }).catch(() => {
      for (const b of S.parent.querySelectorAll(".bl-send")) { b.disabled = false; }
      delete S.retry[key];
      // no answer from the route (Wi-Fi, or a proxy that does not pass /api/): through
      // Streamlit instead; the script stores it and redraws with what is stored
      if (kind === "answer") {
        S.fire("answer", { activity_id: body.activity_id, pillar_id: body.pillar_id,
                           value: body.value });
        show(true, L().sending);
        return;
      }
      const sent = kind === "dots" ? { dots: body.dots } : { ratings: body.ratings };
      S.fire(kind === "dots" ? "ballot" : "rating",
             Object.assign({ pillar_id: body.pillar_id }, sent));
      show(true, L().sending);
    });
  }

  // ---------------------------------------------------------------- the poll
  // every poll period -25 % .. +15 %: phones whose polls were lined up (a Wi-Fi hiccup,
  // a server pause) drift apart again instead of all asking, and voting, in one instant;
  // the longest period (4.6 s) stays under the server's 5 s keep-alive, so a poll reuses
  // its connection instead of opening a new one (bench/load.py: 9,000 connections for
  // 2,000 phones with +25 %)
  const schedule = (seconds) => {
    clearTimeout(S.timer);
    S.timer = setTimeout(tick, seconds * (0.75 + 0.4 * Math.random()) * 1000);
  };
  async function moveTo(screen) {
    const d = S.data;
    const room = await getJSON(d.room_url);
    if (!room.ok || !room.j) { throw new Error("room " + room.status); }
    if (room.j.screen !== screen) { return false; }  // an older snapshot: next time
    let mine = { dots: {}, ratings: {} };
    if (room.j.kind === "vote" && room.j.pillars.length) {
      const ask = { token: d.token, pillars: room.j.pillars.map((p) => p.id), mode: room.j.mode };
      const m = await getJSON(d.mine_url, ask);
      if (m.j && m.j.gone) { S.fire("moved", "gone"); return true; }
      if (!m.ok || !m.j) { throw new Error("mine " + m.status); }
      mine = m.j;
    } else if (room.j.kind === "act" && room.j.activity) {
      const m = await getJSON(d.mine_url, { token: d.token, activity: room.j.activity.id });
      if (m.j && m.j.gone) { S.fire("moved", "gone"); return true; }
      if (!m.ok || !m.j) { throw new Error("mine " + m.status); }
      mine = m.j;
    }
    S.room = room.j;
    S.mine = mine;
    draw();
    return true;
  }
  async function tick() {
    S.timer = null;
    const d = S.data;
    let next = d.every;
    try {
      const r = await getJSON(d.live_url);
      if (!r.ok || !r.j) { throw new Error(String(r.status)); }
      S.failures = 0;
      const screen = r.j.screen;
      if (S.running && screen !== S.room.screen) {
        const kind = screen.split(":")[0];
        const stage = screen.split(":")[1];
        if (d.kinds.includes(kind) && stage === String(S.room.stage_id)) {
          if (!(await moveTo(screen))) { next = 1; }
        } else if (Date.now() - S.lastFired >= (S.lastFired ? d.fallback * 1000 : 0)) {
          S.fire("moved", screen);  // a screen Streamlit draws
        }
      }
    } catch (e) {
      S.failures += 1;
      if (S.running && S.failures >= 3 && Date.now() - S.lastFired >= d.fallback * 1000) {
        S.fire("fallback", String(Date.now()));  // the routes are unreachable: Streamlit draws
      }
    }
    if (S.running && S.timer === null) { schedule(next); }
  }
  draw();
  if (!S.running) { S.running = true; schedule(data.every); }
  return () => {
    if (S.gen === gen) { S.running = false; clearTimeout(S.timer); S.timer = null; }
  };
}
"""


def room_data(
    *,
    urls: dict[str, str],
    token: str,
    name: str,
    room: dict[str, Any],
    mine: dict[str, Any],
    labels: dict[str, str],
    phases: dict[str, str],
    orders: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    """What the phone's screen component is given: the routes, the participant (token,
    name), the room and their own ballots (or activity answers) as the script found
    them, the words to show, and the order of an activity form's choices (`orders`:
    dimensions, quadrants, statement kinds, horizons, USG parts)."""
    return {
        **urls,
        "token": token,
        "name": name,
        "room": room,
        "mine": mine,
        "labels": labels,
        "phases": phases,
        "orders": orders or {},
        "kinds": list(ROOM_KINDS),
        "every": PHONE_POLL_SECONDS,
        "fallback": PHONE_FALLBACK_SECONDS,
    }
