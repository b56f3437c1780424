"""Hostile input through the core: every text entry point either stores the cleaned text
exactly (domain.clean_text: NFC, no control characters, trimmed) or refuses with an
Indonesian WorkshopError and leaves every table as it was. No other exception, ever.

The corpus (>= 200 strings) is built in code; hypothesis adds arbitrary `st.text()`.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop import domain as d
from workshop.domain import AccessDenied, WorkshopError
from workshop.security import PinHasher
from workshop.store import LOGIN_WINDOW, Store

# ---------------------------------------------------------------------------- corpus

LONG = "Usulan panjang " * 6667  # 100,005 characters
assert len(LONG) >= 100_000

EMPTY = [
    "",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    " \t\n ",
    "\u00a0",
    "\u3000",
    "\u2028",
    "\u2029",
    "\u0085",
    "\u200b",
    "\u200b\u200c\u200d",
    "\ufeff",
    "\u2060",
    " \u200b ",
    "\x00",
    "\x00\x00\x00",
    "\x1b",
    "\x7f",
    "\x0b\x0c",
    "\r",
    "\u180e",
    "\u2003\u2009",
]
LENGTHS = [
    LONG,
    "x" * 100_000,
    "a" * 40,
    "a" * 41,
    "a" * 64,
    "a" * 65,
    "a" * 120,
    "a" * 121,
    "a" * 200,
    "a" * 201,
    "a" * 300,
    "a" * 301,
    "a" * 500,
    "a" * 501,
    "a" * 1000,
    "a" * 1001,
    "a" * 4000,
    "a" * 4001,
    "é" * 120,
    "e\u0301" * 120,
    "😀" * 120,
    " " * 50 + "isi" + " " * 50,
    "\u200b" * 121,
    "x\n" * 600,
]
CONTROL = [f"Judul{chr(c)}usulan" for c in itertools.chain(range(0, 32), [127])] + [
    "\x1b[31mmerah\x1b[0m",
    "a\x08\x08\x08b",
    "tab\tdi\ttengah",
    "baris\nbaru",
    "cr\rlf",
    "\u0080\u009f C1",
    "\x00<script>alert(1)</script>",
]
INVISIBLE = [
    "a\u200db",
    "\u200bJudul",
    "Judul\u200b",
    "\u202eabc",
    "abc\u202e",
    "\u202e\u202d\u202c",
    "\u2066isolasi\u2069",
    "\u200fRTL mark",
    "\u061c",
    "\u00ad",
    "👨\u200d👩\u200d👧",
    "kata\u2060sambung",
    "\ufeffBOM",
    "\u202egnp.exe",
    "\u034f",
]
RTL = [
    "مدينة ذكية",
    "עיר חכמה",
    "Kota مدينة Metro",
    "\u202bعربي\u202c",
    "ثلاثة ١٢٣",
    "Dinas \u202eاتصالات\u202c Kominfo",
]
EMOJI = [
    "😀",
    "🏛️ Smart City",
    "🇮🇩 Indonesia",
    "👍🏽",
    "🧑🏿‍💻",
    "❤️‍🔥",
    "🏳️‍🌈",
    "Usulan 🚀🚀🚀",
    "\U0001f9ea" * 3,
    "✅ selesai",
    "🔥" * 40,
]
MARKUP = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '"><script>alert(1)</script>',
    "<style>body{display:none}</style>",
    "<iframe src=javascript:alert(1)>",
    "<b>tebal</b>",
    "</div></div><h1>besar</h1>",
    "<!-- komentar",
    "&lt;script&gt;",
    "&#60;script&#62;",
    "<a href='javascript:alert(1)'>x</a>",
    "<marquee>x</marquee>",
    "<details open ontoggle=alert(1)>",
    "<body onload=alert(1)>",
    "]]>",
    "<?php ?>",
    '<div style="position:fixed;top:0;left:0;width:100%;height:100%">x</div>',
]
MARKDOWN = [
    "**tebal** ![x](http://example.invalid/x.png)",
    "[klik](javascript:alert(1))",
    "# Judul besar",
    "> kutipan",
    "- butir",
    "1. nomor",
    "`kode`",
    "```\nblok\n```",
    "$x^2$",
    "$$\\frac{1}{0}$$",
    ":red[merah]",
    ":material/home:",
    "~~coret~~",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "<http://example.invalid>",
    "[x]: http://example.invalid",
    "\\",
    "\\*tidak miring\\*",
    "_miring_",
    "***",
    "---",
    "![](data:image/png;base64,AAAA)",
    "[![x](http://e.invalid/a.png)](http://e)",
    "* * *",
    "=====",
    "<br>",
    "  \n  ",
]
SQL = [
    "'; DROP TABLE ideas; --",
    "' OR '1'='1",
    '"; DELETE FROM votes; --',
    "1; SELECT * FROM settings",
    "Robert'); DROP TABLE participants;--",
    "%",
    "_",
    "%%",
    "' UNION SELECT value FROM settings --",
    "\\'; --",
    "0x27",
    "NULL",
    "' AND 1=0 --",
    "'); UPDATE settings SET value='x'; --",
]
FORMULAS = [
    '=HYPERLINK("http://x","y")',
    "+1",
    "-1",
    "@SUM(A1)",
    "=1+1",
    "=cmd|' /C calc'!A0",
    "\t=1+1",
    '=IMPORTXML("http://x","//a")',
    "-2+3",
    "@",
    "=",
    "+",
    '=DDE("cmd";"/C calc";"__DdeLink_60_870516294")',
    "＝1+1",
    '=WEBSERVICE("http://x")',
    "\r=1+1",
    " =1+1",
]
NORMALISATION = [
    "e\u0301",
    "Å",
    "A\u030a",
    "\u0041\u0308",
    "Ａｂｃ",
    "ﬁ",
    "İstanbul",
    "ß",
    "Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319",
    "ǅ",
    "\u1e9b\u0323",
    "한국어",
    "日本語のテキスト",
    "Ωμέγα",
    "ﷺ",
    "𝕊𝕞𝕒𝕣𝕥",
]
MISC = [
    "null",
    "None",
    "undefined",
    "NaN",
    "0",
    "-0",
    "1e308",
    "true",
    "{}",
    "[]",
    "{{7*7}}",
    "${7*7}",
    "%s%s%s%n",
    "{0}",
    "../../etc/passwd",
    "C:\\Windows\\win.ini",
    "\\\\server\\share",
    "file:///etc/passwd",
    "http://example.invalid",
    "mailto:a@example.invalid",
    "data:text/html,<script>alert(1)</script>",
    "javascript:alert(1)",
    "Mal Pelayanan Publik digital",
    "Dinas PU & Penataan Ruang",
    "Bapak H. Ahmad, S.Kom., M.T.",
    "O'Brien",
    "D’Angelo",
    "Kecamatan Metro Pusat",
    "Kelurahan Yosorejo",
    "Desa Sukamaju",
    "Smart Governance",
    "a",
    "ab",
    "abc",
    "abcd",
    "1234",
    "0000",
    " 1234 ",
    "PIN\x00PIN",
]

CORPUS: list[str] = list(
    dict.fromkeys(
        EMPTY
        + LENGTHS
        + CONTROL
        + INVISIBLE
        + RTL
        + EMOJI
        + MARKUP
        + MARKDOWN
        + SQL
        + FORMULAS
        + NORMALISATION
        + MISC
    )
)
assert len(CORPUS) >= 200, len(CORPUS)

# lone surrogates: impossible through the browser (JSON/UTF-8), but a str may hold them
SURROGATES = [
    "\ud800",
    "\udfff",
    "a\ud83db",
    "Judul \udc80",
    "\ud83d\ude00"[0] + "x",
    "\udcff\udcfe import",
]

NOT_TEXT: list[Any] = [None, 123, 1.5, True, b"bytes", ["daftar"], {"a": 1}, object()]

INDONESIAN = (
    "wajib",
    "harus",
    "tidak",
    "melebihi",
    "maksimal",
    "minimal",
    "terlalu",
    "Terlalu",
    "Pilih",
    "salah",
    "belum",
    "sudah",
    "hanya",
    "Hanya",
    "ditutup",
    "berisi",
    "kosong",
    "bukan",
    "didukung",
    "ketik",
    "gagal",
    "Berkas",
    "baris",
)


def is_indonesian(message: str) -> bool:
    return any(word in message for word in INDONESIAN)


# ---------------------------------------------------------------------------- the world


class Env:
    """One workshop with a participant, an idea on the ballot, a quick win, a spare OPD."""

    def __init__(self, path) -> None:
        self.store = s = Store(path, hasher=PinHasher(fast=True))
        self.auth = s.system_auth()
        self.ws = s.create_workshop(self.auth, region="Kota Metro", province="Lampung", year=2023)
        self.opds = s.opds(self.ws.id)
        self.pillars = s.pillars(self.ws.id)
        self.stage = s.current_stage(self.ws.id)
        self.person = s.join(self.ws.join_code, name="Ani", group="opd", opd_id=self.opds[0].id)
        self.idea = s.submit_idea(
            self.person.token, pillar_id=self.pillars[0].id, kind="usulan", title="Satu Data Kota"
        )
        s.set_shortlisted(self.auth, self.stage.id, [self.idea.id])
        self.qw = s.create_quickwin(
            self.auth,
            self.stage.id,
            name="Program awal",
            pillar_id=self.pillars[0].id,
            owner_opd_id=self.opds[1].id,
        )
        self.risk_qw = s.create_quickwin(  # h14q: its risk register is emptied after each probe
            self.auth, self.stage.id, name="Program risiko", pillar_id=self.pillars[1].id
        )
        self.spare_opd = s.add_opd(self.auth, self.ws.id, "OPD untuk diganti")
        self.spare_pillar = s.add_pillar(self.auth, self.ws.id, "Pilar cadangan", "Cadangan")
        self.counter = itertools.count()
        self._known: dict | None = None  # the last dump, while nothing was stored since

    def dump(self) -> dict[str, list[dict]]:
        return {t: self.store.table_rows(t) for t in self.store.table_counts()}

    def before(self) -> dict[str, list[dict]]:
        if self._known is None:
            self._known = self.dump()
        return self._known

    def changed(self) -> None:
        self._known = None

    def opd_names(self, exclude: int | None = None) -> set[str]:
        return {o.name for o in self.store.opds(self.ws.id) if o.id != exclude}


@dataclass
class Probe:
    """One text parameter of one entry point."""

    name: str
    max_len: int
    required: bool
    call: Callable[[Env, Any], Any]  # does the call, returns the value read back
    expect: Callable[[Env, Any, str], Any] | None = None  # override of the cleaned value
    conflict: Callable[[Env, str], bool] | None = None  # e.g. duplicate name
    min_len: int = 0
    text_only: bool = False
    none_keeps: bool = False  # None means "leave as it is" (keyword default)
    exact: bool = False  # may refuse text that cleaning would change
    key: bool = field(default=False)  # one of the entry points named in the issue


def _join_name(e: Env, v):
    p = e.store.join(e.ws.join_code, name=v, group="opd", opd_id=e.opds[0].id)
    return e.store.participant(p.token).name


def _join_institution(e: Env, v):
    p = e.store.join(
        e.ws.join_code, name="Budi", group="akademisi", opd_id=e.opds[2].id, institution=v
    )
    return e.store.participant(p.token).institution


def _submit_title(e: Env, v):
    i = e.store.submit_idea(e.person.token, pillar_id=e.pillars[1].id, kind="usulan", title=v)
    return e.store.idea(i.id).title


def _submit_description(e: Env, v):
    i = e.store.submit_idea(
        e.person.token,
        pillar_id=e.pillars[1].id,
        kind="masalah",
        title=f"Uraian {next(e.counter)}",
        description=v,
    )
    return e.store.idea(i.id).description


def _edit_title(e: Env, v):
    e.store.edit_own_idea(e.person.token, e.idea.id, title=v)
    return e.store.idea(e.idea.id).title


def _edit_description(e: Env, v):
    e.store.edit_own_idea(e.person.token, e.idea.id, description=v)
    return e.store.idea(e.idea.id).description


def _moderate_title(e: Env, v):
    e.store.moderate_idea(e.auth, e.idea.id, title=v)
    return e.store.idea(e.idea.id).title


def _moderate_description(e: Env, v):
    e.store.moderate_idea(e.auth, e.idea.id, description=v)
    return e.store.idea(e.idea.id).description


def _add_idea_title(e: Env, v):
    i = e.store.add_idea(
        e.auth, e.ws.id, pillar_id=e.pillars[2].id, kind="potensi", title=v, description=""
    )
    return e.store.idea(i.id).title


def _qw_name(e: Env, v):
    q = e.store.create_quickwin(
        e.auth, e.stage.id, name=v, pillar_id=e.pillars[0].id, owner_opd_id=e.opds[1].id
    )
    return e.store.quickwin(q.id).name


QW_TEXT = ("problem", "description", "objective", "output_indicator", "outcome_indicator", "risks")


def _qw_texts(e: Env, v):
    q = e.store.create_quickwin(
        e.auth,
        e.stage.id,
        name="Program uji",
        pillar_id=e.pillars[0].id,
        owner_opd_id=e.opds[1].id,
        **{k: v for k in QW_TEXT},
    )
    got = {getattr(e.store.quickwin(q.id), k) for k in QW_TEXT}
    assert len(got) == 1, got
    return got.pop()


def _qw_update_texts(e: Env, v):
    e.store.update_quickwin(e.auth, e.qw.id, **{k: v for k in QW_TEXT})
    got = {getattr(e.store.quickwin(e.qw.id), k) for k in QW_TEXT}
    assert len(got) == 1, got
    return got.pop()


def _enabler_note(e: Env, v):
    e.store.update_quickwin(
        e.auth, e.qw.id, enablers={"regulasi": {"status": "siap", "catatan": v}}
    )
    return e.store.quickwin(e.qw.id).enablers["regulasi"]["catatan"]


# --- h14q: the quick-win profile fields and risk register ---
QW_SHORT = ("subdim", "location", "beneficiaries", "plan_link")


def _qw_profile_texts(e: Env, v):
    e.store.update_quickwin(e.auth, e.qw.id, **{k: v for k in QW_SHORT})
    got = {getattr(e.store.quickwin(e.qw.id), k) for k in QW_SHORT}
    assert len(got) == 1, got
    return got.pop()


def _qw_indicator(e: Env, v):
    e.store.update_quickwin(
        e.auth, e.qw.id, indicators=[{"kind": "output", "name": v, "baseline": "1", "target": "2"}]
    )
    return e.store.quickwin(e.qw.id).indicators[0]["name"]


def _qw_milestone(e: Env, v):
    e.store.update_quickwin(e.auth, e.qw.id, milestones=[{"when": "Triwulan I", "what": v}])
    return e.store.quickwin(e.qw.id).milestones[0]["what"]


def _qw_risk(e: Env, v):
    e.store.set_quickwin_risks(e.auth, e.qw.id, [{"risk": v, "mitigation": "Ada"}])
    return e.store.quickwin_risks(e.qw.id)[0].risk


def _qw_risk_mitigation(e: Env, v):
    r = e.store.add_quickwin_risk(e.auth, e.risk_qw.id, risk="Risiko uji", mitigation=v)
    got = next(x.mitigation for x in e.store.quickwin_risks(e.risk_qw.id) if x.id == r.id)
    e.store.set_quickwin_risks(e.auth, e.risk_qw.id, [])  # the register holds at most 20
    return got


def _add_opd(e: Env, v):
    o = e.store.add_opd(e.auth, e.ws.id, v)
    return next(x.name for x in e.store.opds(e.ws.id) if x.id == o.id)


def _rename_opd(e: Env, v):
    e.store.rename_opd(e.auth, e.spare_opd.id, v)
    return next(x.name for x in e.store.opds(e.ws.id) if x.id == e.spare_opd.id)


def _import_opds(e: Env, v):
    e.store.import_opds(e.auth, e.ws.id, [v])
    names = e.opd_names()
    return next((n for n in names if n == d.clean_text(v, label="x", max_len=10**6)), None)


def _add_pillar_name(e: Env, v):
    p = e.store.add_pillar(e.auth, e.ws.id, v, "Baru")
    return next(x.name for x in e.store.pillars(e.ws.id) if x.id == p.id)


def _add_pillar_short(e: Env, v):
    p = e.store.add_pillar(e.auth, e.ws.id, "Pilar Baru", v)
    return next(x.short for x in e.store.pillars(e.ws.id) if x.id == p.id)


def _add_pillar_subdim(e: Env, v):
    p = e.store.add_pillar(e.auth, e.ws.id, "Pilar Sub", "Sub", [v])
    return next(x.subdims for x in e.store.pillars(e.ws.id) if x.id == p.id)[0]


def _update_pillar_name(e: Env, v):
    return e.store.update_pillar(e.auth, e.spare_pillar.id, name=v).name


def _update_pillar_subdim(e: Env, v):
    return e.store.update_pillar(e.auth, e.spare_pillar.id, subdims=[v, "Tetap"]).subdims[0]


def _workshop(key):
    def call(e: Env, v):
        e.store.update_workshop(e.auth, e.ws.id, **{key: v})
        return getattr(e.store.workshop(e.ws.id), key)

    return call


def _stage(key):
    def call(e: Env, v):
        e.store.update_stage(e.auth, e.stage.id, **{key: v})
        return getattr(e.store.stage(e.stage.id), key)

    return call


def _paper_note(e: Env, v):
    e.store.set_paper_tally(e.auth, e.stage.id, e.idea.id, 3, v)
    return next(r["note"] for r in e.store.table_rows("paper_tallies") if r["idea_id"] == e.idea.id)


def _public_url(e: Env, v):
    e.store.set_setting(e.auth, "public_url", v)
    return e.store.setting("public_url")


def _set_pin(e: Env, v):
    e.store.set_pin(v, e.auth)
    clean = d.clean_text(v, label="PIN", max_len=64)
    e.store.login(clean)  # the stored hash is the hash of the cleaned PIN
    return clean


def _pillar_short_default(e: Env, v, clean):
    return "Pilar Baru" if v in ("", None) else clean


def _url_none(e: Env, v, clean):
    return None if v in (None, "") else clean


PROBES = [
    Probe("join.name", d.NAME_MAX, True, _join_name, key=True),
    Probe("join.institution", d.NAME_MAX, False, _join_institution, key=True),
    Probe("submit_idea.title", d.TITLE_MAX, True, _submit_title, key=True),
    Probe("submit_idea.description", d.DESCRIPTION_MAX, False, _submit_description, key=True),
    Probe("edit_own_idea.title", d.TITLE_MAX, True, _edit_title, key=True),
    Probe("edit_own_idea.description", d.DESCRIPTION_MAX, False, _edit_description),
    Probe("moderate_idea.title", d.TITLE_MAX, True, _moderate_title, key=True),
    Probe("moderate_idea.description", d.DESCRIPTION_MAX, False, _moderate_description),
    Probe("add_idea.title", d.TITLE_MAX, True, _add_idea_title),
    Probe("create_quickwin.name", 200, True, _qw_name, key=True),
    Probe("create_quickwin.texts", d.TEXT_MAX, False, _qw_texts, key=True),
    Probe("update_quickwin.texts", d.TEXT_MAX, False, _qw_update_texts),
    Probe("update_quickwin.enabler_note", 500, False, _enabler_note),
    Probe("update_quickwin.profile_texts", 1000, False, _qw_profile_texts),
    Probe("update_quickwin.indicator_name", 500, True, _qw_indicator),
    Probe("update_quickwin.milestone", 500, True, _qw_milestone),
    Probe("set_quickwin_risks.risk", 1000, True, _qw_risk),
    Probe("add_quickwin_risk.mitigation", 1000, False, _qw_risk_mitigation),
    Probe(
        "add_opd.name",
        d.NAME_MAX,
        True,
        _add_opd,
        key=True,
        conflict=lambda e, clean: clean in e.opd_names(),
    ),
    Probe(
        "rename_opd.name",
        d.NAME_MAX,
        True,
        _rename_opd,
        conflict=lambda e, clean: clean in e.opd_names(exclude=e.spare_opd.id),
    ),
    Probe("import_opds.names", d.NAME_MAX, True, _import_opds),
    Probe("add_pillar.name", d.NAME_MAX, True, _add_pillar_name, key=True),
    Probe("add_pillar.short", 40, True, _add_pillar_short, expect=_pillar_short_default),
    Probe("add_pillar.subdims", d.NAME_MAX, True, _add_pillar_subdim),
    Probe("update_pillar.name", d.NAME_MAX, True, _update_pillar_name, none_keeps=True),
    Probe("update_pillar.subdims", d.NAME_MAX, True, _update_pillar_subdim),
    Probe("update_workshop.region", d.NAME_MAX, True, _workshop("region"), key=True),
    Probe("update_workshop.province", d.NAME_MAX, False, _workshop("province")),
    Probe("update_workshop.title", 300, True, _workshop("title")),
    Probe("update_workshop.venue", 300, False, _workshop("venue"), key=True),
    Probe("update_stage.title", 300, True, _stage("title")),
    Probe("update_stage.focus", d.TEXT_MAX, False, _stage("focus")),
    Probe("set_paper_tally.note", 300, False, _paper_note),
    Probe("set_setting.public_url", 300, True, _public_url, expect=_url_none, text_only=True),
    Probe("set_pin", 64, True, _set_pin, min_len=4, key=True, exact=True),
]
PROBE_IDS = [p.name for p in PROBES]


def expected(env: Env, probe: Probe, value: Any) -> tuple[str, Any]:
    """("stored", cleaned value) or ("refused", None), from domain.clean_text."""
    try:
        clean = d.clean_text(value, label="x", max_len=probe.max_len, required=probe.required)
    except WorkshopError:
        if probe.expect is not None and value in ("", None):
            return "stored", probe.expect(env, value, "")
        return "refused", None
    if len(clean) < probe.min_len or (probe.conflict and probe.conflict(env, clean)):
        return "refused", None
    if probe.expect is not None:
        clean = probe.expect(env, value, clean)
    return "stored", clean


def check(env: Env, probe: Probe, value: Any) -> str:
    """Run one value through one probe; return 'stored' or 'refused'."""
    outcome, clean = expected(env, probe, value)
    either = probe.exact and outcome == "stored" and clean != value
    before = env.before() if outcome == "refused" or either else None
    try:
        got = probe.call(env, value)
    except WorkshopError as err:
        assert outcome == "refused" or either, (
            probe.name,
            value[:80] if isinstance(value, str) else value,
            str(err),
        )
        assert is_indonesian(str(err)), (probe.name, str(err))
        assert env.dump() == before, (probe.name, "tables changed on a refusal")
        return "refused"
    env.changed()
    assert outcome == "stored", (probe.name, repr(value)[:80], "accepted, expected refusal")
    assert got == clean, (probe.name, repr(value)[:80], repr(got)[:80], repr(clean)[:80])
    return "stored"


@pytest.fixture
def env(tmp_path):
    e = Env(tmp_path / "hostile.db")
    yield e
    e.store.close()


# ---------------------------------------------------------------------------- the corpus


@pytest.mark.parametrize("probe", PROBES, ids=PROBE_IDS)
def test_corpus_through_every_text_entry_point(env, probe):
    outcomes = {"stored": 0, "refused": 0}
    for value in CORPUS:
        outcomes[check(env, probe, value)] += 1
    assert outcomes["stored"] and outcomes["refused"]


@pytest.mark.parametrize("probe", [p for p in PROBES if not p.text_only], ids=lambda p: p.name)
def test_values_that_are_not_text(env, probe):
    for value in NOT_TEXT:
        if value is None and probe.none_keeps:
            continue
        check(env, probe, value)


@pytest.mark.parametrize("probe", [p for p in PROBES if p.key], ids=lambda p: p.name)
def test_lone_surrogates_are_refused_or_dropped(env, probe):
    for value in SURROGATES:
        before = env.dump()
        try:
            got = probe.call(env, value)
        except WorkshopError as err:
            assert is_indonesian(str(err))
            assert env.dump() == before
        else:
            assert isinstance(got, str)
            got.encode("utf-8")  # storable: no lone surrogate left


def test_lookups_with_lone_surrogates_never_crash(env):
    s = env.store
    for value in SURROGATES:
        assert s.workshop_by_code(value) is None
        assert s.participant(value) is None
        assert s.is_facilitator(value) is False
        with pytest.raises(AccessDenied):
            s.login(value)


def test_corpus_size_and_contents():
    assert len(CORPUS) >= 200
    for must in (
        "",
        " ",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "**tebal** ![x](http://example.invalid/x.png)",
        "[klik](javascript:alert(1))",
        "'; DROP TABLE ideas; --",
        '=HYPERLINK("http://x","y")',
        "+1",
        "-1",
        "@SUM(A1)",
        "\u202eabc",
        "a\u200db",
    ):
        assert must in CORPUS
    assert any(len(v) >= 100_000 for v in CORPUS)
    assert any("\x00" in v for v in CORPUS)


# ---------------------------------------------------------------------------- hypothesis

KEY_PROBES = [p for p in PROBES if p.key]


@pytest.mark.parametrize("probe", KEY_PROBES, ids=lambda p: p.name)
def test_any_text_is_stored_clean_or_refused(tmp_path, probe):
    env = Env(tmp_path / "prop.db")

    @settings(
        max_examples=100,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        st.one_of(
            st.text(),
            st.text(min_size=110, max_size=130),
            st.text(
                alphabet=st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "So"])
                | st.sampled_from(["<", ">", "!", "[", "]", "(", ")", "=", "+", "-", "@", "'", "a"])
            ),
            st.sampled_from(CORPUS),
        )
    )
    def prop(value):
        check(env, probe, value)

    try:
        prop()
    finally:
        env.store.close()


# ---------------------------------------------------------------------------- PIN and login


def test_hostile_pins_never_crash_login(env):
    env.store.set_pin("2468", env.auth)
    t = time.time()
    for n, value in enumerate(CORPUS + NOT_TEXT):
        now = t + n * (LOGIN_WINDOW + 1)  # one try per window: no lock-out here
        if value == "2468":
            continue
        with pytest.raises(AccessDenied) as info:
            env.store.login(value, now=now)
        assert is_indonesian(str(info.value))
    assert env.store.login("2468", now=t + (len(CORPUS) + 20) * (LOGIN_WINDOW + 1))


@pytest.mark.parametrize("pin", [" 1234 ", "1234\n", "12\x0034", "e\u0301e\u0301e\u0301e\u0301"])
def test_the_pin_typed_at_set_up_logs_in(env, pin):
    """Either set-up refuses such a PIN with a message, or the same input logs in."""
    before = env.dump()
    try:
        env.store.set_pin(pin, env.auth)
    except WorkshopError as err:
        assert is_indonesian(str(err))
        assert env.dump() == before
        return
    assert env.store.login(pin)


# ---------------------------------------------------------------------------- reads


@settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(value=st.one_of(st.text(), st.sampled_from(CORPUS)))
def test_lookups_with_hostile_keys_never_crash(env, value):
    s = env.store
    assert s.workshop_by_code(value) in (None, s.workshop(env.ws.id))
    found = s.participant(value)
    assert found is None or found.token == value
    assert s.is_facilitator(value) in (True, False)
    assert isinstance(s.similar_ideas(env.ws.id, value), list)


def test_lookups_with_the_corpus_never_crash(env):
    s = env.store
    for value in CORPUS + NOT_TEXT:
        assert s.workshop_by_code(value) is None
        assert s.participant(value) is None
        assert s.is_facilitator(value) is False
        s.similar_ideas(env.ws.id, value)


def test_search_in_a_100k_title_is_quick(env):
    started = time.perf_counter()
    env.store.similar_ideas(env.ws.id, LONG)
    assert time.perf_counter() - started < 2


# ---------------------------------------------------------------------------- found bugs


@pytest.mark.parametrize(
    "key, label",
    [("region", "Nama daerah"), ("title", "Judul"), ("province", "Provinsi"), ("venue", "Tempat")],
)
def test_update_workshop_messages_name_the_field_in_indonesian(env, key, label):
    with pytest.raises(WorkshopError) as info:
        env.store.update_workshop(env.auth, env.ws.id, **{key: "x" * 1000})
    assert str(info.value).startswith(label)


@pytest.mark.parametrize("value", ["=1+1", "<b>x</b>", "2023-13-45", "besok", "\u202e2023"])
def test_stage_date_must_be_a_date(env, value):
    before = env.dump()
    with pytest.raises(WorkshopError):
        env.store.update_stage(env.auth, env.stage.id, date=value)
    assert env.dump() == before


@pytest.mark.parametrize("value", ["abc", "<script>", "1.5", "1e3"])
def test_active_workshop_setting_rejects_non_workshops(env, value):
    try:
        env.store.set_setting(env.auth, "active_workshop", value)
    except WorkshopError as err:
        assert is_indonesian(str(err))
    assert env.store.active_workshop_id() == env.ws.id


# ---------------------------------------------------------------------------- exports, imports


def test_excel_export_neutralises_formulas(env):
    import io

    from openpyxl import load_workbook

    from workshop.exports import workbook as excel  # an import error fails, never skips

    s, e = env.store, env
    stored = []
    for n, value in enumerate(FORMULAS + MARKUP + SQL + CONTROL[:8] + RTL + EMOJI):
        try:
            idea = s.add_idea(
                e.auth,
                e.ws.id,
                pillar_id=e.pillars[n % 6].id,
                kind="usulan",
                title=value,
                description=value,
            )
            s.join(e.ws.join_code, name=value, group="akademisi", institution=value)
            s.add_opd(e.auth, e.ws.id, f"{value} {n}")
        except WorkshopError:
            continue
        stored.append(idea.title)
    s.update_quickwin(
        e.auth,
        e.qw.id,
        name='=HYPERLINK("http://x","y")',
        problem="+1",
        risks="@SUM(A1)",
        description="-1",
    )
    book = load_workbook(io.BytesIO(excel.build_workbook(s, e.ws.id)))
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
                    if excel.is_formula_like(cell.value):  # text as typed, never a formula
                        assert cell.data_type == "s" and cell.quotePrefix, (
                            sheet.title,
                            cell.coordinate,
                            cell.value,
                        )
    joined = "\n".join(texts)
    for title in stored:  # every hostile title is in the workbook
        assert excel.safe_text(title).lstrip("'") in joined, title


def _csv(lines: list[str], encoding: str = "utf-8") -> bytes:
    return ("Nama OPD\n" + "\n".join(line.replace("\n", " ") for line in lines)).encode(
        encoding, errors="surrogatepass"
    )


def test_roster_import_of_hostile_files_never_crashes(env):
    from workshop import imports  # an import error fails, never skips

    files = {
        "corpus.csv": _csv([v for v in CORPUS if len(v) < 5000]),
        "invalid-utf8.csv": b"Nama OPD\nDinas \xff\xfe Kesehatan\n\xc3\x28"
        b"\n\xed\xa0\x80\nBappeda\n",
        "surrogates.csv": _csv(SURROGATES),
        "utf16.csv": "Nama OPD\nDinas Kesehatan\n=1+1\n".encode("utf-16"),
        "nul.csv": b"Nama OPD\x00\nDinas\x00Sosial\n",
        "binary.csv": bytes(range(256)) * 20,
        "empty.csv": b"",
        "spaces.csv": b"   \n\t\n",
        "long.csv": _csv([LONG]),
        "fake.xlsx": b"PK\x03\x04" + b"\x00" * 200,
        "text.xlsx": b"bukan excel",
        "old.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
        "formulas.csv": _csv(FORMULAS),
        "markup.tsv": "\n".join(["Nama OPD"] + MARKUP).encode(),
    }
    existing = [o.name for o in env.store.opds(env.ws.id)]
    for name, data in files.items():
        preview = imports.parse_roster(data, name, existing)
        assert isinstance(preview.summary(), str) and preview.summary()
        for _, message in preview.errors:
            assert is_indonesian(message), (name, message)
        for opd in preview.names:  # whatever it offers can be imported
            assert d.clean_text(opd, label="Nama OPD", max_len=d.NAME_MAX) == opd
            opd.encode("utf-8")
        if preview.names:
            env.store.import_opds(env.auth, env.ws.id, preview.names)


@settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=st.one_of(
        st.binary(max_size=2000),
        st.lists(st.text(max_size=80), max_size=20).map(
            lambda xs: "\n".join(xs).encode("utf-8", errors="surrogatepass")
        ),
    ),
    ext=st.sampled_from(["csv", "xlsx", "txt", "tsv", ""]),
)
def test_roster_import_of_any_bytes_never_crashes(env, data, ext):
    from workshop import imports  # an import error fails, never skips

    preview = imports.parse_roster(data, f"daftar.{ext}" if ext else "daftar")
    for opd in preview.names:
        assert d.clean_text(opd, label="Nama OPD", max_len=d.NAME_MAX) == opd
