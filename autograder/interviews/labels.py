"""Reading a learner's label by meaning: a small phrase matcher over one vocabulary.

A vocabulary maps each canonical label ("data model") to phrases that mean it ("schema",
"database design", "core entities", ...). A learner's text is read like this:

1. It is split into *parts* at the words and signs people use to join two labels: "and",
   "or", "vs", "&", "+", "/", ",", ";", ":", parentheses and a spaced dash. "Design &
   trade-offs" is two parts; "back-of-the-envelope" is one.
2. Each part becomes words: lower case, letters and digits only, the articles and small
   linking words ("a", "the", "of", "for", ...) dropped, each word made singular
   ("endpoints" -> "endpoint", "trade-offs" -> "trade off").
3. A phrase is found in a part when its words occur there in a row, where a hyphen, a space
   or nothing separates them ("tradeoff", "trade-off" and "trade off" are one phrase), or
   when the whole part holds exactly the phrase's words in another order ("design of the
   system" for "system design"). Of the phrases found, only the longest count: inside
   "low-level design" the word "design" is not read on its own.
4. The parts' labels decide: one label -> that label; a *dominant* label wins over the
   others (a red flag stays a red flag when its area is named too; an estimate of anything
   is an estimate); two other labels -> the text names two labels and is refused with a
   message; none -> not a label.

So "API endpoints" reads as "api" (it contains "endpoint"), "overall architecture" as
"architecture", but "data" is no label at all: it is not a phrase of "data model", and
nothing is read from a part of a phrase. A phrase can also be marked *unclear* (its meaning
differs between companies, such as "low-level design"): it is refused with its own message.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

__all__ = ["Label", "Reading", "Vocabulary", "words"]

_PART_SPLIT = re.compile(
    r"\s+-+\s+|[&+/,;:|()\[\]]|\b(?:and|or|vs|versus|plus)\b",
)
_WORD = re.compile(r"[a-z0-9]+")
_STOPWORDS = frozenset({"a", "an", "the", "of", "for", "to", "in", "on", "with", "its", "their", "my",
                        "our", "this", "that", "about", "by", "at"})
_SPELLINGS = {"modelling": "modeling", "modelled": "modeled", "summarising": "summarizing",
              "summarise": "summarize", "behaviour": "behavior", "analyse": "analyze", "apis": "api"}
_ACRONYM_PLURAL = re.compile(r"\b([A-Z]{2,})s\b")  # "APIs", "DBs": the plural of an acronym
_KEEP_S = ("ss", "us", "is", "ous")


def _singular(word: str) -> str:
    if len(word) <= 3 or word.endswith(_KEEP_S):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s"):
        return word[:-1]
    return word


def _part_words(part: str) -> tuple[str, ...]:
    found = _WORD.findall(part.replace("'s", "").replace("'", ""))
    return tuple(_singular(_SPELLINGS.get(w, w)) for w in found if w not in _STOPWORDS)


def parts(text: str) -> list[tuple[str, ...]]:
    """The text split into parts, each a tuple of normalised words (empty parts dropped)."""
    pieces = _PART_SPLIT.split(_ACRONYM_PLURAL.sub(r"\1", text).lower())
    return [w for w in (_part_words(piece) for piece in pieces) if w]


def words(text: str) -> tuple[str, ...]:
    """All normalised words of ``text``, parts joined (used for ids and spelling guesses)."""
    return tuple(w for part in parts(text) for w in part)


@dataclass(frozen=True)
class Label:
    """One canonical label of a vocabulary."""

    name: str
    """The label as the notebook writes it ("data model")."""
    description: str
    """What it means, shown in the notebook's label table."""
    phrases: tuple[str, ...]
    """Other phrases that mean the same (matched as described in the module docstring)."""
    dominant: int = 0
    """Rank when a text names this label together with others: the one highest rank above 0 wins
    ("red flag: over-engineering for scale" is a red flag; a "scalability trade-off" a trade-off)."""


@dataclass(frozen=True)
class Reading:
    """What a learner's text says: a label, or why it cannot be read as one."""

    label: str | None
    problem: str | None = None


@dataclass(frozen=True)
class _Phrase:
    text: str
    words: tuple[str, ...]
    joined: str
    label: str | None  # None: an unclear phrase
    message: str = ""


