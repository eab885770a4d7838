"""Modules bumble imports at load time but a GATT central over HCI rarely or never uses.

bumble imports them all at module level: `secrets` (which brings OpenSSL's
`_hashlib`) and `bumble.crypto` for pairing and private addresses, `json`
for key stores and config files, `bumble.company_ids` (a 3,000-name dict)
for printing manufacturer data, the USB controllers' firmware `drivers`, and
`bumble.sdp`, the classic service discovery server. Together ~2 MiB of a
run's resident memory (README, "Memory with devices"), held for the whole
run by a session that may pair once or never.

`standing_in()` puts a stand-in for each one in `sys.modules` only while
bumble itself is imported, so bumble's modules bind the stand-in; it then
takes them out, and the rest of the process imports the real modules as
usual. A stand-in imports its module the first time one of its names is
used (pairing does it for `secrets` and `bumble.crypto`) and hands that name
on from then on. A module already imported is left as it is.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bumble.device import Device
    from bumble.drivers.common import Driver
    from bumble.host import Host
    from bumble.l2cap import ChannelManager, ClassicChannel
    from bumble.sdp import Server


def _real(name: str, stand_in: ModuleType) -> ModuleType:
    """The real module, imported the first time it is needed; the stand-in leaves `sys.modules` for it."""
    if sys.modules.get(name) is stand_in:
        sys.modules.pop(name, None)  # another thread may have taken it out first
    return importlib.import_module(name)


class DeferredModule(ModuleType):
    """A module's name in bumble's globals, importing the module on the first attribute looked up.

    Only names the stand-in does not hold itself reach `__getattr__`, so every
    use goes to the real module (its globals stay the only copy). `from M
    import name` asks M for `__path__` first (is it a package?): a stand-in
    for a plain module answers that without importing it.
    """

    def __init__(self, name: str, *, package: bool = False) -> None:
        super().__init__(name)
        self._package = package

    def __getattr__(self, attribute: str) -> Any:
        if attribute == "__path__" and not self._package:
            raise AttributeError(attribute)
        return getattr(_real(self.__name__, self), attribute)


class DeferredTable(Mapping[int, str]):
    """`bumble.company_ids.COMPANY_IDENTIFIERS`, a dict bumble binds by name at import
    (`from bumble.company_ids import COMPANY_IDENTIFIERS`) and reads only to print a
    manufacturer's name: the dict is built the first time it is read."""

    def __init__(self, stand_in: ModuleType) -> None:
        self._stand_in = stand_in

    def _table(self) -> Mapping[int, str]:
        table: Mapping[int, str] = _real("bumble.company_ids", self._stand_in).COMPANY_IDENTIFIERS
        return table

    def __getitem__(self, key: int) -> str:
        return self._table()[key]

    def __iter__(self) -> Iterator[int]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


def _company_ids() -> ModuleType:
    stand_in = DeferredModule("bumble.company_ids")
    stand_in.COMPANY_IDENTIFIERS = DeferredTable(stand_in)  # type: ignore[attr-defined]  # a stand-in's one name
    return stand_in


_DRIVER_KEYS = ("driver", "vendor_id", "product_id")


def _drivers() -> ModuleType:
    """`bumble.drivers`, whose `get_driver_for_host` bumble's Host takes as a default argument.

    The drivers (Realtek and Intel USB dongles' firmware loaders) only apply to
    a host whose transport says which driver or which USB vendor and product it
    is (`hci_metadata`); for any other host, bumble's own probes
    (`rtk.Driver.check`, `intel.Driver.check`) find no driver. Such a host gets
    None here without importing them; a host with that metadata gets bumble's
    own probing.
    """
    stand_in = DeferredModule("bumble.drivers", package=True)

    async def get_driver_for_host(host: Host) -> Driver | None:
        metadata = host.hci_metadata or {}
        if not any(key in metadata for key in _DRIVER_KEYS):
            return None
        found: Driver | None = await _real("bumble.drivers", stand_in).get_driver_for_host(host)
        return found

    stand_in.get_driver_for_host = get_driver_for_host  # type: ignore[attr-defined]  # a stand-in's one name
    return stand_in


SDP_PSM = 0x0001  # bumble.sdp.SDP_PSM: the classic L2CAP channel a peer's SDP client opens


class DeferredSdpServer:
    """`bumble.sdp.Server`, which every bumble Device makes and registers on the classic
    L2CAP channel manager whether or not classic Bluetooth is on.

    Registering takes no SDP code: this asks the channel manager for the SDP
    channel as bumble's server does (`Server.register`), and makes bumble's
    real server the first time a classic peer opens that channel or anything
    else of the server is used (the service records of a classic device).
    """

    def __init__(self, device: Device, stand_in: ModuleType) -> None:
        object.__setattr__(self, "_device", device)
        object.__setattr__(self, "_stand_in", stand_in)
        object.__setattr__(self, "_server", None)

    def _real(self) -> Server:
        server: Server | None = object.__getattribute__(self, "_server")
        if server is None:
            module = _real("bumble.sdp", object.__getattribute__(self, "_stand_in"))
            server = module.Server(object.__getattribute__(self, "_device"))
            object.__setattr__(self, "_server", server)
        return server

    def register(self, l2cap_channel_manager: ChannelManager) -> None:
        from bumble.l2cap import ClassicChannelSpec

        l2cap_channel_manager.create_classic_server(
            spec=ClassicChannelSpec(psm=SDP_PSM), handler=self._accept
        )

    def _accept(self, channel: ClassicChannel) -> None:
        accept: Callable[[ClassicChannel], None] = self._real().on_connection
        accept(channel)

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self._real(), attribute)

    def __setattr__(self, attribute: str, value: object) -> None:
        setattr(self._real(), attribute, value)


def _sdp() -> ModuleType:
    stand_in = DeferredModule("bumble.sdp")
    stand_in.Server = lambda device: DeferredSdpServer(device, stand_in)  # type: ignore[attr-defined]  # its one name
    return stand_in


def _stand_ins() -> dict[str, ModuleType]:
    return {
        "secrets": DeferredModule("secrets"),
        "json": DeferredModule("json", package=True),
        "bumble.crypto": DeferredModule("bumble.crypto", package=True),
        "bumble.company_ids": _company_ids(),
        "bumble.drivers": _drivers(),
        "bumble.sdp": _sdp(),
    }


@contextmanager
def standing_in() -> Iterator[None]:
    """While bumble is imported inside this block, its modules bind the stand-ins above.

    Only modules not imported yet get a stand-in; on leaving, the stand-ins
    leave `sys.modules`, so nothing imported afterwards sees them.
    """
    installed = {name: module for name, module in _stand_ins().items() if name not in sys.modules}
    sys.modules.update(installed)
    try:
        yield
    finally:
        for name, module in installed.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
