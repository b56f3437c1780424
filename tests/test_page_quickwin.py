"""The quick-win page: candidates from ideas, the gate and its reasons, risks (AppTest)."""

from tests.apptest_support import facilitator_app


def _room(store):
    auth = store.system_auth()
    w = store.create_workshop(auth, region="Kota Metro", year=2023)
    opds = {o.name: o.id for o in store.opds(w.id)}
    pillar = store.pillars(w.id)[3]
    idea = store.add_idea(
        auth,
        w.id,
        pillar_id=pillar.id,
        kind="usulan",
        title="Antrean puskesmas daring",
        description="Nomor antrean dari rumah",
        opd_id=opds["Dinas Kesehatan"],
    )
    stage = store.current_stage(w.id)
    store.set_shortlisted(auth, stage.id, [idea.id])
    store.set_paper_tally(auth, stage.id, idea.id, 12)
    return auth, w, opds, pillar, idea


def test_candidate_prefilled_from_ideas_saved_then_agreed_through_the_gate(monkeypatch, store):
    auth, w, opds, pillar, idea = _room(store)
    at = facilitator_app(monkeypatch, store, "quickwin")
    at.multiselect(key="qw_ideas").set_value([idea.id])
    at.run()
    assert at.text_input(key="qw_new_name").value == "Antrean puskesmas daring"
    assert at.selectbox(key="qw_new_owner").value == opds["Dinas Kesehatan"]
    assert at.selectbox(key="qw_new_horizon").value is None  # belum dinilai
    assert at.selectbox(key="qw_new_source").value == ""  # belum dinilai, not "APBD"
    assert at.selectbox(key="qw_new_en_sdm").value == "belum_dinilai"
    assert "12 suara" in at.caption[0].value
    at.text_area(key="qw_new_objective").input("Antrean di puskesmas turun")
    at.number_input(key="qw_new_months").set_value(6)
    at.selectbox(key="qw_new_en_regulasi").set_value("siap")
    at.text_input(key="qw_new_location").input("12 puskesmas")
    at.button(key="qw_new_submit").click()
    at.run()
    [qw] = store.quickwins(w.id)
    assert (
        qw.name,
        qw.pillar_id,
        qw.owner_opd_id,
        qw.timeline_months,
        qw.objective,
        qw.location,
        qw.idea_ids,
        qw.enablers["regulasi"]["status"],
        qw.enablers["sdm"]["status"],
        qw.budget_source,
        qw.horizon,
        qw.status,
    ) == (
        "Antrean puskesmas daring",
        pillar.id,
        opds["Dinas Kesehatan"],
        6,
        "Antrean di puskesmas turun",
        "12 puskesmas",
        [idea.id],
        "siap",
        "belum_dinilai",
        "",
        None,
        "draft",
    )
    # the gate says why not, and agreeing is refused with the same reasons
    warning = at.warning[0].value
    assert "Belum lolos syarat quick win" in warning
    assert "horizon belum dinilai" in warning
    assert "enabler belum dinilai\\: Infrastruktur, SDM, Aplikasi" in warning  # escaped
    at.button(key=f"qw_agree_{qw.id}").click()
    at.run()
    assert [e.value for e in at.error] == [
        "Belum dapat disepakati sebagai quick win: horizon belum dinilai; enabler belum "
        "dinilai: Infrastruktur, SDM, Aplikasi."
    ]
    assert store.quickwin(qw.id).status == "draft"

    key = f"qw_edit_{qw.id}"
    at.selectbox(key=f"{key}_horizon").set_value("2")
    for e, state in (("infrastruktur", "siap"), ("sdm", "perlu_disiapkan"), ("aplikasi", "siap")):
        at.selectbox(key=f"{key}_en_{e}").set_value(state)
    at.button(key=f"{key}_submit").click()
    at.run()
    assert store.quickwin_gate(qw.id) == []
    assert at.success[0].value.startswith("Lolos syarat quick win")
    at.button(key=f"qw_agree_{qw.id}").click()
    at.run()
    assert store.quickwin(qw.id).status == "agreed"
    assert not at.error


def test_candidate_without_owner_is_saved_but_does_not_pass(monkeypatch, store):
    auth = store.system_auth()
    w = store.create_workshop(auth, region="Kota Metro", year=2023)
    idea = store.add_idea(
        auth, w.id, pillar_id=store.pillars(w.id)[0].id, kind="usulan", title="Tanpa OPD"
    )
    at = facilitator_app(monkeypatch, store, "quickwin")
    at.multiselect(key="qw_ideas").set_value([idea.id])
    at.run()
    at.button(key="qw_new_submit").click()
    at.run()
    [qw] = store.quickwins(w.id)
    assert (qw.owner_opd_id, qw.status) == (None, "draft")
    assert "OPD penanggung jawab belum dipilih" in at.warning[0].value


def test_document_links_for_the_four_tahap_iv_documents(monkeypatch, store):
    _room(store)
    at = facilitator_app(monkeypatch, store, "quickwin")
    html = "".join(h.proto.body for h in at.get("html"))
    for kind in ("quickwins", "qw_risks", "qw_berita", "qw_komitmen"):
        assert f"/api/download/{kind}?workshop=" in html, kind


def test_risk_register_round_trips_through_the_table_editor(monkeypatch, store):
    auth, w, opds, pillar, idea = _room(store)
    stage = store.current_stage(w.id)
    qw = store.create_quickwin(auth, stage.id, name="Antrean", pillar_id=pillar.id)
    store.set_quickwin_risks(
        auth,
        qw.id,
        [
            {
                "risk": "Jaringan putus",
                "likelihood": 4,
                "impact": 4,
                "mitigation": "Cadangan",
                "owner_opd_id": opds["Diskominfo"],
            },
            {"risk": "Lansia tanpa ponsel", "impact": 2},
        ],
    )
    before = store.quickwin_risks(qw.id)
    at = facilitator_app(monkeypatch, store, "quickwin")
    at.button(key=f"qw_risks_{qw.id}_submit").click()
    at.run()
    assert not at.error
    after = store.quickwin_risks(qw.id)
    assert [(r.risk, r.likelihood, r.impact, r.mitigation, r.owner_opd_id) for r in after] == [
        (r.risk, r.likelihood, r.impact, r.mitigation, r.owner_opd_id) for r in before
    ]
    # the one-risk form
    key = f"qw_risk_new_{qw.id}"
    at.text_input(key=f"{key}_risk").input("Anggaran terlambat")
    at.selectbox(key=f"{key}_likelihood").set_value(2)
    at.selectbox(key=f"{key}_owner").set_value(opds["BPKAD"])
    at.button(key=f"{key}_submit").click()
    at.run()
    last = store.quickwin_risks(qw.id)[-1]
    assert (last.risk, last.likelihood, last.impact, last.owner_opd_id) == (
        "Anggaran terlambat",
        2,
        None,
        opds["BPKAD"],
    )
