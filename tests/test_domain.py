import datetime

import pytest

from workshop import domain as d
from workshop.domain import AccessDenied, Tally, WorkshopError


def test_errors_are_value_errors():
    assert issubclass(WorkshopError, ValueError)
    assert issubclass(AccessDenied, WorkshopError)


def test_default_pillars_follow_the_domain_brief():
    assert [(p.name, p.short, p.subdims) for p in d.DEFAULT_PILLARS] == [
        (
            "Smart Governance",
            "Governance",
            ("Layanan publik", "Kebijakan publik", "Tata kelola birokrasi"),
        ),
        ("Smart Branding", "Branding", ("Pariwisata", "Bisnis", "Wajah kota")),
        ("Smart Economy", "Economy", ("Industri", "Kesejahteraan", "Transaksi")),
        ("Smart Living", "Living", ("Harmoni", "Kesehatan", "Mobilitas")),
        ("Smart Society", "Society", ("Komunitas", "Ekosistem belajar", "Keamanan")),
        (
            "Smart Environment",
            "Environment",
            ("Proteksi lingkungan", "Pengelolaan sampah & limbah", "Energi"),
        ),
    ]


def test_default_stages():
    assert [(s.number, s.title) for s in d.DEFAULT_STAGES] == [
        (1, "Analisis Strategis"),
        (2, "Visi, Misi dan Pemetaan Program"),
        (3, "Inovasi, Strategi dan Quick Win"),
        (4, "Finalisasi dan Komitmen Bersama"),
    ]
    assert all(s.focus and s.outputs for s in d.DEFAULT_STAGES)


def test_default_opds_are_unique_and_cover_the_brief():
    assert len(d.DEFAULT_OPDS) == len(set(d.DEFAULT_OPDS)) == 30
    for name in (
        "Bappeda",
        "Diskominfo",
        "Dinas Kesehatan",
        "DPMPTSP",
        "Disdukcapil",
        "Satpol PP",
        "BPBD",
        "RSUD",
        "Inspektorat",
        "Sekretariat DPRD",
    ):
        assert name in d.DEFAULT_OPDS


def test_vocabularies():
    assert d.PHASES == ("collect", "group", "vote", "agree")
    assert set(d.PHASE_LABELS) == set(d.PHASES)
    assert d.VOTE_MODES == ("dots", "rating")
    assert d.KINDS == ("masalah", "potensi", "usulan")
    assert set(d.KIND_LABELS) == set(d.KINDS)
    assert set(d.GROUP_LABELS) == set(d.GROUPS)
    assert d.BUDGET_SOURCES == ("APBD", "APBN/DAK", "CSR", "KPBU", "Lainnya")
    assert d.ENABLERS == ("regulasi", "infrastruktur", "sdm", "aplikasi")
    assert (d.DEFAULT_BUDGET, d.DEFAULT_CAP, d.TITLE_MAX, d.DESCRIPTION_MAX) == (3, 2, 120, 1000)


@pytest.mark.parametrize("n,expected", [(1, "I"), (2, "II"), (3, "III"), (4, "IV"), (5, "5")])
def test_roman(n, expected):
    assert d.roman(n) == expected


def test_stage_roman():
    stage = d.Stage(id=1, workshop_id=1, number=3, title="T", focus="", outputs="")
    assert stage.roman == "III"


# ----------------------------------------------------------------- clean_text


@pytest.mark.parametrize(
    "value,expected",
    [
        ("  Satu Data  ", "Satu Data"),
        ("Cafe\u0301", "Caf\u00e9"),  # NFC
        ("a\x00b\x07c\x1fd\x7f", "abcd"),  # control characters dropped
        ("baris 1\r\nbaris 2\rbaris 3", "baris 1\nbaris 2\nbaris 3"),
        ("tab\tkept", "tab\tkept"),
    ],
)
def test_clean_text_normalises(value, expected):
    assert d.clean_text(value, label="Judul", max_len=120) == expected


def test_clean_text_length_limit_is_inclusive():
    assert d.clean_text("x" * 120, label="Judul", max_len=120) == "x" * 120
    with pytest.raises(WorkshopError) as err:
        d.clean_text("x" * 121, label="Judul", max_len=120)
    assert str(err.value) == "Judul terlalu panjang (121 karakter, maksimal 120)."


