"""The small rules grounding is built from, one table each: readings of a figure's words,
units, polarity, quote variants, names, roles and problem wording."""

from __future__ import annotations

import pytest
from fakes.items import actor, claim, figure, quote, speaker_index

from summarizer.align import ArticleIndex, Match
from summarizer.grounding.actors import (
    ActorMentions,
    ActorResolver,
    mentioned,
    name_tokens,
    role_phrases,
    same_person,
    strip_honorifics,
)
from summarizer.grounding.claims import missing_numbers, polarity, polarity_clash
from summarizer.grounding.figures import (
    Reading,
    is_currency,
    read_surface,
    settle_value,
    unit_fits,
    unit_key,
)
from summarizer.grounding.model import (
    Grounded,
    Problem,
    evidence_of,
    excerpt,
    place,
    plain,
)
from summarizer.grounding.quotes import split_elisions, variants, whole_words
from summarizer.grounding.speakers import Attribution, Attributor, SpeakerCheck
from summarizer.readings import age_before, asked_count, in_score

# ---------------------------------------------------------------- figure readings

READINGS: dict[str, Reading | None] = {
    "58%": Reading((58.0,), percent=True),
    "10 per cent": Reading((10.0,), percent=True),
    "one in three": Reading((100 / 3,), percent=True),
    "half": Reading((50,), percent=True),
    "2.5 million": Reading((2_500_000.0,), scale=1e6),
    "NZ$2 million": Reading((2_000_000.0,), scale=1e6),
    "$ 50,000": Reading((50_000.0,)),
    "8\u201310 years": Reading((8.0, 10.0)),
    "ten to 32 pages": Reading((10.0, 32.0)),
    "twice": Reading((2.0,)),
    "thrice": Reading((3.0,)),
    "a 3-fold rise": Reading((3.0,)),
    "hundreds": Reading((), vague=(100, 999)),
    "a couple": Reading((), vague=(2, 3)),
    "dozens": Reading((), vague=(12, 99)),
    "double digits": Reading((), vague=(10, 99)),
    "nearly a decade": Reading((), vague=(1, 10)),
    "in his twenties": Reading((), vague=(10, 99)),
    "several thousand": Reading((), vague=(1000, 9999)),
    "a few hundred": Reading((), vague=(100, 999)),
    "hundreds of millions": Reading((), vague=(1e8, 1e9 - 1)),
    "tens of millions": Reading((), vague=(1e7, 1e8 - 1)),
    "billion-year": Reading((1e9,)),
    "a point": Reading((1.0,)),
    "nothing at all": None,
    # one unit and half of another, how often, and a scale both ends of a range share
    "a year and a half": Reading((1.5,)),
    "about an hour and a half": Reading((1.5,)),
    "once a week": Reading((1.0,)),
    "once or twice": Reading((1.0,)),
    "once": None,
    "five or six thousand": Reading((5000.0, 6000.0), scale=1000.0),
    "$2-3 million": Reading((2_000_000.0, 3_000_000.0), scale=1e6),
    "500 and 2 million": Reading((500.0, 2_000_000.0)),
    "two, three thousand": Reading((2.0, 3000.0)),
}


@pytest.mark.parametrize("surface", READINGS)
def test_read_surface(surface: str) -> None:
    assert read_surface(surface) == READINGS[surface]


SETTLED: list[tuple[float, Reading, str, float | None]] = [
    (45, Reading((45.0,)), "spies", 45),
    (40007, Reading((40000.0,)), "troops", None),
    (0.58, Reading((58.0,), percent=True), "percent", 58.0),
    (58, Reading((58.0,), percent=True), "percent", 58.0),
    (0.58, Reading((58.0,)), "percent", 58.0),
    (0.58, Reading((58.0,)), "people", None),
    (2, Reading((2_000_000.0,), scale=1e6), "NZD", 2_000_000.0),
    (3, Reading((2_000_000.0,), scale=1e6), "NZD", None),
    (2_000_000, Reading((2_000_000.0,), scale=1e6), "NZD", 2_000_000),
    (32, Reading((10.0, 32.0)), "pages", 32),
    (24, Reading((), vague=(12, 99)), "people", 24),
    (12, Reading((), vague=(12, 99)), "people", 12),
    (99, Reading((), vague=(12, 99)), "people", 99),
    (11, Reading((), vague=(12, 99)), "people", None),
    (100, Reading((), vague=(12, 99)), "people", None),
    (33.33, Reading((100 / 3,), percent=True), "percent", 33.33),
    (1 / 3, Reading((100 / 3,), percent=True), "percent", 33.333333),
    (0.5, Reading((50.0,), percent=True), "hours", 0.5),
    (50, Reading((50.0,), percent=True), "hours", None),
    (0.5, Reading((50.0,), percent=True), "", 50),
    (8, Reading((8.0, 10.0)), "years", 8),
    (10, Reading((8.0, 10.0)), "years", 10),
]


