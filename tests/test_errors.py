"""workshop.errors: every refusal message of the core has an English version.

The scan below reads the source of the core with `ast`, so a new `raise WorkshopError(...)`
(or AccessDenied, or any other subclass) without a template in workshop/errors.py fails
here instead of showing Indonesian on an English screen.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import INDONESIAN_WORDS
from workshop import backups, errors, imports
from workshop import domain as d
from workshop.domain import AccessDenied
from workshop.errors import in_language
from workshop.store import Store

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted([*ROOT.glob("workshop/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py"])
SAMPLE = "12"  # stands for every formatted value: fits both number and text placeholders

# The helpers that put their `label` argument into a message.
VALIDATORS = {name for name in dir(d) if name.startswith("check_")} | {"clean_text"}
# Labels whose English name is the same word.
SAME_IN_ENGLISH = {"PIN", "OPD", "Enabler", "Status", "Timer", "Seed"}
# Labels the scan cannot see because they sit in a dict or a variable in store.py
# (update_workshop's `spec`, update_stage's `label=key`, Store._QW_TEXT).
INDIRECT_LABELS = {
    "Nama daerah",
    "Provinsi",
    "Judul",
    "Tempat",
    "focus",
    "outputs",
    *Store._QW_TEXT.values(),
}

HOSTILE = "<script>alert('x')</script> **tebal** _[tautan](http://x)_ {braces} {0}\nbaris 2 %s \\"


def _trees() -> list[tuple[Path, ast.Module]]:
    return [(p, ast.parse(p.read_text(encoding="utf-8"), str(p))) for p in SOURCES if p.exists()]


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _error_classes(trees: list[tuple[Path, ast.Module]]) -> set[str]:
    """WorkshopError, AccessDenied and every class derived from them in the sources."""
    names = {"WorkshopError", "AccessDenied"}
    grew = True
    while grew:
        grew = False
        for _, tree in trees:
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.ClassDef)
                    and node.name not in names
                    and any(_name(b) in names for b in node.bases)
                ):
                    names.add(node.name)
                    grew = True
    return names


def _samples(node: ast.expr) -> list[str] | None:
    """The message texts an argument expression can produce, with SAMPLE for each
    formatted value; None for an expression this scan does not understand."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        text = ""
        for part in node.values:
            if isinstance(part, ast.Constant):
                text += part.value
            else:
                assert isinstance(part, ast.FormattedValue)
                text += repr(SAMPLE) if part.conversion == ord("r") else SAMPLE
        return [text]
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Dict):
        out: list[str] = []
        for value in node.value.values:
            got = _samples(value)
            if got is None:
                return None
            out += got
        return out
    if isinstance(node, ast.IfExp):
        a, b = _samples(node.body), _samples(node.orelse)
        return None if a is None or b is None else a + b
    return None


def scan_messages() -> tuple[dict[str, str], list[str]]:
    """({sample message: where}, [raises whose message the scan cannot read])."""
    trees = _trees()
    classes = _error_classes(trees)
    found: dict[str, str] = {}
    unreadable: list[str] = []
    for path, tree in trees:
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Raise)
                and isinstance(node.exc, ast.Call)
                and _name(node.exc.func) in classes
            ):
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            args = node.exc.args
            got = _samples(args[0]) if len(args) == 1 and not node.exc.keywords else None
            if got is None:
                unreadable.append(f"{where}: {ast.unparse(node.exc)}")
                continue
            for message in got:
                found.setdefault(message, where)
    return found, unreadable


def scan_labels() -> dict[str, str]:
    """Field names given to the validators (`label=`) and to store._key / store._items."""
    found: dict[str, str] = {}
    for path, tree in _trees():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _name(node.func)
            exprs = [k.value for k in node.keywords if k.arg == "label" and name in VALIDATORS]
            if name in ("_key", "_items") and len(node.args) == 2:
                exprs.append(node.args[1])
            for expr in exprs:
                for label in _samples(expr) or []:  # names and subscripts: INDIRECT_LABELS
                    found.setdefault(label, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


MESSAGES, UNREADABLE = scan_messages()


def _indonesian_words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower())) & INDONESIAN_WORDS


