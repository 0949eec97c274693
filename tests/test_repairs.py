"""Repairs: which items are asked about, in which words, and how corrections merge."""

from __future__ import annotations

import json

import pytest

from summarizer.grounding import ItemKind, Outcome, Problem
from summarizer.providers.repairs import (
    Failing,
    Repairs,
    apply_repairs,
    failing_items,
    plain_numbers,
    repair_messages,
    repair_text,
    worth_repair,
)
from summarizer.schema import Extraction

EXTRACTION = Extraction.model_validate(
    {
        "summary": "A budget.",
        "actors": [{"name": "Ana Ruiz", "kind": "person"}, {"name": "Nobody", "kind": "person"}],
        "quotes": [
            {"text": "We will act.", "speaker": "Ana Ruiz"},
            {"text": "We will never act.", "speaker": "Ana Ruiz"},
        ],
        "numbers": [
            {"text": "2 million", "value": 2e6, "unit": "EUR", "what": "budget"},
            {"text": "3", "value": 3, "unit": "schools", "what": "new schools"},
        ],
        "claims": [{"text": "Taxes rise.", "source": None}],
    }
)


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("reads as 2e+06", "reads as 2000000"),
        ("value 1.5e+07 and 2.5E3", "value 15000000 and 2500"),
        ("3e-05 of it", "0.00003 of it"),
        ("no numbers here", "no numbers here"),
        ("covid19e5 and x2e+06y", "covid19e5 and x2e+06y"),  # inside words: left alone
        ("7.25", "7.25"),
    ],
)
def test_numbers_in_scientific_notation_are_written_out(text: str, plain: str) -> None:
    assert plain_numbers(text) == plain


def test_problems_group_by_item_and_skip_what_was_declined() -> None:
    problems = [
        Problem("quote", 1, "quotes[1]", "this text does not occur in the article", "quote it"),
        Problem("figure", 0, "numbers[0]", "the value does not match, which reads as 2e+06"),
        Problem("quote", 1, "quotes[1]", "its speaker 'X' is not among the actors", "", "ctx"),
        Problem("quote", 1, "quotes[1]", "this text does not occur in the article", "quote it"),
        Problem("claim", 0, "claims[0]", "no sentence of the article supports it"),
    ]
    found = failing_items(problems, skip={("claim", 0)})
    assert found == [
        Failing(
            "quote",
            1,
            (
                "this text does not occur in the article; quote it",
                "its speaker 'X' is not among the actors",
            ),
            "",
        ),
        Failing("figure", 0, ("the value does not match, which reads as 2000000",), ""),
    ]


@pytest.mark.parametrize(
    ("kind", "outcome", "repair", "worth"),
    [
        ("quote", "dropped", True, True),
        ("figure", "dropped", True, True),
        ("claim", "dropped", False, True),  # what was dropped is always asked again
        ("claim", "unattributed", True, True),  # a source the answer names but does not list
        ("quote", "unattributed", True, True),  # the article refers it to another person
        ("quote", "unattributed", False, False),  # the article confirms no speaker
        ("quote", "claim", False, False),  # reported speech, kept as a claim
        ("summary", "flagged", False, False),
    ],
)
def test_only_what_a_repair_can_improve_is_asked_again(
    kind: ItemKind, outcome: Outcome, repair: bool, worth: bool
) -> None:
    problem = Problem(kind, 0, "item", "reason", outcome=outcome, repair=repair)
    assert worth_repair(problem) is worth
    assert bool(failing_items([problem], skip=set())) is worth


