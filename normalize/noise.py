"""A generator of realistic OCR noise for Vietnamese text (to measure repairs).

``add_ocr_noise(text, rate, seed)`` damages about ``rate`` of the tokens
(words and numbers) the way Tesseract damages a harsh scan:

* ``tone-drop``: the tone mark is lost ("thực" → "thưc");
* ``tone-swap``: the tone is read as a similar one; hỏi ↔ sắc is the commonest
  ("thể" → "thế", "tổ" → "tố"), then huyền/ngã/nặng confusions, and a tone
  may appear on a syllable that had none ("sơ" → "sở");
* ``mark``: a vowel mark or the bar of đ is lost or added (ơ/o, ư/u, â/a,
  ă/a, ê/e, ô/o, đ/d), mostly lost;
* ``case``: a letter whose two cases look alike (c, o, s, v, x, z, ô, ơ …)
  is read in the wrong case inside a word ("công" → "cÔng");
* ``digit-letter``: l/1/I and O/0 confusions ("2019" → "2Ol9", "lĩnh" →
  "Iĩnh", "VIỆT" → "VlỆT").

Every change keeps the token's length (in NFC), so an offset is the same in
the clean and the noisy text. The function is pure: the same text, rate and
seed give the same result (it uses its own ``random.Random(seed)``).
"""
from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

import regex

from extract.model import WordRead

from .repair import SAME_SHAPE, RepairSettings, is_well_formed, known_syllables, place_tone, split_tone, syllable_key

_TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}]+")
_OCR_WORD = regex.compile(r"\S+")

#: Relative frequency of each kind of damage.
KIND_WEIGHTS = {"tone-drop": 0.30, "tone-swap": 0.30, "mark": 0.25, "case": 0.08, "digit-letter": 0.07}
#: For each tone, the tones OCR reads instead, with weights (0 = no mark).
SIMILAR_TONES = {
    0: ((3, 0.4), (1, 0.4), (2, 0.2)),
    1: ((3, 0.6), (2, 0.2), (4, 0.2)),
    2: ((1, 0.5), (3, 0.3), (4, 0.2)),
    3: ((1, 0.6), (4, 0.2), (2, 0.2)),
    4: ((3, 0.5), (1, 0.5)),
    5: ((1, 0.5), (2, 0.3), (3, 0.2)),
}
#: Letters whose marks OCR loses (first) or adds (second list).
MARK_LOSS = {"ơ": "o", "ô": "o", "ư": "u", "â": "a", "ă": "a", "ê": "e", "đ": "d"}
MARK_GAIN = {"o": "ôơ", "u": "ư", "a": "âă", "e": "ê", "d": "đ"}
#: Share of mark errors that lose a mark rather than add one.
LOSS_SHARE = 0.7
#: The lowest confidence the simulation gives a doubted word.
LOWEST_CONFIDENCE = 30.0


def add_ocr_noise(text: str, rate: float, seed: int) -> tuple[str, list[tuple[int, str, str]]]:
    """Damage about ``rate`` of the tokens; return the text and (offset, clean, noisy) per change."""
    rng = random.Random(seed)
    text = unicodedata.normalize("NFC", text)
    pieces: list[str] = []
    changes: list[tuple[int, str, str]] = []
    last = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        if rng.random() >= rate:
            continue
        noisy = damage_token(token, rng)
        if noisy is None or noisy == token:
            continue
        pieces.append(text[last:match.start()])
        pieces.append(noisy)
        last = match.end()
        changes.append((match.start(), token, noisy))
    pieces.append(text[last:])
    return "".join(pieces), changes


def damage_token(token: str, rng: random.Random) -> str | None:
    """One kind of damage, chosen among those that can change this token."""
    kinds = [k for k in KIND_WEIGHTS if _applies(k, token)]
    if not kinds:
        return None
    kind = rng.choices(kinds, weights=[KIND_WEIGHTS[k] for k in kinds])[0]
    return _DAMAGE[kind](token, rng)


