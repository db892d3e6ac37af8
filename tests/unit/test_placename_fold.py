"""The translate-based fold (geodata.placename._fold, normalise, _key) gives exactly what folding
one character at a time gives: the same text and, per folded character, the same original index."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from geodata import placename

# characters that exercise every branch of _fold_char: dashes, apostrophes, dropped format
# characters, whitespace of several kinds, letters with diacritics, expanding ligatures, specials
TRICKY = "-\u2013\u2014\u2212'\u2019`\u00ad\u200b\ufeff \t\n\u00a0\u2003\x1cA\u00e9\u012b\u014d\u00e6\ufb01\u0131\u0142\u00df\u00a8\u2025\u0130"
texts = st.text(alphabet=st.sampled_from(TRICKY) | st.characters(), max_size=60)


@settings(max_examples=600, deadline=None)
@given(texts, st.booleans())
def test_fold_matches_the_char_by_char_fold(text, hyphen_space):
    assert placename._fold(text, hyphen_space) == placename._fold_by_char(text, hyphen_space)


@settings(max_examples=600, deadline=None)
@given(texts)
def test_normalise_and_key_match_the_char_by_char_fold(text):
    assert placename.normalise(text) == placename._fold_by_char(text, False)[0].strip()
    assert placename._key(text) == placename._fold_by_char(text, True)[0].strip()


@settings(max_examples=600, deadline=None)
@given(texts | st.text(alphabet=" \t\nab\u2019-", max_size=60), st.booleans())
def test_the_offsets_look_up_reads_as_the_list(text, hyphen_space):
    folded, offsets = placename._fold(text, hyphen_space)
    looked_up, lookup = placename._fold_lookup(text, hyphen_space)
    assert looked_up == folded
    assert len(lookup) == len(offsets)
    assert [lookup[i] for i in range(len(offsets))] == offsets
    assert list(lookup) == offsets


def test_examples():
    assert placename.normalise("  Spīn   Bōldak\u2013Chaman ") == "spin boldak-chaman"
    assert placename._key("Spīn  Bōldak\u2013Chaman") == "spin boldak chaman"
    folded, offsets = placename._fold("A\u00ad  b\u00e6", hyphen_space=False)  # dropped, expanded
    assert folded == "a bae"
    assert offsets == [0, 2, 4, 5, 5]
    folded, offsets = placename._fold("Tor   kham", hyphen_space=True)
    assert (folded, offsets) == ("tor kham", [0, 1, 2, 3, 6, 7, 8, 9])
    folded, lookup = placename._fold_lookup("Tor   kham\n\nKhost ", hyphen_space=True)
    assert folded == "tor kham khost "
    assert [lookup[i] for i in (3, 4, 8, 9, 14)] == [3, 6, 10, 12, 17]
    assert lookup[-1] == 17 and lookup[1:3] == [1, 2]
