"""Articles: what the pipeline accepts, input checks and normalisation.

An article comes as text, as a file of text or HTML, or as a web page (fetched by
:mod:`summarizer.web`). HTML, told by a ``.html``/``.htm`` name or by content that
opens like a web page, is reduced to the page's main text, title and date with
``trafilatura``, the extraction ``daily`` uses for its pages.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import InputError, SourceError, UsageError
from .files import read_bounded
from .safe_text import one_line, strip_controls
from .text import STOPWORDS, words

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_BLOCK = 65536
# Longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
# A page opens with markup: a doctype, an XML declaration or comment, or one of these tags.
_HTML_START = re.compile(
    rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|article|main"
    rb"|meta|title|div|p|section|header|h[1-6])\b",
    re.IGNORECASE | re.DOTALL,
)
# An RSS, Atom or RDF feed: its content type, or its root element after the prologue.
_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
_FEED_START = re.compile(rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.S)
# Fewer words than this is a navigation, paywall or error page, not an article.
MIN_ARTICLE_WORDS = 25
# A string that is a location rather than text: a URL, or one line naming a file.
_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
_PATH_TOKEN = re.compile(
    r"^(?:~|\.{1,2})?[\\/]?(?:[^\s\\/]+[\\/])*[^\s\\/]*\.(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{1,5}$"
)
_PATH_SEPARATED = re.compile(r"^(?:~|\.{1,2})?[\\/]\S*$|^\S+[\\/]\S*$")
_ARTICLE_FILE = re.compile(
    r"^[^\n]{1,255}\.(?:txt|md|markdown|html?|xhtml|json|xml|rss|atom)$", re.IGNORECASE
)
_LANGUAGE_HINTS = {
    "fr": set("le la les des est une dans pour que qui pas sur avec sont mais nous vous".split()),
    "de": set("der die das und ist nicht ein eine mit auf für von dem den sich auch".split()),
    "es": set("el la los las que del por una con para como pero sus más este esta".split()),
    "it": set("il di che non per una sono della gli nel con anche come questo".split()),
    "pt": set("os as que não uma com para por mais dos das como mas foi pelo".split()),
    "nl": set("de het een van en niet dat zijn op met voor ook aan maar".split()),
}


@dataclass(frozen=True)
class Article:
    """An article to summarise: its text and what is known about it."""

    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None

    @property
    def id(self) -> str:
        """sha256 of the normalised text: the same text always has the same id."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def word_count(self) -> int:
        return len(words(self.text))


