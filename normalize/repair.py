"""Repair of Vietnamese OCR errors by context (issue #4).

OCR of a Vietnamese scan drops and swaps tone marks and vowel marks, and the
wrong form is often a real word itself: "Chi số" must become "Chỉ số" while
"Chi phí" stays. A word list cannot tell these apart; the neighbours can.

How it works
------------
* Every word is compared by its *fold*: lower case without any mark, đ → d
  (``strip_diacritics``). All real syllables with the same fold are the
  *candidates* for an OCR word ("chi" → chi, chí, chì, chỉ, chị ...); a word
  with I for l ("Iàm") or l for I ("VlỆT") also gets the candidates of the
  undone form.
* A syllable language model built from the domain vocabulary
  (``data/vocabulary.json``: administrative phrases, unit names, products,
  procedure names, a general lexicon, the seed's corrected text) scores each
  sequence of candidates: Witten-Bell smoothed bigrams over unigrams. The
  vocabulary categories are weighted by the column (``field``): unit names
  count more in unit columns, section titles in section rows.
* A noisy-channel decoder (Viterbi over the candidates of a run of words,
  i.e. words separated by spaces only) picks the best sequence; keeping the
  OCR form is free, each changed tone or vowel mark costs.
* A change is kept only on evidence (precision first, see ``_accepted``):
  "vocabulary-phrase": the new word forms a known bigram with a neighbour
  that the OCR word does not, and the gain is above a margin; no other
  candidate fits as well; a capitalised word inside a phrase stays unless
  the vocabulary capitalises the new word there too; a function word (và,
  qua ...) changes only with support on both sides.
  "similar-word": OCR printed a similar word with other letters ("HIỆN ĐỊA
  HÓA" → "HIỆN ĐẠI HÓA"): only when the whole three-word phrase is known.
  "function-word": a word the vocabulary never uses, read where a function
  word fits ("va" → "và"). For a non-word ("thưc", "BCCÍ") also
  "invalid-syllable" (one candidate dominates its fold) and "abbreviation".
* Small rules handle what is not a tone error: "digit-letter" (letters
  read for digits: "2O19", "l0", "tháng l"), "quarter-roman" in the period
  column ("Quý 1" → "Quý I"), "item-digit" in the item column ("l.2" →
  "1.2"), "letter-case" (a letter whose case OCR flipped inside a word:
  "cÔng" → "công") and "letter-confusion" (I/l inside words).

Tone placement ("hóa" or "hoá", "thủy" or "thuỷ") is a matter of style, not an
error: syllables are compared in one canonical placement and a repaired word
is written in the style the cell already uses (the "hóa" style when the cell
does not say).

Every change is returned as a :class:`Fix`. ``Fix.from_``/``Fix.to`` hold the
smallest phrase that changed: a maximal run of adjacent changed words with the
spaces between them ("THỬ TỰC" → "THỦ TỤC"), one token for the digit rules,
and "Quý 1" → "Quý I" for the quarter rule (the word "Quý" is kept in the fix
so a reader can see why the digit changed).
"""
from __future__ import annotations

import json
import logging
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import regex

from extract.model import RECOGNISED_ORIGINS, WordRead

from .model import Fix
from .text import strip_diacritics

log = logging.getLogger(__name__)

# ---------------------------------------------------------------------------
# Vietnamese syllables: tones and their placement
# ---------------------------------------------------------------------------

#: Combining tone marks and their numbers: 0 ngang (no mark), 1 sắc, 2 huyền, 3 hỏi, 4 ngã, 5 nặng.
TONE_MARKS = {"\u0301": 1, "\u0300": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}
_MARK_OF_TONE = {number: mark for mark, number in TONE_MARKS.items()}
VOWELS = "aăâeêioôơuưy"
_MARKED_VOWELS = "ăâêôơư"
#: Rhymes written without a final consonant whose tone may sit on either vowel.
_STYLE_PAIRS = ("oa", "oe", "uy")
_STOP_FINALS = ("ch", "c", "p", "t")
#: Letters whose upper and lower case look alike to OCR (tone marks aside).
SAME_SHAPE = frozenset("cosvwxzôơ")

#: Vietnamese rhymes (without tone) that a syllable may end with.
RHYMES = frozenset("""
a ai ao au ay am an ang anh ap at ac ach
ăm ăn ăng ăp ăt ăc ăk
âm ân âng âp ât âc âu ây
e eo em en eng ep et ec
ê êu êm ên ênh êp êt êch
i ia iu im in inh ip it ich
iêu iêm iên iêng iêp iêt iêc
yêu yêm yên yêt
o oa oe oi om on ong op ot oc ooc oong
oai oay oao oeo oan oang oanh oat oac oach oam oap
oăm oăn oăng oăt oăc
oen oet
ô ôi ôm ôn ông ôp ôt ôc
ơ ơi ơm ơn ơp ơt
u ua ui uy uê uơ um un ung up ut uc
uân uâng uât uây
uênh uêch
uôi uôm uôn uông uôt uôc
uya uyu uyn uynh uyt uych uyp uyên uyêt
ư ưa ưi ưu ưm ưn ưng ưt ưc
ươi ươu ươm ươn ương ươp ươt ươc
y
""".split())
#: Initial consonants, longest first (qu and gi are handled as onsets).
ONSETS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
          "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")


