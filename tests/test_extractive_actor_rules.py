"""The actor rules one by one: each row is a phrase in its sentence and the rule's decision.

A decision is written as ``None`` (the rule passes), ``"skip"`` (not an actor) or
the actions taken: ``("add", name, kind, role, text at the offsets)``,
``("refer", known actor's name, text at the offsets)`` or ``("reread", part,
"one word" | "words")``.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from summarizer.extractive.actor_rules import (
    MULTI_WORD_RULES,
    ONE_WORD_RULES,
    Add,
    Candidate,
    Decision,
    Refer,
    Rule,
    acronym_in_passing,
    acronym_organisation,
    acting_country,
    acting_nationality,
    acting_organisation,
    acting_organisation_word,
    bare_description,
    bare_role,
    capital_for_government,
    country_as_place,
    decide,
    known_actor,
    nationality_and_word,
    non_person_word,
    not_a_name,
    ordinary_word,
    organisation_or_country,
    organisation_then_person,
    organisation_word_for_known,
    organisation_word_in_passing,
    person_by_cue,
    person_of_organisation,
    placed_acronym,
    placed_name,
    placed_organisation,
    plain_person_name,
    roman_numeral,
    short_organisation_name,
    speaking_person,
    title_before_organisation,
    title_of_place,
    titled_person,
)
from summarizer.extractive.actors import ActorFinder
from summarizer.extractive.document import Document
from summarizer.extractive.runs import Run, name_runs, read_cues

Described = object


def _read(text: str, phrase: str, known: Sequence[tuple[str, str]] = ()) -> tuple[ActorFinder, Run]:
    """A finder that knows ``known`` (name, kind) and the last run reading ``phrase``."""
    doc = Document(text)
    finder = ActorFinder(doc)
    for name, kind in known:
        start = text.index(name)
        finder.apply(Add(name, kind, start, start + len(name), None, frozenset()))
    runs = name_runs(doc, 0, len(text))
    for run in runs:
        read_cues(doc, run)
    matching = [run for run in runs if run.text == phrase]
    assert matching, f"no run {phrase!r} in {[r.text for r in runs]}"
    return finder, matching[-1]


def _describe(finder: ActorFinder, decision: Decision | None) -> Described:
    if decision is None:
        return None
    if not decision:
        return "skip"
    text = finder.doc.text
    out: list[tuple[object, ...]] = []
    for action in decision:
        if isinstance(action, Add):
            out.append(
                ("add", action.name, action.kind, action.role, text[action.start : action.end])
            )
        elif isinstance(action, Refer):
            name = finder.actors[action.actor].name
            out.append(("refer", name, text[action.start : action.end]))
        else:
            part = "one word" if action.one_word else "words"
            out.append(("reread", action.run.text, part))
    return tuple(out)


def _add(
    name: str, kind: str, role: str | None = None, surface: str | None = None
) -> tuple[object, ...]:
    return ("add", name, kind, role, surface or name)


Row = tuple[Rule, str, str, tuple[tuple[str, str], ...], Described]

MULTI_WORD_ROWS: list[Row] = [
    # person_of_organisation
    (
        person_of_organisation,
        "Cheng Chung-tai of Civic Passion said it was wrong.",
        "Cheng Chung-tai of Civic Passion",
        (),
        (
            _add("Cheng Chung-tai", "person", "of Civic Passion"),
            _add("Civic Passion", "organization"),
        ),
    ),
    (
        person_of_organisation,
        "Sen. Tom Carper of Delaware said no.",
        "Sen. Tom Carper of Delaware",
        (),
        (_add("Tom Carper", "person", "Sen"), ("reread", "Delaware", "one word")),
    ),
    (person_of_organisation, "Mariusz Kaminski said so.", "Mariusz Kaminski", (), None),
    # organisation_then_person
    (
        organisation_then_person,
        "Civic Party Alan Leong said no.",
        "Civic Party Alan Leong",
        (),
        (("reread", "Civic Party", "words"), _add("Alan Leong", "person", "Civic Party")),
    ),
    (organisation_then_person, "The Civic Party said no.", "Civic Party", (), None),
    # bare_role
    (bare_role, "The talks were led by the Foreign Minister.", "Foreign Minister", (), "skip"),
    (bare_role, "The Russian President arrived.", "Russian President", (), "skip"),
    (
        bare_role,
        "Foreign Minister Radek Sikorski spoke.",
        "Foreign Minister Radek Sikorski",
        (),
        None,
    ),
    # title_before_organisation
    (
        title_before_organisation,
        "Director of the Food and Drug Administration spoke.",
        "Director of the Food and Drug Administration",
        (),
        (("reread", "Food and Drug Administration", "words"),),
    ),
    (
        title_before_organisation,
        "The Food and Drug Administration spoke.",
        "Food and Drug Administration",
        (),
        None,
    ),
    # short_organisation_name
    (
        short_organisation_name,
        "The Greek Orthodox Church spoke. The Orthodox Church will act.",
        "Orthodox Church",
        (("Greek Orthodox Church", "organization"),),
        (("refer", "Greek Orthodox Church", "Orthodox Church"),),
    ),
    (short_organisation_name, "The Orthodox Church will act.", "Orthodox Church", (), None),
    # placed_organisation
    (
        placed_organisation,
        "They stayed at Central Police Station last week.",
        "Central Police Station",
        (),
        "skip",
    ),
    (placed_organisation, "They stayed at the Civic Centre last week.", "Civic Centre", (), None),
    (placed_organisation, "Central Police Station said no.", "Central Police Station", (), None),
    # organisation_or_country
    (
        organisation_or_country,
        "The Andy Warhol Foundation said it gave photographs.",
        "Andy Warhol Foundation",
        (),
        (_add("Andy Warhol Foundation", "organization"),),
    ),
    (
        organisation_or_country,
        "The United Kingdom will leave.",
        "United Kingdom",
        (),
        (_add("United Kingdom", "country"),),
    ),
    (organisation_or_country, "Kathryn Waters opened the show.", "Kathryn Waters", (), None),
    # bare_description
    (bare_description, "The Secretary General arrived.", "Secretary General", (), "skip"),
    (bare_description, "He joined the Greek Orthodox faith.", "Greek Orthodox", (), "skip"),
    (bare_description, "Kathryn Waters opened the show.", "Kathryn Waters", (), None),
    # titled_person
    (
        titled_person,
        "Polish Interior Minister Mariusz Kaminski said so.",
        "Polish Interior Minister Mariusz Kaminski",
        (),
        (_add("Mariusz Kaminski", "person", "Polish Interior Minister"),),
    ),
    (
        titled_person,
        "President Obama said yes.",
        "President Obama",
        (),
        (("reread", "Obama", "one word"),),
    ),
    (titled_person, "Kathryn Waters opened the show.", "Kathryn Waters", (), None),
    # placed_name
    (placed_name, "She was born in New Hampshire in 1950.", "New Hampshire", (), "skip"),
    (placed_name, "New Hampshire voted.", "New Hampshire", (), None),
    # non_person_word
    (non_person_word, "The Ross Ice Shelf is melting.", "Ross Ice Shelf", (), "skip"),
    (non_person_word, "He met Ross Smith.", "Ross Smith", (), None),
    # nationality_and_word
    (nationality_and_word, "The American Idol show ended.", "American Idol", (), "skip"),
    (nationality_and_word, "He met Ross Smith.", "Ross Smith", (), None),
    # title_of_place
    (title_of_place, "The Governor of Virginia arrived.", "Governor of Virginia", (), "skip"),
    (title_of_place, "He met Ross Smith.", "Ross Smith", (), None),
    # person_by_cue
    (person_by_cue, "He met Ross Smith.", "Ross Smith", (), (_add("Ross Smith", "person"),)),
    (person_by_cue, "Ipsum Lorem said so.", "Ipsum Lorem", (), (_add("Ipsum Lorem", "person"),)),
    (person_by_cue, "They met Lorem Ipsumson yesterday.", "Lorem Ipsumson", (), None),
    # plain_person_name
    (
        plain_person_name,
        "They met Lorem Ipsumson yesterday.",
        "Lorem Ipsumson",
        (),
        (_add("Lorem Ipsumson", "person"),),
    ),
    (plain_person_name, "The Winter Carnival drew crowds.", "Winter Carnival", (), None),
    (plain_person_name, "They met Lorem Ipsum Dolor Amet.", "Lorem Ipsum Dolor Amet", (), None),
]

ONE_WORD_ROWS: list[Row] = [
    # acting_nationality
    (
        acting_nationality,
        "Russians say the plan failed.",
        "Russians",
        (),
        (_add("Russians", "group"),),
    ),
    (acting_nationality, "He met two Russians.", "Russians", (), None),
    # not_a_name
    (not_a_name, "The Senator arrived.", "Senator", (), "skip"),
    (not_a_name, "Lavrov said no.", "Lavrov", (), None),
    # known_actor
    (
        known_actor,
        "Sergei Lavrov spoke. Lavrov said no.",
        "Lavrov",
        (("Sergei Lavrov", "person"),),
        (("refer", "Sergei Lavrov", "Lavrov"),),
    ),
    (known_actor, "Lavrov said no.", "Lavrov", (), None),
    # acting_country
    (
        acting_country,
        "The United States acted. The US said no.",
        "US",
        (),
        (_add("United States", "country", None, "US"),),
    ),
    (acting_country, "The US said no.", "US", (), (_add("US", "country"),)),
    (acting_country, "Poland's army grew.", "Poland", (), (_add("Poland", "country"),)),
    (acting_country, "He lives in Poland now.", "Poland", (), None),
    # country_as_place
    (country_as_place, "He lives in Poland now.", "Poland", (), "skip"),
    (country_as_place, "Lavrov said no.", "Lavrov", (), None),
    # capital_for_government
    (capital_for_government, "Moscow will expel them.", "Moscow", (), (_add("Moscow", "country"),)),
    (
        capital_for_government,
        "Russia said Moscow will expel them.",
        "Moscow",
        (("Russia", "country"),),
        (("refer", "Russia", "Moscow"),),
    ),
    (
        capital_for_government,
        "Russia acted. Moscow will expel them.",
        "Moscow",
        (),
        (_add("Russia", "country", None, "Moscow"),),
    ),
    (capital_for_government, "He lives in Moscow now.", "Moscow", (), None),
    # placed_acronym
    (placed_acronym, "They live in the UAE now.", "UAE", (), "skip"),
    (placed_acronym, "NATO will deploy troops.", "NATO", (), None),
    # roman_numeral
    (roman_numeral, "He had a grade IV tumour removed.", "IV", (), "skip"),
    (roman_numeral, "NATO will deploy troops.", "NATO", (), None),
    # acronym_in_passing
    (acronym_in_passing, "They visited the IAEA yesterday.", "IAEA", (), "skip"),
    (acronym_in_passing, "They visited the IAEA yesterday and the IAEA again.", "IAEA", (), None),
    (acronym_in_passing, "The IAEA's inspectors visited.", "IAEA", (), None),
    (acronym_in_passing, "Experts from the IAEA visited.", "IAEA", (), None),
    # acronym_organisation
    (acronym_organisation, "NATO will deploy troops.", "NATO", (), (_add("NATO", "organization"),)),
    (acronym_organisation, "They met Lavrov.", "Lavrov", (), None),
    # organisation_word_for_known
    (
        organisation_word_for_known,
        "The Greek Orthodox Church spoke. The Church will act.",
        "Church",
        (("Greek Orthodox Church", "organization"),),
        (("refer", "Greek Orthodox Church", "Church"),),
    ),
    (organisation_word_for_known, "The Church will act.", "Church", (), None),
    # acting_organisation_word
    (
        acting_organisation_word,
        "The Ministry said no.",
        "Ministry",
        (),
        (_add("Ministry", "organization"),),
    ),
    (acting_organisation_word, "They joined the Committee yesterday.", "Committee", (), None),
    # organisation_word_in_passing
    (organisation_word_in_passing, "They joined the Committee yesterday.", "Committee", (), "skip"),
    (organisation_word_in_passing, "They met Lavrov.", "Lavrov", (), None),
    # ordinary_word
    (ordinary_word, "We saw the Cathedral and a cathedral.", "Cathedral", (), "skip"),
    (ordinary_word, "They met Lavrov.", "Lavrov", (), None),
    # speaking_person
    (speaking_person, "Asked about it, Lavrov said no.", "Lavrov", (), (_add("Lavrov", "person"),)),
    (
        speaking_person,
        "Lavrov, the foreign minister, arrived.",
        "Lavrov",
        (),
        (_add("Lavrov", "person", "foreign minister"),),
    ),
    (speaking_person, "They met Lavrov.", "Lavrov", (), None),
    # acting_organisation
    (
        acting_organisation,
        "Analysts expect Gazprom will win, and Gazprom will raise prices.",
        "Gazprom",
        (),
        (_add("Gazprom", "organization"),),
    ),
    (acting_organisation, "Analysts expect Gazprom will win.", "Gazprom", (), None),
    (
        acting_organisation,
        "Analysts expect Moscow will win, and Moscow will raise prices.",
        "Moscow",
        (),
        None,
    ),
]


def _row_id(row: Row) -> str:
    return f"{row[0].__name__}:{row[2]}"


@pytest.mark.parametrize("row", MULTI_WORD_ROWS + ONE_WORD_ROWS, ids=_row_id)
def test_each_rule_decides_on_its_phrases(row: Row) -> None:
    rule, text, phrase, known, expected = row
    finder, run = _read(text, phrase, known)
    assert _describe(finder, rule(finder, Candidate(finder.doc, run))) == expected


@pytest.mark.parametrize(
    ("text", "phrase", "known", "deciding"),
    [
        # the person-and-affiliation split comes before any kind read from the words
        (
            "Sen. Tom Carper of Delaware said no.",
            "Sen. Tom Carper of Delaware",
            (),
            "person_of_organisation",
        ),
        # a role-only run is dropped before the organisation rules see it
        ("The Russian President arrived.", "Russian President", (), "bare_role"),
        (
            "Director of the Food and Drug Administration spoke.",
            "Director of the Food and Drug Administration",
            (),
            "title_before_organisation",
        ),
        ("The Secretary General arrived.", "Secretary General", (), "bare_description"),
        ("She was born in New Hampshire in 1950.", "New Hampshire", (), "placed_name"),
        ("He met Ross Smith.", "Ross Smith", (), "person_by_cue"),
        ("The Winter Carnival drew crowds.", "Winter Carnival", (), None),
        # one word: a known actor wins over every kind read from the word itself
        ("Russia said no.", "Russia", (("Russia", "country"),), "known_actor"),
        ("Russia said no.", "Russia", (), "acting_country"),
        ("He had a grade IV tumour removed.", "IV", (), "roman_numeral"),
        ("They visited the IAEA yesterday.", "IAEA", (), "acronym_in_passing"),
        ("They met Xylo.", "Xylo", (), None),
    ],
)
def test_the_first_rule_that_decides_wins(
    text: str, phrase: str, known: tuple[tuple[str, str], ...], deciding: str | None
) -> None:
    finder, run = _read(text, phrase, known)
    rule, _ = decide(finder, run, one_word=len(run.tokens) == 1)
    assert (rule.__name__ if rule else None) == deciding


def test_every_rule_is_named_documented_and_tested() -> None:
    tested = {row[0] for row in MULTI_WORD_ROWS + ONE_WORD_ROWS}
    for rules in (MULTI_WORD_RULES, ONE_WORD_RULES):
        assert len({r.__name__ for r in rules}) == len(rules)
        for rule in rules:
            assert rule.__doc__ and rule.__doc__.strip(), rule.__name__
            assert rule in tested, rule.__name__
