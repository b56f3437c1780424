import datetime
import time

import pytest

from workshop import domain as d
from workshop.domain import AccessDenied, WorkshopError
from workshop.store import JOIN_ALPHABET


def test_create_workshop(store, ws):
    assert ws == d.Workshop(
        id=1,
        region="Kota Metro",
        province="Lampung",
        year=2023,
        title="Bimtek Penyusunan Masterplan Smart City Kota Metro 2023",
        venue="Aula Pemerintah Kota Metro",
        join_code=ws.join_code,
        current_stage=1,
        version=0,
    )
    assert len(ws.join_code) == 6 and set(ws.join_code) <= set(JOIN_ALPHABET)
    assert store.workshop(ws.id) == ws
    assert store.workshops() == [ws]
    assert store.schema_version()[0] == "m001_initial"


def test_create_workshop_seeds_stages(store, ws):
    assert store.stages(ws.id) == [
        d.Stage(
            id=s.number,
            workshop_id=ws.id,
            number=s.number,
            title=s.title,
            focus=s.focus,
            outputs=s.outputs,
            phase="collect",
            phase_ends_at=None,
            vote_mode="dots",
            budget=3,
            cap=2,
            reveal=False,
            date=None,
        )
        for s in d.DEFAULT_STAGES
    ]
    assert store.current_stage(ws.id) == store.stage_by_number(ws.id, 1) == store.stage(1)


def test_create_workshop_seeds_pillars(store, ws):
    assert store.pillars(ws.id) == [
        d.Pillar(
            id=i + 1,
            workshop_id=ws.id,
            position=i,
            name=p.name,
            short=p.short,
            subdims=list(p.subdims),
        )
        for i, p in enumerate(d.DEFAULT_PILLARS)
    ]


def test_create_workshop_seeds_opds(store, ws):
    assert [(o.position, o.name, o.kind) for o in store.opds(ws.id)] == [
        (i, name, "opd") for i, name in enumerate(d.DEFAULT_OPDS)
    ]


def test_create_workshop_with_own_roster(store, auth):
    w = store.create_workshop(
        auth,
        region="Kabupaten Bangli",
        year="2024",
        title="Bimtek II",
        opds=["Bappeda", "Kecamatan Kintamani", "Kelurahan Kawan", "Desa Bunutin", "Bappeda"],
    )
    assert (w.year, w.title, w.province, w.venue) == (2024, "Bimtek II", "", "")
    assert [(o.name, o.kind) for o in store.opds(w.id)] == [
        ("Bappeda", "opd"),
        ("Kecamatan Kintamani", "kecamatan"),
        ("Kelurahan Kawan", "kelurahan"),
        ("Desa Bunutin", "kelurahan"),
    ]


def test_workshops_newest_first_and_distinct_codes(store, auth, ws):
    other = store.create_workshop(auth, region="Kota Tegal", province="Jawa Tengah", year=2023)
    assert [w.id for w in store.workshops()] == [other.id, ws.id]
    assert other.join_code != ws.join_code


def test_workshop_by_code(store, ws):
    assert store.workshop_by_code(ws.join_code) == ws
    assert store.workshop_by_code(f"  {ws.join_code.lower()} ") == ws
    assert store.workshop_by_code("ZZZZZZ") is None
    assert store.workshop_by_code(None) is None
    assert store.workshop_by_code(123456) is None


def test_unknown_workshop_and_stage(store, ws, refused):
    with refused(match="Kegiatan tidak ditemukan."):
        store.workshop(99)
    with refused(match="Tahap tidak ditemukan."):
        store.stage(99)
    with refused(match="Tahap 5 tidak ditemukan."):
        store.stage_by_number(ws.id, 5)
    with refused(match="Kegiatan tidak ditemukan."):
        store.live_state(99)


