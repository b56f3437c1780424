"""A small Streamlit client that speaks the browser's websocket protocol.

It opens ``/_stcore/stream`` and exchanges the same protobufs as the browser's frontend
(``BackMsg`` up, ``ForwardMsg`` down, from ``streamlit.proto``), and mirrors the parts of
the frontend's behaviour a server can observe:

* the first rerun after connecting carries the page's URL path (``page_name``) and query
  string; later reruns carry the ``page_script_hash`` of the page being shown;
* ``page_info_changed`` updates the query string sent with every later rerun;
* widget values: every widget on the page has a value (its default, or the value the
  server set); editing a widget outside a form reruns at once, inside a form the edit
  waits for the form's submit button, whose trigger is sent with the form's values;
  values of widgets that left the page are dropped when a run finishes;
* ``auto_rerun`` starts a ``setInterval``-style timer that asks for a rerun of that
  fragment (``is_auto_rerun``) every interval, without waiting for the previous one;
  a full-app run clears every timer (the page re-announces the ones it still has),
  ``stop_auto_rerun`` clears named ones;
* ``st.components.v2`` elements: their data is read from the delta; ``component_trigger``
  sends what the component's ``setTriggerValue`` sends (a JSON trigger on
  ``$$STREAMLIT_INTERNAL_KEY_<id>__events``, rerunning the component's fragment);
* stale elements are removed when a run finishes (the whole page for a full run,
  the fragment's own elements for a fragment run); ``ref_hash`` messages are resolved
  from the cache of messages the client said it holds.

Widgets are found by their user key: the element's ``id`` ends with ``-<key>``.
Nothing is computed from Streamlit's hashing: ids are only read from the deltas.

Typical use::

    c = StreamlitClient("http://127.0.0.1:8501", query="code=ABC123")
    await c.connect()
    c.set_value("join_name", "Budi")
    result = await c.submit("join_submit")
    ...
    await c.close()
"""

from __future__ import annotations

import asyncio
import collections
import functools
import itertools
import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ContextInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.NumberInput_pb2 import NumberInput
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect as ws_connect

__all__ = [
    "COMPILE_ERROR",
    "EARLY_FOR_RERUN",
    "FINISHED",
    "FRAGMENT_FINISHED",
    "Node",
    "ProtocolError",
    "RunResult",
    "StreamlitClient",
    "http_get",
]

FINISHED = ForwardMsg.FINISHED_SUCCESSFULLY
FRAGMENT_FINISHED = ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
EARLY_FOR_RERUN = ForwardMsg.FINISHED_EARLY_FOR_RERUN
COMPILE_ERROR = ForwardMsg.FINISHED_WITH_COMPILE_ERROR
_STATUS_NAMES = {v: k for k, v in ForwardMsg.ScriptFinishedStatus.items()}
_ALERT_NAMES = {v: k for k, v in Alert.Format.items()}

# Element kinds whose proto carries a widget `id` and which hold a value in the browser.
_STRING_WIDGETS = {"text_input", "text_area", "selectbox", "radio", "color_picker"}
_TRIGGER_WIDGETS = {"button", "download_button"}
WIDGET_KINDS = (
    _STRING_WIDGETS
    | _TRIGGER_WIDGETS
    | {
        "number_input",
        "checkbox",
        "multiselect",
        "slider",
        "date_input",
        "time_input",
        "button_group",
        "chat_input",
        "file_uploader",
        "camera_input",
        "pagination",
    }
)

PHONE_UA = (
    "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"
)


class ProtocolError(RuntimeError):
    """The server did something the client cannot follow (closed, timed out, no widget)."""


@dataclass
class Node:
    """One element or block of the page, as the frontend's element tree holds it."""

    element: Any  # streamlit.proto.Element or streamlit.proto.Block
    is_block: bool
    run_id: str
    fragment_id: str

    @property
    def kind(self) -> str:
        return self.element.WhichOneof("type") or ""

    @property
    def proto(self) -> Any:
        kind = self.kind
        return getattr(self.element, kind) if kind else None

    @property
    def widget_id(self) -> str | None:
        if self.is_block or self.kind not in WIDGET_KINDS:
            return None
        return getattr(self.proto, "id", None) or None


@dataclass
class RunResult:
    """What one request (rerun, submit, click, navigation) led to."""

    status: str = ""
    t_send: float = 0.0
    t_end: float = 0.0
    alerts: list[tuple[str, str, float]] = field(default_factory=list)  # (format, body, t)
    exceptions: list[str] = field(default_factory=list)
    messages: int = 0

    @property
    def elapsed_ms(self) -> float:
        return (self.t_end - self.t_send) * 1000.0

    def first_alert(self, *formats: str) -> tuple[str, str, float] | None:
        for a in self.alerts:
            if not formats or a[0] in formats:
                return a
        return None


@dataclass
class _Event:
    kind: str  # "finished" | "alert" | "exception" | "new_session" | "page_info" | "closed"
    t: float
    status: int = -1
    run_id: str = ""
    fragment_ids: tuple[str, ...] = ()
    text: str = ""
    fmt: str = ""


class _Collector:
    """Alerts and exceptions seen while a request is outstanding."""

    def __init__(self) -> None:
        self.alerts: list[tuple[str, str, float]] = []
        self.exceptions: list[str] = []
        self.messages = 0


