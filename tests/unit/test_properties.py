"""Properties that must hold for any input text (hypothesis): extraction never raises, the output
is a valid RFC 7946 FeatureCollection, and the same input always gives the same bytes."""

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geodata.articles import parse_article
from geodata.export import dumps, feature_collection
from geodata.gazetteer import load_gazetteer
from geodata.merge import merge_incidents
from geodata.pipeline import extract_article_incidents
from geodata.validate import validate_feature_collection

# Words that steer the extractor into its rules (events, places, dates, claims), mixed with noise.
VOCAB = [
    "Pakistani",
    "Afghan",
    "Taliban",
    "forces",
    "troops",
    "clashed",
    "clashes",
    "shelled",
    "airstrike",
    "drone",
    "strike",
    "artillery",
    "posts",
    "captured",
    "destroyed",
    "closed",
    "reopened",
    "crossing",
    "Torkham",
    "Chaman",
    "Kurram",
    "Khost",
    "Paktika",
    "Barmal",
    "Kabul",
    "Islamabad",
    "Bajaur",
    "Khyber",
    "Pakhtunkhwa",
    "Balochistan",
    "district",
    "province",
    "border",
    "Durand",
    "Line",
    "on",
    "Saturday",
    "late",
    "overnight",
    "yesterday",
    "earlier",
    "this",
    "week",
    "last",
    "18",
    "days",
    "ago",
    "killed",
    "wounded",
    "58",
    "23",
    "over",
    "at",
    "least",
    "200",
    "soldiers",
    "claimed",
    "said",
    "ISPR",
    "Kabul",
    "denied",
    "if",
    "will",
    "respond",
    "in",
    "near",
    "at",
    "along",
    "from",
    "to",
    "and",
    ",",
    ".",
    "\n",
    "\n\n",
    "Comments",
    "#tag",
    "—",
    "“",
    "”",
    "'",
    "(",
    ")",
    "$",
    "`",
]

texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(VOCAB), max_size=120).map(" ".join),
)
published = st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2026, 1, 1)))

GAZ = load_gazetteer()


def _collection(body: str, when):
    front = f"---\ntitle: t\noutlet: o\n{'published: ' + when.isoformat() if when else ''}\n---\n"
    article = parse_article(front + body, article_id="p", path="p.md", today=date(2026, 1, 1))
    incidents = merge_incidents(extract_article_incidents(article, GAZ))
    return dumps(feature_collection(incidents, articles=[article], gazetteer=GAZ.metadata))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=texts, when=published)
def test_any_text_gives_a_valid_deterministic_collection(body, when):
    import json

    first = _collection(body, when)
    assert validate_feature_collection(json.loads(first)) == []
    assert _collection(body, when) == first
