"""One `kick run --board`: the bound socket, the session's token, its URL and the server.

`open_board` runs in `kick run` before any screen opens (a port in use is
bad input, exit 2); the app starts the server on its own loop when it
mounts and closes it when it leaves. The run's consumer (`consumer`) and
the preview talk to this object only.
"""

from __future__ import annotations

import socket
from functools import cached_property

from kicktimer.app.board.address import (
    BoardAddress,
    bind,
    board_url,
    new_token,
    parse_board_address,
    url_host,
)
from kicktimer.app.board.qr import qr_lines
from kicktimer.app.board.server import MAX_CLIENTS, BoardServer
from kicktimer.app.board.state import BoardState


class BoardLink:
    """The board's address and server for one session."""

    def __init__(self, sock: socket.socket, address: BoardAddress, *, max_clients: int = MAX_CLIENTS) -> None:
        self.sock = sock
        self.address = address
        self.port = int(sock.getsockname()[1])
        self.token = new_token()
        self.url = board_url(url_host(address.host), self.port, self.token)
        self.max_clients = max_clients
        self.server: BoardServer | None = None

    @cached_property
    def qr(self) -> list[str]:
        """The URL as a QR code, in lines of text."""
        return qr_lines(self.url)

    def make_server(self, initial: BoardState) -> BoardServer:
        """The server for this address (not listening yet: `start`, or an aiohttp test client)."""
        self.server = BoardServer(
            token=self.token,
            bound_host=self.address.host,
            port=self.port,
            initial=initial,
            max_clients=self.max_clients,
        )
        return self.server

    async def start(self, initial: BoardState) -> None:
        """Serve on the bound socket, on the running event loop."""
        await self.make_server(initial).start(self.sock)

    def publish(self, state: BoardState) -> None:
        if self.server is not None:
            self.server.publish(state)

    async def close(self) -> None:
        if self.server is not None:
            await self.server.close()
        self.sock.close()


def open_board(text: str) -> BoardLink:
    """`--board [HOST:]PORT` parsed and bound; raises BoardAddressError with a one-line reason."""
    address = parse_board_address(text)
    return BoardLink(bind(address), address)
