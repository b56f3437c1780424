"""Hostile text through the pages (AppTest): a phone joins with a hostile name and sends
hostile titles; nothing crashes, each title is stored cleaned or refused with an
Indonesian message, and no rendered markdown carries live markup. The projector shows
the same ideas without injected markup."""

from __future__ import annotations

import html
import re

import pytest

from tests.apptest_support import facilitator_app, make_store, phone_app
from tests.test_hostile import (
    CONTROL,
    EMOJI,
    EMPTY,
    FORMULAS,
    INVISIBLE,
    LONG,
    MARKDOWN,
    MARKUP,
    RTL,
    SQL,
    is_indonesian,
)
from workshop import domain as d
from workshop import live

PAGE_TITLES = list(
    dict.fromkeys(
        MARKUP
        + MARKDOWN[:12]
        + FORMULAS[:6]
        + SQL[:4]
        + RTL[:2]
        + EMOJI[:2]
        + INVISIBLE[:4]
        + EMPTY[:5]
        + CONTROL[::16]
        + [LONG, "a" * 121]
    )
)
HOSTILE_NAME = "<script>alert('nama')</script> **Budi** ![x](http://example.invalid/x.png)"

UNESCAPED = [
    re.compile(r"(?<!\\)<\s*(script|img|svg|iframe|style|a\s|body|details)", re.I),
    re.compile(r"!\["),
    re.compile(r"\]\("),
    re.compile(r"javascript:", re.I),
]
RAW_HTML = re.compile(r"<\s*(script|img|svg|iframe|a\s|body|details|marquee)", re.I)
MARKDOWN_KINDS = (
    "markdown",
    "caption",
    "success",
    "error",
    "warning",
    "info",
    "toast",
    "title",
    "header",
    "subheader",
)


def rendered(at):
    """(kind, text) of everything Streamlit renders as markdown, and the html bodies."""
    out = []
    for kind in MARKDOWN_KINDS:
        out.extend((kind, str(e.value)) for e in getattr(at, kind))
    out.extend(("expander", str(e.label)) for e in at.expander)
    for kind in (
        "button",
        "text_input",
        "text_area",
        "selectbox",
        "number_input",
        "radio",
        "checkbox",
    ):
        out.extend((f"{kind} label", str(w.label)) for w in getattr(at, kind))
    bodies = [("html", str(e.proto.body)) for e in at.get("html")]
    charts = [("plotly", str(e.proto.spec)) for e in at.get("plotly_chart")]
    return out, bodies + charts


def shown_literally(at, text: str) -> bool:
    """The text appears escaped for markdown (live.esc) or for HTML (html.escape)."""
    md, raw = rendered(at)
    return any(live.esc(text) in v for _, v in md) or any(
        html.escape(text) in v for kind, v in raw if kind == "html"
    )


def assert_no_live_markup(at):
    assert not at.exception, at.exception
    md, raw = rendered(at)
    for kind, text in md:
        for pattern in UNESCAPED:
            assert not pattern.search(text), (kind, text[:200])
    for kind, text in raw:
        assert not RAW_HTML.search(text), (kind, text[:300])


@pytest.fixture
def store(tmp_path):
    return make_store(tmp_path)


@pytest.fixture
def room(store):
    auth = store.system_auth()
    w = store.create_workshop(auth, region="Kota Metro", year=2023)
    store.set_current_stage(auth, w.id, 1)
    return auth, w


def join(monkeypatch, store, w, name):
    at = phone_app(monkeypatch, store, code=w.join_code)
    at.text_input(key="join_name").input(name)
    at.selectbox(key="join_opd").set_value(store.opds(w.id)[1].id)
    at.selectbox(key="join_group").set_value("opd")
    at.button(key="join_submit").click()
    at.run()
    assert_no_live_markup(at)
    return at


def send(at, title, description=""):
    """Fill the idea form and send; confirm a near-duplicate warning if one appears."""
    if at.selectbox(key="idea_pillar").value is None:  # the pillar has no default
        at.selectbox(key="idea_pillar").select_index(0)
    at.text_input(key="idea_title").input(title)
    at.text_area(key="idea_description").input(description)
    at.button(key="idea_submit").click()
    at.run()
    assert_no_live_markup(at)
    if any(b.key == "idea_send_anyway" for b in at.button):
        at.button(key="idea_send_anyway").click()
        at.run()
        assert_no_live_markup(at)


