"""Time every export on the demo Bimtek and at size, and print a table.

    python bench/exports.py [--participants 110] [--repeat 5] [--pdf]
    python bench/exports.py --sizes        # 110 and 2,000 participants, 1,200 ballot ideas

`--sizes` times the summary (the limits: 2 s at 110 participants, 5 s at 2,000
participants or 1,200 ballot ideas), the quick-win draft and the workbook for each size
and prints `uptime` first: the machine is shared, so the load average goes with the
figures.

Columns: the first build in a fresh process (includes importing python-docx, matplotlib
and openpyxl), then the median and worst of `--repeat` further builds, then the whole
`python -m workshop export` command in a new process (interpreter start included).
`--pdf` also writes the documents to artifacts/ (git-ignored), converts them with
LibreOffice and renders every PDF page to PNG for a look.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workshop.demo import build_demo  # noqa: E402
from workshop.security import PinHasher  # noqa: E402
from workshop.store import Store  # noqa: E402

LIMIT_S = 3.0
SIZE_LIMITS = {"110 peserta": 2.0, "2.000 peserta": 5.0, "1.200 usulan pilihan": 5.0}


def ballot_workshop(store: Store, ideas: int = 1200, voters: int = 110) -> tuple[int, int]:
    """A workshop whose stage I has `ideas` ideas on the ballot (200 per pillar), with
    `voters` participants casting their dots: (workshop id, stage id)."""
    import random

    auth = store.system_auth()
    w = store.create_workshop(auth, region="Kota Metro", province="Lampung", year=2024)
    stage = store.current_stage(w.id)
    pillars = store.pillars(w.id)
    made = []
    for n in range(ideas):
        p = pillars[n % len(pillars)]
        made.append(
            store.add_idea(
                auth, w.id, pillar_id=p.id, kind="usulan", title=f"Usulan {n} untuk {p.name}"
            )
        )
    store.set_phase(auth, stage.id, "group")
    store.set_shortlisted(auth, stage.id, [i.id for i in made])
    store.set_phase(auth, stage.id, "vote")
    rng = random.Random(7)
    for n in range(voters):
        person = store.join(w.join_code, name=f"Peserta {n}", group="masyarakat", institution="X")
        for p in pillars:
            mine = [i for i in made if i.pillar_id == p.id]
            picks = rng.sample(mine, 3)
            store.cast_dots(person.token, p.id, {i.id: 1 for i in picks})
    return w.id, stage.id


def sizes(repeat: int) -> int:
    """The summary, draft and workbook at 110 and 2,000 participants and 1,200 ideas."""
    from workshop.exports import quickwins, summary, workbook

    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    tmp = Path(tempfile.mkdtemp(prefix="bench-sizes-"))
    rows = []
    ok = True
    for label in SIZE_LIMITS:
        store = Store(tmp / f"{len(rows)}.db", hasher=PinHasher(fast=True))
        if label == "1.200 usulan pilihan":
            wid, sid = ballot_workshop(store)
        else:
            demo = build_demo(store, participants=110 if label == "110 peserta" else 2000)
            wid, sid = demo.workshop_id, store.stages(demo.workshop_id)[-1].id
        summary.build_summary(store, sid)  # imports and caches out of the figures
        jobs = {
            "summary": functools.partial(summary.build_summary, store, sid),
            "quickwins": functools.partial(quickwins.build_quickwins, store, wid),
            "excel": functools.partial(workbook.build_workbook, store, wid),
        }
        for kind, job in jobs.items():
            times, cpus, size = [], [], 0
            for _ in range(repeat):
                t, c = time.perf_counter(), time.process_time()
                size = len(job())
                times.append(time.perf_counter() - t)
                cpus.append(time.process_time() - c)
            limit = SIZE_LIMITS[label] if kind == "summary" else None
            worst = max(times)
            if limit is not None and worst > limit:
                ok = False
            rows.append((label, kind, statistics.median(times), worst, size, limit, cpus))
        store.close()
    print("\n| size | export | median s | worst s | CPU s (median) | size KB | limit s |")
    print("|---|---|---|---|---|---|---|")
    for label, kind, med, worst, size, limit, cpus in rows:
        lim = f"{limit:.0f}" if limit else "–"
        cpu = statistics.median(cpus)
        print(
            f"| {label} | {kind} | {med:.2f} | {worst:.2f} | {cpu:.2f} | {size / 1024:,.0f} "
            f"| {lim} |"
        )
    shutil.rmtree(tmp, ignore_errors=True)
    print("\nall summaries within their limits" if ok else "\nTOO SLOW")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=110)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--pdf", action="store_true", help="write, convert and render to artifacts/"
    )
    parser.add_argument("--sizes", action="store_true", help="time at 110/2,000/1,200 ideas")
    args = parser.parse_args()
    if args.sizes:
        return sizes(max(1, args.repeat))

    tmp = Path(tempfile.mkdtemp(prefix="bench-exports-"))
    db = tmp / "demo.db"
    store = Store(db, hasher=PinHasher(fast=True))
    t = time.perf_counter()
    demo = build_demo(store, participants=args.participants)
    print(
        f"demo: {demo.participants} peserta, {demo.ideas} usulan, {demo.quickwins} quick win "
        f"({time.perf_counter() - t:.1f} s); db {db}"
    )
    wid = demo.workshop_id
    last = store.stages(wid)[-1]

    from workshop.exports import quickwins, summary, workbook

    jobs = {
        "summary (Tahap IV)": ("summary", lambda: summary.build_summary(store, last.id)),
        "quickwins": ("quickwins", lambda: quickwins.build_quickwins(store, wid)),
        "excel": ("excel", lambda: workbook.build_workbook(store, wid)),
    }
    outputs: dict[str, bytes] = {}
    print(f"\n{'export':<20} {'first':>8} {'median':>8} {'worst':>8} {'cli':>8} {'size':>9}")
    worst_all = 0.0
    for label, (kind, job) in jobs.items():
        t = time.perf_counter()
        data = job()
        first = time.perf_counter() - t
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            job()
            times.append(time.perf_counter() - t)
        out = tmp / f"{kind}.out"
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        t = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "workshop",
                "export",
                "--db",
                str(db),
                "--kind",
                kind,
                "--stage",
                str(last.number),
                "--out",
                str(out),
            ],
            check=True,
            env=env,
            capture_output=True,
        )
        cli = time.perf_counter() - t
        outputs[kind] = data
        worst_all = max(worst_all, first, max(times))
        print(
            f"{label:<20} {first:>7.2f}s {statistics.median(times):>7.2f}s "
            f"{max(times):>7.2f}s {cli:>7.2f}s {len(data) / 1024:>7.0f}KB"
        )
    print(
        f"\nworst in-process build: {worst_all:.2f} s (limit {LIMIT_S:.0f} s): "
        f"{'OK' if worst_all <= LIMIT_S else 'TOO SLOW'}"
    )

    if args.pdf:
        render(outputs)
    store.close()
    shutil.rmtree(tmp, ignore_errors=True)
    return 0 if worst_all <= LIMIT_S else 1


def render(outputs: dict[str, bytes]) -> None:
    """Write the documents to artifacts/, convert to PDF, render pages to PNG."""
    art = ROOT / "artifacts"
    pages = art / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    names = {
        "summary": "ringkasan_tahap_IV.docx",
        "quickwins": "draft_quick_win.docx",
        "excel": "data_bimtek.xlsx",
    }
    for kind, data in outputs.items():
        (art / names[kind]).write_bytes(data)
    soffice = shutil.which("soffice")
    if soffice is None:
        print("soffice not found: no PDF")
        return
    profile = Path(tempfile.mkdtemp(prefix="lo-")).as_uri()
    t = time.perf_counter()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(art),
            str(art / names["summary"]),
            str(art / names["quickwins"]),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    print(f"PDF via LibreOffice: {time.perf_counter() - t:.1f} s")
    if shutil.which("pdftoppm"):
        for stem in ("ringkasan_tahap_IV", "draft_quick_win"):
            subprocess.run(
                ["pdftoppm", "-r", "80", "-png", str(art / f"{stem}.pdf"), str(pages / stem)],
                check=True,
            )
        print(f"pages rendered: {len(list(pages.glob('*.png')))} PNG in {pages}")
    if shutil.which("pdfinfo"):
        for stem in ("ringkasan_tahap_IV", "draft_quick_win"):
            info = subprocess.run(
                ["pdfinfo", str(art / f"{stem}.pdf")], capture_output=True, text=True
            ).stdout
            pages_line = next((x for x in info.splitlines() if x.startswith("Pages:")), "")
            print(f"{stem}.pdf: {pages_line.split()[-1] if pages_line else '?'} pages")


if __name__ == "__main__":
    sys.exit(main())
