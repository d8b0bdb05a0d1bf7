"""Tokens and the domain vocabulary: the phrases, the syllable language model, candidates by fold.

``data/vocabulary.json`` holds administrative phrases, unit names, products,
procedure names, a general lexicon and the seed's corrected text, in
categories; each category names the fields (columns) it is weighted for.
"""
from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import regex

from .syllables import _WORD, fold, known_syllables, syllable_key

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


#: Generated vocabularies merged into ``data/vocabulary.json``'s categories (each file says how it was made).
GENERATED_VOCABULARIES = ("vocabulary_realdocs.json",)


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    """The parsed ``data/vocabulary.json``, with the categories of the generated vocabularies added.

    ``data/vocabulary_realdocs.json`` (bench/make_realdoc_vocabulary.py):
    phrases that recur in the typed text of real documents.
    """
    data = json.loads(_data_text("vocabulary.json"))
    for name in GENERATED_VOCABULARIES:
        for category, content in json.loads(_data_text(name))["categories"].items():
            if category in data["categories"]:
                raise ValueError(f"{name}: category {category!r} is already in vocabulary.json")
            data["categories"][category] = content
    return data


@lru_cache(maxsize=None)
def category_counts(name: str) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
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
    plain_unigrams: dict[str, int]
    trigrams: frozenset[tuple[str, str, str]]
    #: log P(key | previous) as computed by the decoder, kept per model (a pure function of the counts).
    scores: dict[tuple[str | None, str], float] = field(default_factory=dict, compare=False, repr=False)


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
    plain_unigrams: dict[str, int] = {}
    for name, category in vocab["categories"].items():
        if name in exclude:
            continue
        weight = boost if field in category.get("fields", ()) else 1.0
        uni, bi = category_counts(name)
        for key, count in uni.items():
            unigrams[key] = unigrams.get(key, 0.0) + weight * count
            plain_unigrams[key] = plain_unigrams.get(key, 0) + count
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
    return LanguageModel(unigrams, bigrams, contexts, sum(unigrams.values()), plain, plain_unigrams,
                         _trigrams(exclude))


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
def keys_by_fold() -> dict[str, tuple[str, ...]]:
    """Every vocabulary word by its fold.

    Only the vocabulary's words are candidates: a change needs a phrase of
    the vocabulary (or the word's weight in it), so a syllable it never uses
    could not win and would only slow the decoder down.
    """
    by_fold: dict[str, set[str]] = {}
    words: set[str] = set()
    for name in vocabulary()["categories"]:
        words.update(k for k in category_counts(name)[0] if k != NUMBER_KEY)
    for word in words:
        by_fold.setdefault(fold(word), set()).add(word)
    return {f: tuple(sorted(keys)) for f, keys in by_fold.items()}


def candidates(word: str) -> tuple[str, ...]:
    """Vocabulary words that OCR could have turned into ``word`` (same fold), itself excluded."""
    key = syllable_key(word)
    return tuple(k for k in keys_by_fold().get(fold(word), ()) if k != key)




#: The longest vocabulary phrase (in words) that is looked up as evidence.
MAX_PHRASE_WORDS = 6


def _marked(token_text: str) -> str:
    """A token's key, with "^" in front when it is written with a capital and then small letters."""
    key = token_key(token_text)
    return "^" + key if is_capitalised(token_text) else key


def is_capitalised(word: str) -> bool:
    """ "Hạnh", "Đỗ", "A": a capital letter and then small letters only (not "UBND", not "hạnh")."""
    return word[:1].isupper() and (len(word) == 1 or word[1:].islower())


@lru_cache(maxsize=4)
def phrase_ngrams(exclude: tuple[str, ...] = ()) -> frozenset[tuple[str, ...]]:
    """Every run of 2 to MAX_PHRASE_WORDS consecutive keys inside a vocabulary phrase."""
    found = set()
    for name in vocabulary()["categories"]:
        if name in exclude:
            continue
        for keys in _category_runs(name):
            for size in range(2, min(MAX_PHRASE_WORDS, len(keys)) + 1):
                found.update(keys[i:i + size] for i in range(len(keys) - size + 1))
    return frozenset(found)


@lru_cache(maxsize=4)
def phrase_entries(exclude: tuple[str, ...] = ()) -> frozenset[tuple[str, ...]]:
    """The vocabulary's runs of 2+ keys as whole entries ("chuyên môn", "lãnh đạo"), not pieces of longer ones."""
    return frozenset(keys for name in _whole_phrase_categories(exclude)
                     for keys in _category_runs(name) if len(keys) >= 2)


