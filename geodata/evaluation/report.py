"""The evaluator's text report: one table of slices and types, then diagnostics lines."""

from __future__ import annotations


def _fmt(value, pct: bool = True) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value * 100:5.1f}%" if pct else f"{value:7.1f}"
    return str(value)


_DIAGNOSTIC_LABELS = (
    ("type_exact", "type exact"),
    ("type_alt", "type via alt_types"),
    ("date_exact", "date exact"),
    ("date_exact_text_pinned", "date exact, day in text"),
    ("date_within_1_day", "date within 1 day"),
    ("within_25_km", "within 25 km"),
    ("same_district", "same district"),
    ("same_province", "same province"),
    ("same_country", "same country"),
    ("toponym_recall", "toponym recall"),
)


def format_report(result: dict) -> str:
    """The report `python -m geodata evaluate` prints (the `result` of `metrics.evaluate`)."""
    arts = result["articles"]
    lines = [f"Gold: {result['gold_file']}  ({arts['gold']} articles, {arts['negative']} negative)", ""]
    lines += _score_table(result)
    lines += ["", *_groups_and_negatives(result)]
    lines += ["", *_pair_diagnostics(result["diagnostics"])]
    lines += ["", *_claims_and_places(result)]
    if result["unmatched_gold"]:
        lines.append("")
        lines.append("unmatched gold: " + ", ".join(result["unmatched_gold"]))
    return "\n".join(lines)


def _score_table(result: dict) -> list[str]:
    header = f"{'slice':<36}{'gold':>6}{'sys':>6}{'hit_g':>7}{'hit_s':>7}{'P':>9}{'R':>9}{'F1':>9}"
    lines = [header, "-" * len(header)]

    def row(name: str, s: dict) -> str:
        return (
            f"{name:<36}{s['gold']:>6}{s['system']:>6}{s['matched_gold']:>7}{s['matched_system']:>7}"
            f"{_fmt(s['precision']):>9}{_fmt(s['recall']):>9}{_fmt(s['f1']):>9}"
        )

    for name, scores in result["slices"].items():
        label = name + (" (headline)" if name == result["headline"] else "")
        lines.append(row(label, scores))
    for etype, scores in result["by_type"].items():
        lines.append(row(f"  type {etype}", scores))
    lines.append("")
    lines.append(f"{'recall by location precision':<36}{'gold':>6}{'hit':>7}{'R':>9}")
    for level, scores in result["by_location_precision"].items():
        lines.append(
            f"  {level:<34}{scores['gold']:>6}{scores['matched_gold']:>7}{_fmt(scores['recall']):>9}"
        )
    return lines


def _groups_and_negatives(result: dict) -> list[str]:
    g = result["groups"]
    n = result["negatives"]
    return [
        f"groups found {g['groups_found']}/{g['groups']} ({_fmt(g['group_recall'])}); "
        f"events found {g['events_found']}/{g['events']} ({_fmt(g['event_recall'])}); "
        f"core event recall {_fmt(g['core_event_recall'])}",
        f"negative articles: {n['articles_without_system_incidents']}/{n['articles']} clean, "
        f"{n['false_positives']} false positives"
        + (f" (in {', '.join(n['false_alarm_articles'])})" if n["false_alarm_articles"] else ""),
    ]


def _pair_diagnostics(d: dict) -> list[str]:
    lines = [f"matched pairs: {d['matched_pairs']}"]
    for key, label in _DIAGNOSTIC_LABELS:
        lines.append(f"  {label:<26}{_fmt(d[key]):>9}")
    lines.append(f"  {'median distance km':<26}{_fmt(d['distance_median_km'], pct=False):>9}")
    lines.append(f"  {'p90 distance km':<26}{_fmt(d['distance_p90_km'], pct=False):>9}")
    return lines


def _claims_and_places(result: dict) -> list[str]:
    c = result["claims"]
    lines = [
        f"claims (matched incidents): {c['found']}/{c['gold_claims_in_matched']} found ({_fmt(c['share_found'])}), "
        f"claimant found {_fmt(c['share_claimant_found'])}; of all gold claims {_fmt(c['share_found_of_all'])}"
    ]
    am = result.get("after_merge")
    if am:
        lines.append(
            f"after cross-source merge (what the map shows, {am['incidents']} incidents): P {_fmt(am['precision'])} "
            f"R {_fmt(am['recall'])}, date exact {_fmt(am['date_exact'])}, within 1 day {_fmt(am['date_within_1_day'])}, "
            f"within 25 km {_fmt(am['within_25_km'])}, claimant found {_fmt(am['claimant_found'])}"
        )
    ip = result.get("incident_places")
    if ip:
        lines.append(
            f"incident place recognition: P {_fmt(ip['precision'])} R {_fmt(ip['recall'])} F1 {_fmt(ip['f1'])} "
            f"({ip['system_strings']} system strings, {ip['gold_place_strings']} gold strings); resolution within "
            f"25 km {_fmt(ip['resolution_within_25_km'])}, mean error {_fmt(ip['resolution_mean_error_km'], pct=False)} km"
        )
    p = result.get("places")
    if p:
        lines.append(
            f"all toponym mentions vs gold places: P {_fmt(p['precision'])} R {_fmt(p['recall'])} F1 {_fmt(p['f1'])} "
            f"({p['system_spans']} spans, {p['gold_place_strings']} gold strings); resolution within 25 km "
            f"{_fmt(p['resolution_within_25_km'])}, mean error {_fmt(p['resolution_mean_error_km'], pct=False)} km"
        )
    return lines