def test_clean_text_counts_length_after_trimming():
    assert d.clean_text("  " + "x" * 120 + "  ", label="Judul", max_len=120) == "x" * 120


@pytest.mark.parametrize("value", [None, "", "   ", "\n\t", "\u200b\u200b", "\x00\x01"])
def test_clean_text_required(value):
    with pytest.raises(WorkshopError) as err:
        d.clean_text(value, label="Judul", max_len=120)
    assert str(err.value) == "Judul wajib diisi."


@pytest.mark.parametrize("value", [None, "", "   ", "\u200b", " \ufeff\u2060 "])
def test_clean_text_optional(value):
    assert d.clean_text(value, label="Uraian", max_len=10, required=False) == ""


@pytest.mark.parametrize("value", [1, 1.5, True, b"bytes", ["a"], {"a": 1}])
def test_clean_text_refuses_non_text(value):
    with pytest.raises(WorkshopError) as err:
        d.clean_text(value, label="Judul", max_len=120)
    assert str(err.value) == "Judul harus berupa teks."


# ----------------------------------------------------------------- choices and numbers


def test_check_choice():
    assert d.check_choice("vote", d.PHASES, label="Fase") == "vote"
    with pytest.raises(WorkshopError) as err:
        d.check_choice("voting", d.PHASES, label="Fase")
    assert str(err.value) == ("Fase tidak dikenal: 'voting'. Pilihan: collect, group, vote, agree.")


@pytest.mark.parametrize("value", [None, "", "VOTE", ["vote"], 1])
def test_check_choice_refuses(value):
    with pytest.raises(WorkshopError, match="tidak dikenal"):
        d.check_choice(value, d.PHASES, label="Fase")


@pytest.mark.parametrize(
    "value,expected", [(3, 3), (0, 0), ("7", 7), (" 7 ", 7), ("-2", -2), (4.0, 4), (10, 10)]
)
def test_check_int_accepts(value, expected):
    result = d.check_int(value, label="Jumlah", lo=-5, hi=10)
    assert result == expected
    assert type(result) is int


@pytest.mark.parametrize(
    "value",
    [
        True,
        False,
        None,
        1.5,
        float("nan"),
        float("inf"),
        "",
        "abc",
        "1.5",
        "--1",
        "٣x",
        [1],
        {"a": 1},
        b"1",
        "9" * 5000,
    ],
)
def test_check_int_refuses_non_integers(value):
    with pytest.raises(WorkshopError) as err:
        d.check_int(value, label="Jumlah", lo=0, hi=10)
    assert str(err.value) == "Jumlah harus berupa bilangan bulat."


@pytest.mark.parametrize("value", [-1, 11, "11", 10**30])
def test_check_int_range(value):
    with pytest.raises(WorkshopError) as err:
        d.check_int(value, label="Jumlah", lo=0, hi=10)
    assert str(err.value) == "Jumlah harus antara 0 dan 10."


# ----------------------------------------------------------------- ballots


def test_check_dot_allocation_drops_zeros_and_converts_keys():
    assert d.check_dot_allocation({1: 2, "2": 1, 3: 0}, budget=3, cap=2) == {1: 2, 2: 1}
    assert d.check_dot_allocation({}, budget=3, cap=2) == {}


def test_check_dot_allocation_budget():
    with pytest.raises(WorkshopError) as err:
        d.check_dot_allocation({1: 2, 2: 2}, budget=3, cap=2)
    assert str(err.value) == "Suara melebihi jatah: 4 dari 3. Kurangi 1 suara."


def test_check_dot_allocation_cap():
    with pytest.raises(WorkshopError) as err:
        d.check_dot_allocation({1: 3}, budget=3, cap=2)
    assert str(err.value) == "Jumlah suara harus antara 0 dan 2."


@pytest.mark.parametrize(
    "allocation",
    [
        {1: -1},
        {1: True},
        {True: 1},
        {0: 1},
        {-3: 1},
        {"x": 1},
        {None: 1},
        {1: None},
        {1: "dua"},
        {1: 1.5},
    ],
)
def test_check_dot_allocation_refuses(allocation):
    with pytest.raises(WorkshopError) as err:
        d.check_dot_allocation(allocation, budget=3, cap=2)
    assert "harus" in str(err.value)


