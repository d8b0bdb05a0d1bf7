"""The OCR-engine seam: what extract/ asks of an OCR program, and engines for tests.

An :class:`OcrEngine` reads the words of an image (each with its box in the
image's pixels and a confidence 0..100, optionally with character boxes) for a
:class:`ReadRequest` (page segmentation mode, language model, character set),
and finds a page's orientation. Tesseract (:class:`extract.tesseract.TesseractEngine`)
is the one real implementation. For tests:

- :class:`RecordingEngine` wraps a real engine and records every call;
- :class:`ReplayEngine` plays such a recording back, so that the grid, the
  cell assignment and the re-read logic run in milliseconds with Tesseract's
  real answers and no Tesseract;
- :class:`CrashingEngine` fails the way a broken OCR install does, for the
  batch's failure paths.

Engines are small frozen dataclasses (or picklable objects) so that the page
pool can hand them to its worker processes.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Protocol, Sequence, runtime_checkable

import numpy as np

from .errors import ExtractError


@dataclass(frozen=True, slots=True)
class Char:
    """One character of a word (hOCR's character boxes, pixels)."""

    text: str
    left: int
    top: int
    right: int
    bottom: int


@dataclass(frozen=True, slots=True)
class Word:
    """One word as the engine read it; the box is in pixels of the image it was given."""

    text: str
    left: int
    top: int
    right: int
    bottom: int
    confidence: float  # 0..100
    block: int = 0
    paragraph: int = 0
    line: int = 0
    chars: tuple[Char, ...] = ()  # only when the request asks for character boxes

    @property
    def center(self) -> tuple[float, float]:
        return (self.left + self.right) / 2, (self.top + self.bottom) / 2

    @property
    def height(self) -> int:
        return self.bottom - self.top

    @property
    def line_key(self) -> tuple[int, int, int]:
        """The engine's own (block, paragraph, line) identity of the word's line."""
        return self.block, self.paragraph, self.line

    def shifted(self, dx: int, dy: int) -> "Word":
        chars = tuple(Char(c.text, c.left + dx, c.top + dy, c.right + dx, c.bottom + dy) for c in self.chars)
        return Word(self.text, self.left + dx, self.top + dy, self.right + dx, self.bottom + dy,
                    self.confidence, self.block, self.paragraph, self.line, chars)


@dataclass(frozen=True)
class Orientation:
    """Orientation detection for a page."""

    #: Clockwise degrees (0, 90, 180, 270) to rotate the image by to make it upright.
    rotate: int
    #: The engine's orientation confidence; for Tesseract's OSD above ~2 is a fairly sure answer.
    confidence: float


@dataclass(frozen=True)
class ReadRequest:
    """How to read one image."""

    #: Page segmentation mode (Tesseract's numbers: 3 automatic, 6 one block,
    #: 7 one line, 8 one word, 11 sparse text).
    psm: int
    #: Language model(s), "+"-joined.
    lang: str = "vie"
    #: Whether words come with their character boxes.
    chars: bool = False
    #: The only characters the engine may answer with ("" = any).
    charset: str = ""


@runtime_checkable
class OcrEngine(Protocol):
    """What extract/ asks of an OCR program."""

    def check(self, lang: str) -> None:
        """Raise :class:`~extract.errors.OcrUnavailable` when the engine or the model is missing."""

    def read(self, image: np.ndarray, dpi: float, request: ReadRequest) -> list[Word]:
        """The words of a grayscale (or RGB) image, in the engine's reading order."""

    def orientation(self, image: np.ndarray, dpi: float) -> Orientation | None:
        """How far to turn the image to make it upright; None when the engine cannot tell."""


# -- recording and replay --------------------------------------------------------------------------

class ReplayMismatch(ExtractError):
    """The code asked a replay engine for a read that the recording does not hold."""

    reason = "internal error"  # a test recording that does not fit the code: a bug, not a bad file


def image_digest(image: np.ndarray) -> str:
    """A short fingerprint of an image's pixels (recorded, reported on a mismatch)."""
    return hashlib.sha1(np.ascontiguousarray(image).tobytes()).hexdigest()[:12]


def _word_dict(word: Word) -> dict:
    data = asdict(word)
    data["chars"] = [list(asdict(c).values()) for c in word.chars]
    return data


def _word_from(data: dict) -> Word:
    chars = tuple(Char(*c) for c in data.get("chars", ()))
    return Word(**{**data, "chars": chars})


@dataclass
class RecordingEngine:
    """An engine that passes every call to ``inner`` and records call and answer."""

    inner: OcrEngine
    calls: list[dict] = field(default_factory=list)

    def check(self, lang: str) -> None:
        self.inner.check(lang)

    def read(self, image: np.ndarray, dpi: float, request: ReadRequest) -> list[Word]:
        words = self.inner.read(image, dpi, request)
        self.calls.append({"op": "read", "request": asdict(request), "shape": list(image.shape),
                           "digest": image_digest(image), "words": [_word_dict(w) for w in words]})
        return words

    def orientation(self, image: np.ndarray, dpi: float) -> Orientation | None:
        found = self.inner.orientation(image, dpi)
        self.calls.append({"op": "orientation", "shape": list(image.shape), "digest": image_digest(image),
                           "orientation": asdict(found) if found else None})
        return found

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps({"calls": self.calls}, ensure_ascii=False, indent=0) + "\n",
                              encoding="utf-8")


