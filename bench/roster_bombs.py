"""Time and memory of reading each hostile roster file (tests/bomb_support.py).

    python bench/roster_bombs.py [--code DIR] [--timeout 90] [--memory-mb 1500]

Each bomb is read by `workshop.imports.parse_roster` in a fresh process (its address
space capped at --memory-mb, killed after --timeout s, so an old, unbounded parser
cannot take the machine down). Printed per bomb: file size, seconds, the reading
process's peak RSS (VmHWM), the XLSX child's peak RSS when there is one, and the answer.
`--code DIR` reads with another checkout's `workshop` package (e.g. the code before the
fix: `git archive <commit> workshop | tar -x -C /tmp/old`, then `--code /tmp/old`).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BOMBS = {
    "normal roster (40 rows)": ("roster_xlsx()", "opd.xlsx"),
    "zip bomb: 300 MB sheet": ("zip_bomb_xlsx(300)", "opd.xlsx"),
    "dimension A1:XFD2000": ("wide_dimension_xlsx()", "opd.xlsx"),
    "200,000 styles": ("many_styles_xlsx(200_000)", "opd.xlsx"),
    "junk renamed .xlsx": ("junk_xlsx()", "opd.xlsx"),
    "50 MB CSV": ("big_csv(50)", "opd.csv"),
    "2.25 million CSV lines": ("many_lines_csv()", "opd.csv"),
    "one 4 MB CSV line": ("long_line_csv()", "opd.csv"),
}

PROBE = """
import json, resource, sys, time
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, ({mem}, {mem}))
sys.path.insert(0, {tests!r})
import bomb_support as b
from workshop import imports
data = b.{build}
t = time.perf_counter()
p = imports.parse_roster(data, {name!r})
seconds = time.perf_counter() - t
hwm = [l for l in Path('/proc/self/status').read_text().splitlines() if l.startswith('VmHWM')]
child = getattr(imports, 'LAST_CHILD', {{}}).get('maxrss_kb')
print(json.dumps([len(data), seconds, int(hwm[0].split()[1]), child, len(p.names),
                  p.file_error]))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", default=str(ROOT), help="the tree whose workshop/ reads")
    parser.add_argument("--timeout", type=float, default=90)
    parser.add_argument("--memory-mb", type=int, default=1500)
    args = parser.parse_args()
    print(f"code: {args.code}")
    print(f"{'bomb':<26} {'KB':>7} {'seconds':>8} {'RSS MB':>7} {'child MB':>8}  answer")
    for label, (build, name) in BOMBS.items():
        code = PROBE.format(
            mem=args.memory_mb * 1024 * 1024, tests=str(ROOT / "tests"), build=build, name=name
        )
        try:
            done = subprocess.run(
                [sys.executable, "-c", code],
                capture_output=True,
                text=True,
                timeout=args.timeout,
                cwd=args.code,
                env={"PYTHONPATH": args.code, "PATH": "/usr/bin:/bin"},
                check=False,
            )
        except subprocess.TimeoutExpired:
            print(f"{label:<26} {'':>7} {'>' + str(int(args.timeout)):>8}  killed at the timeout")
            continue
        if done.returncode != 0:
            tail = (done.stderr.strip().splitlines() or ["?"])[-1][:60]
            print(f"{label:<26} {'':>7} {'':>8}  failed: {tail}")
            continue
        size, seconds, hwm, child, names, error = json.loads(done.stdout)
        child_mb = f"{child // 1024}" if child else "-"
        answer = error or f"{names} names"
        print(
            f"{label:<26} {size // 1024:>7} {seconds:>8.2f} {hwm // 1024:>7} {child_mb:>8}  "
            f"{answer[:70]}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