def test_update_workshop(store, auth, ws):
    w = store.update_workshop(
        auth,
        ws.id,
        region=" Kota Metro Raya ",
        year="2024",
        province="",
        venue="Aula Kantor Wali Kota",
        title="Bimtek Metro",
    )
    assert w == d.Workshop(
        id=ws.id,
        region="Kota Metro Raya",
        province="",
        year=2024,
        title="Bimtek Metro",
        venue="Aula Kantor Wali Kota",
        join_code=ws.join_code,
        current_stage=1,
        version=1,
    )


@pytest.mark.parametrize(
    "fields,message",
    [
        ({"region": "  "}, "wajib diisi."),
        ({"year": 1999}, "Tahun harus antara 2000 dan 2100."),
        ({"year": True}, "Tahun harus berupa bilangan bulat."),
        ({"title": "x" * 301}, "terlalu panjang (301 karakter, maksimal 300)."),
        ({"join_code": "AAAAAA"}, "Kolom kegiatan tidak dikenal: join_code"),
        ({"version": 0}, "Kolom kegiatan tidak dikenal: version"),
    ],
)
def test_update_workshop_refuses(store, auth, ws, refused, fields, message):
    with refused() as err:
        store.update_workshop(auth, ws.id, **fields)
    assert str(err.value).endswith(message)  # the field's label may still change


def test_rotate_join_code(store, auth, ws, people):
    code = store.rotate_join_code(auth, ws.id)
    assert code != ws.join_code
    assert store.workshop(ws.id).join_code == code
    assert store.workshop_by_code(ws.join_code) is None
    with pytest.raises(WorkshopError, match="Kode kegiatan tidak dikenal"):
        store.join(ws.join_code, name="Dodi", group="masyarakat", institution="Karang Taruna")
    # phones that joined earlier keep working through their token
    assert store.check_in(people.ani.token) == people.ani
    assert (
        store.join(code, name="Dodi", group="masyarakat", institution="Karang Taruna").name
        == "Dodi"
    )


# ----------------------------------------------------------------- stages


def test_update_stage(store, auth, ws):
    stage = store.update_stage(
        auth,
        2,
        title=" Visi dan Misi ",
        focus="",
        outputs="Draf visi",
        date="2023-07-25",
        vote_mode="rating",
        budget=5,
        cap=5,
    )
    assert stage == d.Stage(
        id=2,
        workshop_id=ws.id,
        number=2,
        title="Visi dan Misi",
        focus="",
        outputs="Draf visi",
        phase="collect",
        phase_ends_at=None,
        vote_mode="rating",
        budget=5,
        cap=5,
        reveal=False,
        date="2023-07-25",
    )
    assert store.update_stage(auth, 2, date="").date is None


@pytest.mark.parametrize(
    "fields,message",
    [
        ({"cap": 4}, "Batas suara per usulan tidak boleh melebihi jatah suara."),
        ({"budget": 1}, "Batas suara per usulan tidak boleh melebihi jatah suara."),
        ({"budget": 0}, "Jatah suara harus antara 1 dan 20."),
        ({"budget": 21, "cap": 2}, "Jatah suara harus antara 1 dan 20."),
        ({"cap": -1}, "Batas suara per usulan harus antara 1 dan 20."),
        ({"budget": True}, "Jatah suara harus berupa bilangan bulat."),
        ({"vote_mode": "borda"}, "Mode voting tidak dikenal: 'borda'. Pilihan: dots, rating."),
        ({"title": ""}, "Judul tahap wajib diisi."),
        ({"date": "12 Oktober 2023"}, "Tanggal"),
        ({"phase": "vote"}, "Kolom tahap tidak dikenal: phase"),
    ],
)
def test_update_stage_refuses(store, auth, ws, refused, fields, message):
    with refused() as err:
        store.update_stage(auth, 1, **fields)
    assert str(err.value).startswith(message)