@dataclass
class ReplayEngine:
    """Plays a recording back, call by call, in the order it was made.

    Each call must be the recorded one (same operation, request and image
    size), else :class:`ReplayMismatch`: a change in what the code asks the
    engine fails loudly instead of replaying answers to other questions.
    Pixels may differ slightly (another OpenCV), so the digest is not compared.
    """

    calls: list[dict]
    position: int = 0

    @classmethod
    def load(cls, path: str | Path) -> "ReplayEngine":
        return cls(json.loads(Path(path).read_text(encoding="utf-8"))["calls"])

    def check(self, lang: str) -> None:
        return None

    def _next(self, op: str, image: np.ndarray, request: ReadRequest | None) -> dict:
        if self.position >= len(self.calls):
            raise ReplayMismatch(f"call {self.position + 1}: {op} asked, the recording has ended")
        call = self.calls[self.position]
        wanted = {"op": op, "shape": list(image.shape)}
        if request is not None:
            wanted["request"] = asdict(request)
        got = {key: call.get(key) for key in wanted}
        if got != wanted:
            raise ReplayMismatch(f"call {self.position + 1}: asked {wanted}, recorded {got}")
        self.position += 1
        return call

    def read(self, image: np.ndarray, dpi: float, request: ReadRequest) -> list[Word]:
        return [_word_from(w) for w in self._next("read", image, request)["words"]]

    def orientation(self, image: np.ndarray, dpi: float) -> Orientation | None:
        found = self._next("orientation", image, None)["orientation"]
        return Orientation(**found) if found else None

    @property
    def finished(self) -> bool:
        return self.position == len(self.calls)


class EngineCrashed(ExtractError):
    """The OCR program died while reading a page."""

    reason = "crashed"  # one of pipeline.failures.Reason


@dataclass(frozen=True)
class CrashingEngine:
    """An engine that fails on every read (and ``check`` passes), like a Tesseract
    that starts but dies on the page: for the batch's failure paths."""

    message: str = "tesseract died (signal 11)"

    def check(self, lang: str) -> None:
        return None

    def read(self, image: np.ndarray, dpi: float, request: ReadRequest) -> Sequence[Word]:
        raise EngineCrashed(self.message)

    def orientation(self, image: np.ndarray, dpi: float) -> Orientation | None:
        raise EngineCrashed(self.message)
