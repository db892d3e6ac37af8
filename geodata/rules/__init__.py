"""Extraction rules as data: named patterns with their examples, loaded from the YAML files here.

Each file (`lexicon.yaml`, `triggers.yaml`, ...) holds

```yaml
macros:                       # named fragments, usable in any file as {{name}}
  speech_verb: "(?:said|says|told)"
rules:
  - name: airstrike_verb      # unique across all files; code finds a rule by this name
    pattern: "\\b(?:air ?strikes?|bombed)\\b"   # a regex, {{macros}} expanded; or a list of
                              # pieces joined as they stand (a long pattern, one alternative a line)
    words: [...]              # or: a word list, compiled to one alternation (longest first)
    flags: [IGNORECASE]       # default IGNORECASE; [] for case-sensitive
    examples: ["Jets bombed a village."]            # each must match (search)
    not_examples: ["The bombing anniversary ..."]   # none may match
    use: match                # optional: the code anchors it (re.match, or fullmatch), so the
                              # examples are tried so
    requires: "\\bwhile\\b"     # optional: a piece of the pattern every match contains, written
                              # as in the pattern; code may skip the costly pattern when this
                              # cheap one finds nothing (`Rule.gate`); the test checks that it is
                              # a piece of the pattern and that no example matches without it
    # any other key (label, side, type, ...) is metadata the code reads from Rule.meta
```

An example may be a mapping `{text: ..., match: ...}`: the first match must then equal `match`
(or, with `group: NAME`, that group). `tests/unit/test_rules.py` runs every example of every rule.
The model is HeidelTime's named rules and Duckling's example corpora: a rule is found by its name,
and its examples say what it is for.

A rule may give a table `values: {word: value}` instead of `words`: its keys are the word list, and
the code reads the values from `meta["values"]` (number words, month numbers).
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import ahocorasick
import yaml

from .needs import needed_pieces, top_alternatives

_MACRO = re.compile(r"\{\{(\w+)\}\}")
# libyaml's safe loader where PyYAML has it (its wheels do): the same documents, ten times faster
# (every process reads the rule files at start: 140 ms pure Python, 14 ms)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESERVED = {"name", "pattern", "words", "flags", "examples", "not_examples", "doc", "requires"}


@dataclass(frozen=True)
class Example:
    text: str
    match: str | None = None  # expected text of the first match (or of `group`)
    group: str | None = None


@dataclass(frozen=True)
class Rule:
    """One named pattern with its examples and free metadata (`meta`)."""

    name: str
    file: str
    pattern: str  # macros expanded
    flags: int
    examples: tuple[Example, ...] = ()
    not_examples: tuple[Example, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    doc: str = ""
    requires: str | None = None  # a piece of `pattern` every match contains (macros expanded)

    @functools.cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.pattern, self.flags)

    @functools.cached_property
    def gate(self) -> re.Pattern[str] | None:
        """The `requires` piece compiled alone: where it finds nothing, the rule cannot match."""
        return re.compile(self.requires, self.flags) if self.requires is not None else None

    @functools.cached_property
    def gate_words(self) -> tuple[str, ...]:
        """Lower-case words of which every match holds one (`gate_words` in the rule file)."""
        return tuple(self.meta.get("gate_words") or ())

    @functools.cached_property
    def _gate_word_set(self) -> frozenset[str]:
        return frozenset(self.gate_words)

    def opens(self, lowered: str | None) -> bool:
        """Whether the rule can match a text whose `gate_text` is `lowered`: some gate word is in
        it, or the rule has none, or the text cannot be gated (None). The words are looked up
        with every rule's needed pieces, in the text's one pass (`pieces_in`)."""
        words = self._gate_word_set
        if lowered is None or not words:
            return True
        if self._words_indexed:
            return not words.isdisjoint(pieces_in(lowered))
        return any(w in lowered for w in words)  # a rule from no file, or a word under 3 letters

    @functools.cached_property
    def _words_indexed(self) -> bool:
        # once per rule, not per sentence: the index never changes
        return self._gate_word_set <= _piece_index().pieces

    @functools.cached_property
    def needs(self) -> frozenset[str] | None:
        """The literal pieces one of which every match holds (read from the pattern, see
        `needs.py`), lower-cased: they are looked up in the lower-cased text (where a piece of a
        case-sensitive pattern is found lower-cased too)."""
        found = needed_pieces(self.pattern, self.flags)
        return frozenset(p.lower() for p in found[0]) if found is not None else None

    @functools.cached_property
    def _needs_indexed(self) -> bool:
        # once per rule, not per sentence: the index never changes
        return self.needs is not None and self.needs <= _piece_index().pieces

    @functools.cached_property
    def _needs_found(self) -> re.Pattern[str] | None:
        """The pieces as one plain alternation, for a rule the shared index lacks (see `hopeless`)."""
        return re.compile("|".join(map(re.escape, sorted(self.needs)))) if self.needs else None

    def hopeless(self, text: str) -> bool:
        """The text holds none of the pieces every match needs: the pattern cannot match in it.
        The pieces of every rule file are looked up in one pass per text (`pieces_in`), so each
        rule's answer is a set operation, many times cheaper than its pattern's scan."""
        lowered = gate_text(text) if self.needs is not None else None
        return lowered is not None and self._lacks_needs(lowered)

    def _lacks_needs(self, lowered: str) -> bool:
        needs = self.needs
        if needs is None:
            return False
        if self._needs_indexed:
            return needs.isdisjoint(pieces_in(lowered))
        found = self._needs_found
        return found is not None and found.search(lowered) is None

    @functools.cached_property
    def _cut(self) -> tuple[str, list[str], str] | None:
        return top_alternatives(self.pattern, self.flags)

    @functools.cached_property
    def branch_needs(self) -> tuple[tuple[str, frozenset[str] | None], ...]:
        """The alternatives the pattern is cut into (`top_alternatives`), each with the lower-cased
        pieces one of which its every match holds (None: no such pieces); empty for a pattern of
        one alternative."""
        branches = self._cut[1] if self._cut is not None else ()
        found = [needed_pieces(b, self.flags) for b in branches]
        return tuple((b, frozenset(p.lower() for p in f[0]) if f else None) for b, f in zip(branches, found))

    @functools.cached_property
    def _branches(self) -> tuple[frozenset[str] | None, ...] | None:
        """`branch_needs` as `scanner` reads them (None where a piece is not in the shared index);
        None when no alternative could ever be left out."""
        index = _piece_index().pieces
        needs = tuple(n if n is not None and n <= index else None for _, n in self.branch_needs)
        # with a few alternatives, looking them up costs more than the scan it saves (dates)
        worth = len(needs) >= _MIN_NARROWED_BRANCHES and any(n is not None for n in needs)
        return needs if worth else None

    @functools.cached_property
    def _narrowed(self) -> dict[tuple[int, ...], re.Pattern[str]]:
        return {}  # compiled patterns by the alternatives they keep: a few per rule

    def scanner(self, text: str) -> re.Pattern[str] | None:
        """The pattern to scan the text with: None where it cannot match (`hopeless`), else the
        pattern without the alternatives (`branch_needs`) whose needed pieces the text lacks.
        Those find nothing anywhere in it, so the matches (spans, groups) are the same; the regex
        engine, which tries every alternative at every position it reaches, has fewer to try."""
        branches = self._branches
        # `hopeless` and the narrowing read the same lower-cased text and pieces
        lowered = gate_text(text) if branches is not None or self.needs is not None else None
        if lowered is None:
            return self.regex
        if self._lacks_needs(lowered):
            return None
        if branches is None:
            return self.regex
        found = pieces_in(lowered)
        kept = tuple(i for i, needs in enumerate(branches) if needs is None or not needs.isdisjoint(found))
        narrowed = self._narrowed.get(kept)
        if narrowed is None:
            if len(self._narrowed) >= _MAX_NARROWED:
                return self.regex
            narrowed = self._narrowed.setdefault(kept, self._compile_kept(kept))
        return narrowed

    @functools.cached_property
    def _grouped(self) -> tuple[bool, ...]:
        return tuple(re.compile(b, self.flags).groups > 0 for b, _ in self.branch_needs)

    def _compile_kept(self, kept: tuple[int, ...]) -> re.Pattern[str]:
        """The pattern with only the kept alternatives; the whole one when that is as long as a
        few hundred letters or half the whole (compiling costs some 2 µs a letter, more than the
        scans it saves)."""
        # an alternative with groups stays, made impossible: the groups keep their numbers
        parts = [
            b if i in kept else f"(?!)(?:{b})"
            for i, (b, _) in enumerate(self.branch_needs)
            if i in kept or self._grouped[i]
        ]
        before, _, after = self._cut or ("", [], "")
        narrowed = f"{before}(?:{'|'.join(parts) or '(?!)'}){after}"
        too_long = len(narrowed) > min(_MAX_NARROWED_LENGTH, len(self.pattern) // 2)
        return self.regex if too_long else re.compile(narrowed, self.flags)

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        scanner = self.scanner(text)
        if scanner is None or (self.gate is not None and self.gate.search(text, pos) is None):
            return None
        return scanner.search(text, pos)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        scanner = self.scanner(text)
        if scanner is None or (self.gate is not None and self.gate.search(text) is None):
            return iter(())
        return scanner.finditer(text)

    def sub(self, repl: str, text: str) -> str:
        scanner = self.scanner(text)
        return text if scanner is None else scanner.sub(repl, text)


# compiled narrowed patterns kept per rule; past that, a text the rule has no pattern for yet is
# scanned with the whole one. A bound for a long-running server over varied text: each compile
# also takes a place in `re`'s own cache of 512 (pysbd's patterns live there). The 60 real
# articles of the dev set made 72 narrowed patterns, 31 of them for one rule.
_MAX_NARROWED = 32
_MAX_NARROWED_LENGTH = 300
_MIN_NARROWED_BRANCHES = 4


class RuleError(ValueError):
    """A rule file is malformed: a duplicate name, an unknown macro, a pattern that does not compile."""


def folds_like_lower(text: str) -> bool:
    """False when the text holds a letter that a case-insensitive regex matches but str.lower()
    does not turn into its ASCII letter (long s, dotless or dotted i, Kelvin sign, st ligatures):
    gate words looked up in text.lower() cannot be trusted there, so every pattern runs."""
    # written as escapes, so that no ASCII look-alike (a plain "K") can stand in for one
    return not any(c in text for c in "\u017f\u0131\u0130\u212a\ufb05\ufb06")


@functools.lru_cache(maxsize=64)  # one sentence is looked up by many rules in turn
def gate_text(text: str) -> str | None:
    """The text as `Rule.opens` reads it: lower-cased, or None when lower-casing cannot be
    trusted to keep what the case-insensitive patterns match (see `folds_like_lower`)."""
    return text.lower() if folds_like_lower(text) else None


@dataclass(frozen=True)
class _PieceIndex:
    pieces: frozenset[str]  # what `pieces_in` can find: the files' needed pieces (also of each
    # top-level alternative) and gate words, of 3+ letters
    finder: Any  # ahocorasick.Automaton over them


@functools.cache
def _piece_index() -> _PieceIndex:
    """One Aho-Corasick automaton over the needed pieces and gate words of every rule in the
    files. Pieces under three letters (",", "in") are left out: they are in nearly every text and
    would only slow the pass; a rule needing one is checked with its own alternation."""
    needed = (
        p
        for r in all_rules()
        for p in (*(r.needs or ()), *r.gate_words, *(p for _, n in r.branch_needs for p in n or ()))
    )
    pieces = frozenset(p for p in needed if len(p) >= 3)
    finder = ahocorasick.Automaton()
    for piece in pieces:
        finder.add_word(piece, piece)
    finder.make_automaton()
    return _PieceIndex(pieces, finder)


@functools.lru_cache(maxsize=64)  # one sentence is read by many rules in turn
def pieces_in(lowered: str) -> frozenset[str]:
    """The indexed pieces a lower-cased text holds, in one pass."""
    # itemgetter, not a generator: no Python frame per occurrence (50 a sentence)
    return frozenset(map(_PIECE, _piece_index().finder.iter(lowered)))


_PIECE = operator.itemgetter(1)  # (end, piece) -> piece


def words_pattern(words: list[str]) -> str:
    """A word list as one non-capturing alternation, longest first so that 'posts' wins over 'post'.
    A list of lower-case ASCII words is written as a prefix tree ("sa(?:id|ys?)"): the same matches,
    but the regex engine tries a few letters at each position instead of every word in turn."""
    alternatives = sorted({w.strip() for w in words if w and w.strip()}, key=lambda w: (-len(w), w))
    if all(_tree_safe(w) for w in alternatives):
        return "(?:" + _prefix_tree([_word_tokens(w) for w in alternatives]) + ")"
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in alternatives) + ")"


def _tree_safe(word: str) -> bool:
    """Two different characters of such words never match one text character, even ignoring case
    (no capitals, no letters outside ASCII, no whitespace but single spaces): the tree's branches
    exclude one another, so their order cannot change a match."""
    return all(
        c == " " or not (c.isspace() or c.isupper() or (c.isalpha() and not c.isascii())) for c in word
    ) and ("  " not in word)


def _word_tokens(word: str) -> list[str]:
    return [r"\s+" if c == " " else re.escape(c) for c in word]


def _prefix_tree(words: list[list[str]]) -> str:
    """The alternation of token lists as a tree; where a word ends inside a longer one, the longer
    is tried first (a greedy "?"), as in the longest-first flat list."""
    branches: dict[str, list[list[str]]] = {}
    for tokens in words:
        if tokens:
            branches.setdefault(tokens[0], []).append(tokens[1:])
    ends = any(not t for t in words)
    parts = [first + _prefix_tree(rests) for first, rests in sorted(branches.items())]
    if not parts:
        return ""
    if len(parts) == 1 and not ends:
        return parts[0]
    return "(?:" + "|".join(parts) + ")" + ("?" if ends else "")


def _pattern_text(value: Any) -> str:
    """A pattern written as one string, or as a list of pieces joined as they stand."""
    return "".join(str(piece) for piece in value) if isinstance(value, list) else str(value)


def _flags(names: list[str] | None) -> int:
    value = 0
    for name in ["IGNORECASE"] if names is None else names:
        value |= getattr(re, name)
    return value


def _examples(items: list[Any] | None, where: str) -> tuple[Example, ...]:
    out = []
    for item in items or []:
        if isinstance(item, str):
            out.append(Example(item))
        elif isinstance(item, dict) and isinstance(item.get("text"), str):
            out.append(Example(item["text"], item.get("match"), item.get("group")))
        else:
            raise RuleError(f"{where}: an example is a string or a mapping with 'text'")
    return tuple(out)


@functools.cache  # parsed once per process: rule() looks names up across every file
def _raw_files() -> dict[str, dict[str, Any]]:
    files: dict[str, dict[str, Any]] = {}
    for entry in sorted(resources.files(__package__).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            data = yaml.load(entry.read_text(encoding="utf-8"), Loader=_LOADER) or {}  # noqa: S506
            if not isinstance(data, dict):
                raise RuleError(f"{entry.name}: top level must be a mapping")
            files[entry.name.removesuffix(".yaml")] = data
    return files


@functools.cache
def _macro_sources() -> dict[str, str]:
    """Every macro and every word-list or pattern rule, by name: rules double as macros."""
    sources: dict[str, str] = {}
    for fname, data in _raw_files().items():
        for name, value in (data.get("macros") or {}).items():
            if name in sources:
                raise RuleError(f"{fname}: macro {name!r} defined twice")
            sources[name] = words_pattern(value) if isinstance(value, list) else str(value)
        for raw in data.get("rules") or []:
            name = raw.get("name")
            if not name:
                raise RuleError(f"{fname}: a rule without a name")
            if name in sources:
                raise RuleError(f"{fname}: name {name!r} used twice")
            if isinstance(raw.get("values"), dict) and "pattern" not in raw and "words" not in raw:
                raw = {**raw, "words": [str(k) for k in raw["values"]]}  # a table's keys are its words
            if "words" in raw:
                sources[name] = words_pattern(raw["words"])
            elif "pattern" in raw:
                sources[name] = _pattern_text(raw["pattern"])
            else:
                raise RuleError(f"{fname}: rule {name!r} has neither pattern nor words")
    return sources


@functools.cache
def macro(name: str) -> str:
    """A macro (or rule) pattern with every {{macro}} inside it expanded."""
    return _expand(name, ())


def _expand(name: str, stack: tuple[str, ...]) -> str:
    sources = _macro_sources()
    if name not in sources:
        raise RuleError(f"unknown macro {{{{{name}}}}}" + (f" (in {stack[-1]})" if stack else ""))
    if name in stack:
        raise RuleError(f"macro cycle: {' -> '.join((*stack, name))}")
    return _MACRO.sub(lambda m: _expand(m.group(1), (*stack, name)), sources[name])


def expand(pattern: str) -> str:
    """Expand the {{macros}} of a pattern written in code (for the few patterns built at run time)."""
    return _MACRO.sub(lambda m: macro(m.group(1)), pattern)


@functools.cache
def ruleset(file: str) -> dict[str, Rule]:
    """The rules of one file (`ruleset("triggers")`), by name, in file order."""
    data = _raw_files().get(file)
    if data is None:
        raise RuleError(f"no rule file {file}.yaml")
    rules: dict[str, Rule] = {}
    for raw in data.get("rules") or []:
        name = raw["name"]
        try:
            flags = _flags(raw.get("flags"))
            pattern = macro(name)
            re.compile(pattern, flags)
        except (re.error, AttributeError) as exc:
            raise RuleError(f"{file}.yaml: rule {name!r}: {exc}") from exc
        meta = {k: v for k, v in raw.items() if k not in _RESERVED}
        rules[name] = Rule(
            name=name,
            file=file,
            pattern=pattern,
            flags=flags,
            examples=_examples(raw.get("examples"), f"{file}.yaml:{name}"),
            not_examples=_examples(raw.get("not_examples"), f"{file}.yaml:{name}"),
            meta=meta,
            doc=str(raw.get("doc", "")),
            requires=expand(str(raw["requires"])) if "requires" in raw else None,
        )
    return rules


def rule(name: str) -> Rule:
    """Any rule by its name, whichever file holds it."""
    for file in _raw_files():
        found = ruleset(file).get(name)
        if found is not None:
            return found
    raise RuleError(f"no rule named {name!r}")


def all_rules() -> list[Rule]:
    return [r for file in _raw_files() for r in ruleset(file).values()]


def check_examples(r: Rule) -> list[str]:
    """What is wrong with a rule's examples: one line per failing example (empty when all hold)."""
    problems = []
    find = {"match": r.regex.match, "fullmatch": r.regex.fullmatch}.get(r.meta.get("use", ""), r.regex.search)
    for ex in r.examples:
        m = find(ex.text)
        if m is None:
            problems.append(f"{r.name}: example does not match: {ex.text!r}")
        elif ex.match is not None:
            got = m.group(ex.group) if ex.group else m.group(0)
            if got != ex.match:
                problems.append(f"{r.name}: {ex.text!r} matched {got!r}, expected {ex.match!r}")
    for ex in r.not_examples:
        m = find(ex.text)
        if m is not None:
            problems.append(f"{r.name}: not-example matches {m.group(0)!r}: {ex.text!r}")
    return problems + check_requires(r)


def check_requires(r: Rule) -> list[str]:
    """What is wrong with a rule's `requires` gate: it must be a piece of the pattern, find
    something in every example, and be needed (the pattern with that piece made impossible
    matches no example)."""
    if r.requires is None or r.gate is None:
        return []
    if r.requires not in r.pattern:
        return [f"{r.name}: requires {r.requires!r} is not a piece of the pattern"]
    problems = [
        f"{r.name}: example matches but the requires gate finds nothing: {ex.text!r}"
        for ex in r.examples
        if r.gate.search(ex.text) is None
    ]
    impossible = re.compile(r.pattern.replace(r.requires, "(?!)"), r.flags)
    problems += [
        f"{r.name}: example still matches without the required piece: {ex.text!r}"
        for ex in r.examples
        if impossible.search(ex.text) is not None
    ]
    return problems