def test_voting_rules_frozen_once_votes_are_in(store, auth, ballot, refused):
    store.cast_dots(ballot.people.ani.token, ballot.gov.id, {ballot.ideas.mpp.id: 1})
    for fields in ({"budget": 5}, {"cap": 1}, {"vote_mode": "rating"}):
        with refused(match="Aturan voting tidak bisa diubah setelah ada suara masuk."):
            store.update_stage(auth, ballot.stage.id, **fields)
    # unchanged values and other fields are still fine
    stage = store.update_stage(auth, ballot.stage.id, budget=3, cap=2, title="Tahap I")
    assert (stage.title, stage.budget, stage.cap) == ("Tahap I", 3, 2)


def test_set_current_stage_dates_the_stage_once(store, auth, ws):
    stage = store.set_current_stage(auth, ws.id, 2)
    assert store.workshop(ws.id).current_stage == 2
    assert stage.date == datetime.date.today().isoformat()
    store.update_stage(auth, 3, date="2023-09-13")
    assert store.set_current_stage(auth, ws.id, "3").date == "2023-09-13"
    assert store.current_stage(ws.id).number == 3


def test_set_current_stage_refuses_unknown_number(store, auth, ws, refused):
    with refused(match="Tahap 5 tidak ditemukan."):
        store.set_current_stage(auth, ws.id, 5)
    with refused(match="Tahap harus antara 1 dan 99."):
        store.set_current_stage(auth, ws.id, 0)


def test_set_phase_vote_opens_pillars_with_a_shortlist(store, auth, ballot):
    assert store.open_pillars(ballot.stage.id) == [ballot.gov.id, ballot.brand.id]
    store.set_phase(auth, ballot.stage.id, "group")
    assert store.open_pillars(ballot.stage.id) == []
    store.set_phase(auth, ballot.stage.id, "vote", open_voting=False)
    assert store.open_pillars(ballot.stage.id) == []
    store.set_pillar_voting(auth, ballot.stage.id, ballot.brand.id, True)
    assert store.open_pillars(ballot.stage.id) == [ballot.brand.id]
    store.set_pillar_voting(auth, ballot.stage.id, ballot.brand.id, False)
    assert store.open_pillars(ballot.stage.id) == []


def test_set_phase_timer_and_reveal(store, auth, ws):
    store.set_reveal(auth, 1, True)
    assert store.stage(1).reveal is True
    before = time.time()
    stage = store.set_phase(auth, 1, "vote", 90)
    assert stage.phase == "vote"
    assert before + 90 <= stage.phase_ends_at <= time.time() + 90
    assert stage.reveal is False  # a new vote starts hidden
    assert store.set_timer(auth, 1, None).phase_ends_at is None
    assert store.set_timer(auth, 1, 30).phase_ends_at >= before + 30
    assert store.set_phase(auth, 1, "agree").phase_ends_at is None


@pytest.mark.parametrize("phase", ["voting", "", None, 2])
def test_set_phase_refuses_unknown_phase(store, auth, ws, refused, phase):
    with refused(match="Fase tidak dikenal"):
        store.set_phase(auth, 1, phase)


@pytest.mark.parametrize("seconds", [-5, 6 * 3600 + 1, "lama", 1.5])
def test_timer_refuses_bad_seconds(store, auth, ws, refused, seconds):
    with refused(match="Timer harus"):
        store.set_timer(auth, 1, seconds)
    with refused(match="Timer harus"):
        store.set_phase(auth, 1, "vote", seconds)


def test_set_pillar_voting_refuses_pillar_of_another_workshop(store, auth, ws, refused):
    other = store.create_workshop(auth, region="Kota Tegal", year=2023)
    foreign = store.pillars(other.id)[0].id
    with refused(match="Pilar tidak ditemukan."):
        store.set_pillar_voting(auth, 1, foreign, True)


