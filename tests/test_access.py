"""Access: nobody where they don't belong.

Every public method of Store declares who may call it (workshop/store/access.py):
@facilitator, @participant, @pin_setup, @public or @local; a new one without a marker
fails here. Every @facilitator method (and set_pin) is called with tokens that are not a
live facilitator session, every @participant method with tokens that are no participant's:
each must refuse with AccessDenied and leave every table unchanged. Participants cannot act
as each other; rotating the join code keeps phones working; the PIN is stored only as an
argon2 hash; repeated wrong PINs lock the login for a while, even for the right PIN.
"""

from __future__ import annotations

import inspect
import secrets
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from workshop import backups
from workshop.domain import AccessDenied, WorkshopError
from workshop.security import PinHasher
from workshop.store import SESSION_TTL, Store
from workshop.store.access import KINDS, access_of

PIN = "731953"

# public or local methods that write without a session: first contact, login itself,
# and the trusted local tools
OPEN_WRITERS = {"join", "login", "logout", "system_auth", "ensure_pin", "redeem_handoff"}


def dump(store):
    return {t: store.table_rows(t) for t in store.table_counts()}


def public_methods() -> dict[str, object]:
    return {
        name: fn
        for name, fn in inspect.getmembers(Store, inspect.isfunction)
        if not name.startswith("_")
    }


def methods_marked(*kinds: str) -> list[str]:
    return sorted(n for n, fn in public_methods().items() if access_of(fn) in kinds)


def guarded_methods() -> list[str]:
    """Every method that needs a facilitator session (set_pin once a PIN is set)."""
    return methods_marked("facilitator", "pin_setup")


@pytest.fixture
def world(tmp_path):
    s = Store(tmp_path / "akses.db", hasher=PinHasher(fast=True))
    s.set_pin(PIN)
    auth = s.login(PIN)
    w = s.create_workshop(auth, region="Kota Metro", year=2023)
    other = s.create_workshop(auth, region="Kota Lain", year=2023)
    opds = s.opds(w.id)
    pillars = s.pillars(w.id)
    stage = s.current_stage(w.id)
    ani = s.join(w.join_code, name="Ani", group="opd", opd_id=opds[0].id)
    budi = s.join(w.join_code, name="Budi", group="opd", opd_id=opds[1].id)
    outsider = s.join(other.join_code, name="Orang lain", group="swasta", institution="PT X")
    idea = s.submit_idea(ani.token, pillar_id=pillars[0].id, kind="usulan", title="Satu Data")
    idea2 = s.submit_idea(budi.token, pillar_id=pillars[0].id, kind="usulan", title="MPP digital")
    idea3 = s.submit_idea(budi.token, pillar_id=pillars[1].id, kind="potensi", title="Festival")
    s.set_shortlisted(auth, stage.id, [idea.id, idea2.id])
    qw = s.create_quickwin(
        auth,
        stage.id,
        name="Program",
        pillar_id=pillars[0].id,
        owner_opd_id=opds[0].id,
        idea_ids=[idea.id],
    )
    expired = s.login(PIN, now=time.time() - SESSION_TTL - 60)
    logged_out = s.login(PIN)
    s.logout(logged_out)
    snap = tmp_path / "cadangan.db"
    s.backup_to(auth, snap)
    yield SimpleNamespace(
        store=s,
        auth=auth,
        w=w,
        other=other,
        opds=opds,
        pillars=pillars,
        stage=stage,
        ani=ani,
        budi=budi,
        outsider=outsider,
        idea=idea,
        idea2=idea2,
        idea3=idea3,
        qw=qw,
        expired=expired,
        logged_out=logged_out,
        snap=snap,
        out=tmp_path / "keluar.db",
    )
    s.close()


