"""Comparing the data a backup carries: every table but the private ones."""

from __future__ import annotations

from typing import Any

from workshop.store import Store
from workshop.store.backup import PRIVATE_SETTINGS, PRIVATE_TABLES


def data_dump(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table a backup carries (private tables and settings left out)."""
    out = {}
    for table in store.table_counts():
        if table in PRIVATE_TABLES:
            continue
        rows = store.table_rows(table)
        if table == "settings":
            rows = [r for r in rows if r["key"] not in PRIVATE_SETTINGS]
        out[table] = rows
    return out


def private_rows(store: Store) -> dict[str, list[dict[str, Any]]]:
    """The rows a backup must never carry nor a restore bring in."""
    out = {t: store.table_rows(t) for t in store.table_counts() if t in PRIVATE_TABLES}
    out["settings"] = [r for r in store.table_rows("settings") if r["key"] in PRIVATE_SETTINGS]
    return out