def test_hostile_name_and_titles_through_the_phone(monkeypatch, store, room):
    auth, w = room
    outcomes = {"stored": 0, "refused": 0}
    chunk = 12  # a new phone every few titles keeps each page (and test) small
    for start in range(0, len(PAGE_TITLES), chunk):
        at = join(monkeypatch, store, w, HOSTILE_NAME)
        person = store.participants(w.id)[-1]
        assert person.name == HOSTILE_NAME  # stored literally
        assert shown_literally(at, HOSTILE_NAME)  # shown escaped
        for n, title in enumerate(PAGE_TITLES[start : start + chunk], start):
            description = MARKUP[n % len(MARKUP)]
            before = {i.id for i in store.ideas(w.id)}
            send(at, title, description)
            new = [i for i in store.ideas(w.id) if i.id not in before]
            try:
                clean = d.clean_text(title, label="Judul", max_len=d.TITLE_MAX)
            except d.WorkshopError:
                clean = None
            if new:
                outcomes["stored"] += 1
                assert new[0].title == clean, (title[:60], new[0].title[:60])
                assert new[0].description == d.clean_text(
                    description, label="x", max_len=1000, required=False
                )
            else:
                outcomes["refused"] += 1
                shown = [e.value for e in at.error]
                assert shown and all(is_indonesian(m) for m in shown), (title[:60], shown)
        # the phone's own list shows every stored title, escaped
        for idea in store.my_ideas(person.token):
            assert shown_literally(at, idea.title), idea.title[:60]
    print("page outcomes", outcomes, "of", len(PAGE_TITLES))
    assert outcomes["stored"] >= 40 and outcomes["refused"] >= 5, outcomes


def test_projector_shows_hostile_ideas_without_markup(monkeypatch, store, room):
    auth, w = room
    p = store.join(w.join_code, name=HOSTILE_NAME, group="opd", opd_id=store.opds(w.id)[0].id)
    pillars = store.pillars(w.id)
    ideas = []
    for n, title in enumerate(MARKUP + MARKDOWN[:6] + FORMULAS[:4]):
        ideas.append(
            store.submit_idea(p.token, pillar_id=pillars[n % 6].id, kind="usulan", title=title)
        )
    store.add_opd(auth, w.id, "<img src=x onerror=alert('opd')>")
    store.update_pillar(auth, pillars[0].id, short="<svg onload=alert(1)>")
    at = facilitator_app(monkeypatch, store, "layar")
    assert_no_live_markup(at)
    walls = " ".join(str(e.proto.body) for e in at.get("html"))
    # the collect screen shows the newest ideas: each one escaped
    newest = sorted(ideas, key=lambda i: -i.id)[:5]
    assert all(
        html.escape(i.title) in walls or html.escape(i.title, quote=False) in walls for i in newest
    ), [i.title for i in newest]
    # results: the same hostile titles on the ballot, in the charts
    stage = store.current_stage(w.id)
    store.set_shortlisted(auth, stage.id, [i.id for i in ideas])
    store.set_phase(auth, stage.id, "vote")
    for pillar in pillars:
        ballot = [i.id for i in store.shortlist(stage.id, pillar.id)]
        if ballot:
            store.cast_dots(p.token, pillar.id, {ballot[0]: 1})
    store.set_reveal(auth, stage.id, True)
    at.run()
    assert_no_live_markup(at)
    walls = " ".join(str(e.proto.body) for e in at.get("html"))
    assert 'class="bl-row' in walls  # the ranked bars are drawn
    store.create_quickwin(
        auth,
        stage.id,
        name="<script>alert('qw')</script>",
        pillar_id=pillars[0].id,
        owner_opd_id=store.opds(w.id)[0].id,
    )
    store.set_phase(auth, stage.id, "agree")
    at.run()
    assert_no_live_markup(at)
