"""Articles: what the pipeline accepts, input checks and normalisation."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import InputError
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


def _names_file(source: str) -> bool:
    if "\n" in source or len(source) > 1024 or not source.strip():
        return False
    try:
        return Path(source).is_file()
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

    A ``str`` is article text, unless it is a single line naming an existing
    file, which is then read like a :class:`~pathlib.Path`.

    Raises:
        InputError: missing file, empty or binary content, undecodable bytes, too large.
    """
    if isinstance(source, Article):
        text = check_text(source.text, "the article", max_chars)
        article = replace(source, text=text)
    elif isinstance(source, Path):
        article = Article(text=read_article_file(source, max_chars))
    elif isinstance(source, str) and _names_file(source):
        article = Article(text=read_article_file(Path(source), max_chars))
    elif isinstance(source, str):
        article = Article(text=check_text(source, "the article", max_chars))
    else:
        raise InputError(
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
