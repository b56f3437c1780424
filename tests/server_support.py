"""Start the real app (shipped config) on a free loopback port for browser and fault tests."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(port: int, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server on port {port} did not become healthy")


@contextlib.contextmanager
def running_app(
    db: Path,
    *,
    pin: str = "2468",
    port: int | None = None,
    extra_env: dict[str, str] | None = None,
    address: str = "127.0.0.1",
) -> Iterator[tuple[subprocess.Popen, int]]:
    """The app on <address>:<port> (127.0.0.1 unless told) with BIMTEK_DB=db; yields
    (process, port)."""
    port = port or free_port()
    env = {
        **os.environ,
        "BIMTEK_DB": str(db),
        "BIMTEK_NO_DEMO": "1",
        "BIMTEK_PIN": pin,
        "BIMTEK_PUBLIC_URL": f"http://127.0.0.1:{port}",
        **(extra_env or {}),
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            address,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_healthy(port)
        yield proc, port
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
