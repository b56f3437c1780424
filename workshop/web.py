"""HTTP served next to Streamlit (through st.App): the phones' two hot paths, and the
facilitator's downloads.

- `GET /api/live/<workshop id>`: a phone's browser asks this every few seconds; the answer
  is the screen token its page should show (workshop.live.screen_token).
- `GET /api/room/<workshop id>`: what the phone's own screens (waiting, dot ballot,
  rating: workshop.live.ROOM_JS) draw, the same answer for every phone of the workshop
  (phase, open pillars and their ballots; no personal data), cached like the poll.
- `GET /api/room/<workshop id>` also carries an open activity's public set-up (kind
  "act": what its form on the phone draws, never an answer).
- `POST /api/mine`: {"token"} -> this participant's stored dots and ratings in the open
  pillars (the only personal part of a ballot screen); {"token", "activity"} -> their
  stored answers to that activity.
- `POST /api/vote`: the dot ballot on a phone sends {"token", "pillar_id", "dots"} here;
  the core's `cast_dots` accepts the whole ballot or refuses it with its message.
- `POST /api/rate`: {"token", "pillar_id", "ratings": {idea: [impact, feasibility]}}
  through the core's `cast_ratings`.
- `POST /api/answer`: {"token", "activity_id", "pillar_id" (or null), "value"}: an
  activity form's answer through the core's `submit_answer`.

When storage fails (the database locked by another process, the disk full, the file
deleted) these answer a JSON 503 with a message in the phone's language (its language
cookie) and the phone retries; workshop.health keeps the flag the facilitator's pages
show. A request body is read with a time limit and at most MAX_BODIES at once.
- `GET /api/download/<kind>`: the files of the Unduh and Cadangan pages (see DOWNLOADS),
  built when the request arrives, for a browser carrying the facilitator's login cookie.
  Streamlit's own download button serves its file from the media store, which drops it
  when another session's script run ends (the projector reruns every 2 s): the click then
  got a 404. These files never sit in the media store.

All are answered by a plain ASGI middleware placed in front of Streamlit's own stack: no
script run, no session, no Streamlit middleware. The vote burst is the app's busiest
moment, and this keeps it to one small request per phone."""

from __future__ import annotations

import asyncio
import gc
import html
import json
import logging
import os
import re
import sys
import time
import urllib.parse
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import activities, backups, errors, health, i18n, live  # activities: phone_screen hook
from .domain import WorkshopError
from .exports import EXPORTS
from .store import Store
from .store.base import StoreBusy

log = logging.getLogger(__name__)

LIVE_PREFIX = "/api/live/"
VOTE_PATH = "/api/vote"
MAX_BODY = 16 * 1024  # a ballot is a few hundred bytes
_LIVE_PATH = re.compile(r"^/api/live/([0-9]{1,12})$")
ROOM_PREFIX = "/api/room/"
MINE_PATH = "/api/mine"
RATE_PATH = "/api/rate"
ANSWER_PATH = "/api/answer"
_ROOM_PATH = re.compile(r"^/api/room/([0-9]{1,12})$")
BODY_SECONDS = 10.0  # a ballot is sent in one packet: a body still arriving after this is dropped
MAX_BODIES = 256  # request bodies being read at once; more are refused at once (503)
LANG_COOKIE = "bimtek_lang"  # = pages.common.LANG_COOKIE

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


def _prefix(base_path: str) -> str:
    """The server's base URL path as a path prefix: "" or "/name"."""
    return "/" + base_path.strip("/") if base_path.strip("/") else ""


def live_url(workshop_id: int, base_path: str = "") -> str:
    """The poll URL of a workshop, under the server's base URL path if it has one."""
    return f"{_prefix(base_path)}{LIVE_PREFIX}{int(workshop_id)}"


def phone_screen_of(store: Store, workshop_id: int) -> str | None:
    """The screen token phones of this workshop should show, or None if it is unknown."""
    try:
        return live.screen_token(activities.phone_screen(store, store.live_state(workshop_id)))
    except WorkshopError:
        return None


def live_answer(store: Store, path: str) -> tuple[int, dict[str, str]]:
    """(HTTP status, JSON body) for a poll path. The answer holds no personal data (phase,
    stage, open pillars), so it needs no token."""
    m = _LIVE_PATH.match(path)
    token = phone_screen_of(store, int(m.group(1))) if m else None
    if token is None:
        return 404, {"error": "unknown workshop"}
    return 200, {"screen": token}


def vote_url(base_path: str = "") -> str:
    return _prefix(base_path) + VOTE_PATH


def request_lang(headers: list[tuple[bytes, bytes]]) -> str:
    """The phone's language from its language cookie ("id" unless it chose English)."""
    values = cookie_values(headers, LANG_COOKIE)
    return values[0] if values and values[0] in i18n.LANGS else "id"


