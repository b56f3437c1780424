"""The projector's view of an activity: pure HTML builders (results data in, HTML out),
in the projector board's frame (workshop/projector.py: the `--u` unit, title bar, the
rail with counters and the join QR). All user text is HTML-escaped. Pages rotate on the
projector's timer when there is more than fits."""

from __future__ import annotations

import base64
import html
from collections.abc import Callable, Sequence
from typing import Any

from .. import domain as d
from .. import projector as pj
from . import kinds as k
from .results import group_label

Translate = Callable[..., str]

ACT_CSS = """
.bl-heat { border-collapse: collapse; width: 100%; table-layout: fixed; }
.bl-heat th, .bl-heat td { font-size: calc(2.8 * var(--u)); line-height: 1.15;
  padding: calc(.45 * var(--u)) calc(.8 * var(--u)); border: calc(.15 * var(--u)) solid #fff;
  overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.bl-heat th { font-weight: 800; color: #0b3d73; text-align: center; }
.bl-heat th.bl-lab, .bl-heat td.bl-lab { text-align: left; width: 38%; }
.bl-heat td { text-align: center; font-weight: 800; }
.bl-heat tr.bl-dim td { font-size: calc(3 * var(--u)); background: #0b3d73; color: #fff; }
.bl-dims { display: flex; gap: calc(2 * var(--u)); margin-bottom: calc(1.2 * var(--u)); }
.bl-dims div { flex: 1; background: #eef2f7; border-top: calc(.8 * var(--u)) solid #0b3d73;
  padding: calc(.6 * var(--u)) calc(1.2 * var(--u)); font-size: calc(2.6 * var(--u)); }
.bl-dims b { display: block; font-size: calc(5.5 * var(--u)); line-height: 1.05; }
.bl-swot { display: grid; grid-template-columns: 1fr 1fr; grid-template-rows: 1fr 1fr;
  gap: calc(1.5 * var(--u)); height: 100%; }
.bl-q { background: #eef2f7; border-top: calc(.8 * var(--u)) solid var(--c);
  padding: calc(.8 * var(--u)) calc(1.2 * var(--u)); min-height: 0; overflow: hidden;
  display: flex; flex-direction: column; gap: calc(.6 * var(--u)); }
.bl-q h3 { margin: 0; font-size: calc(3.2 * var(--u)); color: var(--c); }
.bl-q p { font-size: calc(3 * var(--u)); line-height: 1.15; background: #fff;
  padding: calc(.3 * var(--u)) calc(.8 * var(--u)); white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; flex: none; }
.bl-cloud { width: 100%; height: 100%; background: center / contain no-repeat; }
.bl-sbar { display: grid; grid-template-columns: minmax(0, 1fr) calc(24 * var(--u));
  gap: calc(.4 * var(--u)) calc(1.5 * var(--u)); align-items: center;
  margin-bottom: calc(1.2 * var(--u)); }
.bl-sbar span { font-size: calc(3 * var(--u)); line-height: 1.15; display: -webkit-box;
  -webkit-box-orient: vertical; -webkit-line-clamp: 2; overflow: hidden; }
.bl-sbar b { font-size: calc(3.6 * var(--u)); text-align: right; }
.bl-sbar .bl-track { grid-column: 1 / 3; margin: 0; }
.bl-kind { font-size: calc(3 * var(--u)); font-weight: 800; color: #7a1f5c;
  margin: calc(.4 * var(--u)) 0; }
.bl-map { display: grid; grid-template-columns: repeat(var(--n, 6), minmax(0, 1fr));
  gap: calc(1.2 * var(--u)); height: 100%; }
.bl-mcol { background: #eef2f7; border-top: calc(.8 * var(--u)) solid var(--c);
  padding: calc(.6 * var(--u)); min-width: 0; overflow: hidden; }
.bl-mcol h3 { margin: 0 0 calc(.6 * var(--u)); font-size: calc(2.8 * var(--u)); color: var(--c);
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.bl-mcol h3 b { display: block; font-size: calc(5 * var(--u)); color: #111; }
.bl-mcol p { font-size: calc(2.8 * var(--u)); line-height: 1.15; background: #fff;
  margin: 0 0 calc(.6 * var(--u)); padding: calc(.3 * var(--u)) calc(.5 * var(--u));
  display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; overflow: hidden; }
.bl-mcol p i { font-style: normal; font-weight: 800; color: #0b3d73; }
.bl-usg { display: grid; grid-template-columns: calc(6 * var(--u)) minmax(0, 1fr)
  calc(26 * var(--u)) calc(11 * var(--u)); gap: calc(.6 * var(--u)) calc(1 * var(--u));
  align-items: center; font-size: calc(3 * var(--u)); }
.bl-usg .bl-rank { font-size: calc(3.2 * var(--u)); }
.bl-usg span { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.bl-usg small { font-size: calc(2.8 * var(--u)); color: #333; white-space: nowrap; }
.bl-usg b { font-size: calc(3.6 * var(--u)); text-align: right; }
.bl-usg .bl-hd { font-size: calc(2.6 * var(--u)); color: #555; font-weight: 700; }
.bl-road { display: grid; grid-template-columns: calc(20 * var(--u)) repeat(3, minmax(0, 1fr));
  grid-auto-rows: minmax(0, 1fr); gap: calc(.8 * var(--u)); height: 100%; }
.bl-road > div { background: #eef2f7; padding: calc(.4 * var(--u)) calc(.6 * var(--u));
  min-width: 0; min-height: 0; overflow: hidden; }
.bl-road .bl-rh { background: #0b3d73; color: #fff; font-weight: 800;
  font-size: calc(2.8 * var(--u)); display: flex; align-items: center; }
.bl-road .bl-rp { font-weight: 800; font-size: calc(2.7 * var(--u)); color: var(--c);
  border-left: calc(.8 * var(--u)) solid var(--c); display: flex; align-items: center; }
.bl-road p { margin: 0 0 calc(.4 * var(--u)); font-size: calc(2.8 * var(--u)); background: #fff;
  padding: calc(.2 * var(--u)) calc(.5 * var(--u)); white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; border-left: calc(.5 * var(--u)) solid var(--c); }
.bl-road p.bl-room { font-style: italic; }
"""

