"""The projector's pure builders: ranking with ties, one bar scale, paging, what each
phase shows, escaping (workshop/projector.py) and the quadrant figure (workshop/charts.py)."""

from __future__ import annotations

import base64
import html
import io
import re
from functools import partial

import pytest
from PIL import Image

from workshop import charts, i18n, projector
from workshop import domain as d
from workshop.views import ProjectorView

t = partial(i18n.t, lang="id")
URL = "http://aula.local:8501/?code=ABC123"
EVIL = "<script>alert(1)</script> **tebal** ![x](http://example.invalid/x.png)"


def pillar(pid: int, short: str) -> d.Pillar:
    return d.Pillar(id=pid, workshop_id=1, position=pid, name=f"Smart {short}", short=short)


PILLARS = [pillar(1, "Governance"), pillar(2, "Branding"), pillar(3, "Economy")]


def tally(
    idea_id: int,
    pillar_id: int,
    dots: int = 0,
    paper: int = 0,
    voters: int = 0,
    impact: float | None = None,
    feasibility: float | None = None,
    ratings: int = 0,
) -> d.Tally:
    return d.Tally(
        idea_id=idea_id,
        pillar_id=pillar_id,
        title=f"Usulan {idea_id}",
        dots=dots,
        paper=paper,
        voters=voters,
        impact=impact,
        feasibility=feasibility,
        ratings=ratings,
    )


def idea(idea_id: int, pillar_id: int, title: str | None = None) -> d.Idea:
    return d.Idea(
        id=idea_id,
        workshop_id=1,
        stage_id=1,
        pillar_id=pillar_id,
        kind="usulan",
        title=title or f"Usulan {idea_id}",
        description="",
        subdim=None,
        opd_id=None,
        author_id=None,
    )


def view(phase: str, *, reveal: bool = False, mode: str = "dots", **kw) -> ProjectorView:
    stage = d.Stage(
        id=1,
        workshop_id=1,
        number=1,
        title="Analisis",
        focus="",
        outputs="",
        phase=phase,
        reveal=reveal,
        vote_mode=mode,
    )
    w = d.Workshop(
        id=1,
        region="Kota Metro",
        province="Lampung",
        year=2023,
        title="Bimtek Kota Metro",
        venue="",
        join_code="ABC123",
    )
    counts = {
        "participants": 110,
        "opd_present": 25,
        "opd_total": 30,
        "ideas": 300,
        "ideas_per_pillar": {1: 120, 2: 100, 3: 80},
    }
    progress = {"voters": 96, "per_pillar": {1: 96, 2: 90}}
    return ProjectorView(
        workshop=w, stage=stage, pillars=PILLARS, counts=counts, progress=progress, **kw
    )


def texts(html_text: str, cls: str) -> list[str]:
    """The text of every element with class `cls` (the builders' markup is flat)."""
    return re.findall(rf'class="{cls}"[^>]*>([^<]*)<', html_text)


# --------------------------------------------------------------------------- ranking


@pytest.mark.parametrize(
    "scores, ranks, labels",
    [
        ([9, 7, 7, 7, 2], [1, 2, 2, 2, 5], ["1", "=2", "=2", "=2", "5"]),
        ([5, 5, 3], [1, 1, 3], ["=1", "=1", "3"]),
        ([3, 5, 5, 1], [3, 1, 1, 4], ["3", "=1", "=1", "4"]),
        ([0, 0], [1, 1], ["=1", "=1"]),
        ([4.2], [1], ["1"]),
        ([], [], []),
    ],
)
def test_competition_ranks_share_a_rank_on_ties(scores, ranks, labels):
    assert projector.competition_ranks(scores) == ranks
    assert projector.rank_labels(scores) == labels


def test_results_show_only_voted_pillars_on_one_scale():
    tallies = [
        tally(11, 1, dots=6, paper=4, voters=5),
        tally(12, 1, dots=10, voters=6),
        tally(13, 1, dots=3),
        tally(21, 2),
        tally(22, 2),  # Branding: closed, no votes
        tally(31, 3, dots=5),
        tally(32, 3, dots=5),
        tally(33, 3),
    ]
    got = [
        (pr.pillar.id, [(r.idea_id, r.rank, r.value, r.share) for r in pr.rows])
        for pr in projector.results(PILLARS, tallies, "dots")
    ]
    assert got == [
        (1, [(12, "=1", 10.0, 1.0), (11, "=1", 10.0, 1.0), (13, "3", 3.0, 0.3)]),
        (3, [(31, "=1", 5.0, 0.5), (32, "=1", 5.0, 0.5), (33, "3", 0.0, 0.0)]),
    ]