def split_tone(syllable: str) -> tuple[str, int]:
    """("hoá" → ("hoa", 1)): the syllable without its tone mark, and the tone."""
    tone = 0
    kept = []
    for ch in unicodedata.normalize("NFD", syllable):
        if ch in TONE_MARKS:
            tone = TONE_MARKS[ch]
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def _tone_position(lower: str, style: str) -> int | None:
    """Index of the vowel that carries the tone in a toneless lower-case syllable."""
    start = 0
    if lower[:2] in ("qu", "gi") and len(lower) > 2 and lower[2] in VOWELS:
        start = 2
    first = start
    while first < len(lower) and lower[first] not in VOWELS:
        first += 1
    if first == len(lower):
        return None
    end = first
    while end < len(lower) and lower[end] in VOWELS:
        end += 1
    marked = [i for i in range(first, end) if lower[i] in _MARKED_VOWELS]
    if marked:
        return marked[-1]
    if end - first == 1:
        return first
    if end < len(lower):  # a final consonant: hoàn, toán, huỳnh
        return end - 1
    if end - first == 2 and lower[first:end] in _STYLE_PAIRS:
        return first if style == "classic" else first + 1
    if end - first == 3:  # ngoài, xoáy, khuỷu
        return first + 1
    return first


def place_tone(base: str, tone: int, style: str = "classic") -> str:
    """Write ``tone`` on a toneless syllable; style "classic" (hóa) or "modern" (hoá)."""
    if tone == 0:
        return base
    position = _tone_position(base.lower(), style)
    if position is None:
        return base
    marked = unicodedata.normalize("NFC", base[position] + _MARK_OF_TONE[tone])
    return base[:position] + marked + base[position + 1:]


def syllable_key(word: str) -> str:
    """Canonical lower-case form of a word: the tone placed in the classic style."""
    base, tone = split_tone(word.lower())
    return place_tone(base, tone, "classic")


def fold(word: str) -> str:
    """Lower case without tone or vowel marks, đ → d: what OCR keeps of a word."""
    return strip_diacritics(word)


def is_well_formed(syllable: str) -> bool:
    """Whether a lower-case word is spelled like a Vietnamese syllable.

    Onset + rhyme from the tables above, and the rule that a syllable ending in
    p, t, c or ch carries the sắc or nặng tone (so "thưc" is not a syllable).
    """
    base, tone = split_tone(syllable)
    if not base or not base.isalpha():
        return False
    for onset in ONSETS:
        if not base.startswith(onset):
            continue
        rhyme = base[len(onset):]
        if onset == "gi" and rhyme == "":
            rhyme = "i"
        if onset in ("gi", "qu") and rhyme[:1] not in VOWELS:
            continue
        if (rhyme in RHYMES or (onset == "g" and "i" + rhyme in RHYMES)
                or (onset == "qu" and "u" + rhyme in RHYMES)):
            if rhyme.endswith(_STOP_FINALS) and tone not in (1, 5):
                continue
            return True
    return False


def tone_style(text: str) -> str | None:
    """"modern" if the text writes hoá/thuỷ, "classic" if hóa/thủy, None if it does not say."""
    classic = modern = 0
    for word in _WORD.findall(text):
        lower = word.lower()
        base, tone = split_tone(lower)
        if tone == 0:
            continue
        as_classic = place_tone(base, tone, "classic")
        as_modern = place_tone(base, tone, "modern")
        if as_classic == as_modern:
            continue
        if lower == as_classic:
            classic += 1
        elif lower == as_modern:
            modern += 1
    if modern > classic:
        return "modern"
    if classic:
        return "classic"
    return None


# ---------------------------------------------------------------------------
# Tokens
# ---------------------------------------------------------------------------

_WORD = regex.compile(r"[\p{L}\p{M}]+")
_TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}]+")
#: What may separate two words of one run: spaces and line breaks only.
_RUN_GAP = regex.compile(r"^[ \t\u00a0\n\r]+$")
NUMBER_KEY = "<num>"


@dataclass(frozen=True)
class Token:
    """A word or number in a cell: its span in the text and the text itself."""

    start: int
    end: int
    text: str


def runs_of_tokens(text: str) -> list[list[Token]]:
    """Tokens grouped into runs: neighbours in a run are separated by spaces only.

    Punctuation (",", ";", "(", "-", "/" ...) ends a run, so a bigram never
    spans "Sở Văn hóa, Thể thao"; a line break inside a cell does not (cells
    wrap in the middle of phrases).
    """
    runs: list[list[Token]] = []
    current: list[Token] = []
    last_end = None
    for match in _TOKEN.finditer(text):
        token = Token(match.start(), match.end(), match.group())
        if current and not _RUN_GAP.match(text[last_end:token.start]):
            runs.append(current)
            current = []
        current.append(token)
        last_end = token.end
    if current:
        runs.append(current)
    return runs


