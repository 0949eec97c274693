"""The extractive engine, part by part, on real sentences from the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import REPO
from typer.testing import CliRunner

from summarizer import Article, InputError, load_settings, summarize
from summarizer.cli import app
from summarizer.extractive import extract

SEED = REPO / "evals" / "cases" / "seed-nato-war-crimes" / "article.txt"


def quotes_of(text: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in extract(text).quotes]


def figures_of(text: str) -> list[tuple[str, float, str, str]]:
    return [(f.text, f.value, f.unit, f.qualifier) for f in extract(text).numbers]


def brief(text: str | Path | Article):
    return summarize(text, config=load_settings(provider="extractive"))


# ------------------------------------------------------------------ quotes


def test_every_quote_of_the_seed_article_with_its_speaker() -> None:
    result = brief(SEED)
    text = SEED.read_text(encoding="utf-8")
    got = [(q.text[:40], q.speaker_name) for q in result.quotes]
    assert got == [
        ("Today, I can report that, based on infor", "Antony Blinken"),
        ("We have seen numerous credible reports o", "Antony Blinken"),
        ("The US side has been given firm notice t", "Russian Foreign Ministry"),
        ("For its part, Poland expelled on Wednesd", "Mariusz Kaminski"),
        ("We dismantle the network of Russian spec", "Mariusz Kaminski"),
        ("The espionage charges are unfounded", "Anatoly Antonov"),
        ("We are determined to do everything we ca", "Jens Stoltenberg"),
        ("But NATO is not a party to the conflict ", "Jens Stoltenberg"),
        ("We have an internal security doctrine; t", "Dmitry Peskov"),
        ("There will also be a question of adjustm", "Jake Sullivan"),
        ("Russia is an important member country (o", "Wang Wenbin"),
        ("It\u2019s hard to get rid of the feeling that", "Sergei Lavrov"),
        ("All this is not about Ukraine, but about", "Sergei Lavrov"),
    ]
    for q in result.quotes:
        assert text[q.spans[0].start : q.spans[0].end] == q.text
    assert result.quotes[1].text.endswith("as well as other atrocities")
    assert result.quotes[4].text.endswith("in our country")
    assert result.warnings == []


@pytest.mark.parametrize(
    ("sentence", "quote", "speaker"),
    [
        (
            'Jeff Rathke, the State Department Spokesperson, said, "We urge the governments of the '
            'region to work together quickly".',
            "We urge the governments of the region to work together quickly",
            "Jeff Rathke",
        ),
        (
            "\u201cThe future is only peace,\u201d said Shimon Peres.",
            "The future is only peace,",
            "Shimon Peres",
        ),
        (
            "Le ministre Jean Dupont a d\u00e9clar\u00e9 : \u00abNous ne c\u00e9derons pas.\u00bb, "
            "said Jean Dupont.",
            "Nous ne c\u00e9derons pas.",
            "Jean Dupont",
        ),
        (
            "Angela Weber said: \u201eWir schaffen das nicht allein.\u201c",
            "Wir schaffen das nicht allein.",
            "Angela Weber",
        ),
        (
            "\u2018We were playing against a highly-skilled team,\u2019 Nabil Maaloul told "
            "reporters.",
            "We were playing against a highly-skilled team,",
            "Nabil Maaloul",
        ),
    ],
)
def test_quotation_marks_of_every_kind(sentence: str, quote: str, speaker: str) -> None:
    assert quotes_of(sentence) == [(quote, speaker)]


def test_nested_quotes_stay_inside_the_outer_quote() -> None:
    text = (
        'Mark Rathbun wrote, "He plied the detective with a theory, characterizing me as the '
        "'anti-christ' of the church.\""
    )
    assert quotes_of(text) == [
        (
            "He plied the detective with a theory, characterizing me as the 'anti-christ' of the "
            "church.",
            "Mark Rathbun",
        )
    ]


def test_quote_attributed_after_a_dash_and_continued_by_the_same_speaker() -> None:
    text = (
        "\"So far, it's the Internet: 1, Scientology: 0. But it's a long game.\" "
        "- Matthew Ingram\n\n"
        '"We want to thank all of the locations," said Charles Bolden to the crowd. "This was a '
        'very difficult decision."'
    )
    assert quotes_of(text) == [
        ("So far, it's the Internet: 1, Scientology: 0. But it's a long game.", "Matthew Ingram"),
        ("We want to thank all of the locations,", "Charles Bolden"),
        ("This was a very difficult decision.", "Charles Bolden"),
    ]


def test_pull_quote_followed_by_the_speakers_name() -> None:
    text = (
        "Valeska Paris said she was held on a ship for years.\n\n"
        "I was told I could not leave until I was no longer suppressive. Valeska Paris\n\n"
        "The church denied her account."
    )
    assert quotes_of(text) == [
        ("I was told I could not leave until I was no longer suppressive.", "Valeska Paris")
    ]


def test_interview_turns_are_quotes_of_the_interviewee_not_the_interviewer() -> None:
    text = (
        "Wikinews interviews a magician\n\n"
        "Wikinews: For how long have you been involved in magic?\n\n"
        "WilliamEvans: Over 50 years. I am 61 now so I really started when I was about 10.\n\n"
        "Wikinews: Do you travel much?\n\n"
        "WilliamEvans: Yes, I am traveling quite a bit.\n\n"
        "I am going to Las Vegas next month.\n\n"
        "Wikinews: Thank you.\n"
    )
    assert quotes_of(text) == [
        ("Over 50 years. I am 61 now so I really started when I was about 10.", "WilliamEvans"),
        ("Yes, I am traveling quite a bit.", "WilliamEvans"),
        ("I am going to Las Vegas next month.", "WilliamEvans"),
    ]


def test_scare_quotes_without_a_speaker_and_titles_are_not_quotes() -> None:
    text = (
        'To "route out" in Scientology jargon refers to exit interviews. He read the book '
        '"Blown for Good" last year.'
    )
    assert quotes_of(text) == []


# ----------------------------------------------------------------- speakers


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            'Kremlin spokesman Dmitry Peskov said: "Moscow will only use nuclear weapons if there '
            'is an existential threat."',
            "Dmitry Peskov",
        ),
        (
            'Mariusz Kaminski spoke first. "We dismantle the network of Russian special services," '
            "he added.",
            "Mariusz Kaminski",
        ),
        (
            '"The espionage charges are unfounded and absurd," said KCNA, the state news agency.',
            "KCNA",
        ),
        (
            'According to Reuters, "the Americans are trying to convince Turkey to send its '
            'systems."',
            "Reuters",
        ),
        (
            'Prime Minister Rishi Sunak defended the record whilst promising action: "The Home '
            'Secretary and I are working intensely on this."',
            "Rishi Sunak",
        ),
    ],
)
def test_speaker_patterns(text: str, speaker: str) -> None:
    assert [s for _, s in quotes_of(text)] == [speaker]


def test_organisation_named_by_its_head_word_speaks() -> None:
    text = (
        "The Greek Orthodox Church is extremely critical of the worshippers. "
        '"Worship of the old gods is a step backwards," the Church said.\n\n'
        '"We have never held anyone against their will," the Church denied.'
    )
    assert [s for _, s in quotes_of(text)] == ["Greek Orthodox Church"] * 2


def test_unnamed_speaker_keeps_its_description() -> None:
    result = brief('"The lights stayed off all night," a police spokesman said on Monday.')
    (quote,) = result.quotes
    assert quote.speaker is None and quote.speaker_name == "a police spokesman"


# ------------------------------------------------------------------ actors


def test_titles_roles_aliases_and_acronyms() -> None:
    text = (
        "Polish Interior Minister Mariusz Kaminski announced the expulsions on Wednesday. "
        "Kaminski said the network was dismantled.\n\n"
        "The Korean Central News Agency (KCNA) reported the launch. KCNA said it was a success.\n\n"
        "Russian Foreign Minister Sergei Lavrov met the press. Mr. Lavrov said little."
    )
    actors = {a.name: a for a in extract(text).actors}
    kaminski = actors["Mariusz Kaminski"]
    assert (kaminski.kind, kaminski.role) == ("person", "Polish Interior Minister")
    assert "Kaminski" in kaminski.aliases
    assert actors["Korean Central News Agency"].aliases == ["KCNA"]
    assert actors["Korean Central News Agency"].kind == "organization"
    lavrov = actors["Sergei Lavrov"]
    assert lavrov.role == "Russian Foreign Minister" and "Lavrov" in lavrov.aliases


def test_countries_count_when_they_act_and_capitals_stand_for_them() -> None:
    text = (
        "Poland expelled 45 Russian spies. Moscow will expel US diplomats in retaliation. "
        "Lithuania, Latvia and Estonia have declared 10 diplomats persona non grata. "
        "The summit was held in Brussels, near France."
    )
    actors = {a.name: a for a in extract(text).actors}
    assert {"Poland", "Lithuania", "Latvia", "Estonia"} <= set(actors)
    assert actors["Moscow"].kind == "country"
    assert "France" not in actors and "Brussels" not in actors


# ------------------------------------------------------------------ figures


def test_figures_with_units_qualifiers_and_scale() -> None:
    text = (
        "In total, NATO now has 40,000 troops, in addition to the 100,000 US troops deployed in "
        "Europe. The city spent NZ$26 million and \u20ac1.5bn on roads. Turnout was 58% and "
        "forty-five people were hurt. At least 107 people died, about a quarter of the voters "
        "stayed home and more than a dozen schools closed. The fund paid 300 euros each."
    )
    assert figures_of(text) == [
        ("40,000", 40000, "troops", "exact"),
        ("100,000", 100000, "troops", "exact"),
        ("NZ$26 million", 26_000_000, "NZD", "exact"),
        ("\u20ac1.5bn", 1_500_000_000, "EUR", "exact"),
        ("58%", 58, "percent", "exact"),
        ("forty-five", 45, "people", "exact"),
        ("At least 107", 107, "people", "at least"),
        ("about a quarter", 25, "percent", "about"),
        ("more than a dozen", 12, "schools", "more than"),
        ("300", 300, "EUR", "exact"),
    ]


def test_dates_years_times_and_names_are_not_figures() -> None:
    text = (
        "On March 18, 2022 at 10:30 the G20 met in Bali; Russia wanted S-400 systems and "
        "Flight 370 was discussed. In 2014 Russia was suspended from the G8. It was the "
        "50,000th article of the 1990s."
    )
    assert figures_of(text) == []


def test_ages_and_ranges() -> None:
    text = (
        "Daniel Montalvo, 19, was arrested. I am 61 now. Students aged 8 to 10 years sat "
        "ten to 32 pages of questions twice."
    )
    assert figures_of(text) == [
        ("19", 19, "years", "exact"),
        ("61", 61, "years", "exact"),
        ("8", 8, "years", "exact"),
        ("10", 10, "years", "exact"),
        ("ten", 10, "pages", "exact"),
        ("32", 32, "pages", "exact"),
        ("twice", 2, "times", "exact"),
    ]


# ------------------------------------------------------------ claims, summary


def test_claims_and_summary_of_the_seed_article() -> None:
    result = brief(SEED)
    assert 5 <= len(result.claims) <= 12
    assert result.summary.startswith("Blinken, who is en route to Brussels")
    sources = {c.source for c in result.claims if c.source}
    names = {a.id: a.name for a in result.actors}
    assert {"Dmitry Peskov", "Jens Stoltenberg"} <= {names[s] for s in sources}
    for claim in result.claims:
        assert claim.evidence


# ------------------------------------------------------------------ input


def test_awkward_input_gives_a_valid_brief_or_a_clear_error() -> None:
    assert brief("?!. ,,, --- !!!").quotes == []
    foreign = brief(
        "El gobierno anunci\u00f3 hoy nuevas medidas econ\u00f3micas para las "
        "familias. \u00abNo vamos a subir los impuestos\u00bb, dijo la ministra "
        "Mar\u00eda L\u00f3pez."
    )
    assert foreign.article.language == "es"
    with pytest.raises(InputError, match="is empty"):
        brief("   \n  ")
    with pytest.raises(InputError, match="over the limit"):
        brief("word " * 1_000_000)


def test_main_job_runs_offline_with_no_key_and_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["summarize", str(SEED), "--format", "md"])
    assert result.exit_code == 0, result.output
    assert "using the built-in extractive engine" in result.stderr
    assert "OPENAI_API_KEY" in result.stderr
    assert "## Quotes" in result.stdout and "— Jens Stoltenberg" in result.stdout


def test_interview_summary_is_its_introduction_or_headline() -> None:
    intro = (
        "Wikinews interviews a bar owner\n\nThursday, March 15, 2012 Wikinews interviewed one "
        "of the owners of a New York City bar about a new cocktail.\n\n"
        "Wikinews: Why this drink?\n\nTomKerr: It sold out in a day, so we made more.\n\n"
        "Wikinews: Thanks?\n\nTomKerr: Any time at all, really.\n\nWikinews: And?\n\n"
        "TomKerr: That is all I can say today.\n"
    )
    assert extract(intro).summary == (
        "Wikinews interviewed one of the owners of a New York City bar about a new cocktail."
    )
    no_intro = intro.replace(intro[intro.index("Thursday") : intro.index("Wikinews: Why")], "")
    assert extract(no_intro).summary == "Wikinews interviews a bar owner"


def test_long_article_is_chunked_and_merged_with_offsets_into_the_whole() -> None:
    text = "\n\n".join(
        p.read_text(encoding="utf-8")
        for p in sorted((REPO / "evals" / "cases").glob("*/article.txt"))
    )
    result = summarize(text, config=load_settings(provider="extractive", max_input_chars=20_000))
    assert result.provenance.chunks > 5
    assert 5 <= len(result.claims) <= 12
    assert len({a.name for a in result.actors}) == len(result.actors)
    for quote in result.quotes:
        assert text[quote.spans[0].start : quote.spans[0].end] == quote.text
    for figure in result.numbers:
        assert text[figure.spans[0].start : figure.spans[0].end] == figure.text
    assert any(q.speaker_name == "Jens Stoltenberg" for q in result.quotes)


@pytest.mark.parametrize(
    ("sentence", "clean"),
    [
        ('"I am done," Mayor Jane Roe said.', '"I am done," Mayor Jane Roe said.'),
        ("\u201cI am done,\u201d she said.", "\u201cI am done,\u201d she said."),
        ("\u201cA quotation left open", "A quotation left open"),
        ("He said it.\u201d", "He said it."),
        ("\u00abNous partons,\u00bb dit-il.", "\u00abNous partons,\u00bb dit-il."),
        ("'A single mark", "A single mark"),
        ("Tuesday, March 3, 2015 The talks ended.", "The talks ended."),
        ("  Spaced\n text  ", "Spaced text"),
        ("\u201c\u201c \u201c", ""),
        ("\u201c' \u201cTwo stray marks and a third'", "Two stray marks and a third"),
        ('"\u201cHe left," she said.\u201d', '"\u201cHe left," she said.\u201d'),
        ("He said it.\u201d \u201d", "He said it."),
    ],
)
def test_a_lead_sentence_keeps_the_marks_of_a_quotation_it_holds(sentence: str, clean: str) -> None:
    from summarizer.extractive.claims import _clean

    assert _clean(sentence) == clean
