"""The agreement page: quick-win programmes from ideas, through AppTest."""

from tests.apptest_support import facilitator_app


def test_programme_prefilled_from_ideas_and_saved(monkeypatch, store):
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
    at = facilitator_app(monkeypatch, store, "quickwin")
    at.multiselect(key="qw_ideas").set_value([idea.id])
    at.run()
    assert at.text_input(key="qw_new_name").value == "Antrean puskesmas daring"
    assert at.selectbox(key="qw_new_owner").value == opds["Dinas Kesehatan"]
    assert "12 suara" in at.caption[0].value
    at.text_area(key="qw_new_objective").input("Antrean di puskesmas turun")
    at.number_input(key="qw_new_months").set_value(6)
    at.selectbox(key="qw_new_en_regulasi").set_value("siap")
    at.button(key="qw_new_submit").click()
    at.run()
    [qw] = store.quickwins(w.id)
    assert (
        qw.name,
        qw.pillar_id,
        qw.owner_opd_id,
        qw.timeline_months,
        qw.objective,
        qw.idea_ids,
        qw.enablers["regulasi"]["status"],
    ) == (
        "Antrean puskesmas daring",
        pillar.id,
        opds["Dinas Kesehatan"],
        6,
        "Antrean di puskesmas turun",
        [idea.id],
        "siap",
    )

    at.text_input(key=f"qw_edit_{qw.id}_name").input("Antrean puskesmas online")
    at.button(key=f"qw_edit_{qw.id}_submit").click()
    at.run()
    assert store.quickwin(qw.id).name == "Antrean puskesmas online"


def test_programme_without_owner_is_refused(monkeypatch, store):
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
    assert [e.value for e in at.error] == ["OPD penanggung jawab wajib dipilih."]
    assert store.quickwins(w.id) == []
