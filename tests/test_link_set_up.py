"""connect_and_set_up: a link whose set-up is cut short is never left connected."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from kicktimer.devices.link import DeviceError, GattLink, Receiver, connect_and_set_up


class RecordingLink:
    """A GattLink that only records whether it was hung up."""

    def __init__(self, *, hang_up_hangs: bool = False) -> None:
        self.hung_up = False
        self._hang_up_hangs = hang_up_hangs

    def has(self, uuid: int) -> bool:
        return True

    async def read(self, uuid: int) -> bytes:
        return b""

    async def write(self, uuid: int, data: bytes) -> None:
        return None

    async def subscribe(self, uuid: int, receiver: Receiver) -> None:
        return None

    def on_disconnect(self, callback: Callable[[], None]) -> None:
        return None

    async def disconnect(self) -> None:
        if self._hang_up_hangs:
            await asyncio.Event().wait()
        self.hung_up = True


async def _cancel_during_set_up(link: RecordingLink) -> None:
    setting_up = asyncio.Event()

    async def connect() -> GattLink:
        return link

    async def set_up(_: GattLink) -> None:
        setting_up.set()
        await asyncio.Event().wait()

    task = asyncio.create_task(
        connect_and_set_up(connect, set_up, name="Treadmill", notify=lambda _: None, reconnecting=False)
    )
    await setting_up.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


def test_quitting_while_a_device_is_set_up_hangs_it_up() -> None:
    link = RecordingLink()
    asyncio.run(_cancel_during_set_up(link))
    assert link.hung_up


def test_quitting_does_not_wait_for_a_device_that_never_hangs_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kicktimer.devices.link.HANG_UP_ON_QUIT_S", 0.05)
    link = RecordingLink(hang_up_hangs=True)
    asyncio.run(asyncio.wait_for(_cancel_during_set_up(link), 5.0))
    assert not link.hung_up


def test_a_failed_set_up_is_hung_up_and_tried_again(monkeypatch: pytest.MonkeyPatch) -> None:
    links: list[RecordingLink] = []
    notices: list[str] = []

    async def connect() -> GattLink:
        links.append(RecordingLink())
        return links[-1]

    async def set_up(link: GattLink) -> None:
        if len(links) == 1:
            raise DeviceError("no Treadmill Data")

    async def go() -> GattLink:
        return await connect_and_set_up(
            connect, set_up, name="Treadmill", notify=notices.append, reconnecting=False
        )

    monkeypatch.setattr("kicktimer.devices.link.RECONNECT_DELAYS_S", (0.0,))
    got = asyncio.run(go())
    assert [link.hung_up for link in links] == [True, False]
    assert got is links[1]
    assert notices == ["Treadmill: no Treadmill Data", "Treadmill connected"]