SWOT_COLORS = {"S": "#1d5e2a", "W": "#9b1030", "O": "#0b3d73", "T": "#8a3b00"}
SWOT_CARDS = 5
STATEMENTS_PER_SLIDE = 6
USG_PILLARS = 1
USG_ROWS = 9
MAP_CARDS = 5
ROAD_CARDS = 2


def _e(text: object) -> str:
    return html.escape(str(text))


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}".replace(".", ",")


def heat_color(score: float | None) -> str:
    """Background for a 1-5 mean: red (1) through amber (3) to green (5); grey if none."""
    if score is None:
        return "background:#e3e8ef;color:#555"
    x = max(0.0, min(1.0, (score - 1) / 4))
    stops = ((0.0, (178, 34, 34)), (0.5, (230, 160, 20)), (1.0, (30, 120, 50)))
    for (x0, c0), (x1, c1) in zip(stops, stops[1:], strict=False):
        if x <= x1:
            f = (x - x0) / (x1 - x0) if x1 > x0 else 0
            rgb = tuple(round(a + (b - a) * f) for a, b in zip(c0, c1, strict=True))
            break
    ink = "#111" if 0.3 < x < 0.7 else "#fff"
    return f"background:rgb{rgb};color:{ink}"


def readiness_slides(m: dict[str, Any], pillars: Sequence[d.Pillar], t: Translate) -> list[str]:
    """A heat map: items (grouped by dimension) × all / each group, dimension means on top;
    with per-pillar answers a second page has the pillars as columns."""
    if not m["respondents"]:
        return [f'<p class="bl-empty">{_e(t("act.no_answers"))}</p>']
    dims = "".join(
        f'<div style="border-color:{heat_color(x["mean"]).split(";")[0].split(":")[1]}">'
        f"{_e(x['label'])}<b>{_num(x['mean'])}</b></div>"
        for x in m["dimensions"]
    )

    def table(cols: list[tuple[str, dict[str, float | None]]]) -> str:
        head = f'<th class="bl-lab">{_e(t("act.item"))}</th>' + "".join(
            f"<th>{_e(name)}</th>" for name, _ in cols
        )
        body = []
        for dim in k.DIMENSIONS:
            items = [i for i in m["items"] if i["dimension"] == dim]
            if not items:
                continue
            body.append(
                f'<tr class="bl-dim"><td class="bl-lab" colspan="{len(cols) + 1}">'
                f"{_e(k.DIMENSION_LABELS[dim])}</td></tr>"
            )
            for i in items:
                cells = "".join(
                    f'<td style="{heat_color(v.get(i["key"]))}">{_num(v.get(i["key"]))}</td>'
                    for _, v in cols
                )
                body.append(f'<tr><td class="bl-lab">{_e(i["label"])}</td>{cells}</tr>')
        return f'<table class="bl-heat"><tr>{head}</tr>{"".join(body)}</table>'

    overall = {i["key"]: i["mean"] for i in m["items"]}
    groups = [(group_label(g), m["by_group"][g]) for g in m["groups"][:5]]
    out = [f'<div class="bl-dims">{dims}</div>' + table([(t("act.all"), overall), *groups])]
    if m["by_pillar"]:
        names = {p.id: p.short for p in pillars}
        cols = [(names.get(p, str(p)), v) for p, v in m["by_pillar"].items()][:6]
        out.append(table([(t("act.all"), overall), *cols]))
    return out


