"""The Python API: one unambiguous way to give an article, the Brief's look-ups, the
renderers, docstrings and exports."""

from __future__ import annotations

import datetime as dt
import importlib.resources
from pathlib import Path

import pytest
from fakes import ARTICLES
from fakes.hostile import article_page, hostile_site
from fakes.news import ARTICLES as DAILY_ARTICLES

import summarizer
from summarizer import (
    Actor,
    Article,
    ArticleRef,
    Brief,
    Claim,
    Figure,
    Provenance,
    Quote,
    SourceError,
    Span,
    Usage,
    UsageError,
    Verification,
    brief_to_html,
    brief_to_markdown,
    load_settings,
    read_article,
    summarize,
)
from summarizer.article import location_kind, looks_like_html

EXTRACTIVE = load_settings(provider="extractive")


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ("artcle.txt", "file name"),
        ("./a.txt", "file name"),
        ("/x/y.md", "file name"),
        ("~/news/today", "file name"),
        ("C:\\news\\a.txt", "file name"),
        ("my saved article.html", "file name"),
        ("report.pdf", "file name"),
        ("  artcle.txt\n", "file name"),
        ("https://example.org/a", "URL"),
        ("HTTP://example.org", "URL"),
        ("Ukraine", None),
        ("3.14", None),
        ("U.S.", None),
        ("v2.0", None),
        ("The minister said 3.5 percent of voters agreed.", None),
        ("Read artcle.txt\nfor the details.", None),
        ("see https://example.org for more", None),
        ("", None),
    ],
)
def test_which_strings_name_a_place_rather_than_being_text(source: str, kind: str | None) -> None:
    assert location_kind(source) == kind


def test_a_string_naming_a_file_is_refused_not_summarised(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as missing:
        summarize("artcle.txt", config=EXTRACTIVE)
    assert str(missing.value) == (
        "'artcle.txt' is a file name, and there is no such file, not article text: use "
        "summarize(path='artcle.txt') or summarize(Path('artcle.txt')), or text=... to "
        "summarise the string itself"
    )
    existing = tmp_path / "a.txt"
    existing.write_text(ARTICLES.joinpath("asylum.txt").read_text("utf-8"), "utf-8")
    with pytest.raises(UsageError, match="is a file name, not article text"):
        summarize(str(existing), config=EXTRACTIVE)  # not read either: no guessing
    with pytest.raises(UsageError, match=r"use summarize\(url='https://example.org/a'\)"):
        summarize("https://example.org/a", config=EXTRACTIVE)


def test_the_four_ways_to_give_an_article_agree(tmp_path: Path) -> None:
    path = ARTICLES / "asylum.txt"
    text = path.read_text(encoding="utf-8")
    briefs = [
        summarize(text, config=EXTRACTIVE),
        summarize(text=text, config=EXTRACTIVE),
        summarize(path=str(path), config=EXTRACTIVE),
        summarize(path, config=EXTRACTIVE),
        summarize(Article(text), config=EXTRACTIVE),
    ]
    assert len({b.article.id for b in briefs}) == 1
    assert len({b.model_dump_json(exclude={"provenance"}) for b in briefs}) == 1
    assert summarize(text="artcle.txt", config=EXTRACTIVE).article.word_count == 2


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"text": "a", "path": "b"}, {"article": "x y z", "url": "https://example.org"}],
)
def test_not_exactly_one_article_is_a_usage_error(kwargs: dict[str, str]) -> None:
    with pytest.raises(UsageError, match="give exactly one of"):
        summarize(config=EXTRACTIVE, **kwargs)  # type: ignore[arg-type]


def test_an_object_that_is_no_article_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="cannot summarise a bytes"):
        summarize(b"bytes", config=EXTRACTIVE)  # type: ignore[arg-type]


def test_a_url_and_an_html_file_give_the_page_text_the_offsets_index(tmp_path: Path) -> None:
    config = load_settings(provider="extractive", allow_hosts=["127.0.0.1"])
    with hostile_site({"/flood": article_page("flood")}) as site:
        brief = summarize(url=f"{site.url}/flood", config=config)
        article = read_article(url=f"{site.url}/flood", config=config)
        with pytest.raises(SourceError, match="refused: 127.0.0.1 is a loopback"):
            read_article(url=f"{site.url}/flood", config=EXTRACTIVE)
    assert (brief.article.id, brief.article.url) == (article.id, f"{site.url}/flood")
    for quote in brief.quotes:
        assert brief.evidence(quote, article.text) == [quote.text]
    html = tmp_path / "page.html"
    html.write_text(article_page("flood").body, encoding="utf-8")
    assert read_article(path=html).text == article.text


@pytest.mark.parametrize(
    ("data", "html"),
    [
        (b"<!DOCTYPE html><html>", True),
        (b"\xef\xbb\xbf  <html lang='en'>", True),
        (b"<?xml version='1.0'?>\n<!-- x --><html>", True),
        (b"<p>One paragraph</p>", True),
        (b"<article><h1>T</h1>", True),
        (b"<3 this story", False),
        (b"Tags like <p> are markup.", False),
        (b"<rss version='2.0'>", False),
        (b"", False),
    ],
)
def test_which_contents_are_web_pages(data: bytes, html: bool) -> None:
    assert looks_like_html(data) is html


