"""workshop/web.py `_short_gc_pauses`: what survives a full collection is frozen, so the
next full collection scans only what came since (the server's pauses stay short)."""

from __future__ import annotations

import gc

import pytest

from workshop import web


@pytest.fixture
def freezing(monkeypatch):
    monkeypatch.setattr(web, "GC_FREEZE", True)
    gc.unfreeze()
    yield
    while web._freeze_survivors in gc.callbacks:
        gc.callbacks.remove(web._freeze_survivors)
    gc.unfreeze()


def test_survivors_of_a_full_collection_are_frozen(freezing):
    web._short_gc_pauses()
    web._short_gc_pauses()  # (each PhoneRoutes calls it: installed once)
    assert gc.callbacks.count(web._freeze_survivors) == 1
    kept = [[n] for n in range(1000)]
    gc.collect(1)
    assert gc.get_freeze_count() == 0  # a young collection freezes nothing
    gc.collect(2)
    frozen = gc.get_freeze_count()
    assert frozen >= len(kept)
    gc.collect(2)  # the next full one finds nothing new to freeze but the collector's own
    assert gc.get_freeze_count() - frozen < len(kept)


def test_switched_off_it_is_not_installed(monkeypatch):
    monkeypatch.setattr(web, "GC_FREEZE", False)
    web._short_gc_pauses()
    assert web._freeze_survivors not in gc.callbacks
