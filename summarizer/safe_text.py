"""Text that cannot be turned against its reader.

Articles, feeds and model answers are written by others. Before any of their
text reaches a terminal, a log, a Markdown file or a web page it goes through
one of these functions:

* :func:`strip_controls` drops terminal escape sequences (CSI, OSC, ...) whole and
  every other control character except tab and newline;
* :func:`one_line` also drops bidirectional overrides and folds whitespace, for
  titles, sources and log lines;
* :func:`http_url` is the link policy: only absolute ``http``/``https`` URLs are
  ever written as links;
* :func:`md_text`, :func:`md_block` and :func:`md_link` write Markdown whose markup
  comes only from us.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# ESC followed by a CSI, OSC, DCS/SOS/PM/APC string or a single final byte; 8-bit CSI.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|\x1b[ -~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Embeddings, overrides and isolates can make a line read differently from what it is.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
# What starts a block at the beginning of a Markdown line: heading, quote, list, rule.
_MD_BLOCK_START = re.compile(r"^([#>+=-]|\d+(?=[.)]))")
# Characters a URL keeps percent-encoded so that it cannot close a Markdown link or an
# HTML attribute, whatever the renderer.
_URL_QUOTE = {c: f"%{ord(c):02X}" for c in "<>\"'\\`() "}
_URL_BAD = re.compile(r"[\x00-\x20\x7f-\x9f\u2028\u2029]")


def strip_controls(text: str) -> str:
    """``text`` without escape sequences and control characters (tab and newline stay)."""
    if text.isprintable():
        return text
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))


def one_line(text: str | None) -> str:
    """``text`` as one safe line: no controls, no bidirectional overrides, single spaces."""
    if not text:
        return ""
    return " ".join(_BIDI.sub("", strip_controls(text)).split())


def http_url(url: str | None) -> str | None:
    """``url`` when it is an absolute ``http``/``https`` URL that is safe to write as a
    link (characters that could end a link percent-encoded); None for anything else
    (``javascript:``, ``data:``, ``file:``, relative or malformed URLs)."""
    if not url:
        return None
    url = url.strip()
    if _URL_BAD.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return "".join(_URL_QUOTE.get(c, c) for c in url)


def md_text(text: str | None) -> str:
    """``text`` as one line of Markdown that renders as the text itself: markup, inline
    HTML and link syntax are escaped, so it can neither format nor link."""
    return _MD_SPECIAL.sub(r"\\\1", one_line(text))


def md_block(text: str | None) -> str:
    """:func:`md_text` for the start of a line: it cannot open a heading, quote or list."""
    text = md_text(text)
    match = _MD_BLOCK_START.match(text)
    if match is None:
        return text
    if match[1].isdigit():  # "1." opens a list; "1\." does not
        return f"{match[1]}\\{text[match.end() :]}"
    return f"\\{text}"


def md_link(label: str | None, url: str | None) -> str:
    """A Markdown link to ``url`` when :func:`http_url` accepts it, else the label alone."""
    target = http_url(url)
    text = md_text(label) or md_text(url) or "link"
    return f"[{text}](<{target}>)" if target else text


_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029]")


def escape_json_controls(document: str) -> str:
    """A JSON document with DEL, C1 controls and line separators written as ``\\uXXXX``
    escapes: the same data, but nothing a terminal acts on when the file is shown.
    (JSON encoders already escape the C0 controls; these they leave raw.)"""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", document)