@pytest.mark.parametrize(("declared", "reading", "unit", "stored"), SETTLED)
def test_settle_value(declared: float, reading: Reading, unit: str, stored: float | None) -> None:
    got = settle_value(declared, reading, unit)
    assert got == (pytest.approx(stored) if stored is not None else None)


@pytest.mark.parametrize(
    ("unit", "key"),
    [
        ("%", "percent"),
        ("per cent", "percent"),
        ("Percent", "percent"),
        ("US$", "usd"),
        ("dollars", "usd"),
        ("euros", "eur"),
        ("pounds", "gbp"),
        ("years", "years"),
        ("year", "years"),
        ("km", "kilometres"),
        ("oz", "ounces"),
        ("\u00b0C", "degrees"),
        ("\u00b5m", "micrometres"),
        ("people", "people"),
        ("Troops", "troops"),
    ],
)
def test_unit_key(unit: str, key: str) -> None:
    assert unit_key(unit) == key


@pytest.mark.parametrize(
    ("unit", "currency"),
    [
        ("USD", True),
        ("NZD", True),
        ("euros", True),
        ("Swiss francs", True),
        ("yen", True),
        ("usd", True),
        ("troops", False),
        ("percent", False),
        ("Usd2", False),
    ],
)
def test_is_currency(unit: str, currency: bool) -> None:
    assert is_currency(unit) is currency


FIT_TEXT = (
    "Washington expelled 12 members of the mission. Sales rose to $ 50,000 and 58% of them, "
    "up 14 points. For over 35 years, 300 people. The count went to eight."
)


def fit(words: str, unit: str, what: str = "", nth: int = 0) -> bool:
    start = -1
    for _ in range(nth + 1):
        start = FIT_TEXT.index(words, start + 1)
    match = Match(start, start + len(words), "exact")
    return unit_fits(FIT_TEXT, match, unit, what, read_surface(words))


@pytest.mark.parametrize(
    ("words", "unit", "what", "fits"),
    [
        ("12", "members", "", True),
        ("12", "member", "", True),
        ("12", "warships", "Russian warships", False),
        ("12", "people", "", True),
        ("12", "diplomats", "members of the mission", True),
        ("12", "diplomats", "diplomats expelled", False),
        ("$ 50,000", "USD", "", True),
        ("$ 50,000", "NZD", "", True),
        ("$ 50,000", "sales", "", False),
        ("58%", "percent", "", True),
        ("14 points", "percent", "", True),
        ("14", "percent", "", True),
        ("12", "percent", "", False),
        ("35 years", "years", "", True),
        ("35 years", "warships", "warships in the region", False),
        ("eight", "count", "", True),
        ("eight", "warships", "", False),
        ("eight", "warships", "the count", True),
        ("300", "people", "", True),
    ],
)
def test_unit_fits(words: str, unit: str, what: str, fits: bool) -> None:
    assert fit(words, unit, what) is fits


@pytest.mark.parametrize(
    ("text", "words", "unit", "fits"),
    [
        # ages: the words before a bare number say it counts years
        ("I started playing when I was sixteen.", "sixteen", "years", True),
        ("I started playing when I was sixteen.", "sixteen", "warships", False),
        ("My daughter, who is 7, loves it.", "7", "years", True),
        ("I wrote my first novel at 19.", "19", "years", True),
        ("The players, aged 18 to 25, train daily.", "18", "years", True),
        ("The players, aged 18 to 25, train daily.", "25", "years", True),
        ("She retired in her early 60s.", "60s", "years", True),
        ("Jane Smith, 45, said so.", "45", "years", True),
        ("The bus stopped at 19 stations.", "19", "years", False),
        ("They bought 12 when it opened.", "12", "years", False),
        ("I was 12 miles away.", "12", "years", False),
        # one side of a match score counts what a score counts
        ("The Red Sox won, 4-2, after seven innings.", "4", "runs", True),
        ("The Red Sox won, 4-2, after seven innings.", "2", "runs", True),
        ("The Red Sox won, 4-2, after seven innings.", "4", "warships", False),
        ("The deal of 4-2-2024 was close.", "4", "goals", False),
        ("It rose 4.5-2 times.", "2", "points", False),
        # unit symbols written right after the number
        ("The grains were 10\u00b5m across.", "10", "micrometres", True),
        ("The grains were 10\u00b5m across.", "10", "kilograms", False),
        ("The temperature reached 40\u00b0C today.", "40", "degrees", True),
        ("Add 2 oz of gin.", "2", "ounces", True),
        ("Add 30 ml of juice.", "30", "millilitres", True),
        # "of" before the counted noun of a vague quantity
        ("Donors gave hundreds of millions of dollars.", "hundreds of millions", "USD", True),
        ("Donors gave hundreds of millions of dollars.", "hundreds of millions", "votes", False),
    ],
)
def test_unit_fits_by_the_words_around(text: str, words: str, unit: str, fits: bool) -> None:
    start = text.index(words)
    match = Match(start, start + len(words), "exact")
    assert unit_fits(text, match, unit, "", read_surface(words)) is fits


