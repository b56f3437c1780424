"""workshop/live.py: what a phone shows and the data its poll is given."""

from __future__ import annotations

from workshop import live
from workshop.domain import Idea


def test_screen_token_is_a_flat_string():
    assert live.screen_token(("collect", 4)) == "collect:4"
    assert live.screen_token(("vote", 4, "dots", (1, 2, 6))) == "vote:4:dots:1,2,6"
    assert live.screen_token(("vote", 4, "dots", ())) == "vote:4:dots:"
    assert live.screen_token(("wait", 4, "group")) == "wait:4:group"


def test_poll_data():
    assert live.poll_data("/api/live/3", ("wait", 4, "group")) == {
        "url": "/api/live/3", "screen": "wait:4:group",
        "every": live.PHONE_POLL_SECONDS, "fallback": live.PHONE_FALLBACK_SECONDS}


def idea(n: int, title: str) -> Idea:
    return Idea(id=n, workshop_id=1, stage_id=1, pillar_id=1, kind="usulan", title=title,
                description="", subdim=None, opd_id=None, author_id=None)


def test_ballot_summary_lists_voted_ideas_escaped():
    ideas = [idea(1, "<b>Satu</b> & data"), idea(2, "Tanpa suara"), idea(3, "Pasar")]
    html = live.ballot_summary_html("Sisa suara: 0 dari 3", "Pilihan Anda:", ideas, {1: 2, 3: 1})
    assert html == ('<div class="bl-card">Sisa suara: 0 dari 3<small>Pilihan Anda:</small><ul>'
                    "<li>&lt;b&gt;Satu&lt;/b&gt; &amp; data: <b>2</b></li>"
                    "<li>Pasar: <b>1</b></li></ul></div>")
