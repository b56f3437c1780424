"""The quick-win gate in the core (inside the write transaction), the m006 profile fields
and the risk register per quick win."""

from __future__ import annotations

import threading

import pytest

from workshop import domain as d

READY = {e: {"status": "siap", "catatan": ""} for e in d.ENABLERS}
ALL_UNASSESSED = "enabler belum dinilai: Regulasi, Infrastruktur, SDM, Aplikasi"


@pytest.fixture
def cand(store, auth, pillars):
    """A bare candidate: nothing assessed, no owner."""
    return store.create_quickwin(auth, 4, name="Antrean puskesmas daring", pillar_id=pillars[3].id)


def test_a_new_programme_is_an_unassessed_candidate(store, cand):
    assert (cand.status, cand.horizon, cand.owner_opd_id) == ("draft", None, None)
    assert (cand.timeline_months, cand.budget_source) == (0, "")
    assert cand.enablers == {e: {"status": "belum_dinilai", "catatan": ""} for e in d.ENABLERS}
    assert store.quickwin_gate(cand.id) == [
        "horizon belum dinilai",
        "OPD penanggung jawab belum dipilih",
        ALL_UNASSESSED,
    ]


def test_agreeing_is_refused_with_every_reason_and_nothing_changes(store, auth, cand, refused):
    with refused() as err:
        store.agree_quickwin(auth, cand.id)
    assert str(err.value) == (
        "Belum dapat disepakati sebagai quick win: horizon belum dinilai; OPD penanggung "
        f"jawab belum dipilih; {ALL_UNASSESSED}."
    )
    assert store.quickwin(cand.id).status == "draft"


@pytest.mark.parametrize(
    "change,reason",
    [
        ({"horizon": None}, "horizon belum dinilai"),
        ({"horizon": "5"}, "horizon 5 tahun (jangka menengah) melebihi 2 tahun"),
        ({"horizon": "10"}, "horizon 10 tahun (jangka panjang) melebihi 2 tahun"),
        ({"timeline_months": 36}, "jangka waktu 36 bulan melebihi 24 bulan"),
        ({"owner_opd_id": None}, "OPD penanggung jawab belum dipilih"),
        (
            {"enablers": {**READY, "sdm": {"status": "belum_dinilai", "catatan": "x"}}},
            "enabler belum dinilai: SDM",
        ),
        ({"enablers": {"regulasi": "siap"}}, "enabler belum dinilai: Infrastruktur, SDM, Aplikasi"),
    ],
)
def test_each_condition_of_the_gate(store, auth, opd, cand, refused, change, reason):
    complete = {
        "horizon": "2",
        "owner_opd_id": opd["Dinas Kesehatan"],
        "enablers": READY,
        "timeline_months": 12,
    }
    store.update_quickwin(auth, cand.id, **{**complete, **change})
    assert store.quickwin_gate(cand.id) == [reason]
    with refused(match=reason.replace("(", r"\(").replace(")", r"\)")):
        store.agree_quickwin(auth, cand.id)
    with refused():  # nor in the same call as the fields
        store.update_quickwin(auth, cand.id, status="agreed")
    store.update_quickwin(auth, cand.id, **complete)
    assert store.agree_quickwin(auth, cand.id).status == "agreed"


def test_a_full_assessment_passes_even_when_not_ready(store, auth, opd, cand):
    """'Belum ada' and 'perlu disiapkan' are assessments: the gate asks that each enabler
    is assessed, not that it is ready."""
    enablers = {
        "regulasi": "belum_ada",
        "infrastruktur": "perlu_disiapkan",
        "sdm": "siap",
        "aplikasi": "belum_ada",
    }
    store.update_quickwin(
        auth, cand.id, horizon="2", owner_opd_id=opd["Dinas Kesehatan"], enablers=enablers
    )
    assert store.quickwin_gate(cand.id) == []
    assert store.agree_quickwin(auth, cand.id).status == "agreed"


def test_created_agreed_at_once_only_through_the_gate(store, auth, opd, pillars, refused):
    with refused(match="horizon belum dinilai"):
        store.create_quickwin(
            auth,
            4,
            name="MPP",
            pillar_id=pillars[0].id,
            owner_opd_id=opd["DPMPTSP"],
            enablers=READY,
            status="agreed",
        )
    qw = store.create_quickwin(
        auth,
        4,
        name="MPP",
        pillar_id=pillars[0].id,
        owner_opd_id=opd["DPMPTSP"],
        enablers=READY,
        horizon="2",
        status="agreed",
    )
    assert qw.status == "agreed"