# --------------------------------------------------------------------------- the scan


def test_the_scan_finds_the_core_messages():
    assert len(MESSAGES) >= 100, len(MESSAGES)
    assert "Kegiatan tidak ditemukan." in MESSAGES
    assert "12 terlalu panjang (12 karakter, maksimal 12)." in MESSAGES  # domain.clean_text
    assert "Berkas kosong." in MESSAGES  # imports.RosterFileError, a subclass
    assert "PIN salah." in MESSAGES  # AccessDenied


def test_every_raised_message_is_readable_by_the_scan():
    # A message built elsewhere (a variable, a call) cannot be checked: write it inline.
    assert UNREADABLE == []


@pytest.mark.parametrize("message", sorted(MESSAGES), ids=lambda m: m[:60])
def test_every_raised_message_has_an_english_template(message):
    english = in_language(message, "en")
    assert english != message, f"no English template for {MESSAGES[message]}: {message!r}"
    assert not _indonesian_words(english), english
    assert in_language(message, "id") == message


@pytest.mark.parametrize("label", sorted(set(scan_labels()) | INDIRECT_LABELS))
def test_every_field_label_has_an_english_name(label):
    english = in_language(f"{label} wajib diisi.", "en")
    assert english.endswith(" is required."), english
    name = english.removesuffix(" is required.")
    if label not in SAME_IN_ENGLISH:
        assert name != label, f"no English name for the label {label!r}"
    assert not _indonesian_words(name), name


@pytest.mark.parametrize("enabler", sorted(d.ENABLER_LABELS.values()))
def test_enabler_status_labels_are_translated(enabler):
    english = in_language(f"Status enabler {enabler} harus berupa teks.", "en")
    assert english.endswith(" enabler status must be text."), english
    assert enabler not in english or enabler in SAME_IN_ENGLISH


def test_every_table_entry_is_reachable_and_well_formed():
    """Each template, filled with sample values, is matched by itself (no earlier, more
    generic entry hides it), and the English side uses only its placeholders."""
    placeholder = re.compile(r"\{([a-z_]+)(?::d)?\}")
    for indonesian, english in errors._TEMPLATES:
        names = set(placeholder.findall(indonesian))
        sample = placeholder.sub(SAMPLE, indonesian)
        values = {n: errors._label(SAMPLE) for n in names}
        expected = english(values) if callable(english) else english.format_map(values)
        assert in_language(sample, "en") == expected, indonesian
        if isinstance(english, str):
            assert set(placeholder.findall(english)) <= names, english


# --------------------------------------------------------------------------- whole values

