"""Realistic synthetic articles and incidents at any size, for benchmarks and scale tests.

Places are drawn from the gazetteer (border districts, crossings, provinces, towns), dates over
several years, every event type, claims from both sides, and repeated reports of the same event
by several outlets so that merging has work to do. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from geodata.export import feature_collection
from geodata.model import EVENT_TYPES, Incident, Source
from tests.app.synthetic import sample_claims

OUTLETS = [
    "Dawn",
    "Tolo News",
    "Pajhwok",
    "The Express Tribune",
    "Khaama Press",
    "Reuters",
    "AP",
    "Geo News",
    "Ariana News",
    "BBC Pashto",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

TEMPLATES = {
    "armed_clash": "Afghan Taliban forces and Pakistani troops exchanged heavy fire in {place} {when}, officials said.",
    "airstrike": "Pakistani jets carried out airstrikes on suspected TTP hideouts in {place} {when}, residents said.",
    "drone_strike": "A drone strike hit a vehicle near {place} {when}, killing {n} people, local officials said.",
    "artillery_shelling": "Pakistani artillery shelled villages in {place} {when}, according to the Taliban's defence ministry.",
    "post_captured_or_destroyed": "Taliban fighters captured {n} Pakistani border posts near {place} {when}, the Afghan defence ministry claimed.",
    "crossing_closed": "Authorities closed the {place} crossing {when} after the firing, stranding hundreds of trucks.",
    "crossing_reopened": "The {place} border crossing reopened {when} after talks between local commanders.",
    "other": "Border guards intercepted armed men trying to cross near {place} {when}, Pakistani officials said.",
}
CLAIMS = [
    "The Afghan defence ministry said {n} Pakistani soldiers were killed.",
    "The ISPR said at least {n} militants were neutralised.",
    "Local sources said {n} civilians were wounded.",
]
FILLER = [
    "The two neighbours have long disputed the Durand Line, which Kabul does not recognise.",
    "Islamabad accuses Kabul of sheltering fighters of the Tehreek-e-Taliban Pakistan, a charge Kabul denies.",
    "Trade between the countries has suffered from repeated closures this year.",
    "Analysts in Islamabad warned that the violence could spread.",
    "Comments",
    "Post a Comment",
]


def _places(gazetteer, kinds):
    chosen = [
        p
        for p in gazetteer.places.values()
        if p.kind in kinds and p.lat is not None and p.country in ("AF", "PK", None)
    ]
    return sorted(chosen, key=lambda p: p.id)


def synthetic_articles(
    n: int, gazetteer, seed: int = 7, start: date = date(2019, 1, 1), days: int = 2500
) -> list[tuple[str, str]]:
    """n (file name, text) pairs in the project's article format."""
    rng = random.Random(seed)
    crossings = _places(gazetteer, {"crossing"}) or _places(gazetteer, {"populated_place"})
    areas = _places(gazetteer, {"district", "province", "populated_place"})
    out = []
    events = []  # (type, place, day) reused so several outlets report the same event
    for i in range(n):
        if events and rng.random() < 0.3:
            etype, place, day = rng.choice(events)
        else:
            etype = rng.choice(EVENT_TYPES)
            pool = crossings if etype.startswith("crossing") else areas
            place = rng.choice(pool)
            day = start + timedelta(days=rng.randrange(days))
            events.append((etype, place, day))
        published = day + timedelta(days=rng.choice([0, 0, 1, 1, 2]))
        gap = (published - day).days
        when = {
            0: "today",
            1: rng.choice(["yesterday", f"on {WEEKDAYS[day.weekday()]}", f"late {WEEKDAYS[day.weekday()]}"]),
            2: f"on {WEEKDAYS[day.weekday()]}",
        }[gap]
        name = place.name.split(",")[0]
        body = [TEMPLATES[etype].format(place=name, when=when, n=rng.randint(1, 60))]
        body += [c.format(n=rng.randint(1, 200)) for c in rng.sample(CLAIMS, rng.randint(0, 2))]
        body += rng.sample(FILLER, rng.randint(1, 4))
        rng.shuffle(body[1:])
        text = (
            f'---\ntitle: "{etype.replace("_", " ").title()} reported near {name}"\n'
            f'outlet: "{rng.choice(OUTLETS)}"\nurl: "https://example.org/{i}"\n'
            f'published: "{published.isoformat()}"\n---\n' + "\n\n".join(body) + "\n"
        )
        out.append((f"s{i:06d}.md", text))
    return out


def write_articles(directory: Path, n: int, gazetteer, seed: int = 7) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in synthetic_articles(n, gazetteer, seed=seed):
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def synthetic_collection(
    n: int, gazetteer, seed: int = 11, start: date = date(2015, 1, 1), days: int = 3650
) -> dict:
    """A FeatureCollection of n incidents in the export format, without running extraction."""
    rng = random.Random(seed)
    places = _places(gazetteer, {"district", "province", "populated_place", "crossing"})
    precision_of = {"crossing": 1, "populated_place": 2, "district": 3, "province": 4}
    incidents = []
    for i in range(n):
        place = rng.choice(places)
        etype = rng.choice(EVENT_TYPES)
        day = start + timedelta(days=rng.randrange(days))
        outlets = rng.sample(OUTLETS, rng.choice([1, 1, 1, 2, 3]))
        sources = tuple(
            Source(
                article=f"s{i}-{k}",
                title=f"Report {i}",
                outlet=o,
                url=f"https://example.org/{i}/{k}",
                published=day.isoformat(),
                quote=TEMPLATES[etype].format(place=place.name, when="on Monday", n=rng.randint(1, 50)),
            )
            for k, o in enumerate(outlets)
        )
        claims = sample_claims(rng, sources[0].article)
        no_point = rng.random() < 0.05
        incidents.append(
            Incident(
                event_type=etype,
                date=day,
                date_end=None,
                date_precision=rng.choice(["day", "day", "day", "week"]),
                place=None if no_point else place,
                place_mentions=() if no_point else (place.name,),
                location_precision=7 if no_point else precision_of.get(place.kind, 2),
                lat=None if no_point else place.lat + rng.uniform(-0.01, 0.01),
                lon=None if no_point else place.lon + rng.uniform(-0.01, 0.01),
                country=place.country,
                admin1=place.admin1,
                actors=("Afghan Taliban forces", "Pakistani military"),
                claims=claims,
                sources=sources,
                mention="primary",
                verification="contested"
                if claims
                else ("corroborated" if len(outlets) > 1 else "single_source"),
            )
        )
    return feature_collection(incidents, gazetteer=getattr(gazetteer, "metadata", {}))
