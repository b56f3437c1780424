"""Time every export on the 110-participant demo Bimtek and print a table.

    python bench/exports.py [--participants 110] [--repeat 5] [--pdf]

Columns: the first build in a fresh process (includes importing python-docx, matplotlib
and openpyxl), then the median and worst of `--repeat` further builds, then the whole
`python -m workshop export` command in a new process (interpreter start included).
`--pdf` also writes the documents to artifacts/ (git-ignored), converts them with
LibreOffice and renders every PDF page to PNG for a look.
"""

from __future__ import annotations

import argparse
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=110)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--pdf", action="store_true", help="write, convert and render to artifacts/"
    )
    args = parser.parse_args()

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


if __name__ == "__main__":
    sys.exit(main())
