"""Invented articles (never copied from a publisher) whose sentences the pipeline turns into
incidents, for the store, review and intake tests."""

from __future__ import annotations

SENTENCES = (
    "Pakistani artillery shelled villages in Dand-e-Patan district of Paktia province on Sunday, "
    "killing four civilians, local officials said.",
    "Afghan forces attacked a Pakistani border post near Angoor Adda in South Waziristan on Monday, "
    "the Taliban defence ministry said.",
    "Authorities closed the Chaman crossing on Tuesday after the fighting, traders said.",
)


def article_text(
    *sentences: str, title: str = "Border clashes and a closure", published: str = "2025-10-14"
) -> str:
    body = "\n".join(sentences or SENTENCES)
    return f"---\ntitle: {title}\noutlet: Test Wire\npublished: {published}\n---\n{body}\n"
