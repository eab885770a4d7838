"""Bluetooth fitness devices: an FTMS treadmill and a heart-rate strap.

`ftms_codec` is pure (bytes in, values out). `link` is the small GATT-link
seam with its bleak and bumble implementations, `treadmill` the FTMS control
session on top of it. Nothing here is imported unless a device is asked for,
and the engine never knows a device is there.
"""
