"""pdfplumber's page objects (chars, lines, rects, curves, images …) made from
the page's pdfminer layout as pdfplumber makes them, with less work per object.

pdfplumber's ``Page.parse_objects`` turns every layout object into a dict: the
object's attributes that pdfplumber keeps, each passed through ``resolve_all``
(which rebuilds every tuple and list to resolve indirect references), its kind
found by a regular expression on its class name, its colour space's name
decoded character by character, and its box turned into top/bottom. That is
about a fifth of a text page's time. Here the same dicts are built with the
same keys in the same order and the same values computed by the same
expressions, but what does not change from object to object is worked out once
(the kind and type tests of each class, the decoded colour-space names, the
page's box), and ``resolve_all`` is skipped for values it would return unchanged
(numbers, strings, tuples of them). tests/test_content_stream.py compares every
key of every object with pdfplumber's own on real pages.

Written against pdfplumber 0.11's ``Page.process_object`` and
``iter_layout_objects``; the test fails if a pdfplumber release changes them.
"""
from __future__ import annotations

from typing import Any, Iterator
from unicodedata import normalize as normalize_unicode

from pdfminer.layout import LTChar, LTComponent, LTContainer, LTCurve, LTTextContainer
from pdfplumber.page import ALL_ATTRS, fix_fontname_bytes, lt_pat
from pdfplumber.utils import resolve_all, resolve_and_decode

_PLAIN = frozenset((float, int, str, bool, bytes, type(None)))


def _resolved(value: Any) -> Any:
    """``resolve_all(value)``: the value itself when it holds nothing to resolve."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is tuple:
        for item in value:
            if type(item) not in _PLAIN:
                return resolve_all(value)
        return value  # resolve_all would make an equal tuple
    return resolve_all(value)


class _Kind:
    """What pdfplumber's process_object tests of an object, worked out once for its class."""

    def __init__(self, cls: type) -> None:
        self.name = lt_pat.sub("", cls.__name__).lower()
        self.text = issubclass(cls, (LTChar, LTTextContainer))
        self.char = issubclass(cls, LTChar)
        self.curve = issubclass(cls, LTCurve)
        self.container = issubclass(cls, LTContainer)


class _PageObjects:
    """The dicts of one page's layout objects, as ``pdfplumber.Page.parse_objects`` makes them."""

    def __init__(self, page) -> None:
        self.page_number = page.page_number
        self.unicode_norm = page.pdf.unicode_norm
        self.processes_containers = page.pdf.laparams is not None
        self.mediabox = page.mediabox
        self.height = page.height
        self.initial_doctop = page.initial_doctop
        self.kinds: dict[type, _Kind] = {}
        self.colorspaces: dict[str, Any] = {}

    def point2coord(self, pt: tuple) -> tuple:
        # pdfplumber's Page.point2coord, same expression
        return (self.mediabox[0] + pt[0], self.mediabox[1] + self.height - pt[1])

    def colorspace_name(self, name: Any) -> Any:
        if type(name) is not str:
            return resolve_and_decode(name)
        decoded = self.colorspaces.get(name)
        if decoded is None:
            decoded = self.colorspaces[name] = resolve_and_decode(name)
        return decoded

    def process_object(self, obj: LTComponent, kind: _Kind) -> dict:
        attr = {k: _resolved(v) for k, v in obj.__dict__.items() if k in ALL_ATTRS}
        attr["object_type"] = kind.name
        attr["page_number"] = self.page_number
        for cs in ("ncs", "scs"):
            if hasattr(obj, cs):
                attr[cs] = self.colorspace_name(getattr(obj, cs).name)
        if kind.text:
            text = obj.get_text()
            attr["text"] = (normalize_unicode(self.unicode_norm, text)
                            if self.unicode_norm is not None else text)
        if kind.char:
            gs = obj.graphicstate
            attr["stroking_color"] = gs.scolor if isinstance(gs.scolor, tuple) else (gs.scolor,)
            attr["non_stroking_color"] = gs.ncolor if isinstance(gs.ncolor, tuple) else (gs.ncolor,)
            if isinstance(attr["fontname"], bytes):
                attr["fontname"] = fix_fontname_bytes(attr["fontname"])
        elif kind.curve:
            point2coord = self.point2coord
            attr["pts"] = list(map(point2coord, attr["pts"]))
            attr["path"] = [(cmd, *map(point2coord, pts)) for cmd, *pts in obj.original_path]
            attr["dash"] = obj.dashing_style
        mb_x0, mb_top = self.mediabox[:2]
        if "y0" in attr:
            attr["top"] = (self.height - attr["y1"]) + mb_top
            attr["bottom"] = (self.height - attr["y0"]) + mb_top
            attr["doctop"] = self.initial_doctop + attr["top"]
        if "x0" in attr and mb_x0 != 0:
            attr["x0"] = attr["x0"] + mb_x0
            attr["x1"] = attr["x1"] + mb_x0
        return attr

    def iter_layout_objects(self, layout_objects: list) -> Iterator[dict]:
        kinds = self.kinds
        for obj in layout_objects:
            kind = kinds.get(obj.__class__)
            if kind is None:
                kind = kinds[obj.__class__] = _Kind(obj.__class__)
            if kind.container:
                if self.processes_containers:
                    yield self.process_object(obj, kind)
                yield from self.iter_layout_objects(obj._objs)
            else:
                yield self.process_object(obj, kind)


def page_objects(page) -> dict[str, list[dict]]:
    """What ``page.objects`` gives for a pdfplumber page (the layout is parsed if it is not yet)."""
    objects: dict[str, list[dict]] = {}
    for obj in _PageObjects(page).iter_layout_objects(page.layout._objs):
        kind = obj["object_type"]
        if kind in ["anno"]:
            continue
        if objects.get(kind) is None:
            objects[kind] = []
        objects[kind].append(obj)
    return objects


def set_page_objects(page) -> None:
    """Set :func:`page_objects` as the page's objects, before anything reads them
    (pdfplumber keeps them in ``_objects``; a page that has them keeps its own)."""
    if "_objects" not in vars(page):
        page._objects = page_objects(page)
