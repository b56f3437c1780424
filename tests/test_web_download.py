"""GET /api/download/<kind> (workshop/web.py): the facilitator's files, served by our own
route in front of Streamlit, built at request time, refused to everyone else."""

from __future__ import annotations

import asyncio
import io
import os
import sqlite3
import threading
from html.parser import HTMLParser

import pytest
from docx import Document
from openpyxl import load_workbook

from tests.conftest import dump, is_indonesian
from tests.docx_support import full_text
from workshop import backups, web
from workshop.demo import build_demo
from workshop.domain import WorkshopError
from workshop.exports import quickwins, summary, workbook

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def request(
    app,
    method: str,
    path: str,
    *,
    query: bytes = b"",
    cookie: str | None = None,
    headers: list[tuple[bytes, bytes]] | None = None,
):
    """One HTTP request through an ASGI app: (status, headers, body, body messages)."""
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    raw = list(headers or [])
    if cookie is not None:
        raw.append((b"cookie", cookie.encode("latin-1")))
    scope = {"type": "http", "method": method, "path": path, "query_string": query, "headers": raw}
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    parts = [m for m in sent if m["type"] == "http.response.body"]
    body = b"".join(m.get("body", b"") for m in parts)
    return (start["status"], {k.decode(): v.decode() for k, v in start["headers"]}, body, parts)


async def streamlit_stand_in(scope, receive, send) -> None:
    await send({"type": "http.response.start", "status": 299, "headers": []})
    await send({"type": "http.response.body", "body": b"streamlit"})


@pytest.fixture
def room(store, tmp_path, monkeypatch):
    """A finished demo Bimtek, one automatic snapshot, and a facilitator session."""
    folder = tmp_path / "cadangan"
    monkeypatch.setenv("BIMTEK_BACKUP_DIR", str(folder))
    demo = build_demo(store, participants=12, seed=5)
    snap = backups.snapshot(store, folder, auth=store.machine_auth())
    token = store.system_auth()
    app = web.PhoneRoutes(streamlit_stand_in, store_for=lambda: store)
    return store, demo.workshop_id, snap, token, app


def get(app, kind: str, query: str = "", cookie: str | None = None, method: str = "GET"):
    return request(
        app,
        method,
        web.DOWNLOAD_PREFIX + kind,
        query=query.encode("latin-1"),
        cookie=None if cookie is None else f"{web.FAC_COOKIE}={cookie}",
    )


def refusal_page(message: str) -> bytes:
    return (
        '<!doctype html><html lang="id"><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Bimtek Live</title><p>{message}</p></html>"
    ).encode()


def file_headers(mime: str, filename: str, size: int) -> dict[str, str]:
    return {
        "content-type": mime,
        "content-length": str(size),
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
        "cross-origin-resource-policy": "same-origin",
        "content-disposition": f"attachment; filename=\"{filename}\"; filename*=UTF-8''{filename}",
    }


def refusal_headers(size: int, allow: bool = False) -> dict[str, str]:
    headers = {
        "content-type": "text/html; charset=utf-8",
        "content-length": str(size),
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
        "cross-origin-resource-policy": "same-origin",
        "content-security-policy": "default-src 'none'",
    }
    if allow:
        headers["allow"] = "GET, HEAD"
    return headers


# ---------------------------------------------------------------- the pages' links
# (used by tests/test_page_downloads.py and tests/test_page_backups.py)


class _Anchors(HTMLParser):
    """Anchors with their attributes, "text" (what is read) and "icon" (aria-hidden)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[dict[str, str | None]] = []
        self._open: dict[str, str | None] | None = None
        self._hidden = False

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._open = dict(attrs, text="", icon="")
            self.found.append(self._open)
        elif tag == "span" and ("aria-hidden", "true") in attrs:
            self._hidden = True

    def handle_data(self, data):
        if self._open is not None:
            self._open["icon" if self._hidden else "text"] += data

    def handle_endtag(self, tag):
        if tag == "a":
            self._open = None
        self._hidden = False


def links(at) -> dict[str, dict[str, str | None]]:
    """The page's download links (st.html anchors) by their data-testid."""
    parser = _Anchors()
    for element in at.get("html"):
        parser.feed(element.proto.body)
    return {a["data-testid"]: a for a in parser.found if "download" in a}