def swot_slides(
    matrices: dict[int, dict[str, list[dict[str, Any]]]],
    pillars: Sequence[d.Pillar],
    t: Translate,
) -> list[tuple[str, str]]:
    """(pillar name, 2×2) per pillar that has cards."""
    out = []
    for p in pillars:
        m = matrices.get(p.id)
        if not m or not any(m.values()):
            continue
        boxes = []
        for q in k.QUADRANTS:
            cards = m[q]
            shown = "".join(f"<p>{_e(c['text'])}</p>" for c in cards[-SWOT_CARDS:])
            more = len(cards) - min(len(cards), SWOT_CARDS)
            tail = f'<p class="bl-more">{_e(t("proj.more_left", n=more))}</p>' if more else ""
            boxes.append(
                f'<div class="bl-q" style="--c:{SWOT_COLORS[q]}" data-quadrant="{q}">'
                f"<h3>{_e(t('swot.' + q))} ({len(cards)})</h3>{shown}{tail}</div>"
            )
        out.append((p.name, f'<div class="bl-swot">{"".join(boxes)}</div>'))
    return out or [("", f'<p class="bl-empty">{_e(t("act.no_answers"))}</p>')]


def cloud_slide(png: bytes, t: Translate) -> str:
    if not png:
        return f'<p class="bl-empty">{_e(t("act.no_answers"))}</p>'
    data = base64.b64encode(png).decode("ascii")
    return (
        f'<div class="bl-cloud" data-testid="word-cloud" role="img" '
        f'aria-label="{_e(t("act.cloud"))}" style="background-image:url(data:image/png;base64,'
        f'{data})"></div>'
    )


