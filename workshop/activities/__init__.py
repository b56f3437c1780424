"""Activities: what a stage does besides (or instead of) the ideas loop.

`kinds` defines each kind (defaults, set-up and answer rules, checked by the store in its
write transaction); `results` turns answers into plain data for the projector, the
console and the documents; `words` normalises Indonesian vision keywords and draws the
word cloud; `carry` prefills an activity from earlier stages; `longlist` reads a
programme list (CSV/XLSX); `board` draws the projector views."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import live

if TYPE_CHECKING:
    from ..store import Store


def phone_screen(store: Store, state: dict[str, Any]) -> tuple:
    """The phones' screen: an open activity's form, else the ideas loop's screen
    (live.phone_screen). Its `rev` is part of it: phones redraw when the facilitator
    edits the activity's set-up. Used by the poll route (web.phone_screen_of) and the
    phone page (pages/activity_phone.py), so both compare the same token."""
    act = store.open_activity(state["stage_id"])
    if act is not None and act.on_phones:
        return ("act", state["stage_id"], act.id, act.rev)
    return live.phone_screen(state)