def test_results_in_rating_mode_rank_impact_times_feasibility():
    tallies = [
        tally(11, 1, impact=4.0, feasibility=4.5, ratings=3),
        tally(12, 1, impact=4.5, feasibility=4.0, ratings=2),
        tally(13, 1, impact=2.0, feasibility=2.0, ratings=2),
        tally(21, 2, dots=0),
    ]  # no rating: not shown
    got = [
        (pr.pillar.id, [(r.idea_id, r.rank, r.value, r.share) for r in pr.rows])
        for pr in projector.results(PILLARS, tallies, "rating")
    ]
    assert got == [(1, [(11, "=1", 18.0, 1.0), (12, "=1", 18.0, 1.0), (13, "3", 4.0, 4 / 18)])]


def test_nothing_voted_means_no_results():
    assert projector.results(PILLARS, [tally(11, 1), tally(21, 2)], "dots") == []
    assert projector.was_voted([tally(11, 1, paper=1)], "dots") is True
    assert projector.was_voted([tally(11, 1, dots=3)], "rating") is False


def test_close_quadrant_points_share_a_marker():
    rows = [
        projector.Row(1, "a", 0, "1", impact=3.6, feasibility=4.0),
        projector.Row(2, "b", 0, "2", impact=5.0, feasibility=2.0),
        projector.Row(3, "c", 0, "3", impact=3.5, feasibility=4.1),
        projector.Row(4, "d", 0, "4", impact=None, feasibility=None),
        projector.Row(5, "e", 0, "5", impact=1.0, feasibility=1.0),
    ]
    assert projector.quadrant_points(rows) == [("1·3", 4.0, 3.6), ("2", 2.0, 5.0), ("5", 1.0, 1.0)]


# --------------------------------------------------------------------------- paging


def test_pages_rotate_every_ten_seconds():
    assert [projector.page_index(3, now) for now in (0, 9.9, 10, 25, 30, 1e9 + 5)] == [
        0,
        0,
        1,
        2,
        0,
        1,
    ]
    assert projector.page_index(1, 12345) == 0
    assert projector.chunks([1, 2, 3, 4, 5], 2) == [[1, 2], [3, 4], [5]]
    assert projector.chunks([], 2) == [[]]


# --------------------------------------------------------------------------- screens


def test_collect_shows_newest_ideas_across_pillars_with_tags_and_counts():
    ideas = [idea(i, 1 + i % 3) for i in range(1, 13)] + [idea(13, 2, EVIL)]
    html_text = projector.board(
        view("collect", ideas=ideas), t, url=URL, now=0, seconds_left=75
    ).html
    cards = re.findall(
        r'<div class="bl-idea bl-tagged" data-idea="(\d+)"[^>]*>([^<]*)'
        r"<small>([^<]*)</small>",
        html_text,
    )
    assert cards == [
        (
            "13",
            "&lt;script&gt;alert(1)&lt;/script&gt; **tebal** ![x](http://example.invalid/x.png)",
            "Branding",
        ),
        ("12", "Usulan 12", "Governance"),
        ("11", "Usulan 11", "Economy"),
        ("10", "Usulan 10", "Branding"),
        ("9", "Usulan 9", "Governance"),
    ]
    assert "<script>" not in html_text
    assert texts(html_text, "bl-more") == ["+8 lagi"]
    assert re.findall(r"<span>([^<]*)</span><b>(\d+)</b>", html_text) == [
        ("Governance", "120"),
        ("Branding", "100"),
        ("Economy", "80"),
    ]
    assert '<b data-testid="count-ideas">300</b>' in html_text
    assert '<b data-testid="count-participants">110</b>' in html_text
    assert '<b data-testid="timer">01:15</b>' in html_text
    assert f'<b data-testid="join-url">{URL}</b>' in html_text
    assert '<span data-testid="join-code">ABC123</span>' in html_text


def test_qr_image_decodes_to_the_join_url():
    import zxingcpp

    src = re.fullmatch(
        r"background-image:url\(data:image/png;base64,([^)]+)\)", projector.qr_style(URL)
    ).group(1)
    img = Image.open(io.BytesIO(base64.b64decode(src)))
    assert [r.text for r in zxingcpp.read_barcodes(img)] == [URL]


def test_group_pages_pillars_and_counts_what_is_left():
    ideas = [idea(i, 1) for i in range(1, 11)] + [idea(20, 2)] + [idea(30, 3)]
    v = view("group", ideas=ideas)
    first = projector.board(v, t, url=URL, now=0).html
    second = projector.board(v, t, url=URL, now=10).html
    assert re.findall(r'data-idea="(\d+)"', first) == [str(i) for i in range(1, 8)] + ["20"]
    assert texts(first, "bl-more") == ["+3 lagi"]
    assert texts(first, "bl-pageno") == ["1/2"]
    assert re.findall(r'data-idea="(\d+)"', second) == ["30"]
    assert texts(second, "bl-pageno") == ["2/2"]
    assert projector.board(v, t, url=URL, now=0, pinned=2).html == second