@pytest.mark.parametrize(
    ("text", "words", "age"),
    [
        ("He was aged 30 then.", "30", True),
        ("At the age of 19 he left.", "19", True),
        ("I'm 40 now.", "40", True),
        ("She turned 65 last week.", "65", True),
        ("He is about 50.", "50", True),
        ("She's 33 and busy.", "33", True),
        ("He joined the army at 17.", "17", True),
        ("Into their late 20s they moved.", "20s", True),
        ("Ann Lee, 45, said so.", "45", True),
        ("Ann Lee, 45 people said so.", "45", False),
        ("aged 18 to 25, train", "25", True),
        ("aged 18 or 20", "20", True),
        ("He was 30 minutes late", "30", True),  # the words before: the unit decides
        ("There were 30 of them.", "30", False),
        ("He arrived at 17 Main St.", "17", False),
        ("Prices were 12 to 18 dollars.", "18", False),
        # a sentence that opens "At 16," and goes on with a person
        ("At 16, I left home.", "16", True),
        ("He left. At 19, he joined the army.", "19", True),
        ("He left.\nAt 19, she joined.", "19", True),
        ("At 3, the shop opens.", "3", False),
        ("They met at 16, I think.", "16", False),
    ],
)
def test_age_before(text: str, words: str, age: bool) -> None:
    start = text.index(words)
    assert age_before(text, start, start + len(words)) is age


@pytest.mark.parametrize(
    ("text", "words", "score"),
    [
        ("They won 4-2 at home.", "4", True),
        ("They won 4-2 at home.", "2", True),
        ("They won 4 \u2013 2 at home.", "2", True),
        ("a 103-99 win", "99", True),
        ("On 4-2-2024 we met.", "4", False),
        ("It was 1-2 pm.", "1", False),
        ("The 2014-15 season", "15", False),
        ("between 10-15%", "10", False),
        ("He won 4 of 5.", "4", False),
        ("x4-2", "4", False),
    ],
)
def test_in_score(text: str, words: str, score: bool) -> None:
    start = text.index(words)
    assert in_score(text, start, start + len(words)) is score


@pytest.mark.parametrize(
    ("text", "words", "asked"),
    [
        ("How many albums have you made?\nEleven.", "Eleven", ("albums", "albums")),
        ("How many new albums did you make? About 11.", "11", ("albums", "new albums")),
        ("Do you know how many votes he got? 60 million.", "60", ("votes", "votes")),
        # only the first number after the question answers it
        ("How many states have I lost? Is it two? Three?", "Three", None),
        ("How many albums? Maybe a dozen, or 11.", "11", None),
        # the question ends before the number, and asks for a plural noun
        ("How many albums 11 people made.", "11", None),
        ("How many of you came? About 40.", "40", None),
        ("How many did you make? Eleven.", "Eleven", None),
        ("How many times did you try? Eleven.", "Eleven", ("times", "times")),
        ("Nobody asked. Eleven.", "Eleven", None),
        # and stands at most 250 characters before it
        ("How many albums did you make?" + " " * 230 + "Eleven.", "Eleven", None),
        ("How many albums did you make?" + " " * 200 + "Eleven.", "Eleven", ("albums", "albums")),
    ],
)
def test_asked_count(text: str, words: str, asked: tuple[str, str] | None) -> None:
    assert asked_count(text, text.index(words)) == asked


# ------------------------------------------------------------------- polarity

POLARITY: dict[str, tuple[set[str], set[str]]] = {
    "NATO will not send troops": ({"send"}, {"nato", "troop"}),
    "NATO won't send troops": ({"send"}, {"nato", "troop"}),
    "No, I will back him": (set(), {"back"}),
    "He did not refuse the offer": (set(), {"refuse", "offer"}),
    "They rejected requests": ({"request"}, set()),
    "They said nothing": (set(), set()),
    "There is no crowd, never a queue": ({"crowd", "queue"}, set()),
    "It is not, however, over": (set(), {"however"}),
    # a negation offered as an alternative denies nothing
    "It may or may not signal a revival": (set(), {"signal", "revival"}),
    "with or without help": (set(), {"help"}),
    "whether or not they come": (set(), {"come"}),
    "It may not signal a revival": ({"signal"}, {"revival"}),
}


