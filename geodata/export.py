"""Incidents -> RFC 7946 GeoJSON FeatureCollection and CSV: the contract every consumer reads."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import BinaryIO, TextIO

from . import __version__, casualties, review
from .articles import ArticleProblem
from .model import EVENT_LABELS, Article, Incident, location_precision_label

COORD_DECIMALS = 5  # ~1 m; the data is never that precise, RFC 7946 asks not to pretend more


def incident_key(incident: Incident) -> str:
    """What identifies an incident across runs: type, dates, place and the evidence it rests on."""
    evidence = sorted(f"{s.article}\x1f{s.quote}" for s in incident.sources)
    parts = [
        incident.event_type,
        incident.date.isoformat() if incident.date else "",
        incident.date_end.isoformat() if incident.date_end else "",
        incident.place.id if incident.place else "",
        "|".join(sorted(incident.place_mentions)),
        *evidence,
    ]
    return "\x1e".join(parts)


def incident_ids(incidents: Sequence[Incident]) -> list[str]:
    """Stable ids: a hash of the incident key; repeated keys get a numbered suffix in input order."""
    ids: list[str] = []
    used: dict[str, int] = {}
    for incident in incidents:
        digest = hashlib.sha1(incident_key(incident).encode("utf-8")).hexdigest()[:12]
        base = f"inc-{digest}"
        used[base] = used.get(base, 0) + 1
        ids.append(base if used[base] == 1 else f"{base}-{used[base]}")
    return ids


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def incident_properties(incident: Incident, incident_id: str) -> dict:
    place = incident.place
    precision = int(incident.location_precision)
    claims = [_claim_record(c) for c in incident.claims]
    return {
        "id": incident_id,
        "event_type": incident.event_type,
        "event_label": EVENT_LABELS.get(incident.event_type, incident.event_type),
        "date": _iso(incident.date),
        "date_end": _iso(incident.date_end),
        "date_precision": incident.date_precision,
        "place": place.name if place else None,
        "place_id": place.id if place else None,
        "place_kind": place.kind if place else None,
        "place_mentions": list(incident.place_mentions),
        "location_precision": precision,
        "location_precision_label": location_precision_label(precision, place.kind if place else None),
        "country": incident.country,
        "admin1": incident.admin1,
        "actors": list(incident.actors),
        "claims": claims,
        # killed/wounded low, high per claimant
        **casualties.flat_properties(claims, casualties.outlets_of(incident.sources)),
        "sources": [_source_record(s) for s in incident.sources],
        "outlets": sorted({s.outlet for s in incident.sources}),
        "verification": incident.verification,
        "mention": incident.mention,
        "group": incident.group,
        "notes": list(incident.notes),
    }


# Above this a figure is no count of people or things (and a float no longer holds it exactly):
# a 38-digit "people killed" was written as 1.2345678901234568e+37.
MAX_QUANTITY = 1e12


def evidence_text(source: Mapping) -> str:
    """A source's quote for a one-cell export, with the sentence that names the place when the
    quote does not."""
    quote = str(source.get("quote") or "")
    place_quote = source.get("place_quote")
    return f"{quote} [place named in: {place_quote}]" if place_quote else quote


def _source_record(source) -> dict:
    record = asdict(source)
    if record.get("place_quote") is None:
        del record["place_quote"]  # only where the quote does not name the place
    return record


def _claim_record(claim) -> dict:
    record = asdict(claim)
    quantity = record.get("quantity")
    if isinstance(quantity, float) and not (math.isfinite(quantity) and abs(quantity) <= MAX_QUANTITY):
        record["quantity"] = None  # the figure stays readable in the claim's statement
    return record


def incident_geometry(incident: Incident) -> dict | None:
    if incident.lat is None or incident.lon is None:
        return None
    return {
        "type": "Point",
        "coordinates": [
            round(float(incident.lon), COORD_DECIMALS),
            round(float(incident.lat), COORD_DECIMALS),
        ],
    }


def to_features(incidents: Sequence[Incident]) -> list[dict]:
    return [
        {
            "type": "Feature",
            "id": incident_id,
            "geometry": incident_geometry(incident),
            "properties": incident_properties(incident, incident_id),
        }
        for incident, incident_id in zip(incidents, incident_ids(incidents))
    ]


def article_summary(article: Article) -> dict:
    return {
        "id": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "url": article.url,
        "published": _iso(article.published),
        "published_source": article.published_source,
        "problems": list(article.problems),
    }


def feature_collection(
    incidents: Sequence[Incident],
    *,
    articles: Iterable[Article] = (),
    problems: Iterable[ArticleProblem] = (),
    gazetteer: dict | None = None,
) -> dict:
    """An RFC 7946 FeatureCollection; foreign members say what produced it."""
    return {
        "type": "FeatureCollection",
        "generator": {"name": "durand-incidents", "version": __version__},
        "gazetteer": gazetteer or {},
        "articles": [article_summary(a) for a in articles],
        "problems": [{"file": p.file, "reason": p.reason} for p in problems],
        "features": to_features(list(incidents)),
    }


def subset(collection: dict, features: list[dict]) -> dict:
    """The same collection with only the given features (what a filtered view shows)."""
    return {**collection, "features": features}


def dumps(collection: dict) -> str:
    """Deterministic JSON text: same collection, same bytes."""
    return json.dumps(collection, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


CSV_COLUMNS = (
    "id",
    "event_type",
    "date",
    "date_end",
    "date_precision",
    "place",
    "place_id",
    "location_precision",
    "location_precision_label",
    "country",
    "admin1",
    "lon",
    "lat",
    "verification",
    "mention",
    "actors",
    "claims",
    "outlets",
    "sources",
    "quotes",
    *review.CSV_COLUMNS,
)


def _figure(quantity: float) -> str:
    """46.0 -> "46", 1250000.0 -> "1250000" (":g" gave "1.25e+06"), 2.5 -> "2.5"."""
    if isinstance(quantity, float) and quantity.is_integer():
        return str(int(quantity))
    return f"{quantity:g}"


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write `text` to `path` so that readers only ever see the old or the new complete file: a
    temporary file with a unique name in the same folder, then one rename. The temporary file is
    removed on any failure; those of earlier runs that were killed are removed first (their names
    carry the pid of the writer, which no longer runs)."""
    path = Path(path)
    _remove_stale_temporaries(path)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        readable_like_new(tmp_name)
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        raise