def token_key(word: str) -> str:
    """The language-model key of a token: numbers are one class, words canonical lower case."""
    if word.isdigit():
        return NUMBER_KEY
    return syllable_key(word)


# ---------------------------------------------------------------------------
# Data: vocabulary and syllables
# ---------------------------------------------------------------------------

FIELDS = ("task", "products", "lead_units", "partner_units", "period", "section_title",
          "item", "budget_million_vnd", "line")
#: Fields that hold numbers only: no vocabulary repair there.
NUMERIC_FIELDS = ("item", "budget_million_vnd")


def _data_text(name: str) -> str:
    return resources.files("normalize").joinpath(f"data/{name}").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    """The parsed ``data/vocabulary.json``."""
    return json.loads(_data_text("vocabulary.json"))


@lru_cache(maxsize=None)
def _category_counts(name: str) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    """Unigram and bigram counts of one vocabulary category."""
    unigrams: dict[str, int] = {}
    bigrams: dict[tuple[str, str], int] = {}
    for keys in _category_runs(name):
        for key in keys:
            unigrams[key] = unigrams.get(key, 0) + 1
        for pair in zip(keys, keys[1:]):
            bigrams[pair] = bigrams.get(pair, 0) + 1
    return unigrams, bigrams


@lru_cache(maxsize=None)
def _category_runs(name: str) -> tuple[tuple[str, ...], ...]:
    """The phrases of a category as runs of keys."""
    runs = []
    for phrase in vocabulary()["categories"][name]["phrases"]:
        for run in runs_of_tokens(unicodedata.normalize("NFC", phrase)):
            runs.append(tuple(token_key(t.text) for t in run))
    return tuple(runs)


@lru_cache(maxsize=4)
def _trigrams(exclude: tuple[str, ...] = ()) -> frozenset[tuple[str, str, str]]:
    """Every three-word sequence of the vocabulary."""
    found = set()
    for name in vocabulary()["categories"]:
        if name not in exclude:
            for keys in _category_runs(name):
                found.update(zip(keys, keys[1:], keys[2:]))
    return frozenset(found)


@dataclass(frozen=True)
class LanguageModel:
    """Weighted syllable unigram and bigram counts for one field.

    ``contexts[h]`` is (how often h is followed by a word, how many different
    words follow it): what Witten-Bell smoothing needs.
    """

    unigrams: dict[str, float]
    bigrams: dict[tuple[str, str], float]
    contexts: dict[str, tuple[float, int]]
    total: float
    plain_bigrams: dict[tuple[str, str], int]  # unweighted counts, for the evidence rules
    trigrams: frozenset[tuple[str, str, str]]


@lru_cache(maxsize=32)
def language_model(field: str, exclude: tuple[str, ...] = ()) -> LanguageModel:
    """The model for a field: every category, boosted where the field is one of its fields.

    ``exclude`` leaves categories out (the bench uses it to measure the seed
    without the seed's own corrected text).
    """
    vocab = vocabulary()
    boost = float(vocab.get("field_boost", 1))
    unigrams: dict[str, float] = {}
    bigrams: dict[tuple[str, str], float] = {}
    plain: dict[tuple[str, str], int] = {}
    for name, category in vocab["categories"].items():
        if name in exclude:
            continue
        weight = boost if field in category.get("fields", ()) else 1.0
        uni, bi = _category_counts(name)
        for key, count in uni.items():
            unigrams[key] = unigrams.get(key, 0.0) + weight * count
        for pair, count in bi.items():
            bigrams[pair] = bigrams.get(pair, 0.0) + weight * count
            plain[pair] = plain.get(pair, 0) + count
    phrase_total = sum(unigrams.values())
    for word, share in vocab.get("function_word_share", {}).items():
        key = syllable_key(word)
        unigrams[key] = max(unigrams.get(key, 0.0), share * phrase_total)
    contexts: dict[str, tuple[float, int]] = {}
    for (left, _), count in bigrams.items():
        seen, distinct = contexts.get(left, (0.0, 0))
        contexts[left] = (seen + count, distinct + 1)
    return LanguageModel(unigrams, bigrams, contexts, sum(unigrams.values()), plain, _trigrams(exclude))


@lru_cache(maxsize=1)
def capitalized_inside() -> frozenset[str]:
    """Words the vocabulary writes with a capital letter inside a phrase ("Sở Tài chính")."""
    found = set()
    for category in vocabulary()["categories"].values():
        for phrase in category["phrases"]:
            for run in runs_of_tokens(unicodedata.normalize("NFC", phrase)):
                found.update(token_key(t.text) for t in run[1:] if t.text[:1].isupper())
    return frozenset(found)


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """The one-word entries of the "function_words" category (và, của, các, được ...)."""
    phrases = vocabulary()["categories"].get("function_words", {}).get("phrases", [])
    return frozenset(syllable_key(p) for p in phrases if _WORD.fullmatch(p))


