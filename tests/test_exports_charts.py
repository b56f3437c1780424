"""Document charts: matplotlib (Agg) PNGs with exactly the numbers of Store.tallies."""

from __future__ import annotations

import socket
import threading

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection

from tests.docx_support import demo_store
from workshop.domain import Tally
from workshop.exports import charts
from workshop.exports import formats as fm

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    store, wid = demo_store(tmp_path_factory, participants=40)
    yield store, wid
    store.close()


def _stage(store, wid, mode, with_paper=False):
    for s in store.stages(wid):
        if s.vote_mode == mode and (not with_paper or any(t.paper for t in store.tallies(s.id))):
            return s
    raise AssertionError(f"no {mode} stage in the demo")


def test_dot_bars_are_the_store_totals_with_manual_votes(demo):
    store, wid = demo
    stage = _stage(store, wid, "dots", with_paper=True)
    tallies = store.tallies(stage.id)
    assert any(t.paper for t in tallies)
    for pillar in store.pillars(wid):
        group = [t for t in tallies if t.pillar_id == pillar.id]
        bars = charts.dot_bars(group)
        ranks = fm.rank_labels(group, "dots")  # '=2' for a tie, as in the table
        assert [(b.title, b.dots, b.paper, b.total, b.rank) for b in bars] == [
            (t.title, t.dots, t.paper, t.dots + t.paper, ranks[t.idea_id]) for t in group
        ]
        fig = charts.dot_figure(group, pillar.name)
        assert isinstance(fig.canvas, FigureCanvasAgg)
        ax = fig.axes[0]
        rects = [p for p in ax.patches]
        # first container: app votes; second (when any manual votes): manual votes
        drawn_dots = [r.get_width() for r in ax.containers[0]]
        assert drawn_dots == [t.dots for t in group]
        if any(t.paper for t in group):
            drawn_paper = [r.get_width() for r in ax.containers[1]]
            assert drawn_paper == [t.paper for t in group]
            assert [r.get_x() for r in ax.containers[1]] == [t.dots for t in group]
            labels = [txt.get_text() for txt in ax.texts]
            assert any(f"({t.paper} manual)" in label for t in group if t.paper for label in labels)
        assert len(rects) >= len(group)


def test_rating_points_are_the_means_and_quadrant_is_above_three(demo):
    store, wid = demo
    stage = _stage(store, wid, "rating")
    tallies = store.tallies(stage.id)
    for pillar in store.pillars(wid):
        group = [t for t in tallies if t.pillar_id == pillar.id]
        points = charts.rating_points(group)
        assert [(p.title, p.impact, p.feasibility, p.quick_win) for p in points] == [
            (t.title, t.impact, t.feasibility, t.impact > 3 and t.feasibility > 3)
            for t in group
            if t.impact is not None
        ]
        fig = charts.rating_figure(group, pillar.name)
        offsets = [
            tuple(c.get_offsets()[0])
            for c in fig.axes[0].collections
            if isinstance(c, PathCollection)
        ]
        # one marker per position: points within 0,15 of each other share one, labelled
        # with all their table numbers (no marker hides another)
        spots = charts._spots(points)
        assert offsets == [(x, y) for x, y, _ in spots]
        labels = [a.get_text() for a in fig.axes[0].texts if a.get_text() != "Kuadran quick win"]
        assert labels == [", ".join(str(p.rank) for p in members) for _, _, members in spots]
        assert sorted(p.rank for _, _, m in spots for p in m) == list(range(1, len(points) + 1))
        assert fig.axes[0].get_xlim() == (0.8, 5.2) and fig.axes[0].get_ylim() == (0.8, 5.2)
        ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
        assert "2,5" in ticks and "2.5" not in ticks  # decimal comma


def test_quadrant_boundary_is_strictly_above_three():
    on_line = Tally(
        idea_id=1, pillar_id=1, title="Tepat 3", impact=3.0, feasibility=4.0, ratings=2, rank=1
    )
    above = Tally(
        idea_id=2, pillar_id=1, title="Di atas", impact=3.01, feasibility=3.01, ratings=2, rank=2
    )
    assert [p.quick_win for p in charts.rating_points([on_line, above])] == [False, True]


def test_png_bytes_and_empty_inputs():
    t = Tally(idea_id=1, pillar_id=1, title="Satu Data Kota", dots=5, paper=2, voters=4, rank=1)
    png = charts.pillar_chart([t], "dots", "Smart Governance")
    assert png.startswith(PNG)
    assert charts.pillar_chart([], "dots") is None
    unrated = Tally(idea_id=1, pillar_id=1, title="Belum dinilai", rank=1)
    assert charts.pillar_chart([unrated], "rating") is None


def test_hostile_titles_render():
    titles = [
        "$\\frac{1}{0}$ <b>&amp;",
        "Biaya $5 dan $\\frac{$",
        "x" * 120,
        "🚀 Kota 😀 cerdas",
        "=cmd|' /C calc'!A0",
        "\\",
        "$",
        "a $\\undefinedcmd$ b",
        "$^$",
    ]  # the last two break matplotlib's math mode
    tallies = [
        Tally(idea_id=i, pillar_id=1, title=s, dots=i, rank=i) for i, s in enumerate(titles, 1)
    ]
    assert charts.pillar_chart(tallies, "dots", "$^$").startswith(PNG)
    fig = charts.dot_figure(tallies, "$x$")
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()][1].startswith("2. Biaya $5")
    assert fig.axes[0].get_title(loc="left") == "$x$"


def test_renders_offline_and_from_threads(monkeypatch):
    def no_network(*args, **kwargs):
        raise OSError("no network in the Aula")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    tallies = [
        Tally(
            idea_id=i,
            pillar_id=1,
            title=f"Usulan {i}",
            dots=10 - i,
            paper=i % 2,
            impact=2.5 + i / 4,
            feasibility=4 - i / 5,
            ratings=3,
            rank=i,
        )
        for i in range(1, 6)
    ]
    results: list[bytes] = []
    errors: list[BaseException] = []

    def work(mode):
        try:
            results.append(charts.pillar_chart(tallies, mode, "Smart Living"))
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=work, args=(m,)) for m in ("dots", "rating") * 3]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    assert len(results) == 6 and all(r.startswith(PNG) for r in results)
    dots = charts.pillar_chart(tallies, "dots", "Smart Living")
    assert results.count(dots) == 3  # same picture from every thread
