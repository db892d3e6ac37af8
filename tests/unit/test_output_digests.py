"""Byte-identity of the build output: every gold set and the seeds against committed digests.

Speed work must not change output; a rule change that changes it on purpose regenerates the
digests with the command named in the failure message.
"""

from __future__ import annotations

from tests.tools.output_digests import UPDATE_COMMAND, article_sets, committed_digests, current_digests


def test_every_gold_set_and_the_seeds_has_a_committed_digest():
    assert set(committed_digests()) == set(article_sets()), (
        f"the digest file does not list every article set; regenerate it on purpose with `{UPDATE_COMMAND}`"
    )


def test_build_output_is_byte_identical_to_the_committed_digests():
    committed = committed_digests()
    changed = sorted(name for name, digest in current_digests().items() if committed.get(name) != digest)
    assert not changed, (
        f"build output changed for {', '.join(changed)}. If this change of output is meant "
        f"(a rule change), regenerate the digests with `{UPDATE_COMMAND}` and say why in the "
        "commit body; if it is a speed change, it must not change output."
    )