def _refused(err: WorkshopError, lang: str) -> tuple[int, dict[str, Any]]:
    return 400, {"error": errors.in_language(str(err), lang)}


def unavailable(store: Store, err: BaseException | None, lang: str) -> tuple[int, dict[str, Any]]:
    """503 and the message for a write the storage could not take (flag set for the
    facilitator's banner). `err` None: the database file is missing."""
    if err is None or not health.check_file(store.path):
        return 503, {"error": i18n.t("h16.db_missing", lang), "retry": False, "kind": "missing"}
    kind = health.classify(err)
    health.report(kind, str(err))
    log.warning("storage failed (%s): %s", kind, err)
    return 503, {"error": i18n.t("h16.busy", lang), "retry": True, "kind": kind}


def _json_body(body: bytes) -> dict[str, Any] | None:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _write(
    store: Store, lang: str, fn: Callable[[], Any]
) -> tuple[bool, Any, tuple[int, dict[str, Any]] | None]:
    """Run one core write for a phone: (ok, result, refusal answer)."""
    if not health.check_file(store.path):  # never confirm a vote into an unlinked file
        return False, None, unavailable(store, None, lang)
    try:
        result = fn()
    except WorkshopError as err:
        return False, None, _refused(err, lang)
    except StoreBusy:  # the event loop's attempt: tried again in a worker thread
        raise
    except Exception as err:  # the storage failed: say so, never a plain 500
        if store._busy_now(err):
            raise StoreBusy from err
        if not health.storage_error(err):
            log.exception("phone write failed")
        return False, None, unavailable(store, err, lang)
    health.clear()
    return True, result, None


def vote_answer(store: Store, body: bytes, lang: str = "id") -> tuple[int, dict[str, Any]]:
    """(HTTP status, JSON body) for a ballot: 200 {"saved": {idea: dots}, "total": n}, or
    400 {"error": the core's message} with nothing stored, or 503 when the storage fails.
    The ballot goes to the core as sent: it checks every key and value (and refuses "5"
    next to " 5")."""
    data = _json_body(body)
    if data is None or not isinstance(data.get("dots"), dict):
        return 400, {"error": errors.in_language("Format suara tidak valid.", lang)}
    ok, saved, refused = _write(
        store,
        lang,
        # as sent: the core checks every value (and refuses a missing token or pillar)
        lambda: store.cast_dots(data.get("token"), data.get("pillar_id"), data["dots"]),  # type: ignore[arg-type]
    )
    if not ok:
        assert refused is not None
        return refused
    return 200, {"saved": {str(k): v for k, v in saved.items()}, "total": sum(saved.values())}


def rate_answer(store: Store, body: bytes, lang: str = "id") -> tuple[int, dict[str, Any]]:
    """(HTTP status, JSON body) for a rating ballot: 200 {"saved": {idea: [impact,
    feasibility]}, "total": ideas rated}, or 400/403 with the core's message, or 503."""
    data = _json_body(body)
    if data is None or not isinstance(data.get("ratings"), dict):
        return 400, {"error": errors.in_language("Format penilaian tidak valid.", lang)}
    ok, saved, refused = _write(
        store,
        lang,
        lambda: store.cast_ratings(data.get("token"), data.get("pillar_id"), data["ratings"]),  # type: ignore[arg-type]
    )
    if not ok:
        assert refused is not None
        return refused
    return 200, {"saved": {str(k): list(v) for k, v in saved.items()}, "total": len(saved)}


def room_answer(store: Store, workshop_id: int) -> tuple[int, dict[str, Any]]:
    """(HTTP status, JSON body): what every phone of the workshop draws now. The same for
    all phones (no personal data): the screen token, the phase and, while voting, the
    mode, budget, cap and each open pillar with its ballot (idea ids and titles)."""
    try:
        state = store.live_state(workshop_id)
    except WorkshopError:
        return 404, {"error": "unknown workshop"}
    # an open activity's form (kind "act") is drawn by the phone from `activity`
    screen = activities.phone_screen(store, state)
    body: dict[str, Any] = {
        "screen": live.screen_token(screen),
        "kind": screen[0],
        "phase": state["phase"],
        "stage_id": state["stage_id"],
        "pillars": [],
    }
    if screen[0] == "vote":
        stage = store.stage(state["stage_id"])
        body.update(mode=stage.vote_mode, budget=stage.budget, cap=stage.cap)
        ballot: dict[int, list[dict[str, Any]]] = {}
        for idea in store.shortlist(stage.id):
            ballot.setdefault(idea.pillar_id, []).append({"id": idea.id, "title": idea.title})
        body["pillars"] = [
            {"id": p.id, "name": p.name, "short": p.short, "ideas": ballot.get(p.id, [])}
            for p in store.pillars(workshop_id)
            if p.id in state["open_pillars"]
        ]
    elif screen[0] == "act":
        body["activity"] = activity_public(store, store.activity(screen[2]), workshop_id)
    return 200, body


