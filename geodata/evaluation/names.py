"""Names and numbers as the evaluator compares them: folded place names, the provinces and
countries a gold place string names, and the numbers a claim text gives.

These read gold strings, which are written by annotators for humans ("Spin Boldak district,
Kandahar, Afghanistan"), so they are more forgiving than the pipeline's own gazetteer look-ups.
"""

from __future__ import annotations

import re
import unicodedata

from .gold import GoldIncident


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


_NAME_ALIASES = {
    "kpk": "khyber pakhtunkhwa",
    "kp": "khyber pakhtunkhwa",
    "nwfp": "khyber pakhtunkhwa",
    "khyber pakhtoonkhwa": "khyber pakhtunkhwa",
    "baluchistan": "balochistan",
    "khowst": "khost",
    "paktya": "paktia",
    "konar": "kunar",
    "nangrahar": "nangarhar",
    "kandahar province": "kandahar",
    "fata": "khyber pakhtunkhwa",
}
_ADMIN_SUFFIXES = re.compile(
    r"\b(province|provinces|district|districts|agency|tehsil|division|wilayat|woleswali)\b"
)


def norm_name(name: str | None) -> str:
    if not name:
        return ""
    folded = _ADMIN_SUFFIXES.sub(" ", fold(name))
    folded = re.sub(r"\s+", " ", folded).strip()
    return _NAME_ALIASES.get(folded, folded)


AF_PROVINCES = (
    "Badakhshan", "Badghis", "Baghlan", "Balkh", "Bamyan", "Daykundi", "Farah", "Faryab", "Ghazni",
    "Ghor", "Helmand", "Herat", "Jowzjan", "Kabul", "Kandahar", "Kapisa", "Khost", "Kunar", "Kunduz",
    "Laghman", "Logar", "Nangarhar", "Nimroz", "Nuristan", "Paktia", "Paktika", "Panjshir", "Parwan",
    "Samangan", "Sar-e Pol", "Takhar", "Uruzgan", "Wardak", "Zabul",
)  # fmt: skip
PK_PROVINCES = (
    "Khyber Pakhtunkhwa", "Balochistan", "Punjab", "Sindh", "Gilgit-Baltistan",
    "Islamabad Capital Territory", "Azad Kashmir",
)  # fmt: skip
_PROVINCE_COUNTRY = {norm_name(p): "AF" for p in AF_PROVINCES} | {norm_name(p): "PK" for p in PK_PROVINCES}
_COUNTRY_WORDS = {"afghanistan": "AF", "afghan": "AF", "pakistan": "PK", "pakistani": "PK"}


def gold_provinces(g: GoldIncident) -> set[str]:
    """Normalised province names the gold incident's canonical place and place strings mention."""
    found: set[str] = set()
    texts = [g.canonical_place, *g.places]
    for text in texts:
        folded = " " + fold(text) + " "
        for alias, target in _NAME_ALIASES.items():
            if f" {alias} " in folded and target in _PROVINCE_COUNTRY:
                found.add(target)
        for province in _PROVINCE_COUNTRY:
            if f" {province} " in folded:
                found.add(province)
    return found


def gold_countries(g: GoldIncident) -> set[str]:
    countries = {_PROVINCE_COUNTRY[p] for p in gold_provinces(g)}
    for text in (g.canonical_place, *g.places):
        for word in fold(text).split():
            if word in _COUNTRY_WORDS:
                countries.add(_COUNTRY_WORDS[word])
    return countries


def gold_districts(g: GoldIncident) -> set[str]:
    """Candidate district names: the first hierarchy segment of canonical_place and the places."""
    names: set[str] = set()
    for text in (g.canonical_place.split(",")[0], *g.places):
        name = norm_name(re.sub(r"\(.*?\)", " ", text))
        if name and name not in _PROVINCE_COUNTRY and name not in _COUNTRY_WORDS:
            names.add(name)
    return names


_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}  # fmt: skip
_NUMBER_RE = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w])|(?<![\w.])\d+(?:\.\d+)?(?![\w])")


def numbers_in(text: str) -> set[float]:
    """Numbers written as digits ('1,200', '58') or simple words ('six') in a text."""
    values: set[float] = set()
    for match in _NUMBER_RE.finditer(text):
        try:
            values.add(float(match.group(0).replace(",", "")))
        except ValueError:
            pass
    for word in re.findall(r"[a-z]+", text.lower()):
        if word in _NUMBER_WORDS:
            values.add(float(_NUMBER_WORDS[word]))
    return values
