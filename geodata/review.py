"""Reviews applied to incidents: anchors that survive re-extraction, and the reviewed collection.

A review is not keyed by the incident id (which changes whenever a rule changes what is found)
but by an *anchor*: the article, the evidence sentence (normalised, hashed) and the machine's event
type. After any rebuild a review re-attaches to the incident that still rests on that sentence of
that article with that type; when none does, it is listed under `unattached_reviews`, never
dropped.

`apply_reviews` never mutates its input (the app caches and shares the machine collection): it
returns new features whose `properties.review` says `unreviewed` / `confirmed` / `corrected` /
`rejected`, by whom, when and why; a corrected field carries the reviewed value, and
`review.original` keeps the machine's value beside it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from . import casualties
from .model import EVENT_LABELS, location_precision_label

STATUSES = ("unreviewed", "confirmed", "corrected", "rejected")
# Fields a reviewer can correct, and the feature properties each one sets.
PLACE_FIELDS = ("place", "place_id", "place_kind", "location_precision", "country", "admin1")
CORRECTABLE = ("event_type", "date", "date_end", "date_precision", "place", "actors", "claims")


def normalise_sentence(text: str) -> str:
    """The evidence sentence as compared across runs: NFKC, case-folded, quotes unified, spaces
    collapsed, trailing punctuation dropped (sentence splitting may keep or lose it)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[\u2018\u2019\u201c\u201d\"'`]", "'", text)
    return " ".join(text.split()).strip(" .;:,")


def sentence_hash(text: str) -> str:
    return hashlib.sha1(normalise_sentence(text).encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True, order=True)
class Anchor:
    article_id: str
    sentence_hash: str
    event_type: str

    @property
    def key(self) -> str:
        raw = f"{self.article_id}\x1f{self.sentence_hash}\x1f{self.event_type}"
        return hashlib.sha1(raw.encode("utf-8")).hexdigest()


def feature_anchors(properties: dict) -> list[Anchor]:
    """Every anchor an incident rests on (one per source sentence), sorted."""
    event_type = properties.get("event_type") or ""
    return sorted(
        {
            Anchor(str(s.get("article") or ""), sentence_hash(str(s.get("quote") or "")), event_type)
            for s in properties.get("sources") or []
        }
    )


def primary_anchor(properties: dict) -> tuple[Anchor, str]:
    """The anchor a new review of this incident is saved under, and its evidence sentence."""
    anchors = feature_anchors(properties)
    if not anchors:
        anchor = Anchor("", sentence_hash(str(properties.get("id"))), properties.get("event_type") or "")
        return anchor, ""
    first = anchors[0]
    quote = next(
        (
            str(s.get("quote") or "")
            for s in properties.get("sources") or []
            if str(s.get("article") or "") == first.article_id
            and sentence_hash(str(s.get("quote") or "")) == first.sentence_hash
        ),
        "",
    )
    return first, quote


# ---- folding a log into a review state ----------------------------------------------------------


def review_state(entries: Sequence) -> dict:
    """The review object of one incident from its log entries (oldest first): the last reject or
    confirm decides rejection; corrections accumulate, a later one of a field replaces an earlier."""
    if not entries:
        return {"status": "unreviewed", "version": 0}
    corrected: dict[str, dict] = {}
    rejected = False
    merged_into = None
    split_off: list[dict] = []
    for entry in entries:
        if entry.action != "merge":
            merged_into = None
        if entry.action == "reject":
            rejected = True
        elif entry.action == "merge":  # a duplicate: leaves the map, its sources join the other one
            rejected = True
            merged_into = ((entry.changes or {}).get("merged_into") or {}).get("new")
        elif entry.action in ("confirm", "add_missed"):  # an added incident is one a person vouches for
            rejected = False
        elif entry.action == "split":  # this report holds one more incident: described by the entry
            rejected = False
            split_off.append(((entry.changes or {}).get("split_off") or {}).get("new") or {})
        elif entry.action == "correct":
            rejected = False
            for name, change in (entry.changes or {}).items():
                old = corrected.get(name, change)
                corrected[name] = {"old": old.get("old"), "new": change.get("new")}
    last = entries[-1]
    status = "rejected" if rejected else ("corrected" if corrected else "confirmed")
    return {
        "status": status,
        "by": last.reviewer,
        "at": last.created_at,
        "note": last.note,
        "action": last.action,
        "version": last.version,
        "anchor": last.anchor,
        "anchor_parts": [last.article_id, last.sentence_hash, last.event_type],
        "history": len(entries),
        "changes": corrected,
        **({"merged_into": merged_into} if merged_into else {}),
        **({"split_off": split_off} if split_off else {}),
    }


