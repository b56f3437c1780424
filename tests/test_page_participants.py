"""The facilitator's participant list (pages/participants.py, /daftar-peserta), AppTest.

AppTest cannot click a row of st.dataframe, so the tests select a participant through
the selectbox under the table (`pl_pick`), which the table's selection also sets."""

from __future__ import annotations

import pytest

from tests.apptest_support import assert_unreachable, facilitator_app, phone_app, texts
from workshop.domain import Tally
from workshop.i18n import CATALOG
from workshop.store import Store

PAGE = "daftar-peserta"


@pytest.fixture
def dotted(store, auth, ballot):
    """Dots from all three participants (Budi in both pillars)."""
    i, p = ballot.ideas, ballot.people
    store.cast_dots(p.ani.token, ballot.gov.id, {i.mpp.id: 2, i.lapor.id: 1})
    store.cast_dots(p.budi.token, ballot.gov.id, {i.mpp.id: 1, i.satu_data.id: 2})
    store.cast_dots(p.budi.token, ballot.brand.id, {i.festival.id: 1})
    store.cast_dots(p.citra.token, ballot.gov.id, {i.lapor.id: 2})
    return ballot


def table(at):
    return at.dataframe(key="pl_table").value


def pick(at, participant_id):
    at.selectbox(key="pl_pick").set_value(participant_id).run()
    assert not at.exception, at.exception
    return at


def click(at, key):
    at.button(key=key).click().run()
    assert not at.exception, at.exception
    return at


def test_list_shows_attendance_ideas_and_ballots(monkeypatch, store, ws, dotted):
    at = facilitator_app(monkeypatch, store, PAGE)
    assert [t.value for t in at.title] == ["Daftar peserta"]
    df = table(at)
    assert list(df.columns) == [
        "#",
        "Nama",
        "OPD / instansi",
        "Kelompok",
        *(f"Tahap {s.roman}" for s in store.stages(ws.id)),
        "Usulan",
        "Pilar dipilih",
        "Status",
    ]
    assert df[["Nama", "OPD / instansi", "Tahap I", "Tahap II", "Usulan", "Pilar dipilih"]].to_dict(
        "records"
    ) == [
        {
            "Nama": "Ani Lestari",
            "OPD / instansi": "Bappeda",
            "Tahap I": True,
            "Tahap II": False,
            "Usulan": 2,
            "Pilar dipilih": 1,
        },
        {
            "Nama": "Budi Santoso",
            "OPD / instansi": "Diskominfo",
            "Tahap I": True,
            "Tahap II": False,
            "Usulan": 1,
            "Pilar dipilih": 2,
        },
        {
            "Nama": "Citra Dewi",
            "OPD / instansi": "Universitas Muhammadiyah Metro",
            "Tahap I": True,
            "Tahap II": False,
            "Usulan": 2,
            "Pilar dipilih": 1,
        },
    ]
    assert "3 peserta ditemukan, 0 di antaranya dihapus." in texts(at)
    assert not at.get("button") or all(b.key in ("lang_switch", "lim_save") for b in at.button)


@pytest.mark.parametrize(
    ("search", "names"),
    [("budi", ["Budi Santoso"]), ("AKADEMISI", ["Citra Dewi"]), ("bappeda", ["Ani Lestari"])],
)
def test_search(monkeypatch, store, dotted, search, names):
    at = facilitator_app(monkeypatch, store, PAGE)
    at.text_input(key="pl_search").input(search).run()
    assert not at.exception
    assert table(at)["Nama"].tolist() == names


def test_search_without_match_says_so(monkeypatch, store, dotted):
    at = facilitator_app(monkeypatch, store, PAGE)
    at.text_input(key="pl_search").input("tidak ada orangnya").run()
    assert "Tidak ada peserta yang cocok." in texts(at)
    assert not at.dataframe