@pytest.mark.parametrize("text", POLARITY)
def test_polarity(text: str) -> None:
    negated, asserted = POLARITY[text]
    assert polarity(text) == (frozenset(negated), frozenset(asserted))


@pytest.mark.parametrize(
    ("claim", "evidence", "clash"),
    [
        ("NATO will send troops", "NATO will not send troops", ["send"]),
        ("NATO will not send troops", "NATO will send troops", ["send"]),
        ("NATO will not send troops", "NATO will not send troops", []),
        ("The exhibit is not based on Polaroids", "The exhibit bases itself on Polaroids", ["bas"]),
        ("The trainer will not go to Seattle", "The trainer will call Seattle home", ["go"]),
        ("NATO will send aid", "NATO will send aid but will not send troops", []),
        ("Officials gave reasons", "Officials have not said why", []),
    ],
)
def test_polarity_clash(claim: str, evidence: str, clash: list[str]) -> None:
    assert polarity_clash(claim, evidence) == clash


def test_a_summary_denial_may_stand_anywhere_in_the_article() -> None:
    from summarizer.grounding.claims import summary_problem

    text = (
        "Frank Messina performs poems at Mets games. Fans call him the Mets Poet.\n\n"
        "He grew up in New Jersey. I have never called myself that, he said."
    )
    summary = "Fans call Frank Messina the Mets Poet, though he never called himself that."
    assert summary_problem(summary, ArticleIndex(text)) is None
    denied = "Fans never call Frank Messina the Mets Poet."
    problem = summary_problem(denied, ArticleIndex(text.split("\n\n")[0]))
    assert problem is not None and problem.reason == "the article says the opposite about 'call'"


def test_a_denial_found_elsewhere_excuses_evidence_without_one() -> None:
    assert polarity_clash("There is no Soviet threat", "Why should NATO exist?") == ["soviet"]
    assert polarity_clash("There is no Soviet threat", "Why?", lambda word: word == "soviet") == []


def test_missing_numbers_names_the_evidence_numbers() -> None:
    (missing,) = missing_numbers("Poland expelled 12 spies", "Poland expelled 45 spies and 3 cats")
    mention, stated = missing
    assert mention.value == 12 and [s.value for s in stated] == [45, 3]
    assert missing_numbers("45% of them", "0.45 of them") == []
    assert missing_numbers("nearly 46,000 migrants", "45,756 migrants") == []


# --------------------------------------------------------------------- quotes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\u201cWe act.\u201d", ["We act.", "We act"]),
        ("We act...", ["We act...", "We act..", "We act.", "We act"]),
        ("'Yes,'", ["Yes,", "Yes"]),
        ("... plied the detective", ["... plied the detective", "plied the detective"]),
        ("plain words", ["plain words"]),
        # A mark closing a quotation nested at the end is the article's, not an enclosing one.
        (
            "my jersey says 'The Poet.'",
            ["my jersey says 'The Poet.'", "my jersey says 'The Poet.", "my jersey says 'The Poet"],
        ),
        ("'Frank, thank you.\"", ["Frank, thank you.", "Frank, thank you"]),
        (
            "he said, 'Frank, thank you.\"",
            [
                "he said, 'Frank, thank you.\"",
                "he said, 'Frank, thank you.",
                "he said, 'Frank, thank you",
            ],
        ),
        ("it's 'done'.", ["it's 'done'.", "it's 'done'", "it's 'done"]),
    ],
)
def test_variants(text: str, expected: list[str]) -> None:
    assert variants(text) == expected


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("\u201cA, \u2026 B. [...] C\u201d", ["A", "B", "C"]),
        ("one ... two", ["one", "two"]),
        ("one [\u2026] two", ["one", "two"]),
        ("no elision", ["no elision"]),
        ("\u2026 leading", ["leading"]),
        ("A, \u2026 in Ukraine.\u201d", ["A", "in Ukraine."]),  # the quote's own full stop
    ],
)
def test_split_elisions(text: str, parts: list[str]) -> None:
    assert split_elisions(text) == parts


