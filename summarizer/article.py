"""Articles: what the pipeline accepts, input checks and normalisation."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import InputError
from .text import STOPWORDS, words

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\r]")
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
    """UTF-8 text from ``data``, or an InputError that says what is wrong with it."""
    if b"\x00" in data[:65536]:
        raise InputError(f"{origin} looks like binary data, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{origin} is not valid UTF-8 (bad byte at position {exc.start}); "
            "convert it to UTF-8 first"
        ) from None


def check_text(text: str, origin: str, max_chars: int) -> str:
    """Normalise ``text`` and refuse what cannot be summarised."""
    text = normalise_text(text)
    if not text.strip():
        raise InputError(f"{origin} is empty")
    if len(text) > max_chars:
        raise InputError(
            f"{origin} has {len(text):,} characters, over the limit of {max_chars:,} "
            "(raise max_article_chars to allow it)"
        )
    controls = len(_CONTROL.findall(text, 0, 65536))
    if controls > 0.01 * min(len(text), 65536) + 2:
        raise InputError(f"{origin} looks like binary data, not text")
    return text


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
    return article


def read_article_file(path: Path, max_chars: int) -> str:
    """The checked text of the file at ``path``."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(f"no such file: {path}") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    if path.is_dir():
        raise InputError(f"{path} is a directory, not an article file")
    if size > 4 * max_chars + 4:
        raise InputError(
            f"{path} is {size:,} bytes, over the limit of {max_chars:,} characters "
            "(raise max_article_chars to allow it)"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
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
