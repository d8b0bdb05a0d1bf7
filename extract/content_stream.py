"""PDF content streams tokenized with one C regular expression, giving exactly
the objects pdfminer's own parser gives, and a pdfminer interpreter that uses it.

pdfminer interprets a page's content stream with ``PDFContentParser``, a pure
Python state machine that costs several microseconds (and a ``log.debug``
call) per token: most of the time a text page costs. Here the decoded stream is
cut into tokens by one compiled pattern (``findall``, in C), and Python only
turns each token into the object pdfminer makes of it, following pdfminer's
own rules (psparser.py), including its quirks: a number ends at any non-digit
(``12Tf`` is 12 and ``Tf``), a keyword runs to the next delimiter (``Tf-5`` is
one keyword), ``#`` in a name takes up to two hex digits, an unknown escape in
a string drops the character, an odd hex digit at the end is its own byte
(``<A>`` is 0x0A), ``true``/``false`` are booleans, a lone ``>`` is nothing.

Whatever this parser does not reproduce for sure is handed back: an inline
image (``BI``/``ID``), a string nested deeper than three levels or not closed,
a hex string not closed, an octal escape over 255, a backslash before a
carriage return (pdfminer's reading there depends on its 4096-byte buffers), a
procedure ``{ }``, a closing ``]``/``>>`` without its opening, an odd or
non-name dictionary key, an array left open, or a stream that ends in the middle
of something pdfminer would carry over to the next stream. Then
:func:`content_objects` returns None, and :class:`ContentInterpreter` runs
pdfminer's own ``execute`` on those streams, so the result is never different.

The interpreter keeps everything else of pdfminer's (fonts, graphics state,
characters' boxes, Form XObjects, which go through ``execute`` as well), so a
page's layout, and every object pdfplumber makes of it, is the one pdfplumber
would make. :func:`parse_page` builds that layout as pdfplumber's
``Page.layout`` does and sets it on the page before anything reads its objects.
"""
from __future__ import annotations

import binascii
import logging
import re
from typing import Sequence

from pdfminer import settings as pdfminer_settings
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdftypes import PDFStream, stream_value
from pdfminer.psparser import KWD, LIT, PSKeyword, PSLiteral, keyword_name, literal_name

log = logging.getLogger(__name__)

_DELIMITED = rb"[^#/%\[\]()<>{}\s]"  # a character that continues a name or keyword
_STRING_ITEM = rb"(?:[^()\\]|\\.)"
_STRING = rb"\((?:%s|\((?:%s|\((?:%s)*\))*\))*\)" % (_STRING_ITEM, _STRING_ITEM, _STRING_ITEM)

#: One token of a content stream, after the white space (and NUL bytes) that
#: pdfminer skips between tokens; each alternative is one of pdfminer's states.
#: Every non-blank byte starts a match, so ``findall`` skips nothing but blanks.
_TOKEN = re.compile(
    rb"[\s\x00]*+("
    rb"[-+0-9][0-9]*+(?:\.[0-9]*+)?|\.[0-9]*+"   # number (int, or float after a '.')
    rb"|[A-Za-z]" + _DELIMITED + rb"*+"           # keyword, true, false
    rb"|/(?:" + _DELIMITED + rb"|#[0-9a-fA-F]{0,2})*+"  # name
    rb"|" + _STRING +                             # literal string, nested up to 3 levels
    rb"|<<|>>"                                    # dictionary brackets
    rb"|<[\s0-9a-fA-F]*+(?=[^\s0-9a-fA-F])"       # hex string; its end is read as the next token
    rb"|%[^\r\n]*+"                               # comment
    rb"|[^\s\x00]"                                # a one-byte keyword ('"[]{}), a lone '>',
    rb")",                                        # or a '(' this pattern cannot close
    re.DOTALL)

_ESCAPE = re.compile(rb"\\([0-7]{1,3}|.)", re.DOTALL)
_ESCAPED = {b"b": b"\x08", b"t": b"\t", b"n": b"\n", b"f": b"\x0c", b"r": b"\r",
            b"(": b"(", b")": b")", b"\\": b"\\"}
