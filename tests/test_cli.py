import pytest

from workshop.cli import main
from workshop.security import PinHasher
from workshop.store import Store


def open_db(path):
    return Store(path, hasher=PinHasher(fast=True))


def test_init_creates_an_empty_database(tmp_path, capsys):
    db = tmp_path / "data" / "baru" / "bimtek.db"
    assert main(["init", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Basis data siap: {db} (migrasi: m001_initial")
    store = open_db(db)
    try:
        counts = store.table_counts()
        assert {k: v for k, v in counts.items() if k != "_sqlite_migrations"} == {
            k: 0 for k in counts if k != "_sqlite_migrations"
        }
        assert counts["_sqlite_migrations"] == len(store.schema_version()) >= 1
    finally:
        store.close()


def test_init_twice_keeps_the_data(tmp_path, capsys):
    db = tmp_path / "bimtek.db"
    store = open_db(db)
    store.create_workshop(store.system_auth(), region="Kota Metro", year=2023)
    store.close()
    assert main(["init", "--db", str(db)]) == 0
    assert main(["init", "--db", str(db)]) == 0
    store = open_db(db)
    try:
        assert [w.region for w in store.workshops()] == ["Kota Metro"]
    finally:
        store.close()


@pytest.fixture(scope="module")
def demo110(tmp_path_factory):
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    rc = main(["demo", "--db", str(db), "--participants", "110"])
    store = open_db(db)
    yield rc, store
    store.close()


def test_demo_110_participants_table_counts(demo110):
    rc, store = demo110
    assert rc == 0
    counts = store.table_counts()
    assert {k: counts[k] for k in ("workshops", "participants", "stages", "pillars", "opds")} == {
        "workshops": 1,
        "participants": 110,
        "stages": 4,
        "pillars": 6,
        "opds": 35,
    }
    assert 3 <= counts["quickwins"] <= 6
    assert counts["votes"] > 0
    assert counts["ratings"] > 0
    assert counts["ideas"] > 0 and counts["shortlist"] > 0 and counts["attendance"] > 0
    assert counts["paper_tallies"] > 0


def test_demo_quick_wins_have_an_owner_opd(demo110):
    _, store = demo110
    [w] = store.workshops()
    roster = {o.id for o in store.opds(w.id)}
    quickwins = store.quickwins(w.id)
    assert 3 <= len(quickwins) <= 6
    for q in quickwins:
        assert q.owner_opd_id in roster
        assert q.name and q.idea_ids and q.supporting_opd_ids
        assert set(q.supporting_opd_ids) <= roster
        assert q.stage_id == store.stage_by_number(w.id, 4).id
    assert len({q.pillar_id for q in quickwins}) == len(quickwins)  # one per pillar


def test_demo_runs_all_four_stages(demo110):
    _, store = demo110
    [w] = store.workshops()
    assert [(s.number, s.phase, s.vote_mode, s.reveal, s.date) for s in store.stages(w.id)] == [
        (1, "agree", "dots", True, "2023-06-20"),
        (2, "agree", "dots", True, "2023-07-25"),
        (3, "agree", "rating", True, "2023-09-13"),
        (4, "agree", "dots", True, "2023-10-12"),
    ]
    assert w.current_stage == 4
    for s in store.stages(w.id):
        present = len(store.attendance(s.id))
        assert 0.75 * 110 <= present <= 110
        assert store.vote_progress(s.id)["voters"] > 0
        assert store.tallies(s.id)
    # a merged near-duplicate per stage, kept as an original
    assert sum(1 for i in store.ideas(w.id, statuses=("merged",))) == 4


def test_demo_prints_a_summary(tmp_path, capsys):
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db), "--participants", "12", "--seed", "3"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Kegiatan demo #1: 12 peserta, 5 program quick win, ")
    assert "participants=12" in out[1] and "quickwins=5" in out[1]


def test_demo_is_reproducible_per_seed(tmp_path, capsys):
    def run(name, seed):
        db = tmp_path / name
        assert main(["demo", "--db", str(db), "--participants", "15", "--seed", str(seed)]) == 0
        store = open_db(db)
        try:
            return (
                [(p.name, p.group, p.opd_id) for p in store.participants(1)],
                [
                    {k: v for k, v in r.items() if k != "updated_at"}
                    for r in store.table_rows("votes")
                ],
            )
        finally:
            store.close()

    assert run("a.db", 4) == run("b.db", 4)
    assert run("c.db", 5) != run("a2.db", 4)


@pytest.mark.parametrize("n", ["0", "-3"])
def test_demo_refuses_too_few_participants_and_writes_nothing(tmp_path, capsys, n):
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db), "--participants", n]) == 1
    err = capsys.readouterr().err
    assert err == "Galat: Jumlah peserta harus antara 1 dan 10000.\n"
    store = open_db(db)
    try:
        assert store.workshops() == []
    finally:
        store.close()


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["tidak-ada"],
        ["init"],
        ["demo"],
        ["demo", "--db", "x.db", "--participants", "banyak"],
        ["demo", "--db", "x.db", "--seed", "1.5"],
    ],
)
def test_bad_arguments_exit_with_usage(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert "usage: python -m workshop" in capsys.readouterr().err