@lru_cache(maxsize=1)
def known_syllables() -> frozenset[str]:
    """Real syllables: the general list (``data/syllables.json``) and the vocabulary's words."""
    listed = set(json.loads(_data_text("syllables.json"))["syllables"])
    for name in vocabulary()["categories"]:
        listed.update(k for k in _category_counts(name)[0] if is_well_formed(k))
    return frozenset(listed)


@lru_cache(maxsize=1)
def _keys_by_fold() -> dict[str, tuple[str, ...]]:
    """Every known word (syllable or vocabulary token) by its fold."""
    by_fold: dict[str, set[str]] = {}
    words = set(known_syllables())
    for name in vocabulary()["categories"]:
        words.update(k for k in _category_counts(name)[0] if k != NUMBER_KEY)
    for word in words:
        by_fold.setdefault(fold(word), set()).add(word)
    return {f: tuple(sorted(keys)) for f, keys in by_fold.items()}


def candidates(word: str) -> tuple[str, ...]:
    """Known words that OCR could have turned into ``word`` (same fold), itself excluded."""
    key = syllable_key(word)
    return tuple(k for k in _keys_by_fold().get(fold(word), ()) if k != key)


# ---------------------------------------------------------------------------
# Scoring: a noisy channel over the language model
# ---------------------------------------------------------------------------

#: Cost (in nats) of reading a tone other than the printed one.
TONE_COST = 2.5
#: Cost of each vowel mark or đ read wrong (ơ/o, ư/u, â/a, ă/a, ê/e, ô/o, đ/d).
MARK_COST = 2.5
#: Extra cost of the I/l confusion inside a word ("Iàm" for "làm").
LETTER_COST = 2.0
#: Cost of reading a similar word with other letters ("ĐỊA" for "ĐẠI").
SIMILAR_COST = 6.0
#: Pseudo-counts of a real syllable the vocabulary lacks, and of an unknown word.
KNOWN_FLOOR = 0.5
UNKNOWN_FLOOR = 0.02
#: How much better (in nats) a change must make its context to be kept.
MARGIN = 2.0
#: A bigram seen this often is a phrase of the domain: the margin drops to STRONG_MARGIN.
STRONG_COUNT = 5
STRONG_MARGIN = 0.5
#: How often a bigram must occur in the vocabulary to change a real word on one side's evidence.
MIN_ONE_SIDED_COUNT = 2
#: Share of its fold's counts a candidate needs to replace a non-word without context.
DOMINANT_SHARE = 0.95
#: ... and at least this (weighted) count in the vocabulary.
MIN_DOMINANT_COUNT = 5


def change_cost(ocr_key: str, new_key: str) -> float:
    """Channel cost of reading ``new_key`` as ``ocr_key`` (same fold)."""
    ocr_base, ocr_tone = split_tone(ocr_key)
    new_base, new_tone = split_tone(new_key)
    cost = TONE_COST if ocr_tone != new_tone else 0.0
    cost += MARK_COST * sum(1 for a, b in zip(ocr_base, new_base) if a != b)
    return cost


def _log_unigram(model: LanguageModel, key: str) -> float:
    count = model.unigrams.get(key)
    if count:
        return math.log(count / model.total)
    if key == NUMBER_KEY or key in known_syllables() or is_well_formed(key):
        return math.log(KNOWN_FLOOR / model.total)
    return math.log(UNKNOWN_FLOOR / model.total)


def _log_next(model: LanguageModel, previous: str | None, key: str) -> float:
    """log P(key | previous), Witten-Bell smoothed; the unigram at the start of a run."""
    unigram = math.exp(_log_unigram(model, key))
    if previous is None or previous not in model.contexts:
        return math.log(unigram)
    seen, distinct = model.contexts[previous]
    count = model.bigrams.get((previous, key), 0.0)
    return math.log((count + distinct * unigram) / (seen + distinct))


@dataclass(frozen=True)
class Option:
    """One reading of a token: its key, the channel cost, and how to write it."""

    key: str
    cost: float
    case_model: str  # the OCR text with I/l confusions undone, for copying the case
    kind: str = "marks"  # "marks", "letter" (I/l undone) or "similar" (another letter order)


def _options(token: Token) -> list[Option]:
    """The OCR reading (cost 0) first, then the known words it may stand for."""
    own = Option(token_key(token.text), 0.0, token.text)
    if token.text.isdigit() or not token.text.isalpha():
        return [own]
    options = [own]
    for key in candidates(token.text):
        options.append(Option(key, change_cost(own.key, key), token.text))
    undone = _undo_letter_confusion(token.text)
    if undone is not None:
        undone_key = syllable_key(undone)
        seen = {o.key for o in options}
        for key in (undone_key, *candidates(undone)):
            if key not in seen and key in _keys_by_fold().get(fold(undone), ()):
                options.append(Option(key, LETTER_COST + change_cost(undone_key, key), undone, "letter"))
    return options


