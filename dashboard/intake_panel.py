"""Adding articles in the app: paste a text, upload .md/.txt/.html files, or give a page or feed
URL. Every write goes through dashboard/auth.py; the new article's incidents come up at once."""

from __future__ import annotations

import streamlit as st

from geodata.articles import MAX_ARTICLE_BYTES
from geodata.intake import (
    MAX_PAGE_BYTES,
    IntakeError,
    article_from_file,
    article_from_text,
    article_from_url,
    feed_items,
)
from geodata.store import NewArticle, add_article

from . import review_data
from .auth import Access
from .table_view import md

NEXT = "review_next"
MAX_UPLOAD_FILES = 20


def _store_all(access: Access, articles: list[tuple[str, NewArticle]]) -> None:
    info = review_data.store(for_writing=True)
    if info.engine is None:
        st.error("Not added: the store cannot be opened: " + md(info.problem))
        return
    added = []
    for label, new in articles:
        result = add_article(info.engine, new, added_by=access.who or "unknown")
        if result.added:
            added.append(result.article_id)
            st.success(f"Added {md(label)} as {result.article_id}.")
        else:
            st.info(f"Already there ({md(result.reason)}): {md(label)} is {result.article_id}.")
    if added:
        st.session_state[NEXT] = {"article": added[0]}
        # what the first article gave is said by the picker, once its incidents are built
        st.session_state["intake_flash"] = f"Added {len(added)} article(s)."
        st.rerun()


def _paste(access: Access) -> list[tuple[str, NewArticle]]:
    with st.form("intake_paste", clear_on_submit=False):
        text = st.text_area(
            "Article text",
            height=200,
            key="intake_text",
            help="Plain text or Markdown. Optional front matter (--- title / outlet / url / published ---) as in seeds/.",
        )
        cols = st.columns(3)
        title = cols[0].text_input("Title (optional)", key="intake_title")
        outlet = cols[1].text_input("Outlet (optional)", key="intake_outlet")
        published = cols[2].text_input("Published (YYYY-MM-DD, optional)", key="intake_published")
        submitted = st.form_submit_button("Add this text", disabled=not access.can_write)
    if not submitted:
        return []
    front = {
        k: v.strip() for k, v in (("title", title), ("outlet", outlet), ("published", published)) if v.strip()
    }
    if front and not text.lstrip().startswith("---"):
        import yaml

        text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + text
    return [("the pasted text", article_from_text(text))]


def _upload(access: Access) -> list[tuple[str, NewArticle]]:
    with st.form("intake_upload", clear_on_submit=True):
        files = st.file_uploader(
            "Article files",
            type=["md", "txt", "html", "htm"],
            accept_multiple_files=True,
            key="intake_files",
            # the uploader's own limit text says what is taken, not Streamlit's default 200 MB
            max_upload_size=MAX_PAGE_BYTES // 1_000_000,
            help=f"Markdown or text up to {MAX_ARTICLE_BYTES // 1_000_000} MB; a saved web page (HTML) "
            f"up to {MAX_PAGE_BYTES // 1_000_000} MB, its main text taken out.",
        )
        submitted = st.form_submit_button("Add these files", disabled=not access.can_write)
    if not submitted or not files:
        return []
    if len(files) > MAX_UPLOAD_FILES:
        raise IntakeError(f"at most {MAX_UPLOAD_FILES} files at a time")
    out: list[tuple[str, NewArticle]] = []
    for upload in files:
        try:
            out.append((upload.name, article_from_file(upload.name, upload.getvalue())))
        except IntakeError as exc:
            st.error(f"Not added: {md(exc)}")
    return out


def _url(access: Access) -> list[tuple[str, NewArticle]]:
    with st.form("intake_url"):
        url = st.text_input("Page or feed address", key="intake_url", placeholder="https://…")
        is_feed = st.checkbox("It is an RSS/Atom feed: add every entry", key="intake_is_feed")
        submitted = st.form_submit_button("Fetch and add", disabled=not access.can_write)
    if not submitted or not url.strip():
        return []
    # a hosted app never fetches addresses on its own network (only a local run may)
    allow_private = access.mode == "local"
    if not is_feed:
        return [(url.strip(), article_from_url(url, allow_private=allow_private))]
    out: list[tuple[str, NewArticle]] = []
    for item in feed_items(url, allow_private=allow_private):
        if item.article is None:
            st.warning(f"Not added {md(item.link)}: {md(item.problem)}")
        else:
            out.append((item.link or url, item.article))
    return out


def render(access: Access, loaded) -> None:
    flash = st.session_state.pop("intake_flash", None)
    if flash:
        st.success(flash)
    with st.expander(
        "➕ Add articles (paste, upload, or a URL)", expanded=not loaded.reviewed.get("features")
    ):
        if not access.can_write:
            st.caption("🔒 " + md(access.reason))
        tabs = st.tabs(["Paste text", "Upload files", "From a URL or feed"])
        for tab, collect in zip(tabs, (_paste, _upload, _url)):
            with tab:
                try:
                    articles = collect(access)
                except IntakeError as exc:
                    st.error(f"Not added: {md(exc)}")
                    continue
                if articles and not access.can_write:
                    st.error("Not added: " + md(access.reason))
                elif articles:
                    _store_all(access, articles)