@pytest.mark.parametrize(
    ("text", "span", "needle", "whole"),
    [
        ("as well asjoint action", (10, 22), "joint action", True),
        ("as well asjoint action", (12, 22), "int action", False),
        ("other atrocitieshe added", (0, 16), "other atrocities", True),
        ("other atrocitieshe added", (0, 18), "other atrocitieshe", True),
        ("the nation", (6, 10), "tion", True),
        ("the nation", (4, 10), "nation", True),
        ("the nation", (4, 9), "natio", False),  # the rest, "n", is no word
        ("'streamlined' UK", (1, 11), "streamline", False),
        ("the rest ofspying", (11, 17), "spying", True),
        ("the rest xspying", (10, 16), "spying", False),
        ("the nation", (4, 8), "nati", True),
        ("the nation", (4, 7), "nat", False),
    ],
)
def test_whole_words(text: str, span: tuple[int, int], needle: str, whole: bool) -> None:
    assert whole_words(text, Match(*span, "exact"), needle) is whole


# ---------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("name", "tokens"),
    [
        ("Mr. Sergei Lavrov (Russia), Foreign Minister", ["sergei", "lavrov"]),
        ("Dr. [George W.] Bush", ["george", "w", "bush"]),
        ("Professor Cres Eastman", ["cres", "eastman"]),
        ("the Red Cross", ["red", "cross"]),
        ("Mr", ["mr"]),
    ],
)
def test_name_tokens(name: str, tokens: list[str]) -> None:
    assert name_tokens(name) == tokens


def test_strip_honorifics_keeps_a_lone_word() -> None:
    assert strip_honorifics(["mr", "dr", "smith"]) == ["smith"]
    assert strip_honorifics(["the"]) == ["the"]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Sergei Lavrov", "Lavrov", True),
        ("Sergei Lavrov", "sergei lavrov", True),
        ("Shimon Peres", "ShimonPeres", True),
        ("J. Smith", "John Smith", True),
        ("John F. Smith", "John Smith", True),
        ("John F. Smith", "John G. Smith", False),
        ("Joe Biden", "Jill Biden", False),
        ("George H. W. Bush", "George W. Bush", False),
        ("Walt Whitman", "Whitman", True),
        ("Walt Whitman", "Walt", False),
        ("", "Walt", False),
    ],
)
def test_same_person(a: str, b: str, same: bool) -> None:
    assert same_person(name_tokens(a), name_tokens(b)) is same


@pytest.mark.parametrize(
    ("role", "phrases"),
    [
        ("NATO Secretary General", ["nato secretary general", "secretary general"]),
        (
            "Russian ambassador in Washington",
            ["russian ambassador in washington", "ambassador in washington", "russian ambassador"],
        ),
        ("head of the ICRC", ["head of the icrc"]),
        ("broadcaster that saw the letter", []),
        ("one two three four five", ["two three four five", "three four five", "four five"]),
        ("one two three four five six", []),
        ("Kremlin spokesman", ["kremlin spokesman"]),
    ],
)
def test_role_phrases(role: str, phrases: list[str]) -> None:
    assert role_phrases(role) == phrases


def test_qualified_role_phrases_keep_the_qualifier() -> None:
    assert role_phrases("Russian ambassador in Washington", qualified=True) == [
        "russian ambassador in washington",
        "ambassador in washington",
    ]
    assert role_phrases("NATO Secretary General", qualified=True) == [
        "nato secretary general",
        "secretary general",
    ]


RESOLVER_ACTORS = [
    actor("Antony Blinken", "person", "US Secretary of State"),
    actor("Joe Biden", "person"),
    actor("Jill Biden", "person"),
    actor("Shimon Peres", "person"),
    actor("NATO", "organization", None, ("the Alliance",)),
    actor("Anatoly Antonov", "person", "Russian ambassador in Washington"),
]


@pytest.mark.parametrize(
    ("name", "actor"),
    [
        ("Antony Blinken", 0),
        ("antony  blinken", 0),
        ("Blinken", 0),
        ("Mr. Blinken", 0),
        ("Secretary Blinken", 0),
        ("US Secretary of State Antony Blinken", 0),
        ("Blinken, US Secretary of State", 0),
        ("the US Secretary of State", 0),
        ("Secretary of State", 0),
        ("State", None),
        ("Biden", None),
        ("Joe Biden", 1),
        ("Dr. Jill Biden", 2),
        ("J. Biden", None),
        ("ShimonPeres", 3),
        ("Peres", 3),
        ("Simon Peres", None),
        ("the Alliance", 4),
        ("Alliance", 4),
        ("the Russian ambassador in Washington", 5),
        ("the Russian ambassador", None),
        ("a2", 1),
        ("A3", 2),
        ("a9", None),
        ("", None),
    ],
)
def test_resolver(name: str, actor: int | None) -> None:
    resolver = ActorResolver(RESOLVER_ACTORS, {0: 0, 1: 1, 2: 2})
    assert resolver.resolve(name) == actor