def _add_similar_options(run: list[Token], options: list[list[Option]], model: LanguageModel) -> None:
    """Similar words ("ĐẠI" for "ĐỊA") that form known bigrams with both OCR neighbours.

    Only where no reading with the word's own letters fits either neighbour.
    """
    for position in range(1, len(run) - 1):
        left, right = options[position - 1][0].key, options[position + 1][0].key
        if any(_support(model, left, o.key, right) for o in options[position]):
            continue
        seen = {o.key for o in options[position]}
        for key in similar_words(run[position].text):
            if key not in seen and _support(model, left, key, right) == 2:
                options[position].append(Option(key, SIMILAR_COST, run[position].text, "similar"))


@lru_cache(maxsize=1)
def _vocabulary_words_by_deletion() -> dict[str, tuple[str, ...]]:
    """Vocabulary words (3+ letters) indexed by their fold with one letter deleted."""
    index: dict[str, set[str]] = {}
    for name in vocabulary()["categories"]:
        for key in _category_counts(name)[0]:
            folded = fold(key)
            if len(folded) >= 3 and key in known_syllables():
                for i in range(len(folded)):
                    index.setdefault(folded[:i] + folded[i + 1:], set()).add(key)
    return {k: tuple(sorted(v)) for k, v in index.items()}


def similar_words(word: str) -> tuple[str, ...]:
    """Vocabulary words one letter swap or substitution away from the word's fold.

    OCR (and its dictionary) sometimes prints a similar frequent word: "ĐỊA"
    for "ĐẠI". These candidates cost more and need support on both sides.
    """
    folded = fold(word)
    if len(folded) < 3 or not folded.isalpha():
        return ()
    index = _vocabulary_words_by_deletion()
    found = set()
    for i in range(len(folded)):
        for key in index.get(folded[:i] + folded[i + 1:], ()):
            other = fold(key)
            if other != folded and len(other) == len(folded) and _one_edit(folded, other):
                found.add(key)
    return tuple(sorted(found))


def _one_edit(a: str, b: str) -> bool:
    """Same length, and one letter substituted or two neighbours swapped."""
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diff) == 1:
        return True
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def _undo_letter_confusion(word: str) -> str | None:
    """"Iàm" → "làm" (I read for l), "CHlNH" → "CHINH" (l read for I); else None."""
    if len(word) > 1 and word[0] == "I" and word[1:].islower():
        return "l" + word[1:]
    if "l" in word and len(word) > 1:
        others = word.replace("l", "")
        if others and others.isupper():
            return word.replace("l", "I")
    return None


def _decode(options: list[list[Option]], model: LanguageModel) -> list[int]:
    """Viterbi: the index of the best option for each token of a run."""
    scores = [-o.cost + _log_next(model, None, o.key) for o in options[0]]
    back: list[list[int]] = []
    for position in range(1, len(options)):
        new_scores, pointers = [], []
        for option in options[position]:
            best, best_index = -math.inf, 0
            for index, previous in enumerate(options[position - 1]):
                score = scores[index] + _log_next(model, previous.key, option.key)
                if score > best:
                    best, best_index = score, index
            new_scores.append(best - option.cost)
            pointers.append(best_index)
        scores = new_scores
        back.append(pointers)
    choice = max(range(len(scores)), key=scores.__getitem__)
    path = [choice]
    for pointers in reversed(back):
        choice = pointers[choice]
        path.append(choice)
    return path[::-1]


def _local_score(model: LanguageModel, previous: str | None, option: Option, following: str | None) -> float:
    score = -option.cost + _log_next(model, previous, option.key)
    if following is not None:
        score += _log_next(model, option.key, following)
    return score


def _support(model: LanguageModel, previous: str | None, key: str, following: str | None) -> int:
    """How many of the key's two bigrams (with the chosen neighbours) the vocabulary has."""
    left = previous is not None and (previous, key) in model.bigrams
    right = following is not None and (key, following) in model.bigrams
    return int(left) + int(right)


def _frequent_side(model: LanguageModel, previous: str | None, key: str, own: str,
                   following: str | None) -> bool:
    """Whether on one side the new word forms a frequent bigram and the OCR word none."""
    plain = model.plain_bigrams
    left = plain.get((previous, key), 0) >= STRONG_COUNT and (previous, own) not in plain
    right = plain.get((key, following), 0) >= STRONG_COUNT and (own, following) not in plain
    return left or right


def _best_count(model: LanguageModel, previous: str | None, key: str, following: str | None) -> int:
    """How often the key's better-known bigram (with the chosen neighbours) occurs, unweighted."""
    return max(model.plain_bigrams.get((previous, key), 0), model.plain_bigrams.get((key, following), 0))


def _strong_support(model: LanguageModel, previous: str | None, key: str, following: str | None) -> bool:
    """Whether a bigram that supports the key was seen at least twice (not a one-off phrase)."""
    return _best_count(model, previous, key, following) >= MIN_ONE_SIDED_COUNT