def arguments(name: str, x) -> tuple[list, dict]:
    """Plausible arguments (after the token) for a guarded method, by parameter name."""
    by_name = {
        "workshop_id": x.w.id,
        "stage_id": x.stage.id,
        "pillar_id": x.pillars[0].id,
        "idea_id": x.idea.id,
        "quickwin_id": x.qw.id,
        "opd_id": x.opds[-1].id,
        "target_id": x.idea.id,
        "source_ids": [x.idea3.id],
        "idea_ids": [x.idea3.id],
        "number": 2,
        "phase": "vote",
        "timer_seconds": 60,
        "seconds": 60,
        "is_open": True,
        "reveal": True,
        "hidden": True,
        "on": True,
        "name": "Nama Baru",
        "short": "Baru",
        "subdims": ["Satu"],
        "kind": None,
        "names": ["OPD Baru"],
        "delta": 1,
        "votes": 3,
        "note": "catatan",
        "key": "public_url",
        "value": "http://10.0.0.9:8501",
        "region": "Kota Baru",
        "province": "",
        "year": 2024,
        "title": "Judul baru",
        "venue": "Aula",
        "new_pin": "999999",
        "in_path": x.snap,
        "out_path": x.out,
        "allocation": {x.idea.id: 1},
        "ratings": {x.idea.id: (5, 5)},
    }
    fields = {
        "add_idea": {"pillar_id": x.pillars[0].id, "kind": "usulan", "title": "Dari lantai"},
        "create_quickwin": {
            "name": "Program baru",
            "pillar_id": x.pillars[0].id,
            "owner_opd_id": x.opds[0].id,
        },
        "update_quickwin": {"name": "Program diubah"},
        "moderate_idea": {"title": "Diubah fasilitator"},
        "update_stage": {"title": "Tahap diubah"},
        "update_workshop": {"venue": "Aula diubah"},
        "edit_own_idea": {"title": "Diubah peserta"},
    }
    args, kwargs = [], {}
    params = list(inspect.signature(getattr(Store, name)).parameters.values())[1:]
    for p in params:
        if p.name in ("auth", "token"):
            continue
        if p.kind is p.VAR_KEYWORD:
            kwargs.update(fields.get(name, {}))
        elif p.kind is p.KEYWORD_ONLY:
            if p.default is p.empty or p.name in by_name:
                kwargs[p.name] = by_name.get(p.name)
        elif p.default is p.empty or p.name in by_name:
            args.append(by_name.get(p.name))
    return args, kwargs


def call(store, name, auth, args, kwargs):
    params = list(inspect.signature(getattr(Store, name)).parameters)
    method = getattr(store, name)
    if params[1] == "auth":
        return method(auth, *args, **kwargs)
    return method(*args, auth=auth, **kwargs)  # set_pin(new_pin, auth)


def bad_tokens(x) -> dict[str, object]:
    return {
        "participant": x.ani.token,
        "None": None,
        "empty": "",
        "random": secrets.token_urlsafe(24),
        "expired": x.expired,
        "logged_out": x.logged_out,
        "padded": " " + x.auth,
        "upper": x.auth.upper() if x.auth.upper() != x.auth else x.auth.lower(),
        "join_code": x.w.join_code,
        "pin": PIN,
        "sql": "' OR '1'='1",
        "not_text": 12345,
    }


def test_every_public_method_declares_who_may_call_it():
    """A new public method without @facilitator/@participant/... fails here."""
    unmarked = sorted(n for n, fn in public_methods().items() if access_of(fn) not in KINDS)
    assert unmarked == [], f"add an access marker (workshop/store/access.py) to: {unmarked}"
    assert len(public_methods()) >= 80


def test_markers_match_the_signatures():
    """@facilitator takes the session first, @participant the participant's token first."""
    for name, fn in public_methods().items():
        params = list(inspect.signature(fn).parameters)[1:]
        kind = access_of(fn)
        if kind == "facilitator":
            assert params[:1] == ["auth"], name
        elif kind == "participant":
            assert params[:1] == ["token"], name
        elif kind == "pin_setup":
            assert "auth" in params, name
        else:
            assert "auth" not in params[:1] or name in ("logout", "is_facilitator"), name


