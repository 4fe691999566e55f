"""Tables of regular expressions, each tried only where a word it needs occurs.

In: named groups of compiled patterns (the action types' words, the discourse markers, the
beneficiaries: hundreds of patterns), then a text.
Out: ``PatternTable(groups).scan(text) -> Hits`` (kept for the last few texts);
``Hits.search(group, start, end)`` and
``Hits.finditer(group, start, end)`` give what the group's patterns give searched between
``start`` and ``end``, in the table's order; ``Hits.candidates(group, start, end)`` says
which of them may match there, for a caller that handles each pattern its own way;
``Hits.groups_in(start, end)`` every pattern that may match a span, with its group.
How: every pattern needs some literal to match: "(разда|переда)\\w* .{0,30}(продукт|хлеб)"
cannot match where neither "разда" nor "переда" occurs. ``literals`` reads that set from the
parsed pattern; one Aho-Corasick pass (pyahocorasick) finds all of them in the text at once,
and a span's search runs only the patterns whose literals occur inside it. The answers are
those of searching every pattern (tests/unit/language/test_prefilter.py checks it on every
table). Measured on the build benchmark's articles: the action words' searches took 0.25 s
for 500 articles, 0.09 s with the prefilter; Python's re tries every branch of an alternation
at every position, and most sentences hold none of them.

The literals are read by hand from ``re._parser`` (stable since Python 3.0 as sre_parse): no
library gives a Python pattern's required literals (RE2 and Hyperscan do it inside, for their
own syntax, which lacks the lookbehinds these tables use).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from re import _constants as sre
from re import _parser as sre_parse

import ahocorasick

# A literal shorter than this says too little ("и"): its pattern is tried everywhere.
MIN_LITERAL = 2
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def literals(pattern: str | re.Pattern) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` contains, the most telling such set;
    None when there is none worth using (the pattern is then tried everywhere).
    "\\bспас(ли|ают)\\b" -> {"спас"}; "(азык|киим)\\w* тарат" -> {"тарат"}. A compiled
    pattern is read with its flags (re.VERBOSE changes what is literal)."""
    source, flags = (
        (pattern.pattern, pattern.flags) if isinstance(pattern, re.Pattern) else (pattern, 0)
    )
    parsed = sre_parse.parse(source, flags)
    if parsed.state.flags & re.IGNORECASE:
        return None
    return _of_sequence(list(parsed))


def _of_sequence(items) -> frozenset[str] | None:
    """The best necessary set of a sequence: a run of literal characters, or any item whose
    own set is necessary (a group, a branch every alternative of which has a set, a repeat
    of at least one)."""
    best, run = None, []
    for op, av in [*items, (None, None)]:  # the sentinel ends the last run
        if op is sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            best, run = _better(best, frozenset(["".join(run)])), []
        if op is sre.SUBPATTERN and not av[1] & re.IGNORECASE:  # (group, add, del, pattern)
            best = _better(best, _of_sequence(list(av[3])))
        elif op is sre.BRANCH:
            alternatives = [_of_sequence(list(a)) for a in av[1]]
            if all(alternatives):
                best = _better(best, frozenset().union(*alternatives))
        elif op in _REPEATS and av[0] >= 1:  # (min, max, pattern)
            best = _better(best, _of_sequence(list(av[2])))
        # Anything else (a class, a lookaround, an anchor) needs no literal and ends a run.
    return best if best and min(map(len, best)) >= MIN_LITERAL else None


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The set that rules out more text: the longer shortest literal, then the fewer."""
    if not a or not b:
        return a or b
    return max(a, b, key=lambda s: (min(map(len, s)), -len(s)))


class PatternTable:
    """Named groups of patterns, searched with the literal prefilter."""

    def __init__(self, groups: Mapping[str, Sequence[re.Pattern]]):
        self.groups = {name: list(patterns) for name, patterns in groups.items()}
        # A pattern's id is its place in the whole table; a group's ids are a range.
        self.patterns = [p for patterns in self.groups.values() for p in patterns]
        self._ranges, first = {}, 0
        for name, patterns in self.groups.items():
            self._ranges[name], first = (first, first + len(patterns)), first + len(patterns)
        self._group_of = [name for name, patterns in self.groups.items() for _ in patterns]
        always = []  # patterns with no literal to look for
        self._automaton = ahocorasick.Automaton()  # literal -> (its length, pattern ids)
        for pid, pattern in enumerate(self.patterns):
            needed = literals(pattern)
            if needed is None:
                always.append(pid)
            for literal in needed or ():
                _, pids = self._automaton.get(literal, (0, frozenset()))
                self._automaton.add_word(literal, (len(literal), pids | {pid}))
        self._always = frozenset(always)
        if len(self._automaton):
            self._automaton.make_automaton()
        # The last texts' scans: the stages of one article ask for the same text (once a
        # paragraph, once an action).
        self.scan = lru_cache(maxsize=4)(self._scan)

    def _scan(self, text: str) -> Hits:
        """Where the table's literals occur in ``text``: one pass over it (``scan``, kept
        for the last few texts)."""
        occurrences = []
        if len(self._automaton):
            occurrences = sorted(
                (end + 1 - length, end + 1, pids)
                for end, (length, pids) in self._automaton.iter(text)
            )
        return Hits(self, text, occurrences)


class Hits:
    """A table's literals found in one text; searches of its spans."""

    def __init__(self, table: PatternTable, text: str, occurrences: list):
        self.table, self.text = table, text
        self._starts = [start for start, _, _ in occurrences]
        self._occurrences = occurrences
        self._spans: dict[tuple[int, int], list[int]] = {}

    def possible(self, start: int, end: int) -> list[int]:
        """Ids of the patterns that may match inside ``text[start:end]``, in order."""
        if (start, end) not in self._spans:
            pids = set(self.table._always)
            occurrences, k = self._occurrences, bisect_left(self._starts, start)
            while k < len(occurrences) and occurrences[k][0] < end:
                if occurrences[k][1] <= end:
                    pids |= occurrences[k][2]
                k += 1
            self._spans[start, end] = sorted(pids)
        return self._spans[start, end]

    def candidates(self, group: str, start: int, end: int) -> list[int]:
        """Which of ``group``'s patterns (their places in its list) may match inside
        ``text[start:end]``, in order: the others cannot."""
        pids, (first, stop) = self.possible(start, end), self.table._ranges[group]
        return [pid - first for pid in pids[bisect_left(pids, first) : bisect_left(pids, stop)]]

    def groups_in(self, start: int, end: int) -> Iterator[tuple[str, re.Pattern]]:
        """Each pattern of the table that may match inside ``text[start:end]``, with its
        group, in table order: one call for a span, not one a group."""
        patterns, group_of = self.table.patterns, self.table._group_of
        return ((group_of[pid], patterns[pid]) for pid in self.possible(start, end))

    def _patterns(self, group: str, start: int, end: int) -> list[re.Pattern]:
        patterns = self.table.groups[group]
        return [patterns[k] for k in self.candidates(group, start, end)]

    def search(self, group: str, start: int, end: int) -> re.Match | None:
        """The first match of ``group``'s patterns in table order, searched as
        ``pattern.search(text, start, end)``; None when none matches."""
        for pattern in self._patterns(group, start, end):
            if found := pattern.search(self.text, start, end):
                return found
        return None

    def finditer(self, group: str, start: int, end: int) -> Iterator[re.Match]:
        """Every match of every pattern of ``group`` between ``start`` and ``end``, pattern
        by pattern in table order."""
        for pattern in self._patterns(group, start, end):
            yield from pattern.finditer(self.text, start, end)
