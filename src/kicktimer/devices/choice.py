"""Which transport and devices a command uses: the command line, then the environment, then config.toml."""

from __future__ import annotations

import os

from kicktimer.devices.settings import DeviceConfig

TRANSPORT_ENV = "KICK_BLE_TRANSPORT"


def transport_for(option: str | None, config: DeviceConfig) -> str:
    """`--ble`, else $KICK_BLE_TRANSPORT, else `[bluetooth] transport`, else bleak."""
    return option or os.environ.get(TRANSPORT_ENV) or config.transport


def devices_for(
    config: DeviceConfig, *, transport: str | None, treadmill: str | None, heart_rate: str | None
) -> DeviceConfig:
    """The devices one run uses: the options win over `[treadmill] device` and `[heart_rate] device`."""
    return config.overridden(
        transport=transport_for(transport, config), treadmill=treadmill, heart_rate=heart_rate
    )