def follow(store, at, href: str):
    """What the browser gets for a link: the route, with this session's login cookie."""
    path, _, query = href.partition("?")
    app = web.PhoneRoutes(streamlit_stand_in, store_for=lambda: store)
    return request(
        app,
        "GET",
        path,
        query=query.encode(),
        cookie=f"{web.FAC_COOKIE}={at.session_state['fac_auth']}",
    )[:3]


# ---------------------------------------------------------------- every kind delivers


def test_stage_summary_is_a_word_document_of_that_stage(room):
    store, wid, _snap, token, app = room
    stage = store.stage_by_number(wid, 2)
    status, headers, body, _ = get(app, "summary", f"stage={stage.id}", token)
    assert status == 200
    assert headers == file_headers(
        DOCX, "Ringkasan_Bimtek_Tahap_II_Kota_Metro_2023.docx", len(body)
    )
    assert summary.filename(store, stage.id) == "Ringkasan_Bimtek_Tahap_II_Kota_Metro_2023.docx"
    text = full_text(Document(io.BytesIO(body)))
    assert "RINGKASAN BIMTEK TAHAP II" in text and "25 Juli 2023" in text


def test_quickwin_draft_lists_the_agreed_programmes(room):
    store, wid, _snap, token, app = room
    status, headers, body, _ = get(app, "quickwins", f"workshop={wid}", token)
    assert status == 200
    assert headers == file_headers(DOCX, quickwins.filename(store, wid), len(body))
    text = full_text(Document(io.BytesIO(body)))
    for programme in quickwins.programmes(store, wid):
        assert programme.name in text


def test_excel_workbook_opens_with_its_sheets(room):
    store, wid, _snap, token, app = room
    status, headers, body, _ = get(app, "excel", f"workshop={wid}", token)
    assert status == 200
    assert headers == file_headers(XLSX, "Data_Bimtek_Kota_Metro_2023.xlsx", len(body))
    assert workbook.filename(store, wid) == "Data_Bimtek_Kota_Metro_2023.xlsx"
    book = load_workbook(io.BytesIO(body))
    assert len(book.sheetnames) >= 4
    rows = sum(sheet.max_row for sheet in book.worksheets)
    assert rows > 12  # the participants alone are 12 rows


def test_backup_is_a_fresh_consistent_copy(room, tmp_path):
    store, wid, _snap, token, app = room
    store.update_workshop(token, wid, venue="Sesudah halaman dibuka")
    status, headers, body, _ = get(app, "backup", "", token)
    assert status == 200
    name = headers["content-disposition"].split('"')[1]
    assert backups._NAME.match(name), name
    assert headers == file_headers(web.MIME_SQLITE, name, len(body))
    copy = tmp_path / "unduhan.db"
    copy.write_bytes(body)
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT venue FROM workshops WHERE id = ?", (wid,)).fetchone() == (
            "Sesudah halaman dibuka",
        )
        assert conn.execute("SELECT COUNT(*) FROM participants").fetchone() == (12,)
    finally:
        conn.close()


def test_picked_snapshot_is_that_file(room):
    store, _wid, snap, token, app = room
    status, headers, body, _ = get(app, "snapshot", f"name={snap.name}", token)
    assert status == 200
    assert headers == file_headers(web.MIME_SQLITE, snap.name, len(body))
    assert body == snap.read_bytes()


