"""What freezing the collector's survivors (workshop/web.py `_short_gc_pauses`) costs in
memory: phones come and go (screens lock, browsers reload) for a while, with the freeze
and without it, and the server's RSS is compared once the ended sessions expired.

    python bench/gc_churn.py                 # 6 rounds of 250 phones, freeze on and off
    python bench/gc_churn.py --rounds 3 --phones 100

Each round opens `--phones` sessions (the join page, as a phone scanning the QR code),
closes them all, and waits a few seconds. After the rounds the server is left alone
longer than Streamlit keeps a disconnected session (120 s), one more small round makes
it drop the expired ones, and the RSS is read.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench import load  # noqa: E402
from bench.protocol import StreamlitClient  # noqa: E402


async def one_round(base_url: str, code: str, n: int, concurrency: int) -> int:
    clients = [StreamlitClient(base_url, query=f"code={code}", name=f"c{i}") for i in range(n)]

    async def visit(c: StreamlitClient) -> None:
        await c.connect(timeout=60)

    done = await load.gather_limited([visit(c) for c in clients], concurrency)
    for c in clients:
        await c.close()
    return sum(1 for r in done if not isinstance(r, BaseException))


async def churn(freeze: bool, args: argparse.Namespace, workdir: Path) -> dict[str, float]:
    db = workdir / f"churn-{int(freeze)}.db"
    setup = load.prepare_db(db, shortlist=3, ideas=0, votes=0, seed=1)
    server = load.Server(
        "app.py",
        {
            "BIMTEK_DB": str(db),
            "BIMTEK_NO_DEMO": "1",
            "BIMTEK_PIN": load.PIN,
            "BIMTEK_GC_FREEZE": "1" if freeze else "0",
        },
        workdir / f"server-{int(freeze)}.log",
    )
    await server.start()
    try:
        rss0 = server.rss_mb()
        per_round = []
        for r in range(args.rounds):
            ok = await one_round(server.base_url, setup.join_code, args.phones, 10)
            await asyncio.sleep(3)
            per_round.append(round(server.rss_mb(), 1))
            load.log(f"freeze={freeze}: round {r + 1}: {ok} sessions, RSS {per_round[-1]} MB")
        load.log(f"freeze={freeze}: waiting {args.expire:g} s for the ended sessions to expire")
        await asyncio.sleep(args.expire)
        await one_round(server.base_url, setup.join_code, 5, 5)
        await asyncio.sleep(3)
        rss_end = server.rss_mb()
        return {
            "rss_start": round(rss0, 1),
            "rss_peak_round": max(per_round),
            "rss_after_expiry": round(rss_end, 1),
            "cpu_s": round(server.cpu_ms() / 1000, 1),
        }
    finally:
        server.stop()


async def amain(args: argparse.Namespace) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="bimtek-churn-"))
    results = {}
    for freeze in (True, False):
        results[freeze] = await churn(freeze, args, workdir)
    sessions = args.rounds * args.phones
    print(f"Bimtek Live GC churn: {args.rounds} rounds of {args.phones} sessions ({sessions})")
    print(f"{'':28}{'freeze on':>12}{'freeze off':>12}")
    for key in ("rss_start", "rss_peak_round", "rss_after_expiry", "cpu_s"):
        print(f"{key:28}{results[True][key]:>12}{results[False][key]:>12}")
    extra = results[True]["rss_after_expiry"] - results[False]["rss_after_expiry"]
    per = extra * 1024 / sessions
    print(f"kept by the freeze: {extra:.1f} MB ({per:.1f} KB per ended session)")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--phones", type=int, default=250)
    ap.add_argument("--expire", type=float, default=130.0, help="seconds left alone")
    args = ap.parse_args(argv)
    start = time.perf_counter()
    rc = asyncio.run(amain(args))
    print(f"({time.perf_counter() - start:.0f} s)")
    return rc


if __name__ == "__main__":
    raise SystemExit(main())