TEXT = 'Mayor Helen Carter said: "We will rebuild." The flood displaced 3,000 people.\n'


def handmade_brief() -> Brief:
    """A brief of TEXT written by hand, offsets counted in TEXT."""
    quote = TEXT.index("We will rebuild.")
    figure = TEXT.index("3,000")
    second = TEXT.index("The flood")
    return Brief(
        article=ArticleRef(
            id=Article(TEXT).id, title="Flood", url="javascript:alert(1)", word_count=12
        ),
        summary="<script>alert('x')</script> The town will rebuild.",
        actors=[Actor(id="a1", name="Helen Carter", kind="person", role="Mayor")],
        quotes=[
            Quote(
                id="q1",
                text="We will rebuild.",
                speaker="a1",
                speaker_name="Helen Carter",
                spans=[Span(start=quote, end=quote + 16)],
                grounding="exact",
            )
        ],
        numbers=[
            Figure(
                id="n1",
                value=3000,
                unit="people",
                what="people displaced",
                text="3,000",
                spans=[Span(start=figure, end=figure + 5)],
            )
        ],
        claims=[
            Claim(
                id="c1",
                text="The flood displaced 3,000 people.",
                evidence=[Span(start=second, end=len(TEXT) - 1)],
                figures=["n1"],
            ),
            Claim(
                id="c2",
                text="Carter says the town will rebuild.",
                source="a1",
                evidence=[Span(start=0, end=second - 1), Span(start=second, end=len(TEXT) - 1)],
            ),
        ],
        provenance=Provenance(
            provider="hand",
            model="hand",
            prompt_id="none",
            prompt_sha256="0" * 64,
            created_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC),
        ),
    )


def test_brief_look_ups() -> None:
    brief = handmade_brief()
    carter = brief.actor("a1")
    assert carter.name == "Helen Carter"
    assert brief.speaker(brief.quotes[0]) is carter
    assert brief.source(brief.claims[0]) is None and brief.source(brief.claims[1]) is carter
    assert brief.figure("n1").value == 3000
    with pytest.raises(KeyError, match="no actor with id 'a9'"):
        brief.actor("a9")
    with pytest.raises(KeyError, match="no figure with id 'n9'"):
        brief.figure("n9")
    unattributed = brief.quotes[0].model_copy(update={"speaker": None})
    assert brief.speaker(unattributed) is None


def test_brief_evidence_is_the_article_text_of_each_span() -> None:
    brief = handmade_brief()
    assert brief.evidence(brief.quotes[0], TEXT) == ["We will rebuild."]
    assert brief.evidence(brief.numbers[0], TEXT) == ["3,000"]
    assert brief.evidence(brief.claims[0], TEXT) == ["The flood displaced 3,000 people."]
    assert brief.evidence(brief.claims[1], TEXT) == [
        'Mayor Helen Carter said: "We will rebuild."',
        "The flood displaced 3,000 people.",
    ]
    assert brief.evidence(Span(start=6, end=18), TEXT) == ["Helen Carter"]
    # The file as read, with a byte-order mark and Windows line ends, is the same article.
    raw = "\ufeff" + TEXT.replace("\n", "\r\n")
    assert brief.evidence(brief.quotes[0], raw) == ["We will rebuild."]
    with pytest.raises(ValueError, match="not the text the brief was made from"):
        brief.evidence(brief.quotes[0], TEXT.replace("3,000", "4,000"))


def test_html_page_of_a_brief_escapes_everything_and_links_only_http() -> None:
    brief = handmade_brief()
    page = brief_to_html(brief, TEXT)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "javascript:" not in page.replace("javascript:alert(1) ·", "")
    assert 'href="javascript' not in page
    assert "<a id='at-q1'></a><span class='claim quote'>We will rebuild.</span>" in page
    assert "<a id='at-n1'></a><span class='claim figure'>3,000</span>" in page
    assert page.count('href="#at-c2-') == 2  # one link per evidence sentence
    bare = brief_to_html(brief)
    assert "The article's text was not given" in bare and 'class="article"' not in bare
    with pytest.raises(ValueError):
        brief_to_html(brief, "another text")


def test_markdown_page_of_a_brief() -> None:
    md = brief_to_markdown(handmade_brief())
    assert md.startswith("# Flood\n") and "> “We will rebuild.”" in md
    assert "javascript" in md and "](<javascript" not in md  # shown, never linked


@pytest.mark.parametrize(
    "model",
    [Actor, ArticleRef, Brief, Claim, Figure, Provenance, Quote, Span, Usage, Verification],
)
def test_every_public_model_has_a_docstring(model: type) -> None:
    doc = model.__dict__.get("__doc__") or ""
    assert len(doc.split()) >= 8, model.__name__


def test_the_package_exports_its_api_and_says_it_is_typed() -> None:
    for name in summarizer.__all__:
        assert getattr(summarizer, name) is not None, name
    assert {"brief_to_html", "brief_to_markdown", "read_article", "summarize"} <= set(
        summarizer.__all__
    )
    assert importlib.resources.files("summarizer").joinpath("py.typed").is_file()


def test_a_daily_fake_article_reads_the_same_from_text_and_from_a_page() -> None:
    text = DAILY_ARTICLES["budget"]
    assert summarize(text=text, config=EXTRACTIVE).article.title == text.splitlines()[0]
