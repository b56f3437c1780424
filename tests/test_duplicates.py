"""Near-duplicate clusters: normalising, cluster shape, precision/recall on labelled pairs."""

from __future__ import annotations

import csv
import random
import time
from pathlib import Path

import pytest

from workshop import duplicates
from workshop.domain import Idea

PAIRS = Path(__file__).parent / "fixtures" / "duplicate_pairs.csv"


def idea(
    id: int, title: str, pillar: int = 1, *, status: str = "shown", description: str = ""
) -> Idea:
    """An idea with only what duplicate detection looks at."""
    return Idea(
        id=id,
        workshop_id=1,
        stage_id=1,
        pillar_id=pillar,
        kind="usulan",
        title=title,
        description=description,
        subdim=None,
        opd_id=None,
        author_id=None,
        status=status,
        merged_into=1 if status == "merged" else None,
    )


# --------------------------------------------------------------------------- normalise


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pendaftran Antrian Puskesmass ONLINE!!!", "pendaftran antrean puskesmas daring"),
        ("Layanan e-KTP di Kab. Sleman", "layanan elektronik ktp kabupaten sleman"),
        ("Apps pengaduan warga yg cepat", "aplikasi pengaduan masyarakat cepat"),
        ("Pelayanan perizinan dgn sistem online", "layanan perizinan sistem daring"),
        ("Anak2 sekolah & anak-anak jalanan", "anak sekolah anak jalanan"),
        ("Lampu Penerangan Jalan Umum (PJU) tenaga surya", "pju tenaga surya"),
        ("Wi-Fi gratis untuk taman kota", "wifi gratis taman kota"),
        ("Ruang Terbuka Hijau di setiap kelurahan", "rth kelurahan"),
        ("Website promosi pariwisata", "web promosi wisata"),
        ("Café budaya", "cafe budaya"),
        ("Program 1000 pohon", "program 1000 pohon"),
        ("!!! ... ???", ""),
        ("", ""),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert duplicates.normalise(text) == expected


def test_similarity_is_symmetric_and_bounded() -> None:
    a, b = "Aplikasi antrean puskesmas", "Antrean puskesmas lewat aplikasi"
    assert duplicates.similarity(a, b) == duplicates.similarity(b, a) == 100.0
    assert duplicates.similarity(a, a) == 100.0
    assert duplicates.similarity(a, "") == 0.0
    assert duplicates.similarity("dan di yang", "dan di yang") == 0.0  # only stop words
    assert 0.0 < duplicates.similarity(a, "Aplikasi antrean samsat") < duplicates.THRESHOLD


def test_typos_affixes_and_acronyms_match() -> None:
    pairs = [
        ("Pendaftaran puskesmas", "Pendaftran puskesmas"),  # one letter missing
        ("Pengangkutan sampah terjadwal", "Jadwal pengangkutan sampah"),  # ter-jadwal
        ("Kartu identitas anak digital", "KIA digital"),  # acronym
        ("Antrean daring Dukcapil", "Antrean online Disdukcapil"),  # Dinas prefix
    ]
    for a, b in pairs:
        assert duplicates.similarity(a, b) >= duplicates.THRESHOLD, (a, b)
    # only a word written in capitals is an acronym: "bus" is not "Bank UMKM Sampah"
    assert duplicates.similarity("Bank UMKM sampah", "Bus") == 0.0
    assert duplicates.similarity("kartu identitas anak", "kia") == 0.0
    # one letter apart but not a typo: a different word
    assert duplicates.similarity("Pendataan UMKM", "Pendanaan UMKM") < duplicates.THRESHOLD


# --------------------------------------------------------------------------- clusters