def _applies(kind: str, token: str) -> bool:
    """Whether this kind of damage can change this token."""
    if token.isdigit():
        return kind == "digit-letter" and any(ch in "01" for ch in token)
    if not token.isalpha():
        return False
    syllable = is_well_formed(token.lower())
    if kind == "tone-drop":
        return syllable and split_tone(token)[1] != 0
    if kind == "tone-swap":
        return syllable
    if kind == "mark":
        return syllable and any(ch in MARK_LOSS or ch in MARK_GAIN for ch in split_tone(token.lower())[0])
    if kind == "case":
        return len(token) > 1 and any(_base_letter(ch) in SAME_SHAPE for ch in token[1:].lower())
    if kind == "digit-letter":
        return _letter_confusion(token) is not None
    return False


def _style_of(token: str) -> str:
    base, tone = split_tone(token)
    return "modern" if place_tone(base, tone, "modern") == token != place_tone(base, tone, "classic") else "classic"


def _drop_tone(token: str, rng: random.Random) -> str:
    return split_tone(token)[0]


def _swap_tone(token: str, rng: random.Random) -> str:
    base, tone = split_tone(token)
    tones, weights = zip(*SIMILAR_TONES[tone])
    return place_tone(base, rng.choices(tones, weights=weights)[0], _style_of(token))


def _confuse_mark(token: str, rng: random.Random) -> str | None:
    base, tone = split_tone(token)
    lower = base.lower()
    losses = [i for i, ch in enumerate(lower) if ch in MARK_LOSS]
    gains = [i for i, ch in enumerate(lower) if ch in MARK_GAIN]
    if losses and (not gains or rng.random() < LOSS_SHARE):
        i = rng.choice(losses)
        new = MARK_LOSS[lower[i]]
    else:
        i = rng.choice(gains)
        new = rng.choice(MARK_GAIN[lower[i]])
    if base[i].isupper():
        new = new.upper()
    changed = base[:i] + new + base[i + 1:]
    return place_tone(changed, tone, _style_of(token))


def _flip_case(token: str, rng: random.Random) -> str:
    positions = [i for i in range(1, len(token)) if _base_letter(token[i].lower()) in SAME_SHAPE]
    i = rng.choice(positions)
    ch = token[i]
    return token[:i] + (ch.lower() if ch.isupper() else ch.upper()) + token[i + 1:]


def _confuse_letters(token: str, rng: random.Random) -> str | None:
    if token.isdigit():
        positions = [i for i, ch in enumerate(token) if ch in "01"]
        i = rng.choice(positions)
        new = "O" if token[i] == "0" else rng.choice("lI")
        return token[:i] + new + token[i + 1:]
    return _letter_confusion(token)


def _letter_confusion(token: str) -> str | None:
    """"lĩnh" → "Iĩnh" (l read as I); "VIỆT" → "VlỆT" (I read as l); None for other words."""
    if token[0] == "l" and token[1:].islower():
        return "I" + token[1:]
    if token.isupper() and "I" in token and len(token) > 1:
        i = token.index("I")
        return token[:i] + "l" + token[i + 1:]
    return None


def _base_letter(ch: str) -> str:
    """The letter without its tone mark (ố → ô)."""
    return split_tone(ch)[0] if ch.isalpha() else ch


_DAMAGE = {
    "tone-drop": _drop_tone,
    "tone-swap": _swap_tone,
    "mark": _confuse_mark,
    "case": _flip_case,
    "digit-letter": _confuse_letters,
}