def readable_like_new(path: str | Path) -> None:
    """Give a temporary file the mode a newly created file would have (mkstemp makes it 0600,
    so the output was unreadable to the other users of a shared folder)."""
    os.chmod(path, 0o666 & ~_umask())


def _umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:
        pass
    return 0o022


def _remove_stale_temporaries(path: Path) -> None:
    prefix = f".{path.name}."
    try:
        names = os.listdir(path.parent)
    except OSError:
        return
    for name in names:
        if not (name.startswith(prefix) and name.endswith(".tmp")):
            continue
        pid = name[len(prefix) :].split(".", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _running(int(pid)):
            try:
                os.unlink(path.parent / name)
            except OSError:
                pass


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def _csv_cell(value: str) -> str:
    # Spreadsheet formula injection: a cell starting with = + - @ runs as a formula in Excel/Sheets.
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


def write_feature_collection(meta: dict, features: Iterable[dict | bytes], out: BinaryIO) -> int:
    """Stream an RFC 7946 FeatureCollection to a binary file, one feature per line: `meta` gives
    the collection's other members, `features` may be dicts or packed records (compact.pack).
    Memory stays one feature, whatever the count. Returns the number of features written."""
    from .compact import feature_json  # compact imports nothing from here; keep it that way

    head = json.dumps(
        {"type": "FeatureCollection", **{k: v for k, v in meta.items() if k != "features"}},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    out.write(head[:-1].encode("utf-8") + b',"features":[')
    count = 0
    for feature in features:
        out.write(b"\n" if count == 0 else b",\n")
        out.write(feature_json(feature))
        count += 1
    out.write(b"\n]}\n")
    return count


def to_csv(features: Iterable[dict]) -> str:
    """One row per incident; lists joined with ' | '."""
    buffer = io.StringIO()
    write_csv(features, buffer)
    return buffer.getvalue()


def write_csv(features: Iterable[dict], out: TextIO) -> None:
    """`to_csv` row by row into a text file (opened with newline="")."""
    buffer = out
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for feature in features:
        p = feature["properties"]
        coords = (feature.get("geometry") or {}).get("coordinates") or [None, None]
        claims = " | ".join(
            f"{c['claimant']}: {c['statement']}"
            if c.get("quantity") is None
            else f"{c['claimant']}: {c.get('hedge') or ''} {_figure(c['quantity'])} {c.get('unit') or ''} {c.get('subject') or ''}".replace(
                "  ", " "
            )
            for c in p["claims"]
        )
        row = [
            p["id"],
            p["event_type"],
            p["date"] or "",
            p["date_end"] or "",
            p["date_precision"],
            p["place"] or "",
            p["place_id"] or "",
            p["location_precision"],
            p["location_precision_label"],
            p["country"] or "",
            p["admin1"] or "",
            "" if coords[0] is None else coords[0],
            "" if coords[1] is None else coords[1],
            p["verification"],
            p["mention"],
            " | ".join(p["actors"]),
            claims,
            " | ".join(p["outlets"]),
            " | ".join(f"{s['outlet']}: {s['title']} ({s['published'] or 'undated'})" for s in p["sources"]),
            " | ".join(evidence_text(s) for s in p["sources"]),
            *review.csv_cells(p),
        ]
        writer.writerow([_csv_cell(str(v)) for v in row])
