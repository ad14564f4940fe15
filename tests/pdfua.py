"""A small checker of what PDF/UA-1 requires and a script can see (not a validator: see README,
"PDFs checked as documents", for veraPDF). ``problems(path)`` lists what a PDF lacks."""
from __future__ import annotations

import re
from pathlib import Path

import pikepdf

PDFUA_PART = "{http://www.aiim.org/pdfua/ns/id/}part"
DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"


def _elements(node, found: list) -> None:
    """Every structure element under ``node`` in reading order, as (type, element)."""
    if isinstance(node, pikepdf.Array):
        for child in node:
            _elements(child, found)
    elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
        found.append((str(node.S), node))
        if "/K" in node:
            _elements(node.K, found)


def _role(kind: str, role_map) -> str:
    """A structure type as a standard one, through the document's role map."""
    seen = set()
    while role_map is not None and kind in role_map and kind not in seen:
        seen.add(kind)
        kind = str(role_map[kind])
    return kind


def _fonts(resources, seen: set) -> list:
    """Every font of a resource dictionary, those of its form XObjects included."""
    fonts = []
    if resources is None or resources.objgen in seen and resources.objgen != (0, 0):
        return fonts
    seen.add(resources.objgen)
    for font in (resources.get("/Font") or {}).values():
        fonts.append(font)
    for xobject in (resources.get("/XObject") or {}).values():
        if xobject.get("/Subtype") == "/Form":
            fonts += _fonts(xobject.get("/Resources"), seen)
    return fonts


def _embedded(font) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # glyphs drawn by the font's own content streams
    if font.get("/Subtype") == "/Type0":
        font = font.DescendantFonts[0]
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def problems(path: Path) -> list[str]:
    found: list[str] = []
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        mark = root.get("/MarkInfo")
        if mark is None or not bool(mark.get("/Marked", False)):
            found.append("not tagged: /MarkInfo /Marked is not true")
        tree = root.get("/StructTreeRoot")
        elements: list = []
        if tree is None:
            found.append("no /StructTreeRoot")
        else:
            _elements(tree.get("/K"), elements)
        role_map = tree.get("/RoleMap") if tree is not None else None
        kinds = [_role(kind, role_map) for kind, _ in elements]
        if not kinds or kinds[0] != "/Document":
            found.append(f"the structure tree does not start with a /Document element: {kinds[:1]}")
        language = str(root.get("/Lang", "")).strip()
        if not re.fullmatch(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]+)*", language):
            found.append(f"no valid /Lang in the catalogue: {language!r}")
        viewer = root.get("/ViewerPreferences")
        if viewer is None or not bool(viewer.get("/DisplayDocTitle", False)):
            found.append("/ViewerPreferences /DisplayDocTitle is not true")
        with pdf.open_metadata() as xmp:
            if str(xmp.get(PDFUA_PART, "")) != "1":
                found.append(f"XMP pdfuaid:part is not 1: {xmp.get(PDFUA_PART)!r}")
            if not str(xmp.get(DC_TITLE, "")).strip():
                found.append("XMP dc:title is empty")
        seen: set = set()
        for number, page in enumerate(pdf.pages, start=1):
            for font in _fonts(page.obj.get("/Resources"), seen):
                if not _embedded(font):
                    found.append(f"page {number}: font {font.get('/BaseFont')} is not embedded")
        figures = [element for kind, element in elements if _role(kind, role_map) == "/Figure"]
        if not figures:
            found.append("no /Figure (the QR code) in the structure tree")
        for figure in figures:
            if not str(figure.get("/Alt", "")).strip():
                found.append("a /Figure without /Alt text")
        levels = [int(kind[2]) for kind in kinds if re.fullmatch(r"/H[1-6]", kind)]
        if not levels or levels[0] != 1:
            found.append(f"the first heading is not /H1: {levels[:1]}")
        for before, after in zip(levels, levels[1:]):
            if after > before + 1:
                found.append(f"headings skip a level: /H{before} then /H{after}")
    return found
