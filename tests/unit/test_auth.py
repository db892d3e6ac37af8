"""The write gate (dashboard/auth.py): password hashes and the decision table."""

from __future__ import annotations

import pytest

from dashboard.auth import check_reviewer, decide, hash_password, verify_password


def test_hash_is_salted_and_verifies():
    one, two = hash_password("s3cret"), hash_password("s3cret")
    assert one != two and one.startswith("scrypt$")
    assert verify_password("s3cret", one) and verify_password("s3cret", two)
    assert not verify_password("s3cret ", one) and not verify_password("", one)


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "plain",
        "scrypt$1$2",
        "bcrypt$16384$8$1$AAAA$AAAA",
        "scrypt$x$8$1$AA==$AA==",
        "scrypt$16384$8$1$!!$!!",
    ],
)
def test_malformed_entries_never_verify(stored):
    assert verify_password("anything", stored) is False


def test_unknown_reviewer_is_refused():
    reviewers = {"ana": hash_password("pw")}
    assert check_reviewer(reviewers, "ana", "pw")
    assert not check_reviewer(reviewers, "bob", "pw")
    assert not check_reviewer(reviewers, "ana", "PW")


BASE = dict(
    provider_configured=False,
    logged_in=False,
    user_name=None,
    reviewers={},
    signed_in_reviewer=None,
    is_local=True,
)


def test_local_run_without_secrets_may_write():
    access = decide(**BASE)
    assert access.can_write and access.mode == "local" and access.who


def test_shared_link_without_credentials_never_writes():
    access = decide(**{**BASE, "is_local": False})
    assert not access.can_write and "read-only" in access.reason


def test_identity_provider_needs_a_signed_in_user_even_locally():
    assert not decide(**{**BASE, "provider_configured": True}).can_write
    signed_in = decide(
        **{**BASE, "provider_configured": True, "logged_in": True, "user_name": "a@b.org", "is_local": False}
    )
    assert signed_in.can_write and signed_in.who == "a@b.org"


def test_reviewer_credentials_need_a_known_signed_in_reviewer():
    reviewers = {"ana": "scrypt$..."}
    assert not decide(**{**BASE, "reviewers": reviewers}).can_write
    assert not decide(**{**BASE, "reviewers": reviewers, "signed_in_reviewer": "eve"}).can_write
    access = decide(**{**BASE, "reviewers": reviewers, "signed_in_reviewer": "ana", "is_local": False})
    assert access.can_write and access.who == "ana"


def test_a_local_host_header_from_the_network_is_no_local_run():
    from dashboard.auth import local_request

    assert local_request("localhost:8501", peer_is_loopback=True)
    assert local_request("[::1]:8501", peer_is_loopback=True)
    # found by using the app: a visitor on the network who sends "Host: localhost" got write access
    assert not local_request("localhost:8501", peer_is_loopback=False)
    assert not local_request("192.0.2.2:8501", peer_is_loopback=True)  # a shared link behind a proxy
    assert local_request("", peer_is_loopback=False)  # no request: AppTest or a script
