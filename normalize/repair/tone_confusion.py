"""A file's OCR that misreads one tone as another even where it is sure: found from the file itself.

At low resolution Tesseract's ``vie`` model reads the hook above (hỏi) as an
acute (sắc): "kiếm tra", "tố chức", "sửa đối", "tống hợp", and most of those
words with a word confidence of 95 or more, so the repair, which changes only
what the OCR doubts, keeps them. On the 150-dpi scans of samples/ and
samples/corpus/ it is the largest class of errors (237 of the 375 words read
wrong on the samples' six files, 28 of 41 on the corpus file); on their 300- and
200-dpi scans it does not happen (bench/RESULTS.md, "OCR repair quality").

Whether a file's OCR does it is measured on the file, not assumed from its
resolution: every word the OCR read with the acute and a confidence at or
above ``RepairSettings.low_confidence``, whose hook form is a syllable in use
too, is looked up in the vocabulary's phrases with both tones
(:func:`~normalize.repair.evidence.discriminating_windows`). The word is
*contradicted* when only the hook form makes a phrase with its neighbours
("kiếm tra" against "kiểm tra") and *confirmed* when only the acute form
does ("tiết kiệm"). When at least ``min_contradicted`` words are
contradicted, and they are at least ``min_share`` of the words so judged, the
file's OCR is taken to read hooks as acutes (:class:`ToneConfusion`). The
repair then treats an acute read with high confidence like a doubted one, for
that one change only (acute to hook, never another), and on the same phrase
evidence a doubted word needs; each fix says so (evidence reason
"misread-tone", with the file's counts), and normalize adds a warning check.

A pure function of the file's OCR words: the same words always give the
same answer; born-digital text and text without confidences are not looked at.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from extract.model import WordRead

from .evidence import DEFAULT_SETTINGS, RepairSettings, discriminating_windows, token_confidences
from .syllables import known_syllables, place_tone, split_tone, syllable_key
from .vocabulary import phrase_ngrams, runs_of_tokens, token_key

#: Tone numbers (normalize.repair.syllables.TONE_MARKS) and their Vietnamese names.
TONE_NAMES = {0: "ngang", 1: "sắc", 2: "huyền", 3: "hỏi", 4: "ngã", 5: "nặng"}


@dataclass(frozen=True)
class ToneConfusionSettings:
    """When a file's OCR is taken to misread ``printed_tone`` as ``read_tone``.

    The defaults: the 150-dpi scans of samples/ and samples/corpus/ had 3 to 59
    contradicted words each, 10–20% of the words judged; their 300- and
    200-dpi scans at most 1, under 2% (bench/RESULTS.md).
    """

    #: The tone the OCR writes (1, sắc) ...
    read_tone: int = 1
    #: ... for the tone that is printed (3, hỏi).
    printed_tone: int = 3
    #: Fewest contradicted words, and their smallest share of the words judged.
    min_contradicted: int = 3
    min_share: float = 0.08

    def __post_init__(self) -> None:
        if self.read_tone == self.printed_tone or not {self.read_tone, self.printed_tone} <= set(TONE_NAMES):
            raise ValueError("read_tone and printed_tone must be two different tones 0..5")
        if self.min_contradicted < 1 or not 0.0 < self.min_share <= 1.0:
            raise ValueError("min_contradicted must be 1 or more and min_share in (0, 1]")


@dataclass(frozen=True)
class ToneConfusion:
    """What a file's OCR words say of one tone confusion: the counts, a few examples, and the finding."""

    read_tone: int
    printed_tone: int
    contradicted: int
    confirmed: int
    #: Up to five contradicted words in their context, as read ("kết quả kiếm tra").
    examples: tuple[str, ...]
    found: bool

    @property
    def judged(self) -> int:
        return self.contradicted + self.confirmed

    @property
    def share(self) -> float:
        return self.contradicted / self.judged if self.judged else 0.0

    def allows(self, own_key: str, new_key: str) -> bool:
        """Whether this finding lets ``own_key`` (as read) become ``new_key``: the one tone swap, nothing else."""
        if not self.found:
            return False
        own_base, own_tone = split_tone(own_key)
        new_base, new_tone = split_tone(new_key)
        return own_base == new_base and own_tone == self.read_tone and new_tone == self.printed_tone

    def describe(self) -> str:
        return (f"{TONE_NAMES[self.printed_tone]} read as {TONE_NAMES[self.read_tone]}: {self.contradicted} of "
                f"{self.judged} words read sure with {TONE_NAMES[self.read_tone]} make a vocabulary phrase only "
                f"with {TONE_NAMES[self.printed_tone]}")


def measure_tone_confusion(texts: Iterable[tuple[str, Sequence[WordRead]]],
                           settings: ToneConfusionSettings = ToneConfusionSettings(),
                           repair_settings: RepairSettings = DEFAULT_SETTINGS) -> ToneConfusion:
    """Judge the sure words of a file's OCR texts (each with its OCR words) for the settings' confusion."""
    known = known_syllables()
    phrases = phrase_ngrams()
    contradicted = confirmed = 0
    examples: list[str] = []
    for text, words in texts:
        if not words:
            continue
        runs = runs_of_tokens(text)
        confidences = iter(token_confidences(text, [t for run in runs for t in run], words))
        for run in runs:
            sure = [c is not None and c >= repair_settings.low_confidence for c in (next(confidences) for _ in run)]
            keys = [token_key(t.text) for t in run]
            for position, key in enumerate(keys):
                if not sure[position] or key not in known:
                    continue
                base, tone = split_tone(key)
                if tone != settings.read_tone:
                    continue
                other = syllable_key(place_tone(base, settings.printed_tone))
                if other not in known:
                    continue
                other_keys = keys[:position] + [other] + keys[position + 1:]
                other_only, own_only = discriminating_windows(other_keys, keys, position, phrases)
                if other_only and not own_only:
                    contradicted += 1
                    if len(examples) < 5:
                        examples.append(" ".join(t.text for t in run[max(0, position - 2):position + 2]))
                elif own_only and not other_only:
                    confirmed += 1
    judged = contradicted + confirmed
    found = contradicted >= settings.min_contradicted and contradicted >= settings.min_share * judged
    return ToneConfusion(settings.read_tone, settings.printed_tone, contradicted, confirmed, tuple(examples), found)
