"""Scoring (BRIEF.md §5): gold against itself is perfect; each fault moves exactly its metric.

The perfect prediction is the gold brief turned into a pipeline ``Brief``; each
test breaks it the way a summariser does and checks the scores against values
worked out by hand from the gold file (news-asylum: 17 actors, 2 quotes, 5
figures, 11 claims).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fakes import REPO

from summarizer.evals.cases import (
    Case,
    Items,
    brief_items,
    discover_cases,
    gold_brief,
    gold_items,
    load_case,
)
from summarizer.evals.scoring import (
    CaseScore,
    describe,
    grounding_rate,
    prf,
    schema_errors,
    score_claims,
    score_items,
)
from summarizer.sameness import actor_matches, normalise_unit, units_agree
from summarizer.schema import Actor, Brief, Claim, Span

CASES = REPO / "evals" / "cases"
ALL_CASES = discover_cases(CASES)


@pytest.fixture(scope="module")
def asylum() -> Case:
    return load_case(CASES / "news-asylum")


def edited(brief: Brief, change: Callable[[dict[str, Any]], None]) -> Brief:
    data = brief.model_dump(mode="json")
    change(data)
    return Brief.model_validate(data)


def actor(name: str, kind: str, aliases: tuple[str, ...] = ()) -> Actor:
    return Actor.model_validate({"id": "a1", "name": name, "kind": kind, "aliases": list(aliases)})


def score(case: Case, brief: Brief) -> CaseScore:
    return score_items(brief_items(brief), gold_items(case))


def values(s: CaseScore) -> dict[str, float]:
    """Every number the scorer reports, flattened: ``quotes.strict_f1`` etc."""
    out = {"headline": s.headline}
    for name, field in s.fields.items():
        out |= {
            f"{name}.precision": field.precision,
            f"{name}.recall": field.recall,
            f"{name}.f1": field.f1,
        }
        out |= {f"{name}.{k}": v for k, v in field.extras.items() if v is not None}
    return out


def changed(s: CaseScore) -> dict[str, float]:
    """The reported numbers that are no longer 1.0."""
    return {k: v for k, v in values(s).items() if v != pytest.approx(1.0)}


@pytest.mark.parametrize("case", ALL_CASES, ids=[c.id for c in ALL_CASES])
def test_gold_against_itself_is_perfect_everywhere(case: Case) -> None:
    brief = gold_brief(case)
    result = score(case, brief)
    assert changed(result) == {}
    assert not result.quotes.misses and not result.quotes.false_positives
    assert grounding_rate(brief_items(brief), case.text) == 1.0
    assert schema_errors(brief) == []


def test_every_gold_file_loads_without_problems() -> None:
    assert len(ALL_CASES) >= 25
    problems = [str(p) for case in ALL_CASES for p in case.problems]
    assert problems == []


def test_deleting_an_actor_costs_actor_recall_only(asylum: Case) -> None:
    def drop_thailand(d: dict[str, Any]) -> None:
        thailand = next(a for a in d["actors"] if a["name"] == "Thailand")
        d["actors"].remove(thailand)
        for claim in d["claims"]:
            claim["actors"] = [a for a in claim["actors"] if a != thailand["id"]]

    result = score(asylum, edited(gold_brief(asylum), drop_thailand))
    recall = 16 / 17
    f1 = 2 * recall / (1 + recall)
    assert changed(result) == pytest.approx(
        {
            "actors.recall": recall,
            "actors.f1": f1,
            "headline": 1 - 0.2 * (1 - f1),
        }
    )
    assert [gold_items(asylum).actors[j].name for j in result.actors.misses] == ["Thailand"]


def test_merging_two_actors_into_one_is_visible(asylum: Case) -> None:
    def merge(d: dict[str, Any]) -> None:
        united_states = next(a for a in d["actors"] if a["name"] == "United States")
        department = next(a for a in d["actors"] if a["name"] == "US State Department")
        united_states["aliases"] += [department["name"], *department["aliases"]]
        d["actors"].remove(department)
        for claim in d["claims"]:
            claim["actors"] = [a for a in claim["actors"] if a != department["id"]]
            if claim["source"] == department["id"]:
                claim["source"] = united_states["id"]

    result = score(asylum, edited(gold_brief(asylum), merge))
    recall = 16 / 17
    assert changed(result) == pytest.approx(
        {
            "actors.recall": recall,
            "actors.f1": 2 * recall / (1 + recall),
            "headline": 1 - 0.2 * (1 - 2 * recall / (1 + recall)),
        }
    )


def test_a_wrong_kind_costs_kind_accuracy_only(asylum: Case) -> None:
    def org(d: dict[str, Any]) -> None:
        next(a for a in d["actors"] if a["name"] == "Malaysia")["kind"] = "organization"

    result = score(asylum, edited(gold_brief(asylum), org))
    assert changed(result) == pytest.approx({"actors.kind_accuracy": 16 / 17})


def test_misattributed_quote_costs_speaker_accuracy_and_strict_f1(asylum: Case) -> None:
    def swap(d: dict[str, Any]) -> None:
        najib = next(a for a in d["actors"] if a["name"] == "Najib Razak")
        rathke_quote = next(q for q in d["quotes"] if q["speaker_name"] == "Jeff Rathke")
        rathke_quote.update(speaker=najib["id"], speaker_name=najib["name"])

    result = score(asylum, edited(gold_brief(asylum), swap))
    assert changed(result) == pytest.approx(
        {
            "quotes.speaker_accuracy": 0.5,
            "quotes.strict_precision": 0.5,
            "quotes.strict_recall": 0.5,
            "quotes.strict_f1": 0.5,
            "headline": 1 - 0.3 * 0.5,
        }
    )


def test_splitting_a_quote_costs_nothing(asylum: Case) -> None:
    def split(d: dict[str, Any]) -> None:
        quote = d["quotes"][1]
        start, end = quote["spans"][0]["start"], quote["spans"][0]["end"]
        cut = asylum.text.index(" ", (start + end) // 2)
        second = {
            **quote,
            "id": "q3",
            "text": asylum.text[cut + 1 : end],
            "spans": [{"start": cut + 1, "end": end}],
        }
        quote.update(text=asylum.text[start:cut], spans=[{"start": start, "end": cut}])
        d["quotes"].append(second)

    brief = edited(gold_brief(asylum), split)
    assert len(brief.quotes) == 3
    assert changed(score(asylum, brief)) == {}
    assert grounding_rate(brief_items(brief), asylum.text) == 1.0


def test_merging_consecutive_quotes_of_one_speaker_costs_nothing() -> None:
    case = load_case(CASES / "interview-daly")

    def merge(d: dict[str, Any]) -> None:
        first, second = d["quotes"][0], d["quotes"][1]
        start, end = first["spans"][0]["start"], second["spans"][0]["end"]
        first.update(text=case.text[start:end], spans=[{"start": start, "end": end}])
        d["quotes"].remove(second)

    brief = edited(gold_brief(case), merge)
    assert len(brief.quotes) == len(case.gold.quotes) - 1
    assert changed(score(case, brief)) == {}


def test_an_invented_quote_costs_quote_precision(asylum: Case) -> None:
    def invent(d: dict[str, Any]) -> None:
        # A passage the article does not present as a quote: the first line.
        end = asylum.text.index("\n")
        d["quotes"].append(
            {
                "id": "q9",
                "text": asylum.text[:end],
                "speaker": None,
                "speaker_name": None,
                "spans": [{"start": 0, "end": end}],
                "grounding": "exact",
            }
        )

    result = score(asylum, edited(gold_brief(asylum), invent))
    assert changed(result) == pytest.approx(
        {
            "quotes.precision": 2 / 3,
            "quotes.f1": 0.8,
            "quotes.strict_precision": 2 / 3,
            "quotes.strict_f1": 0.8,
            "headline": 1 - 0.3 * 0.2,
        }
    )


def test_a_quote_that_is_not_in_the_article_is_ungrounded(asylum: Case) -> None:
    def paraphrase(d: dict[str, Any]) -> None:
        d["quotes"][0]["text"] = "We talk to everyone who wants to solve this crisis"

    brief = edited(gold_brief(asylum), paraphrase)
    # Two quotes and five figures; the paraphrased quote's span no longer holds its text.
    assert grounding_rate(brief_items(brief), asylum.text) == pytest.approx(6 / 7)


def test_a_wrong_number_costs_numbers_precision_and_recall(asylum: Case) -> None:
    def wrong(d: dict[str, Any]) -> None:
        next(f for f in d["numbers"] if f["text"] == "8000")["value"] = 9000

    result = score(asylum, edited(gold_brief(asylum), wrong))
    assert changed(result) == pytest.approx(
        {
            "numbers.precision": 0.8,
            "numbers.recall": 0.8,
            "numbers.f1": 0.8,
            "headline": 1 - 0.2 * 0.2,
        }
    )


def test_numbers_tolerate_half_a_percent_and_unit_spellings(asylum: Case) -> None:
    def close(d: dict[str, Any]) -> None:
        figure = next(f for f in d["numbers"] if f["text"] == "8000")
        figure.update(value=8030, unit="Migrant")  # 0.375% off, singular, capitalised

    assert changed(score(asylum, edited(gold_brief(asylum), close))) == {}


def test_deleting_and_splitting_claims(asylum: Case) -> None:
    def delete(d: dict[str, Any]) -> None:
        d["claims"].pop()

    deleted = score(asylum, edited(gold_brief(asylum), delete))
    similarity = deleted.claims.extras.pop("mean_similarity")
    assert changed(deleted) == pytest.approx(
        {
            "claims.recall": 10 / 11,
            "claims.f1": 20 / 21,
            "headline": 1 - 0.3 * (1 - 20 / 21),
        }
    )
    # Ten claims still have an exact twin; the deleted one only a partial overlap at best.
    assert similarity is not None and 10 / 11 <= similarity < 1

    def split(d: dict[str, Any]) -> None:
        last = d["claims"][-1]
        assert last["text"].endswith("8000 migrants may be currently at sea in the region.")
        last["text"] = "Estimates suggest 8000 migrants may be currently at sea."
        d["claims"].append({**last, "id": "c12", "text": "They are in the region."})

    result = score(asylum, edited(gold_brief(asylum), split))
    # One half still matches its gold claim, the other matches nothing: one false positive.
    assert result.claims.precision == pytest.approx(11 / 12)
    assert result.claims.recall == 1.0
    assert result.headline == pytest.approx(1 - 0.3 * (1 - 22 / 23))
    assert result.claims.false_positives == (11,)


def test_claims_are_matched_one_to_one() -> None:
    text = "The crane collapse killed 107 people in Mecca."
    claim = Claim(id="c1", text=text, evidence=[Span(start=0, end=len(text))])
    twice = score_claims([claim, claim], [claim])
    assert (twice.precision, twice.recall) == (0.5, 1.0)
    assert len(twice.pairs) == 1 and twice.false_positives == (1,)


def test_empty_sides() -> None:
    both_empty = prf(0, 0, 0, 0)
    assert (both_empty.precision, both_empty.recall, both_empty.f1) == (1, 1, 1)
    nothing_to_find = prf(0, 2, 0, 0)
    assert (nothing_to_find.precision, nothing_to_find.recall, nothing_to_find.f1) == (0, 1, 0)
    nothing_found = prf(0, 0, 0, 3)
    assert (nothing_found.precision, nothing_found.recall, nothing_found.f1) == (1, 0, 0)


def test_a_prediction_with_nothing_scores_zero_but_recall_rules(asylum: Case) -> None:
    def empty(d: dict[str, Any]) -> None:
        for key in ("actors", "quotes", "numbers", "claims"):
            d[key] = []

    result = score(asylum, edited(gold_brief(asylum), empty))
    assert result.headline == 0.0
    assert all(f.precision == 1.0 and f.recall == 0.0 for f in result.fields.values())


@pytest.mark.parametrize(
    ("predicted", "gold", "expected"),
    [
        (actor("Mr. Rathke", "person"), actor("Jeff Rathke", "person"), True),
        (actor("J. Rathke", "person"), actor("Jeff Rathke", "person"), True),
        (actor("Bob Rathke", "person"), actor("Jeff Rathke", "person"), False),
        (actor("Rathke", "organization"), actor("Jeff Rathke", "person"), False),
        (
            actor("State Department", "organization"),
            actor("US State Department", "organization", ("State Department",)),
            True,
        ),
        (actor("Kaminski", "person"), actor("Mariusz Kamiński", "person"), True),
        (
            actor("US", "country"),
            actor("United States", "country", ("US", "Washington")),
            True,
        ),
    ],
)
def test_actor_rule(predicted: Actor, gold: Actor, expected: bool) -> None:
    assert actor_matches(predicted, gold) is expected


def test_an_alias_of_the_prediction_does_not_match() -> None:
    merged = actor("Barack Obama", "person", ("Michelle Obama",))
    assert not actor_matches(merged, actor("Michelle Obama", "person"))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("USD", "$"),
        ("US dollars", "USD"),
        ("euros", "EUR"),
        ("NZ$", "NZD"),
        ("%", "percent"),
        ("per cent", "percent"),
        ("persons", "people"),
        ("km", "kilometres"),
        ("asylum seekers", "seekers"),
        ("Russian spies", "spies"),
        ("years", "year"),
    ],
)
def test_units_that_agree(a: str, b: str) -> None:
    assert units_agree(a, b)


@pytest.mark.parametrize(
    ("a", "b"), [("USD", "EUR"), ("people", "troops"), ("percent", "people"), ("years", "days")]
)
def test_units_that_differ(a: str, b: str) -> None:
    assert not units_agree(a, b)


def test_unit_normal_forms() -> None:
    assert [normalise_unit(u) for u in ("Dollars", "£", "Per Cent", "Kilometers")] == [
        "USD",
        "GBP",
        "percent",
        "kilometre",
    ]


def test_loaded_case_is_the_article_as_the_pipeline_reads_it(tmp_path: Path) -> None:
    source = CASES / "news-asylum"
    target = tmp_path / "news-asylum"
    target.mkdir()
    (target / "article.txt").write_bytes(
        b"\xef\xbb\xbf" + (source / "article.txt").read_bytes().replace(b"\n", b"\r\n")
    )
    (target / "gold.yaml").write_bytes((source / "gold.yaml").read_bytes())
    case = load_case(target)
    assert case.text == load_case(source).text
    assert changed(score(case, gold_brief(case))) == {}


def test_a_leading_article_does_not_make_another_name() -> None:
    gold = actor("The Straits Times", "organization")
    assert actor_matches(actor("Straits Times", "organization"), gold)
    assert not actor_matches(actor("Times", "organization"), gold)


def test_a_gold_quote_not_in_the_article_is_a_miss_with_no_spans(tmp_path: Path) -> None:
    source = CASES / "news-asylum"
    target = tmp_path / "news-asylum"
    target.mkdir()
    (target / "article.txt").write_bytes((source / "article.txt").read_bytes())
    gold = (source / "gold.yaml").read_text(encoding="utf-8")
    extra = "  - text: Nobody said these words anywhere\n    speaker: a bystander\nnumbers:\n"
    (target / "gold.yaml").write_text(gold.replace("numbers:\n", extra, 1), encoding="utf-8")
    case = load_case(target)
    unlocated = gold_items(case).quotes[2]
    assert (unlocated.spans, unlocated.speaker, unlocated.speaker_name) == ([], None, "a bystander")
    result = score(case, gold_brief(case))
    assert result.quotes.misses == (2,)
    assert (result.quotes.precision, result.quotes.recall) == (1.0, pytest.approx(2 / 3))
    assert describe(unlocated) == {
        "text": "Nobody said these words anywhere",
        "speaker": "a bystander",
        "spans": [],
    }


def test_who_a_quote_is_scored_as_spoken_by(asylum: Case) -> None:
    brief = gold_brief(asylum)
    items = gold_items(asylum)
    first, second = items.quotes
    assert items.speaker(first) == asylum_actor(items, "Najib Razak")
    bare = second.model_copy(update={"speaker": None, "speaker_name": "a spokesman"})
    assert items.speaker(bare) == Actor(id="", name="a spokesman", kind="other")
    assert items.speaker(bare.model_copy(update={"speaker_name": None})) is None

    def unlisted(d: dict[str, Any]) -> None:
        d["quotes"][0]["speaker"] = None

    predicted = brief_items(edited(brief, unlisted))
    assert brief.quotes[0].speaker_name == "Najib Razak"
    assert predicted.quotes[0].speaker_name is None
    assert predicted.speaker(predicted.quotes[0]) is None


def asylum_actor(items: Items, name: str) -> Actor:
    return next(a for a in items.actors if a.name == name)
