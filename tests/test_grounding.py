"""Alignment and grounding rules (BRIEF.md §2) on real article text."""

from __future__ import annotations

import random

import pytest
from fakes.items import speaker_index

from summarizer.align import ArticleIndex
from summarizer.grounding import ground
from summarizer.grounding.model import place
from summarizer.schema import Extraction
from summarizer.text import fold_with_offsets, sentences

SEED = (
    "Poland expelled on Wednesday 45 Russian spies posing as diplomatsPolish Interior Minister "
    "Mariusz Kaminski announced on Wednesday.\n\nWe dismantle the network of Russian special "
    "services in our countryhe said on Twitter.\n\nIn total, NATO now has 40,000 troops "
    "directly under its leadership, in addition to the 100,000 US troops deployed in Europe."
)


def test_exact_normalised_and_fuzzy_matches_return_source_offsets() -> None:
    index = ArticleIndex(SEED)
    exact = index.find("We dismantle the network")
    assert exact and exact.status == "exact"
    assert SEED[exact.start : exact.end] == "We dismantle the network"

    folded = index.find("“we  DISMANTLE the network of russian special services”".strip("“”"))
    assert folded and folded.status == "normalized"
    assert SEED[folded.start : folded.end] == "We dismantle the network of Russian special services"

    fuzzy = index.find("We dismantle the netwrk of Russian secret services in our country")
    assert fuzzy and fuzzy.status == "fuzzy"
    # The quote ran into "he said" in the scraped text; the match stops at the word edit.
    assert SEED[fuzzy.start : fuzzy.end] == (
        "We dismantle the network of Russian special services in our country"
    )


def test_fuzzy_refuses_more_than_ten_percent_edits() -> None:
    index = ArticleIndex(SEED)
    assert index.find("We destroy all of the networks of Russian agents in our land") is None
    assert index.find("Short txt") is None


def test_folding_keeps_offsets_across_collapsed_whitespace() -> None:
    text = "A  \n\n  “Quoted  words”\tand—dashes"
    folded = fold_with_offsets(text)
    assert folded.text == 'a "quoted words" and-dashes'
    start = folded.text.index("quoted words")
    a, b = folded.to_source(start), folded.to_source_end(start + len("quoted words"))
    assert text[a:b] == "Quoted  words"


def test_sentences_respect_abbreviations_and_initials() -> None:
    text = "Mr. Lavrov met Dr. J. Smith in the U.S. capital. He left at 5 p.m. on Friday. Done!"
    got = [text[s.start : s.end] for s in sentences(text)]
    assert got == [
        "Mr. Lavrov met Dr. J. Smith in the U.S. capital.",
        "He left at 5 p.m. on Friday.",
        "Done!",
    ]


def test_figures_need_their_own_number_not_part_of_a_longer_one() -> None:
    index = ArticleIndex("In 1945 the town had 45 houses and 145 barns.")
    extraction = Extraction.model_validate(
        {
            "summary": "s",
            "numbers": [{"text": "45", "value": 45, "unit": "houses", "what": "houses"}],
        }
    )
    result = ground(extraction, index)
    (figure,) = result.figures
    assert place(figure) == (21, 23)


def test_figure_found_by_value_when_text_is_written_differently() -> None:
    index = ArticleIndex("NATO now has 40,000 troops in the east.")
    extraction = Extraction.model_validate(
        {
            "summary": "s",
            "numbers": [{"text": "40000", "value": 40000, "unit": "troops", "what": "troops"}],
        }
    )
    (figure,) = ground(extraction, index).figures
    assert figure.text == "40,000"