def test_introspection_finds_the_facilitator_methods():
    names = guarded_methods()
    assert len(names) >= 25
    for must in (
        "create_workshop",
        "set_phase",
        "moderate_idea",
        "merge_ideas",
        "create_quickwin",
        "import_opds",
        "set_setting",
        "rotate_join_code",
        "set_pin",
        "set_paper_tally",
        "delete_opd",
        "restore_from",
        "backup_to",
    ):
        assert must in names
    assert set(methods_marked("participant")) >= {
        "check_in",
        "submit_idea",
        "edit_own_idea",
        "delete_own_idea",
        "my_ideas",
        "cast_dots",
        "my_dots",
        "cast_ratings",
        "my_ratings",
    }
    assert set(methods_marked("public")) >= {
        "live_state",
        "workshop_by_code",
        "join",
        "login",
        "is_facilitator",
        "pillars",
    }
    assert access_of(Store.system_auth) == access_of(Store.machine_auth) == "local"


@pytest.mark.parametrize("name", guarded_methods())
def test_every_facilitator_method_refuses_other_tokens(world, name):
    args, kwargs = arguments(name, world)
    for label, token in bad_tokens(world).items():
        before = dump(world.store)
        with pytest.raises(AccessDenied) as info:
            call(world.store, name, token, args, kwargs)
        assert "fasilitator" in str(info.value), (name, label, str(info.value))
        assert dump(world.store) == before, (name, label)
    # the same call with a live session is not refused for lack of rights
    try:
        call(world.store, name, world.auth, args, kwargs)
    except AccessDenied as err:  # pragma: no cover - a failure message
        pytest.fail(f"{name} refused a facilitator: {err}")
    except WorkshopError:
        pass  # a rule of the method itself (e.g. 'Pilar sudah dipakai')


def test_only_the_known_open_writers_write_without_a_token():
    """A method marked @public or @local that opens a write transaction must be one of the
    known open writers: marking a new writer @public is a decision, not an accident."""
    for name, fn in public_methods().items():
        if access_of(fn) in ("public", "local") and name not in OPEN_WRITERS:
            assert "self._tx(" not in inspect.getsource(inspect.unwrap(fn)), name


@pytest.mark.parametrize("name", methods_marked("participant"))
def test_every_participant_method_refuses_other_tokens(world, name):
    args, kwargs = arguments(name, world)
    method = getattr(world.store, name)
    for token in (
        None,
        "",
        12345,
        secrets.token_urlsafe(18),
        world.auth,
        world.w.join_code,
        " " + world.ani.token,
        world.ani.token[:-1],
        str(world.ani.id),
    ):
        before = dump(world.store)
        with pytest.raises(AccessDenied, match="Sesi peserta tidak dikenal"):
            method(token, *args, **kwargs)
        assert dump(world.store) == before, (name, token)
    try:
        method(world.ani.token, *args, **kwargs)
    except AccessDenied as err:  # only "not your own idea" may still refuse her
        assert "sendiri" in str(err), (name, str(err))
    except WorkshopError:
        pass  # a rule of the method itself (e.g. voting is closed)


def test_restore_and_backup_need_a_facilitator(world):
    """Replacing the whole database, or copying it out (PIN hash, sessions and all),
    is refused without a live facilitator session, and nothing is written."""
    s = world.store
    before = dump(s)
    for label, token in bad_tokens(world).items():
        with pytest.raises(AccessDenied, match="fasilitator"):
            s.restore_from(token, world.snap)
        with pytest.raises(AccessDenied, match="fasilitator"):
            s.backup_to(token, world.out)
        assert not world.out.exists(), label
    with pytest.raises(AccessDenied, match="fasilitator"):
        s.restore_from(world.snap)  # the old call, without a token
    for call in (
        lambda: backups.restore(s, world.snap),
        lambda: backups.restore_bytes(s, world.snap.read_bytes()),
        lambda: backups.snapshot_bytes(s),
        lambda: backups.snapshot(s, world.out.parent / "otomatis"),
        lambda: backups.AutoSnapshot(world.out.parent / "otomatis").maybe_snapshot(s),
    ):
        with pytest.raises(AccessDenied, match="fasilitator"):
            call()
    assert not (world.out.parent / "otomatis").exists() or not list(
        backups.list_snapshots(world.out.parent / "otomatis")
    )
    assert dump(s) == before
    s.backup_to(world.auth, world.out)
    assert world.out.is_file()
    s.restore_from(world.auth, world.out)
    # the data is back; a restore ends every facilitator session (the backup has none)
    assert {t: r for t, r in dump(s).items() if t != "fac_sessions"} == {
        t: r for t, r in before.items() if t != "fac_sessions"
    }
    assert dump(s)["fac_sessions"] == [] and not s.is_facilitator(world.auth)