def _dominates(model: LanguageModel, key: str) -> bool:
    """Whether ``key`` carries most of the counts among the words of its fold."""
    keys = _keys_by_fold().get(fold(key), ())
    total = sum(model.unigrams.get(k, 0.0) for k in keys)
    count = model.unigrams.get(key, 0.0)
    return count >= MIN_DOMINANT_COUNT and count >= DOMINANT_SHARE * total


def _is_known(model: LanguageModel, key: str) -> bool:
    """A word of the vocabulary, a listed syllable, or spelled like a Vietnamese syllable."""
    return key in model.unigrams or key in known_syllables() or is_well_formed(key)


@dataclass(frozen=True)
class _Change:
    """A change the decoder proposes at one position, with its neighbours in the decoded run."""

    word: str            # the OCR text
    own: Option          # the OCR reading
    chosen: Option       # the proposed reading
    previous: str | None
    following: str | None
    position: int
    neighbours_kept: bool  # both neighbours are their OCR readings


def _accepted(model: LanguageModel, run: list[Token], options: list[list[Option]],
              path: list[int], position: int) -> str | None:
    """The rule that allows the change at ``position``, or None to keep the OCR word.

    The gain (how much better the context scores the new word, channel cost
    included) must reach the margin; then the rules for similar words, for
    non-words and for real words decide (see the module docstring).
    """
    last = len(path) - 1
    change = _Change(
        word=run[position].text, own=options[position][0], chosen=options[position][path[position]],
        previous=options[position - 1][path[position - 1]].key if position > 0 else None,
        following=options[position + 1][path[position + 1]].key if position < last else None,
        position=position,
        neighbours_kept=0 < position < last and path[position - 1] == 0 and path[position + 1] == 0)
    gain = (_local_score(model, change.previous, change.chosen, change.following)
            - _local_score(model, change.previous, change.own, change.following))
    if gain < _margin(model, change):
        return None
    if change.chosen.kind == "similar":
        return _similar_word_rule(model, change)
    if _ambiguous(model, change, options[position]):
        return None  # "điểm só với": "điểm số" and "so với" both fit; the context does not decide
    if not _is_known(model, change.own.key):
        return _non_word_rule(model, change)
    return _real_word_rule(model, change)


def _support_of(model: LanguageModel, change: _Change, key: str) -> int:
    return _support(model, change.previous, key, change.following)


def _margin(model: LanguageModel, change: _Change) -> float:
    """MARGIN; 0 for a non-word; STRONG_MARGIN where the new word makes a frequent phrase."""
    if not _is_known(model, change.own.key):
        return 0.0
    if (_support_of(model, change, change.own.key) == 0 and _support_of(model, change, change.chosen.key)
            and _frequent_side(model, change.previous, change.chosen.key, change.own.key, change.following)):
        return STRONG_MARGIN  # "sơ kết", "vận hành"
    return MARGIN


def _ambiguous(model: LanguageModel, change: _Change, options: list[Option]) -> bool:
    """Whether another reading fits the neighbours as well as the chosen one."""
    support = _support_of(model, change, change.chosen.key)
    rivals = (o for o in options[1:] if o.key != change.chosen.key and o.kind != "similar")
    return bool(support) and any(_support_of(model, change, o.key) >= support for o in rivals)


def _similar_word_rule(model: LanguageModel, change: _Change) -> str | None:
    """"ĐỊA" → "ĐẠI": only inside a known three-word phrase whose other words OCR kept."""
    phrase = (change.previous, change.chosen.key, change.following) in model.trigrams
    unsupported = _support_of(model, change, change.own.key) == 0
    return "similar-word" if change.neighbours_kept and phrase and unsupported else None


def _non_word_rule(model: LanguageModel, change: _Change) -> str | None:
    """"thưc", "Nghiêp", "HDND": the OCR text is no word at all."""
    if _support_of(model, change, change.chosen.key) > _support_of(model, change, change.own.key):
        return "letter-confusion" if change.chosen.kind == "letter" else "vocabulary-phrase"
    if change.word.isupper() and not is_well_formed(change.chosen.key) and change.chosen.key in model.unigrams:
        return "abbreviation"  # "HDND" → "HĐND", "BCCÍ" → "BCCI"
    return "invalid-syllable" if _dominates(model, change.chosen.key) else None


def _real_word_rule(model: LanguageModel, change: _Change) -> str | None:
    """A real word changes on a bigram the OCR word lacks, or gives way to a function word."""
    word, own, chosen = change.word, change.own, change.chosen
    if change.position > 0 and word[:1].isupper() and word[1:].islower() and chosen.key not in capitalized_inside():
        return None  # a capital inside a phrase marks a name: "Phòng Nghiệp vụ Dược"
    new_support = _support_of(model, change, chosen.key)
    old_support = _support_of(model, change, own.key)
    if own.key in function_words() and new_support < 2:
        return None  # "Qua theo dõi": a function word fits almost anywhere; one side says little
    in_vocabulary = model.unigrams.get(own.key, 0.0) > 0
    if new_support > old_support:
        if new_support == 1 and in_vocabulary and not _strong_support(model, change.previous, chosen.key,
                                                                      change.following):
            return None  # one side's evidence, from a bigram seen once: too little for a known word
        return "letter-confusion" if chosen.kind == "letter" else "vocabulary-phrase"
    if not in_vocabulary and old_support == 0 and chosen.key in function_words():
        return "function-word"  # "va" → "và"
    return None


