"""The projector in a real browser, on a realistic room: ~110 participants, ~300 long ideas
over 6 pillars, votes in several pillars, dots and rating mode, quick wins.

For every phase at 1920×1080 and 1366×768 the whole board fits the viewport (no
scrolling, every projector box inside it); at 1920×1080 the text is big enough for 8 m;
the QR decodes from a screenshot of the screen; presentation mode hides Streamlit's
chrome and survives a reload. Measured sizes are printed (run with -s to see them).
Screenshots go to artifacts/browser/ (git-ignored)."""

from __future__ import annotations

import io
import random

import pytest
from PIL import Image

from tests.browser_support import PIN, launch, login, pytestmark, settle, shot  # noqa: F401
from tests.server_support import running_app
from workshop.store import Store

BIG, LAPTOP = {"width": 1920, "height": 1080}, {"width": 1366, "height": 768}
SMALL = [{"width": 1280, "height": 720}, {"width": 1024, "height": 768}]

WORDS = (
    "pengembangan sistem informasi layanan terpadu berbasis digital untuk peningkatan "
    "kualitas pelayanan publik kelurahan kecamatan melalui integrasi data kependudukan "
    "kesehatan pendidikan pariwisata UMKM pasar rakyat transportasi sampah energi "
    "terbarukan ruang terbuka hijau partisipasi masyarakat pemantauan banjir"
).split()


def long_title(rng: random.Random, n: int) -> str:
    """A realistic Indonesian idea title, 40–120 characters."""
    words = [rng.choice(WORDS) for _ in range(30)]
    text = f"Usulan {n}: " + " ".join(words)
    return text[: rng.randint(40, 120)].rstrip()


def build_room(db) -> dict:
    """The room's data through the core: stage I collects, stage II rates."""
    rng = random.Random(7)
    store = Store(db)
    auth = store.system_auth()
    w = store.create_workshop(auth, region="Kota Metro", province="Lampung", year=2023)
    store.set_current_stage(auth, w.id, 1)
    opds = store.opds(w.id)
    people = [
        store.join(w.join_code, name=f"Peserta {n}", group="opd", opd_id=opds[n % len(opds)].id)
        for n in range(110)
    ]
    pillars = store.pillars(w.id)
    ideas = []
    for n in range(300):
        ideas.append(
            store.submit_idea(
                people[n % 110].token,
                pillar_id=pillars[n % 6].id,
                kind=("masalah", "potensi", "usulan")[n % 3],
                title=long_title(rng, n + 1),
            )
        )
    stage = store.set_timer(auth, store.current_stage(w.id).id, 1200)
    store.close()
    return {"workshop": w, "stage": stage, "people": people, "pillars": pillars, "ideas": ideas}


def to_group(store: Store, room: dict) -> None:
    store.set_phase(store.system_auth(), room["stage"].id, "group")


def to_vote(store: Store, room: dict) -> None:
    """Ballots of 9 ideas in four pillars; three are voted (with ties), one is closed."""
    auth, stage = store.system_auth(), room["stage"]
    pillars = room["pillars"]
    ballot = {p.id: [i.id for i in room["ideas"] if i.pillar_id == p.id][:9] for p in pillars[:4]}
    store.set_shortlisted(auth, stage.id, [i for ids in ballot.values() for i in ids])
    store.set_phase(auth, stage.id, "vote", timer_seconds=900)
    for n, person in enumerate(room["people"][:96]):
        for p in pillars[:3]:
            ids = ballot[p.id]
            store.cast_dots(person.token, p.id, {ids[n % 5]: 2, ids[(n + 1) % 5]: 1})
    store.set_pillar_voting(auth, stage.id, pillars[3].id, False)
    room["ballot"] = ballot


def reveal(store: Store, room: dict) -> None:
    store.set_reveal(store.system_auth(), room["stage"].id, True)


def to_agree(store: Store, room: dict) -> None:
    auth, stage = store.system_auth(), room["stage"]
    store.set_phase(auth, stage.id, "agree")
    opds = store.opds(room["workshop"].id)
    for n, p in enumerate(room["pillars"][:3]):
        idea = store.idea(room["ballot"][p.id][0])
        store.create_quickwin(
            auth,
            stage.id,
            name=idea.title,
            pillar_id=p.id,
            owner_opd_id=opds[n].id,
            idea_ids=[idea.id],
        )


def to_rating(store: Store, room: dict) -> None:
    """Stage II rates impact × feasibility of earlier ideas in two pillars; revealed."""
    auth, wid = store.system_auth(), room["workshop"].id
    stage = store.set_current_stage(auth, wid, 2)
    store.update_stage(auth, stage.id, vote_mode="rating")
    pillars = room["pillars"][:2]
    ballot = {p.id: [i.id for i in room["ideas"] if i.pillar_id == p.id][:12] for p in pillars}
    store.set_shortlisted(auth, stage.id, [i for ids in ballot.values() for i in ids])
    store.set_phase(auth, stage.id, "vote")
    rng = random.Random(3)
    for person in room["people"][:60]:
        for p in pillars:
            store.cast_ratings(
                person.token,
                p.id,
                {
                    i: (min(5, 1 + (k * 7) % 5 + rng.randint(0, 1)), 1 + (k * 3) % 5)
                    for k, i in enumerate(ballot[p.id])
                },
            )
    store.set_reveal(auth, stage.id, True)


