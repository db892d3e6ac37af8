"""Synthetic incident collections in the exact export shape (built with geodata.export), so the
dashboard can be tested without running the extraction pipeline or reading the gazetteer.

`small_collection()` is hand-made and covers every case the UI must handle: every event type,
both countries, the border zone, a border-wide incident (no point, precision 5), an unlocated
one, an undated one, a background mention, claims from both sides, crossings closed then reopened,
hostile strings (HTML, template-literal breakers, javascript: URLs) and an unusable-file problem.
`large_collection(n)` is a deterministic random collection for benchmarks.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

from geodata.articles import ArticleProblem
from geodata.export import feature_collection
from geodata.model import EVENT_TYPES, Claim, Incident, Place, Source

XSS_TITLE = "<img src=x onerror=alert(1)>"
XSS_OUTLET = "${alert(1)} `tick` \\ </script><script>alert(2)</script>"
JS_URL = "javascript:alert(3)"

BOUNDARY = [[69.0, 34.3], [70.0, 34.0], [70.5, 33.4], [69.9, 32.6], [69.3, 31.9], [67.0, 31.2], [66.3, 29.9]]

TORKHAM = Place("p-torkham", "Torkham", "crossing", None, "Nangarhar", None, 34.10, 71.09, 1)
CHAMAN = Place("p-chaman", "Chaman", "crossing", "PK", "Balochistan", None, 30.92, 66.45, 1)
SPIN_BOLDAK = Place("p-spin", "Spin Boldak", "populated_place", "AF", "Kandahar", None, 31.01, 66.40, 2)
KURRAM = Place(
    "p-kurram", "Kurram District", "district", "PK", "Khyber Pakhtunkhwa", "Kurram", 33.72, 70.10, 3
)
PAKTIKA = Place("p-paktika", "Paktika", "province", "AF", "Paktika", None, 32.50, 68.80, 4)
BARMAL = Place("p-barmal", "Barmal District", "district", "AF", "Paktika", "Barmal", 32.75, 69.05, 3)
ANGOOR = Place("p-angoor", "Angoor Adda", "populated_place", None, None, None, 32.48, 69.55, 2)
BORDER = Place("p-durand", "Durand Line", "boundary", None, None, None, None, None, 5)


def _src(article, title, outlet, day, quote, url=None):
    return Source(
        article=article,
        title=title,
        outlet=outlet,
        url=url if url is not None else f"https://example.org/{article}",
        published=day,
        quote=quote,
    )


def _inc(
    event_type,
    day,
    place,
    *,
    precision=None,
    sources,
    claims=(),
    actors=("Afghan Taliban forces", "Pakistani military"),
    mention="primary",
    verification="single_source",
    located=True,
    country="auto",
    date_end=None,
    mentions=None,
):
    lat = place.lat if (place is not None and located) else None
    lon = place.lon if (place is not None and located) else None
    return Incident(
        event_type=event_type,
        date=date.fromisoformat(day) if day else None,
        date_end=date.fromisoformat(date_end) if date_end else None,
        date_precision="day" if day else "unknown",
        place=place,
        place_mentions=tuple(mentions if mentions is not None else ((place.name,) if place else ())),
        location_precision=precision or (place.precision if place else 7),
        lat=lat,
        lon=lon,
        country=(place.country if place else None) if country == "auto" else country,
        admin1=place.admin1 if place else None,
        actors=tuple(actors),
        claims=tuple(claims),
        sources=tuple(sources),
        mention=mention,
        verification=verification,
    )


def small_incidents() -> list[Incident]:
    af_claim = Claim(
        "Afghan Taliban (Defence Ministry)",
        "said 58 Pakistani soldiers were killed",
        58,
        "killed",
        "Pakistani soldiers",
        None,
        "a1",
        "AF",
    )
    pk_claim = Claim(
        "ISPR",
        "said over 200 Taliban and affiliated terrorists were neutralised",
        200,
        "neutralised",
        "Taliban fighters",
        "over",
        "a2",
        "PK",
    )
    return [
        _inc(
            "armed_clash",
            "2025-10-11",
            SPIN_BOLDAK,
            claims=(af_claim, pk_claim),
            verification="contested",
            sources=[
                _src(
                    "a1",
                    "Taliban say 58 Pakistani soldiers killed",
                    "Tolo News",
                    "2025-10-12",
                    "Afghan forces and Pakistani troops exchanged heavy fire near Spin Boldak on Saturday.",
                ),
                _src(
                    "a2",
                    "ISPR says 200 militants killed",
                    "Dawn",
                    "2025-10-12",
                    "Heavy clashes erupted at several points along the border, the ISPR said.",
                ),
            ],
        ),
        _inc(
            "airstrike",
            "2025-10-09",
            PAKTIKA,
            sources=[
                _src(
                    "a3",
                    XSS_TITLE,
                    XSS_OUTLET,
                    "2025-10-10",
                    "Pakistani jets struck targets in Paktika province ${alert(4)} on Thursday.",
                    url=JS_URL,
                )
            ],
        ),
        _inc(
            "drone_strike",
            "2025-10-03",
            KURRAM,
            actors=("Pakistani military",),
            sources=[
                _src(
                    "a4",
                    "Drone strike in Kurram",
                    "Geo News",
                    "2025-10-03",
                    "A drone strike hit a vehicle in Kurram district today.",
                )
            ],
        ),
        _inc(
            "artillery_shelling",
            "2025-10-12",
            BARMAL,
            verification="corroborated",
            sources=[
                _src(
                    "a5",
                    "Shelling in Barmal",
                    "Pajhwok",
                    "2025-10-12",
                    "Pakistani artillery shelled villages in Barmal district.",
                ),
                _src(
                    "a6",
                    "Barmal shelled",
                    "Khaama Press",
                    "2025-10-13",
                    "Barmal district came under artillery fire on Sunday.",
                ),
            ],
        ),
        _inc(
            "post_captured_or_destroyed",
            "2025-10-11",
            ANGOOR,
            actors=("Afghan Taliban forces",),
            sources=[
                _src(
                    "a1",
                    "Taliban say 58 Pakistani soldiers killed",
                    "Tolo News",
                    "2025-10-12",
                    "Taliban fighters captured three Pakistani posts near Angoor Adda.",
                )
            ],
        ),
        _inc(
            "crossing_closed",
            "2025-10-01",
            TORKHAM,
            actors=(),
            sources=[
                _src(
                    "a7",
                    "Torkham closed",
                    "Dawn",
                    "2025-10-01",
                    "Authorities closed the Torkham crossing today.",
                )
            ],
        ),
        _inc(
            "crossing_reopened",
            "2025-10-08",
            TORKHAM,
            actors=(),
            sources=[
                _src("a8", "Torkham reopens", "Dawn", "2025-10-08", "The Torkham crossing reopened today.")
            ],
        ),
        _inc(
            "crossing_closed",
            "2025-10-12",
            CHAMAN,
            actors=(),
            sources=[
                _src(
                    "a9",
                    "Chaman closed",
                    "The Express Tribune",
                    "2025-10-12",
                    "The Chaman crossing was closed after the firing.",
                )
            ],
        ),
        _inc(
            "armed_clash",
            "2025-10-12",
            BORDER,
            precision=5,
            located=False,
            country=None,
            verification="corroborated",
            sources=[
                _src(
                    "a2",
                    "ISPR says 200 militants killed",
                    "Dawn",
                    "2025-10-12",
                    "Clashes were reported at several points along the Durand Line.",
                ),
                _src(
                    "a1",
                    "Taliban say 58 Pakistani soldiers killed",
                    "Tolo News",
                    "2025-10-12",
                    "Fighting spread along the border overnight.",
                ),
            ],
        ),
        _inc(
            "other",
            "2025-10-05",
            None,
            located=False,
            mentions=("Ghulam Khan",),
            sources=[
                _src(
                    "a10",
                    "Border guards intercept men",
                    "AP",
                    "2025-10-05",
                    "Border guards intercepted armed men trying to cross near Ghulam Khan.",
                )
            ],
        ),
        _inc(
            "armed_clash",
            "2024-12-28",
            BARMAL,
            mention="background",
            sources=[
                _src(
                    "a11",
                    "Background: December clashes",
                    "Reuters",
                    "2025-10-12",
                    "In December, Pakistani strikes on Barmal killed 46 people, Afghan officials said.",
                )
            ],
        ),
        _inc(
            "other",
            None,
            ANGOOR,
            actors=(),
            sources=[
                _src(
                    "a12", "Undated report", "Ariana News", None, "Residents of Angoor Adda reported gunfire."
                )
            ],
        ),
    ]


def small_collection() -> dict:
    problems = [ArticleProblem(file="broken.md", reason="invalid YAML front matter")]
    collection = feature_collection(small_incidents(), problems=problems, gazetteer={"name": "synthetic"})
    collection["problems"].append({"file": "<b>evil</b>.md", "reason": XSS_TITLE})
    return collection


OUTLETS = ["Dawn", "Tolo News", "Pajhwok", "The Express Tribune", "Khaama Press", "Reuters", "AP", "Geo News"]
PLACES = [TORKHAM, CHAMAN, SPIN_BOLDAK, KURRAM, PAKTIKA, BARMAL, ANGOOR]


def sample_claims(rng: random.Random, article: str) -> tuple[Claim, ...]:
    """Half the time, the two sides' conflicting death tolls (one draw of rng decides, two set them)."""
    if rng.random() >= 0.5:
        return ()
    return (
        Claim(
            "Afghan Taliban (Defence Ministry)",
            "said soldiers were killed",
            rng.randint(1, 60),
            "killed",
            "Pakistani soldiers",
            None,
            article,
            "AF",
        ),
        Claim(
            "ISPR",
            "said militants were neutralised",
            rng.randint(1, 200),
            "killed",
            "militants",
            "over",
            article,
            "PK",
        ),
    )