def test_mentions_find_forms_surnames_roles_and_skip_prepositions() -> None:
    text = (
        "Antony Blinken met the Secretary of State's staff. Later, with President Joe Biden, "
        "Blinken spoke; ShimonPeres listened."
    )
    index = ArticleIndex(text)
    mentions = ActorMentions(RESOLVER_ACTORS, index)
    names = [(text[m.start : m.end], m.actor, m.by_role) for m in mentions.within(0, len(text))]
    assert names == [
        ("Antony Blinken", 0, False),
        ("Secretary of State", 0, True),
        ("Joe Biden", 1, False),
        ("Blinken", 0, False),
        ("ShimonPeres", 3, False),
    ]
    assert [text[m.start : m.end] for m in mentions.within(0, len(text), roles=False)] == [
        "Antony Blinken",
        "Joe Biden",
        "Blinken",
        "ShimonPeres",
    ]
    assert [text[m.start : m.end] for m in mentions.subjects(0, len(text))] == [
        "Antony Blinken",
        "Secretary of State",
        "Blinken",
        "ShimonPeres",
    ]
    assert ActorMentions([], index).within(0, len(text)) == []


def test_mentioned_tolerates_case_marks_and_glued_names() -> None:
    index = ArticleIndex("ShimonPeres: \u201cYes.\u201d The U.N. agreed.")
    assert mentioned("Shimon Peres", index)
    assert mentioned("shimonperes", index)
    assert mentioned("the u.n.", index)
    assert not mentioned("Moshe Peres", index)


# ------------------------------------------------------------------- problems


def test_problem_lines_for_models_and_users() -> None:
    dropped = Problem("quote", 2, "quotes[2] ('x')", "reason", "advice")
    assert dropped.for_model() == "quotes[2] ('x'): reason; advice"
    assert dropped.for_user() == "dropped quotes[2] ('x'): reason"
    bare = Problem("actor", 0, "actors[0]", "the name is empty")
    assert bare.for_model() == "actors[0]: the name is empty"
    assert Problem("quote", 1, "q", "r", outcome="unattributed").for_user() == (
        "kept q without its speaker: r"
    )
    assert Problem("quote", 1, "q", "r", outcome="claim").for_user() == (
        "kept q as a claim, not a quote: r"
    )
    assert Problem("summary", 0, "the summary", "r", outcome="flagged").for_user() == (
        "check the summary: r"
    )


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (2e6, "2000000"),
        (0.58, "0.58"),
        (100 / 3, "33.333333"),
        (-5.0, "-5"),
        (1e20, "100000000000000000000"),
    ],
)
def test_plain_numbers(value: float, shown: str) -> None:
    assert plain(value) == shown


def test_excerpt() -> None:
    assert excerpt("a  b\nc") == "a b c"
    assert excerpt("x" * 61) == "x" * 59 + "\u2026"
    assert excerpt("x" * 60) == "x" * 60


def test_shifted_moves_every_span_and_keeps_the_rest() -> None:
    grounded = Grounded(
        "s",
        [actor("A", "person")],
        quotes=[quote("q", 0, (1, 2), "exact")],
        problems=[Problem("quote", 0, "q", "r")],
    )
    moved = grounded.shifted(10)
    assert place(moved.quotes[0]) == (11, 12) and speaker_index(moved.quotes[0].speaker) == 0
    assert (moved.summary, moved.actors, moved.problems) == (
        "s",
        grounded.actors,
        grounded.problems,
    )
    assert place(grounded.quotes[0]) == (1, 2)


def test_shifted_moves_figure_spans_and_every_evidence_span() -> None:
    grounded = Grounded(
        "s",
        figures=[figure(45, "spies", "exact", "spies", "45", (3, 5), "exact")],
        claims=[claim("c", 0, ((0, 9), (20, 31)), "Ann")],
    )
    moved = grounded.shifted(100)
    assert moved.figures == [figure(45, "spies", "exact", "spies", "45", (103, 105), "exact")]
    assert moved.claims == [claim("c", 0, ((100, 109), (120, 131)), "Ann")]
    assert place(grounded.figures[0]) == (3, 5) and evidence_of(grounded.claims[0])[0] == (0, 9)


@pytest.mark.parametrize(
    ("before", "prepositional"),
    [
        ("", False),
        ("seen by", True),
        ("seen by the", True),
        ("with President", True),
        ("with the US President", True),
        ("CEO of the Refugee Council", False),
        ("In a statement, Governor of Washington", False),
        ("the leak, CEO of the", False),
        ("From", False),
        ("to the", True),
        ("according to", True),
        ("Blinken, who met", False),
        ("talks with,", True),
    ],
)
def test_after_preposition(before: str, prepositional: bool) -> None:
    from summarizer.grounding.actors import _after_preposition

    assert _after_preposition(before) is prepositional


