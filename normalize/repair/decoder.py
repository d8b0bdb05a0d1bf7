"""Candidates and the decoder: which real words an OCR word may stand for, and which reading wins.

* Every word is compared by its *fold* (lower case without any mark, đ → d).
  All known words with the same fold are the *candidates* for an OCR word
  ("chi" → chi, chí, chì, chỉ, chị ...); a word with I for l ("Iàm") or l for
  I ("VlỆT") also gets the candidates of the undone form, and a word no
  reading of which fits its neighbours gets the similar vocabulary words
  ("ĐỊA" → "ĐẠI").
* The field's language model (``vocabulary.language_model``) scores each
  sequence of candidates; a Viterbi decoder over a run of words picks the
  best one. Keeping the OCR form is free, each changed mark costs.
* A proposed change is kept only on evidence (``_accepted``): first the
  context rules (vocabulary-phrase, similar-word, letter-confusion,
  function-word, invalid-syllable, abbreviation), then the OCR's own doubt
  (``evidence.doubt_evidence``): a real word changes only when its confidence is low
  or unknown and the new word completes an exact vocabulary phrase, a name or
  an abbreviation never; read with high confidence, only by the one tone swap
  that the file's OCR is found to make even where it is sure
  (``tone_confusion``). A rejected change pins the OCR word and the run is
  decoded again.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .evidence import RunContext, doubt_evidence, doubted, misread_tone
from .syllables import fold, is_well_formed, known_syllables, place_tone, split_tone, syllable_key
from .vocabulary import (NUMBER_KEY, LanguageModel, Token, candidates, capitalized_inside, category_counts,
                         function_words, is_known, keys_by_fold, token_key, vocabulary)


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


@lru_cache(maxsize=1 << 16)
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
    score = model.scores.get((previous, key))
    if score is None:
        unigram = math.exp(_log_unigram(model, key))
        if previous is None or previous not in model.contexts:
            score = math.log(unigram)
        else:
            seen, distinct = model.contexts[previous]
            count = model.bigrams.get((previous, key), 0.0)
            score = math.log((count + distinct * unigram) / (seen + distinct))
        model.scores[(previous, key)] = score
    return score


@dataclass(frozen=True)
class Option:
    """One reading of a token: its key, the channel cost, and how to write it."""

    key: str
    cost: float
    case_model: str  # the OCR text with I/l confusions undone, for copying the case
    kind: str = "marks"  # "marks", "letter" (I/l undone) or "similar" (another letter order)


def _options(token: Token) -> list[Option]:
    """The OCR reading (cost 0) first, then the known words it may stand for (a new list)."""
    return list(_options_of(token.text))


@lru_cache(maxsize=1 << 14)
def _options_of(text: str) -> tuple[Option, ...]:
    own = Option(token_key(text), 0.0, text)
    if text.isdigit() or not text.isalpha():
        return (own,)
    options = [own]
    for key in candidates(text):
        options.append(Option(key, change_cost(own.key, key), text))
    undone = _undo_letter_confusion(text)
    if undone is not None:
        undone_key = syllable_key(undone)
        seen = {o.key for o in options}
        for key in (undone_key, *candidates(undone)):
            if key not in seen and key in keys_by_fold().get(fold(undone), ()):
                options.append(Option(key, LETTER_COST + change_cost(undone_key, key), undone, "letter"))
    return tuple(options)


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
        for key in category_counts(name)[0]:
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
    keys = keys_by_fold().get(fold(key), ())
    total = sum(model.unigrams.get(k, 0.0) for k in keys)
    count = model.unigrams.get(key, 0.0)
    return count >= MIN_DOMINANT_COUNT and count >= DOMINANT_SHARE * total


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


@dataclass(frozen=True)
class Accepted:
    """A change the rules allow: the rule's id and its evidence (for Fix.evidence)."""

    rule: str
    evidence: dict[str, Any]


def _accepted(model: LanguageModel, run: list[Token], options: list[list[Option]],
              path: list[int], position: int, context: RunContext) -> Accepted | None:
    """The rule that allows the change at ``position`` and its evidence, or None to keep the OCR word.

    The gain (how much better the context scores the new word, channel cost
    included) must reach the margin; then the rules for similar words, for
    non-words and for real words decide (see the module docstring), and last
    the OCR's own doubt.
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
    misread = (not is_known(model, change.own.key) or doubted(context, position)
               or misread_tone(context, change.own.key, change.chosen.key))
    if gain < (0.0 if misread else _margin(model, change)):
        return None
    if change.chosen.kind == "similar":
        # another word with other letters ("ĐỊA" → "ĐẠI"; never "cấp" → "các" on the phrase alone)
        rule = _similar_word_rule(model, change) if misread else None
    elif _ambiguous(model, change, options[position]):
        return None  # "điểm só với": "điểm số" and "so với" both fit; the context does not decide
    elif misread:
        rule = _non_word_rule(model, change)  # OCR misread or doubted the word: the context decides
    else:
        rule = _real_word_rule(model, change)
    if rule is None:
        return None
    keys = [options[i][path[i]].key for i in range(len(path))]
    evidence = doubt_evidence(model, run, keys, position, change.own.key, context)
    return None if evidence is None else Accepted(rule, evidence)


def _support_of(model: LanguageModel, change: _Change, key: str) -> int:
    return _support(model, change.previous, key, change.following)


def _margin(model: LanguageModel, change: _Change) -> float:
    """MARGIN; 0 for a non-word; STRONG_MARGIN where the new word makes a frequent phrase."""
    if not is_known(model, change.own.key):
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


def repair_run(run: list[Token], model: LanguageModel, context: RunContext) -> dict[int, tuple[Option, Accepted]]:
    """Changes to make in one run: token index → (chosen option, rule and evidence)."""
    options = [_options(t) for t in run]
    _add_similar_options(run, options, model)
    for position, doubt in enumerate(context.doubts):
        confident = doubt.confidence is not None and doubt.confidence >= context.settings.low_confidence
        own = options[position][0]
        if doubt.protected:
            options[position] = [own]  # never changed: pinned before decoding
        elif confident and is_known(model, own.key):
            # never changed, but for the one tone swap this file's OCR makes even where it is sure
            options[position] = [own] + [o for o in options[position][1:]
                                         if o.kind == "marks" and misread_tone(context, own.key, o.key)]
    if all(len(o) == 1 for o in options):
        return {}
    for _ in range(len(run) + 1):
        path = _decode(options, model)
        rejected = False
        changes: dict[int, tuple[Option, Accepted]] = {}
        for position, index in enumerate(path):
            if index == 0:
                continue
            accepted = _accepted(model, run, options, path, position, context)
            if accepted is None:
                options[position] = options[position][:1]  # pin the OCR word, decode again
                rejected = True
                break
            changes[position] = (options[position][index], accepted)
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


def render(option: Option, style: str) -> str:
    base, tone = split_tone(option.key)
    return _copy_case(option.case_model, place_tone(base, tone, style))