def _repair_run(run: list[Token], model: LanguageModel) -> dict[int, tuple[Option, str]]:
    """Changes to make in one run: token index → (chosen option, rule)."""
    options = [_options(t) for t in run]
    _add_similar_options(run, options, model)
    if all(len(o) == 1 for o in options):
        return {}
    for _ in range(len(run) + 1):
        path = _decode(options, model)
        rejected = False
        changes: dict[int, tuple[Option, str]] = {}
        for position, index in enumerate(path):
            if index == 0:
                continue
            rule = _accepted(model, run, options, path, position)
            if rule is None:
                options[position] = options[position][:1]  # pin the OCR word, decode again
                rejected = True
                break
            changes[position] = (options[position][index], rule)
        if not rejected:
            return changes
    return {}


def _copy_case(model_text: str, word: str) -> str:
    """Write ``word`` with the letter case of ``model_text`` (same length after NFC)."""
    if len(model_text) != len(word):
        if model_text.isupper():
            return word.upper()
        return word[:1].upper() + word[1:] if model_text[:1].isupper() else word
    return "".join(w.upper() if m.isupper() else w for m, w in zip(model_text, word))


def _render(option: Option, style: str) -> str:
    base, tone = split_tone(option.key)
    return _copy_case(option.case_model, place_tone(base, tone, style))