def normalise_text(text: str) -> str:
    """Input normalisation: no byte-order mark, ``\\n`` line ends. Offsets index this text."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_bytes(data: bytes, origin: str) -> str:
    """Text from ``data``: UTF-8, or UTF-16/UTF-32 when a byte-order mark says so; an
    InputError that says what is wrong otherwise."""
    codec = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if codec is None and b"\x00" in data:
        raise InputError(f"{origin} looks like binary data, not text")
    try:
        return data.decode(codec or "utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{origin} is not valid {(codec or 'utf-8').upper()} (bad byte at position "
            f"{exc.start}); convert it to UTF-8 first"
        ) from None


def looks_binary(text: str) -> bool:
    """True when ``text`` holds a NUL, or control characters beyond 1% of any 64 KiB of it."""
    if "\x00" in text:
        return True
    for start in range(0, len(text), _BLOCK):
        block = len(text[start : start + _BLOCK])
        if len(_CONTROL.findall(text, start, start + _BLOCK)) > 0.01 * block + 2:
            return True
    return False


def check_text(text: str, origin: str, max_chars: int) -> str:
    """Normalise ``text`` and refuse what cannot be summarised; escape sequences and
    stray control characters are removed (offsets index the result)."""
    text = normalise_text(text)
    if not text.strip():
        raise InputError(f"{origin} is empty")
    if len(text) > max_chars:
        raise InputError(
            f"{origin} has {len(text):,} characters, over the limit of {max_chars:,} "
            "(raise max_article_chars to allow it)"
        )
    if looks_binary(text):
        raise InputError(f"{origin} looks like binary data, not text")
    text = strip_controls(text)
    if not text.strip():
        raise InputError(f"{origin} is empty")
    return text


def max_bytes(max_chars: int) -> int:
    """The most bytes a text of ``max_chars`` characters can take (UTF-32 with its BOM)."""
    return 4 * max_chars + 4


def location_kind(source: str) -> str | None:
    """``"URL"`` or ``"file name"`` when the string ``source`` names a place rather than
    being article text; None for text.

    A URL is one ``http(s)://`` token. A file name is one line that is a single token
    with an extension (``artcle.txt``) or a path separator (``./a``, ``/x/y.md``,
    ``C:\\news\\a.txt``), or a line ending in an article file's extension
    (``my article.txt``). Whether such a file exists does not matter.
    """
    candidate = source.strip()
    if not candidate or "\n" in candidate:
        return None
    if _URL.match(candidate):
        return "URL"
    if _PATH_TOKEN.match(candidate) or _PATH_SEPARATED.match(candidate):
        return "file name"
    if _ARTICLE_FILE.match(candidate):
        return "file name"
    return None


def _refuse_location(source: str) -> None:
    """Raise when the text ``source`` is a URL or a file name (see :func:`location_kind`).

    Raises:
        UsageError: saying which keyword to use instead.
    """
    kind = location_kind(source)
    if kind is None:
        return
    shown = one_line(source.strip())[:200]
    if kind == "URL":
        what, hint = "a URL", f"summarize(url={shown!r})"
    else:
        missing = "" if _exists(shown) else ", and there is no such file"
        what = f"a file name{missing}"
        hint = f"summarize(path={shown!r}) or summarize(Path({shown!r}))"
    raise UsageError(
        f"{shown!r} is {what}, not article text: use {hint}, or text=... to summarise "
        "the string itself"
    )


def _exists(name: str) -> bool:
    try:
        return Path(name).expanduser().exists()
    except (OSError, ValueError):
        return False


def _guess_title(text: str) -> str | None:
    first = text.strip().split("\n", 1)
    line = first[0].strip()
    if len(first) > 1 and 0 < len(line) <= 200 and not line.endswith((".", ":", "?", "!")):
        return line
    return None


def load_article(source: str | Path | Article, max_chars: int = 2_000_000) -> Article:
    """An :class:`Article` from text, a path, or an Article; checked and normalised.

    A ``str`` is always article text. A string that is only a URL or a file name
    (``"artcle.txt"``, ``"./a.txt"``, ``"/x/y.md"``, see :func:`location_kind`) is
    refused rather than summarised as two words: pass a :class:`~pathlib.Path` to
    read a file (text or HTML, see :func:`article_from_file`), or wrap the string in an
    :class:`Article` to summarise it as it is.

    Raises:
        UsageError: ``source`` is a string that names a file or a URL.
        InputError: missing file, empty or binary content, undecodable bytes, too large,
            a page without article text.
    """
    if isinstance(source, Article):
        text = check_text(source.text, "the article", max_chars)
        article = replace(source, text=text)
    elif isinstance(source, Path):
        article = article_from_file(source, max_chars)
    elif isinstance(source, str):
        _refuse_location(source)
        article = Article(text=check_text(source, "the article", max_chars))
    else:
        raise UsageError(
            f"cannot summarise a {type(source).__name__}; pass text, a Path or an Article"
        )
    if article.title is None:
        article = replace(article, title=_guess_title(article.text))
    return replace(
        article,
        title=one_line(article.title) or None,
        url=one_line(article.url) or None,
        published=one_line(article.published) or None,
    )


def looks_like_html(data: bytes) -> bool:
    """True when ``data`` opens like a web page: a doctype or an HTML tag first (after an
    optional byte-order mark, XML declaration and comments)."""
    return _HTML_START.match(data[:4096].removeprefix(b"\xef\xbb\xbf")) is not None


def looks_like_feed(body: bytes, content_type: str = "") -> bool:
    """True when ``body`` is an RSS, Atom or RDF feed rather than a web page."""
    if content_type.split(";")[0].strip().lower() in _FEED_TYPES:
        return True
    return _FEED_START.match(body[:4096].removeprefix(b"\xef\xbb\xbf")) is not None


def article_from_file(path: Path, max_chars: int) -> Article:
    """The article in the regular file at ``path``: its text, or for an HTML page (a
    ``.html``/``.htm`` name or content that opens like one) the page's main text,
    title and date.

    Raises:
        InputError: missing, not a regular file, too large, binary, undecodable or empty;
            (:class:`SourceError`) an HTML page without article text.
    """
    data = read_bounded(path, max_bytes(max_chars))
    origin = str(path)
    if path.suffix.lower() in HTML_SUFFIXES or looks_like_html(data):
        return article_from_html(data, origin=origin, max_chars=max_chars)
    return Article(text=check_text(decode_bytes(data, origin), origin, max_chars))


def article_from_bytes(
    data: bytes, *, origin: str, max_chars: int, content_type: str = "", url: str | None = None
) -> Article:
    """The article in ``data`` read from standard input or a web server: an HTML page
    when ``content_type`` says so or the bytes open like one, else text.

    Raises:
        InputError: binary, undecodable, empty or too large;
            (:class:`SourceError`) a page without article text.
    """
    media = content_type.split(";")[0].strip().lower()
    if media in ("text/html", "application/xhtml+xml") or looks_like_html(data):
        return article_from_html(data, origin=origin, max_chars=max_chars, url=url)
    if media and not media.startswith("text/"):
        raise SourceError("extract", f"{origin} is {media}, not an article page or text")
    return Article(text=check_text(decode_bytes(data, origin), origin, max_chars), url=url)


def article_from_html(
    html: bytes,
    *,
    origin: str,
    max_chars: int,
    url: str | None = None,
    title: str | None = None,
    published: str | None = None,
) -> Article:
    """The article in a web page: its main text, title and date (``title``/``published``
    given by a feed take precedence).

    Raises:
        SourceError: the page holds no article text.
    """
    import trafilatura  # heavy: imported when a page is first read

    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False
    )
    text = getattr(document, "text", None) or ""
    if len(words(text)) < MIN_ARTICLE_WORDS:
        raise SourceError("extract", "no article text found on the page")
    try:
        checked = check_text(text, origin, max_chars)
    except InputError as exc:
        raise SourceError("extract", str(exc)) from None
    return Article(
        text=checked,
        title=title or getattr(document, "title", None),
        url=url,
        published=published or getattr(document, "date", None),
    )


def read_article_file(path: Path, max_chars: int) -> str:
    """The checked text of the regular file at ``path``, read with a byte cap.

    Raises:
        InputError: missing, not a regular file, too large, binary, undecodable or empty.
    """
    data = read_bounded(path, max_bytes(max_chars))
    return check_text(decode_bytes(data, str(path)), str(path), max_chars)


def detect_language(text: str) -> str | None:
    """A two-letter language guess from function words; None when unsure."""
    sample = words(text[:20000])
    if len(sample) < 8:
        return None
    counts: dict[str, int] = {}
    for word in sample:
        counts[word] = counts.get(word, 0) + 1
    english = sum(n for w, n in counts.items() if w in STOPWORDS) / len(sample)
    scores = {
        lang: sum(n for w, n in counts.items() if w in hints) / len(sample)
        for lang, hints in _LANGUAGE_HINTS.items()
    }
    best = max(scores, key=lambda k: scores[k])
    if english >= 0.2 and english >= scores[best]:
        return "en"
    if scores[best] >= 0.12:
        return best
    if re.search(r"[\u4e00-\u9fff]", text[:2000]):
        return "zh"
    return None