def test_live_state(store, auth, ballot):
    state = store.live_state(ballot.stage.workshop_id)
    assert state == {
        "version": store.version(ballot.stage.workshop_id),
        "current_stage": 1,
        "stage_id": ballot.stage.id,
        "phase": "vote",
        "phase_ends_at": None,
        "vote_mode": "dots",
        "reveal": False,
        "open_pillars": [ballot.gov.id, ballot.brand.id],
    }
    store.set_reveal(auth, ballot.stage.id, True)
    store.set_current_stage(auth, ballot.stage.workshop_id, 2)
    assert store.live_state(ballot.stage.workshop_id) == {
        "version": state["version"] + 2,
        "current_stage": 2,
        "stage_id": 2,
        "phase": "collect",
        "phase_ends_at": None,
        "vote_mode": "dots",
        "reveal": False,
        "open_pillars": [],
    }


# ----------------------------------------------------------------- pillars


def test_add_update_move_delete_pillar(store, auth, ws):
    p = store.add_pillar(auth, ws.id, " Smart Tourism ", subdims=["Destinasi", " Event "])
    assert p == d.Pillar(
        id=7,
        workshop_id=ws.id,
        position=6,
        name="Smart Tourism",
        short="Smart Tourism",
        subdims=["Destinasi", "Event"],
    )
    p = store.update_pillar(
        auth, p.id, name="Smart Pariwisata", short="Pariwisata", subdims=["Destinasi"]
    )
    assert p == d.Pillar(
        id=7,
        workshop_id=ws.id,
        position=6,
        name="Smart Pariwisata",
        short="Pariwisata",
        subdims=["Destinasi"],
    )
    order = store.move_pillar(auth, p.id, -2)
    assert [x.id for x in order] == [1, 2, 3, 4, 7, 5, 6]
    assert [x.position for x in order] == list(range(7))
    assert [x.id for x in store.move_pillar(auth, p.id, -100)] == [7, 1, 2, 3, 4, 5, 6]
    assert [x.id for x in store.move_pillar(auth, p.id, 100)] == [1, 2, 3, 4, 5, 6, 7]
    store.delete_pillar(auth, p.id)
    assert [x.id for x in store.pillars(ws.id)] == [1, 2, 3, 4, 5, 6]


def test_delete_pillar_refuses_a_used_pillar(store, auth, ws, people, pillars, refused):
    store.submit_idea(people.ani.token, pillar_id=pillars[0].id, kind="usulan", title="Satu Data")
    with refused(match="Pilar sudah dipakai oleh usulan; tidak bisa dihapus."):
        store.delete_pillar(auth, pillars[0].id)


def test_delete_pillar_removes_its_voting_switch(store, auth, ws, pillars):
    store.set_pillar_voting(auth, 1, pillars[5].id, True)
    store.delete_pillar(auth, pillars[5].id)
    assert store.table_rows("pillar_voting") == []


# ----------------------------------------------------------------- OPD roster


def test_add_rename_delete_opd(store, auth, ws):
    o = store.add_opd(auth, ws.id, " Kecamatan Metro Pusat ")
    assert o == d.Opd(
        id=31, workshop_id=ws.id, position=30, name="Kecamatan Metro Pusat", kind="kecamatan"
    )
    assert store.add_opd(auth, ws.id, "Universitas", kind="lain").kind == "lain"
    store.rename_opd(auth, o.id, "Kelurahan Yosorejo")
    assert store.opds(ws.id)[30] == d.Opd(
        id=31, workshop_id=ws.id, position=30, name="Kelurahan Yosorejo", kind="kelurahan"
    )
    store.delete_opd(auth, o.id)
    assert [x.name for x in store.opds(ws.id)] == [*d.DEFAULT_OPDS, "Universitas"]


def test_opd_names_are_unique(store, auth, ws, opd, refused):
    with refused(match="OPD 'Bappeda' sudah ada."):
        store.add_opd(auth, ws.id, "Bappeda")
    with refused(match="OPD 'Bappeda' sudah ada."):
        store.rename_opd(auth, opd["Diskominfo"], "Bappeda")
    with refused(match="Jenis OPD tidak dikenal"):
        store.add_opd(auth, ws.id, "Dinas Baru", kind="dinas")