def large_collection(n: int = 1000, seed: int = 11, start: date = date(2023, 1, 1), days: int = 900) -> dict:
    rng = random.Random(seed)
    incidents = []
    for i in range(n):
        place = rng.choice(PLACES)
        etype = rng.choice(EVENT_TYPES)
        day = (start + timedelta(days=rng.randrange(days))).isoformat()
        outlets = rng.sample(OUTLETS, rng.choice([1, 1, 2, 3]))
        sources = [
            _src(f"s{i}-{k}", f"Report {i}", o, day, f"Something happened near {place.name} on Monday ({i}).")
            for k, o in enumerate(outlets)
        ]
        claims = sample_claims(rng, sources[0].article)
        border = rng.random() < 0.03
        incident = _inc(
            etype,
            day,
            BORDER if border else place,
            precision=5 if border else None,
            located=not border,
            country=None if border else "auto",
            sources=sources,
            claims=claims,
            verification="contested" if claims else ("corroborated" if len(outlets) > 1 else "single_source"),
            mention="background" if rng.random() < 0.05 else "primary",
        )
        # jitter so points differ
        if incident.lat is not None:
            incident = Incident(
                **{
                    **incident.__dict__,
                    "lat": incident.lat + rng.uniform(-0.05, 0.05),
                    "lon": incident.lon + rng.uniform(-0.05, 0.05),
                }
            )
        incidents.append(incident)
    return feature_collection(incidents, gazetteer={"name": "synthetic"})


def write_collection(path: Path, collection: dict) -> Path:
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    return path