def test_machine_session_is_kept_out_of_the_database(world, tmp_path):
    """The CLI and the snapshot thread use `machine_auth`: a facilitator token of this Store
    object only, in no table (so in no snapshot), kept across a restore."""
    s = world.store
    before = dump(s)
    machine = s.machine_auth()
    assert s.machine_auth() == machine and s.is_facilitator(machine)
    assert dump(s) == before
    s.restore_from(machine, world.snap)
    assert s.is_facilitator(machine)
    other = Store(tmp_path / "lain.db", hasher=PinHasher(fast=True))
    try:
        assert not other.is_facilitator(machine)
        assert other.machine_auth() != machine
    finally:
        other.close()
    s.logout(machine)
    assert not s.is_facilitator(machine)
    assert s.machine_auth() != machine


def test_is_facilitator_and_logout(world):
    s = world.store
    assert s.is_facilitator(world.auth)
    for label, token in bad_tokens(world).items():
        assert s.is_facilitator(token) is False, label
    before = dump(s)
    for token in (None, "", world.ani.token, "x"):
        s.logout(token)  # a stranger's logout removes nothing
    assert dump(s) == before
    assert s.is_facilitator(world.auth)
    s.logout(world.auth)
    assert not s.is_facilitator(world.auth)
    with pytest.raises(AccessDenied):
        s.set_reveal(world.auth, world.stage.id, True)


def test_facilitator_session_is_not_a_participant(world):
    s = world.store
    assert s.participant(world.auth) is None
    with pytest.raises(AccessDenied):
        s.submit_idea(world.auth, pillar_id=world.pillars[0].id, kind="usulan", title="x")


# ---------------------------------------------------------------- participants


def test_participant_cannot_edit_or_delete_anothers_idea(world):
    s = world.store
    before = dump(s)
    with pytest.raises(AccessDenied):
        s.edit_own_idea(world.ani.token, world.idea2.id, title="Dibajak")
    with pytest.raises(AccessDenied):
        s.delete_own_idea(world.ani.token, world.idea2.id)
    with pytest.raises(AccessDenied):
        s.edit_own_idea(world.outsider.token, world.idea.id, title="Dari kegiatan lain")
    assert dump(s) == before
    assert [i.id for i in s.my_ideas(world.ani.token)] == [world.idea.id]


def test_participant_cannot_vote_as_another(world):
    s = world.store
    s.set_phase(world.auth, world.stage.id, "vote")
    gov = world.pillars[0].id
    s.cast_dots(world.budi.token, gov, {world.idea2.id: 2})
    budi_votes = s.my_dots(world.budi.token, gov)
    s.cast_dots(world.ani.token, gov, {world.idea.id: 2, world.idea2.id: 1})
    assert s.my_dots(world.budi.token, gov) == budi_votes  # untouched
    before = dump(s)
    for token in (
        str(world.budi.id),
        world.budi.name,
        world.auth,
        "",
        None,
        world.budi.token + " ",
        world.budi.token[:-1],
    ):
        with pytest.raises(AccessDenied):
            s.cast_dots(token, gov, {world.idea.id: 1})
        with pytest.raises(AccessDenied):
            s.cast_ratings(token, gov, {world.idea.id: (5, 5)})
    # an outsider from another workshop cannot vote on this ballot
    with pytest.raises(WorkshopError):
        s.cast_dots(world.outsider.token, gov, {world.idea.id: 1})
    assert dump(s) == before