def _place_values(new: dict) -> tuple[dict, dict | None]:
    """Properties and geometry for a corrected place (a gazetteer pick or a point)."""
    precision = int(new.get("location_precision") or 7)
    values = {
        "place": new.get("place"),
        "place_id": new.get("place_id"),
        "place_kind": new.get("place_kind"),
        "location_precision": precision,
        "location_precision_label": location_precision_label(precision, new.get("place_kind")),
        "country": new.get("country"),
        "admin1": new.get("admin1"),
    }
    lat, lon = new.get("lat"), new.get("lon")
    geometry = None
    if lat is not None and lon is not None:
        geometry = {"type": "Point", "coordinates": [round(float(lon), 5), round(float(lat), 5)]}
    return values, geometry


def machine_place(feature: dict) -> dict:
    """The place part of a feature, in the shape a place correction stores."""
    p = feature["properties"]
    coords = (feature.get("geometry") or {}).get("coordinates") or [None, None]
    return {
        "place": p.get("place"),
        "place_id": p.get("place_id"),
        "place_kind": p.get("place_kind"),
        "location_precision": p.get("location_precision"),
        "country": p.get("country"),
        "admin1": p.get("admin1"),
        "lon": coords[0],
        "lat": coords[1],
    }


def _derived(props: dict, changes: dict) -> None:
    """What follows from a corrected field: the type's label, the casualty figures of the claims."""
    if "event_type" in changes:
        event_type = str(props.get("event_type") or "")
        props["event_label"] = EVENT_LABELS.get(event_type, event_type)
    if "claims" in changes:
        claims = [c for c in props.get("claims") or () if isinstance(c, dict)]
        sources = [s for s in props.get("sources") or () if isinstance(s, dict)]
        props.update(casualties.flat_properties(claims, casualties.outlets_of(sources)))


def reviewed_feature(feature: dict, state: dict) -> dict:
    """A new feature with the review applied (the input is left as it is)."""
    props = dict(feature["properties"])
    geometry = feature.get("geometry")
    original: dict = {}
    for name, change in state.get("changes", {}).items():
        if name == "place":
            original["place"] = machine_place(feature)
            values, geometry = _place_values(change["new"] or {})
            props.update(values)
        elif name in CORRECTABLE:
            original[name] = props.get(name)
            props[name] = change["new"]
    _derived(props, state.get("changes", {}))
    review = {k: v for k, v in state.items() if k not in ("changes",)}
    review["fields"] = sorted(state.get("changes", {}))
    review["original"] = original
    props["review"] = review
    return {**feature, "geometry": geometry, "properties": props}


# ---- the collection -------------------------------------------------------------------------------


def _attach(features: Sequence[dict], reviews: Iterable) -> tuple[dict[int, list], list]:
    """Log entries per feature position; entries that match no feature."""
    by_anchor: dict[str, list[int]] = {}
    for position, feature in enumerate(features):
        for anchor in feature_anchors(feature["properties"]):
            by_anchor.setdefault(anchor.key, []).append(position)
    attached: dict[int, list] = {}
    unattached: list = []
    for entry in reviews:
        positions = by_anchor.get(entry.anchor)
        if not positions:
            unattached.append(entry)
            continue
        # several incidents on one sentence with one type (a multi-place event): the machine
        # place recorded at review time picks the right piece
        chosen = next(
            (i for i in positions if features[i]["properties"].get("place_id") == entry.machine_place_id),
            positions[0],
        )
        attached.setdefault(chosen, []).append(entry)
    return attached, unattached


def unattached_summary(entries: Sequence) -> list[dict]:
    """One line per anchor whose incident no longer appears (for the CLI, the app and the file)."""
    by_anchor: dict[str, list] = {}
    for entry in entries:
        by_anchor.setdefault(entry.anchor, []).append(entry)
    return [
        {
            "anchor": anchor,
            "article": group[-1].article_id,
            "event_type": group[-1].event_type,
            "quote": group[-1].quote,
            "incident_id": group[-1].incident_id,
            "status": review_state(group)["status"],
            "by": group[-1].reviewer,
            "at": group[-1].created_at,
            "note": group[-1].note,
        }
        for anchor, group in by_anchor.items()
    ]


def apply_reviews(collection: dict, reviews: Sequence) -> dict:
    """A new collection: every feature with its `review`, the incidents reviewers added that the
    machine missed, and `unattached_reviews` listing the reviews whose incident is no longer
    extracted."""
    features = list(collection.get("features") or [])
    attached, unattached = _attach(features, reviews)
    out = []
    for position, feature in enumerate(features):
        entries = attached.get(position, [])
        out.append(reviewed_feature(feature, review_state(entries)))
    by_anchor: dict[str, list] = {}
    for entry in unattached:
        by_anchor.setdefault(entry.anchor, []).append(entry)
    lost = []
    for group in by_anchor.values():
        if group[0].action == "add_missed":
            out.append(reviewed_feature(added_feature(group[0]), review_state(group)))
        else:
            lost.extend(group)
    out.extend(_split_parts(out, features))
    _fold_merges(out, features)
    return {**collection, "features": out, "unattached_reviews": unattached_summary(lost)}