@pytest.mark.parametrize(
    ("text", "start", "end", "edges"),
    [
        ("nato summit", 0, 4, True),
        ("anato", 1, 5, False),
        ("natos", 0, 4, False),
        ("nato", 0, 4, True),
        ("x nato.", 2, 6, True),
        ("x nato1", 2, 6, True),
    ],
)
def test_word_edges(text: str, start: int, end: int, edges: bool) -> None:
    from summarizer.grounding.actors import _word_edges

    assert _word_edges(text, start, end) is edges


@pytest.mark.parametrize(
    ("unit", "token", "fits"),
    [
        ("member", "member", True),
        ("member", "members", True),
        ("diplomat", "diplomatic", True),
        ("war", "warship", False),
        ("inche", "inch", True),
        ("year", "yea", True),
        ("spy", "spies", False),
        ("troop", "trooper", True),
        ("abc", "abd", False),
        ("ab", "ab", True),
        ("ab", "abc", False),
        ("abcdefgh", "abcdefghijkl", False),
    ],
)
def test_fits_word(unit: str, token: str, fits: bool) -> None:
    from summarizer.grounding.figures import _fits_word

    assert _fits_word({unit}, token) is fits


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("bas", "base", True),
        ("send", "send", True),
        ("go", "going", False),
        ("troop", "troops", True),
        ("expel", "expell", True),
        ("ab", "abc", False),
        ("abcd", "abxd", False),
        ("abcdef", "abcdefghi", False),
    ],
)
def test_same_root(a: str, b: str, same: bool) -> None:
    from summarizer.grounding.claims import _same_root

    assert _same_root(a, b) is same


@pytest.mark.parametrize(
    ("surface", "end"),
    [
        ("past 35 years", 7),
        ("nearly a decade", 15),
        ("twice", 5),
        ("words", 5),
        ("a 3-fold rise", 3),
        ("60s", 3),
        ("1990's", 6),
        ("60 seconds", 2),
    ],
)
def test_quantity_end(surface: str, end: int) -> None:
    from summarizer.grounding.figures import _quantity_end

    assert _quantity_end(surface) == end


@pytest.mark.parametrize(
    ("text", "words", "sentence"),
    [
        ("A b. The 12 men left. C d.", "12", ". The 12 men left"),
        ("First line\nThe 12 men left", "12", "\nThe 12 men left"),
        ("12 men", "12", "12 men"),
    ],
)
def test_sentence_around(text: str, words: str, sentence: str) -> None:
    from summarizer.grounding.figures import _sentence_around

    start = text.index(words)
    assert _sentence_around(text, Match(start, start + len(words), "exact")) == sentence


@pytest.mark.parametrize(
    ("text", "words", "bounded"),
    [
        ("In 1945 the 45 men.", "1945", True),
        ("In 1945 the 45 men.", "45", True),
        ("the 145.5 more", "145", False),
        ("the 145.5 more", "145.5", True),
        ("the 3,000 more", "3,0", False),
        ("a 45th time", "45", True),
        ("x45 y", "45", False),
        ("45", "45", True),
    ],
)
def test_number_boundaries(text: str, words: str, bounded: bool) -> None:
    from summarizer.grounding.figures import _number_boundaries

    start = text.rindex(words) if words == "45" and "1945" in text else text.index(words)
    assert _number_boundaries(text, Match(start, start + len(words), "exact")) is bounded


@pytest.mark.parametrize(
    ("tail", "head"),
    [
        (" members of the mission", ["member"]),
        (" Russian spies posing here", ["russian", "spy", "pos"]),
        (" and collecting points", []),
        (", and more", []),
        (" or 12 goals", ["goal"]),
        (" \u2013 2 goals", ["goal"]),
        (" people's houses", ["people", "house"]),
        (" 5 people", ["people"]),
        (" of dollars", ["dollar"]),
        (" to 25, train daily", []),
        (" to 1,800 people", ["people"]),
        (" (about) people", []),
        ("\u00b0C today", ["\u00b0c", "today"]),
    ],
)
def test_head_words(tail: str, head: list[str]) -> None:
    from summarizer.grounding.figures import head_words

    assert head_words("10" + tail, 2) == head


# -------------------------------------------------------- speakers, rule by rule

CHECK_TEXT = "Kristin Wilkins spoke. Ann Lee listened. Bob Ray left.\n\nMore text."
CHECK_ACTORS = [
    actor("Kristin Wilkins", "person", "gallery curator"),
    actor("Wilkins", "person"),
    actor("Ann Lee", "person"),
    actor("Bob Ray", "person"),
    actor("USI", "organization"),
]