def _pillar_public(p: Any) -> dict[str, Any]:
    return {"id": p.id, "name": p.name, "short": p.short}


# the fields of a per-pillar row each form shows (pages/activity_phone.py)
_ROW_FIELDS = {
    "longlist": ("key", "name", "opd", "indicator"),
    "usg": ("key", "title", "source"),
    "roadmap": ("key", "title", "source"),
}


def activity_public(store: Store, act: Any, workshop_id: int) -> dict[str, Any]:
    """What every phone draws an open activity's form from: its id, kind, title, rev and
    the part of its set-up the form shows (no answer, nothing personal)."""
    from .activities import kinds as k

    out: dict[str, Any] = {"id": act.id, "kind": act.kind, "title": act.title, "rev": act.rev}
    c = act.config
    pillars = store.pillars(workshop_id)
    if act.kind == "readiness":
        per_pillar = bool(c.get("per_pillar"))
        out["items"] = [
            {"key": i["key"], "dimension": i["dimension"], "label": i["label"]}
            for i in c.get("items", [])
        ]
        out["per_pillar"] = per_pillar
        out["pillars"] = [_pillar_public(p) for p in pillars] if per_pillar else []
    elif act.kind == "swot":
        out["cap"] = c.get("cap", k.SWOT_CAP_DEFAULT)
        out["pillars"] = [_pillar_public(p) for p in pillars]
    elif act.kind == "keywords":
        out["max_words"] = c.get("max_words", 3)
    elif act.kind == "statements":
        out["statements"] = [
            {"key": s["key"], "kind": s["kind"], "text": s["text"]} for s in c.get("statements", [])
        ]
        out["max_approve"] = c.get("max_approve", 0)
    elif act.kind in _ROW_FIELDS:
        fields = _ROW_FIELDS[act.kind]
        out["pillars"] = [
            dict(_pillar_public(p), rows=[{f: r.get(f, "") for f in fields} for r in rows])
            for p in pillars
            if (rows := k.rows_of_pillar(act, p.id))
        ]
    return out


def mine_answer(store: Store, body: bytes, lang: str = "id") -> tuple[int, dict[str, Any]]:
    """(HTTP status, JSON body) for POST /api/mine {"token", "pillars": [ids], "mode"}:
    this participant's stored dots ("dots" mode) or ratings in those pillars of the
    current stage ({"dots": {pillar: {idea: n}}, "ratings": {pillar: {idea: [i, f]}}});
    403 {"gone": true} for a token that is no longer a participant (removed: the page
    shows the join form)."""
    data = _json_body(body)
    token = data.get("token") if data else None
    if data is not None and "activity" in data:
        return _my_answers(store, data, lang)
    pillars = data.get("pillars") if data else None
    if (
        not isinstance(token, str)
        or not token
        or not isinstance(pillars, list)
        or len(pillars) > 50
        or not all(isinstance(x, int) and not isinstance(x, bool) for x in pillars)
    ):
        return 400, {"error": errors.in_language("Format suara tidak valid.", lang)}
    rating = data.get("mode") == "rating" if data else False

    def read() -> tuple[int, dict[str, Any]]:
        if store.participant(token) is None:
            return _gone(lang)
        out: dict[str, Any] = {"dots": {}, "ratings": {}}
        for pid in pillars:
            if rating:
                r = store.my_ratings(token, pid)
                out["ratings"][str(pid)] = {str(k): list(v) for k, v in r.items()}
            else:
                dots = store.my_dots(token, pid)
                out["dots"][str(pid)] = {str(k): v for k, v in dots.items()}
        return 200, out

    return _read(store, lang, read)


def _read(
    store: Store, lang: str, fn: Callable[[], tuple[int, dict[str, Any]]]
) -> tuple[int, dict[str, Any]]:
    """Run one read for a phone: its answer, the core's refusal, or a 503 when the storage
    fails (busy on the event loop: StoreBusy, tried again in a worker thread)."""
    try:
        return fn()
    except WorkshopError as err:
        return _refused(err, lang)
    except StoreBusy:
        raise
    except Exception as err:
        if store._busy_now(err):
            raise StoreBusy from err
        if not health.storage_error(err):
            log.exception("mine failed")
        return unavailable(store, err, lang)


def _an_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**62


def _gone(lang: str) -> tuple[int, dict[str, Any]]:
    return 403, {"gone": True, "error": i18n.t("join.ended", lang)}