def test_an_agreed_quick_win_cannot_be_edited_out_of_the_gate(store, auth, opd, cand, refused):
    store.update_quickwin(
        auth, cand.id, horizon="2", owner_opd_id=opd["Dinas Kesehatan"], enablers=READY
    )
    store.agree_quickwin(auth, cand.id)
    with refused(match="OPD penanggung jawab belum dipilih"):
        store.update_quickwin(auth, cand.id, owner_opd_id=None)
    with refused(match="enabler belum dinilai: Aplikasi"):
        store.update_quickwin(auth, cand.id, enablers={**READY, "aplikasi": "belum_dinilai"})
    # back to candidate first, then anything may change
    assert store.agree_quickwin(auth, cand.id, False).status == "draft"
    assert store.update_quickwin(auth, cand.id, owner_opd_id=None).owner_opd_id is None


def test_concurrent_edit_and_agree_never_store_an_agreed_programme_that_fails(
    store, auth, opd, cand
):
    """The gate reads the row inside the transaction: an edit that unassesses an enabler
    and an agreement racing it never end as 'agreed' with an unassessed enabler."""
    for _ in range(20):
        store.agree_quickwin(auth, cand.id, False)
        store.update_quickwin(
            auth, cand.id, horizon="2", owner_opd_id=opd["Dinas Kesehatan"], enablers=READY
        )

        def agree() -> None:
            try:
                store.agree_quickwin(auth, cand.id)
            except d.WorkshopError:
                pass  # refused: the other thread unassessed first

        def unassess() -> None:
            try:
                store.update_quickwin(auth, cand.id, enablers={**READY, "sdm": "belum_dinilai"})
            except d.WorkshopError:
                pass  # refused: it is agreed now

        threads = [threading.Thread(target=agree), threading.Thread(target=unassess)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        q = store.quickwin(cand.id)
        assert not (q.status == "agreed" and d.gate_of(q)), (q.status, d.gate_of(q))
        store.update_quickwin(auth, cand.id, enablers=READY)


def test_profile_fields_round_trip(store, auth, cand):
    qw = store.update_quickwin(
        auth,
        cand.id,
        subdim="Kesehatan",
        location="12 puskesmas",
        beneficiaries="Pasien rawat jalan",
        indicators=[
            {"kind": "output", "name": "Puskesmas daring", "baseline": "0", "target": "12"},
            {"kind": None, "name": None, "baseline": "", "target": None},  # empty: dropped
            {"kind": "outcome", "name": "Waktu tunggu", "baseline": "95 menit", "target": ""},
        ],
        budget_year=2024,
        milestones=[{"when": "Bulan 1–2", "what": "Uji coba"}, {"when": "", "what": ""}],
        plan_link="Renstra Dinas Kesehatan",
        budget_source="",
        timeline_months=None,
    )
    assert (qw.subdim, qw.location, qw.beneficiaries, qw.budget_year, qw.plan_link) == (
        "Kesehatan",
        "12 puskesmas",
        "Pasien rawat jalan",
        2024,
        "Renstra Dinas Kesehatan",
    )
    assert qw.indicators == [
        {"kind": "output", "name": "Puskesmas daring", "baseline": "0", "target": "12"},
        {"kind": "outcome", "name": "Waktu tunggu", "baseline": "95 menit", "target": ""},
    ]
    assert qw.milestones == [{"when": "Bulan 1–2", "what": "Uji coba"}]
    assert store.quickwin(qw.id) == qw
    assert store.update_quickwin(auth, qw.id, budget_year=0).budget_year is None


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("horizon", "3", "Horizon waktu tidak dikenal: '3'. Pilihan: 2, 5, 10."),
        ("budget_year", 1990, "Tahun anggaran harus antara 2000 dan 2100."),
        ("indicators", "bukan daftar", "Daftar indikator harus berupa daftar."),
        ("indicators", [{"kind": "input", "name": "x"}], "Jenis indikator tidak dikenal"),
        ("indicators", [{"baseline": "3"}], "Nama indikator wajib diisi."),
        ("milestones", [{"what": "Perwali"}], "Waktu tahapan wajib diisi."),
        (
            "milestones",
            [{"when": "Q1", "what": "x"}] * 21,
            "Daftar tahapan tidak boleh lebih dari 20 baris.",
        ),
        ("subdim", "x" * 1001, "Sub-dimensi terlalu panjang (1001 karakter, maksimal 1000)."),
    ],
)
def test_profile_field_refusals(store, auth, cand, refused, field, value, message):
    with refused(match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        store.update_quickwin(auth, cand.id, **{field: value})


def test_risk_register_set_add_and_levels(store, auth, opd, cand, refused):
    risks = store.set_quickwin_risks(
        auth,
        cand.id,
        [
            {
                "risk": "Jaringan putus",
                "likelihood": 4,
                "impact": 4,
                "mitigation": "Jaringan cadangan",
                "owner_opd_id": opd["Diskominfo"],
            },
            {"risk": "", "mitigation": "", "likelihood": None},  # empty row: dropped
            {"risk": "Lansia tanpa ponsel", "likelihood": float("nan"), "impact": 2},
        ],
    )
    assert [(r.position, r.risk, r.likelihood, r.impact, r.owner_opd_id) for r in risks] == [
        (1, "Jaringan putus", 4, 4, opd["Diskominfo"]),
        (2, "Lansia tanpa ponsel", None, 2, None),
    ]
    assert [(r.score, r.level) for r in risks] == [(16, "Tinggi"), (None, "belum dinilai")]
    added = store.add_quickwin_risk(
        auth, cand.id, risk="Anggaran terlambat", likelihood=2, impact=2, mitigation="APBD-P"
    )
    assert (added.position, added.level) == (3, "Rendah")
    assert [r.risk for r in store.quickwin_risks(cand.id)] == [
        "Jaringan putus",
        "Lansia tanpa ponsel",
        "Anggaran terlambat",
    ]
    with refused(match="Kemungkinan harus antara 1 dan 5."):
        store.add_quickwin_risk(auth, cand.id, risk="x", likelihood=6)
    with refused(match="Risiko wajib diisi."):
        store.add_quickwin_risk(auth, cand.id, risk="", mitigation="")
    with refused(match="OPD tidak ditemukan"):
        store.add_quickwin_risk(auth, cand.id, risk="x", owner_opd_id=99999)
    with refused(match="Risiko wajib diisi."):
        store.set_quickwin_risks(auth, cand.id, [{"risk": "", "mitigation": "Ada"}])
    with refused(match="Program quick win tidak ditemukan."):
        store.add_quickwin_risk(auth, 999, risk="x")
    store.set_quickwin_risks(auth, cand.id, [{"risk": f"R{i}"} for i in range(20)])
    with refused(match="Daftar risiko tidak boleh lebih dari 20 baris."):
        store.add_quickwin_risk(auth, cand.id, risk="satu lagi")
    store.delete_quickwin(auth, cand.id)
    assert store.quickwin_risks(cand.id) == []


def test_risk_writes_need_the_facilitator(store, cand):
    with pytest.raises(d.AccessDenied):
        store.set_quickwin_risks("bukan-token", cand.id, [])
    with pytest.raises(d.AccessDenied):
        store.add_quickwin_risk("bukan-token", cand.id, risk="x")
    with pytest.raises(d.AccessDenied):
        store.agree_quickwin("bukan-token", cand.id)


def test_an_opd_owning_a_risk_cannot_be_deleted(store, auth, ws, cand, refused):
    spare = store.add_opd(auth, ws.id, "UPT Puskesmas Metro")
    store.add_quickwin_risk(auth, cand.id, risk="Jaringan putus", owner_opd_id=spare.id)
    with refused(match="OPD sudah dipakai peserta, usulan atau program"):
        store.delete_opd(auth, spare.id)


def test_m006_keeps_old_programmes_as_they_were(tmp_path):
    """A database of the first schema: its programmes keep every value (their duration and
    budget source were saved by the facilitator), and nothing new reads as assessed."""
    from tests.test_migrations import load_fixture
    from workshop.security import PinHasher
    from workshop.store import Store

    path = tmp_path / "lama.db"
    old = load_fixture(path)["quickwins"]
    assert old
    store = Store(path, hasher=PinHasher(fast=True))
    for row in old:
        q = store.quickwin(row["id"])
        assert (q.timeline_months, q.budget_source, q.status) == (
            row["timeline_months"],
            row["budget_source"],
            row["status"],
        )
        assert (q.horizon, q.subdim, q.indicators, q.milestones, q.budget_year) == (
            None,
            "",
            [],
            [],
            None,
        )
        assert store.quickwin_risks(q.id) == []
        assert "horizon belum dinilai" in store.quickwin_gate(q.id)
    store.close()
