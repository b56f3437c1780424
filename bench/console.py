"""Server time and payload of every facilitator page at a real stage's size; prints a table.

    python bench/console.py [--repeat 15] [--sizes 500x110,2000x600] [--json]

For each size (ideas x participants) a database is built through the store: a four-stage
workshop, Indonesian titles (the demo's ideas with places and variations, so there are
near-duplicates to cluster), ideas spread over stages I-III, stages I and II voted and
agreed, stage III (current) in the vote phase with a shortlist of 8 ideas per pillar and
every participant's dots. Each facilitator page (kendali, layar, quickwin, kegiatan,
unduh, cadangan) then runs in AppTest, as the tests drive it: its first run in the
session (caches such as the duplicate clusters still empty, shown apart), then
`--repeat` full runs. Time is the wall time of `AppTest.run()` (the whole script run,
app.py's router included, plus AppTest's own bookkeeping: an upper bound of server time).
Then `--repeat` runs each after one new idea from the floor (what every run costs while
ideas keep coming: caches such as the duplicate clusters redo the changed pillar).
Payload is the sum of the serialized protos of every element the run produced (about
the size of the delta messages the browser would receive).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from workshop import demo  # noqa: E402
from workshop import domain as d  # noqa: E402
from workshop.security import PinHasher  # noqa: E402
from workshop.store import Store  # noqa: E402

PAGES = {
    "kendali": "pages/control.py",
    "layar": "pages/projector.py",
    "quickwin": "pages/quickwin.py",
    "kegiatan": "pages/setup.py",
    "unduh": "pages/downloads.py",
    "cadangan": "pages/backups.py",
}
TARGET_MS = {500: 300, 2000: 1000}  # kendali's budget per full run

# (pillar index, kind, subject): more subjects next to the demo's ideas
SUBJECTS = (
    (0, "usulan", "Aplikasi antrean puskesmas daring"),
    (0, "usulan", "Tanda tangan elektronik untuk surat dinas"),
    (0, "masalah", "Data penduduk belum terintegrasi antar OPD"),
    (0, "usulan", "Dashboard kinerja OPD untuk pimpinan"),
    (0, "usulan", "Kanal pengaduan warga terpadu"),
    (1, "potensi", "Festival kuliner khas daerah"),
    (1, "usulan", "Katalog digital produk UMKM"),
    (1, "usulan", "Peta wisata interaktif"),
    (1, "masalah", "Promosi pariwisata belum terkoordinasi"),
    (2, "usulan", "Pelatihan literasi digital untuk ibu rumah tangga"),
    (2, "usulan", "Wifi gratis di taman kota"),
    (2, "masalah", "Angka putus sekolah masih tinggi"),
    (2, "usulan", "Perpustakaan digital sekolah"),
    (3, "usulan", "Pasar daring untuk petani sayur"),
    (3, "usulan", "Pembayaran retribusi pasar non tunai"),
    (3, "potensi", "Sentra kerajinan tapis"),
    (3, "masalah", "Akses permodalan UMKM sulit"),
    (4, "usulan", "CCTV di persimpangan rawan kecelakaan"),
    (4, "usulan", "Sistem peringatan dini banjir"),
    (4, "masalah", "Kemacetan di jam sekolah"),
    (4, "usulan", "Lampu PJU tenaga surya"),
    (5, "usulan", "Bank sampah berbasis aplikasi"),
    (5, "usulan", "Penambahan ruang terbuka hijau"),
    (5, "masalah", "Sampah plastik di saluran drainase"),
    (5, "usulan", "Sensor kualitas udara di pusat kota"),
)
PLACES = (
    "Yosorejo",
    "Hadimulyo",
    "Imopuro",
    "Ganjar Agung",
    "Mulyojati",
    "Metro Pusat",
    "Metro Barat",
    "Metro Timur",
    "Metro Selatan",
    "Metro Utara",
)
SUFFIXES = (
    "",
    " di Kelurahan {place}",
    " di Kecamatan {place}",
    " untuk warga {place}",
    " tahap {n}",
    " berbasis aplikasi",
    " bagi pelajar",
    " bersama karang taruna",
    " terintegrasi dengan OPD",
    " tahun {year}",
)


def titles(rng: random.Random) -> list[tuple[int, str, str, str]]:
    """(pillar index, kind, title, description) to draw from."""
    base = [(p, k, t, desc) for p, k, t, desc, _opd in demo.IDEAS]
    base += [(p, k, t, "") for p, k, t in SUBJECTS]
    out = []
    for p, k, t, desc in base:
        for s in SUFFIXES:
            out.append((p, k, t + s, desc))
    rng.shuffle(out)
    return out


def build(path: Path, n_ideas: int, n_people: int, seed: int = 7) -> dict[str, Any]:
    """The database for one size, built through the store (see the module doc)."""
    rng = random.Random(seed)
    store = Store(path, hasher=PinHasher(fast=True))
    auth = store.system_auth()
    w = store.create_workshop(
        auth,
        region="Kota Metro",
        province="Lampung",
        year=2023,
        venue="Aula Pemerintah Kota Metro",
        opds=d.DEFAULT_OPDS + demo.KECAMATAN,
    )
    store.generating_ideas(w.id, True)  # h13a: generated ideas are no flood
    opds = store.opds(w.id)
    pillars = store.pillars(w.id)
    stages = store.stages(w.id)
    people = [
        store.join(
            w.join_code,
            name=f"{rng.choice(demo.FIRST)} {rng.choice(demo.LAST)}",
            group="opd",
            opd_id=rng.choice(opds).id,
        )
        for _ in range(n_people)
    ]
    pool = titles(rng)
    share = {1: 0.25, 2: 0.25, 3: 0.5}
    made = 0
    for number in (1, 2, 3):
        stage = stages[number - 1]
        store.set_current_stage(auth, w.id, number)
        store.set_phase(auth, stage.id, "collect")
        count = n_ideas - made if number == 3 else int(n_ideas * share[number])
        ids_by_pillar: dict[int, list[int]] = {}
        for n in range(count):
            p_i, kind, title, desc = pool[(made + n) % len(pool)]
            if made + n >= len(pool):  # past the pool: the same idea from another place
                title = f"{title} ({rng.choice(PLACES)} {made + n})"
            author = rng.choice(people)
            idea = store.submit_idea(
                author.token,
                pillar_id=pillars[p_i].id,
                kind=kind,
                title=title.format(
                    place=rng.choice(PLACES), n=rng.randint(2, 4), year=rng.randint(2024, 2027)
                )[: d.TITLE_MAX],
                description=desc,
            )
            ids_by_pillar.setdefault(idea.pillar_id, []).append(idea.id)
        made += count
        store.set_phase(auth, stage.id, "group")
        short = [i for ids in ids_by_pillar.values() for i in ids[:8]]
        store.set_shortlisted(auth, stage.id, short)
        store.set_phase(auth, stage.id, "vote")
        for person in people:
            for pillar_id, ids in ids_by_pillar.items():
                picks = rng.sample(ids[:8], k=min(2, len(ids[:8])))
                store.cast_dots(
                    person.token,
                    pillar_id,
                    {i: min(stage.cap, 2 if n == 0 else 1) for n, i in enumerate(picks)},
                )
        if number < 3:
            store.set_phase(auth, stage.id, "agree")
    counts = store.table_counts()
    store.close()
    return {
        "ideas": counts["ideas"],
        "participants": counts["participants"],
        "votes": counts["votes"],
    }


def _protos(node: Any) -> Any:
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _protos(child)
    proto = getattr(node, "proto", None)
    if proto is not None and hasattr(proto, "SerializeToString"):
        yield proto


def payload_kb(at: AppTest) -> float:
    return sum(len(p.SerializeToString()) for p in _protos(at._tree)) / 1024


def measure(db: Path, page: str, repeat: int) -> dict[str, float]:
    os.environ.update(BIMTEK_DB=str(db), BIMTEK_NO_DEMO="1", BIMTEK_NO_AUTOSNAPSHOT="1")
    os.environ.pop("BIMTEK_PIN", None)
    store = Store(db, hasher=PinHasher(fast=True))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["fac_auth"] = store.system_auth()
    at.run()
    at.switch_page(PAGES[page])
    t0 = time.perf_counter()
    at.run()  # the page's first run in this session (e.g. duplicate clusters computed)
    first = (time.perf_counter() - t0) * 1000
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception}")
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    # the same after each change: one new idea from the floor before every run
    wid = store.active_workshop_id()
    pillars = store.pillars(wid)
    changed = []
    for n in range(repeat):
        store.add_idea(
            store.system_auth(),
            wid,
            pillar_id=pillars[n % len(pillars)].id,
            kind="usulan",
            title=f"Usulan dari forum nomor {n}",
        )
        t0 = time.perf_counter()
        at.run()
        changed.append((time.perf_counter() - t0) * 1000)
    store.close()
    return {
        "first_ms": first,
        "changed_p50_ms": statistics.median(changed),
        "changed_max_ms": max(changed),
        "p50_ms": statistics.median(times),
        "p95_ms": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
        "payload_kb": payload_kb(at),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--sizes", default="500x110,2000x600", help="ideas x participants")
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--json", action="store_true", help="one JSON line instead of a table")
    args = parser.parse_args()
    sizes = [tuple(int(x) for x in s.split("x")) for s in args.sizes.split(",")]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n_ideas, n_people in sizes:
            db = Path(tmp) / f"bench_{n_ideas}_{n_people}.db"
            t0 = time.perf_counter()
            built = build(db, n_ideas, n_people)
            print(
                f"built {n_ideas} ideas x {n_people} participants "
                f"({built['votes']} votes) in {time.perf_counter() - t0:.1f} s",
                file=sys.stderr,
            )
            for page in args.pages.split(","):
                r = measure(db, page, args.repeat)
                results.append({"page": page, "ideas": n_ideas, "participants": n_people, **r})
    if args.json:
        print(json.dumps(results))
        return 0
    print(
        "| page | ideas × participants | first run ms | p50 ms | p95 ms "
        "| after a new idea p50 / max ms | payload KB |"
    )
    print("|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['page']} | {r['ideas']:,} × {r['participants']} | {r['first_ms']:.0f} | "
            f"{r['p50_ms']:.0f} | "
            f"{r['p95_ms']:.0f} | {r['changed_p50_ms']:.0f} / {r['changed_max_ms']:.0f} | "
            f"{r['payload_kb']:.0f} |"
        )
    fails = [
        r
        for r in results
        if r["page"] == "kendali" and r["p95_ms"] > TARGET_MS.get(r["ideas"], float("inf"))
    ]
    for r in fails:
        print(
            f"kendali over budget at {r['ideas']} ideas: p95 {r['p95_ms']:.0f} ms", file=sys.stderr
        )
    return 1 if fails else 0


if __name__ == "__main__":
    raise SystemExit(main())
