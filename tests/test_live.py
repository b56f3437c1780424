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
        "url": "/api/live/3",
        "screen": "wait:4:group",
        "every": live.PHONE_POLL_SECONDS,
        "fallback": live.PHONE_FALLBACK_SECONDS,
    }


def idea(n: int, title: str) -> Idea:
    return Idea(
        id=n,
        workshop_id=1,
        stage_id=1,
        pillar_id=1,
        kind="usulan",
        title=title,
        description="",
        subdim=None,
        opd_id=None,
        author_id=None,
    )


def test_ballot_data_carries_titles_as_data_and_dots_by_idea():
    ideas = [idea(1, "<script>x</script>"), idea(2, "Pasar")]
    data = live.ballot_data(
        url="/api/vote",
        token="tok",
        pillar_id=3,
        budget=3,
        cap=2,
        ideas=ideas,
        mine={2: 1},
        labels={"submit": "Kirim"},
    )
    assert data == {
        "url": "/api/vote",
        "token": "tok",
        "pillar_id": 3,
        "budget": 3,
        "cap": 2,
        "ideas": [{"id": 1, "title": "<script>x</script>"}, {"id": 2, "title": "Pasar"}],
        "mine": {"2": 1},
        "saved_total": 1,
        "labels": {"submit": "Kirim"},
    }


def test_ballot_script_never_writes_html():
    # titles and messages reach the page only through textContent
    assert "innerHTML" not in live.BALLOT_JS and "insertAdjacentHTML" not in live.BALLOT_JS
    assert "textContent = idea.title" in live.BALLOT_JS or "idea.title)" in live.BALLOT_JS
