"""Time the stage documents (analysis, vision, roadmap, executive) on the demo workshop.

    python bench/stage_docs.py                    # 110 participants, 3 builds each
    python bench/stage_docs.py --participants 600 --repeat 5

The first build in a process also pays for importing python-docx, matplotlib and
wordcloud (the "first" column); the others are the cost of a click on a warm server.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workshop.demo import build_demo  # noqa: E402
from workshop.exports import EXPORTS  # noqa: E402
from workshop.security import PinHasher  # noqa: E402
from workshop.store import Store  # noqa: E402

KINDS = {"analysis": 1, "vision": 2, "roadmap": 3, "executive": None}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--participants", type=int, default=110)
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "demo.db", hasher=PinHasher(fast=True))
        wid = build_demo(store, participants=args.participants).workshop_id
        stages = {s.number: s.id for s in store.stages(wid)}
        print(f"demo: {args.participants} participants; times in ms")
        print("| document | first | median | max | KB |")
        print("|---|---|---|---|---|")
        for kind, number in KINDS.items():
            target = wid if number is None else stages[number]
            times = []
            size = 0
            for _ in range(args.repeat + 1):
                t0 = time.perf_counter()
                size = len(EXPORTS[kind].build(store, target))
                times.append((time.perf_counter() - t0) * 1000)
            warm = times[1:]
            print(
                f"| {kind} | {times[0]:.0f} | {statistics.median(warm):.0f} | "
                f"{max(warm):.0f} | {size // 1024} |"
            )
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
