"""The load benchmark keeps working: a small burst through real servers (not a timed test)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_twenty_phones_vote_and_nothing_is_lost():
    proc = subprocess.run(
        [
            sys.executable,
            "bench/load.py",
            "--phones",
            "20",
            "--window",
            "3",
            "--think",
            "0.5",
            "--idle",
            "2",
            "--json",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=110,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert set(result) == {
        "phones",
        "votes_sent",
        "votes_stored",
        "p50_ms",
        "p95_ms",
        "max_ms",
        "floor_p95_ms",
        "cpu_ms_per_vote",
        "floor_cpu_ms_per_vote",
        "rss_mb_per_session",
        "projector_refresh_ms",
    }
    assert result["phones"] == 20
    assert result["votes_sent"] == 20
    assert result["votes_stored"] == result["votes_sent"]
    for key in (
        "p50_ms",
        "p95_ms",
        "max_ms",
        "floor_p95_ms",
        "cpu_ms_per_vote",
        "floor_cpu_ms_per_vote",
    ):
        assert isinstance(result[key], (int, float)) and result[key] >= 0, key
    assert result["p50_ms"] <= result["p95_ms"] <= result["max_ms"]
    # the readable table went to stderr, with the floor beside the app
    assert "app/floor" in proc.stderr and "targets:" in proc.stderr


def test_protocol_client_is_importable():
    from bench.protocol import StreamlitClient

    c = StreamlitClient("http://127.0.0.1:8501", path="layar", query="?code=ABC")
    assert c.url == "http://127.0.0.1:8501/layar?code=ABC"
    assert c.find_widget("anything") is None


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.timeout(400)
@pytest.mark.skipif(
    not Path("/usr/bin/chromium").exists(), reason="Debian's chromium is not installed"
)
def test_chromium_phones_vote_with_no_script_run_and_the_simulation_is_compared():
    proc = subprocess.run(
        [sys.executable, "bench/browser_burst.py", "--phones", "3", "--window", "3", "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=380,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    browser, simulated = result["browser"], result["simulated"]
    assert (browser["confirmed"], browser["errors"], browser["reruns_during_burst"]) == (3, [], 0)
    assert browser["api_requests_during_burst"].keys() >= {"live", "room", "mine", "vote"}
    assert (simulated["confirmed"], simulated["reruns_during_burst"]) == (3, 0)
    assert browser["cpu_ms_per_vote"] > 0 and simulated["cpu_ms_per_vote"] > 0
