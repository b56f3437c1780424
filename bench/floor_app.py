"""The floor for bench/load.py: the cheapest useful Streamlit page.

One button; pressing it inserts one row into SQLite (same pragmas and locking as the
app's store: WAL, synchronous=NORMAL, one shared connection behind a lock) and confirms.
Run it like the app, from the repository root so the same .streamlit/config.toml applies:

    FLOOR_DB=/tmp/floor.db python -m streamlit run bench/floor_app.py
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time

import streamlit as st


@st.cache_resource(show_spinner=False)
def _db() -> tuple[sqlite3.Connection, threading.Lock]:
    conn = sqlite3.connect(
        os.environ.get("FLOOR_DB", "floor.db"),
        check_same_thread=False,
        isolation_level=None,
        timeout=15,
    )
    conn.execute("PRAGMA busy_timeout = 15000")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(
        "CREATE TABLE IF NOT EXISTS clicks (id INTEGER PRIMARY KEY, "
        "phone TEXT NOT NULL, at REAL NOT NULL)"
    )
    return conn, threading.Lock()


if st.button("Kirim", key="floor_submit", type="primary"):
    conn, lock = _db()
    with lock:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO clicks (phone, at) VALUES (?, ?)",
            (str(st.query_params.get("p", "")), time.time()),
        )
        conn.execute("COMMIT")
    st.success("Tersimpan.")
