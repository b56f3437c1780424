import contextlib
import os
import re
import shutil
from types import SimpleNamespace

import pytest

from workshop import web
from workshop.domain import WorkshopError
from workshop.security import PinHasher
from workshop.store import Store

# --- h13a: limits ---
# Test set-ups send many ideas from one participant in a loop (the hostile corpus, the
# concurrency fixtures): the ideas-per-participant defaults (10 per stage, 5 per minute)
# are lifted for the test process and the servers it starts. The limits themselves are
# tested with explicit per-workshop values and with these variables removed
# (tests/test_limits.py, tests/test_guard_server.py).
os.environ.setdefault("BIMTEK_IDEAS_PER_STAGE", "10000")
os.environ.setdefault("BIMTEK_IDEAS_PER_MINUTE", "10000")

# The server freezes what survives a full garbage collection (workshop/web.py
# `_short_gc_pauses`, installed when PhoneRoutes is built). Tests build PhoneRoutes in
# this process, which then would never free the cycles of its thousands of temporary
# stores: off here. Servers started by tests run the shipped setting;
# tests/test_gc_pauses.py tests the mechanism.
web.GC_FREEZE = False

# A refusal message is shown to the user as it is, so it must be Indonesian and say
# what is wrong: it holds one of these words and none of the English ones a leaked
# Python or SQLite error would bring.
INDONESIAN_WORDS = {
    "wajib",
    "harus",
    "tidak",
    "melebihi",
    "maksimal",
    "minimal",
    "terlalu",
    "pilih",
    "salah",
    "belum",
    "sudah",
    "hanya",
    "ditutup",
    "berbeda",
    "silakan",
    "lain",
    "bukan",
    "yang",
    "ini",
    "dari",
    "dengan",
    "untuk",
    "sedang",
    "dalam",
    "atau",
}
ENGLISH_WORDS = {
    "must",
    "not",
    "invalid",
    "error",
    "cannot",
    "expected",
    "argument",
    "object",
    "type",
    "binding",
    "the",
    "is",
    "of",
    "unsupported",
}


def is_indonesian(message: str) -> bool:
    words = set(re.findall(r"[a-z]+", message.lower()))
    return bool(words & INDONESIAN_WORDS) and not words & ENGLISH_WORDS


def dump(store: Store) -> dict[str, list[dict]]:
    """Every row of every table, for before/after comparisons."""
    return {table: store.table_rows(table) for table in store.table_counts()}


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory):
    """An empty database with every migration applied, made once per test session:
    copying it is much faster than migrating a new file for every test."""
    path = tmp_path_factory.mktemp("template") / "empty.db"
    Store(path, hasher=PinHasher(fast=True)).close()
    return path


@pytest.fixture
def store(tmp_path, migrated_db):
    shutil.copyfile(migrated_db, tmp_path / "t.db")
    s = Store(tmp_path / "t.db", hasher=PinHasher(fast=True))
    yield s
    s.close()


@pytest.fixture
def auth(store):
    return store.system_auth()


@pytest.fixture
def ws(store, auth):
    return store.create_workshop(
        auth, region="Kota Metro", province="Lampung", year=2023, venue="Aula Pemerintah Kota Metro"
    )


@pytest.fixture
def snapshot(store):
    """`snapshot()` -> (table counts, every row of every table) of the store now."""
    return lambda: (store.table_counts(), dump(store))


@pytest.fixture
def refused(store, snapshot):
    """`with refused(): call()` -- the call must raise a WorkshopError (or the given
    subclass) with an Indonesian message and leave every table exactly as it was."""

    @contextlib.contextmanager
    def check(exc=WorkshopError, match=None):
        before = snapshot()
        with pytest.raises(exc, match=match) as info:
            yield info
        assert isinstance(info.value, WorkshopError)
        assert is_indonesian(str(info.value)), str(info.value)
        after = snapshot()
        assert after[0] == before[0]
        assert after[1] == before[1]

    return check


@pytest.fixture
def opd(store, ws):
    """OPD ids of the workshop by name."""
    return {o.name: o.id for o in store.opds(ws.id)}


@pytest.fixture
def pillars(store, ws):
    """The six default pillars, in order (0 = Smart Governance, 1 = Smart Branding...)."""
    return store.pillars(ws.id)


@pytest.fixture
def people(store, ws, opd):
    """Three participants joined to stage I: two from OPDs, one from a university."""
    return SimpleNamespace(
        ani=store.join(ws.join_code, name="Ani Lestari", group="opd", opd_id=opd["Bappeda"]),
        budi=store.join(ws.join_code, name="Budi Santoso", group="opd", opd_id=opd["Diskominfo"]),
        citra=store.join(
            ws.join_code,
            name="Citra Dewi",
            group="akademisi",
            institution="Universitas Muhammadiyah Metro",
        ),
    )


@pytest.fixture
def ballot(store, auth, ws, pillars, people):
    """Stage I in the vote phase: three shortlisted ideas in Smart Governance, two in
    Smart Branding, voting open in both pillars, no votes yet (budget 3, cap 2)."""
    gov, brand = pillars[0], pillars[1]
    stage = store.current_stage(ws.id)

    def idea(who, pillar, title):
        return store.submit_idea(who.token, pillar_id=pillar.id, kind="usulan", title=title)

    ideas = SimpleNamespace(
        satu_data=idea(people.ani, gov, "Satu Data Kota"),
        mpp=idea(people.ani, gov, "Mal Pelayanan Publik digital"),
        lapor=idea(people.budi, gov, "Kanal pengaduan warga terpadu"),
        festival=idea(people.citra, brand, "Festival budaya tahunan"),
        katalog=idea(people.citra, brand, "Katalog produk unggulan daerah"),
    )
    store.set_phase(auth, stage.id, "group")
    store.set_shortlisted(auth, stage.id, [i.id for i in vars(ideas).values()])
    stage = store.set_phase(auth, stage.id, "vote")
    return SimpleNamespace(stage=stage, gov=gov, brand=brand, ideas=ideas, people=people)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The finished 110-participant demo Bimtek, built once per test module (read-only use)."""
    from tests.docx_support import demo_store

    store, wid = demo_store(tmp_path_factory)
    yield store, wid
    store.close()