def attributor() -> Attributor:
    index = ArticleIndex(CHECK_TEXT)
    return Attributor(
        index, CHECK_ACTORS, ActorMentions(CHECK_ACTORS, index), ActorResolver(CHECK_ACTORS)
    )


WINDOW = (0, len(CHECK_TEXT))


@pytest.mark.parametrize(
    ("attribution", "speaker", "name", "expected"),
    [
        (Attribution(named=(0,)), None, None, SpeakerCheck("kept", None, None)),
        (Attribution(named=(0,)), 0, None, SpeakerCheck("kept", 0, None)),
        (Attribution(named=(0,)), 1, None, SpeakerCheck("kept", 1, None)),
        (
            Attribution(named=(0,)),
            2,
            None,
            SpeakerCheck("misattributed", None, None, "Kristin Wilkins"),
        ),
        (
            Attribution(named=(0,)),
            4,
            None,
            SpeakerCheck("misattributed", None, None, "Kristin Wilkins"),
        ),
        (
            Attribution(named=(0,)),
            None,
            "a guard",
            SpeakerCheck("misattributed", None, None, "Kristin Wilkins"),
        ),
        (Attribution(label="the curator"), 0, None, SpeakerCheck("kept", 0, None)),
        (
            Attribution(label="the curator"),
            None,
            "the curator",
            SpeakerCheck("kept", None, "the curator"),
        ),
        (
            Attribution(label="the curator"),
            2,
            None,
            SpeakerCheck("unsupported", None, None, "the curator"),
        ),
        (
            Attribution(label="Wikinews", turn=True),
            2,
            None,
            SpeakerCheck("misattributed", None, None, "Wikinews"),
        ),
        (Attribution(label="AnnLee", turn=True), 2, None, SpeakerCheck("kept", 2, None)),
        (Attribution(likely=(2,), inherited=(2, 3)), 2, None, SpeakerCheck("kept", 2, None)),
        # a bare surname the likely speaker carries
        (Attribution(likely=(0,), inherited=(0, 2)), 1, None, SpeakerCheck("kept", 1, None)),
        (
            Attribution(likely=(0,), inherited=(0, 2)),
            3,
            None,
            SpeakerCheck("unsupported", None, None, "Kristin Wilkins", points_to=0),
        ),
        (
            Attribution(likely=(2,), inherited=(2, 3)),
            3,
            None,
            SpeakerCheck("unsupported", None, None, "Ann Lee", points_to=2),
        ),
        (Attribution(window=WINDOW), 3, None, SpeakerCheck("kept", 3, None)),
        (Attribution(window=WINDOW), None, "Bob Ray", SpeakerCheck("kept", None, "Bob Ray")),
        (Attribution(window=WINDOW), None, "Zed", SpeakerCheck("unsupported", None, None, "")),
        (Attribution(window=(0, 5)), 3, None, SpeakerCheck("unsupported", None, None, "")),
    ],
)
def test_attributor_check(
    attribution: Attribution, speaker: int | None, name: str | None, expected: SpeakerCheck
) -> None:
    assert attributor().check(attribution, speaker, name) == expected


CUE_TEXT = (
    "Bob Ray met Ann Lee.\n\n"
    "Prices rose, Ann Lee said. According to Bob Ray, it will pass. He also said more. "
    "The plan, which USI said works, passed. Nobody spoke."
)


@pytest.mark.parametrize(
    ("sentence", "named", "inherited", "cue"),
    [
        ("Prices rose, Ann Lee said.", ["Ann Lee"], [], True),
        ("According to Bob Ray, it will pass.", ["Bob Ray"], [], True),
        ("He also said more.", [], ["Bob Ray", "Ann Lee"], True),
        ("The plan, which USI said works, passed.", ["USI"], [], True),
        ("Nobody spoke.", [], [], False),
    ],
)
def test_claim_cues(sentence: str, named: list[str], inherited: list[str], cue: bool) -> None:
    from summarizer.grounding.claims import ClaimGrounder
    from summarizer.text import Segment

    index = ArticleIndex(CUE_TEXT)
    mentions = ActorMentions(CHECK_ACTORS, index)
    speakers = Attributor(index, CHECK_ACTORS, mentions, ActorResolver(CHECK_ACTORS))
    grounder = ClaimGrounder(index, index.quotations, speakers, CHECK_ACTORS, mentions)
    start = CUE_TEXT.index(sentence)
    got_named, got_inherited, got_cue = grounder._cues(Segment(start, start + len(sentence)))
    names = [a.name for a in CHECK_ACTORS]
    assert [names[a] for a in got_named] == named
    assert [names[a] for a in got_inherited] == inherited
    assert got_cue is cue