def _my_answers(store: Store, data: dict[str, Any], lang: str) -> tuple[int, dict[str, Any]]:
    """POST /api/mine {"token", "activity"}: 200 {"answers": {item: value}} (this
    participant's stored answers to the activity), 403 gone, 400 or 503."""
    token, activity_id = data.get("token"), data.get("activity")
    if not isinstance(token, str) or not token or not _an_id(activity_id):
        return 400, {"error": errors.in_language("Format jawaban tidak valid.", lang)}
    assert isinstance(activity_id, int)

    def read() -> tuple[int, dict[str, Any]]:
        if store.participant(token) is None:
            return _gone(lang)
        return 200, {"answers": store.my_answers(token, activity_id)}

    return _read(store, lang, read)


def answer_answer(store: Store, body: bytes, lang: str = "id") -> tuple[int, dict[str, Any]]:
    """(HTTP status, JSON body) for POST /api/answer {"token", "activity_id", "pillar_id"
    (or null), "value"}: 200 {"saved": the cleaned answer, "answers": this participant's
    answers after the write}, 400 with the core's message (nothing stored), 403 {"gone"}
    for a removed participant, or 503 when the storage fails."""
    data = _json_body(body)
    if (
        data is None
        or not isinstance(data.get("token"), str)
        or not data["token"]
        or not _an_id(data.get("activity_id"))
        or not (data.get("pillar_id") is None or _an_id(data.get("pillar_id")))
        or not isinstance(data.get("value"), dict)
    ):
        return 400, {"error": errors.in_language("Format jawaban tidak valid.", lang)}
    token, activity_id, pillar_id = data["token"], data["activity_id"], data.get("pillar_id")

    def submit() -> dict[str, Any] | None:
        if store.participant(token) is None:
            return None
        return store.submit_answer(token, activity_id, data["value"], pillar_id)

    ok, saved, refused = _write(store, lang, submit)
    if not ok:
        assert refused is not None
        status, answer = refused
        if status == 503:  # the storage's message, about an answer (not votes)
            missing = answer.get("kind") == "missing"
            answer["error"] = i18n.t("act.db_missing" if missing else "act.busy", lang)
        return status, answer
    if saved is None:
        return _gone(lang)
    try:  # the write is committed: a busy read must not send it again (a SWOT card twice)
        answers: dict[str, Any] | None = store.my_answers(token, activity_id)
    except Exception:  # the phone keeps what it had and adds the saved answer
        answers = None
    return 200, {"saved": saved, "answers": answers}


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    """The request body, or None if it is larger than `limit` bytes (or the client left)."""
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks)


# ---------------------------------------------------------------- GET /api/download/<kind>

DOWNLOAD_PREFIX = "/api/download/"
FAC_COOKIE = "bimtek_fac"  # the facilitator's login cookie (= pages.common.FAC_COOKIE)
MIME_SQLITE = "application/vnd.sqlite3"
CHUNK = 1024 * 1024  # a large backup goes out in pieces of this size

# kind -> the query parameter it needs (None: none)
DOWNLOADS: dict[str, str | None] = {
    **{k: e.takes for k, e in EXPORTS.items()},
    "backup": None,
    "snapshot": "name",
}

MSG_FORBIDDEN = "Hanya fasilitator yang dapat mengunduh berkas ini. Silakan masuk kembali."
MSG_UNKNOWN_KIND = "Jenis unduhan tidak dikenal."
MSG_METHOD = "Unduhan hanya bisa diminta dengan GET."
MSG_BAD_QUERY = "Alamat unduhan tidak valid."
MSG_BUILD_FAILED = "Berkas tidak dapat dibuat. Silakan coba lagi."
MSG_MISSING = {
    "stage": "Nomor tahap belum diisi.",
    "workshop": "Nomor kegiatan belum diisi.",
    "name": "Nama cadangan belum diisi.",
}
MSG_INVALID = {
    "stage": "Nomor tahap tidak valid.",
    "workshop": "Nomor kegiatan tidak valid.",
    "name": "Nama cadangan tidak valid.",
}
MSG_NO_SNAPSHOT = "Cadangan tidak ditemukan (mungkin sudah dihapus otomatis)."
_ID = re.compile(r"^[1-9][0-9]{0,11}$")  # a positive id, as the store keeps it


@dataclass(frozen=True)
class FileAnswer:
    """What a download request gets: a file (`filename` set) or a short refusal page."""

    status: int
    body: bytes
    content_type: str
    filename: str | None = None


