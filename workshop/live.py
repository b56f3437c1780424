"""Pure helpers for the live screens: what a phone should show, labels, escaping."""

from __future__ import annotations

import re
from typing import Any, Callable, Sequence

from . import domain as d

# Phones poll rarely and cheaply (one indexed read); the projector refreshes often.
PHONE_POLL_SECONDS = 4
PROJECTOR_POLL_SECONDS = 2

GROUP_LABELS = d.GROUP_LABELS
KIND_LABELS = d.KIND_LABELS

PHONE_CSS = """
html, body, [data-testid="stAppViewContainer"] { overflow-x: hidden; }
[data-testid="stMainBlockContainer"] { padding: 1rem 0.75rem 3rem; max-width: 720px; }
[data-testid="stHeader"], [data-testid="stToolbar"] { display: none; }
.stButton button, .stFormSubmitButton button { min-height: 48px; font-size: 1.05rem; }
[data-testid="stNumberInput"] button { min-width: 44px; min-height: 44px; }
"""

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")


def esc(text: str) -> str:
    """Escape markdown so user text renders literally in st.markdown and widget labels."""
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", "  \n")


def phone_screen(state: dict[str, Any]) -> tuple:
    """The screen a phone shows for a live state; a change means the phone reruns."""
    if state["phase"] == "collect":
        return ("collect", state["stage_id"])
    if state["phase"] == "vote":
        return ("vote", state["stage_id"], state["vote_mode"], tuple(state["open_pillars"]))
    return ("wait", state["stage_id"], state["phase"])


def pillar_label(pillars: Sequence[d.Pillar]) -> Callable[[int], str]:
    names = {p.id: p.name for p in pillars}
    return lambda pid: names.get(pid, str(pid))


def opd_label(opds: Sequence[d.Opd], none_label: str) -> Callable[[int | None], str]:
    names = {o.id: o.name for o in opds}
    return lambda oid: none_label if oid is None else names.get(oid, str(oid))


def seconds_left(phase_ends_at: float | None, now: float) -> int | None:
    if phase_ends_at is None:
        return None
    return max(0, int(round(phase_ends_at - now)))


def mmss(seconds: int) -> str:
    return f"{seconds // 60:02d}:{seconds % 60:02d}"