def test_figure_value_is_rescaled_by_its_scale_word_or_refused() -> None:
    index = ArticleIndex("The city budget is NZ$26 million this year.")
    scaled = Extraction.model_validate(
        {
            "summary": "s",
            "numbers": [{"text": "NZ$26 million", "value": 26, "unit": "NZD", "what": "budget"}],
        }
    )
    (figure,) = ground(scaled, index).figures
    assert (figure.value, place(figure)) == (26_000_000, (19, 32))
    wrong = scaled.model_copy(
        update={"numbers": [scaled.numbers[0].model_copy(update={"value": 12})]}
    )
    result = ground(wrong, index)
    assert result.figures == []
    assert result.problems[0].for_model() == (
        "numbers[0] (text 'NZ$26 million', value 12): the article gives 26000000, not 12; "
        "give the value the text states, scaled ('2.5 million' is 2500000, '58%' is 58)"
    )


def test_unlisted_speaker_loses_the_quote_speaker_and_unsupported_claim_is_dropped() -> None:
    index = ArticleIndex(SEED)
    extraction = Extraction.model_validate(
        {
            "summary": "s",
            "actors": [{"name": "Mariusz Kaminski", "kind": "person", "aliases": ["Kaminski"]}],
            "quotes": [{"text": "We dismantle the network", "speaker": "Jens Stoltenberg"}],
            "claims": [
                {
                    "text": "Poland expelled 45 Russian spies posing as diplomats.",
                    "source": "Kaminski",
                },
                {
                    "text": "Bananas are rich in potassium and grow in tropical climates.",
                    "source": None,
                },
            ],
        }
    )
    result = ground(extraction, index)
    reasons = [(p.outcome, p.reason) for p in result.problems]
    assert reasons == [
        ("unattributed", "the article does not say that Jens Stoltenberg said it"),
        ("dropped", "no sentence of the article supports it"),
    ]
    assert [speaker_index(c.source) for c in result.claims] == [0]
    assert [(q.text, speaker_index(q.speaker), q.speaker_name) for q in result.quotes] == [
        ("We dismantle the network", None, None)
    ]


def test_actor_not_in_article_is_rejected_and_aliases_are_checked() -> None:
    index = ArticleIndex(SEED)
    extraction = Extraction.model_validate(
        {
            "summary": "s",
            "actors": [
                {"name": "Mariusz Kaminski", "kind": "person", "aliases": ["Kaminski", "Mr. K"]},
                {"name": "Angela Merkel", "kind": "person"},
            ],
        }
    )
    result = ground(extraction, index)
    assert [a.name for a in result.actors] == ["Mariusz Kaminski"]
    assert tuple(result.actors[0].aliases) == ("Kaminski",)
    assert result.problems[0].for_model() == (
        "actors[1] ('Angela Merkel'): the article does not name it; "
        "list only actors the article names, with the name it uses"
    )


def test_quote_with_ellipsis_becomes_one_quote_per_passage() -> None:
    text = (
        'She said: "We came here to work. It was hard. We stayed anyway because of the children."'
    )
    index = ArticleIndex(text)
    extraction = Extraction.model_validate(
        {
            "summary": "s",
            "actors": [],
            "quotes": [{"text": "We came here to work … We stayed anyway", "speaker": None}],
        }
    )
    result = ground(extraction, index)
    assert [(text[slice(*place(q))], place(q)) for q in result.quotes] == [
        ("We came here to work", (11, 31)),
        ("We stayed anyway", (46, 62)),
    ]


@pytest.mark.parametrize("size", [100_000])
def test_fuzzy_alignment_on_long_text_finds_the_right_place(size: int) -> None:
    rng = random.Random(7)
    vocabulary = "the of minister said troops border talks city council report people".split()
    filler = " ".join(rng.choice(vocabulary) for _ in range(size // 6))
    target = "The negotiations collapsed after the delegation walked out of the conference hall"
    text = filler[: size // 2] + " " + target + ". " + filler[size // 2 :]
    index = ArticleIndex(text)
    match = index.find(
        "The negotiations colapsed after the delegation walked out of the conference hal"
    )
    assert match is not None and match.status == "fuzzy"
    assert text[match.start : match.end] == target