def download_url(kind: str, base_path: str = "", **params: int | str) -> str:
    """The URL of a download, e.g. download_url("summary", "", stage=4) ->
    "/api/download/summary?stage=4", under the server's base URL path if it has one."""
    if kind not in DOWNLOADS:
        raise ValueError(f"unknown download kind {kind!r}")
    query = urllib.parse.urlencode(params, quote_via=urllib.parse.quote)
    return f"{_prefix(base_path)}{DOWNLOAD_PREFIX}{kind}" + (f"?{query}" if query else "")


def refusal(status: int, message: str) -> FileAnswer:
    """A refused download: a small Indonesian page (the message never quotes the request)."""
    page = (
        '<!doctype html><html lang="id"><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Bimtek Live</title><p>{html.escape(message)}</p></html>"
    )
    return FileAnswer(status, page.encode("utf-8"), "text/html; charset=utf-8")


def cookie_values(headers: list[tuple[bytes, bytes]], name: str) -> list[str]:
    """Every value of cookie `name` in the request's Cookie header(s), in order (a browser
    may send a name twice, for two paths). Malformed pairs are skipped, never fatal."""
    found = []
    for key, value in headers:
        if key.lower() != b"cookie":
            continue
        for pair in value.decode("latin-1").split(";"):
            k, eq, v = pair.strip().partition("=")
            if eq and k == name:
                v = v.strip()
                if len(v) >= 2 and v[0] == v[-1] == '"':
                    v = v[1:-1]
                if v:
                    found.append(v)
    return found[:8]  # tokens are checked one by one: bound the work


def is_facilitator_request(store: Store, tokens: list[str]) -> bool:
    """Does one of the request's cookie tokens belong to a live facilitator session?"""
    return any(store.is_facilitator(t) for t in tokens)


def _query_value(query: dict[str, list[str]], key: str) -> tuple[str | None, FileAnswer | None]:
    """The one value of parameter `key`, or a 400 refusal (missing, empty or repeated)."""
    values = query.get(key, [])
    if not values or values == [""]:
        return None, refusal(400, MSG_MISSING[key])
    if len(values) != 1:
        return None, refusal(400, MSG_INVALID[key])
    return values[0], None


def plain_name(name: str) -> bool:
    """Is `name` a bare file name (no separator, '..', NUL, drive, hidden or huge name)?"""
    return (
        0 < len(name) <= 100
        and not any(c in name for c in "/\\\x00:")
        and not name.startswith(".")
        and name.isprintable()
    )


def snapshot_path(folder: str | Path, name: str) -> Path | None:
    """The automatic snapshot called `name` in `folder`, or None. Only a name from the
    folder's own listing is accepted, and the file served is the listed one (a path
    object from the listing, never one built from `name`)."""
    if not plain_name(name):
        return None
    for path in backups.list_snapshots(folder):
        if path.name == name and not path.is_symlink():
            return path
    return None


def _build(store: Store, kind: str, value: str | None, auth: str) -> FileAnswer:
    """The file of one download kind from the data as it is now (a worker thread)."""
    if kind in EXPORTS:  # python-docx, openpyxl: loaded on the first build
        export = EXPORTS[kind]
        try:
            if export.takes == "stage":
                target = store.stage(int(value or 0)).id  # "Tahap tidak ditemukan."
            else:
                target = store.workshop(int(value or 0)).id  # "Kegiatan tidak ditemukan."
        except WorkshopError as err:
            return refusal(404, str(err))
        return FileAnswer(
            200, export.build(store, target), export.mime, export.filename(store, target)
        )
    if kind == "backup":
        return FileAnswer(
            200, backups.snapshot_bytes(store, auth=auth), MIME_SQLITE, backups.snapshot_name()
        )
    path = snapshot_path(backups.default_folder(store.path), value or "")
    if path is None:
        return refusal(404, MSG_NO_SNAPSHOT)
    try:
        data = path.read_bytes()
    except OSError:  # pruned between the listing and the read
        return refusal(404, MSG_NO_SNAPSHOT)
    return FileAnswer(200, data, MIME_SQLITE, path.name)


