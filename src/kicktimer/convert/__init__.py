"""`kick convert`'s shell: FIT bytes, XML and files around the pure mappings in kicktimer.core.convert.

The libraries here (garmin-fit-sdk, defusedxml) are the optional `convert`
extra; nothing under core/ or workout/ imports them.
"""