def statement_slides(rows: list[dict[str, Any]], t: Translate) -> list[str]:
    if not rows:
        return [f'<p class="bl-empty">{_e(t("act.no_statements"))}</p>']
    out = []
    for chunk in pj.chunks(rows, STATEMENTS_PER_SLIDE):
        parts, kind = [], None
        for r in chunk:
            if r["kind"] != kind:
                kind = r["kind"]
                parts.append(f'<div class="bl-kind">{_e(k.STATEMENT_LABELS[kind])}</div>')
            pct = round(100 * r["share"])
            parts.append(
                f'<div class="bl-sbar" data-statement="{_e(r["key"])}">'
                f"<span>{_e(r['text'])}</span>"
                f"<b>{pct}% <small>({r['approve']}/{r['voters']})</small></b>"
                f'<div class="bl-track"><div class="bl-fill" style="width:{pct}%"></div>'
                "</div></div>"
            )
        out.append("".join(parts))
    return out


def longlist_slide(rows: list[dict[str, Any]], pillars: Sequence[d.Pillar], t: Translate) -> str:
    if not rows:
        return f'<p class="bl-empty">{_e(t("act.no_programmes"))}</p>'
    cols = []
    for p in pillars:
        mine = [r for r in rows if r["pillar_id"] == p.id]
        best = sorted(mine, key=lambda r: (-(r["mean"] or 0), r["key"]))[:MAP_CARDS]
        cards = "".join(
            f"<p><i>{_num(r['mean'])}</i> {_e(r['name'])}</p>"
            if r["mean"] is not None
            else f"<p>{_e(r['name'])}</p>"
            for r in best
        )
        cols.append(
            f'<div class="bl-mcol" style="--c:{pj._color(pillars, p.id)}">'
            f"<h3><b>{len(mine)}</b>{_e(p.short)}</h3>{cards}</div>"
        )
    unmapped = sum(1 for r in rows if not r["pillar_id"])
    tail = f'<p class="bl-more">{_e(t("act.unmapped", n=unmapped))}</p>' if unmapped else ""
    return f'<div class="bl-map" style="--n:{len(pillars)}">{"".join(cols)}</div>{tail}'


def usg_slides(rows: list[dict[str, Any]], pillars: Sequence[d.Pillar], t: Translate) -> list[str]:
    by_pillar = [(p, [r for r in rows if r["pillar_id"] == p.id]) for p in pillars]
    by_pillar = [(p, rs) for p, rs in by_pillar if rs]
    if not by_pillar:
        return [f'<p class="bl-empty">{_e(t("act.no_candidates"))}</p>']
    out = []
    for chunk in pj.chunks(by_pillar, USG_PILLARS):
        cols = []
        for p, rs in chunk:
            head = (
                f'<span class="bl-hd">#</span><span class="bl-hd">{_e(t("act.candidate"))}</span>'
                f'<span class="bl-hd">U · S · G</span>'
                f'<span class="bl-hd">{_e(t("act.total"))}</span>'
            )
            body = "".join(
                f'<span class="bl-rank">{_e(r["rank"])}</span><span>{_e(r["title"])}</span>'
                f"<small>{_num(r['u'])} · {_num(r['s'])} · {_num(r['g'])}</small>"
                f"<b>{_num(r['total'])}</b>"
                for r in rs[:USG_ROWS]
            )
            more = len(rs) - min(len(rs), USG_ROWS)
            tail = f'<div class="bl-more">{_e(t("proj.more_left", n=more))}</div>' if more else ""
            cols.append(
                f'<div><h2 class="bl-h2" style="color:{pj._color(pillars, p.id)}">'
                f'{_e(p.name)}</h2><div class="bl-usg">{head}{body}</div>{tail}</div>'
            )
        out.append(f'<div class="bl-cols" style="--n:{USG_PILLARS}">{"".join(cols)}</div>')
    return out