# ---------------------------------------------------------------------------
# Rules that are not about tones
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` by ``new``; recorded as a Fix under ``rule``."""

    start: int
    end: int
    new: str
    rule: str


#: A token of digits where OCR read some digits as O/o (0) or l/I (1): "2O19", "l0".
_NUMBER_LIKE = regex.compile(r"(?<![\p{L}\p{N}])[0-9OolI]*[0-9][0-9OolI]*(?![\p{L}\p{N}])")
_DIGIT_FOR_LETTER = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1"})
#: "Quý" and the quarter after it, with OCR's digits for Roman letters ("Quý 1", "Quý lV").
_QUARTER = regex.compile(r"(?<![\p{L}\p{N}])(?P<word>qu[yý])(?P<gap>\s+)(?P<code>[1lI|V]{1,4})(?![\p{L}\p{N}])",
                         regex.IGNORECASE)
_QUARTERS = ("I", "II", "III", "IV")
#: Words followed by an Arabic number (not a Roman one, as after "Quý", "Mục", "cấp").
_NUMBER_WORDS = ("tháng", "ngày", "lớp", "điều", "khoản", "điểm", "mức độ", "bước", "tầng", "lần", "số")
_LONE_ONE = regex.compile(r"(?<![\p{L}\p{N}])(?:" + "|".join(_NUMBER_WORDS) + r")\s+(?P<one>[lI])(?![\p{L}\p{N}])",
                          regex.IGNORECASE)
_ITEM_SHAPE = regex.compile(r"^[0-9lIO|]+(?:\.[0-9lIO|]+)*\.?$")
_ITEM = regex.compile(r"^\d+(?:\.\d+)*\.?$")


def _digit_edits(text: str) -> list[Edit]:
    """"2O19" → "2019", "l0/2O18" → "10/2018": letters inside a number are digits."""
    edits = []
    for match in _NUMBER_LIKE.finditer(text):
        digits = match.group().translate(_DIGIT_FOR_LETTER)
        if digits != match.group():
            edits.append(Edit(match.start(), match.end(), digits, "digit-letter"))
    return edits


def _lone_digit_edits(text: str) -> list[Edit]:
    """"tháng l", "Điều I", "lớp l" → 1: a lone l or I after a word that takes an Arabic number."""
    edits = []
    for match in _LONE_ONE.finditer(text):
        start = match.start("one")
        edits.append(Edit(start, start + 1, "1", "digit-letter"))
    return edits


def _item_edits(text: str) -> list[Edit]:
    """An item number with letters for digits ("l.2" → "1.2"); Roman "I", "II" stay."""
    stripped = text.strip()
    if not _ITEM_SHAPE.match(stripped) or _ITEM.match(stripped):
        return []
    if not any(ch.isdigit() for ch in stripped) and "." not in stripped.rstrip("."):
        if stripped.rstrip(".") != "l":
            return []  # "I", "II", "IV.": a Roman section number
    digits = stripped.translate(_DIGIT_FOR_LETTER)
    if not _ITEM.match(digits):
        return []
    start = text.index(stripped)
    return [Edit(start, start + len(stripped), digits, "item-digit")]


def _quarter_edits(text: str) -> list[Edit]:
    """"Quý 1" → "Quý I", "Quý lV" → "Quý IV" (period column only)."""
    edits = []
    for match in _QUARTER.finditer(text):
        code = match["code"]
        roman = code.translate(str.maketrans({"1": "I", "l": "I", "|": "I"}))
        if roman != code and roman in _QUARTERS:
            edits.append(Edit(match.start(), match.end(),
                              match["word"] + match["gap"] + roman, "quarter-roman"))
    return edits


def _case_edits(text: str) -> list[Edit]:
    """A word whose letter case OCR flipped inside it ("cÔng" → "công", "CôNG" → "CÔNG").

    Only letters whose two cases look alike (c, o, s, v, x, z, ô, ơ …) are
    changed; the other letters of the word tell the intended case. l and I
    are left to the vocabulary repair (they are a letter confusion, not a case).
    """
    edits = []
    for match in _WORD.finditer(text):
        fixed = _fixed_case(match.group())
        if fixed is not None:
            edits.append(Edit(match.start(), match.end(), fixed, "letter-case"))
    return edits


def _fixed_case(word: str) -> str | None:
    if len(word) < 2 or word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower()):
        return None
    if syllable_key(word) not in known_syllables():
        return None  # ThS, TTr, iPhone: abbreviations and names keep their case
    rest = word[1:]
    if word[0].islower() and word[0] != "l" and "I" not in rest:
        return word.lower()  # "sƠ", "cÔng": a word never starts small and goes on in capitals
    reliable = [ch for ch in rest if ch not in "Il" and _base_letter(ch.lower()) not in SAME_SHAPE]
    if not reliable or not (all(ch.isupper() for ch in reliable) or all(ch.islower() for ch in reliable)):
        return None
    upper = reliable[0].isupper()
    if ("l" in rest and upper) or ("I" in rest and not upper):
        return None
    return word[0] + (rest.upper() if upper else rest.lower())


def _base_letter(ch: str) -> str:
    """A letter without its tone mark (ố → ô)."""
    return split_tone(ch)[0]


def _vocabulary_edits(text: str, field: str, exclude: tuple[str, ...] = ()) -> list[Edit]:
    """Tone and vowel-mark repairs chosen by the language model, one Edit per changed phrase."""
    model = language_model(field, exclude)
    style = tone_style(text) or "classic"
    edits = []
    for run in runs_of_tokens(text):
        changes = _repair_run(run, model)
        positions = sorted(changes)
        while positions:
            first = last = positions.pop(0)
            while positions and positions[0] == last + 1:
                last = positions.pop(0)
            pieces = []
            for position in range(first, last + 1):
                token = run[position]
                if position in changes:
                    pieces.append(_render(changes[position][0], style))
                else:
                    pieces.append(token.text)
                if position < last:
                    pieces.append(text[token.end:run[position + 1].start])
            rules = {changes[p][1] for p in range(first, last + 1) if p in changes}
            rule = "vocabulary-phrase" if "vocabulary-phrase" in rules else rules.pop()
            edits.append(Edit(run[first].start, run[last].end, "".join(pieces), rule))
    return edits


def _apply(text: str, edits: list[Edit], field: str, fixes: list[Fix]) -> str:
    """Make the edits (they do not overlap) and record them as fixes."""
    pieces, last = [], 0
    for edit in sorted(edits, key=lambda e: e.start):
        old = text[edit.start:edit.end]
        if old == edit.new:
            continue
        pieces.append(text[last:edit.start])
        pieces.append(edit.new)
        last = edit.end
        fixes.append(Fix(field, old, edit.new, edit.rule))
        log.debug("%s: %r -> %r (%s)", field, old, edit.new, edit.rule)
    pieces.append(text[last:])
    return "".join(pieces)


def repair_text(text: str, field: str, *, words: Sequence[WordRead] = (), origin: str = "text-dump",
                exclude: tuple[str, ...] = ()) -> tuple[str, list[Fix]]:
    """Repair the OCR errors of one cell; return the text and the fixes made.

    ``field`` is the context: "task", "products", "lead_units",
    "partner_units", "period", "section_title", "item", "budget_million_vnd"
    or "line" (running text; also used for any other name). The text may
    hold several lines; line breaks and spacing are kept. The function is
    pure: the same input always gives the same output. ``origin`` is where
    the text came from (extract.model.Origin): text from a born-digital text
    layer is returned unchanged. ``words`` are the OCR's words with their
    confidences, when known. ``exclude`` names
    vocabulary categories to leave out (for measurements only).
    """
    text = unicodedata.normalize("NFC", text)
    fixes: list[Fix] = []
    if not text.strip() or origin not in RECOGNISED_ORIGINS:
        # A born-digital text layer holds what a person typed: never repaired.
        return text, fixes
    if field == "item":
        return _apply(text, _item_edits(text), field, fixes), fixes
    text = _apply(text, _digit_edits(text) + _lone_digit_edits(text), field, fixes)
    if field in NUMERIC_FIELDS:
        return text, fixes
    text = _apply(text, _case_edits(text), field, fixes)
    if field == "period":
        text = _apply(text, _quarter_edits(text), field, fixes)
    model_field = field if field in FIELDS else "line"
    text = _apply(text, _vocabulary_edits(text, model_field, exclude), field, fixes)
    return text, fixes