def test_clusters_shape() -> None:
    ideas = [
        idea(1, "Aplikasi antrean puskesmas"),
        idea(2, "Aplikasi antrean samsat"),
        idea(3, "Antrean puskesmas lewat aplikasi"),
        idea(4, "Antrian puskesmas online", status="hidden"),
        idea(5, "Aplikasi antrean puskesmas", status="merged"),
        idea(6, "Pendaftran antrean puskesmas berbasis aplikasi"),
        idea(7, "Aplikasi antrean puskesmas", pillar=2),  # another pillar
        idea(8, "Bank sampah digital", pillar=2),
        idea(9, "Digitalisasi bank sampah", pillar=2),
        idea(10, "Bank sampah digital", pillar=3),
        idea(11, "Wifi gratis di taman kota"),
        idea(12, "Wi-Fi gratis taman kota"),
    ]
    # same pillar only, hidden and merged ideas left out, earliest id first, largest first
    assert duplicates.clusters(ideas) == [[1, 3, 6], [8, 9], [11, 12]]
    # with votes, the idea with most votes is the target (ties: earliest id)
    assert duplicates.clusters(ideas, votes={6: 4, 3: 4, 12: 1}) == [[3, 6, 1], [8, 9], [12, 11]]
    # a lower threshold joins more, a higher one fewer
    assert duplicates.clusters(ideas, threshold=50.0)[0] == [1, 2, 3, 6]
    assert duplicates.clusters(ideas, threshold=101.0) == []
    assert duplicates.clusters([]) == []
    assert duplicates.clusters([idea(1, "Satu ide")]) == []
    assert duplicates.clusters([ideas[0], ideas[0], ideas[2]]) == [[1, 3]]  # an idea passed twice


def test_clusters_single_linkage() -> None:
    ideas = [
        idea(1, "Pasar murah keliling"),
        idea(2, "Pasar murah keliling tiap kecamatan"),
        idea(3, "Pasar murah keliling kecamatan, kelurahan dan desa"),
    ]
    assert duplicates.similarity(ideas[0].title, ideas[2].title) < duplicates.THRESHOLD
    assert duplicates.clusters(ideas) == [[1, 2, 3]]  # 1-2 and 2-3 are enough


def test_description_lifts_but_never_sinks() -> None:
    a, b = "Aplikasi pelaporan jalan rusak", "Aplikasi laporan jalan berlubang"
    title = duplicates.similarity(a, b)
    assert title < duplicates.THRESHOLD
    same = "Warga memotret kerusakan jalan, lokasinya langsung sampai ke Dinas PU."
    lifted = [idea(1, a, description=same), idea(2, b, description=same)]
    assert duplicates.clusters(lifted) == [[1, 2]]
    assert duplicates.clusters([idea(1, a), idea(2, b)]) == []
    clear = [
        idea(1, "Bank sampah digital", description="Tabungan emas dari sampah plastik."),
        idea(2, "Digitalisasi bank sampah", description="Aplikasi untuk nasabah di RW."),
    ]
    assert duplicates.clusters(clear) == [[1, 2]]


# --------------------------------------------------------------------------- quality


def test_precision_recall_on_labelled_pairs() -> None:
    with PAIRS.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    positives = sum(r["duplicate"] == "1" for r in rows)
    assert len(rows) >= 60 and positives >= 25 and len(rows) - positives >= 35
    tp = fp = fn = 0
    for r in rows:
        a, b = idea(1, r["title_a"]), idea(2, r["title_b"])
        found = duplicates.clusters([a, b]) == [[1, 2]]
        # the pair score and the clusters agree
        assert found == (duplicates.similarity(a.title, b.title) >= duplicates.THRESHOLD)
        wanted = r["duplicate"] == "1"
        tp += found and wanted
        fp += found and not wanted
        fn += wanted and not found
    precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    print(
        f"duplicate pairs: precision {precision:.2f}, recall {recall:.2f} on {len(rows)} pairs "
        f"(threshold {duplicates.THRESHOLD:g})"
    )
    assert precision >= 0.85
    assert recall >= 0.7


def test_two_thousand_ideas_are_fast() -> None:
    rng = random.Random(7)
    words = (
        "aplikasi antrean puskesmas samsat perizinan online daring sampah bank digital umkm "
        "pelatihan pasar wisata promosi cctv persimpangan jalan data satu kota layanan "
        "pengaduan masyarakat sekolah wifi taman rsud parkir elektronik pajak retribusi "
        "posyandu lansia anak ramah banjir peringatan sistem informasi desa kelurahan"
    ).split()
    ideas = [
        idea(
            i + 1,
            " ".join(rng.sample(words, rng.randint(2, 6))),
            pillar=i % 6 + 1,
            description=" ".join(rng.choices(words, k=rng.randint(0, 30))),
        )
        for i in range(2000)
    ]
    start = time.perf_counter()
    found = duplicates.clusters(ideas)
    elapsed = time.perf_counter() - start
    print(f"duplicate clusters: 2000 ideas over 6 pillars in {elapsed:.3f} s, {len(found)} groups")
    pillar = {i.id: i.pillar_id for i in ideas}
    assert all(len({pillar[i] for i in group}) == 1 for group in found)
    assert elapsed < 5.0
