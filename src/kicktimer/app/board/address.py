"""Where the board listens: the `--board [HOST:]PORT` option, the bound socket and its URL.

The socket is bound by `kick run` before any screen opens, so a port in use
or a host that is not this machine's is one line and exit status 2, like any
other bad input, and `--board 0` (any free port) knows its port at once.

The host defaults to 127.0.0.1: the board is on the network only when the
coach asks for it (`--board 0.0.0.0:8080` or a LAN address).

The Host check (`host_allowed`) stops DNS rebinding: a page on a hostile
site whose name is made to resolve to this machine sends that name in Host,
never this machine's address, so it gets 421 and never reads the board.
"""

from __future__ import annotations

import ipaddress
import secrets
import socket
from dataclasses import dataclass

DEFAULT_HOST = "127.0.0.1"
ANY_HOSTS = ("0.0.0.0", "::")
TOKEN_BYTES = 16
"""128 random bits: the URL cannot be guessed by anyone who has not seen it."""


class BoardAddressError(ValueError):
    """A `--board` value that cannot be listened on; its text is the one-line message."""


@dataclass(frozen=True)
class BoardAddress:
    """A host and port as the user wrote them (port 0: any free port)."""

    host: str
    port: int


def parse_board_address(text: str) -> BoardAddress:
    """`8080`, `0.0.0.0:8080`, `192.168.1.20:8080`, `[::1]:8080`; raises BoardAddressError."""
    value = text.strip()
    host, sep, port_text = value.rpartition(":")
    if not sep:
        host, port_text = DEFAULT_HOST, value
    host = host.removeprefix("[").removesuffix("]")
    if not host:
        raise BoardAddressError(f"'{text}' has an empty host: write PORT or HOST:PORT, e.g. 0.0.0.0:8080")
    if not port_text.isdigit() or not 0 <= int(port_text) <= 65535:
        raise BoardAddressError(f"'{text}': the port must be a number from 0 to 65535, e.g. 8080")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        if host != "localhost":
            raise BoardAddressError(
                f"'{text}': the host must be an IP address of this machine (or 0.0.0.0 for every one)"
            ) from None
    return BoardAddress(host, int(port_text))


def bind(address: BoardAddress) -> socket.socket:
    """A listening socket on the address; raises BoardAddressError with the system's reason."""
    host = DEFAULT_HOST if address.host == "localhost" else address.host
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, address.port))
        sock.listen(64)
    except OSError as error:
        sock.close()
        reason = error.strerror or str(error)
        raise BoardAddressError(f"can't listen on {host}:{address.port}: {reason}") from None
    sock.setblocking(False)
    return sock


def new_token() -> str:
    """A fresh per-session secret for the URL (URL-safe characters only)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def lan_address() -> str | None:
    """This machine's address on the network the default route leaves by, or None offline.

    Connecting a UDP socket sends nothing: it only asks the routing table
    which local address would be used.
    """
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere, and nothing is sent
        address = str(probe.getsockname()[0])
    except OSError:
        return None
    finally:
        probe.close()
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def url_host(bound_host: str) -> str:
    """The host a tablet should open: the LAN address when listening on every interface."""
    if bound_host in ANY_HOSTS:
        return lan_address() or DEFAULT_HOST
    return bound_host


def board_url(host: str, port: int, token: str) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/?token={token}"


def host_allowed(header: str | None, bound_host: str, port: int) -> bool:
    """Whether a request's Host header names this board: its own address and port, never a DNS name.

    Bound to every interface, any IP literal of this machine's is accepted
    (a tablet may reach it by any of them); bound to one address, only that
    one (and `localhost` for a loopback address).
    """
    if not header:
        return False
    host, sep, port_text = header.rpartition(":")
    if not sep or not port_text.isdigit() or int(port_text) != port:
        return False
    host = host.removeprefix("[").removesuffix("]")
    if host == "localhost":
        return bound_host in ("127.0.0.1", "::1", "localhost", *ANY_HOSTS)
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        return False  # a DNS name: possibly rebound to this machine by someone else's page
    if bound_host in ANY_HOSTS:
        return True
    if bound_host == "localhost":
        return literal.is_loopback
    return literal == ipaddress.ip_address(bound_host)
