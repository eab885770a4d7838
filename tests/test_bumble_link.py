"""What only the bumble link does: it pairs by itself (BlueZ does it for bleak), so it must do it once.

The treadmill session's own behaviour is checked on both links in
test_treadmill_session.py.
"""

from __future__ import annotations

import asyncio

from kicktimer.devices import ftms_codec as codec
from kicktimer.devices.link_bumble import BumbleRadio
from treadmill_sim import Simulator, Switches, central_device


async def test_overlapping_writes_to_an_encrypted_control_point_pair_once() -> None:
    """Two writes refused for want of encryption at once: one Just Works pairing serves both (two
    pairings at once fail in bumble's host, and the link dropped), and both writes then go through."""
    sim = await Simulator.start(Switches(encrypted_control_point=True))
    central = central_device(sim.link)
    await central.power_on()
    pairings: list[object] = []
    central.on(central.EVENT_CONNECTION, lambda connection: connection.on("pairing", pairings.append))
    link = await BumbleRadio(central, None).connect(Simulator.TREADMILL_NAME, seconds=5)
    dropped: list[None] = []
    link.on_disconnect(lambda: dropped.append(None))
    try:
        answers: list[bytes] = []
        await link.subscribe(codec.FTMS_CONTROL_POINT, answers.append)
        async with asyncio.timeout(20):
            await asyncio.gather(
                link.write(codec.FTMS_CONTROL_POINT, codec.request_control()),
                link.write(codec.FTMS_CONTROL_POINT, codec.set_target_speed(900)),
            )
        await sim.treadmill.log.wait_for(lambda e: len(e) == 2, 5)
        assert sorted(sim.treadmill.log.entries, key=str) == [("control", None), ("speed", 9.0)]
        assert len(pairings) == 1
        assert dropped == []
    finally:
        await asyncio.wait_for(link.disconnect(), 5)
        await sim.stop()