def test_delete_opd_refuses_a_used_opd(store, auth, ws, opd, people, refused):
    with refused(match="OPD sudah dipakai peserta, usulan atau program; tidak bisa dihapus."):
        store.delete_opd(auth, opd["Bappeda"])


def test_import_opds(store, auth, ws):
    added = store.import_opds(
        auth,
        ws.id,
        ["Bappeda", " Kecamatan Metro Barat ", "Dinas Pemadam Kebakaran", "Kecamatan Metro Barat"],
    )
    assert added == 2
    assert [(o.position, o.name, o.kind) for o in store.opds(ws.id)[30:]] == [
        (30, "Kecamatan Metro Barat", "kecamatan"),
        (31, "Dinas Pemadam Kebakaran", "opd"),
    ]
    assert store.import_opds(auth, ws.id, []) == 0


def test_import_opds_is_all_or_nothing(store, auth, ws, refused):
    with refused(match="Nama OPD wajib diisi."):
        store.import_opds(auth, ws.id, ["Dinas Baru", "   "])


# ----------------------------------------------------------------- participants


def test_join_records_attendance(store, ws, opd, people):
    assert people.ani == d.Participant(
        id=1,
        workshop_id=ws.id,
        name="Ani Lestari",
        group="opd",
        opd_id=opd["Bappeda"],
        institution="",
        token=people.ani.token,
    )
    assert people.citra.opd_id is None
    assert len({p.token for p in vars(people).values()}) == 3
    assert store.participant(people.budi.token) == people.budi
    assert store.participants(ws.id) == [people.ani, people.budi, people.citra]
    rows = store.attendance(1)
    assert [{k: v for k, v in r.items() if k != "joined_at"} for r in rows] == [
        {
            "id": 3,
            "name": "Citra Dewi",
            "group": "akademisi",
            "institution": "Universitas Muhammadiyah Metro",
            "opd": None,
        },
        {"id": 1, "name": "Ani Lestari", "group": "opd", "institution": "", "opd": "Bappeda"},
        {"id": 2, "name": "Budi Santoso", "group": "opd", "institution": "", "opd": "Diskominfo"},
    ]


@pytest.mark.parametrize("token", [None, "", "bukan-token", 5])
def test_participant_unknown_token(store, people, token):
    assert store.participant(token) is None


def test_check_in_records_attendance_once_per_stage(store, auth, ws, people):
    store.set_current_stage(auth, ws.id, 2)
    assert store.attendance(2) == []
    v = store.version(ws.id)
    assert store.check_in(people.budi.token) == people.budi
    assert store.version(ws.id) == v + 1
    assert store.check_in(people.budi.token) == people.budi
    assert store.version(ws.id) == v + 1  # nothing written the second time
    assert [r["name"] for r in store.attendance(2)] == ["Budi Santoso"]
    assert store.table_counts()["attendance"] == 4


def test_check_in_refuses_unknown_token(store, people, refused):
    with refused(AccessDenied, match="Sesi peserta tidak dikenal"):
        store.check_in("bukan-token")


def test_join_needs_opd_or_institution(store, ws, refused):
    with refused(match="Pilih OPD atau isi nama instansi."):
        store.join(ws.join_code, name="Dodi", group="masyarakat", institution="  ")


def test_join_refuses_opd_of_another_workshop(store, auth, ws, refused):
    other = store.create_workshop(auth, region="Kota Tegal", year=2023)
    foreign = store.opds(other.id)[0].id
    with refused(match="OPD tidak ditemukan dalam daftar kegiatan ini."):
        store.join(ws.join_code, name="Dodi", group="opd", opd_id=foreign)


# ----------------------------------------------------------------- settings


