"""bluetoothd going away and coming back while kicktimer runs (Linux, bleak).

When bluetoothd restarts (a package upgrade, `systemctl restart bluetooth`,
a crash) its name on the system D-Bus, org.bluez, changes owner. bleak does
not watch for that: it keeps the old bluetoothd's object tree in its cache,
so the treadmill still reads as connected, no drop is reported until the
silence watchdog fires, and every reconnection after that finds the stale
"connected" device and fails on objects the new bluetoothd never made.

`BlueZWatch` listens for NameOwnerChanged of org.bluez on a D-Bus
connection of its own. When the old owner goes, it closes bleak's
connection to the bus, which is bleak's own way to forget its cache and
report every device disconnected (one notice per device, from the link's
drop callback). Connecting then waits until org.bluez has an owner again,
instead of failing with "BlueZ is not running" at each try and waiting out a
back-off, so the link comes back as soon as bluetoothd does.
"""

from __future__ import annotations

import asyncio

from bleak.backends.bluezdbus.manager import BlueZManager, get_global_bluez_manager
from dbus_fast import BusType, Message, MessageType
from dbus_fast.aio import MessageBus

BLUEZ = "org.bluez"


class BlueZWatch:
    """Whether org.bluez has an owner, and what to do when it loses one."""

    def __init__(self) -> None:
        self._bus: MessageBus | None = None
        self._starting = asyncio.Lock()
        self._present = asyncio.Event()
        self._went_away = False
        self.restarts = 0
        """How many times bluetoothd went away (for the tests and a log)."""

    async def start(self) -> None:
        """Begin watching (idempotent). Without a system bus there is nothing to watch: bleak says why."""
        async with self._starting:
            if self._bus is not None:
                return
            try:
                bus = await MessageBus(bus_type=BusType.SYSTEM).connect()
            except Exception:
                return
            bus.add_message_handler(self._on_message)
            try:
                await bus.call(
                    _to_the_bus("AddMatch", f"type='signal',member='NameOwnerChanged',arg0='{BLUEZ}'")
                )
                reply = await bus.call(_to_the_bus("NameHasOwner", BLUEZ))
            except Exception:
                bus.disconnect()
                return
            self._bus = bus
            if reply is not None and reply.message_type == MessageType.METHOD_RETURN and reply.body[0]:
                self._present.set()

    def _on_message(self, message: Message) -> None:
        if (
            message.message_type != MessageType.SIGNAL
            or message.member != "NameOwnerChanged"
            or not message.body
            or message.body[0] != BLUEZ
        ):
            return
        _, old_owner, new_owner = message.body
        if old_owner:
            self._gone()
        if new_owner:
            self._present.set()

    def _gone(self) -> None:
        """bluetoothd went: bleak forgets its object tree and reports its devices disconnected."""
        self._present.clear()
        self._went_away = True
        self.restarts += 1
        asyncio.get_running_loop().create_task(_reset_bleak())

    async def back(self) -> None:
        """Done at once, unless bluetoothd went away: then when org.bluez has an owner again.

        A BlueZ that was never there is not waited for: bleak's error says so
        (one notice) and the link tries again on its own schedule.
        """
        if self._went_away:
            await self._present.wait()

    async def close(self) -> None:
        bus, self._bus = self._bus, None
        if bus is not None:
            bus.disconnect()


def _to_the_bus(member: str, argument: str) -> Message:
    """A call to the bus daemon itself, with one string argument."""
    return Message(
        destination="org.freedesktop.DBus",
        path="/org/freedesktop/DBus",
        interface="org.freedesktop.DBus",
        member=member,
        signature="s",
        body=[argument],
    )


async def _reset_bleak() -> None:
    """Close bleak's D-Bus connection: bleak then drops its cache, reports its devices disconnected,
    and makes a new connection (reading the new bluetoothd's objects) the next time it is used."""
    manager: BlueZManager
    try:  # the loop's manager, already connected: it is not asked to read an empty BlueZ
        manager = await asyncio.wait_for(get_global_bluez_manager(), 5)
    except Exception:  # no manager yet, or none that connects: nothing cached to forget
        return
    bus = manager._bus  # bleak has no public way to drop its cache; its own bus-loss path does it
    if bus is not None and bus.connected:
        bus.disconnect()