def roadmap_slide(rows: list[dict[str, Any]], pillars: Sequence[d.Pillar], t: Translate) -> str:
    if not rows:
        return f'<p class="bl-empty">{_e(t("act.no_candidates"))}</p>'
    cells = ['<div class="bl-rh"></div>'] + [
        f'<div class="bl-rh">{_e(t("horizon." + h))}</div>' for h in k.HORIZONS
    ]
    for p in pillars:
        mine = [r for r in rows if r["pillar_id"] == p.id]
        c = pj._color(pillars, p.id)
        cells.append(f'<div class="bl-rp" style="--c:{c}">{_e(p.short)}</div>')
        for h in k.HORIZONS:
            here = [r for r in mine if r["horizon"] == h]
            chips = "".join(
                f'<p class="{"" if r["placed_by"] == "fasilitator" else "bl-room"}" '
                f'style="--c:{c}">{_e(r["title"])}</p>'
                for r in here[:ROAD_CARDS]
            )
            more = len(here) - min(len(here), ROAD_CARDS)
            tail = f'<p class="bl-more">+{more}</p>' if more else ""
            cells.append(f'<div data-horizon="{h}">{chips}{tail}</div>')
    return f'<div class="bl-road">{"".join(cells)}</div>'


def frame(
    title: str,
    slides: list[tuple[str, str]],
    t: Translate,
    *,
    kind: str,
    answers: int,
    url: str,
    code: str,
    now: float,
    pinned: int | None = None,
) -> str:
    """The whole projector screen for an activity (rotating pages, the rail with the
    answer count and the join QR)."""
    n = (pinned - 1) % len(slides) if pinned else pj.page_index(len(slides), now)
    sub, body = slides[n]
    title = f"{title} · {sub}" if sub else title
    pageno = f'<div class="bl-pageno">{n + 1}/{len(slides)}</div>' if len(slides) > 1 else ""
    rail = (
        f'<aside class="bl-rail">{pj.counter(t("act.answers"), answers, "count-answers")}'
        f"{pj.join_block(t, url, code)}</aside>"
    )
    return (
        f"<style>{ACT_CSS}</style>"
        f'<div class="bl-proj bl-staged" data-activity="{_e(kind)}" '
        f'data-page="{n + 1}/{len(slides)}"><div class="bl-main">'
        f'<div class="bl-titlebar"><h1 class="bl-h1">{_e(title)}</h1>{pageno}</div>'
        f'<div class="bl-slide">{body}</div></div>{rail}</div>'
    )


def view(
    store: Any, act: k.Activity, t: Translate, *, url: str, now: float, pinned: int | None = None
) -> str:
    """The projector screen of `act` from the store's data now."""
    from . import results as r
    from . import words

    ws = store.workshop(act.workshop_id)
    pillars = store.pillars(act.workshop_id)
    sid = act.stage_id
    slides: list[tuple[str, str]]
    if act.kind == "readiness":
        slides = [
            ("", x) for x in readiness_slides(r.readiness_matrix(store, sid, act.id), pillars, t)
        ]
    elif act.kind == "swot":
        mats = {p.id: r.swot_matrix(store, sid, p.id, act.id) for p in pillars}
        slides = swot_slides(mats, pillars, t)
    elif act.kind == "keywords":
        counts = tuple(r.keyword_counts(store, sid, act.id))
        slides = [("", cloud_slide(words.cloud_png(counts), t))]
    elif act.kind == "statements":
        slides = [("", x) for x in statement_slides(r.statement_support(store, sid, act.id), t)]
    elif act.kind == "longlist":
        slides = [("", longlist_slide(r.longlist(store, sid, act.id), pillars, t))]
    elif act.kind == "usg":
        slides = [
            ("", x) for x in usg_slides(r.usg_ranking(store, sid, activity_id=act.id), pillars, t)
        ]
    else:
        slides = [("", roadmap_slide(r.roadmap(store, sid, act.id), pillars, t))]
    answers = store.activity_counts(sid).get(act.id, 0)
    return frame(
        act.title,
        slides,
        t,
        kind=act.kind,
        answers=answers,
        url=url,
        code=ws.join_code,
        now=now,
        pinned=pinned,
    )