def test_vote_hidden_shows_progress_of_ballot_pillars_with_open_marked():
    v = view("vote", tallies=[tally(11, 1), tally(21, 2)], open_pillars=[1])
    html_text = projector.board(v, t, url=URL, now=0).html
    assert 'data-testid="results-hidden">Hasil disembunyikan' in html_text
    assert re.findall(r'<h2 class="bl-h2">([^<]*)</h2><b>(\d+)</b>', html_text) == [
        ("Governance", "96"),
        ("Branding", "90"),
    ]
    assert texts(html_text, "bl-state bl-on") == ["Dibuka"]
    assert texts(html_text, "bl-state bl-off") == ["Ditutup"]
    assert '<b data-testid="count-voted">96</b>' in html_text
    assert "bl-row" not in html_text


def test_revealed_dots_show_ranked_bars_of_voted_pillars_only():
    tallies = [
        tally(11, 1, dots=8),
        tally(12, 1, dots=8),
        tally(13, 1, dots=2),
        tally(21, 2),
        d.Tally(idea_id=31, pillar_id=3, title=EVIL, dots=4),
    ]
    slide = projector.board(view("vote", reveal=True, tallies=tallies), t, url=URL, now=0)
    assert slide.quadrant is None
    assert re.findall(r'data-pillar="(\d+)"', slide.html) == ["1", "3"]
    assert texts(slide.html, "bl-rank") == ["=1", "=1", "3", "1"]
    assert texts(slide.html, "bl-rval") == ["8", "8", "2", "4"]
    assert re.findall(r'class="bl-fill" style="width:([\d.]+)%"', slide.html) == [
        "100.0",
        "100.0",
        "25.0",
        "50.0",
    ]
    assert texts(slide.html, "bl-rtitle")[3] == html.escape(EVIL)
    assert "bl-pageno" not in slide.html  # two pillars: one page


def test_no_votes_yet_says_so():
    slide = projector.board(view("vote", reveal=True, tallies=[tally(11, 1)]), t, url=URL, now=0)
    assert texts(slide.html, "bl-empty") == ["Belum ada suara."]


def test_rating_results_give_one_pillar_per_page_with_numbered_points():
    tallies = [
        tally(11, 1, impact=4.5, feasibility=4.0, ratings=3),
        tally(12, 1, impact=2.0, feasibility=3.0, ratings=3),
        tally(31, 3, impact=3.0, feasibility=3.0, ratings=1),
    ]
    v = view("agree", mode="rating", tallies=tallies)
    first = projector.board(v, t, url=URL, now=0)
    assert (first.pillar.id, first.quadrant) == (1, [("1", 4.0, 4.5), ("2", 3.0, 2.0)])
    assert re.findall(
        r'<div class="bl-prow" data-idea="(\d+)"><b>(\d+)</b><span>([^<]*)', first.html
    ) == [("11", "1", "Usulan 11"), ("12", "2", "Usulan 12")]
    second = projector.board(v, t, url=URL, now=10)
    assert (second.pillar.id, second.quadrant) == (3, [("1", 3.0, 3.0)])


def test_agree_phase_lists_quick_wins_after_the_results():
    qw = d.QuickWin(id=1, workshop_id=1, stage_id=1, name=EVIL, pillar_id=3, owner_opd_id=7)
    v = view("agree", tallies=[tally(11, 1, dots=3)], quickwins=[qw], opd_names={7: "Diskominfo"})
    pages = [projector.board(v, t, url=URL, now=0, pinned=n).html for n in (1, 2)]
    assert texts(pages[0], "bl-rank") == ["1"]
    assert re.findall(r'<li class="bl-qw"[^>]*><b>([^<]*)</b><span>([^<]*)</span>', pages[1]) == [
        (html.escape(EVIL), "— Economy · Diskominfo")
    ]


def test_presentation_css_hides_streamlit_chrome_and_normal_css_clears_the_header():
    present, normal = projector.page_css(True), projector.page_css(False)
    assert "[data-testid=stHeader]" in present and "display: none !important" in present
    assert "[data-testid=stSidebar]" in present
    assert "padding: 64px 12px 8px" in normal and "stHeader" not in normal
    assert "<" not in projector.FRAME_CSS  # the HTML sanitiser drops a <style> holding "<"


def test_quadrant_figure_covers_both_axes_with_large_labels():
    fig = charts.quadrant(
        [("1·3", 4.0, 3.6), ("2", 2.0, 5.0)], x_title="Kelayakan", y_title="Dampak"
    )
    assert list(fig.data[0].x) == [4.0, 2.0] and list(fig.data[0].y) == [3.6, 5.0]
    assert list(fig.data[0].text) == ["1·3", "2"]
    assert fig.layout.xaxis.range == (0.6, 5.4) and fig.layout.yaxis.range == (0.6, 5.4)
    assert fig.layout.xaxis.tickvals == (1, 2, 3, 4, 5)
    assert (fig.layout.xaxis.title.text, fig.layout.yaxis.title.text) == ("Kelayakan", "Dampak")
    sizes = {
        fig.layout.font.size,
        fig.layout.xaxis.tickfont.size,
        fig.data[0].textfont.size,
        fig.layout.annotations[0].font.size,
    }
    assert sizes == {charts.LABEL_PX} and charts.LABEL_PX >= 28