CASES = [
    ("Kegiatan tidak ditemukan.", "Workshop not found."),
    ("PIN salah.", "Wrong PIN."),
    (
        "Judul terlalu panjang (121 karakter, maksimal 120).",
        "Title is too long (121 characters, at most 120).",
    ),
    ("Nama wajib diisi.", "Name is required."),
    ("Jatah suara harus antara 1 dan 20.", "Vote budget must be between 1 and 20."),
    ("Geser harus antara -10000 dan 10000.", "Shift must be between -10000 and 10000."),
    ("Jumlah suara harus berupa bilangan bulat.", "Number of votes must be a whole number."),
    ("Tanggal harus berupa tanggal (TTTT-BB-HH).", "Date must be a date (YYYY-MM-DD)."),
    ("Tampilkan hasil harus ya atau tidak.", "Show results must be yes or no."),
    (
        "Masalah yang ditangani terlalu panjang (4001 karakter, maksimal 4000).",
        "Problem addressed is too long (4001 characters, at most 4000).",
    ),
    (
        "Status enabler SDM tidak dikenal: 'x'. Pilihan: siap, perlu_disiapkan, belum_ada.",
        "Human resources enabler status is not recognised: 'x'. "
        "Options: siap, perlu_disiapkan, belum_ada.",
    ),
    ("Suara melebihi jatah: 5 dari 3. Kurangi 2 suara.", "Too many votes: 5 of 3. Remove 2 votes."),
    ("Suara melebihi jatah: 4 dari 3. Kurangi 1 suara.", "Too many votes: 4 of 3. Remove 1 vote."),
    (
        "Terlalu banyak percobaan PIN. Coba lagi dalam 1 detik.",
        "Too many PIN attempts. Try again in 1 second.",
    ),
    (
        "Terlalu banyak percobaan PIN. Coba lagi dalam 300 detik.",
        "Too many PIN attempts. Try again in 300 seconds.",
    ),
    ("Tahap 7 tidak ditemukan.", "Stage 7 not found."),
    ("Terlalu banyak baris (2001; maksimal 2000).", "Too many rows (2001; at most 2000)."),
    (
        "Cadangan gagal dibuat di /tmp/x y: [Errno 28] No space left on device",
        "Could not make a backup in /tmp/x y: [Errno 28] No space left on device",
    ),
    ("Duplikat dari baris 3.", "Duplicate of row 3."),
    ("1 baris duplikat dilewati.", "1 duplicate row skipped."),
    # quoted user text goes through exactly, whatever it holds
    (f"OPD '{HOSTILE}' sudah ada.", f"OPD '{HOSTILE}' already exists."),
    (
        f"Usulan '{HOSTILE}' sudah mendapat suara; tidak bisa digabung.",
        f"Idea '{HOSTILE}' already has votes; it cannot be merged.",
    ),
    (
        f"Subdimensi '{HOSTILE}' tidak ada di pilar Smart {{Gov}}\n*x*.",
        f"Sub-dimension '{HOSTILE}' is not in pillar Smart {{Gov}}\n*x*.",
    ),
    (
        f"Kelompok tidak dikenal: {HOSTILE!r}. Pilihan: opd, dewan.",
        f"Group is not recognised: {HOSTILE!r}. Options: opd, dewan.",
    ),
    ("Kolom usulan tidak dikenal: {x}, <b>", "Unknown idea field: {x}, <b>"),
    # a label the table does not know stays Indonesian inside the English sentence
    ("Warna favorit wajib diisi.", "Warna favorit is required."),
]


@pytest.mark.parametrize(("indonesian", "english"), CASES, ids=lambda s: s[:40])
def test_whole_value(indonesian, english):
    assert in_language(indonesian, "en") == english
    assert in_language(indonesian, "id") == indonesian


@pytest.mark.parametrize(
    "message",
    [
        "",
        "Pesan yang tidak dikenal.",
        HOSTILE,
        "{label} wajib diisi",
        "Kegiatan tidak ditemukan",
        " Kegiatan tidak ditemukan.",
        "PIN salah.\n",
        "Suara melebihi jatah: x dari 3. Kurangi 1 suara.",
    ],
)
def test_unknown_messages_stay_as_they_are(message):
    assert in_language(message, "en") == message
    assert in_language(message, "id") == message


def test_other_languages_leave_the_message_alone():
    for lang in ("id", "", "fr", "EN"):
        assert in_language("PIN salah.", lang) == "PIN salah."


# --------------------------------------------------------------------------- real refusals


def _english_of(info) -> str:
    message = str(info.value)
    assert in_language(message, "id") == message
    english = in_language(message, "en")
    assert english != message, message
    return english


