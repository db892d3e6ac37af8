"""Pure parts of the review desk: the evidence highlight (escaped) and the queue order."""

from __future__ import annotations

from dashboard.review_desk import highlight_html, queue_order


def test_highlight_marks_the_evidence_and_escapes_everything():
    body = "Intro <b>bold</b> `${x}`.\nJets struck <script>alert(1)</script> a camp.\nEnd."
    quote = "Jets struck <script>alert(1)</script> a camp."
    html = highlight_html(body, [quote, "not in the text"])
    assert "<script>" not in html and "<b>" not in html and "${" not in html
    assert html.count("<mark") == 1
    assert '<mark class="evidence">Jets struck &lt;script&gt;alert(1)&lt;/script&gt; a camp.</mark>' in html
    assert "<br>" in html


def test_overlapping_quotes_do_not_break_the_markup():
    html = highlight_html("one two three four", ["one two three", "two three four"])
    assert html.count("<mark") == html.count("</mark>") == 1


def feature(
    fid, status="unreviewed", mention="primary", verification="single_source", located=True, date="2025-10-01"
):
    return {
        "id": fid,
        "geometry": {"type": "Point", "coordinates": [70, 33]} if located else None,
        "properties": {
            "mention": mention,
            "verification": verification,
            "date": date,
            "review": {"status": status},
        },
    }


def test_queue_puts_unchecked_primary_contested_unlocated_first():
    features = [
        feature("done", status="confirmed"),
        feature("background", mention="background"),
        feature("plain"),
        feature("unlocated", located=False),
        feature("contested", verification="contested"),
        feature("newer", date="2025-10-05"),
    ]
    order = [f["id"] for f in queue_order(features)]
    assert order == ["contested", "unlocated", "newer", "plain", "background", "done"]


def test_two_figures_of_one_sentence_are_listed_apart_in_the_desk():
    from dashboard.review_desk import claim_caption

    said = "Officials said 200 militants were killed and 23 soldiers died."
    claims = [
        {
            "claimant": "Pakistani officials",
            "statement": said,
            "quantity": 200,
            "unit": "killed",
            "subject": "militants",
        },
        {
            "claimant": "Pakistani officials",
            "statement": said,
            "quantity": 23,
            "unit": "killed",
            "subject": "soldiers",
        },
        {"claimant": "Article", "statement": "The border stayed shut."},
    ]
    captions = [claim_caption(c) for c in claims]
    assert len(set(captions)) == 3
    assert "200 militants" in captions[0] and "23 soldiers" in captions[1]
    assert captions[2].startswith("Claim — Article: The border stayed shut")  # no figure, no "()"