def _whole_phrase_categories(exclude: tuple[str, ...]) -> list[str]:
    """The categories whose entries are whole phrases: not those of n-grams cut from running text.

    A generated category (``"ngrams_only": true``, data/vocabulary_realdocs.json)
    holds word sequences that recur in running text: their first and last
    words are where counting stopped, not where a phrase begins or ends
    ("quả theo dõi thi hành" is cut from "kết quả theo dõi thi hành").
    """
    return [name for name, category in vocabulary()["categories"].items()
            if name not in exclude and not category.get("ngrams_only")]


@lru_cache(maxsize=4)
def capitalised_ngrams(exclude: tuple[str, ...] = ()) -> frozenset[tuple[str, ...]]:
    """Runs of 2+ capitalised words the vocabulary writes so ("Sở Tài", "Đắk Nông"), as marked keys."""
    found = set()
    for name, category in vocabulary()["categories"].items():
        if name in exclude:
            continue
        for phrase in category["phrases"]:
            for run in runs_of_tokens(unicodedata.normalize("NFC", phrase)):
                marked = [_marked(t.text) for t in run]
                for i in range(len(marked)):
                    for j in range(i + 2, min(len(marked), i + MAX_PHRASE_WORDS) + 1):
                        if not all(m.startswith("^") for m in marked[i:j]):
                            break
                        found.add(tuple(marked[i:j]))
    return frozenset(found)


@lru_cache(maxsize=1)
def abbreviation_folds() -> frozenset[str]:
    """Folds of the vocabulary's abbreviations (all-capital tokens that are no syllable: HĐND, UBND)."""
    found = set()
    for category in vocabulary()["categories"].values():
        for phrase in category["phrases"]:
            for match in _TOKEN.finditer(unicodedata.normalize("NFC", phrase)):
                word = match.group()
                if word.isalpha() and word.isupper() and len(word) > 1 and syllable_key(word) not in known_syllables():
                    found.add(fold(word))
    return frozenset(found)


@lru_cache(maxsize=1)
def spelling_variants() -> frozenset[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Pairs of phrases that are both correct ("hằng năm", "hàng năm"), as keys, both ways round."""
    found = set()
    for first, second in vocabulary().get("spelling_variants", ()):
        a = tuple(token_key(t.text) for t in runs_of_tokens(unicodedata.normalize("NFC", first))[0])
        b = tuple(token_key(t.text) for t in runs_of_tokens(unicodedata.normalize("NFC", second))[0])
        found.update({(a, b), (b, a)})
    return frozenset(found)


@lru_cache(maxsize=4)
def phrase_extensions(exclude: tuple[str, ...] = ()) -> tuple[frozenset[tuple[str, ...]], frozenset[tuple[str, ...]]]:
    """The phrase windows the vocabulary goes on after (first set) and before (second set)."""
    grams = phrase_ngrams(exclude)
    return frozenset(g[:-1] for g in grams if len(g) > 2), frozenset(g[1:] for g in grams if len(g) > 2)


@lru_cache(maxsize=4)
def phrase_edges(exclude: tuple[str, ...] = ()) -> tuple[frozenset[tuple[str, ...]], frozenset[tuple[str, ...]]]:
    """The runs of 2+ keys that begin (first set) and end (second set) a vocabulary phrase."""
    starts, ends = set(), set()
    for name in _whole_phrase_categories(exclude):
        for keys in _category_runs(name):
            for size in range(2, min(MAX_PHRASE_WORDS, len(keys)) + 1):
                starts.add(keys[:size])
                ends.add(keys[-size:])
    return frozenset(starts), frozenset(ends)


@lru_cache(maxsize=1)
def person_name_folds() -> tuple[frozenset[str], frozenset[str]]:
    """Folds of the surnames and of the middle names of ``data/person_names.json``."""
    data = json.loads(_data_text("person_names.json"))
    return (frozenset(fold(unicodedata.normalize("NFC", w)) for w in data["surnames"]),
            frozenset(fold(unicodedata.normalize("NFC", w)) for w in data["middle_names"]))


@lru_cache(maxsize=1)
def phrase_fold_pairs() -> frozenset[tuple[str, str]]:
    """Every two adjacent words of the vocabulary's phrases, folded ("phó chủ" → ("pho", "chu"))."""
    found = set()
    for name in vocabulary()["categories"]:
        for keys in _category_runs(name):
            found.update((fold(a), fold(b)) for a, b in zip(keys, keys[1:]))
    return frozenset(found)


def is_known(model: LanguageModel, key: str) -> bool:
    """A word of the vocabulary or a syllable in use (else OCR misread it: "not a syllable")."""
    return key in model.unigrams or key in known_syllables()
