"""The projector page, through AppTest."""

import re

import pytest

from tests.apptest_support import facilitator_app, texts


@pytest.fixture
def room(store):
    auth = store.system_auth()
    w = store.create_workshop(auth, region="Kota Metro", year=2023)
    p = store.join(w.join_code, name="Budi", group="opd", opd_id=store.opds(w.id)[0].id)
    return auth, w, p


def test_shows_qr_join_url_code_and_counts(monkeypatch, store, room):
    auth, w, p = room
    store.set_setting(auth, "public_url", "http://aula.local:8501")
    at = facilitator_app(monkeypatch, store, "layar")
    page = texts(at)
    assert f"http://aula.local:8501/?code={w.join_code}" in page
    assert f'<span data-testid="join-code">{w.join_code}</span>' in page
    assert '<b data-testid="count-participants">1</b>' in page
    assert "1/30" in page  # OPD present of roster
    assert (
        page.count(
            '<div class="bl-qr" role="img" aria-label="QR" '
            'style="background-image:url(data:image/png;base64,'
        )
        == 1
    )
    assert 'data-phase="collect"' in page


def test_idea_wall_escapes_markup(monkeypatch, store, room):
    auth, w, p = room
    pillar = store.pillars(w.id)[0]
    evil = "<script>alert(1)</script> **tebal** ![x](http://example.invalid/x.png)"
    store.submit_idea(p.token, pillar_id=pillar.id, kind="usulan", title=evil)
    at = facilitator_app(monkeypatch, store, "layar")
    page = texts(at)
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt; **tebal** ![x](http://example.invalid/x.png)"
    ) in page
    assert "<script>" not in page
    assert '<b data-testid="count-ideas">1</b>' in page


def test_new_idea_appears_on_next_refresh(monkeypatch, store, room):
    auth, w, p = room
    at = facilitator_app(monkeypatch, store, "layar")
    assert "Antrean puskesmas" not in texts(at)
    store.submit_idea(
        p.token, pillar_id=store.pillars(w.id)[3].id, kind="usulan", title="Antrean puskesmas"
    )
    at.run()
    assert "Antrean puskesmas" in texts(at)


def test_vote_results_hidden_until_revealed(monkeypatch, store, room):
    auth, w, p = room
    pillar = store.pillars(w.id)[0]
    idea = store.add_idea(auth, w.id, pillar_id=pillar.id, kind="usulan", title="Satu data")
    stage = store.current_stage(w.id)
    store.set_shortlisted(auth, stage.id, [idea.id])
    store.set_phase(auth, stage.id, "vote", timer_seconds=300)
    store.cast_dots(p.token, pillar.id, {idea.id: 2})
    at = facilitator_app(monkeypatch, store, "layar")
    page = texts(at)
    assert "Hasil disembunyikan sampai fasilitator membukanya." in page
    assert '<b data-testid="count-voted">1</b>' in page
    assert 'data-testid="timer">0' in page
    assert 'class="bl-row"' not in page
    store.set_reveal(auth, stage.id, True)
    at.run()
    page = texts(at)
    assert re.findall(
        r'<div class="bl-row" data-idea="(\d+)"><div class="bl-rank">(\S+?)</div>', page
    ) == [(str(idea.id), "1")]
    assert '<div class="bl-rval">2</div>' in page
    assert 'data-testid="results-hidden"' not in page
    assert len(at.get("plotly_chart")) == 0  # the bars are HTML, on one scale


def test_rating_mode_shows_quadrant_chart(monkeypatch, store, room):
    auth, w, p = room
    pillar = store.pillars(w.id)[0]
    stage = store.current_stage(w.id)
    store.update_stage(auth, stage.id, vote_mode="rating")
    idea = store.add_idea(auth, w.id, pillar_id=pillar.id, kind="usulan", title="Satu data")
    store.set_shortlisted(auth, stage.id, [idea.id])
    store.set_phase(auth, stage.id, "vote")
    store.cast_ratings(p.token, pillar.id, {idea.id: (5, 4)})
    store.set_phase(auth, stage.id, "agree")
    at = facilitator_app(monkeypatch, store, "layar")
    specs = [c.proto.spec for c in at.get("plotly_chart")]
    assert len(specs) == 1
    assert "Quick win" in specs[0]
    assert '"x":[4.0],"y":[5.0]' in specs[0].replace(" ", "")
    assert f'<div class="bl-prow" data-idea="{idea.id}"><b>1</b><span>Satu data</span>' in texts(at)


def test_closed_unvoted_pillars_are_not_ranked(monkeypatch, store, room):
    auth, w, p = room
    gov, brand = store.pillars(w.id)[:2]
    a = store.add_idea(auth, w.id, pillar_id=gov.id, kind="usulan", title="Satu data")
    b = store.add_idea(auth, w.id, pillar_id=brand.id, kind="usulan", title="Festival kota")
    stage = store.current_stage(w.id)
    store.set_shortlisted(auth, stage.id, [a.id, b.id])
    store.set_phase(auth, stage.id, "vote")
    store.cast_dots(p.token, gov.id, {a.id: 1})
    store.set_pillar_voting(auth, stage.id, brand.id, False)
    store.set_phase(auth, stage.id, "agree")
    at = facilitator_app(monkeypatch, store, "layar")
    page = texts(at)
    assert re.findall(r'data-pillar="(\d+)"', page) == [str(gov.id)]
    assert "Festival kota" not in page


def test_presentation_mode_is_kept_in_the_query_string(monkeypatch, store, room):
    at = facilitator_app(monkeypatch, store, "layar")
    sidebar = [getattr(e, "key", None) for e in at.sidebar]
    assert "proj_present" in sidebar and "lang_switch" in sidebar
    assert "padding: 64px" in texts(at)  # below Streamlit's header
    at.query_params["penuh"] = "1"
    at.run()
    assert not at.exception
    page = texts(at)
    assert "[data-testid=stHeader]" in page and "padding: 64px" not in page
    assert "proj_present" not in [getattr(e, "key", None) for e in at.sidebar]
    assert "proj_exit" in [getattr(e, "key", None) for e in at.main]


def test_pinned_page_and_english(monkeypatch, store, room):
    auth, w, p = room
    stage = store.current_stage(w.id)
    for pillar in store.pillars(w.id):
        store.add_idea(auth, w.id, pillar_id=pillar.id, kind="usulan", title=f"Ide {pillar.short}")
    store.set_phase(auth, stage.id, "group")
    at = facilitator_app(monkeypatch, store, "layar")
    at.query_params["hal"] = "3"
    at.session_state["lang"] = "en"
    at.run()
    page = texts(at)
    assert 'data-page="3/3"' in page
    assert re.findall(r'data-idea="\d+"[^>]*>([^<]*)<', page) == ["Ide Society", "Ide Environment"]
    assert "Stage I · Grouping ideas" in page
