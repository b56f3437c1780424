"""The projector page, through AppTest."""

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
    assert '1/30' in page  # OPD present of roster
    assert len(at.get("image")) == 1


def test_idea_wall_escapes_markup(monkeypatch, store, room):
    auth, w, p = room
    pillar = store.pillars(w.id)[0]
    evil = "<script>alert(1)</script> **tebal** ![x](http://example.invalid/x.png)"
    store.submit_idea(p.token, pillar_id=pillar.id, kind="usulan", title=evil)
    at = facilitator_app(monkeypatch, store, "layar")
    page = texts(at)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **tebal** ![x](http://example.invalid/x.png)" in page
    assert "<script>" not in page
    assert '<b data-testid="count-ideas">1</b>' in page


def test_new_idea_appears_on_next_refresh(monkeypatch, store, room):
    auth, w, p = room
    at = facilitator_app(monkeypatch, store, "layar")
    assert "Antrean puskesmas" not in texts(at)
    store.submit_idea(p.token, pillar_id=store.pillars(w.id)[3].id, kind="usulan",
                      title="Antrean puskesmas")
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
    assert len(at.get("plotly_chart")) == 0
    store.set_reveal(auth, stage.id, True)
    at.run()
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    assert '"x":[2]' in charts[0].proto.spec.replace(" ", "")


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
    assert len(specs) == 2
    assert "Quick win" in specs[0]