@dataclass
class Vocabulary:
    """The labels of one kind ("round", "focus", "signal") and how to read them."""

    kind: str
    labels: tuple[Label, ...]
    unclear: Mapping[str, str] = field(default_factory=dict)
    """Phrases refused with their own message, because they mean different labels to different people."""

    def __post_init__(self) -> None:
        self._phrases: list[_Phrase] = []
        owner: dict[tuple[str, ...], str | None] = {}
        for label in self.labels:
            for text in (label.name, *label.phrases):
                self._add(text, label.name, "", owner)
        for text, message in self.unclear.items():
            self._add(text, None, message, owner)
        self._rank = {label.name: label.dominant for label in self.labels}

    def _add(self, text: str, label: str | None, message: str,
             owner: dict[tuple[str, ...], str | None]) -> None:
        split = parts(text)
        if len(split) != 1:
            raise ValueError(f"the phrase {text!r} of {self.kind} is not one part (it holds a joining "
                             "word or sign, so it would never be found whole)")
        found = split[0]
        if found in owner and owner[found] != label:
            raise ValueError(f"the phrase {text!r} means both {owner[found]!r} and {label!r}")
        owner[found] = label
        self._phrases.append(_Phrase(text, found, "".join(found), label, message))

    @property
    def names(self) -> list[str]:
        return [label.name for label in self.labels]

    def choices(self) -> str:
        return ", ".join(f"'{name}'" for name in self.names)

    def _matches(self, part: tuple[str, ...]) -> list[tuple[int, int, _Phrase]]:
        """(start, end, phrase) for every phrase found in one part, in token positions."""
        starts = [0]
        for w in part:
            starts.append(starts[-1] + len(w))
        index_of = {offset: i for i, offset in enumerate(starts)}
        joined = "".join(part)
        found: list[tuple[int, int, _Phrase]] = []
        for phrase in self._phrases:
            if sorted(phrase.words) == sorted(part):
                found.append((0, len(part), phrase))
                continue
            at = joined.find(phrase.joined)
            while at != -1:
                end = at + len(phrase.joined)
                if at in index_of and end in index_of:
                    found.append((index_of[at], index_of[end], phrase))
                at = joined.find(phrase.joined, at + 1)
        # Only the longest matches count: drop a match lying inside another, longer one.
        return [m for m in found
                if not any(o[0] <= m[0] and m[1] <= o[1] and (o[1] - o[0]) > (m[1] - m[0]) for o in found)]

    def read(self, text: str) -> Reading:
        """The label ``text`` means, or a reading with the problem in words (``text`` is a str)."""
        shown = _show(text)
        split = parts(text)
        if not split:
            return Reading(None, f"The {self.kind} is empty: write one of {self.choices()}.")
        labels: list[str] = []
        unclear: list[str] = []
        for part in split:
            for _start, _end, phrase in self._matches(part):
                if phrase.label is None:
                    unclear.append(phrase.message)
                elif phrase.label not in labels:
                    labels.append(phrase.label)
        top = max((self._rank[label] for label in labels), default=0)
        leaders = [label for label in labels if self._rank[label] == top]
        if top > 0 and len(leaders) == 1:
            return Reading(leaders[0])
        if len(labels) == 1:
            return Reading(labels[0])
        if len(labels) > 1:
            named = " and ".join(f"'{label}'" for label in labels)
            return Reading(None, f"{shown} names more than one {self.kind} ({named}). Give one {self.kind}.")
        if unclear:
            return Reading(None, f"{shown} {unclear[0]}")
        guess = self._guess(text)
        hint = ""
        if guess is not None:
            close, label = guess
            hint = f" Did you mean '{label}'?" if close == label else f" Did you mean '{close}' ('{label}')?"
        return Reading(None, f"{shown} is not a {self.kind} label.{hint} Use one of {self.choices()}.")

    def _guess(self, text: str) -> tuple[str, str] | None:
        """(phrase, label) for the one label a misspelling is close to; None when no label, or more
        than one, is close (a guess between two labels would be a guess at the answer)."""
        key = "".join(words(text))
        by_joined: dict[str, _Phrase] = {}
        for phrase in self._phrases:
            if phrase.label is not None:
                by_joined.setdefault(phrase.joined, phrase)
        close = difflib.get_close_matches(key, list(by_joined), n=5, cutoff=0.8)
        labels = {by_joined[c].label for c in close}
        if len(labels) != 1:
            return None
        best = by_joined[close[0]]
        return best.text, str(best.label)

    def all_phrases(self) -> Iterable[tuple[str, str | None]]:
        """(phrase words joined by spaces, label or None) for every phrase, for tests and docs."""
        return ((" ".join(p.words), p.label) for p in self._phrases)


def _show(value: object) -> str:
    try:
        text = repr(value)
    except Exception:  # a learner object with a broken __repr__
        text = f"<{type(value).__name__} object>"
    return text if len(text) <= 60 else text[:57] + "..."