def test_check_dot_allocation_refuses_the_same_idea_twice():
    # 5 and "5" are the same idea: one of the two votes must not vanish silently
    with pytest.raises(WorkshopError) as err:
        d.check_dot_allocation({5: 1, "5": 1}, budget=3, cap=2)
    assert str(err.value) == "Usulan yang sama tidak boleh dipilih dua kali dalam satu suara."


def test_check_ratings():
    assert d.check_ratings({1: (5, 4), "2": [1, "3"]}) == {1: (5, 4), 2: (1, 3)}


@pytest.mark.parametrize(
    "ratings,message",
    [
        ({1: (0, 3)}, "Nilai dampak harus antara 1 dan 5."),
        ({1: (3, 6)}, "Nilai kelayakan harus antara 1 dan 5."),
        ({1: (True, 3)}, "Nilai dampak harus berupa bilangan bulat."),
        ({1: (3,)}, "Penilaian harus berisi dampak dan kelayakan."),
        ({1: (3, 3, 3)}, "Penilaian harus berisi dampak dan kelayakan."),
        ({1: 5}, "Penilaian harus berisi dampak dan kelayakan."),
        ({1: None}, "Penilaian harus berisi dampak dan kelayakan."),
        ({1: "35"}, "Penilaian harus berisi dampak dan kelayakan."),
        ({1: {"a": 1, "b": 2}}, "Penilaian harus berisi dampak dan kelayakan."),
        ({0: (3, 3)}, "Usulan harus antara 1 dan 4611686018427387904."),
        ({1: (3, 3), "1": (4, 4)}, "Usulan yang sama tidak boleh dinilai dua kali."),
    ],
)
def test_check_ratings_refuses(ratings, message):
    with pytest.raises(WorkshopError) as err:
        d.check_ratings(ratings)
    assert str(err.value) == message


# ----------------------------------------------------------------- similarity


def test_normalise_for_match():
    assert d.normalise_for_match("  Pérpustakaan   DIGITAL, untuk-pelajar! ") == (
        "perpustakaan digital untuk pelajar"
    )


def test_similarity_ignores_case_accents_and_word_order():
    assert d.similarity("Bank Sampah Digital", "bank sampah digital") == 1.0
    assert d.similarity("Bank Sampah Digital", "Digital bank sampah") == 1.0
    assert d.similarity("Bánk sampah", "bank SAMPAH") == 1.0
    assert d.similarity("Bank sampah digital", "Lampu lalu lintas adaptif") < 0.5
    assert d.similarity("", "Bank sampah") == 0.0
    assert d.similarity("!!!", "???") == 0.0


def test_similar_titles():
    candidates = [
        (1, "Bank sampah digital"),
        (2, "Lampu lalu lintas adaptif"),
        (3, "Bank sampah digital kelurahan"),
        (4, "bank sampah digital"),
    ]
    result = d.similar_titles("Bank Sampah Digital", candidates)
    assert [(i, t) for i, t, _ in result] == [
        (1, "Bank sampah digital"),
        (4, "bank sampah digital"),
        (3, "Bank sampah digital kelurahan"),
    ]
    assert [i for i, _, _ in d.similar_titles("Bank Sampah Digital", candidates, limit=1)] == [1]
    assert d.similar_titles("Bank Sampah Digital", candidates, threshold=1.01) == []


# ----------------------------------------------------------------- tallies


def test_tally_total_and_quadrant():
    assert Tally(1, 1, "A", dots=4, paper=3).total == 7
    assert Tally(1, 1, "A", impact=3.5, feasibility=4.0).quick_win_quadrant is True
    assert Tally(1, 1, "A", impact=3.0, feasibility=5.0).quick_win_quadrant is False
    assert Tally(1, 1, "A", impact=5.0, feasibility=3.0).quick_win_quadrant is False
    assert Tally(1, 1, "A", impact=None, feasibility=5.0).quick_win_quadrant is False
    assert Tally(1, 1, "A").quick_win_quadrant is False