def test_outsider_cannot_send_ideas_into_another_workshop(world):
    s = world.store
    before = dump(s)
    with pytest.raises(WorkshopError):
        s.submit_idea(
            world.outsider.token,
            pillar_id=world.pillars[0].id,
            kind="usulan",
            title="Masuk lewat pintu samping",
        )
    assert dump(s) == before


def test_participant_tokens_are_long_random_secrets(world):
    tokens = [p.token for p in world.store.participants(world.w.id)]
    assert len(set(tokens)) == len(tokens)
    assert all(len(t) >= 24 and str(world.ani.id) != t for t in tokens)


def test_rotate_join_code_keeps_phones_but_refuses_old_code(world):
    s = world.store
    old = world.w.join_code
    new = s.rotate_join_code(world.auth, world.w.id)
    assert new != old and s.workshop(world.w.id).join_code == new
    assert s.workshop_by_code(old) is None
    before = dump(s)
    with pytest.raises(WorkshopError, match="Kode kegiatan tidak dikenal"):
        s.join(old, name="Terlambat", group="opd", opd_id=world.opds[0].id)
    assert dump(s) == before
    assert s.check_in(world.ani.token).id == world.ani.id  # old phones still work
    idea = s.submit_idea(
        world.ani.token, pillar_id=world.pillars[2].id, kind="usulan", title="Setelah kode diganti"
    )
    assert idea.author_id == world.ani.id
    late = s.join(new.lower(), name="Tepat waktu", group="opd", opd_id=world.opds[0].id)
    assert late.workshop_id == world.w.id


# ---------------------------------------------------------------- PIN


def test_pin_is_stored_only_as_an_argon2_hash(tmp_path):
    s = Store(tmp_path / "pin.db")  # the real (slow) hasher
    s.set_pin(PIN)
    (row,) = [r for r in s.table_rows("settings") if r["key"] == "pin_hash"]
    assert row["value"].startswith("$argon2id$")
    assert s.login(PIN)
    s.close()
    for f in Path(tmp_path).iterdir():  # nowhere in the files, not even the WAL
        assert PIN.encode() not in f.read_bytes(), f.name


def test_ensure_pin_also_stores_a_hash(store):
    store.ensure_pin("123456")
    assert store.setting("pin_hash").startswith("$argon2")
    assert store.login("123456")


# The login limit per client address: tests/test_login_limits.py


def test_changing_the_pin_needs_a_session(store):
    store.set_pin(PIN)
    before = dump(store)
    for auth in (None, "", "acak"):
        with pytest.raises(AccessDenied):
            store.set_pin("111111", auth)
    assert dump(store) == before
    store.set_pin("111111", store.login(PIN))
    assert store.login("111111")


# ---------------------------------------------------------------- pages

FACILITATOR_PAGES = ("layar", "kendali", "quickwin", "kegiatan", "unduh", "cadangan")


@pytest.mark.parametrize("page", FACILITATOR_PAGES)
def test_facilitator_pages_unreachable_without_a_live_session(monkeypatch, tmp_path, page):
    from tests.apptest_support import assert_unreachable, make_store, new_app

    s = make_store(tmp_path)
    s.set_pin(PIN)
    w = s.create_workshop(s.login(PIN), region="Kota Metro", year=2023)
    p = s.join(w.join_code, name="Ani", group="opd", opd_id=s.opds(w.id)[0].id)
    expired = s.login(PIN, now=time.time() - SESSION_TTL - 60)
    for fac in (None, expired if page in ("layar", "cadangan") else p.token):
        at = new_app(monkeypatch, s)
        at.query_params["t"] = p.token
        if fac is not None:
            at.session_state["fac_auth"] = fac
        at.run()
        assert not at.exception
        assert_unreachable(at, page)