@functools.lru_cache(maxsize=8192)
def _parse_json(text: str) -> Any:
    return json.loads(text)


class StreamlitClient:
    """One browser tab: a websocket session with the page's state kept like the frontend."""

    _ids = itertools.count(1)

    def __init__(
        self,
        base_url: str,
        path: str = "",
        query: str = "",
        *,
        name: str | None = None,
        honour_auto_rerun: bool = True,
        user_agent: str = PHONE_UA,
        locale: str = "id-ID",
        timezone: str = "Asia/Jakarta",
        timezone_offset: int = -420,
        send_cached_hashes: bool = True,
    ) -> None:
        parts = urlsplit(base_url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.base_url = f"http://{self.host}:{self.port}"
        self.name = name or f"client-{next(self._ids)}"
        self.page_name = path.strip("/")  # the URL path: how the first run picks its page
        self.query_string = query.lstrip("?")
        self.page_script_hash = ""
        self.main_script_hash = ""
        self.session_id = ""
        self.app_pages: dict[str, str] = {}  # url_pathname -> page_script_hash
        self.page_list: list[Any] = []  # the AppPage protos of the last navigation message
        self.honour_auto_rerun = honour_auto_rerun
        self.user_agent = user_agent
        self.cookies: dict[str, str] = {}  # sent with the websocket (a browser's cookies)
        self.send_cached_hashes = send_cached_hashes
        self._context = ContextInfo(
            timezone=timezone,
            timezone_offset=timezone_offset,
            locale=locale,
            is_embedded=False,
            color_scheme="light",
        )
        # page state
        self.nodes: dict[tuple[int, ...], Node] = {}
        self.widget_states: dict[str, WidgetState] = {}
        self.form_states: dict[str, dict[str, WidgetState]] = collections.defaultdict(dict)
        self.run_id = ""
        self.run_fragment_ids: tuple[str, ...] = ()
        self.script_running = False
        self._msg_cache: dict[str, ForwardMsg] = {}
        # auto-rerun timers: fragment id -> (interval, task)
        self._timers: dict[str, tuple[float, asyncio.Task]] = {}
        self._auto_pending: dict[str, collections.deque] = collections.defaultdict(
            collections.deque
        )
        #: (fragment_id, seconds from the auto-rerun request to its fragment run's end)
        self.fragment_refreshes: list[tuple[str, float]] = []
        #: fragment auto-reruns that turned into a full-app rerun (st.rerun(scope="app"))
        self.fragment_escalations = 0
        self.on_fragment_refresh: Callable[[str, float], None] | None = None
        # plumbing
        self._ws: Any = None
        self._reader: asyncio.Task | None = None
        self._waiters: list[tuple[Callable[[_Event], Any], asyncio.Future]] = []
        self._collectors: list[_Collector] = []
        self.closed = False
        self.close_reason = ""
        self.msgs_in = 0
        self.bytes_in = 0
        self.msgs_out = 0
        self.auto_reruns_sent = 0
        self.page_not_found = False
        self.last_full_finish = 0.0
        self.last_fragment_finish: dict[str, float] = {}
        #: the last messages' kinds (and script_finished statuses): for error reports
        self.trace: collections.deque = collections.deque(maxlen=64)
        self._t0 = time.perf_counter()

    # ------------------------------------------------------------------ connection

    @property
    def url(self) -> str:
        path = "/" + self.page_name if self.page_name else "/"
        return self.base_url + path + (f"?{self.query_string}" if self.query_string else "")

    async def connect(self, timeout: float = 60.0, *, first_run: bool = True) -> RunResult | None:
        """Open the websocket and, like the browser on CONNECTED, request the first run."""
        self._ws = await ws_connect(
            f"ws://{self.host}:{self.port}/_stcore/stream",
            subprotocols=["streamlit"],  # type: ignore[list-item]
            origin=self.base_url,  # type: ignore[arg-type]
            user_agent_header=self.user_agent,
            additional_headers={"Cookie": cookie_header(self.cookies)} if self.cookies else None,
            max_size=None,
            ping_interval=None,
            open_timeout=timeout,
            close_timeout=2,
        )
        self._reader = asyncio.create_task(self._read_loop(), name=f"{self.name}-reader")
        if first_run:
            return await self.rerun(timeout=timeout)
        return None

    async def close(self) -> None:
        self._stop_timers()
        if self._ws is not None and not self.closed:
            try:
                await self._ws.close()
            except Exception:  # pragma: no cover - closing a broken socket
                pass
        if self._reader is not None:
            try:
                await asyncio.wait_for(self._reader, 5)
            except (TimeoutError, Exception):
                self._reader.cancel()
        self._mark_closed("closed by client")

    async def __aenter__(self) -> StreamlitClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # ------------------------------------------------------------------ sending

    def _client_state_msg(
        self,
        *,
        fragment_id: str | None,
        is_auto_rerun: bool,
        page_script_hash: str | None,
        widgets: Iterable[WidgetState] | None,
    ) -> BackMsg:
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query_string
        if page_script_hash:
            cs.page_script_hash = page_script_hash
        elif self.page_script_hash:
            cs.page_script_hash = self.page_script_hash
        else:
            cs.page_name = self.page_name
        if fragment_id:
            cs.fragment_id = fragment_id
        cs.is_auto_rerun = is_auto_rerun
        states = self.widget_states.values() if widgets is None else widgets
        cs.widget_states.widgets.extend(states)
        if self.send_cached_hashes and self._msg_cache:
            cs.cached_message_hashes.extend(self._msg_cache.keys())
        cs.context_info.CopyFrom(self._context)
        cs.context_info.url = self.url
        return msg

    async def _send(self, msg: BackMsg) -> None:
        if self.closed:
            raise ProtocolError(f"{self.name}: connection closed ({self.close_reason})")
        self.msgs_out += 1
        await self._ws.send(msg.SerializeToString())

    async def send_rerun(
        self,
        *,
        fragment_id: str | None = None,
        is_auto_rerun: bool = False,
        page_script_hash: str | None = None,
        widgets: Iterable[WidgetState] | None = None,
    ) -> float:
        """Send a rerun request without waiting for it; return the send time."""
        msg = self._client_state_msg(
            fragment_id=fragment_id,
            is_auto_rerun=is_auto_rerun,
            page_script_hash=page_script_hash,
            widgets=widgets,
        )
        t = time.perf_counter()
        self.trace.append(
            f"{t - self._t0:.2f}:>rerun" + (f"[{fragment_id[:6]}]" if fragment_id else "")
        )
        await self._send(msg)
        return t

    async def _request(
        self,
        send: Callable[[], Any],
        *,
        fragment_id: str | None,
        timeout: float,
        until_alert: Callable[[str, str], bool] | None = None,
    ) -> RunResult:
        """Send a request and wait for the run that answers it to finish.

        A full-app request is answered by the next full run that finishes successfully
        (fastReruns stops any run in progress, so that run started after the request).
        A fragment request is answered by its fragment run, or by a full run if the
        fragment asked for one."""
        collector = _Collector()
        self._collectors.append(collector)
        # A full run that the server ends early because a fragment rerun (an auto-rerun
        # timer) was queued behind it has still run the whole script: the request is
        # answered when that queued fragment run finishes. A full run ended early by
        # st.rerun() is followed by another full run, which answers it.
        seen = {"full_started": False, "full_ended_early": False}

        def done(ev: _Event) -> Any:
            if ev.kind == "closed":
                return ev
            if ev.kind == "alert" and until_alert is not None and until_alert(ev.fmt, ev.text):
                return ev
            if ev.kind == "new_session":
                if not ev.fragment_ids:
                    seen["full_started"] = True
                    seen["full_ended_early"] = False
                return None
            if ev.kind != "finished":
                return None
            if ev.status in (FINISHED, COMPILE_ERROR):
                return ev
            if ev.status == EARLY_FOR_RERUN and seen["full_started"] and not ev.fragment_ids:
                seen["full_ended_early"] = True
                return None
            if ev.status == FRAGMENT_FINISHED:
                if fragment_id and fragment_id in ev.fragment_ids:
                    return ev
                if seen["full_ended_early"]:
                    return ev
            return None

        fut = self._expect(done)
        result = RunResult()
        try:
            result.t_send = time.perf_counter()
            await send()
            ev = await asyncio.wait_for(fut, timeout)
        except TimeoutError:
            raise ProtocolError(
                f"{self.name}: no answer within {timeout:.0f} s; sent at "
                f"{result.t_send - self._t0:.2f}; alerts {collector.alerts}; "
                f"messages since: {self.trace_text(result.t_send)}"
            ) from None
        finally:
            self._collectors.remove(collector)
            self._drop_waiter(fut)
        if ev.kind == "closed":
            raise ProtocolError(f"{self.name}: connection closed ({self.close_reason})")
        result.t_end = ev.t
        result.status = (
            "ALERT" if ev.kind == "alert" else _STATUS_NAMES.get(ev.status, str(ev.status))
        )
        result.alerts = collector.alerts
        result.exceptions = collector.exceptions
        result.messages = collector.messages
        return result

    async def rerun(
        self,
        *,
        fragment_id: str | None = None,
        timeout: float = 60.0,
        page_script_hash: str | None = None,
    ) -> RunResult:
        """Ask for a rerun (as the browser's "Rerun" or a widget change) and wait for it."""
        return await self._request(
            lambda: self.send_rerun(fragment_id=fragment_id, page_script_hash=page_script_hash),
            fragment_id=fragment_id,
            timeout=timeout,
        )

    # ------------------------------------------------------------------ components (v2)

    def _components(self) -> Iterator[tuple[str, Node]]:
        """(user key, node) of every st.components.v2 element, in page order."""
        for path in sorted(self.nodes):
            node = self.nodes[path]
            if not node.is_block and node.kind == "bidi_component":
                yield node.proto.id.split("-", 2)[-1], node

    @staticmethod
    def _with_data(node: Node) -> tuple[Node, Any]:
        """The node and its data (parsed once per distinct JSON text: the phones' poll
        loops ask for it four times a second; treat the result as read-only)."""
        return node, _parse_json(node.proto.json) if node.proto.json else None

    def component(self, key: str) -> tuple[Node, Any] | None:
        """An st.components.v2 element with user key `key` and the data it was given."""
        return next((self._with_data(n) for k, n in self._components() if k == key), None)

    def component_with_prefix(self, prefix: str) -> tuple[Node, Any] | None:
        """The first st.components.v2 element whose user key starts with `prefix`."""
        return next(
            (self._with_data(n) for k, n in self._components() if k.startswith(prefix)), None
        )

    async def component_trigger(self, key: str, event: str, value: Any) -> float:
        """What the component's JavaScript `setTriggerValue(event, value)` sends: a rerun of
        its fragment with the trigger widget "$$STREAMLIT_INTERNAL_KEY_<id>__events" set to
        a JSON list of {event, value}. Returns the send time (it does not wait)."""
        found = self.component(key)
        if found is None:
            raise ProtocolError(f"{self.name}: no component with key {key!r} on the page")
        node = found[0]
        trigger = WidgetState(
            id=f"$$STREAMLIT_INTERNAL_KEY_{node.proto.id}__events",
            json_trigger_value=json.dumps([{"event": event, "value": value}]),
        )
        self.widget_states[trigger.id] = trigger
        try:
            return await self.send_rerun(fragment_id=node.fragment_id or None)
        finally:
            self.widget_states.pop(trigger.id, None)  # a trigger is sent once

    # ------------------------------------------------------------------ widgets

    def widget(self, key: str) -> Node:
        """The widget whose id ends with `-<key>`; ProtocolError if it is not on the page."""
        node = self.find_widget(key)
        if node is None:
            raise ProtocolError(
                f"{self.name}: no widget with key {key!r} on the page "
                f"(widgets: {sorted(self.widget_keys())})"
            )
        return node

    def find_widget(self, key: str) -> Node | None:
        suffix = "-" + key
        for node in self.nodes.values():
            wid = node.widget_id
            if wid and (wid.endswith(suffix) or wid == key):
                return node
        return None

    def widget_keys(self) -> list[str]:
        out = []
        for node in self.nodes.values():
            wid = node.widget_id
            if wid and wid.startswith("$$ID-"):
                out.append(wid.split("-", 2)[2])
        return out

    def widgets_with_prefix(self, prefix: str) -> list[tuple[str, Node]]:
        """(key, node) of every keyed widget whose key starts with `prefix`, in page order."""
        out = []
        for path in sorted(self.nodes):
            node = self.nodes[path]
            wid = node.widget_id
            if wid and wid.startswith("$$ID-"):
                key = wid.split("-", 2)[2]
                if key.startswith(prefix):
                    out.append((key, node))
        return out

    def options(self, key: str) -> list[str]:
        """The formatted options of a selectbox / radio / multiselect (what the UI shows)."""
        return list(self.widget(key).proto.options)

    def value(self, key: str) -> Any:
        """The value this client holds for a widget (pending form edits included)."""
        node = self.widget(key)
        wid = node.widget_id
        form_id = getattr(node.proto, "form_id", "")
        ws = self.form_states.get(form_id, {}).get(wid) if form_id else None
        ws = ws or self.widget_states.get(wid)
        if ws is None:
            return None
        which = ws.WhichOneof("value")
        val = getattr(ws, which)
        return list(val.data) if hasattr(val, "data") else val

    def _widget_state(self, node: Node, value: Any) -> WidgetState:
        kind, proto = node.kind, node.proto
        ws = WidgetState(id=proto.id)
        if kind in _STRING_WIDGETS:
            if (
                kind in ("selectbox", "radio")
                and isinstance(value, int)
                and not isinstance(value, bool)
            ):
                value = proto.options[value]  # an option index: send its label, as the UI does
            ws.string_value = str(value)
        elif kind == "number_input":
            if proto.data_type == NumberInput.INT:
                ws.int_value = int(value)
            else:
                ws.double_value = float(value)
        elif kind == "checkbox":
            ws.bool_value = bool(value)
        elif kind == "multiselect":
            ws.string_array_value.data.extend(str(v) for v in value)
        elif kind == "slider":
            ws.double_array_value.data.extend(float(v) for v in value)
        elif kind in _TRIGGER_WIDGETS:
            ws.trigger_value = True
        else:
            raise ProtocolError(f"{self.name}: setting a {kind} is not supported")
        return ws

    def _default_state(self, kind: str, proto: Any) -> WidgetState | None:
        """The value the frontend commits when a widget mounts (or when the server sets it)."""
        value: Any = None
        if kind in ("text_input", "text_area") or kind == "number_input":
            if proto.set_value and proto.HasField("value"):
                value = proto.value
            elif proto.HasField("default"):
                value = proto.default
        elif kind in ("selectbox", "radio"):
            if proto.set_value and proto.HasField("raw_value"):
                value = proto.raw_value
            elif proto.HasField("default") and len(proto.options) > proto.default >= 0:
                value = proto.options[proto.default]
        elif kind == "checkbox" or kind == "color_picker":
            value = proto.value if proto.set_value else proto.default
        if value is None:
            return None
        ws = WidgetState(id=proto.id)
        if kind == "number_input":
            if proto.data_type == NumberInput.INT:
                ws.int_value = int(value)
            else:
                ws.double_value = float(value)
        elif kind == "checkbox":
            ws.bool_value = bool(value)
        else:
            ws.string_value = str(value)
        return ws

    def set_value(self, key: str, value: Any) -> bool:
        """Edit a widget as a user would. Inside a form the edit waits for the submit
        button (returns False); outside a form the caller should `await rerun_for(key)`
        (returns True), which is what the browser does at once."""
        node = self.widget(key)
        ws = self._widget_state(node, value)
        form_id = getattr(node.proto, "form_id", "")
        if form_id:
            self.form_states[form_id][ws.id] = ws
            return False
        self.widget_states[ws.id] = ws
        return not getattr(node.proto, "ignore_rerun", False)

    async def change(self, key: str, value: Any, *, timeout: float = 60.0) -> RunResult | None:
        """Set a widget outside a form and run the rerun the browser sends for it."""
        if self.set_value(key, value):
            node = self.widget(key)
            return await self.rerun(fragment_id=node.fragment_id or None, timeout=timeout)
        return None

    async def click(
        self,
        key: str,
        *,
        timeout: float = 60.0,
        until_alert: Callable[[str, str], bool] | None = None,
    ) -> RunResult:
        """Press a button: a form's submit button submits the form with its values.

        Returns when the answering run finishes, or, with `until_alert(format, body)`,
        as soon as a matching alert arrives (status "ALERT"; use `wait_finished` after)."""
        node = self.widget(key)
        proto = node.proto
        if node.kind not in _TRIGGER_WIDGETS:
            raise ProtocolError(f"{self.name}: {key!r} is a {node.kind}, not a button")
        form_id = getattr(proto, "form_id", "")
        trigger = WidgetState(id=proto.id, trigger_value=True)
        fragment_id = node.fragment_id or None

        async def send() -> None:
            if form_id and getattr(proto, "is_form_submitter", False):
                self.widget_states.update(self.form_states.pop(form_id, {}))
            self.widget_states[trigger.id] = trigger
            try:
                await self.send_rerun(fragment_id=fragment_id)
            finally:
                self.widget_states.pop(trigger.id, None)  # a trigger is sent once

        return await self._request(
            send, fragment_id=fragment_id, timeout=timeout, until_alert=until_alert
        )

    submit = click

    async def wait_finished(
        self, since: float, *, timeout: float = 30.0, fragment_id: str | None = None
    ) -> float | None:
        """When the first full run (or, with `fragment_id`, a run of that fragment)
        finished after `since` (perf_counter), or None if none did within `timeout` s."""
        last = max(
            self.last_full_finish,
            self.last_fragment_finish.get(fragment_id, 0.0) if fragment_id else 0.0,
        )
        if last > since:
            return last

        def pred(ev: _Event) -> Any:
            if ev.kind == "closed" or (ev.kind == "finished" and ev.status == FINISHED):
                return ev
            if (
                fragment_id
                and ev.kind == "finished"
                and ev.status == FRAGMENT_FINISHED
                and fragment_id in ev.fragment_ids
            ):
                return ev
            return None

        fut = self._expect(pred)
        try:
            ev = await asyncio.wait_for(fut, timeout)
        except TimeoutError:
            return None
        finally:
            self._drop_waiter(fut)
        return None if ev.kind == "closed" else ev.t

    def page_hash(self, name: str) -> str | None:
        """The page_script_hash of a page in the navigation message: by URL path, then by
        title (case-insensitive); ``"@default"`` is the default page (URL path "")."""
        if name == "@default":
            return next((p.page_script_hash for p in self.page_list if p.is_default), None)
        if name in self.app_pages:
            return self.app_pages[name]
        low = name.lower()
        for p in self.page_list:
            if p.page_name.lower() == low:
                return p.page_script_hash
        return None

    async def navigate(self, url_pathname: str, *, timeout: float = 60.0) -> RunResult:
        """Go to another page of an st.navigation app (a sidebar link / st.switch_page).

        `url_pathname` is looked up as in `page_hash`; the hash comes from the server's
        navigation message."""
        page_hash = self.page_hash(url_pathname)
        if page_hash is None:
            raise ProtocolError(
                f"{self.name}: no page {url_pathname!r} in {sorted(self.app_pages)}"
            )
        url_pathname = next(
            (p.url_pathname for p in self.page_list if p.page_script_hash == page_hash),
            url_pathname,
        )
        self._stop_timers()
        self.page_name = url_pathname
        # widgets outside the main area (sidebar) stay; the page's own widgets go
        keep = {n.widget_id for p, n in self.nodes.items() if p and p[0] != 0 and n.widget_id}
        widgets = [s for i, s in self.widget_states.items() if i in keep]
        return await self._request(
            lambda: self.send_rerun(page_script_hash=page_hash, widgets=widgets),
            fragment_id=None,
            timeout=timeout,
        )

    # ------------------------------------------------------------------ page queries

    def page(self, container: int = 0) -> Iterator[tuple[tuple[int, ...], Node]]:
        for path in sorted(self.nodes):
            if path and path[0] == container:
                yield path, self.nodes[path]

    def texts(self) -> list[str]:
        """Visible text of markdown, headings, alerts, captions and plain text, in order."""
        out = []
        for _path, node in self.page():
            if node.is_block:
                continue
            kind = node.kind
            if kind in ("markdown", "heading", "alert", "text"):
                out.append(node.proto.body)
        return out

    def has_text(self, needle: str) -> bool:
        return any(needle in t for t in self.texts())

    def alerts(self) -> list[tuple[str, str]]:
        return [
            (_ALERT_NAMES.get(n.proto.format, "?"), n.proto.body)
            for _p, n in self.page()
            if not n.is_block and n.kind == "alert"
        ]

    def exceptions(self) -> list[str]:
        return [
            f"{n.proto.type}: {n.proto.message}"
            for _p, n in self.page()
            if not n.is_block and n.kind == "exception"
        ]

    @property
    def auto_rerun_fragments(self) -> dict[str, float]:
        return {fid: iv for fid, (iv, _t) in self._timers.items()}

    # ------------------------------------------------------------------ waiting

    def _expect(self, predicate: Callable[[_Event], Any]) -> asyncio.Future:
        fut = asyncio.get_running_loop().create_future()
        self._waiters.append((predicate, fut))
        return fut

    def _drop_waiter(self, fut: asyncio.Future) -> None:
        self._waiters = [(p, f) for p, f in self._waiters if f is not fut]

    async def wait_until(
        self, check: Callable[[StreamlitClient], bool], *, timeout: float = 60.0
    ) -> float:
        """Wait until `check(self)` holds after some run finishes; return that time."""
        if check(self):
            return time.perf_counter()

        def pred(ev: _Event) -> Any:
            if ev.kind == "closed":
                return ev
            if ev.kind == "finished" and ev.status in (FINISHED, FRAGMENT_FINISHED) and check(self):
                return ev
            return None

        fut = self._expect(pred)
        try:
            ev = await asyncio.wait_for(fut, timeout)
        except TimeoutError:
            raise ProtocolError(
                f"{self.name}: condition not met within {timeout:.0f} s (page: {self.texts()[:6]})"
            ) from None
        finally:
            self._drop_waiter(fut)
        if ev.kind == "closed":
            raise ProtocolError(f"{self.name}: connection closed ({self.close_reason})")
        return ev.t

    def _emit(self, ev: _Event) -> None:
        if not self._waiters:
            return
        for pred, fut in list(self._waiters):
            if fut.done():
                continue
            try:
                res = pred(ev)
            except Exception as err:  # a broken predicate must not kill the reader
                fut.set_exception(err)
                continue
            if res is not None:
                fut.set_result(res)

    # ------------------------------------------------------------------ receiving

    async def _read_loop(self) -> None:
        try:
            async for raw in self._ws:
                if isinstance(raw, str):
                    continue
                self.msgs_in += 1
                self.bytes_in += len(raw)
                msg = ForwardMsg()
                msg.ParseFromString(raw)
                self._handle(msg)
        except websockets.ConnectionClosed as err:
            self._mark_closed(f"server closed: {err}")
        except asyncio.CancelledError:
            self._mark_closed("cancelled")
            raise
        except Exception as err:  # pragma: no cover - a parse bug must surface
            self._mark_closed(f"reader error: {err!r}")
            raise
        else:
            self._mark_closed("server closed")

    def _mark_closed(self, reason: str) -> None:
        if self.closed:
            return
        self.closed = True
        self.close_reason = reason
        self._stop_timers()
        self._emit(_Event("closed", time.perf_counter()))

    def trace_text(self, since: float | None = None) -> str:
        """The traced messages (from `since`, a perf_counter time, if given)."""
        if since is None:
            return " ".join(self.trace)
        t = since - self._t0 - 0.5
        return " ".join(x for x in self.trace if float(x.split(":", 1)[0]) >= t)

    def _handle(self, msg: ForwardMsg) -> None:
        t = time.perf_counter()
        for c in self._collectors:
            c.messages += 1
        kind = msg.WhichOneof("type")
        if kind != "delta":
            detail = ""
            if kind == "script_finished":
                detail = "=" + _STATUS_NAMES.get(msg.script_finished, "?").replace("FINISHED_", "")
            if kind in ("script_finished", "new_session"):
                detail += f"[{','.join(f[:6] for f in msg.metadata.run.fragment_ids)}]"
            self.trace.append(f"{t - self._t0:.2f}:{kind}{detail}")
        if kind == "ref_hash":
            cached = self._msg_cache.get(msg.ref_hash)
            if cached is None:
                return  # the server only refers to messages we said we hold
            full = ForwardMsg()
            full.CopyFrom(cached)
            full.metadata.CopyFrom(msg.metadata)
            msg, kind = full, full.WhichOneof("type")
        elif msg.metadata.cacheable and msg.hash:
            self._msg_cache[msg.hash] = msg

        if kind == "delta":
            self._apply_delta(msg, t)
        elif kind == "new_session":
            ns = msg.new_session
            self.run_id = msg.metadata.run.script_run_id
            self.run_fragment_ids = tuple(msg.metadata.run.fragment_ids)
            if ns.initialize.session_id:
                self.session_id = ns.initialize.session_id
            if not self.run_fragment_ids:
                self._stop_timers()  # the frontend's cleanupAutoReruns on a full run
                self.main_script_hash = ns.main_script_hash
            if ns.page_script_hash:
                self.page_script_hash = ns.page_script_hash
            for p in ns.app_pages:
                self.app_pages[p.url_pathname] = p.page_script_hash
            self._emit(
                _Event("new_session", t, run_id=self.run_id, fragment_ids=self.run_fragment_ids)
            )
        elif kind == "script_finished":
            status = msg.script_finished
            fids = tuple(msg.metadata.run.fragment_ids) or self.run_fragment_ids
            if status == FINISHED:
                self.last_full_finish = t
                self._clear_stale(None)
            elif status == FRAGMENT_FINISHED:
                self._clear_stale(set(fids))
                for fid in fids:
                    self.last_fragment_finish[fid] = t
                    self._fragment_done(fid, t)
            elif status == EARLY_FOR_RERUN and fids:
                for fid in fids:  # a fragment that asked for a full rerun
                    if self._auto_pending.get(fid):
                        self._auto_pending[fid].clear()
                        self.fragment_escalations += 1
            self._emit(
                _Event(
                    "finished",
                    t,
                    status=status,
                    run_id=msg.metadata.run.script_run_id,
                    fragment_ids=fids,
                )
            )
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
            self._emit(_Event("page_info", t, text=self.query_string))
        elif kind == "navigation":
            nav = msg.navigation
            self.page_list = list(nav.app_pages)
            self.app_pages = {p.url_pathname: p.page_script_hash for p in nav.app_pages}
            if nav.page_script_hash:
                self.page_script_hash = nav.page_script_hash
                for url_path, h in self.app_pages.items():
                    if h == nav.page_script_hash:
                        self.page_name = url_path
        elif kind == "auto_rerun":
            if self.honour_auto_rerun and msg.auto_rerun.fragment_id:
                self._start_timer(msg.auto_rerun.fragment_id, msg.auto_rerun.interval)
        elif kind == "stop_auto_rerun":
            for fid in msg.stop_auto_rerun.fragment_ids:
                self._stop_timer(fid)
        elif kind == "session_status_changed":
            self.script_running = msg.session_status_changed.script_is_running
        elif kind == "page_not_found":
            self.page_not_found = True
        elif kind == "session_event":
            ev = msg.session_event
            if ev.WhichOneof("type") == "script_compilation_exception":
                exc = ev.script_compilation_exception
                text = f"{exc.type}: {exc.message}"
                for c in self._collectors:
                    c.exceptions.append(text)
                self._emit(_Event("exception", t, text=text))

    def _apply_delta(self, msg: ForwardMsg, t: float) -> None:
        path = tuple(msg.metadata.delta_path)
        delta = msg.delta
        which = delta.WhichOneof("type")
        if which == "new_element":
            el = delta.new_element
            self._drop_subtree(path)
            node = Node(el, False, self.run_id, delta.fragment_id)
            self.nodes[path] = node
            kind = node.kind
            if kind in WIDGET_KINDS and kind not in _TRIGGER_WIDGETS:
                proto = node.proto
                wid = getattr(proto, "id", "")
                if wid and (wid not in self.widget_states or getattr(proto, "set_value", False)):
                    ws = self._default_state(kind, proto)
                    if ws is not None:
                        self.widget_states[wid] = ws
            elif kind == "alert":
                fmt = _ALERT_NAMES.get(el.alert.format, "?")
                for c in self._collectors:
                    c.alerts.append((fmt, el.alert.body, t))
                self._emit(_Event("alert", t, text=el.alert.body, fmt=fmt))
            elif kind == "exception":
                text = f"{el.exception.type}: {el.exception.message}"
                for c in self._collectors:
                    c.exceptions.append(text)
                self._emit(_Event("exception", t, text=text))
        elif which == "add_block":
            old = self.nodes.get(path)
            block = delta.add_block
            if old is None or not old.is_block or old.kind != block.WhichOneof("type"):
                self._drop_subtree(path)
            self.nodes[path] = Node(block, True, self.run_id, delta.fragment_id)
        # new_transient (spinner/toast state) does not change the page tree

    def _drop_subtree(self, path: tuple[int, ...]) -> None:
        n = len(path)
        for p in [p for p in self.nodes if len(p) > n and p[:n] == path]:
            del self.nodes[p]

    def _clear_stale(self, fragment_ids: set[str] | None) -> None:
        """Remove elements the finished run did not send (the frontend's clearStaleNodes)."""
        if fragment_ids is None:
            stale = [p for p, n in self.nodes.items() if n.run_id != self.run_id]
        else:
            stale = [
                p
                for p, n in self.nodes.items()
                if n.fragment_id in fragment_ids and n.run_id != self.run_id
            ]
        for p in stale:
            self.nodes.pop(p, None)
        if fragment_ids is None or stale:
            active = {n.widget_id for n in self.nodes.values() if n.widget_id}
            for wid in [w for w in self.widget_states if w not in active]:
                del self.widget_states[wid]
            for form_id in list(self.form_states):
                states = self.form_states[form_id]
                for wid in [w for w in states if w not in active]:
                    del states[wid]

    # ------------------------------------------------------------------ auto-rerun timers

    def _start_timer(self, fragment_id: str, interval: float) -> None:
        cur = self._timers.get(fragment_id)
        if cur and cur[0] == interval and not cur[1].done():
            return
        self._stop_timer(fragment_id)
        task = asyncio.get_running_loop().create_task(self._timer(fragment_id, interval))
        self._timers[fragment_id] = (interval, task)

    async def _timer(self, fragment_id: str, interval: float) -> None:
        """setInterval: fire every `interval` seconds, whether or not the last one is done."""
        start = time.perf_counter()
        for k in itertools.count(1):
            delay = start + k * interval - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            if self.closed:
                return
            self._auto_pending[fragment_id].append(time.perf_counter())
            self.auto_reruns_sent += 1
            try:
                await self.send_rerun(fragment_id=fragment_id, is_auto_rerun=True)
            except (ProtocolError, websockets.ConnectionClosed):
                return

    def _stop_timer(self, fragment_id: str) -> None:
        cur = self._timers.pop(fragment_id, None)
        if cur:
            cur[1].cancel()
        self._auto_pending.pop(fragment_id, None)

    def _stop_timers(self) -> None:
        for fid in list(self._timers):
            self._stop_timer(fid)

    def _fragment_done(self, fragment_id: str, t: float) -> None:
        pending = self._auto_pending.get(fragment_id)
        if not pending:
            return
        took = t - pending[0]  # coalesced requests: count from the oldest unserved one
        pending.clear()
        self.fragment_refreshes.append((fragment_id, took))
        if self.on_fragment_refresh is not None:
            self.on_fragment_refresh(fragment_id, took)


async def http_get(
    host: str,
    port: int,
    path: str,
    *,
    timeout: float = 30.0,
    user_agent: str = PHONE_UA,
    cookies: dict[str, str] | None = None,
) -> tuple[int, bytes]:
    """A minimal HTTP/1.1 GET (the page load's health / host-config requests). With
    `cookies`: sends them, and keeps the ones the answer sets there (as a browser does)."""
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    try:
        writer.write(
            (
                f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUser-Agent: {user_agent}\r\n"
                + (f"Cookie: {cookie_header(cookies)}\r\n" if cookies else "")
                + "Accept: */*\r\nConnection: close\r\n\r\n"
            ).encode()
        )
        await writer.drain()
        data = await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()
        try:
            await writer.wait_closed()
        except Exception:  # pragma: no cover
            pass
    head, _, body = data.partition(b"\r\n\r\n")
    if cookies is not None:
        for line in head.decode("latin-1").split("\r\n")[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "set-cookie":
                key, _, rest = value.strip().partition("=")
                cookies[key] = rest.split(";", 1)[0]
    try:
        status = int(head.split(b" ", 2)[1])
    except (IndexError, ValueError):
        status = 0
    return status, body


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


class KeepAliveHttp:
    """One HTTP/1.1 keep-alive connection, as a browser's fetch() reuses: GET requests
    on the same socket while the server keeps it open, a new socket when it closed."""

    def __init__(self, host: str, port: int, *, user_agent: str = PHONE_UA) -> None:
        self.host, self.port, self.user_agent = host, port, user_agent
        self._rw: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        self.connects = 0
        self.cookies: dict[str, str] = {}  # the page's own (the device cookie), as a browser

    async def get(self, path: str, *, timeout: float = 30.0) -> tuple[int, bytes]:
        return await self.request("GET", path, timeout=timeout)

    async def post_json(
        self, path: str, payload: Any, *, timeout: float = 30.0
    ) -> tuple[int, bytes]:
        return await self.request("POST", path, json.dumps(payload).encode(), timeout=timeout)

    async def request(
        self, method: str, path: str, body: bytes = b"", *, timeout: float = 30.0
    ) -> tuple[int, bytes]:
        extra = (
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
            if method != "GET"
            else ""
        )
        for attempt in (1, 2):  # a kept-alive socket may have been closed by the server
            if self._rw is None:
                self._rw = await asyncio.wait_for(
                    asyncio.open_connection(self.host, self.port), timeout
                )
                self.connects += 1
            reader, writer = self._rw
            try:
                writer.write(
                    (
                        f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                        f"User-Agent: {self.user_agent}\r\nAccept: */*\r\n{extra}"
                        + self._browser_headers(method)
                        + "Connection: keep-alive\r\n\r\n"
                    ).encode()
                    + body
                )
                await writer.drain()
                head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout)
            except (ConnectionError, asyncio.IncompleteReadError):
                await self.close()
                if attempt == 2:
                    raise
                continue
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split(" ", 2)[1])
            headers = {
                k.strip().lower(): v.strip()
                for k, _, v in (ln.partition(":") for ln in lines[1:] if ln)
            }
            body = await asyncio.wait_for(
                reader.readexactly(int(headers.get("content-length", "0"))), timeout
            )
            if headers.get("connection", "").lower() == "close":
                await self.close()
            return status, body
        raise ProtocolError("unreachable")  # pragma: no cover

    def _browser_headers(self, method: str) -> str:
        """The other headers Chromium's fetch() sends from the phone's page (so the
        server parses as much per request as for a real phone): client hints, fetch
        metadata, language, encoding, referer, the Streamlit XSRF cookie; Origin on POST."""
        origin = f"http://{self.host}:{self.port}"
        return (
            'sec-ch-ua: "Chromium";v="126", "Not.A/Brand";v="24"\r\n'
            "sec-ch-ua-mobile: ?1\r\n"
            'sec-ch-ua-platform: "Android"\r\n'
            "Sec-Fetch-Site: same-origin\r\nSec-Fetch-Mode: cors\r\nSec-Fetch-Dest: empty\r\n"
            f"Referer: {origin}/?t=0123456789abcdef0123456789abcdef\r\n"
            "Accept-Encoding: gzip, deflate, br, zstd\r\n"
            "Accept-Language: id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7\r\n"
            "Pragma: no-cache\r\nCache-Control: no-cache\r\n"
            "Cookie: _streamlit_xsrf=2|8f3c9a1e|5d0b7f6c2a9e4d8b1c3f5a7e9b0d2c4e|1796170000"
            + "".join(f"; {k}={v}" for k, v in self.cookies.items())
            + "\r\n"
            + (f"Origin: {origin}\r\n" if method != "GET" else "")
        )

    async def close(self) -> None:
        if self._rw is not None:
            writer = self._rw[1]
            self._rw = None
            writer.close()
            try:
                await writer.wait_closed()
            except Exception:  # pragma: no cover
                pass
