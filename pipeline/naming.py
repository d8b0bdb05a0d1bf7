"""Output names that can never collide.

Each input ``NAME.ext`` is written as ``OUT/NAME.json`` (``.csv``, ``.xlsx``)
when that name is safe; otherwise as ``OUT/NAME~HASH.*``, where HASH is taken
from the input's full path, so the name is the same on every run of the same
batch. A name is not safe, and gets the hash, when:

- another input of the batch has the same name once case, Unicode
  normalisation and the suffix are ignored (``a/plan.pdf``, ``b/plan.txt``);
- it is a batch report's name (``summary``, ``errors``, ``manifest``, ``report``, ``inputs``);
- it looks like a hashed name itself (``plan~0a1b2c3d``), so it can never
  equal another input's hashed name;
- it is too long for the file system once a suffix and the temporary-file
  affixes are added (it is cut at a character boundary; the JSON keeps the
  full name in ``source.file``);
- it is hidden (starts with ``.``), holds control characters or ``/``, or
  bytes that are not UTF-8 (shown as U+FFFD in the reports and the JSON).

Hashed names are then checked for uniqueness; should two hashes agree, the
hash is made longer until they do not.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

#: Stems a batch's own files use (summary.csv, errors.json, manifest.sqlite, report.html, inputs.jsonl).
RESERVED_STEMS = frozenset({"summary", "errors", "manifest", "report", "inputs"})
_HASHED = re.compile(r"~[0-9a-f]{8,}$")
_UNSAFE_CHARS = re.compile(r"[\x00-\x1f\x7f/\\]")


@dataclass(frozen=True)
class NamingSettings:
    #: Longest output stem, in UTF-8 bytes. Linux allows 255 bytes a name; the
    #: suffix (".xlsx") and write_atomic's temporary name (".NAME.PID-xxxxxxxx.part")
    #: add up to 30 more, and some file systems (eCryptfs) allow only ~143.
    max_stem_bytes: int = 120
    #: Hex digits of the path hash (32 bits: a clash in a batch is checked anyway).
    hash_digits: int = 8


def printable(name: str) -> str:
    """A file name as text that can be written as UTF-8: bytes that were not UTF-8 become U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _fold(stem: str) -> str:
    """How a file system that ignores case and normalisation would see a name."""
    return unicodedata.normalize("NFC", stem).casefold()


def _cut(stem: str, max_bytes: int) -> str:
    data = stem.encode("utf-8")
    if len(data) <= max_bytes:
        return stem
    return data[:max_bytes].decode("utf-8", errors="ignore")


def _path_key(path: Path) -> str:
    try:
        return str(path.resolve())
    except OSError:
        return str(path.absolute())


def _needs_hash(stem: str, settings: NamingSettings) -> bool:
    return (not stem or stem.startswith(".") or bool(_UNSAFE_CHARS.search(stem)) or printable(stem) != stem
            or _fold(stem) in RESERVED_STEMS or bool(_HASHED.search(stem))
            or len(stem.encode("utf-8")) > settings.max_stem_bytes)


def output_stems(paths: list[Path], settings: NamingSettings | None = None) -> dict[Path, str]:
    """A distinct output stem for every input path (see the module docstring)."""
    settings = settings or NamingSettings()
    counts: dict[str, int] = {}
    for path in paths:
        counts[_fold(path.stem)] = counts.get(_fold(path.stem), 0) + 1
    plain = {path: path.stem for path in paths
             if counts[_fold(path.stem)] == 1 and not _needs_hash(path.stem, settings)}
    hashed = [path for path in paths if path not in plain]
    digits = settings.hash_digits
    while True:
        names = dict(plain)
        for path in hashed:
            base = _UNSAFE_CHARS.sub("_", unicodedata.normalize("NFC", printable(path.stem))).lstrip(".") or "file"
            base = _cut(base, settings.max_stem_bytes - digits - 1)
            key = _path_key(path).encode("utf-8", "surrogateescape")
            names[path] = f"{base}~{hashlib.sha256(key).hexdigest()[:digits]}"
        if len({_fold(n) for n in names.values()}) == len(names) or digits >= 64:
            return names
        digits += 4