def download_answer(store: Store, kind: str, query_string: bytes, tokens: list[str]) -> FileAnswer:
    """The answer to GET /api/download/<kind>?<query_string> from a browser whose
    facilitator cookie holds `tokens`. Blocking (database, document building): call it in
    a worker thread. It writes nothing (a backup reads the database through SQLite's
    backup API into a temporary file)."""
    if kind not in DOWNLOADS:
        return refusal(404, MSG_UNKNOWN_KIND)
    if not is_facilitator_request(store, tokens):  # before any id is looked at
        return refusal(403, MSG_FORBIDDEN)
    try:
        query = urllib.parse.parse_qs(
            query_string.decode("ascii"), keep_blank_values=True, errors="strict", max_num_fields=20
        )
    except (UnicodeDecodeError, ValueError):
        return refusal(400, MSG_BAD_QUERY)
    key = DOWNLOADS[kind]
    value = None
    if key is not None:
        value, refused = _query_value(query, key)
        if refused is not None:
            return refused
        if key == "name" and not plain_name(value or ""):
            return refusal(400, MSG_INVALID[key])
        if key != "name" and not _ID.match(value or ""):
            return refusal(400, MSG_INVALID[key])
    try:
        return _build(store, kind, value, next(t for t in tokens if store.is_facilitator(t)))
    except WorkshopError as err:  # e.g. "Cadangan gagal dibuat: ..." (a full disk)
        log.warning("download %s refused: %s", kind, err)
        return refusal(500, str(err))
    except Exception:  # a bug: a clear answer here, the details in the log
        log.exception("download %s failed", kind)
        return refusal(500, MSG_BUILD_FAILED)


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII filename and the exact one as filename* (RFC 6266)."""
    fallback = (
        "".join(c if 32 <= ord(c) < 127 and c not in '"\\;%' else "_" for c in filename)
        or "unduhan"
    )
    exact = urllib.parse.quote(filename, safe="")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{exact}"


def file_headers(answer: FileAnswer) -> list[tuple[bytes, bytes]]:
    """The response headers of a download answer (a file or a refusal page)."""
    headers = [
        (b"content-type", answer.content_type.encode()),
        (b"content-length", str(len(answer.body)).encode()),
        (b"cache-control", b"no-store"),
        (b"x-content-type-options", b"nosniff"),
        (b"cross-origin-resource-policy", b"same-origin"),
    ]
    if answer.filename is not None:
        headers.append(
            (b"content-disposition", content_disposition(answer.filename).encode("ascii"))
        )
    else:
        headers.append((b"content-security-policy", b"default-src 'none'"))
    if answer.status == 405:
        headers.append((b"allow", b"GET, HEAD"))
    return headers


# The links that start a download (drawn by the pages with st.html): plain anchors with
# the `download` attribute, styled like Streamlit's buttons. Icons are Material Symbols
# names drawn with the font Streamlit itself ships (offline: no emoji font needed).
DOWNLOAD_CSS = """
a.bl-dl { display: inline-flex; align-items: center; gap: .45rem; min-height: 2.5rem;
  padding: .35rem .8rem; border-radius: .5rem; border: 1px solid rgba(49, 51, 63, .2);
  background: #fff; color: rgb(49, 51, 63); text-decoration: none; line-height: 1.6;
  font-weight: 400; user-select: none; }