def _split_parts(out: list[dict], machine: Sequence[dict]) -> list[dict]:
    """The extra incidents reviewers split off: the machine's incident with the fields the
    reviewer gave for the second one (same evidence), id `<id>-split<n>`."""
    extra = []
    for position, feature in enumerate(out[: len(machine)]):
        review = feature["properties"].get("review") or {}
        for n, part in enumerate(review.get("split_off") or [], 1):
            state = {
                **{k: v for k, v in review.items() if k != "split_off"},
                "status": "corrected",
                "changes": {
                    name: {"old": None, "new": value} for name, value in part.items() if name in CORRECTABLE
                },
            }
            piece = reviewed_feature(machine[position], state)
            piece_id = f"{feature['id']}-split{n}"
            piece["properties"]["review"]["split_from"] = feature["id"]
            extra.append({**piece, "id": piece_id, "properties": {**piece["properties"], "id": piece_id}})
    return extra


def _fold_merges(out: list[dict], machine: Sequence[dict]) -> None:
    """Each incident merged into another (a duplicate) lends that one its sources, so the
    evidence stays on the map. The target is found by its anchor (it survives a rebuild), else by
    the id it had when the merge was saved."""
    by_anchor: dict[str, int] = {}
    for position, feature in enumerate(machine):
        for anchor in feature_anchors(feature["properties"]):
            by_anchor.setdefault(anchor.key, position)
    by_id = {f["id"]: i for i, f in enumerate(out)}
    for feature in list(out):
        target = (feature["properties"].get("review") or {}).get("merged_into")
        if not target:
            continue
        found = by_anchor.get(target.get("anchor"), by_id.get(target.get("id")))
        if found is None or out[found] is feature:
            continue
        into = out[found]
        props = dict(into["properties"])
        sources = list(props.get("sources") or [])
        known = {(s.get("article"), s.get("quote")) for s in sources}
        sources += [
            s
            for s in feature["properties"].get("sources") or []
            if (s.get("article"), s.get("quote")) not in known
        ]
        props["sources"] = sources
        props["outlets"] = sorted({s.get("outlet") for s in sources if s.get("outlet")})
        props["merged_from"] = [*props.get("merged_from", []), feature["id"]]
        out[found] = {**into, "properties": props}


def added_feature(entry) -> dict:
    """The incident a reviewer added (action add_missed), as a feature like the machine's. When a
    later rule finds it, the review attaches to the machine's incident instead (same anchor)."""
    new = dict((entry.changes.get("incident") or {}).get("new") or {})
    source = {
        "title": "",
        "outlet": "unknown",
        "url": None,
        "published": None,
        **(new.pop("source", None) or {}),
    }
    place, geometry = _place_values(new.get("place") or {})
    precision = place["location_precision"]
    fid = "rev-" + entry.anchor[:12]
    properties = {
        "id": fid,
        "event_type": entry.event_type,
        "event_label": EVENT_LABELS.get(entry.event_type, entry.event_type),
        "date": new.get("date"),
        "date_end": new.get("date_end"),
        "date_precision": new.get("date_precision") or "unknown",
        **place,
        "location_precision": precision,
        "place_mentions": [],
        "actors": list(new.get("actors") or []),
        "claims": [],
        "sources": [{**source, "article": entry.article_id, "quote": entry.quote}],
        "outlets": [source["outlet"]] if source.get("outlet") else [],
        "verification": "single_source",
        "mention": "primary",
        "group": None,
        "notes": [f"added by a reviewer ({entry.reviewer}); the machine did not find it"],
    }
    return {"type": "Feature", "id": fid, "geometry": geometry, "properties": properties}


def is_rejected(feature: dict) -> bool:
    return ((feature.get("properties") or {}).get("review") or {}).get("status") == "rejected"


def without_rejected(collection: dict) -> dict:
    """The collection as the map shows it by default: rejected incidents left out (counted)."""
    features = collection.get("features") or []
    kept = [f for f in features if not is_rejected(f)]
    return {**collection, "features": kept, "rejected_hidden": len(features) - len(kept)}


def review_counts(features: Iterable[dict]) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    for feature in features:
        status = ((feature.get("properties") or {}).get("review") or {}).get("status", "unreviewed")
        counts[status] = counts.get(status, 0) + 1
    return counts


CSV_COLUMNS = ("review_status", "reviewed_by", "reviewed_at", "review_note", "machine_values")


def csv_cells(properties: dict) -> list[str]:
    """The review columns of one CSV row (geodata.export.write_csv)."""
    import json

    review = properties.get("review") or {}
    original = review.get("original") or {}
    return [
        review.get("status", "unreviewed"),
        review.get("by") or "",
        review.get("at") or "",
        review.get("note") or "",
        json.dumps(original, ensure_ascii=False, sort_keys=True) if original else "",
    ]
