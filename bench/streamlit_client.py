"""A Streamlit client without a browser: it speaks the app's websocket protocol, as the page's
JavaScript does, so that a load test can run hundreds of simulated people on little CPU.

What the browser does, and what this client does the same way:

1. ``GET /`` with the person's cookie jar (a proxy in front sets its sticky-session cookie on
   that first response), then the websocket ``/_stcore/stream`` with subprotocol ``streamlit``
   and the jar's cookies on the handshake (Streamlit reads ``st.context.cookies`` from there).
2. A ``BackMsg.rerun_script`` (a ``ClientState``) starts every run: the page asked for (by its
   URL path in ``page_name`` on a page load; by ``page_script_hash`` when a link is followed or
   a widget changes on the current page), the query string, the browser's context (time zone,
   locale) and the ``WidgetStates`` the interaction sends: the values it set and, for a button
   or a form's submit button, a ``trigger_value``.
3. ``ForwardMsg``\\ s come back: ``new_session`` as each run starts (with its run id), then
   ``navigation`` (the pages this person has and the one that runs), ``delta``\\ s (elements and
   blocks, each at a ``delta_path`` in the page's tree), ``page_not_found``,
   ``session_status_changed``, and ``script_finished``. A run that calls ``st.rerun()`` or
   ``st.switch_page`` ends with ``FINISHED_EARLY_FOR_RERUN`` and the next run of the chain
   starts at once; the chain is over at the first other ``script_finished`` of a run it
   started. The time of a step is from the ``BackMsg`` sent to that message.

The client keeps the last run's element tree, enough to find a widget by its user ``key``
(Streamlit's widget ids end in ``-<key>``: ``$$ID-<hash>-<key>``), a form's submit button by
the form's id, and the text of headings, markdown and alerts (an ``st.error`` or an exception
element counts as an error of the run).

Cookies the app sets from the page (``document.cookie = ...`` in an ``st.html`` script, as
``tracker.ui.session`` keeps its sign-in token) are put in the jar, so a new connection of the
same simulated browser sends them as a browser would. Within one websocket nothing of that is
needed: the session's state lives in the server process.

Deliberately unlike a browser: an interaction sends only the widget values it sets (a browser
sends every widget's value each time; the server keeps the values it last had for the rest),
no static files or media are fetched, nothing is drawn, and no ``cached_message_hashes`` are
sent, so the server sends every element in full (as it does for a first visit).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import http.client
import http.cookiejar
import io
import json
import re
import time
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import websockets
from streamlit.proto.AppPage_pb2 import AppPage
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Block_pb2 import Block
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
"""The only hosts this client connects to: a load test never leaves the machine."""
MAX_MESSAGE = 64 * 1024 * 1024
"""Largest ForwardMsg accepted (a chart's spec can exceed the websockets default of 1 MiB)."""
ALERT_FORMATS = {1: "error", 2: "warning", 3: "info", 4: "success"}
WIDGET_ID_PREFIX = "$$ID-"


class ClientError(Exception):
    """The server did not answer as a Streamlit app does: closed socket, timeout, no such
    widget or page. The message says which."""


def check_local(url: str) -> None:
    """Refuse any address that is not this machine."""
    host = urlsplit(url).hostname
    if host not in LOCAL_HOSTS:
        raise ValueError(
            f"only 127.0.0.1, localhost or ::1 may be targeted; {url!r} names {host!r}"
        )


def local_zone() -> str:
    """The machine's IANA time zone, as a browser on it would report it (UTC if unknown)."""
    try:
        target = Path("/etc/localtime").resolve()
        parts = target.parts
        if "zoneinfo" in parts:
            return "/".join(parts[parts.index("zoneinfo") + 1 :])
    except OSError:
        pass
    return "UTC"


@dataclass
class Run:
    """What one interaction brought: a chain of script runs up to its end."""

    seconds: float
    """From the BackMsg sent to the chain's last ``script_finished``."""
    runs: int
    """Script runs in the chain (a sign-in that switches page is 3)."""
    page: str
    """The URL path of the page that ran last (``""``: the default page)."""
    errors: list[str]
    """Exceptions, ``st.error`` alerts, compile errors, page not found."""
    alerts: list[tuple[str, str]] = field(default_factory=list)
    """(format, body) of every alert of the last run."""

    @property
    def ok(self) -> bool:
        return not self.errors

    def alert(self, kind: str) -> list[str]:
        return [body for format_, body in self.alerts if format_ == kind]


class StreamlitClient:
    """One simulated browser tab: a cookie jar, one websocket, the last run's element tree.

    ``async with StreamlitClient(url) as tab: await tab.open()`` loads the app's start page;
    ``submit``, ``click``, ``set`` and ``go`` act on it as a person would.
    """

    def __init__(
        self,
        url: str,
        *,
        timeout: float = 30.0,
        timezone: str | None = None,
        jar: http.cookiejar.CookieJar | None = None,
    ) -> None:
        check_local(url)
        parts = urlsplit(url)
        self.base = urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/") + "/", "", ""))
        self.timeout = timeout
        self.timezone = timezone or local_zone()
        self.jar = jar if jar is not None else http.cookiejar.CookieJar()
        self.upstream = ""
        """The proxy's ``X-Upstream`` header on the page load: which app process serves us."""
        self.session_id = ""
        self.pages: dict[str, AppPage] = {}
        """This person's pages by URL path (``navigation``), hidden ones too."""
        self.page_hash = ""
        self.query_string = ""
        self.tree: dict[tuple[int, ...], Element | Block] = {}
        self._ws: websockets.ClientConnection | None = None

    # --- connection --------------------------------------------------------------------------

    async def __aenter__(self) -> StreamlitClient:
        await self.connect()
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()

    @property
    def connected(self) -> bool:
        return self._ws is not None and self._ws.state is websockets.protocol.State.OPEN

    async def connect(self) -> float:
        """Load the page (for the proxy's cookie), then open the websocket; the seconds taken."""
        started = time.perf_counter()
        try:
            await asyncio.wait_for(self._get_page(), self.timeout)
        except TimeoutError as error:
            raise ClientError(f"GET {self.base} took over {self.timeout:g} s") from error
        stream = urlsplit(self.base + "_stcore/stream")
        ws_url = urlunsplit(("wss" if stream.scheme == "https" else "ws", *stream[1:]))
        headers = {}
        if cookie := self._cookie_header(self.base + "_stcore/stream"):
            headers["Cookie"] = cookie
        try:
            self._ws = await websockets.connect(
                ws_url,
                subprotocols=[websockets.Subprotocol("streamlit")],
                additional_headers=headers,
                max_size=MAX_MESSAGE,
                ping_interval=None,  # a browser sends no pings; the server keeps no timer on us
                open_timeout=self.timeout,
                close_timeout=2,
            )
        except (OSError, websockets.WebSocketException, TimeoutError) as error:
            raise ClientError(f"websocket handshake failed: {error!r}") from error
        return time.perf_counter() - started

    async def _get_page(self) -> None:
        """``GET /`` over plain asyncio (no thread pool to queue in when hundreds connect at
        once): the jar's cookies go with it and its ``Set-Cookie`` headers come back to it."""
        parts = urlsplit(self.base)
        if parts.scheme != "http":
            raise ClientError(f"only http:// is supported, not {parts.scheme}://")
        request = urllib.request.Request(self.base)
        self.jar.add_cookie_header(request)
        lines = [
            f"GET {parts.path} HTTP/1.1",
            f"Host: {parts.netloc}",
            "Accept: text/html",
            "Connection: close",
            "User-Agent: bench.streamlit_client",
        ]
        if cookie := request.get_header("Cookie"):
            lines.append(f"Cookie: {cookie}")
        try:
            reader, writer = await asyncio.open_connection(parts.hostname, parts.port or 80)
            try:
                writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
                await writer.drain()
                status = (await reader.readline()).split()
                head = await reader.readuntil(b"\r\n\r\n")
                await reader.read()  # the page itself, to the end (Connection: close)
            finally:
                writer.close()
                with contextlib.suppress(OSError):
                    await writer.wait_closed()
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError) as error:
            raise ClientError(f"GET {self.base} failed: {error!r}") from error
        if len(status) < 2 or status[1] != b"200":
            raise ClientError(f"GET {self.base} answered {b' '.join(status[1:]).decode()!r}")
        headers = http.client.parse_headers(io.BytesIO(head))
        self.upstream = headers.get("X-Upstream", "")
        self.jar.extract_cookies(_Response(headers), request)

    def _cookie_header(self, url: str) -> str | None:
        request = urllib.request.Request(url)
        self.jar.add_cookie_header(request)
        return request.get_header("Cookie")

    async def close(self) -> None:
        if self._ws is not None:
            ws, self._ws = self._ws, None
            with contextlib.suppress(OSError, websockets.WebSocketException, TimeoutError):
                await asyncio.wait_for(ws.close(), 5)

    # --- what a person does ------------------------------------------------------------------

    async def open(self, path: str = "", query: str = "") -> Run:
        """Load the app at ``/path?query``, as typing the address does (in this websocket)."""
        return await self.rerun(page_name=path, page_hash="", query=query)

    async def go(self, page: str) -> Run:
        """Follow a link to the page with URL path (or title) ``page``, as the sidebar does."""
        found = self.pages.get(page) or next(
            (p for p in self.pages.values() if p.page_name == page), None
        )
        if found is None:
            raise ClientError(f"no page {page!r}; this session has {sorted(self.pages)}")
        return await self.rerun(page_hash=found.page_script_hash)

    async def click(self, key: str) -> Run:
        """Press the button with user key ``key``."""
        return await self.rerun([_trigger(self._proto(self.element(key)).id)])

    async def set(self, values: Mapping[str, object]) -> Run:
        """Change widgets outside a form (each by user key), one rerun for all."""
        return await self.rerun([self.state(key, value) for key, value in values.items()])

    async def submit(self, form: str, values: Mapping[str, object]) -> Run:
        """Fill ``form``'s widgets (by user key) and press its submit button, as one rerun."""
        states = [self.state(key, value) for key, value in values.items()]
        return await self.rerun([*states, _trigger(self.submit_button(form).id)])

    # --- the page ----------------------------------------------------------------------------

    @property
    def page(self) -> str:
        """The URL path of the page that ran last."""
        for url, page in self.pages.items():
            if page.page_script_hash == self.page_hash:
                return url
        return ""

    def elements(self) -> Iterable[Element]:
        return (node for node in self.tree.values() if isinstance(node, Element))

    def element(self, key: str) -> Element:
        """The widget whose user key is ``key``."""
        for element in self.elements():
            widget_id = getattr(self._proto(element), "id", "")
            if (
                isinstance(widget_id, str)
                and widget_id.startswith(WIDGET_ID_PREFIX)
                and widget_id.endswith(f"-{key}")
            ):
                return element
        raise ClientError(f"no widget with key {key!r} on page {self.page!r}")

    def submit_button(self, form: str):
        for element in self.elements():
            if (
                element.WhichOneof("type") == "button"
                and element.button.is_form_submitter
                and element.button.form_id == form
            ):
                return element.button
        raise ClientError(f"no submit button of form {form!r} on page {self.page!r}")

    def texts(self) -> list[str]:
        """Headings, markdown, text and alert bodies of the last run, in page order."""
        found = []
        for path in sorted(self.tree):
            node = self.tree[path]
            if isinstance(node, Element):
                kind = node.WhichOneof("type")
                if kind in {"heading", "markdown", "text", "alert"}:
                    found.append(getattr(node, kind).body)
        return found

    def headings(self) -> list[str]:
        return [n.heading.body for n in self.elements() if n.WhichOneof("type") == "heading"]

    def state(self, key: str, value: object) -> WidgetState:
        """The ``WidgetState`` a browser sends when the widget ``key`` holds ``value``."""
        return widget_state(self.element(key), value)

    @staticmethod
    def _proto(element: Element):
        return getattr(element, element.WhichOneof("type"))

    # --- the protocol ------------------------------------------------------------------------

    async def rerun(
        self,
        widgets: list[WidgetState] | None = None,
        *,
        page_hash: str | None = None,
        page_name: str = "",
        query: str | None = None,
    ) -> Run:
        """Send one ``rerun_script`` and read until its chain of runs has finished."""
        if self._ws is None:
            raise ClientError("not connected")
        message = BackMsg()
        state = message.rerun_script
        state.page_script_hash = self.page_hash if page_hash is None else page_hash
        state.page_name = page_name
        state.query_string = self.query_string if query is None else query
        state.widget_states.widgets.extend(widgets or [])
        context = state.context_info
        context.timezone = self.timezone
        offset = dt.datetime.now().astimezone().utcoffset() or dt.timedelta()
        context.timezone_offset = -int(offset.total_seconds() // 60)  # as JavaScript counts it
        context.locale = "en-US"
        context.url = self.base
        context.color_scheme = "light"
        started = time.perf_counter()
        try:
            await self._ws.send(message.SerializeToString())
            return await asyncio.wait_for(self._read_chain(started), self.timeout)
        except TimeoutError as error:
            raise ClientError(f"no end of the run within {self.timeout:g} s") from error
        except websockets.ConnectionClosed as error:
            raise ClientError(f"websocket closed: {error}") from error
        except (OSError, websockets.WebSocketException) as error:
            raise ClientError(f"websocket failed: {error!r}") from error

    async def _read_chain(self, started: float) -> Run:
        own_runs: set[str] = set()
        errors: list[str] = []
        while True:
            data = await self._ws.recv()
            message = ForwardMsg()
            message.ParseFromString(data)
            kind = message.WhichOneof("type")
            if kind == "new_session":
                own_runs.add(message.metadata.run.script_run_id)
                self.session_id = message.new_session.initialize.session_id or self.session_id
                if not message.metadata.run.fragment_ids:
                    self.tree.clear()  # a full run redraws every element
            elif kind == "delta":
                self._apply(message)
            elif kind == "navigation":
                self.pages = {p.url_pathname: p for p in message.navigation.app_pages}
                self.page_hash = message.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = message.page_info_changed.query_string
            elif kind == "page_not_found":
                errors.append(f"page not found: {message.page_not_found.page_name!r}")
            elif kind == "session_event":
                event = message.session_event
                if event.WhichOneof("type") == "script_compilation_exception":
                    exception = event.script_compilation_exception
                    errors.append(f"compile error: {exception.type}: {exception.message}")
            elif kind == "parent_message" or kind == "auth_redirect":
                pass
            elif kind == "script_finished":
                if message.metadata.run.script_run_id not in own_runs:
                    continue  # the end of a run sent before ours (a late message)
                if message.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # st.rerun or st.switch_page: the next run of the chain follows
                seconds = time.perf_counter() - started
                if message.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    errors.append("the script did not compile")
                return self._finish(seconds, len(own_runs), errors)

    def _apply(self, message: ForwardMsg) -> None:
        path = tuple(message.metadata.delta_path)
        delta = message.delta
        kind = delta.WhichOneof("type")
        if kind == "new_element":
            self.tree[path] = delta.new_element
            if delta.new_element.WhichOneof("type") == "html":
                self._cookies_from(delta.new_element.html.body)
        elif kind == "add_block":
            self.tree[path] = delta.add_block

    def _finish(self, seconds: float, runs: int, errors: list[str]) -> Run:
        alerts = []
        for path in sorted(self.tree):
            node = self.tree[path]
            if not isinstance(node, Element):
                continue
            kind = node.WhichOneof("type")
            if kind == "alert":
                format_ = ALERT_FORMATS.get(node.alert.format, "alert")
                alerts.append((format_, node.alert.body))
                if format_ == "error":
                    errors.append(f"error alert: {node.alert.body}")
            elif kind == "exception":
                errors.append(f"exception: {node.exception.type}: {node.exception.message}")
        return Run(seconds, runs, self.page, errors, alerts)

    # --- cookies a page sets -----------------------------------------------------------------

    def _cookies_from(self, html: str) -> None:
        """Apply ``document.cookie = "name=value; attributes"`` of a page's script to the jar
        (plain http: no ``__Host-`` prefix and no Secure cookie, as the app's script does)."""
        for statement in COOKIE_ASSIGNMENT.findall(html):
            texts = []
            for literal in STRING_LITERAL.findall(statement):
                try:
                    texts.append(json.loads(literal))
                except ValueError:
                    continue
            text = next((t for t in texts if "=" in t), None)
            if text is None:
                continue
            name, _, rest = text.partition("=")
            value, *attributes = (part.strip() for part in rest.split(";"))
            lowered = {a.split("=", 1)[0].lower(): a.partition("=")[2] for a in attributes}
            host = urlsplit(self.base).hostname or ""
            if lowered.get("max-age") == "0" or not value:
                with contextlib.suppress(KeyError):
                    self.jar.clear(host, lowered.get("path", "/"), name)
                continue
            self.jar.set_cookie(
                http.cookiejar.Cookie(
                    0, name, value, None, False, host, False, False,
                    lowered.get("path", "/"), True, False, None, True, None, None, {},
                )
            )  # fmt: skip


class _Response:
    """What ``CookieJar.extract_cookies`` reads of a response: its headers."""

    def __init__(self, headers: http.client.HTTPMessage) -> None:
        self._headers = headers

    def info(self) -> http.client.HTTPMessage:
        return self._headers


COOKIE_ASSIGNMENT = re.compile(r"document\.cookie\s*=(.*?)(?:;\s*\}|</script>|$)", re.DOTALL)
"""The right-hand side of a ``document.cookie = ...`` statement in a page's script."""
STRING_LITERAL = re.compile(r'"(?:[^"\\]|\\.)*"')


def _trigger(widget_id: str) -> WidgetState:
    return WidgetState(id=widget_id, trigger_value=True)


def widget_state(element: Element, value: object) -> WidgetState:
    """The state a browser sends for ``element`` holding ``value`` (options by their label as
    shown, dates as ``date`` objects or ISO text)."""
    kind = element.WhichOneof("type")
    proto = getattr(element, kind)
    state = WidgetState(id=proto.id)
    if kind == "button":
        state.trigger_value = True
    elif kind == "checkbox":
        state.bool_value = bool(value)
    elif kind == "number_input":
        if value is None:
            raise ClientError("clearing a number input is not supported by this client")
        state.double_value = float(value)
    elif kind in {"text_input", "text_area", "selectbox", "radio", "color_picker", "time_input"}:
        state.string_value = str(value)
    elif kind in {"button_group", "multiselect", "date_input"}:
        values = value if isinstance(value, list | tuple) else [] if value is None else [value]
        texts = [v.isoformat() if isinstance(v, dt.date) else str(v) for v in values]
        state.string_array_value.data.extend(texts)
    elif kind == "slider":
        values = value if isinstance(value, list | tuple) else [value]
        state.double_array_value.data.extend(float(v) for v in values)
    else:
        raise ClientError(f"setting a {kind} is not supported by this client")
    return state
