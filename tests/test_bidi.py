"""clean_text strips the bidi controls that reorder what follows them (issue 13, item 9):
embeddings and overrides U+202A-U+202E and isolates U+2066-U+2069. The marks LRM, RLM
and ALM (U+200E, U+200F, U+061C) stay: they have no scope."""

from __future__ import annotations

import pytest

from workshop import domain as d

SCOPED = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]


@pytest.mark.parametrize("control", SCOPED, ids=[f"U+{ord(c):04X}" for c in SCOPED])
def test_scoped_bidi_controls_are_stripped(control):
    assert d.clean_text(f"Dinas{control} Kominfo", label="Nama", max_len=100) == "Dinas Kominfo"


def test_the_trojan_source_names():
    cases = {
        "\u202egnp.exe": "gnp.exe",
        "Ani \u202e(Bappeda)\u202c": "Ani (Bappeda)",
        "\u2067عربي\u2069 Kominfo": "عربي Kominfo",
        "\u202bعربي\u202c": "عربي",
    }
    assert {k: d.clean_text(k, label="Nama", max_len=100) for k in cases} == cases


def test_only_controls_is_empty():
    with pytest.raises(d.WorkshopError, match="^Nama wajib diisi.$"):
        d.clean_text("\u202e\u202d\u202c\u2066", label="Nama", max_len=100)
    assert d.clean_text("\u202e\u2069", label="Uraian", max_len=10, required=False) == ""


def test_marks_without_scope_stay_and_cleaning_is_idempotent():
    text = "Nama\u200f \u200eAhmad\u061c"
    assert d.clean_text(text, label="Nama", max_len=100) == text
    once = d.clean_text("\u202ea\u2066b\u200fc", label="Nama", max_len=100)
    assert once == "ab\u200fc"
    assert d.clean_text(once, label="Nama", max_len=100) == once


def test_a_joined_name_reaches_the_store_clean(store, ws):
    p = store.join(ws.join_code, name="Budi\u202e iluB", group="opd", opd_id=2)
    assert p.name == "Budi iluB"
    assert [r["name"] for r in store.table_rows("participants")] == ["Budi iluB"]
