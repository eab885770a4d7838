"""Zwift .zwo XML in and out: defusedxml for reading (no entities, no DTD), escaping for writing.

Reading checks the size first, then parses with defusedxml, which refuses
entity declarations (the "billion laughs") and external entities instead of
expanding them; every element must be one the format has.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape, quoteattr

from kicktimer.core.convert.draft import ImportRefused
from kicktimer.core.convert.zwo import STEP_ELEMENTS, ZwoDoc, ZwoElement, ZwoEvent

MAX_ZWO_BYTES = 1024 * 1024
# Elements Zwift's own files carry that say nothing about the steps.
_HEADER = {
    "author",
    "name",
    "description",
    "sportType",
    "durationType",
    "tags",
    "tag",
    "workout",
    "category",
    "subcategory",
    "categoryIndex",
    "categoryOverride",
    "uniqueId",
    "legacyIdHash",
    "ftpOverride",
    "thumbnail",
    "overrideHash",
}
_EVENTS = {"textevent", "TextEvent", "textEvent"}


def write_zwo(doc: ZwoDoc) -> str:
    """The document as a .zwo file."""
    lines = [
        "<workout_file>",
        f"  <author>{escape(doc.author)}</author>",
        f"  <name>{escape(doc.name)}</name>",
        f"  <description>{escape(doc.description)}</description>",
        f"  <sportType>{doc.sport}</sportType>",
        f"  <durationType>{doc.duration_type}</durationType>",
        "  <tags/>",
        "  <workout>",
    ]
    offset_name = "distoffset" if doc.duration_type == "distance" else "timeoffset"
    for element in doc.elements:
        attrs = " ".join(f"{key}={quoteattr(value)}" for key, value in element.attrs.items())
        if not element.events:
            lines.append(f"    <{element.tag} {attrs}/>")
            continue
        lines.append(f"    <{element.tag} {attrs}>")
        for event in element.events:
            offset = f'{offset_name}="{round(event.offset, 1):g}"'
            lines.append(f"      <textevent {offset} message={quoteattr(event.message)}/>")
        lines.append(f"    </{element.tag}>")
    lines += ["  </workout>", "</workout_file>"]
    return "\n".join(lines) + "\n"


class _Positions(ET.TreeBuilder):
    """A tree builder that remembers where each element starts (expat's line and column)."""

    def __init__(self) -> None:
        super().__init__()
        self.parser: ET.XMLParser | None = None
        self.positions: dict[int, tuple[int, int]] = {}

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        element = super().start(tag, attrs)
        expat = getattr(self.parser, "parser", None)
        if expat is not None:
            self.positions[id(element)] = (expat.CurrentLineNumber, expat.CurrentColumnNumber + 1)
        return element


def read_zwo(data: bytes) -> ZwoDoc:
    """Parse a .zwo; ImportRefused at the line and column of what is wrong."""
    import defusedxml
    from defusedxml.ElementTree import DefusedXMLParser

    if len(data) > MAX_ZWO_BYTES:
        raise ImportRefused(
            f"the file is over {MAX_ZWO_BYTES // 1024} KiB; a workout file is far smaller", 1, 1
        )
    builder = _Positions()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True)
    builder.parser = parser
    try:
        parser.feed(data)
        root = parser.close()
    except defusedxml.DTDForbidden:
        raise ImportRefused("the file declares a DTD (entities); a .zwo has none", 1, 1) from None
    except (defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden):
        raise ImportRefused("the file declares entities; a .zwo has none", 1, 1) from None
    except ET.ParseError as error:
        line, column = error.position
        raise ImportRefused(
            f"not well-formed XML: {error.msg if hasattr(error, 'msg') else error}", line, column + 1
        ) from None

    def where(element: ET.Element) -> tuple[int, int]:
        return builder.positions.get(id(element), (1, 1))

    if root.tag != "workout_file":
        raise ImportRefused(f"<{root.tag}> is not a Zwift workout (<workout_file>)", *where(root))
    for element in root.iter():
        known = element.tag in _HEADER or element.tag in _EVENTS or element.tag in STEP_ELEMENTS
        if not known and element is not root:
            raise ImportRefused(f"unknown element <{element.tag}>", *where(element))
    workout = root.find("workout")
    elements: list[ZwoElement] = []
    for child in [] if workout is None else list(workout):
        if child.tag not in STEP_ELEMENTS:
            raise ImportRefused(f"<{child.tag}> is not a step of a workout", *where(child))
        events = []
        for event in child:
            if event.tag not in _EVENTS:
                raise ImportRefused(f"<{event.tag}> inside <{child.tag}>", *where(event))
            offset = event.get("timeoffset", event.get("distoffset", "0"))
            try:
                value = float(offset)
            except ValueError:
                raise ImportRefused(f"textevent offset {offset!r} is not a number", *where(event)) from None
            events.append(ZwoEvent(value, event.get("message", "")))
        line, column = where(child)
        elements.append(ZwoElement(child.tag, dict(child.attrib), tuple(events), line, column))
    sport = root.find("sportType")
    return ZwoDoc(
        name=root.findtext("name", ""),
        sport=root.findtext("sportType", ""),
        duration_type=root.findtext("durationType", "time"),
        elements=tuple(elements),
        description=root.findtext("description", ""),
        sport_pos=where(sport) if sport is not None else (1, 1),
    )