def test_real_refusals_of_the_store(store, auth, ws, refused, pillars, people):
    with refused() as info:
        store.join("ZZZZZZ", name="Ani", group="opd")
    assert _english_of(info) == "Unknown workshop code. Check the code on the screen."
    with refused() as info:
        store.join(ws.join_code, name=" \u200b ", group="opd")
    assert _english_of(info) == "Name is required."
    with refused() as info:
        store.join(ws.join_code, name="Ani", group=HOSTILE)
    assert _english_of(info) == (
        f"Group is not recognised: {HOSTILE!r}. Options: " + ", ".join(d.GROUPS) + "."
    )
    with refused() as info:
        store.submit_idea(people.ani.token, pillar_id=pillars[0].id, kind="usulan", title="x" * 121)
    assert _english_of(info) == "Title is too long (121 characters, at most 120)."
    with refused() as info:
        store.submit_idea(
            people.ani.token,
            pillar_id=pillars[0].id,
            kind="usulan",
            title="Judul",
            subdim="<b>{x}</b> **y**",
        )
    assert _english_of(info) == (
        f"Sub-dimension '<b>{{x}}</b> **y**' is not in pillar {pillars[0].name}."
    )
    with refused(AccessDenied) as info:
        store.set_phase("bukan-token", store.current_stage(ws.id).id, "vote")
    assert _english_of(info) == "Only the facilitator may do this."
    with refused() as info:
        store.update_stage(auth, store.current_stage(ws.id).id, budget=2, cap=3)
    assert _english_of(info) == "The maximum votes per idea cannot exceed the vote budget."
    with refused() as info:
        store.create_quickwin(
            auth,
            store.current_stage(ws.id).id,
            name="Program",
            pillar_id=pillars[0].id,
            owner_opd_id=None,
            status="agreed",  # h14q: a candidate may lack an owner; the gate refuses this
        )
    assert _english_of(info) == (
        "Cannot be agreed as a quick win yet: the horizon has not been assessed; no lead "
        "agency (OPD) has been chosen; enablers not yet assessed: Regulation, "
        "Infrastructure, Human resources, Applications."
    )


def test_real_refusal_quotes_a_hostile_opd_name(store, auth, ws, refused):
    opd = store.add_opd(auth, ws.id, HOSTILE)
    assert "\n" in opd.name and "{braces}" in opd.name
    with refused() as info:
        store.add_opd(auth, ws.id, HOSTILE)
    assert _english_of(info) == f"OPD '{opd.name}' already exists."


def test_real_ballot_refusals(store, auth, ballot, refused):
    ani = ballot.people.ani
    with refused() as info:
        store.cast_dots(
            ani.token, ballot.gov.id, {ballot.ideas.satu_data.id: 2, ballot.ideas.mpp.id: 2}
        )
    assert _english_of(info) == "Too many votes: 4 of 3. Remove 1 vote."
    with refused() as info:
        store.cast_dots(ani.token, ballot.gov.id, {ballot.ideas.satu_data.id: 3})
    assert _english_of(info) == "Number of votes must be between 0 and 2."
    wid = ballot.stage.workshop_id
    idea = store.add_idea(auth, wid, pillar_id=ballot.gov.id, kind="usulan", title=HOSTILE[:100])
    store.set_shortlisted(auth, ballot.stage.id, [idea.id])
    store.cast_dots(ani.token, ballot.gov.id, {idea.id: 1})
    with refused() as info:
        store.merge_ideas(auth, ballot.ideas.satu_data.id, [idea.id])
    assert _english_of(info) == f"Idea '{idea.title}' already has votes; it cannot be merged."


def test_real_login_refusals(store):
    with pytest.raises(AccessDenied) as info:
        store.login("1234")
    assert _english_of(info) == "The facilitator PIN has not been set yet."
    store.set_pin("1234")
    with pytest.raises(AccessDenied) as info:
        store.login("9999")
    assert _english_of(info) == "Wrong PIN."


def test_real_backup_refusals(store, tmp_path):
    with pytest.raises(d.WorkshopError) as info:
        backups.restore_bytes(store, b"", auth=store.machine_auth())
    assert _english_of(info) == "The backup file is empty."
    with pytest.raises(d.WorkshopError) as info:
        backups.restore_bytes(store, b"not a database at all" * 100, auth=store.machine_auth())
    assert _english_of(info) == "This file is not a valid Bimtek Live backup. No data was changed."


def test_real_roster_preview_messages():
    assert in_language(imports.parse_roster(b"", "x.csv").file_error, "en") == "The file is empty."
    data = "Nama OPD\nBappeda\nBappeda\n12345\n=SUM(A1)\n".encode("cp1252")
    preview = imports.parse_roster(data, "opd.csv")
    messages = [
        *preview.warnings,
        *(m for _, m in preview.errors),
        *(r.message for r in preview.rows if r.message),
    ]
    assert len(messages) >= 4, messages
    for message in messages:
        english = in_language(message, "en")
        assert english != message, message
        assert not _indonesian_words(english), english
    assert in_language(preview.warnings[0], "en") == (
        'Row 1 was read as column headings; OPD names are taken from column "Nama OPD".'
    )
