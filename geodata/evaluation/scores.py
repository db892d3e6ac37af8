"""Precision, recall, F1 and shares: the arithmetic every score of the evaluator shares."""

from __future__ import annotations

import math
from collections.abc import Sequence


def prf(tp_gold: int, n_gold: int, tp_system: int, n_system: int) -> dict:
    precision = tp_system / n_system if n_system else None
    recall = tp_gold / n_gold if n_gold else None
    if precision is None or recall is None:
        f1 = None
    else:
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "gold": n_gold,
        "system": n_system,
        "matched_gold": tp_gold,
        "matched_system": tp_system,
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def share(hits: int, total: int) -> float | None:
    return hits / total if total else None


def percentile(values: Sequence[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