def test_settings_and_active_workshop(store, auth, ws):
    assert store.active_workshop_id() == ws.id
    other = store.create_workshop(auth, region="Kota Tegal", year=2023)
    assert store.active_workshop_id() == other.id  # newest by default
    store.set_setting(auth, "active_workshop", str(ws.id))
    assert store.active_workshop_id() == ws.id
    store.set_setting(auth, "public_url", " http://192.168.1.10:8501 ")
    assert store.setting("public_url") == "http://192.168.1.10:8501"
    store.set_setting(auth, "public_url", "")
    store.set_setting(auth, "active_workshop", None)
    assert (store.setting("public_url"), store.setting("active_workshop")) == (None, None)
    assert store.active_workshop_id() == other.id


def test_active_workshop_of_empty_store(store):
    assert store.active_workshop_id() is None
    assert store.workshops() == []


def test_set_setting_refuses_unknown_key(store, auth, refused):
    with refused(match="Pengaturan tidak dikenal"):
        store.set_setting(auth, "pin_hash", "x")


# ----------------------------------------------------------------- version counter


def _writes():
    """(name, prepare) pairs; prepare(ctx) does any set-up and returns the write to time."""

    def c(name):
        def register(fn):
            cases.append(pytest.param(fn, id=name))
            return fn

        return register

    cases = []
    c("update_workshop")(lambda x: lambda: x.store.update_workshop(x.auth, x.wid, venue="Aula"))
    c("rotate_join_code")(lambda x: lambda: x.store.rotate_join_code(x.auth, x.wid))
    c("update_stage")(lambda x: lambda: x.store.update_stage(x.auth, 2, title="Tahap II"))
    c("set_current_stage")(lambda x: lambda: x.store.set_current_stage(x.auth, x.wid, 2))
    c("set_phase")(lambda x: lambda: x.store.set_phase(x.auth, x.sid, "agree"))
    c("set_timer")(lambda x: lambda: x.store.set_timer(x.auth, x.sid, 60))
    c("set_pillar_voting")(lambda x: lambda: x.store.set_pillar_voting(x.auth, x.sid, 3, True))
    c("set_reveal")(lambda x: lambda: x.store.set_reveal(x.auth, x.sid, True))
    c("add_pillar")(lambda x: lambda: x.store.add_pillar(x.auth, x.wid, "Smart Tourism"))
    c("update_pillar")(lambda x: lambda: x.store.update_pillar(x.auth, 3, short="Ekonomi"))
    c("move_pillar")(lambda x: lambda: x.store.move_pillar(x.auth, 3, 1))
    c("delete_pillar")(lambda x: lambda: x.store.delete_pillar(x.auth, 6))
    c("add_opd")(lambda x: lambda: x.store.add_opd(x.auth, x.wid, "Dinas Baru"))
    c("rename_opd")(lambda x: lambda: x.store.rename_opd(x.auth, 30, "Bagian Tapem"))
    c("delete_opd")(lambda x: lambda: x.store.delete_opd(x.auth, 30))
    c("import_opds")(lambda x: lambda: x.store.import_opds(x.auth, x.wid, ["A", "B"]))
    c("join")(
        lambda x: (
            lambda: x.store.join(
                x.code, name="Dodi", group="masyarakat", institution="Karang Taruna"
            )
        )
    )

    @c("check_in")
    def _(x):
        x.store.set_current_stage(x.auth, x.wid, 2)
        return lambda: x.store.check_in(x.b.people.ani.token)

    @c("submit_idea")
    def _(x):
        x.store.set_phase(x.auth, x.sid, "collect")
        return lambda: x.store.submit_idea(
            x.b.people.ani.token, pillar_id=1, kind="usulan", title="Ide baru"
        )

    @c("edit_own_idea")
    def _(x):
        x.store.set_phase(x.auth, x.sid, "collect")
        return lambda: x.store.edit_own_idea(
            x.b.people.ani.token, x.b.ideas.mpp.id, title="MPP digital"
        )

    @c("delete_own_idea")
    def _(x):
        x.store.set_phase(x.auth, x.sid, "collect")
        idea = x.store.submit_idea(x.b.people.ani.token, pillar_id=1, kind="usulan", title="Z")
        return lambda: x.store.delete_own_idea(x.b.people.ani.token, idea.id)

    c("add_idea")(
        lambda x: (
            lambda: x.store.add_idea(
                x.auth, x.wid, pillar_id=1, kind="usulan", title="Dari forum", description=""
            )
        )
    )
    c("moderate_idea")(
        lambda x: lambda: x.store.moderate_idea(x.auth, x.b.ideas.mpp.id, title="MPP")
    )
    c("set_idea_hidden")(lambda x: lambda: x.store.set_idea_hidden(x.auth, x.b.ideas.mpp.id, True))
    c("merge_ideas")(
        lambda x: lambda: x.store.merge_ideas(x.auth, x.b.ideas.mpp.id, [x.b.ideas.lapor.id])
    )

    @c("unmerge_idea")
    def _(x):
        x.store.merge_ideas(x.auth, x.b.ideas.mpp.id, [x.b.ideas.lapor.id])
        return lambda: x.store.unmerge_idea(x.auth, x.b.ideas.lapor.id)

    c("set_shortlisted.on")(
        lambda x: lambda: x.store.set_shortlisted(x.auth, 2, [x.b.ideas.mpp.id])
    )
    c("set_shortlisted.off")(
        lambda x: lambda: x.store.set_shortlisted(x.auth, x.sid, [x.b.ideas.mpp.id], on=False)
    )
    c("cast_dots")(
        lambda x: lambda: x.store.cast_dots(x.b.people.ani.token, 1, {x.b.ideas.mpp.id: 2})
    )

    @c("cast_ratings")
    def _(x):
        x.store.update_stage(x.auth, x.sid, vote_mode="rating")
        return lambda: x.store.cast_ratings(x.b.people.ani.token, 1, {x.b.ideas.mpp.id: (4, 4)})

    c("set_paper_tally")(
        lambda x: lambda: x.store.set_paper_tally(x.auth, x.sid, x.b.ideas.mpp.id, 5)
    )
    c("create_quickwin")(
        lambda x: (
            lambda: x.store.create_quickwin(x.auth, x.sid, name="MPP", pillar_id=1, owner_opd_id=6)
        )
    )

    @c("update_quickwin")
    def _(x):
        q = x.store.create_quickwin(x.auth, x.sid, name="MPP", pillar_id=1, owner_opd_id=6)
        return lambda: x.store.update_quickwin(x.auth, q.id, timeline_months=6)

    @c("delete_quickwin")
    def _(x):
        q = x.store.create_quickwin(x.auth, x.sid, name="MPP", pillar_id=1, owner_opd_id=6)
        return lambda: x.store.delete_quickwin(x.auth, q.id)

    return cases


