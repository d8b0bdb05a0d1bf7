"""Escaped HTML pieces: every text and attribute value goes through here.

File names and cell texts are untrusted: a cell holding ``<script>`` must be
shown as text. Nothing is ever inserted into the page unescaped except the
markup built by these helpers.
"""
from __future__ import annotations

from html import escape


def esc(value: object) -> str:
    """Text or an attribute value, escaped (quotes too)."""
    return escape("" if value is None else str(value), quote=True)


def attrs(**values: object) -> str:
    """` name="value"` pairs; None and False are left out, True is a bare name.

    A trailing underscore is dropped (``class_``) and other underscores
    become dashes (``data_crop`` → ``data-crop``).
    """
    parts = []
    for name, value in values.items():
        if value is None or value is False:
            continue
        name = name.rstrip("_").replace("_", "-")
        parts.append(f" {name}" if value is True else f' {name}="{esc(value)}"')
    return "".join(parts)


def tag(_name: str, _content: str = "", /, **values: object) -> str:
    """An element around ``_content`` (already markup)."""
    return f"<{_name}{attrs(**values)}>{_content}</{_name}>"


def text(_name: str, _text: object, /, **values: object) -> str:
    """An element around a text (escaped)."""
    return tag(_name, esc(_text), **values)


def number(value: object) -> str:
    """A plain number as people read it in Vietnam (1.080,5), or an empty text."""
    if value is None or value == "":
        return ""
    try:
        figure = float(value)
    except (TypeError, ValueError):
        return str(value)
    whole = int(figure)
    if figure == whole:
        return f"{whole:,}".replace(",", ".")
    return f"{figure:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".").rstrip("0").rstrip(",")