def test_head_gives_the_headers_without_the_file(room):
    store, wid, snap, token, app = room
    status, headers, body, _ = get(app, "snapshot", f"name={snap.name}", token, method="HEAD")
    assert (status, body) == (200, b"")
    assert headers == file_headers(web.MIME_SQLITE, snap.name, snap.stat().st_size)
    # (a workbook built twice may differ in its timestamps, so only the name is compared)
    status, headers, body, _ = get(app, "excel", f"workshop={wid}", token, method="HEAD")
    assert (status, body) == (200, b"")
    assert (
        headers["content-disposition"]
        == get(app, "excel", f"workshop={wid}", token)[1]["content-disposition"]
    )


def test_a_large_file_goes_out_in_pieces(room, monkeypatch):
    store, _wid, snap, token, app = room
    monkeypatch.setattr(web, "CHUNK", 4096)
    status, _h, body, parts = get(app, "snapshot", f"name={snap.name}", token)
    assert status == 200 and body == snap.read_bytes()
    assert len(parts) == -(-len(body) // 4096)
    assert [p["more_body"] for p in parts] == [True] * (len(parts) - 1) + [False]


def test_files_are_built_in_a_worker_thread(room, monkeypatch):
    store, wid, _snap, token, app = room
    seen = []
    real = web.download_answer

    def spy(*args):
        seen.append(threading.current_thread() is threading.main_thread())
        return real(*args)

    monkeypatch.setattr(web, "download_answer", spy)
    assert get(app, "excel", f"workshop={wid}", token)[0] == 200
    assert seen == [False]


# ---------------------------------------------------------------- who may download


def test_without_a_facilitator_cookie_everything_is_403(room):
    store, wid, snap, token, app = room
    participant = store.participants(wid)[0].token
    gone = store.system_auth()
    store.logout(gone)
    forbidden = refusal_page(web.MSG_FORBIDDEN)
    queries = {
        "summary": f"stage={store.current_stage(wid).id}",
        "quickwins": f"workshop={wid}",
        "excel": f"workshop={wid}",
        "backup": "",
        "snapshot": f"name={snap.name}",
    }
    cookies = [
        None,
        "",
        f"{web.FAC_COOKIE}=",
        f"{web.FAC_COOKIE}=bukan-token",
        f"{web.FAC_COOKIE}={participant}",
        f"{web.FAC_COOKIE}={gone}",
        f"fac_auth={token}",
        f"x{web.FAC_COOKIE}={token}",
        f"{token}",
        f"{web.FAC_COOKIE}={token[:-1]}",
        f"{web.FAC_COOKIE}={token}x",
        f"{web.FAC_COOKIE}=' OR 1=1 --",
        f"{web.FAC_COOKIE}={'A' * 5000}",
    ]
    for kind, query in queries.items():
        for cookie in cookies:
            status, headers, body, _ = request(
                app, "GET", web.DOWNLOAD_PREFIX + kind, query=query.encode(), cookie=cookie
            )
            assert (status, body) == (403, forbidden), (kind, cookie)
            assert headers == refusal_headers(len(forbidden)), (kind, cookie)
    # bad ids are not looked at before the login: no oracle for a participant
    assert get(app, "summary", "stage=999999", "bukan-token")[:3:2] == (403, forbidden)
    assert get(app, "snapshot", "name=../t.db", None)[:3:2] == (403, forbidden)
    status, _h, body, _ = get(app, "backup", "", None, method="HEAD")
    assert (status, body) == (403, b"")
    assert web.MSG_FORBIDDEN == (
        "Hanya fasilitator yang dapat mengunduh berkas ini. Silakan masuk kembali."
    )


def test_the_cookie_is_found_among_others(room):
    store, wid, _snap, token, app = room
    path = web.DOWNLOAD_PREFIX + "backup"
    for cookie in (
        f"a=1; {web.FAC_COOKIE}={token}; b=2",
        f'{web.FAC_COOKIE}="{token}"',
        f"{web.FAC_COOKIE}=bukan; {web.FAC_COOKIE}={token}",
        f"junk; ; ={token}; {web.FAC_COOKIE}={token}",
    ):
        assert request(app, "GET", path, cookie=cookie)[0] == 200, cookie
    split = [(b"cookie", b"a=1"), (b"cookie", f"{web.FAC_COOKIE}={token}".encode())]
    assert request(app, "GET", path, headers=split)[0] == 200


def test_the_cookie_name_is_the_login_cookie_of_the_pages():
    from pages.common import FAC_COOKIE

    assert web.FAC_COOKIE == FAC_COOKIE == "bimtek_fac"


def test_cookie_values():
    headers = [
        (b"host", b"x"),
        (b"cookie", b'a=1; bimtek_fac=abc; bimtek_fac="def"'),
        (b"Cookie", b"bimtek_fac=; bimtek_fac=ghi;bimtek_fac"),
    ]
    assert web.cookie_values(headers, "bimtek_fac") == ["abc", "def", "ghi"]
    assert web.cookie_values([(b"cookie", b"bimtek_fac=x")] * 20, "bimtek_fac") == ["x"] * 8
    assert web.cookie_values([(b"cookie", b"\xff\xfe=\xff")], "bimtek_fac") == []


# ---------------------------------------------------------------- what a participant may try


def test_unknown_kinds_are_404(room):
    store, wid, _snap, token, app = room
    page = refusal_page(web.MSG_UNKNOWN_KIND)
    for kind in (
        "",
        "x",
        "Summary",
        "backup/",
        "backup/1",
        "../backup",
        "summary/../backup",
        "backup\x00",
        "backup.db",
        "snapshots",
        "%2e%2e",
        "db",
        "..",
        ".",
    ):
        status, headers, body, _ = get(app, kind, "", token)
        assert (status, body) == (404, page), kind
        assert headers == refusal_headers(len(page)), kind
    # without a login too (the kinds are no secret)
    assert get(app, "etc", "", None)[:3:2] == (404, page)


def test_other_methods_are_405(room):
    store, wid, _snap, token, app = room
    page = refusal_page(web.MSG_METHOD)
    for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"):
        status, headers, body, _ = get(app, "backup", "", token, method=method)
        assert (status, body) == (405, page), method
        assert headers == refusal_headers(len(page), allow=True), method


@pytest.mark.parametrize(
    "kind, key", [("summary", "stage"), ("quickwins", "workshop"), ("excel", "workshop")]
)
def test_bad_ids_are_400_and_unknown_ids_404(room, kind, key):
    store, wid, _snap, token, app = room
    good = store.current_stage(wid).id if key == "stage" else wid
    missing = web.MSG_MISSING[key]
    invalid = web.MSG_INVALID[key]
    cases = {
        "": missing,
        f"{key}=": missing,
        "other=1": missing,
        f"{key.upper()}={good}": missing,
        f"{key}=abc": invalid,
        f"{key}=-1": invalid,
        f"{key}=0": invalid,
        f"{key}=1.0": invalid,
        f"{key}=1e3": invalid,
        f"{key}=%20{good}": invalid,
        f"{key}={good}%20": invalid,
        f"{key}=0x1": invalid,
        f"{key}=0{good}": invalid,
        f"{key}={good}%3B%20DROP%20TABLE%20stages": invalid,
        f"{key}=9999999999999": invalid,
        f"{key}={good}&{key}={good}": invalid,
        f"{key}=%00": invalid,
        f"{key}=%EF%BC%91": invalid,  # a full-width digit one
        f"{key}=%FF": web.MSG_BAD_QUERY,
        "%ZZ=%": missing,
    }
    for query, message in cases.items():
        status, _h, body, _ = get(app, kind, query, token)
        assert (status, body) == (400, refusal_page(message)), query
    raw = request(
        app,
        "GET",
        web.DOWNLOAD_PREFIX + kind,
        query=b"stage=\xff",
        cookie=f"{web.FAC_COOKIE}={token}",
    )
    assert raw[:3:2] == (400, refusal_page(web.MSG_BAD_QUERY))
    unknown = "Tahap tidak ditemukan." if key == "stage" else "Kegiatan tidak ditemukan."
    for value in ("999999", "999999999999"):
        status, _h, body, _ = get(app, kind, f"{key}={value}", token)
        assert (status, body) == (404, refusal_page(unknown)), value
    # unrelated parameters (a cache-buster) are ignored
    assert get(app, kind, f"{key}={good}&_=123", token)[0] == 200


def test_snapshot_names_outside_the_listing_are_refused(room, tmp_path):
    store, _wid, snap, token, app = room
    folder = snap.parent
    (folder / "catatan.txt").write_text("bukan cadangan")
    (folder / "bimtek-20260101-0000.db.part").write_bytes(b"x")
    (folder / "bimtek-20000101-0000.db").symlink_to(store.path)
    (tmp_path / "bimtek-20000101-0001.db").write_bytes(snap.read_bytes())
    assert backups.list_snapshots(folder)[-1].name == "bimtek-20000101-0000.db"  # listed
    invalid, absent = web.MSG_INVALID["name"], web.MSG_NO_SNAPSHOT
    cases = {
        "": web.MSG_MISSING["name"],
        f"name=..%2F{os.path.basename(store.path)}": invalid,
        "name=../t.db": invalid,
        "name=..": invalid,
        "name=.": invalid,
        f"name=%2F{snap.name}": invalid,
        f"name={snap}": invalid,
        "name=%2Fetc%2Fpasswd": invalid,
        f"name=.%2F{snap.name}": invalid,
        f"name=..%5C{snap.name}": invalid,
        f"name=C%3A{snap.name}": invalid,
        f"name={snap.name}%00": invalid,
        f"name={snap.name}%00.txt": invalid,
        f"name={snap.name}%0A": invalid,
        f"name={'b' * 101}": invalid,
        f"name=..%2F{folder.name}%2F{snap.name}": invalid,
        f"name={snap.name}&name={snap.name}": invalid,
        "name=catatan.txt": absent,
        "name=bimtek-20260101-0000.db.part": absent,
        "name=bimtek-20000101-0000.db": absent,  # a symlink (to the live database)
        "name=bimtek-20000101-0001.db": absent,  # a snapshot, but not in the folder
        "name=bimtek-20991231-2359.db": absent,
        "name=t.db": absent,
        f"name={snap.name.upper()}": absent,
        f"name=%20{snap.name}": absent,
    }
    for query, message in cases.items():
        status, _h, body, _ = get(app, "snapshot", query, token)
        expected = 404 if message == absent else 400
        assert (status, body) == (expected, refusal_page(message)), query
    assert get(app, "snapshot", f"name={snap.name}", token)[0] == 200


def test_a_pruned_snapshot_is_404(room):
    store, _wid, snap, token, app = room
    snap.unlink()
    status, _h, body, _ = get(app, "snapshot", f"name={snap.name}", token)
    assert (status, body) == (404, refusal_page(web.MSG_NO_SNAPSHOT))


def test_nothing_is_written(room):
    store, wid, snap, token, app = room
    before, files = dump(store), sorted(p.name for p in snap.parent.iterdir())
    stage = store.current_stage(wid).id
    for kind, query in (
        ("summary", f"stage={stage}"),
        ("quickwins", f"workshop={wid}"),
        ("excel", f"workshop={wid}"),
        ("backup", ""),
        ("snapshot", f"name={snap.name}"),
        ("snapshot", "name=../t.db"),
        ("summary", "stage=999999"),
        ("x", ""),
    ):
        for method in ("GET", "HEAD", "POST", "DELETE"):
            get(app, kind, query, token, method=method)
            get(app, kind, query, None, method=method)
    assert dump(store) == before
    assert sorted(p.name for p in snap.parent.iterdir()) == files


def test_a_failed_build_is_a_clear_500(room, monkeypatch):
    store, wid, _snap, token, app = room
    stage = store.current_stage(wid).id

    def broken(*_a, **_k):
        raise RuntimeError("boom /secret/path")

    monkeypatch.setattr(summary, "build_summary", broken)
    status, _h, body, _ = get(app, "summary", f"stage={stage}", token)
    assert (status, body) == (500, refusal_page(web.MSG_BUILD_FAILED))

    def refused(_store, **_kw):
        raise WorkshopError("Cadangan gagal dibuat: disk penuh")

    monkeypatch.setattr(backups, "snapshot_bytes", refused)
    status, _h, body, _ = get(app, "backup", "", token)
    assert (status, body) == (500, refusal_page("Cadangan gagal dibuat: disk penuh"))


def test_refusal_messages_are_indonesian():
    messages = [
        web.MSG_FORBIDDEN,
        web.MSG_UNKNOWN_KIND,
        web.MSG_METHOD,
        web.MSG_BAD_QUERY,
        web.MSG_BUILD_FAILED,
        web.MSG_NO_SNAPSHOT,
        *web.MSG_MISSING.values(),
        *web.MSG_INVALID.values(),
    ]
    for message in messages:
        assert is_indonesian(message), message


# ---------------------------------------------------------------- routing and links


def test_base_url_path_and_everything_else_goes_to_streamlit(room):
    store, wid, _snap, token, app = room
    based = web.PhoneRoutes(streamlit_stand_in, store_for=lambda: store, base_path="/bimtek/")
    cookie = f"{web.FAC_COOKIE}={token}"
    assert request(based, "GET", "/bimtek/api/download/backup", cookie=cookie)[0] == 200
    assert request(based, "GET", "/api/download/backup", cookie=cookie)[0] == 299
    for path in (
        "/api/downloads",
        "/api/download",
        "/api/downloadbackup",
        "/unduh",
        "/media/abc.docx",
        "/bimtek/api/download/backup",
    ):
        assert request(app, "GET", path, cookie=cookie)[::2] == (299, b"streamlit"), path


def test_download_urls():
    assert web.download_url("summary", "", stage=4) == "/api/download/summary?stage=4"
    assert (
        web.download_url("quickwins", "/bimtek/", workshop=2)
        == "/bimtek/api/download/quickwins?workshop=2"
    )
    assert (
        web.download_url("excel", "bimtek", workshop=2) == "/bimtek/api/download/excel?workshop=2"
    )
    assert web.download_url("backup", "/") == "/api/download/backup"
    assert (
        web.download_url("snapshot", "", name="bimtek-20261123-1405-2.db")
        == "/api/download/snapshot?name=bimtek-20261123-1405-2.db"
    )
    assert (
        web.download_url("snapshot", "", name="a b&c=/d")
        == "/api/download/snapshot?name=a%20b%26c%3D%2Fd"
    )
    with pytest.raises(ValueError):
        web.download_url("etc")


def test_download_link_html():
    assert web.download_link_html(
        "/api/download/excel?workshop=2", "Unduh .xlsx", "dl-excel", icon="table_view"
    ) == (
        '<a class="bl-dl" href="/api/download/excel?workshop=2" download '
        'data-testid="dl-excel"><span class="bl-dl-icon" aria-hidden="true">table_view</span>'
        "<span>Unduh .xlsx</span></a>"
    )
    assert web.download_link_html("/a?x=1&y=2", '<b>"x"</b>', "t", primary=True) == (
        '<a class="bl-dl bl-dl-primary" href="/a?x=1&amp;y=2" download data-testid="t">'
        "<span>&lt;b&gt;&quot;x&quot;&lt;/b&gt;</span></a>"
    )


def test_content_disposition():
    assert web.content_disposition("Data_Bimtek_Kota_Metro_2023.xlsx") == (
        'attachment; filename="Data_Bimtek_Kota_Metro_2023.xlsx"; '
        "filename*=UTF-8''Data_Bimtek_Kota_Metro_2023.xlsx"
    )
    assert web.content_disposition('Ringkasan_Kabupaten_Ñusa_"1";%.docx') == (
        'attachment; filename="Ringkasan_Kabupaten__usa__1___.docx"; '
        "filename*=UTF-8''Ringkasan_Kabupaten_%C3%91usa_%221%22%3B%25.docx"
    )
