"""The review desk in the app (Streamlit AppTest, real store on SQLite and PostgreSQL, real
pipeline): intake by paste, confirm / correct / reject, the map follows, reviews survive a
restart, two sessions at once, and who may write."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard.auth import hash_password
from geodata.store import all_reviews, create_store_engine

from .sample import SENTENCES, article_text

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


@pytest.fixture
def env(tmp_path, monkeypatch, db_url):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "file-one.md").write_text(article_text(SENTENCES[0], title="File article"), encoding="utf-8")
    monkeypatch.setenv("DURAND_ARTICLES_DIR", str(articles))
    monkeypatch.setenv("DURAND_DB", db_url)
    monkeypatch.delenv("DURAND_GEOJSON", raising=False)
    monkeypatch.delenv("DURAND_HOSTED", raising=False)
    st.cache_resource.clear()
    return db_url


def open_desk(secrets: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    at.run()
    at.toggle(key="review_mode").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def current(at: AppTest) -> str:
    return at.selectbox(key="review_current").value


def save(at: AppTest, decision: str = "Confirm", note: str = "", **fields) -> AppTest:
    fid = current(at)
    at.radio(key=f"rf_decision_{fid}").set_value(decision)
    for name, value in fields.items():
        widget = {"place_mode": at.radio, "place": at.selectbox, "date": at.text_input}[name]
        widget(key=f"rf_{name}_{fid}").set_value(value)
    at.text_area(key=f"rf_note_{fid}").set_value(note)
    return at.button(key=f"FormSubmitter:review_form_{fid}-Save review").click().run()


def paste(at: AppTest, text: str) -> AppTest:
    at.text_area(key="intake_text").set_value(text)
    return at.button(key="FormSubmitter:intake_paste-Add this text").click().run()


def map_group(at: AppTest) -> str:
    [component] = at.get("component_instance")
    return json.loads(component.proto.json_args)["feature_group"] or ""


def map_ids(at: AppTest) -> set[str]:
    return set(re.findall(r'"id": "(inc-[0-9a-f]+(?:-\d+)?)"', map_group(at)))


def parachinar() -> str:
    from dashboard.review_form import gazetteer_choices

    places, ids = gazetteer_choices()
    return next(i for i in ids if places[i].name == "Parachinar")


def test_paste_review_and_the_map_follows(env):
    at = open_desk()
    before = len(at.selectbox(key="review_current").options)
    paste(at, article_text(SENTENCES[1], SENTENCES[2], title="Pasted article"))
    assert any("Added 1 article" in s.value for s in at.success)
    assert any("gave 2 incident(s); the first is shown below" in s.value for s in at.success)
    options = at.selectbox(key="review_current").options
    assert len(options) > before
    # the pasted article's first incident is up at once
    first = current(at)
    save(at, "Confirm", note="matches the text")
    assert not at.error, [e.value for e in at.error]
    assert current(at) != first, "the next incident did not come up"
    moved = current(at)
    save(at, "Correct", note="wrong town", place_mode="A gazetteer place", place=parachinar())
    assert not at.error, [e.value for e in at.error]
    rejected = current(at)
    save(at, "Reject", note="not an incident")
    log = all_reviews(create_store_engine(env))
    assert [(r.incident_id, r.action) for r in log] == [
        (first, "confirm"),
        (moved, "correct"),
        (rejected, "reject"),
    ]
    assert log[1].changes["place"]["new"]["place"] == "Parachinar"
    assert set(log[1].changes) == {"place"}, "a place correction must leave the claims as they were"
    # the normal map: the corrected incident is at Parachinar, the rejected one is gone
    at.toggle(key="review_mode").set_value(False).run()
    assert not at.exception
    ids = map_ids(at)
    assert first in ids and moved in ids and rejected not in ids
    assert "70.10012" in map_group(at) and "33.89968" in map_group(at)
    assert any("Checked by a person: 3" in c.value and "1 rejected" in c.value for c in at.caption)
    assert any("from article files in articles/ and 1 added article(s)" in c.value for c in at.caption)
    at.checkbox(key="review_show_rejected").check().run()
    assert rejected in map_ids(at)


def test_an_added_article_with_no_incident_says_so(env):
    at = open_desk()
    shown = current(at)
    paste(at, article_text("The rupee rose against the dollar in Karachi on Monday.", title="Markets"))
    assert any("Added 1 article" in s.value for s in at.success)
    assert any("gave no incident" in i.value for i in at.info), [i.value for i in at.info]
    assert not any("the first is shown below" in s.value for s in at.success)
    assert current(at) == shown


def test_the_uploader_states_the_limit_it_applies(env):
    from geodata.intake import MAX_PAGE_BYTES

    at = open_desk()
    [uploader] = at.get("file_uploader")
    assert uploader.proto.max_upload_size_mb == MAX_PAGE_BYTES // 1_000_000  # not Streamlit's 200 MB
    assert "2 MB" in uploader.proto.help and "5 MB" in uploader.proto.help


def test_the_desk_map_has_the_outline_map_under_its_tiles(env):
    from dashboard import outline

    at = open_desk()
    maps = [c for c in at.get("component_instance") if outline.PANE in c.proto.json_args]
    assert len(maps) == 1, "the desk's map has no outline: blank wherever tiles do not load"
    assert "outline-label" in maps[0].proto.json_args


def test_reviews_survive_a_restart(env):
    at = open_desk()
    fid = current(at)
    save(at, "Reject", note="duplicate")
    st.cache_resource.clear()  # a new server process: nothing cached
    again = open_desk()
    again.selectbox(key="review_current").set_value(fid).run()
    assert current(again) == fid
    assert any("rejected by" in c.value and "duplicate" in c.value for c in again.caption)
    assert any(o.startswith("✕") for o in again.selectbox(key="review_current").options)


def test_two_sessions_on_one_incident_the_later_save_conflicts(env):
    first, second = open_desk(), open_desk()
    fid = current(first)
    assert current(second) == fid
    save(first, "Confirm", note="first")
    second.selectbox(key="review_current").set_value(fid)
    save(second, "Reject", note="second")
    assert any("Not saved" in e.value and "after you opened it" in e.value for e in second.error)
    assert [(r.action, r.note) for r in all_reviews(create_store_engine(env))] == [("confirm", "first")]
    save(second, "Reject", note="second, having seen the first")  # now a deliberate answer
    assert [r.note for r in all_reviews(create_store_engine(env))] == [
        "first",
        "second, having seen the first",
    ]


def test_two_sessions_on_different_incidents_lose_nothing(env):
    first, second = open_desk(), open_desk()
    paste(first, article_text(SENTENCES[1], title="More"))
    second.run()
    assert len(second.selectbox(key="review_current").options) >= 2
    first.selectbox(key="review_current").select_index(0).run()
    second.selectbox(key="review_current").select_index(1).run()
    ids = [current(first), current(second)]
    assert ids[0] != ids[1]
    save(first, "Confirm", note="a")
    save(second, "Reject", note="b")
    assert not first.error and not second.error
    assert sorted((r.incident_id, r.note) for r in all_reviews(create_store_engine(env))) == sorted(
        [(ids[0], "a"), (ids[1], "b")]
    )


def test_shared_link_without_credentials_is_read_only(env, monkeypatch):
    monkeypatch.setenv("DURAND_HOSTED", "1")
    at = open_desk()
    assert any("read-only" in i.value for i in at.info)
    assert at.button(key="FormSubmitter:intake_paste-Add this text").disabled
    fid = current(at)
    assert at.button(key=f"FormSubmitter:review_form_{fid}-Save review").disabled
    assert not any(c.value.startswith("Store:") for c in at.caption), "a visitor is shown where the store is"
    assert any(c.value.startswith("🔒") for c in at.caption)  # why the button is off
    assert all_reviews(create_store_engine(env)) == []


def test_reviewer_password_gate(env):
    secrets = {"reviewers": {"ana": hash_password("correct horse")}}
    at = open_desk(secrets)
    assert any("Reviewers sign in" in i.value for i in at.info)
    assert at.button(key=f"FormSubmitter:review_form_{current(at)}-Save review").disabled
    at.text_input(key="review_auth_name").set_value("ana")
    at.text_input(key="review_auth_password").set_value("wrong")
    at.button(key="FormSubmitter:review_auth_form-Sign in").click().run()
    assert any("wrong password" in e.value for e in at.error)
    at.text_input(key="review_auth_name").set_value("ana")
    at.text_input(key="review_auth_password").set_value("correct horse")
    at.button(key="FormSubmitter:review_auth_form-Sign in").click().run()
    assert any("Signed in as reviewer ana" in c.value for c in at.caption)
    assert not at.button(key=f"FormSubmitter:review_form_{current(at)}-Save review").disabled
    assert any(c.value.startswith("Store:") for c in at.caption)
    save(at, "Confirm", note="ok")
    assert [r.reviewer for r in all_reviews(create_store_engine(env))] == ["ana"]


def test_identity_provider_signed_out_cannot_write(env):
    secrets = {
        "auth": {
            "redirect_uri": "http://localhost:8501/oauth2callback",
            "cookie_secret": "not-a-real-secret",
            "client_id": "id",
            "client_secret": "secret",
            "server_metadata_url": "https://accounts.example.org/.well-known/openid-configuration",
        }
    }
    at = open_desk(secrets)
    assert any(b.label == "Sign in" for b in at.button)
    assert any("Sign in to review" in i.value for i in at.info)
    assert at.button(key=f"FormSubmitter:review_form_{current(at)}-Save review").disabled
    assert all_reviews(create_store_engine(env)) == []


def test_one_secrets_entry_points_the_app_at_the_database(env, monkeypatch):
    """[connections.durand] url = ... (Streamlit's st.connection convention) wins over DURAND_DB."""
    monkeypatch.setenv("DURAND_DB", "sqlite:////nonexistent-dir/never-used.sqlite")
    at = open_desk({"connections": {"durand": {"url": env}}})
    where = env.split("@")[-1].split("///")[-1]  # the host/database or the file, never a password
    assert any(where in c.value.replace("\\", "") for c in at.caption), [c.value for c in at.caption]
    fid = current(at)
    save(at, "Confirm", note="via secrets")
    assert [(r.incident_id, r.note) for r in all_reviews(create_store_engine(env))] == [(fid, "via secrets")]
    at.toggle(key="review_mode").set_value(False).run()
    assert "confirmed by" in map_group(at), "no ring marks the checked incident on the map"


def test_add_a_missed_incident(env):
    at = open_desk()
    at.selectbox(key="missed_sentence").set_value(SENTENCES[0])
    at.selectbox(key="missed_type").set_value("armed_clash")
    at.text_input(key="missed_date").set_value("2025-10-12")
    at.selectbox(key="missed_place").set_value(parachinar())
    at.text_area(key="missed_note").set_value("there was also a clash")
    at.button(key="FormSubmitter:missed_form-Add this incident").click().run()
    assert not at.error, [e.value for e in at.error]
    added = current(at)
    assert added.startswith("rev-")
    [entry] = all_reviews(create_store_engine(env))
    assert (entry.action, entry.event_type, entry.quote) == ("add_missed", "armed_clash", SENTENCES[0])
    at.toggle(key="review_mode").set_value(False).run()
    assert '"id": "rev-' in map_group(at) and "70.10012" in map_group(at)


def test_an_added_incident_can_be_corrected_and_reviewed_again(env):
    at = open_desk()
    at.selectbox(key="missed_sentence").set_value(SENTENCES[0])
    at.selectbox(key="missed_type").set_value("armed_clash")
    at.button(key="FormSubmitter:missed_form-Add this incident").click().run()
    added = current(at)
    fid = added
    at.radio(key=f"rf_decision_{fid}").set_value("Correct")
    at.selectbox(key=f"rf_type_{fid}").set_value("airstrike")
    at.button(key=f"FormSubmitter:review_form_{fid}-Save review").click().run()
    assert not at.error, [e.value for e in at.error]
    at.selectbox(key="review_current").set_value(added).run()
    save(at, "Reject", note="on second thought")
    assert not at.error, [e.value for e in at.error]
    assert [r.action for r in all_reviews(create_store_engine(env))] == ["add_missed", "correct", "reject"]


def test_mark_an_incident_as_a_duplicate(env):
    at = open_desk()
    paste(at, article_text(SENTENCES[1], SENTENCES[2], title="Pasted article"))
    fid = current(at)
    target = next(i for i in at.selectbox(key=f"rf_merge_{fid}").options)  # a label
    at.selectbox(key=f"rf_merge_{fid}").select_index(0)
    save(at, "Duplicate", note="same clash")
    assert not at.error, [e.value for e in at.error]
    [entry] = all_reviews(create_store_engine(env))
    into = entry.changes["merged_into"]["new"]
    assert entry.action == "merge" and into["id"] != fid and into["anchor"]
    at.toggle(key="review_mode").set_value(False).run()
    ids = map_ids(at)
    assert fid not in ids and into["id"] in ids, target


def test_split_an_incident_in_two(env):
    at = open_desk()
    fid = current(at)
    at.selectbox(key=f"rf_type_{fid}").set_value("armed_clash")
    save(at, "Split", note="a clash too", place_mode="A gazetteer place", place=parachinar())
    assert not at.error, [e.value for e in at.error]
    [entry] = all_reviews(create_store_engine(env))
    assert entry.action == "split" and entry.changes["split_off"]["new"]["event_type"] == "armed_clash"
    at.selectbox(key="review_current").set_value(f"{fid}-split1").run()
    assert any("split off" in i.value for i in at.info)  # a split piece is reviewed through its origin
    assert "Save review" not in [b.label for b in at.button]
    at.toggle(key="review_mode").set_value(False).run()
    assert f'"id": "{fid}-split1"' in map_group(at) and f'"id": "{fid}"' in map_group(at)
