"""A corpus of hostile and broken article files, each with the behaviour it must get.

Built in code (not stored) because several cases are binary, huge or have odd names.
`outcome` is "skipped" (reported with a reason, not loaded), "flagged" (loaded, with problems
listed) or "clean" (loaded, no problems).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

XSS_TITLE = "<img src=x onerror=\"document.title='pwned'\">"
XSS_OUTLET = "${alert(1)} `backtick` </script><script>alert(2)</script>"
XSS_BODY = (
    "</script><script>alert(3)</script> <svg onload=alert(4)> "
    "Pakistani artillery shelled positions in Barmal district of Paktika province on Monday, "
    "killing three people, local officials said. ${alert(5)} `x` javascript:alert(6)"
)
TEMPLATE_TITLE = "`${alert(7)}` </script><script>alert(8)</script> <b onmouseover=alert(9)>x</b>"
JS_URL = "javascript:alert(document.domain)"
DATA_URL = "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="
URL_BODY = (
    'Read <a href="javascript:alert(10)">this</a> or data:text/html,<script>alert(11)</script>. '
    "Pakistani artillery shelled positions in Barmal district of Paktika province on Monday, "
    "killing three people, local officials said."
)
EVENT = "Afghan forces and Pakistani troops exchanged heavy fire at Torkham on Saturday, officials said."


@dataclass(frozen=True)
class Case:
    name: str  # undecodable bytes as surrogate escapes (os.fsdecode), as os.listdir gives them
    content: bytes
    outcome: str  # skipped | flagged | clean
    why: str
    make: Callable[[Path], None] | None = None  # creates the entry itself (links, FIFOs, ...)

    @property
    def listed_as(self) -> str:
        """The name the build and the app list it under (undecodable bytes shown as U+FFFD)."""
        return self.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")

    def create(self, directory: Path) -> None:
        if self.make is not None:
            self.make(directory / self.name)
        else:
            (directory / self.name).write_bytes(self.content)


def _symlink_to(target: str) -> Callable[[Path], None]:
    return lambda path: path.symlink_to(target)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _directory(path: Path) -> None:
    path.mkdir()
    (path / "inside.md").write_bytes(_fm("title: t"))


def _sparse_gigabyte(path: Path) -> None:
    with open(path, "wb") as handle:
        handle.truncate(1 << 30)  # 1 GB that takes no disk space


def _link_to_sibling(path: Path) -> None:
    (path.parent / "sibling_target.txt.keep").write_bytes(_fm("title: t\npublished: 2025-10-13"))
    path.symlink_to("sibling_target.txt.keep")


def _fm(front: str, body: str = EVENT) -> bytes:
    return f"---\n{front}\n---\n{body}\n".encode()


def cases() -> list[Case]:
    bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
        for i in range(8)
    )
    return [
        Case(
            "xss_title.md",
            _fm(f"title: {json.dumps(XSS_TITLE)}\noutlet: 'x'\npublished: 2025-10-13", XSS_BODY),
            "clean",
            "script in title and body",
        ),
        Case(
            "xss_outlet.md",
            _fm(f"title: t\noutlet: {json.dumps(XSS_OUTLET)}\npublished: 2025-10-13", XSS_BODY),
            "clean",
            "template-literal breakers in outlet",
        ),
        Case(
            "js_url.md",
            _fm("title: t\nurl: 'javascript:alert(1)'\npublished: 2025-10-13"),
            "flagged",
            "javascript: URL dropped",
        ),
        Case(
            "data_url.md",
            _fm("title: t\nurl: 'data:text/html,<script>alert(1)</script>'\npublished: 2025-10-13"),
            "flagged",
            "data: URL dropped",
        ),
        Case(
            "python_tag.md",
            _fm("title: !!python/object/apply:os.system ['echo pwned']"),
            "skipped",
            "YAML tags refused",
        ),
        Case("alias_bomb.md", _fm(bomb), "skipped", "YAML anchors/aliases refused"),
        Case(
            "wrong_types.md",
            _fm("title: [1, 2]\noutlet: {a: b}\npublished: 12"),
            "flagged",
            "wrong types ignored",
        ),
        Case("feb30.md", _fm("title: t\npublished: 2025-02-30"), "flagged", "impossible date"),
        Case("future.md", _fm("title: t\npublished: 2999-01-01"), "flagged", "date in the future"),
        Case(
            "pre_durand.md", _fm("title: t\npublished: 1801-01-01"), "flagged", "date before the Durand Line"
        ),
        Case("no_front_matter.md", EVENT.encode(), "flagged", "no front matter"),
        Case(
            "unclosed_front_matter.md",
            b"---\ntitle: t\n" + EVENT.encode(),
            "flagged",
            "front matter never closed: all body",
        ),
        Case("not_mapping.md", _fm("- just\n- a list"), "skipped", "front matter not a mapping"),
        Case("bad_yaml.md", _fm("title: [unclosed"), "skipped", "invalid YAML"),
        Case("deep_yaml.md", _fm("title: " + "[" * 5000 + "]" * 5000), "skipped", "deeply nested YAML"),
        Case("empty.md", b"", "skipped", "empty file"),
        Case("whitespace.md", b"  \n\n\t\n", "skipped", "only whitespace"),
        Case("binary.md", bytes(range(256)) * 4, "skipped", "binary"),
        Case(
            "latin1.md",
            _fm("title: Caf\u00e9\npublished: 2025-10-13").decode().encode("latin-1"),
            "flagged",
            "not UTF-8",
        ),
        Case(
            "mixed.md",
            _fm("title: t\npublished: 2025-10-13") + "caf\u00e9 ".encode("latin-1") + "caf\u00e9".encode(),
            "flagged",
            "mixed encodings",
        ),
        Case(
            "bom_crlf.md",
            b"\xef\xbb\xbf" + _fm("title: t\npublished: 2025-10-13").replace(b"\n", b"\r\n"),
            "clean",
            "BOM and CRLF",
        ),
        Case("huge.md", _fm("title: t\npublished: 2025-10-13", EVENT * 110_000), "skipped", "10 MB article"),
        Case("dup.md", _fm("title: first\npublished: 2025-10-13"), "clean", "first of a duplicate id"),
        Case("dup.txt", _fm("title: second\npublished: 2025-10-13"), "skipped", "duplicate id"),
        Case(
            "odd name ü (1) ;$`'.md",
            _fm("title: t\npublished: 2025-10-13"),
            "clean",
            "odd characters in the file name",
        ),
        Case(
            "control_chars.md",
            _fm('title: "a\\u0000b\\u202e"\npublished: 2025-10-13', "x\x07y\x1b[31m " + EVENT),
            "flagged",
            "control characters: removed, and said so",
        ),
        Case(
            "long_line.md",
            _fm("title: t\npublished: 2025-10-13", "Kabul " * 200_000),
            "clean",
            "one very long line",
        ),
        # -- more injection: every field, every scheme ------------------------------------------
        Case(
            "template_title.md",
            _fm(
                f"title: {json.dumps(TEMPLATE_TITLE)}\noutlet: {json.dumps(JS_URL)}\npublished: 2025-10-13",
                XSS_BODY,
            ),
            "clean",
            "template-literal breakers and </script> in the title, javascript: URL as the outlet",
        ),
        Case(
            "urls_everywhere.md",
            _fm(
                f"title: {json.dumps(DATA_URL)}\noutlet: {json.dumps(DATA_URL)}\nurl: ' JaVaScRiPt:alert(1)'\npublished: 2025-10-13",
                URL_BODY,
            ),
            "flagged",
            "javascript:/data: URLs in title, outlet, url and body; url dropped",
        ),
        Case(
            "url_with_quotes.md",
            _fm("title: t\nurl: 'https://example.org/\"><script>alert(1)</script>'\npublished: 2025-10-13"),
            "clean",
            "an http URL carrying markup (kept, escaped where shown)",
        ),
        # -- more hostile YAML -------------------------------------------------------------------
        Case("custom_tag.md", _fm("title: !pwn 'x'"), "skipped", "unknown local YAML tag"),
        Case("python_name_tag.md", _fm("title: !!python/name:os.system"), "skipped", "python/name tag"),
        Case(
            "merge_alias.md",
            _fm("base: &b {title: t}\n<<: *b\npublished: 2025-10-13"),
            "skipped",
            "merge key with alias",
        ),
        Case(
            "binary_tag.md",
            _fm("title: !!binary aGVsbG8=\npublished: 2025-10-13"),
            "flagged",
            "!!binary gives bytes: wrong type",
        ),
        Case(
            "more_wrong_types.md",
            _fm("title: true\noutlet: 3.5\nurl: [1]\npublished: [2025, 10, 13]"),
            "flagged",
            "bool/number/list where text or a date belongs",
        ),
        Case("month13.md", _fm("title: t\npublished: 2025-13-01"), "flagged", "impossible month"),
        # -- dates at the edges ------------------------------------------------------------------
        Case(
            "day_before_durand.md",
            _fm("title: t\npublished: 1893-11-11"),
            "flagged",
            "the day before the Durand Line agreement",
        ),
        Case(
            "durand_day.md",
            _fm("title: t\npublished: 1893-11-12"),
            "clean",
            "the day of the Durand Line agreement",
        ),
        Case(
            "tomorrow.md",
            _fm(f"title: t\npublished: {date.today() + timedelta(days=1)}"),
            "flagged",
            "tomorrow: in the future",
        ),
        # -- encodings and sizes -----------------------------------------------------------------
        Case(
            "utf16.md",
            "\ufeff---\ntitle: t\n---\nKabul\n".encode("utf-16"),
            "skipped",
            "UTF-16 (NUL bytes): not UTF-8 text",
        ),
        Case(
            "just_under_limit.md",
            _fm("title: t\npublished: 2025-10-13", EVENT + " x" * 990_000),
            "clean",
            "2 MB minus a little: still an article",
        ),
        # -- odd file names ----------------------------------------------------------------------
        Case(
            "new\nline\x1b[31m.md",
            _fm("title: t\npublished: 2025-10-13"),
            "flagged",
            "newline and an ANSI escape in the file name",
        ),
        Case(
            "-rf --help.md",
            _fm("title: t\npublished: 2025-10-13"),
            "clean",
            "file name that looks like options",
        ),
        Case(
            "\u202egnp.md",
            _fm("title: t\npublished: 2025-10-13"),
            "flagged",
            "right-to-left override in the file name",
        ),
        Case("UPPER.MD", _fm("title: t\npublished: 2025-10-13"), "clean", "upper-case suffix"),
        Case(("n" * 240) + ".md", _fm("title: t\npublished: 2025-10-13"), "clean", "a 243-byte file name"),
        *issue_14_cases(),
    ]


def issue_14_cases() -> list[Case]:
    """The cases of issue 14 ("one bad file never takes down the map"), each of which broke the
    build or the app before."""
    ok = "\npublished: 2025-10-13"
    return [
        # 1. huge YAML integers: str() raised "Exceeds the limit (4300 digits)" and the build died
        Case("int_hex_title.md", _fm("title: 0x" + "f" * 4000 + ok), "flagged", "4,000-digit hex title"),
        Case(
            "int_binary_title.md", _fm("title: 0b1" + "0" * 15000 + ok), "flagged", "15,000-bit binary title"
        ),
        Case(
            "int_sexagesimal.md",
            _fm("title: " + ":".join(["59"] * 2500) + ok),
            "flagged",
            "sexagesimal integer of thousands of digits",
        ),
        Case(
            "int_outlet_published.md",
            _fm("title: t\noutlet: 0x" + "f" * 4000 + "\npublished: 0x" + "f" * 4000),
            "flagged",
            "huge integers as outlet and published",
        ),
        Case(
            "int_decimal.md",
            _fm("title: 1" + "0" * 5000 + ok),
            "skipped",
            "5,000-digit decimal: not YAML we read",
        ),
        Case(
            "int_key.md", _fm("? 0x" + "f" * 4000 + "\n: x\ntitle: t" + ok), "clean", "huge integer as a key"
        ),
        # 2. lone surrogates: the output write died ("surrogates not allowed")
        Case("surrogate_title.md", _fm('title: "x\\ud800y"' + ok), "flagged", "lone surrogate in the title"),
        Case(
            "surrogate_url.md",
            _fm('title: t\nurl: "https://example.org/\\udfff"' + ok),
            "flagged",
            "lone surrogate in the url",
        ),
        Case(
            "surrogate_pair.md",
            _fm('title: "\\ud83d\\ude00 smile"\noutlet: "\\udc00"' + ok),
            "flagged",
            "an escaped surrogate pair (joined) and a lone low surrogate",
        ),
        Case(
            os.fsdecode(b"name_\xff\xfe.md"),
            _fm("title: t" + ok),
            "flagged",
            "file name with undecodable bytes",
        ),
        # 4. huge titles froze the visitor's tab
        Case("long_title.md", _fm("title: " + "T" * 5000 + ok), "flagged", "5,000-character title: cut"),
        Case(
            "huge_title.md",
            _fm("title: " + "T" * 1_500_000 + ok),
            "skipped",
            "1.5 MB title: front matter too long",
        ),
        # 6. symlinks out of the folder, and other entries that are no regular files
        Case("passwd.md", b"", "skipped", "link to /etc/passwd", make=_symlink_to("/etc/passwd")),
        Case("devzero.md", b"", "skipped", "link to a device", make=_symlink_to("/dev/zero")),
        Case("dangling.md", b"", "skipped", "link to nothing", make=_symlink_to("/nonexistent/x.md")),
        Case("inside_link.md", b"", "clean", "link to a file in the folder", make=_link_to_sibling),
        Case("fifo.md", b"", "skipped", "a FIFO (reading it would block)", make=_fifo),
        Case("folder.md", b"", "skipped", "a directory named .md", make=_directory),
        Case("page.html", b"<html><body>Kabul</body></html>", "skipped", "HTML page: listed, not read"),
        # 7. size checked before reading: a 1 GB sparse file is refused without being read
        Case("sparse_1gb.md", b"", "skipped", "1 GB sparse file", make=_sparse_gigabyte),
        # 9. bidi and invisible characters
        Case(
            "bidi_invisible.md",
            _fm(
                'title: "Clash\\u202e at\\u200b Torkham\\ufeff\\x7f"\noutlet: "Out\\u2066let\\u0085"' + ok,
                "Afghan\u200b forces\u202e and Pakistani\ufeff troops\x7f exchanged heavy fire at Torkham\u0085 on "
                "Saturday, officials said.\u2028" + EVENT,
            ),
            "flagged",
            "bidi controls and invisible characters in title, outlet and body",
        ),
        # 10. smaller ones
        Case(
            "huge_figure.md",
            _fm(
                "title: t" + ok,
                "Pakistani artillery shelled positions in Barmal district of Paktika province on Monday, "
                "killing 12345678901234567890123456789012345678 people, local officials said.",
            ),
            "clean",
            "a 38-digit death toll (was exported as 1.2345678901234568e+37)",
        ),
        Case(
            "many_keys.md",
            _fm("".join(f"k{i}: {i}\n" for i in range(100_000)) + "title: t" + ok),
            "skipped",
            "100,000-key front matter",
        ),
    ]


def write_corpus(directory: Path) -> list[Case]:
    directory.mkdir(parents=True, exist_ok=True)
    corpus = cases()
    for case in corpus:
        case.create(directory)
    return corpus