_NAME_HEX = re.compile(rb"#([0-9a-fA-F]{0,2})")
_HEX_BODY = re.compile(rb"[\s0-9a-fA-F]*")
_NAME_TO_END = re.compile(rb"/(?:" + _DELIMITED + rb"|#)*")
_BLANKS = b" \t\n\r\x0b\x0c"
_NUMBER_START = frozenset(b"+-.0123456789")


class _Unusual(Exception):
    """Something this parser does not reproduce for sure: pdfminer parses the streams."""


class _Mark:
    """A token that opens or closes an array or a dictionary, or that stops this parser."""

    def __init__(self, name: str) -> None:
        self.name = name


_OPEN_ARRAY, _CLOSE_ARRAY, _OPEN_DICT, _CLOSE_DICT, _NOTHING, _STOP = (
    _Mark(n) for n in ("[", "]", "<<", ">>", "nothing", "stop"))
_MARKS = {b"[": _OPEN_ARRAY, b"]": _CLOSE_ARRAY, b"<<": _OPEN_DICT, b">>": _CLOSE_DICT,
          b">": _NOTHING, b"{": _STOP, b"}": _STOP, b"(": _STOP}
_INLINE_IMAGE = (KWD(b"BI"), KWD(b"ID"))


def _unescape(match: re.Match) -> bytes:
    code = match.group(1)
    if code[0] in b"01234567":
        value = int(code, 8)
        if value > 255:  # pdfminer asserts
            raise _Unusual("octal escape over 255")
        return bytes((value,))
    return _ESCAPED.get(code, b"")  # pdfminer drops an unknown escaped character


def _string(token: bytes) -> bytes:
    body = token[1:-1]
    if b"\\" not in body:
        return body
    if b"\\\r" in body:
        raise _Unusual("backslash before a carriage return")
    return _ESCAPE.sub(_unescape, body)


def _hex_string(token: bytes) -> bytes:
    digits = token[1:].translate(None, _BLANKS)
    if len(digits) % 2:
        return binascii.unhexlify(digits[:-1]) + bytes((int(digits[-1:], 16),))
    return binascii.unhexlify(digits)


def _simple(token: bytes) -> object:
    """The object of a token that is always the same object (all but strings)."""
    mark = _MARKS.get(token)
    if mark is not None:
        return mark
    first = token[0]
    if first == 0x25:  # '%': a comment, which pdfminer drops
        return _NOTHING
    if first in _NUMBER_START:
        try:
            return float(token) if b"." in token else int(token)
        except ValueError:  # '-', '+', '.', '-.': pdfminer drops them
            return _NOTHING
    if first == 0x2F:  # '/'
        name = token[1:]
        if b"#" in name:
            name = _NAME_HEX.sub(lambda m: bytes((int(m.group(1), 16),)) if m.group(1) else b"", name)
        try:
            return LIT(str(name, "utf-8"))
        except UnicodeDecodeError:
            return LIT(name)
    if token == b"true":
        return True
    if token == b"false":
        return False
    keyword = KWD(token)
    return _STOP if keyword in _INLINE_IMAGE else keyword


def _check_end(data: bytes, last: bool) -> None:
    """Refuse a stream whose end pdfminer reads otherwise than an end of tokens."""
    opening = data.rfind(b"<")
    if opening >= 0 and _HEX_BODY.fullmatch(data, opening + 1):
        raise _Unusual("a hex string runs to the end of the stream")
    slash = data.rfind(b"/")
    if slash >= 0 and (slash == len(data) - 1 or b"#" in data[slash:]) \
            and _NAME_TO_END.fullmatch(data, slash):
        raise _Unusual("the stream ends in a name pdfminer would read on")
    if not last and data.endswith(b">"):
        raise _Unusual("the stream ends with '>', which pdfminer pairs with the next stream's")


