"""Read a kehoach/1 JSON document back into the :mod:`normalize.model` dataclasses.

The inverse of :func:`pipeline.writers.result_json`: numbers of money become
``Decimal`` again (from their printed digits, so 2537.5 stays 2537.5), nested
objects their dataclasses. Fields a document lacks (an output written by an
older kehoach) take the dataclass's default; unknown fields are an error.
"""
from __future__ import annotations

import dataclasses
import types
import typing
from decimal import Decimal
from typing import Any

from normalize import model
from normalize.model import SCHEMA_ID, Result

#: JSON names that the dataclasses spell differently (a Python keyword).
FIELD_NAME = {"from": "from_"}


class LoadError(ValueError):
    """The JSON is not a kehoach/1 document."""


def _convert(kind: Any, value: Any, where: str) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [k for k in typing.get_args(kind) if k is not type(None)]
        return _convert(options[0], value, where) if len(options) == 1 else value
    if origin is list:
        (item,) = typing.get_args(kind)
        return [_convert(item, v, f"{where}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        _, item = typing.get_args(kind)
        return {k: _convert(item, v, f"{where}.{k}") for k, v in value.items()}
    if kind is Decimal:
        return Decimal(str(value))
    if dataclasses.is_dataclass(kind):
        return from_json_data(kind, value, where)
    return value


def from_json_data(cls: type, data: dict, where: str = "$") -> Any:
    """An instance of dataclass ``cls`` from its JSON object."""
    if not isinstance(data, dict):
        raise LoadError(f"{where}: expected an object for {cls.__name__}")
    hints = typing.get_type_hints(cls, vars(model))
    names = {f.name for f in dataclasses.fields(cls)}
    values = {}
    for key, value in data.items():
        name = FIELD_NAME.get(key, key)
        if name not in names:
            raise LoadError(f"{where}: {cls.__name__} has no field {key!r}")
        values[name] = _convert(hints[name], value, f"{where}.{key}")
    try:
        return cls(**values)
    except TypeError as exc:
        raise LoadError(f"{where}: {exc}") from None


def result_from_json(data: dict) -> Result:
    """A :class:`Result` from a kehoach/1 document (as ``json.load`` gives it)."""
    if not isinstance(data, dict) or data.get("schema") != SCHEMA_ID:
        raise LoadError(f"not a {SCHEMA_ID} document (schema: {data.get('schema') if isinstance(data, dict) else None!r})")
    return from_json_data(Result, data)