def test_remove_recomputes_the_results_and_restore_brings_them_back(monkeypatch, store, ws, dotted):
    stage, budi = dotted.stage.id, dotted.people.budi
    before = store.tallies(stage), store.vote_progress(stage), store.counts(stage)
    at = pick(facilitator_app(monkeypatch, store, PAGE), budi.id)
    assert [s.value for s in at.subheader] == ["Budi Santoso"]
    click(at, "pl_remove")
    assert store.vote_progress(stage) == {"voters": 2, "per_pillar": {dotted.gov.id: 2}}
    assert store.counts(stage)["participants"] == 2
    i, gov, brand = dotted.ideas, dotted.gov.id, dotted.brand.id
    assert store.tallies(stage) == [  # Budi's idea (Kanal pengaduan) and dots are out
        Tally(i.mpp.id, gov, "Mal Pelayanan Publik digital", dots=2, voters=1, rank=1),
        Tally(i.satu_data.id, gov, "Satu Data Kota", rank=2),
        Tally(i.festival.id, brand, "Festival budaya tahunan", rank=1),
        Tally(i.katalog.id, brand, "Katalog produk unggulan daerah", rank=1),
    ]
    assert table(at)["Status"].tolist() == ["aktif", "dihapus", "aktif"]
    assert "3 peserta ditemukan, 1 di antaranya dihapus." in texts(at)
    assert at.selectbox(key="pl_pick").value == budi.id  # still selected
    assert not [b for b in at.button if b.key == "pl_remove"]
    click(at, "pl_restore")
    assert (store.tallies(stage), store.vote_progress(stage), store.counts(stage)) == before
    assert table(at)["Status"].tolist() == ["aktif", "aktif", "aktif"]


def test_removed_phone_gets_the_join_form(monkeypatch, store, auth, dotted):
    budi = dotted.people.budi
    store.remove_participant(auth, budi.id)
    at = phone_app(monkeypatch, store, token=budi.token)
    shown = texts(at)
    assert "Gabung ke Bimtek" in shown
    assert CATALOG["join.ended"][0] in shown


def test_merge_a_duplicate_entry(monkeypatch, store, ws, opd, dotted):
    """Budi rejoined on a new phone and voted again in Smart Governance: merging the old
    entry into the new one keeps the new ballot there and moves the rest."""
    i, budi = dotted.ideas, dotted.people.budi
    again = store.join(ws.join_code, name="Budi S.", group="opd", opd_id=opd["Diskominfo"])
    store.cast_dots(again.token, dotted.gov.id, {i.lapor.id: 2})
    at = pick(facilitator_app(monkeypatch, store, PAGE), again.id)
    merge_other = at.selectbox(key="pl_merge_other")
    p = dotted.people
    assert list(merge_other.options) == [
        f"Ani Lestari · #{p.ani.id}",
        f"Budi Santoso · #{p.budi.id}",
        f"Citra Dewi · #{p.citra.id}",
    ]
    merge_other.set_value(budi.id).run()
    click(at, "pl_merge")
    assert store.my_dots(again.token, dotted.gov.id) == {i.lapor.id: 2}
    assert store.my_dots(again.token, dotted.brand.id) == {i.festival.id: 1}
    assert store.participant(budi.token) is None
    statuses = dict(zip(table(at)["#"], table(at)["Status"], strict=True))
    assert statuses[budi.id] == f"digabung ke #{again.id}"
    assert statuses[again.id] == "aktif"
    pick(at, budi.id)
    assert f"Entri ini sudah digabung ke #{again.id}." in texts(at)
    assert not [b for b in at.button if b.key in ("pl_remove", "pl_restore", "pl_merge")]


def test_refusal_stays_visible(monkeypatch, store, auth, dotted):
    """Another device removes Budi between this page's read and its click: the core
    refuses, and the reason stays on screen (in the session's language)."""
    budi = dotted.people.budi
    at = pick(facilitator_app(monkeypatch, store, PAGE), budi.id)
    listing = Store.participant_list

    def then_another_device_removes_budi(self, *args, **kwargs):
        rows = listing(self, *args, **kwargs)
        monkeypatch.setattr(Store, "participant_list", listing)
        store.remove_participant(auth, budi.id)
        return rows

    monkeypatch.setattr(Store, "participant_list", then_another_device_removes_budi)
    click(at, "pl_remove")
    assert [e.value for e in at.error] == ["Peserta ini sudah dihapus."]
    assert store.removed_count(dotted.stage.workshop_id) == 1
    at.session_state["lang"] = "en"
    at.run()  # the page now shows him removed, with the restore button
    assert [b.key for b in at.button if b.key.startswith("pl_")] == ["pl_restore"]


def test_page_in_english(monkeypatch, store, dotted):
    at = facilitator_app(monkeypatch, store, PAGE)
    at.session_state["lang"] = "en"
    at.run()
    assert [t.value for t in at.title] == ["Participants"]
    assert "Pillars voted" in table(at).columns
    assert at.text_input(key="pl_search").label == "Search name, OPD, group or institution"


def test_page_unreachable_without_a_facilitator(monkeypatch, store, people):
    at = phone_app(monkeypatch, store, token=people.ani.token)
    assert_unreachable(at, PAGE)