def _parse(datas: Sequence[bytes]) -> list:
    out: list = []
    items = out
    open_items: list[tuple[_Mark, list]] = []
    cache: dict[bytes, object] = {}
    for index, data in enumerate(datas):
        _check_end(data, index == len(datas) - 1)
        for token in _TOKEN.findall(data):
            first = token[0]
            if first == 0x28 and len(token) > 1:  # '(': a literal string
                items.append(_string(token))
                continue
            if first == 0x3C and (len(token) == 1 or token[1] != 0x3C):  # '<': a hex string
                # (_check_end made sure that it is closed, even when empty: '<>')
                items.append(_hex_string(token))
                continue
            obj = cache.get(token)
            if obj is None:
                obj = cache[token] = _simple(token)
            if obj.__class__ is not _Mark:
                items.append(obj)
            elif obj is _NOTHING:
                continue
            elif obj is _OPEN_ARRAY or obj is _OPEN_DICT:
                open_items.append((obj, items))
                items = []
            elif obj is _STOP or not open_items:
                raise _Unusual(f"token {token[:20]!r}")
            else:
                kind, outer = open_items.pop()
                if obj is _CLOSE_ARRAY and kind is _OPEN_ARRAY:
                    outer.append(items)
                elif obj is _CLOSE_DICT and kind is _OPEN_DICT:
                    outer.append(_dictionary(items))
                else:
                    raise _Unusual("mismatched brackets")
                items = outer
    if open_items:
        raise _Unusual("an array or dictionary left open")
    return out


def _dictionary(items: list) -> dict:
    if len(items) % 2:
        raise _Unusual("a dictionary with an odd number of items")
    result = {}
    for key, value in zip(items[::2], items[1::2]):
        if not isinstance(key, PSLiteral):
            raise _Unusual("a dictionary key that is not a name")
        result[literal_name(key)] = value
    return result


def content_objects(datas: Sequence[bytes]) -> list | None:
    """The operands and operators pdfminer's ``PDFContentParser`` reads from
    these decoded streams (in order, as one content), or None when this parser
    cannot be sure to read them as pdfminer does."""
    try:
        return _parse(datas)
    except _Unusual as why:
        log.debug("content stream left to pdfminer's parser: %s", why)
        return None


class ContentInterpreter(PDFPageInterpreter):
    """pdfminer's page interpreter, reading content streams with :func:`content_objects`.

    Form XObjects are interpreted by a copy of this class (pdfminer's ``dup``),
    so they are read the same way; streams this parser refuses are read by
    pdfminer's own ``execute``.
    """

    def execute(self, streams: Sequence[object]) -> None:
        if pdfminer_settings.STRICT:  # pdfminer raises on what this parser reads leniently
            return super().execute(streams)
        valid: list[PDFStream] = []
        for obj in streams:
            stream = stream_value(obj)
            if stream.objid is None or stream.objid in self.parent_stream_ids:
                return super().execute(streams)  # pdfminer's warnings, pdfminer's way
            valid.append(stream)
        try:
            datas = [stream.get_data() for stream in valid]
        except Exception:  # noqa: BLE001 - pdfminer raises (or not) at the same point itself
            return super().execute(streams)
        objects = content_objects(datas) if all(isinstance(d, bytes) for d in datas) else None
        if objects is None:
            return super().execute(streams)
        self.stream_ids.clear()
        self.stream_ids.update(stream.objid for stream in valid)
        operators: dict[PSKeyword, tuple] = {}
        for obj in objects:
            if obj.__class__ is not PSKeyword:
                self.argstack.append(obj)
                continue
            operator = operators.get(obj)
            if operator is None:
                name = keyword_name(obj)
                method = "do_" + name.replace("*", "_a").replace('"', "_w").replace("'", "_q")
                func = getattr(self, method, None)
                operator = operators[obj] = (func, func.__code__.co_argcount - 1 if func else 0)
            func, nargs = operator
            if func is None:
                continue
            if nargs:
                args = self.pop(nargs)
                if len(args) == nargs:
                    func(*args)
            else:
                func()
        return None


def parse_page(page) -> None:
    """Interpret a pdfplumber page's content with :class:`ContentInterpreter`
    and set the result as the page's layout, as ``Page.layout`` would (the same
    device, the same errors); a page already parsed is left as it is."""
    if "_layout" in vars(page):
        return
    from pdfplumber.page import PDFPageAggregatorWithMarkedContent
    from pdfplumber.utils.exceptions import PdfminerException

    device = PDFPageAggregatorWithMarkedContent(page.pdf.rsrcmgr, pageno=page.page_number,
                                                laparams=page.pdf.laparams)
    interpreter = ContentInterpreter(page.pdf.rsrcmgr, device)
    try:
        interpreter.process_page(page.page_obj)
    except Exception as e:  # noqa: BLE001 - wrapped as pdfplumber wraps it
        raise PdfminerException(e)
    page._layout = device.get_result()