@pytest.fixture(scope="module")
def projector(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    db = tmp_path_factory.mktemp("projector") / "room.db"
    room = build_room(db)
    store = Store(db)
    with running_app(db, pin=PIN) as (_proc, port), sync_playwright() as pw:
        browser = launch(pw)
        try:
            page = login(browser, f"http://127.0.0.1:{port}", BIG)
            yield store, room, f"http://127.0.0.1:{port}", page
        finally:
            browser.close()
    store.close()


# Every box of the projector must lie inside the viewport; the page must not scroll.
FIT_JS = """() => {
  const W = innerWidth, H = innerHeight, bad = [];
  const main = document.querySelector('[data-testid=stMain]');
  const scroll = [document.documentElement.scrollHeight, document.documentElement.scrollWidth,
                  main ? main.scrollHeight - main.clientHeight : 0,
                  main ? main.scrollWidth - main.clientWidth : 0];
  for (const e of document.querySelectorAll(
      '.bl-proj, .bl-proj *, .st-key-proj_quadrant, .st-key-proj_quadrant .main-svg')) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.left < -0.5 || r.top < -0.5 || r.right > W + 0.5 || r.bottom > H + 0.5)
      bad.push(`${e.tagName}.${e.className} ${Math.round(r.left)},${Math.round(r.top)},` +
               `${Math.round(r.right)},${Math.round(r.bottom)}`);
  }
  const proj = document.querySelector('.bl-proj').getBoundingClientRect();
  const header = document.querySelector('[data-testid=stHeader]');
  const hb = header && getComputedStyle(header).display !== 'none'
    ? header.getBoundingClientRect().bottom : 0;
  return {W, H, scroll, bad: bad.slice(0, 8), nbad: bad.length,
          projTop: proj.top, headerBottom: hb};
}"""

# The smallest computed font size (px) of each kind of text on screen.
FONTS_JS = """() => {
  const kinds = {
    idea: '.bl-idea',
    heading: '.bl-h1, .bl-h2',
    counter: '.bl-counter b, .bl-timer b, .bl-pcount b, .bl-tile b, .bl-code span',
    chart: '.bl-rank, .bl-rtitle, .bl-rval, .bl-prow b, .bl-prow span, .js-plotly-plot svg text',
    label: '.bl-counter, .bl-timer, .bl-more, .bl-hidden, .bl-state, .bl-qw span, .bl-qw b',
  };
  const out = {};
  for (const [k, sel] of Object.entries(kinds)) {
    const sizes = [...document.querySelectorAll(sel)]
      .filter(e => e.getBoundingClientRect().width > 0 && e.textContent.trim() !== '')
      .map(e => parseFloat(getComputedStyle(e).fontSize));
    if (sizes.length) out[k] = Math.round(Math.min(...sizes) * 10) / 10;
  }
  return out;
}"""

MINIMUM = {"idea": 32, "heading": 40, "counter": 40, "chart": 28}


def wait_board(page, phase: str, extra: str = "") -> None:
    """Wait for the script run to end, then for the board of `phase` (and `extra`)."""
    settle(page)
    page.wait_for_selector(
        f".bl-proj[data-phase={phase}] {extra}".strip(), timeout=15_000, state="attached"
    )
    if page.locator(".bl-rating").count():
        page.wait_for_selector(".st-key-proj_quadrant .js-plotly-plot text", timeout=15_000)
    page.wait_for_timeout(400)  # fonts and the quadrant's layout


def decode_qr(page) -> list[str]:
    """Decode every QR code in a viewport screenshot (what a phone's camera sees)."""
    import zxingcpp

    img = Image.open(io.BytesIO(page.screenshot(full_page=False)))
    return [r.text for r in zxingcpp.read_barcodes(img)]


def check_screen(page, name: str, *, fonts: bool) -> dict:
    """Assert the board fits (and, at 1920×1080, reads at 8 m); save a screenshot."""
    fit = page.evaluate(FIT_JS)
    shot(page, f"projector-{name}-{fit['W']}x{fit['H']}", full_page=False)
    assert fit["scroll"][0] <= fit["H"] and fit["scroll"][1] <= fit["W"], (name, fit)
    assert fit["scroll"][2] <= 0 and fit["scroll"][3] <= 0, (name, fit)
    assert fit["nbad"] == 0, (name, fit)
    assert fit["projTop"] >= fit["headerBottom"], (name, fit)  # nothing under the header
    sizes = page.evaluate(FONTS_JS)
    print(f"\n{name} {fit['W']}x{fit['H']}: fits; smallest font px {sizes}")
    if fonts:
        for kind, least in MINIMUM.items():
            if kind in sizes:
                assert sizes[kind] >= least, (name, kind, sizes)
    return sizes


def at_sizes(page, name: str, phase: str, extra: str = "") -> dict:
    """Check one phase at 1920×1080 and 1366×768 (and back to 1920×1080)."""
    page.set_viewport_size(LAPTOP)
    wait_board(page, phase, extra)
    check_screen(page, name, fonts=False)
    page.set_viewport_size(BIG)
    wait_board(page, phase, extra)
    return check_screen(page, name, fonts=True)


def test_projector_fits_reads_and_scans_in_every_phase(projector):
    store, room, base, page = projector
    page.goto(f"{base}/layar?penuh=1")
    wait_board(page, "collect")
    url = page.inner_text("[data-testid=join-url]")
    assert url == f"{base}/?code={room['workshop'].join_code}"

    # presentation mode: no Streamlit chrome, also after a reload
    assert not page.locator("[data-testid=stHeader]").is_visible()
    assert not page.locator("[data-testid=stSidebar]").is_visible()
    page.reload()
    wait_board(page, "collect")
    assert not page.locator("[data-testid=stHeader]").is_visible()
    assert page.locator("[data-testid=proj-exit]").is_visible()

    # the big QR decodes from the screen at every size
    for size in (BIG, LAPTOP, *SMALL):
        page.set_viewport_size(size)
        wait_board(page, "collect")
        decoded = decode_qr(page)
        print(f"\nQR collect {size['width']}x{size['height']}: {decoded}")
        assert decoded == [url]
    sizes = {"collect": at_sizes(page, "collect", "collect")}
    assert page.locator(".bl-idea").count() == 5
    newest = store.ideas(room["workshop"].id)[-1]
    assert (
        page.evaluate("document.querySelector('.bl-idea').firstChild.textContent") == newest.title
    )

    to_group(store, room)
    sizes["group"] = at_sizes(page, "group", "group")
    decoded = decode_qr(page)
    print(f"\nQR corner (group) 1920x1080: {decoded}")
    assert decoded == [url]
    qr_px = page.evaluate("document.querySelector('.bl-rail .bl-qr').getBoundingClientRect().width")
    print(f"corner QR: {qr_px:.0f} px")
    assert qr_px >= 170

    to_vote(store, room)
    sizes["vote"] = at_sizes(page, "vote-hidden", "vote", "[data-testid=results-hidden]")
    page.goto(f"{base}/layar?penuh=1")
    wait_board(page, "vote", "[data-testid=results-hidden]")
    assert page.locator(".bl-tile").count() == 4  # pillars with a ballot
    assert page.locator(".bl-tile.bl-closed").count() == 1
    assert page.inner_text("[data-testid=count-voted]") == "96"

    reveal(store, room)
    sizes["results"] = at_sizes(page, "vote-revealed", "vote", ".bl-row")
    # only the voted pillars (3 of the 4 ballots), 2 per page; ties share a rank ("=3");
    # the bars share one scale (both pillars' winners have 59 votes: full length)
    pillars = room["pillars"]
    page.goto(f"{base}/layar?penuh=1&hal=1")
    wait_board(page, "vote", ".bl-row")
    assert page.evaluate("document.querySelector('.bl-proj').dataset.page") == "1/2"
    first = f"[data-pillar='{pillars[0].id}']"
    assert page.locator(f"{first} .bl-rank").all_inner_texts() == [
        "1",
        "2",
        "=3",
        "=3",
        "=3",
        "=6",
        "=6",
    ]
    assert page.locator(f"{first} .bl-rval").all_inner_texts() == [
        "59",
        "58",
        "57",
        "57",
        "57",
        "0",
        "0",
    ]
    assert page.evaluate(
        "[...document.querySelectorAll('[data-pillar] .bl-row:first-of-type "
        ".bl-fill')].map(e => e.style.width)"
    ) == ["100%", "100%"]
    page.goto(f"{base}/layar?penuh=1&hal=2")
    wait_board(page, "vote", ".bl-row")
    assert page.evaluate(
        "[...document.querySelectorAll('[data-pillar]')].map(e => +e.dataset.pillar)"
    ) == [pillars[2].id]

    to_agree(store, room)
    page.goto(f"{base}/layar?penuh=1&hal=3")
    sizes["agree"] = at_sizes(page, "agree-quickwins", "agree", ".bl-qw")
    assert page.locator(".bl-qw").count() == 3

    to_rating(store, room)
    page.goto(f"{base}/layar?penuh=1&hal=1")
    sizes["rating"] = at_sizes(page, "rating-revealed", "vote", ".bl-prow")
    assert page.locator(".st-key-proj_quadrant .js-plotly-plot").count() == 1
    decoded = decode_qr(page)
    print(f"\nQR corner (rating) 1920x1080: {decoded}")
    assert decoded == [url]

    # leaving presentation mode: the header is back and the board stays below it
    page.locator("[data-testid=proj-exit]").click()
    page.wait_for_selector("[data-testid=stHeader]", state="visible")
    wait_board(page, "vote", ".bl-prow")
    assert "penuh" not in page.url
    for size in (BIG, LAPTOP):
        page.set_viewport_size(size)
        wait_board(page, "vote", ".bl-prow")
        check_screen(page, "rating-normal", fonts=False)
    print(f"\nsmallest font px per phase at 1920x1080: {sizes}")