a.bl-dl:hover { border-color: #0b5394; color: #0b5394; text-decoration: none; }
a.bl-dl:focus-visible { outline: 2px solid #0b5394; outline-offset: 2px; }
a.bl-dl.bl-dl-primary { background: #0b5394; border-color: #0b5394; color: #fff; }
a.bl-dl.bl-dl-primary:hover { background: #0a4a85; color: #fff; }
a.bl-dl .bl-dl-icon { font-family: "Material Symbols Rounded"; font-size: 1.25rem;
  font-weight: 400; line-height: 1; font-feature-settings: "liga"; -webkit-font-smoothing:
  antialiased; }
"""


def download_link_html(
    url: str, label: str, testid: str, *, icon: str = "", primary: bool = False
) -> str:
    """An `<a href download>` looking like a button (`icon`: a Material Symbols name such
    as "description"). st.html keeps `href`, `download` and `data-testid` through its
    sanitiser (DOMPurify) and puts the anchor in the page itself (no iframe), so a click
    is a plain same-origin download that sends the facilitator's cookie and leaves the
    page as it is; st.link_button would open a new tab instead."""
    cls = "bl-dl bl-dl-primary" if primary else "bl-dl"
    mark = f'<span class="bl-dl-icon" aria-hidden="true">{html.escape(icon)}</span>' if icon else ""
    return (
        f'<a class="{cls}" href="{html.escape(url)}" download '
        f'data-testid="{html.escape(testid)}">{mark}<span>{html.escape(label)}</span></a>'
    )


LIVE_CACHE_SECONDS = 1.0  # phones poll every few seconds: a 1 s old answer is fresh enough


class PhoneRoutes:
    """ASGI middleware: answers <base>/api/live/<id>, /api/room/<id>, /api/mine,
    /api/vote, /api/rate, /api/answer and /api/download/<kind> itself, passes the rest
    on to Streamlit.

    Database work never runs on the event loop (a write may hold the store's lock): a
    poll and a room answer come from one per-workshop snapshot at most
    LIVE_CACHE_SECONDS old, refreshed in a worker thread (so both always agree); a
    ballot is stored in a worker thread; a download is checked and built in a worker
    thread. Request bodies are read with a time limit (BODY_SECONDS) and at most
    MAX_BODIES at once: a client holding half-sent ballots open cannot take every
    connection."""

    def __init__(
        self,
        app: Any,
        store_for: Callable[[], Store],
        base_path: str = "",
        clock: Callable[[], float] = time.monotonic,
        body_seconds: float = BODY_SECONDS,
        max_bodies: int = MAX_BODIES,
    ) -> None:
        self.app = app
        self.store_for = store_for
        self.prefix = _prefix(base_path)
        self.clock = clock
        self.body_seconds = body_seconds
        self.max_bodies = max_bodies
        self.reading = 0  # bodies being read now
        self._rooms: dict[int, tuple[float, int, dict[str, Any]]] = {}
        self._refreshing: dict[int, asyncio.Future] = {}
        self._opened = False  # the store was opened (its migrations run) off the loop
        _raise_file_limit()
        _short_gil_slices()
        _short_gc_pauses()

    async def _db(self, fn: Callable[[Store], Any]) -> Any:
        """fn(store), at once on the event loop when the store is free (a phone's poll,
        ballot or "mine" is a few short SQLite statements: no thread hand-off, no lock
        convoy), else in a worker thread where it may wait (the lock, another process's
        transaction: busy_timeout)."""
        if self._opened:
            store = self.store_for()
            try:
                with store._nowait():
                    return fn(store)
            except StoreBusy:
                pass
        result = await asyncio.to_thread(lambda: fn(self.store_for()))
        self._opened = True
        return result

    async def _room(self, workshop_id: int) -> tuple[int, dict[str, Any]]:
        """The workshop's room answer, at most LIVE_CACHE_SECONDS old (one refresh at a
        time: phones asking meanwhile wait for it instead of querying too)."""
        now = self.clock()
        hit = self._rooms.get(workshop_id)
        if hit is not None and now - hit[0] < LIVE_CACHE_SECONDS:
            return hit[1], hit[2]
        pending = self._refreshing.get(workshop_id)
        if pending is not None:
            return await asyncio.shield(pending)
        fut: asyncio.Future = asyncio.get_running_loop().create_future()
        self._refreshing[workshop_id] = fut
        try:
            try:
                status, body = await self._db(lambda store: room_answer(store, workshop_id))
            except Exception as err:  # storage failing: the phones keep their screen
                log.warning("room answer failed: %s", err)
                status, body = 503, {"error": "unavailable"}
            if len(self._rooms) > 1000:  # unknown ids are cached too: keep the dict small
                self._rooms.clear()
            self._rooms[workshop_id] = (now, status, body)
            fut.set_result((status, body))
        finally:
            self._refreshing.pop(workshop_id, None)
        return status, body

    async def _live_answer(self, path: str) -> tuple[int, dict[str, Any]]:
        m = _LIVE_PATH.match(path)
        if m is None:
            return 404, {"error": "unknown workshop"}
        status, body = await self._room(int(m.group(1)))
        return (200, {"screen": body["screen"]}) if status == 200 else (status, body)

    async def _room_answer(self, path: str) -> tuple[int, dict[str, Any]]:
        m = _ROOM_PATH.match(path)
        if m is None:
            return 404, {"error": "unknown workshop"}
        return await self._room(int(m.group(1)))

    async def _body(self, receive: Receive) -> bytes | int:
        """The request body, or the status that refuses it: 413 too large, 408 not sent
        within body_seconds, 503 too many bodies being read at once."""
        if self.reading >= self.max_bodies:
            return 503
        self.reading += 1
        try:
            raw = await asyncio.wait_for(_read_body(receive, MAX_BODY), self.body_seconds)
        except TimeoutError:
            return 408
        finally:
            self.reading -= 1
        return 413 if raw is None else raw

    async def _post(
        self, scope: Scope, receive: Receive, answer: Callable[..., tuple[int, dict[str, Any]]]
    ) -> tuple[int, dict[str, Any], bool]:
        """(status, body, close the connection) for a phone's POST."""
        lang = request_lang(scope.get("headers") or [])
        raw = await self._body(receive)
        if raw == 413:
            return (
                413,
                {"error": errors.in_language("Suara terlalu besar untuk dikirim.", lang)},
                True,
            )
        if raw == 408:
            return 408, {"error": i18n.t("h16.slow_body", lang), "retry": True}, True
        if raw == 503:
            return 503, {"error": i18n.t("h16.overloaded", lang), "retry": True}, True
        assert isinstance(raw, bytes)
        # a write may wait for the database lock: not on the event loop
        # (the store too: its first opening runs the migrations)
        status, body = await self._db(lambda store: answer(store, raw, lang))
        return status, body, False

    async def _download(self, scope: Scope, send: Send, kind: str) -> None:
        """Answer GET/HEAD <base>/api/download/<kind> (HEAD: the same headers, no body)."""
        method = scope.get("method")
        if kind not in DOWNLOADS:
            answer = refusal(404, MSG_UNKNOWN_KIND)
        elif method not in ("GET", "HEAD"):
            answer = refusal(405, MSG_METHOD)
        else:
            tokens = cookie_values(scope.get("headers") or [], FAC_COOKIE)
            query = scope.get("query_string") or b""
            # the store (its first opening too), the login check and the build: all off
            # the event loop, so phones' polls keep being answered meanwhile
            answer = await asyncio.to_thread(
                lambda: download_answer(self.store_for(), kind, query, tokens)
            )
        await send(
            {
                "type": "http.response.start",
                "status": answer.status,
                "headers": file_headers(answer),
            }
        )
        body = b"" if method == "HEAD" else answer.body
        for start in range(0, max(len(body), 1), CHUNK):
            await send(
                {
                    "type": "http.response.body",
                    "body": body[start : start + CHUNK],
                    "more_body": start + CHUNK < len(body),
                }
            )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if path.startswith(self.prefix + DOWNLOAD_PREFIX):
            await self._download(scope, send, path[len(self.prefix + DOWNLOAD_PREFIX) :])
            return
        method = scope.get("method")
        allow = b"GET, HEAD"
        close = False
        local = path[len(self.prefix) :] if path.startswith(self.prefix) else ""
        posts = {
            VOTE_PATH: vote_answer,
            RATE_PATH: rate_answer,
            MINE_PATH: mine_answer,
            ANSWER_PATH: answer_answer,
        }
        if local.startswith(LIVE_PREFIX) or local.startswith(ROOM_PREFIX):
            if method not in ("GET", "HEAD"):
                status, body = 405, {"error": "GET only"}
            elif local.startswith(LIVE_PREFIX):
                status, body = await self._live_answer(local)
            else:
                status, body = await self._room_answer(local)
        elif local in posts:
            allow = b"POST"
            if method != "POST":
                status, body = 405, {"error": "POST only"}
            else:
                status, body, close = await self._post(scope, receive, posts[local])
        else:
            await self.app(scope, receive, send)
            return
        data = json.dumps(body, ensure_ascii=False).encode()
        headers = [
            (b"content-type", b"application/json; charset=utf-8"),
            (b"cache-control", b"no-store"),
            (b"x-content-type-options", b"nosniff"),
            (b"content-length", str(len(data)).encode()),
        ]
        if status == 405:
            headers.append((b"allow", allow))
        if status == 503:
            headers.append((b"retry-after", b"2"))
        if close:  # a refused body may still be arriving: do not keep this connection
            headers.append((b"connection", b"close"))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if method == "HEAD" else data})


GIL_SWITCH_SECONDS = float(os.environ.get("BIMTEK_GIL_SWITCH", "0.001"))


def _short_gil_slices() -> None:
    """A ballot is a dozen short SQLite calls, each giving the GIL back; while a script
    run (the projector's refresh, a join) holds the GIL, each call waits up to one switch
    interval (5 ms by default) to get it back: a vote during a projector refresh took
    ~80 ms. With 1 ms slices it waits far less; the extra switching is negligible."""
    if 0 < GIL_SWITCH_SECONDS < sys.getswitchinterval():
        sys.setswitchinterval(GIL_SWITCH_SECONDS)


GC_FREEZE = os.environ.get("BIMTEK_GC_FREEZE", "1") != "0"  # "0": CPython's own pauses


def _freeze_survivors(phase: str, info: dict[str, Any]) -> None:
    """After a full collection, move what survived it out of the collector's sight."""
    if phase == "stop" and info.get("generation") == 2:
        gc.freeze()


def _short_gc_pauses() -> None:
    """Each joined phone's session adds long-lived objects, and CPython collects its oldest
    generation whenever it grew by a quarter, scanning all of it: at 1,500 sessions each
    full collection stopped the whole server (polls, ballots, the projector) for 0.7 s,
    every few seconds while phones joined (bench/load.py). What survived a full
    collection is frozen (gc.freeze), so the next one scans only what came since: the
    pauses stay a few ms. The cost: cycles among frozen objects are no longer freed (a
    few KB per ended session, a few MB over a day's workshop)."""
    if GC_FREEZE and _freeze_survivors not in gc.callbacks:
        gc.callbacks.append(_freeze_survivors)


def _raise_file_limit() -> None:
    """Let the server hold as many connections as the system allows (a room of phones
    plus held-open attackers must not exhaust a soft limit of 1,024 descriptors)."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if hard == resource.RLIM_INFINITY:
            hard = 65536
        if soft < hard:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    except (ImportError, ValueError, OSError):
        pass
