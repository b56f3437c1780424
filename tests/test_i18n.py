"""The UI catalog: every key the pages use exists, both languages are filled in alike,
and the language switch really changes what a phone shows."""

import re
import string
from pathlib import Path

import pytest

from tests.apptest_support import facilitator_app, phone_app, texts
from workshop import domain as d
from workshop.i18n import CATALOG

PAGES = Path(__file__).resolve().parent.parent / "pages"
# tr("key") / tr('key', ...) with a plain literal key (not an f-string, not "a" + b)
TR_LITERAL = re.compile(r"""\b(?:tr|i18n\.t)\(\s*(["'])([^"'{}]+)\1\s*[,)]""")


def literal_keys() -> dict[str, set[str]]:
    """Catalog keys used as literals, by page file."""
    return {
        path.name: {m.group(2) for m in TR_LITERAL.finditer(path.read_text("utf-8"))}
        for path in sorted(PAGES.glob("*.py"))
    }


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def test_scan_finds_the_keys_pages_use():
    used = literal_keys()
    assert "join.group" in used["participant.py"]
    assert "ctl.title" in used["control.py"]
    assert "bk.restore_warning_safe" in used["backups.py"]


@pytest.mark.parametrize("page", sorted(p.name for p in PAGES.glob("*.py")))
def test_every_literal_key_is_in_the_catalog(page):
    missing = sorted(literal_keys()[page] - CATALOG.keys())
    assert not missing, f"{page}: {missing}"


@pytest.mark.parametrize(
    "prefix, codes",
    [
        ("phase", d.PHASES),
        ("kind", d.KINDS),
        ("group", d.GROUPS),
        ("enabler", d.ENABLERS),
        ("enabler_state", d.ENABLER_STATES),
        ("vote_mode", d.VOTE_MODES),
        ("budget", d.BUDGET_SOURCES),
    ],
)
def test_every_domain_code_has_a_label(prefix, codes):
    missing = [c for c in codes if f"{prefix}.{c}" not in CATALOG]
    assert not missing, f"{prefix}: {missing}"


def test_indonesian_domain_labels_match_the_domain():
    for prefix, labels in (
        ("kind", d.KIND_LABELS),
        ("group", d.GROUP_LABELS),
        ("enabler", d.ENABLER_LABELS),
        ("enabler_state", d.ENABLER_STATE_LABELS),
    ):
        for code, text in labels.items():
            assert CATALOG[f"{prefix}.{code}"][0] == text


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_entry_has_both_languages_with_the_same_placeholders(key):
    entry = CATALOG[key]
    assert isinstance(entry, tuple) and len(entry) == 2
    indonesian, english = entry
    assert isinstance(indonesian, str) and indonesian.strip()
    assert isinstance(english, str) and english.strip()
    assert placeholders(indonesian) == placeholders(english)


def test_lang_switch_turns_join_group_options_english(monkeypatch, store):
    w = store.create_workshop(store.system_auth(), region="Kota Metro", year=2023)
    at = phone_app(monkeypatch, store, code=w.join_code)
    indonesian = [CATALOG[f"group.{g}"][0] for g in d.GROUPS]
    english = [CATALOG[f"group.{g}"][1] for g in d.GROUPS]
    assert list(at.selectbox(key="join_group").options) == indonesian

    at.button(key="lang_switch").click()
    at.run()
    assert not at.exception, at.exception
    group = at.selectbox(key="join_group")
    assert list(group.options) == english
    assert "Academia" in group.options and "Akademisi" not in group.options
    assert group.label == CATALOG["join.group"][1]
    assert at.button(key="lang_switch").label == CATALOG["lang.switch"][1]


@pytest.mark.parametrize("page", ["kendali", "quickwin", "kegiatan", "layar", "cadangan", "unduh"])
def test_facilitator_pages_render_in_english(monkeypatch, store, auth, ballot, page):
    ideas = ballot.ideas
    store.set_idea_hidden(auth, ideas.lapor.id, True)
    store.merge_ideas(auth, ideas.satu_data.id, [ideas.mpp.id])
    at = facilitator_app(monkeypatch, store, page)
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception, at.exception
    shown = texts(at) + "\n".join(
        str(w.label)
        for kind in ("button", "selectbox", "toggle", "text_input", "number_input")
        for w in getattr(at, kind)
    )
    english = {
        "kendali": "Idea moderation",
        "quickwin": "Quick-win programmes · Kota Metro",
        "kegiatan": "Workshop details",
        "layar": "Results stay hidden",
        "cadangan": "Automatic backups",
        "unduh": "Stage summary – Stage I",
    }
    assert english[page] in shown
    for indonesian in ("Simpan", "Tahap I", "Pilar"):
        assert indonesian not in shown, indonesian


def test_projector_idea_wall_takes_the_session_language(store, ballot):
    from workshop import live

    ideas = store.ideas(ballot.stage.workshop_id)
    english = {k: CATALOG[f"kind.{k}"][1] for k in d.KINDS}
    wall = live.idea_wall_html(
        [ballot.gov], ideas, per_pillar=1, kind_labels=english, more_text=CATALOG["proj.more"][1]
    )
    assert "Programme proposal" in wall and "+2 more" in wall
    assert "Usulan program" not in wall and "lainnya" not in wall
    assert "Usulan program" in live.idea_wall_html([ballot.gov], ideas)


def test_domain_code_labels_have_one_source():
    """The UI's Indonesian label of each domain code is the documents' label
    (workshop/domain.py), and each has its own English."""
    from workshop import domain as d

    tables = {
        "phase": d.PHASE_LABELS,
        "kind": d.KIND_LABELS,
        "group": d.GROUP_LABELS,
        "enabler": d.ENABLER_LABELS,
        "enabler_state": d.ENABLER_STATE_LABELS,
    }
    for prefix, labels in tables.items():
        for code, label in labels.items():
            indonesian, english = CATALOG[f"{prefix}.{code}"]
            assert indonesian == label
            assert english and english != indonesian, (prefix, code)
