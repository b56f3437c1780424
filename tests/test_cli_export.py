"""`python -m workshop export --db PATH --kind summary|quickwins|excel --stage N --out FILE`."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from tests.docx_support import demo_store, full_text, open_docx
from workshop.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    store, wid = demo_store(tmp_path_factory, participants=30)
    yield store, wid
    store.close()


def test_summary_of_a_chosen_stage(demo, tmp_path, capsys):
    store, _ = demo
    out = tmp_path / "out" / "ringkasan.docx"
    assert (
        main(["export", "--db", store.path, "--kind", "summary", "--stage", "2", "--out", str(out)])
        == 0
    )
    assert "Tersimpan:" in capsys.readouterr().out
    text = full_text(open_docx(out.read_bytes()))
    assert "RINGKASAN BIMTEK TAHAP II" in text and "25 Juli 2023" in text
    assert not list(out.parent.glob("*.part"))


def test_summary_defaults_to_current_stage_and_default_name(demo, tmp_path, monkeypatch):
    store, _ = demo
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--db", store.path, "--kind", "summary"]) == 0
    out = tmp_path / "Ringkasan_Bimtek_Tahap_IV_Kota_Metro_2023.docx"
    assert "RINGKASAN BIMTEK TAHAP IV" in full_text(open_docx(out.read_bytes()))


def test_quickwins_and_excel(demo, tmp_path):
    store, wid = demo
    qw = tmp_path / "qw.docx"
    xl = tmp_path / "data.xlsx"
    assert main(["export", "--db", store.path, "--kind", "quickwins", "--out", str(qw)]) == 0
    assert main(["export", "--db", store.path, "--kind", "excel", "--out", str(xl)]) == 0
    text = full_text(open_docx(qw.read_bytes()))
    assert all(q.name in text for q in store.quickwins(wid))
    wb = openpyxl.load_workbook(io.BytesIO(xl.read_bytes()))
    assert wb["Peserta"].max_row == len(store.participants(wid)) + 2  # title, header


def test_errors_are_indonesian_with_exit_code_1(demo, tmp_path, capsys):
    store, _ = demo
    assert (
        main(
            [
                "export",
                "--db",
                store.path,
                "--kind",
                "summary",
                "--stage",
                "9",
                "--out",
                str(tmp_path / "x.docx"),
            ]
        )
        == 1
    )
    assert "Galat: Tahap 9 tidak ditemukan." in capsys.readouterr().err
    assert main(["export", "--db", str(tmp_path / "tidak-ada.db"), "--kind", "excel"]) == 1
    assert "Basis data tidak ditemukan" in capsys.readouterr().err
    assert not (tmp_path / "tidak-ada.db").exists()
    with pytest.raises(SystemExit):
        main(["export", "--db", store.path, "--kind", "pdf"])


def test_real_command_line(demo, tmp_path):
    store, _ = demo
    out = tmp_path / "data.xlsx"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "workshop",
            "export",
            "--db",
            store.path,
            "--kind",
            "excel",
            "--out",
            str(out),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes()[:2] == b"PK"