@pytest.mark.parametrize("prepare", _writes())
def test_version_increases_on_every_write(store, auth, ws, ballot, prepare):
    from types import SimpleNamespace

    ctx = SimpleNamespace(
        store=store, auth=auth, wid=ws.id, code=ws.join_code, sid=ballot.stage.id, b=ballot
    )
    write = prepare(ctx)
    before = store.version(ws.id)
    assert store.live_state(ws.id)["version"] == before
    write()
    assert store.version(ws.id) == before + 1
    assert store.live_state(ws.id)["version"] == before + 1
    assert store.workshop(ws.id).version == before + 1


def test_version_of_unknown_workshop(store):
    assert store.version(42) == -1


def test_writes_to_one_workshop_leave_the_other_alone(store, auth, ws):
    other = store.create_workshop(auth, region="Kota Tegal", year=2023)
    store.update_workshop(auth, ws.id, venue="Aula")
    assert (store.version(ws.id), store.version(other.id)) == (1, 0)


def test_active_workshop_setting_must_be_a_workshop(store, auth, ws, refused):
    for value in ("abc", "99", "1.5", True):
        with refused():
            store.set_setting(auth, "active_workshop", value)
    store.set_setting(auth, "active_workshop", ws.id)  # an int is fine too
    assert store.setting("active_workshop") == str(ws.id)
    assert store.active_workshop_id() == ws.id
