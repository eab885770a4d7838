"""The board's web server: read-only routes inside the app's own event loop.

aiohttp's `AppRunner` and `SockSite` run on the loop Textual already runs
(no thread, no signal handlers of its own: Ctrl+C stays the app's). The
socket was bound by `kick run` before the app opened (`address.bind`).

Routes, all `GET` (any other method gets 405; none changes the session):

- `/?token=T`: the page (HTML; its script and stylesheet are separate files,
  so the content security policy allows no inline script at all);
- `/board.js?token=T`, `/board.css?token=T`: those files;
- `/events?token=T`: server-sent events, the whole state on connect (a page
  that joins late or reconnects after losing Wi-Fi is up to date at once),
  then only what changed (`state_delta`);
- `/state?token=T`: the latest state as JSON;
- `/favicon.ico`: 204, no content and no token needed (browsers ask for it on
  their own; a 403 for it was noise in every page's console).

Every request is checked first: the Host header must name the bound
address (else 421, against DNS rebinding), then the token (else 403).
Every response says `Cache-Control: no-store` and carries the security
headers; at most `max_clients` pages stream at once (else 503).

The timer never waits on a page: `publish` only stores the newest state
and wakes each page's task. A page's queue holds one snapshot, the newest;
a page that reads slowly skips the states it missed and gets one delta
from what it last received to the newest.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import socket
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from aiohttp import web

from kicktimer.app.board.address import host_allowed
from kicktimer.app.board.state import BoardState, state_delta

MAX_CLIENTS = 20
HEARTBEAT_S = 20.0
"""A comment line this often on an idle stream (paused, preview) keeps Wi-Fi access points
from dropping it and lets the server notice a page that is gone."""
RECONNECT_MS = 1000

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
ASSETS = {"/board.js": "text/javascript", "/board.css": "text/css"}
FAVICON = "/favicon.ico"
"""Asked for by every browser on its own, without the token; answered 204 (there is none)."""

# aiohttp logs failed requests to stderr, which would write over the terminal's screen.
logging.getLogger("aiohttp").addHandler(logging.NullHandler())
logging.getLogger("aiohttp").propagate = False


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class _Published:
    """One state as published: numbered, with its full-state event ready to send."""

    version: int
    state: BoardState
    event: bytes


class _Page:
    """One connected page: woken when a newer state is published (its queue of one)."""

    def __init__(self) -> None:
        self.wake = asyncio.Event()


class BoardServer:
    """Serves the board to up to `max_clients` pages; `publish` never blocks."""

    def __init__(
        self,
        *,
        token: str,
        bound_host: str,
        port: int,
        initial: BoardState,
        max_clients: int = MAX_CLIENTS,
        heartbeat_s: float = HEARTBEAT_S,
    ) -> None:
        self.token = token
        self.bound_host = bound_host
        self.port = port
        self.max_clients = max_clients
        self.heartbeat_s = heartbeat_s
        self._pages: set[_Page] = set()
        self._latest = self._published(0, initial)
        self._deltas: dict[int, bytes] = {}
        self._closing = False
        self._runner: web.AppRunner | None = None
        static = files("kicktimer.app.board") / "static"
        self._html = (static / "board.html").read_text(encoding="utf-8")
        self._assets = {path: (static / path[1:]).read_bytes() for path in ASSETS}
        self.bytes_sent = 0

    # ---- the app's side ------------------------------------------------

    @property
    def pages(self) -> int:
        """Pages streaming now."""
        return len(self._pages)

    @property
    def latest(self) -> BoardState:
        return self._latest.state

    def publish(self, state: BoardState) -> None:
        """Make `state` the newest; pages that are behind are woken. Returns at once."""
        if state == self._latest.state:
            return
        self._latest = self._published(self._latest.version + 1, state)
        self._deltas.clear()
        for page in self._pages:
            page.wake.set()

    def application(self) -> web.Application:
        app = web.Application(middlewares=[self._guard])
        app.router.add_get("/", self._page)
        app.router.add_get("/events", self._events)
        app.router.add_get("/state", self._state)
        for path in ASSETS:
            app.router.add_get(path, self._asset)
        app.on_response_prepare.append(self._headers)
        return app

    async def start(self, sock: socket.socket) -> None:
        """Serve on an already bound, listening socket, on the running loop."""
        # handler_cancellation: a page that goes away ends its stream at once, freeing its place
        self._runner = web.AppRunner(
            self.application(),
            handle_signals=False,
            access_log=None,
            shutdown_timeout=0.5,
            handler_cancellation=True,
        )
        await self._runner.setup()
        await web.SockSite(self._runner, sock).start()

    async def close(self) -> None:
        """End every stream and stop listening."""
        self._closing = True
        for page in self._pages:
            page.wake.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # ---- requests ------------------------------------------------------

    @web.middleware
    async def _guard(self, request: web.Request, handler: Any) -> web.StreamResponse:
        if not host_allowed(request.headers.get("Host"), self.bound_host, self.port):
            return web.Response(status=421, text="421: this board answers only to its own address\n")
        if request.path == FAVICON:
            # every browser asks for it, without the token: nothing to show, and nothing to refuse
            return web.Response(status=204)
        given = request.query.get("token", "").encode("utf-8", "replace")
        if not hmac.compare_digest(given, self.token.encode("ascii")):
            return web.Response(status=403, text="403: the board's address needs its token\n")
        response: web.StreamResponse = await handler(request)
        return response

    @staticmethod
    async def _headers(request: web.Request, response: web.StreamResponse) -> None:
        response.headers.update(SECURITY_HEADERS)

    async def _page(self, request: web.Request) -> web.Response:
        html = self._html.replace("{token}", self.token)  # URL-safe characters only
        return web.Response(text=html, content_type="text/html", charset="utf-8")

    async def _asset(self, request: web.Request) -> web.Response:
        return web.Response(
            body=self._assets[request.path], content_type=ASSETS[request.path], charset="utf-8"
        )

    async def _state(self, request: web.Request) -> web.Response:
        return web.Response(text=_compact(self._latest.state), content_type="application/json")

    async def _events(self, request: web.Request) -> web.StreamResponse:
        if len(self._pages) >= self.max_clients:
            return web.Response(
                status=503,
                text=f"503: at most {self.max_clients} pages at once\n",
                headers={"Retry-After": "10"},
            )
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream; charset=utf-8"})
        page = _Page()
        self._pages.add(page)
        try:
            await response.prepare(request)
            sent = self._latest
            await self._send(response, f"retry: {RECONNECT_MS}\n".encode() + sent.event)
            while not self._closing:
                try:
                    await asyncio.wait_for(page.wake.wait(), self.heartbeat_s)
                except TimeoutError:
                    await self._send(response, b": still here\n\n")
                    continue
                page.wake.clear()
                latest = self._latest
                if latest.version != sent.version and not self._closing:
                    await self._send(response, self._delta(sent, latest))
                    sent = latest
            await response.write_eof()
        except ConnectionError:
            pass  # the page went away (closed, asleep, out of Wi-Fi): its browser reconnects if it can
        finally:
            self._pages.discard(page)
        return response

    async def _send(self, response: web.StreamResponse, data: bytes) -> None:
        await response.write(data)
        self.bytes_sent += len(data)

    # ---- events --------------------------------------------------------

    @staticmethod
    def _published(version: int, state: BoardState) -> _Published:
        return _Published(version, state, f"event: state\ndata: {_compact(state)}\n\n".encode())

    def _delta(self, sent: _Published, latest: _Published) -> bytes:
        """The event taking a page from `sent` to `latest` (made once for every page at the same point)."""
        cached = self._deltas.get(sent.version)
        if cached is not None:
            return cached
        try:
            delta = state_delta(sent.state, latest.state)
        except ValueError:
            event = latest.event
        else:
            event = b"" if delta is None else f"event: patch\ndata: {_compact(delta)}\n\n".encode()
        self._deltas[sent.version] = event
        return event