def test_the_repair_message_lists_each_item_with_reason_and_context() -> None:
    failing = [
        Failing("quote", 1, ("this text does not occur in the article",), 'said "We will\n act."'),
        Failing("figure", 0, ("the value does not match the text",)),
        Failing("summary", 0, ("no sentence of the article supports it",)),
    ]
    assert repair_text(EXTRACTION, failing, "the repair_brief function") == (
        "These items of your brief do not match the article. Correct each one from the article "
        "and answer with the repair_brief function: each corrected item with its index, nothing "
        "else. Leave out an item that the article does not support; it will be dropped. To fix "
        "a speaker or source that is not among the actors, use a listed actor's name or add the "
        "actor (with index null).\n\n"
        'quotes[1] = {"text": "We will never act.", "speaker": "Ana Ruiz"}\n'
        "problem: this text does not occur in the article\n"
        'nearest article text: "said \\"We will act.\\""\n\n'
        'numbers[0] = {"text": "2 million", "value": 2000000, "unit": "EUR", '
        '"qualifier": "exact", "what": "budget"}\n'
        "problem: the value does not match the text\n\n"
        'summary = "A budget."\n'
        "problem: no sentence of the article supports it"
    )


def test_a_repair_request_is_the_first_request_plus_one_message() -> None:
    base = [{"role": "system", "content": "rules"}, {"role": "user", "content": "<article>"}]
    failing = [Failing("claim", 0, ("no sentence supports it",))]
    messages = repair_messages(base, EXTRACTION, failing, "JSON")
    assert messages[:2] == base and len(messages) == 3
    assert messages[2]["role"] == "user" and "claims[0] = " in messages[2]["content"]


def repairs(data: dict[str, object]) -> Repairs:
    return Repairs.model_validate_json(json.dumps(data))


def test_corrections_replace_only_the_listed_items() -> None:
    failing = [Failing("quote", 1, ("x",)), Failing("figure", 0, ("y",))]
    answer = repairs(
        {
            "quotes": [
                {"index": 1, "text": "We will act soon.", "speaker": "Ana Ruiz"},
                {"index": 0, "text": "Rewritten without being asked.", "speaker": None},
            ],
            "numbers": [
                {"index": 0, "text": "2 million", "value": 2000000, "unit": "EUR", "what": "b"}
            ],
        }
    )
    merged, declined = apply_repairs(EXTRACTION, answer, failing)
    assert [q.text for q in merged.quotes] == ["We will act.", "We will act soon."]
    assert merged.numbers[0].value == 2000000 and merged.numbers[0].what == "b"
    assert merged.numbers[1] == EXTRACTION.numbers[1]
    assert declined == set()


def test_items_left_out_or_sent_back_unchanged_are_declined() -> None:
    failing = [Failing("quote", 1, ("x",)), Failing("claim", 0, ("y",))]
    unchanged = {"index": 1, **EXTRACTION.quotes[1].model_dump()}
    merged, declined = apply_repairs(EXTRACTION, repairs({"quotes": [unchanged]}), failing)
    assert merged == EXTRACTION
    assert declined == {("quote", 1), ("claim", 0)}


def test_a_new_actor_is_added_and_an_index_out_of_range_ignored() -> None:
    failing = [Failing("quote", 1, ("its speaker 'Eva Lind' is not among the actors",))]
    answer = repairs(
        {
            "actors": [{"index": None, "name": "Eva Lind", "kind": "person"}],
            "quotes": [{"index": 7, "text": "Nope.", "speaker": None}],
        }
    )
    merged, declined = apply_repairs(EXTRACTION, answer, failing)
    assert [a.name for a in merged.actors] == ["Ana Ruiz", "Nobody", "Eva Lind"]
    assert merged.quotes == EXTRACTION.quotes
    assert declined == {("quote", 1)}


def test_the_summary_is_replaced_only_when_it_was_listed() -> None:
    answer = repairs({"summary": "A new summary."})
    unchanged, _ = apply_repairs(EXTRACTION, answer, [Failing("claim", 0, ("x",))])
    assert unchanged.summary == "A budget."
    fixed, declined = apply_repairs(EXTRACTION, answer, [Failing("summary", 0, ("x",))])
    assert fixed.summary == "A new summary." and declined == set()


def test_a_repair_answer_salvages_like_a_brief() -> None:
    answer = Repairs.model_validate_json(
        "Sure! ```json\n"
        + json.dumps({"quotes": {"index": 1, "text": "We act."}, "numbers": None})
        + "\n```"
    )
    assert [(q.index, q.text, q.speaker) for q in answer.quotes] == [(1, "We act.", None)]
    assert answer.numbers == []