@dataclass
class RepairScore:
    """Token counts of one measurement: how many errors, changes, right changes."""

    tokens: int = 0
    errors: int = 0        # noisy token differs from the clean one
    changes: int = 0       # the repair changed the token
    right_changes: int = 0  # ... and the result is the clean token
    fixed: int = 0         # errors whose token the repair restored

    @property
    def precision(self) -> float:
        """Share of changes that were right (1.0 when nothing changed)."""
        return self.right_changes / self.changes if self.changes else 1.0

    @property
    def recall(self) -> float:
        """Share of errors fixed (1.0 when there were none)."""
        return self.fixed / self.errors if self.errors else 1.0

    def add(self, other: "RepairScore") -> None:
        for name in ("tokens", "errors", "changes", "right_changes", "fixed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def score_repair(clean: str, noisy: str, repaired: str) -> RepairScore:
    """Compare token by token (noise and repair keep each token's length and place)."""
    clean, noisy, repaired = (unicodedata.normalize("NFC", t) for t in (clean, noisy, repaired))
    if not len(clean) == len(noisy) == len(repaired):
        raise ValueError("texts of different lengths: the tokens cannot be paired by offset")
    score = RepairScore()
    for match in _TOKEN.finditer(clean):
        start, end = match.span()
        truth, read, result = match.group(), noisy[start:end], repaired[start:end]
        score.tokens += 1
        if read != truth:
            score.errors += 1
            score.fixed += result == truth
        if result != read:
            score.changes += 1
            score.right_changes += result == truth
    return score


@dataclass(frozen=True)
class ConfidenceModel:
    """How the bench simulates OCR word confidences (0..100) on noised text.

    OCR mostly doubts the words it damaged and trusts the ones it read right,
    but not always. Of the damaged words, ``missed_real`` of those that came
    out as a syllable in use ("thể" → "thế") and ``missed_other`` of the
    others ("thực" → "thưc") get a high confidence (OCR was sure and wrong);
    ``false_doubt`` of the clean words a low one. A low confidence is drawn
    uniformly from LOWEST_CONFIDENCE up to the threshold, a high one from the
    threshold up to ``highest`` (Tesseract's word confidences hardly pass
    97). The threshold is RepairSettings.low_confidence unless given.

    The defaults are calibrated on Tesseract 5 ``vie`` reading the scanned
    samples at 300 dpi, at the threshold 95 (``bench/repair_quality.py
    --confidences``: the words that differ from the text layer only in
    marks, case or l/I, O/0, which is what ``add_ocr_noise`` makes; a small
    sample there, 28 such words); ``CALIBRATIONS`` has the harsher 150 dpi
    figures (471 such words). See bench/RESULTS.md.
    """

    missed_real: float = 0.11
    missed_other: float = 0.0
    false_doubt: float = 0.137
    highest: float = 97.0
    threshold: float | None = None


#: The calibrations the bench reports, by name, at the threshold 95 (RepairSettings.low_confidence).
#: "tesseract-300dpi": of the words Tesseract read wrong only in their marks, 2 of 18 that are syllables in use
#: scored 95 or more and 0 of 10 others; of the 12,274 words it read right, 13.7 % scored below 95.
#: "tesseract-150dpi" (harsher): 192 of 399 syllables (48 %), 6 of 72 others (8 %); 20.9 % of 11,483 right words.
#: "assumed": the first, uncalibrated guess (15 % of damaged words sure, 10 % of clean ones doubted).
CALIBRATIONS = {
    "tesseract-300dpi": ConfidenceModel(),
    "tesseract-150dpi": ConfidenceModel(missed_real=0.48, missed_other=0.08, false_doubt=0.209),
    "assumed": ConfidenceModel(missed_real=0.15, missed_other=0.15, false_doubt=0.10),
}


def simulate_confidences(noisy: str, changes: list[tuple[int, str, str]], seed: int,
                         model: ConfidenceModel = ConfidenceModel()) -> tuple[WordRead, ...]:
    """The OCR's words of a noised text (split at spaces, as Tesseract does) with simulated confidences."""
    rng = random.Random(seed)
    threshold = model.threshold if model.threshold is not None else RepairSettings().low_confidence
    damaged = [(offset, offset + len(new), syllable_key(new) in known_syllables()) for offset, _, new in changes]
    words = []
    for match in _OCR_WORD.finditer(noisy):
        hits = [real for start, end, real in damaged if start < match.end() and match.start() < end]
        if hits:
            doubted = rng.random() >= (model.missed_real if all(hits) else model.missed_other)
        else:
            doubted = rng.random() < model.false_doubt
        if doubted:
            confidence = rng.uniform(LOWEST_CONFIDENCE, threshold - 0.1)
        else:
            confidence = rng.uniform(threshold, max(threshold, model.highest))
        words.append(WordRead(match.group(), round(confidence, 1)))
    return tuple(words)