def test_rank_tallies_dots_ties_share_a_rank():
    tallies = [
        Tally(1, 1, "A", dots=2, voters=2),
        Tally(2, 1, "B", dots=5, voters=3),
        Tally(3, 1, "C", dots=3, paper=2, voters=1),
        Tally(4, 1, "D", dots=1, voters=1),
        Tally(5, 1, "E"),
    ]
    ranked = d.rank_tallies(tallies, "dots")
    # B and C both total 5: B first (more voters), same rank; then A gets rank 3
    assert [(t.idea_id, t.total, t.rank) for t in ranked] == [
        (2, 5, 1),
        (3, 5, 1),
        (1, 2, 3),
        (4, 1, 4),
        (5, 0, 5),
    ]


def test_rank_tallies_rating_uses_impact_times_feasibility():
    tallies = [
        Tally(1, 1, "A", impact=4.0, feasibility=4.0, ratings=3),
        Tally(2, 1, "B", impact=5.0, feasibility=2.0, ratings=5),
        Tally(3, 1, "C", impact=2.0, feasibility=5.0, ratings=9),
        Tally(4, 1, "D", dots=10),
    ]
    ranked = d.rank_tallies(tallies, "rating")
    assert [(t.idea_id, t.rank) for t in ranked] == [(1, 1), (3, 2), (2, 2), (4, 4)]


def test_rank_tallies_empty():
    assert d.rank_tallies([], "dots") == []


# ----------------------------------------------------------------- enablers and dates


def test_default_enablers():
    # h14q: unassessed, not "perlu_disiapkan" (a default that read as a decision)
    assert d.default_enablers() == {
        "regulasi": {"status": "belum_dinilai", "catatan": ""},
        "infrastruktur": {"status": "belum_dinilai", "catatan": ""},
        "sdm": {"status": "belum_dinilai", "catatan": ""},
        "aplikasi": {"status": "belum_dinilai", "catatan": ""},
    }


def test_check_enablers_fills_defaults_and_accepts_shorthand():
    assert d.check_enablers(
        {"regulasi": "siap", "sdm": {"status": "belum_ada", "catatan": "  Pelatihan  "}}
    ) == {
        "regulasi": {"status": "siap", "catatan": ""},
        "infrastruktur": {"status": "belum_dinilai", "catatan": ""},
        "sdm": {"status": "belum_ada", "catatan": "Pelatihan"},
        "aplikasi": {"status": "belum_dinilai", "catatan": ""},
    }
    assert d.check_enablers(None) == d.default_enablers()
    assert d.check_enablers({}) == d.default_enablers()


@pytest.mark.parametrize(
    "value,message",
    [
        ({"anggaran": "siap"}, "Enabler tidak dikenal"),
        ({"sdm": "ok"}, "Status enabler SDM tidak dikenal"),
        ({"sdm": {"status": "siap", "catatan": "x" * 501}}, "Catatan enabler terlalu panjang"),
        ({"sdm": {"status": "siap", "catatan": 5}}, "Catatan enabler harus berupa teks."),
        ({"sdm": 5}, "Status enabler SDM harus berupa teks."),
        ({"sdm": None}, "Status enabler SDM harus berupa teks."),
        (["regulasi"], "Enabler harus berupa pasangan enabler dan status."),
        ("siap", "Enabler harus berupa pasangan enabler dan status."),
        (True, "Enabler harus berupa pasangan enabler dan status."),
    ],
)
def test_check_enablers_refuses(value, message):
    with pytest.raises(WorkshopError) as err:
        d.check_enablers(value)
    assert str(err.value).startswith(message)


def test_tanggal():
    assert d.tanggal(datetime.date(2023, 10, 12)) == "12 Oktober 2023"
    assert d.tanggal(datetime.date(2024, 1, 1)) == "1 Januari 2024"


def test_clean_text_is_idempotent_on_combining_marks_around_controls():
    from workshop.domain import clean_text

    value = "\u0313\x7f\u05c7\u0483\U0001d029\x7f\x16\x7f\u033c\u0313\x7f\U0001f05a\x7f\x7f"
    once = clean_text(value, label="PIN", max_len=64)
    assert clean_text(once, label="PIN", max_len=64) == once


def test_clean_text_is_idempotent():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from workshop.domain import WorkshopError, clean_text

    @settings(max_examples=300, deadline=None, database=None)
    @given(st.text())
    def prop(value):
        try:
            once = clean_text(value, label="x", max_len=10**6, required=False)
        except WorkshopError:
            return
        assert clean_text(once, label="x", max_len=10**6, required=False) == once

    prop()
