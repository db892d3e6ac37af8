"""Who may write (review incidents, add articles). Reading is open to anyone with the link.

`write_access()` is the one gate every write goes through. In order:

1. An identity provider under `[auth]` in `.streamlit/secrets.toml`: signed in with `st.login`
   -> may write (as their e-mail or name); signed out -> may not, a "Sign in" button is offered.
2. Reviewer credentials under `[reviewers]` (`name = "scrypt$..."`, made with
   `python -m dashboard.auth NAME`): a reviewer who signed in with the right password may write.
   Passwords are checked against a salted scrypt hash with a constant-time comparison.
3. Neither configured: on a local run (the page opened from localhost) the single local user may
   write; on a shared link (any other host, or `DURAND_HOSTED=1`) nobody may, and the app says why.
"""

from __future__ import annotations

import base64
import getpass
import hashlib
import hmac
import os
import secrets
import sys
from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

ENV_HOSTED = "DURAND_HOSTED"
SESSION_REVIEWER = "auth_reviewer"  # session_state key: the reviewer signed in with a password
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "[::1]")
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


@dataclass(frozen=True)
class Access:
    can_write: bool
    who: str | None  # the reviewer's name as recorded in the log
    mode: str  # oidc | password | local | none
    reason: str  # what the page says when writing is not allowed (or how the user is signed in)


# ---- passwords ----------------------------------------------------------------------------------


def hash_password(password: str, salt: bytes | None = None) -> str:
    """`scrypt$n$r$p$salt$hash` (base64): what goes into `[reviewers]` in secrets."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    """Constant-time check of a password against a `hash_password` string; False for any
    malformed entry (never an exception that would show the secret)."""
    try:
        scheme, n, r, p, salt_b64, hash_b64 = str(stored).split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(hash_b64, validate=True)
        digest = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt_b64, validate=True),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
            maxmem=256 * 1024 * 1024,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, expected)


def check_reviewer(reviewers: Mapping[str, str], name: str, password: str) -> bool:
    stored = reviewers.get(name)
    if stored is None:
        # same work for an unknown name, so timing does not reveal who is a reviewer
        verify_password(password, hash_password("not a reviewer", b"0" * 16))
        return False
    return verify_password(password, stored)


# ---- the decision (pure) ------------------------------------------------------------------------


def decide(
    *,
    provider_configured: bool,
    logged_in: bool,
    user_name: str | None,
    reviewers: Mapping[str, str],
    signed_in_reviewer: str | None,
    is_local: bool,
) -> Access:
    if provider_configured:
        if logged_in:
            return Access(True, user_name or "signed-in user", "oidc", f"Signed in as {user_name}.")
        return Access(
            False, None, "oidc", "Sign in to review incidents or add articles; reading needs no sign-in."
        )
    if reviewers:
        if signed_in_reviewer and signed_in_reviewer in reviewers:
            return Access(
                True, signed_in_reviewer, "password", f"Signed in as reviewer {signed_in_reviewer}."
            )
        return Access(
            False,
            None,
            "password",
            "Reviewers sign in to review incidents or add articles; reading needs no sign-in.",
        )
    if is_local:
        return Access(True, local_user(), "local", "Local run: you are the only user and may write.")
    return Access(
        False,
        None,
        "none",
        "This is a shared copy of the app and no reviewer sign-in is configured, so it is read-only: "
        "nobody can review or add articles here. The operator can add an [auth] provider or "
        "[reviewers] to its secrets.",
    )


def local_user() -> str:
    try:
        return f"{getpass.getuser()} (local)"
    except (KeyError, OSError):
        return "local user"


# ---- Streamlit --------------------------------------------------------------------------------


def _secrets() -> Mapping:
    try:
        return st.secrets.to_dict()
    except Exception:  # noqa: BLE001 - no secrets file at all, or an unreadable one: none configured
        return {}


def local_request(host: str, peer_is_loopback: bool) -> bool:
    """A page opened from this machine: a local name in the Host header *and* a connection from
    the loopback address. The Host header alone is the client's to write: a visitor on the
    network could send "Host: localhost" and be given the local user's write access."""
    if not host:
        return True  # no HTTP request behind this run: a test or a script, not a visitor
    name = host.rsplit(":", 1)[0] if not host.startswith("[") else host.split("]")[0] + "]"
    return name.lower() in LOCAL_HOSTS and peer_is_loopback


def is_local_request() -> bool:
    if os.environ.get(ENV_HOSTED, "") not in ("", "0"):
        return False
    try:
        host = st.context.headers.get("Host") or ""
        # Streamlit gives None for a loopback peer (the WebSocket's socket address, not a header)
        loopback = st.context.ip_address is None
    except Exception:  # noqa: BLE001 - no request context (AppTest, bare script run)
        host, loopback = "", True
    return local_request(host, loopback)


def _logged_in() -> tuple[bool, str | None]:
    try:
        user = st.user
        if not user.is_logged_in:
            return False, None
        return True, str(user.get("email") or user.get("name") or "signed-in user")
    except Exception:  # noqa: BLE001 - no auth configured or Authlib missing
        return False, None


def write_access() -> Access:
    """May this session write? The one gate for every review and every added article."""
    config = _secrets()
    provider = bool(config.get("auth"))
    logged_in, name = _logged_in() if provider else (False, None)
    reviewers = {str(k): str(v) for k, v in (config.get("reviewers") or {}).items()}
    return decide(
        provider_configured=provider,
        logged_in=logged_in,
        user_name=name,
        reviewers=reviewers,
        signed_in_reviewer=st.session_state.get(SESSION_REVIEWER),
        is_local=is_local_request(),
    )


def render_sign_in(access: Access, key: str = "auth") -> None:
    """The sign-in controls (or the reason writing is closed) for the current access."""
    if access.can_write:
        st.caption("✍️ " + access.reason)
        if access.mode == "password" and st.button("Sign out", key=f"{key}_out"):
            st.session_state.pop(SESSION_REVIEWER, None)
            st.rerun()
        elif access.mode == "oidc":
            st.button("Sign out", key=f"{key}_out", on_click=st.logout)
        return
    st.info("🔒 " + access.reason)
    if access.mode == "oidc":
        st.button("Sign in", key=f"{key}_login", on_click=st.login)
    elif access.mode == "password":
        with st.form(f"{key}_form"):
            name = st.text_input("Reviewer name", key=f"{key}_name")
            password = st.text_input("Password", type="password", key=f"{key}_password")
            submitted = st.form_submit_button("Sign in")
        if submitted:
            reviewers = {str(k): str(v) for k, v in (_secrets().get("reviewers") or {}).items()}
            if check_reviewer(reviewers, name, password):
                st.session_state[SESSION_REVIEWER] = name
                st.rerun()
            st.error("Unknown reviewer or wrong password.")


if __name__ == "__main__":  # python -m dashboard.auth NAME -> a line for [reviewers] in secrets
    who = sys.argv[1] if len(sys.argv) > 1 else "reviewer"
    print(f'{who} = "{hash_password(getpass.getpass(f"Password for {who}: "))}"')
