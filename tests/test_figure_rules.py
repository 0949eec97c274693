"""Figure rules about the language: one row per rule, with exact offsets.

Each row is an invented sentence and every figure the engine must find in it, as
(start, end, value, unit, qualifier, what). The same figures must also survive
grounding at the same spans, so a figure whose words do not read as its value
fails its row too.
"""

from __future__ import annotations

import pytest

from summarizer.align import ArticleIndex
from summarizer.extractive import extract
from summarizer.extractive.document import Document
from summarizer.extractive.figures import FigureFinder
from summarizer.grounding import ground
from summarizer.grounding.model import place

Draft = tuple[int, int, float, str, str, str]

RULES: list[tuple[str, list[Draft]]] = [
    # a range of shares: the percent sign of the last end makes the first a share too
    (
        "About 20 to 25 percent of our players are women.",
        [
            (0, 22, 20.0, "percent", "about", "share of our players"),
            (12, 22, 25.0, "percent", "exact", "share of our players"),
        ],
    ),
    (
        "I'd say 60 or 70 percent of the show is improvised.",
        [
            (8, 24, 60.0, "percent", "exact", "share of the show"),
            (14, 24, 70.0, "percent", "exact", "share of the show"),
        ],
    ),
    # a share of nothing the words name is a share, not "percent" or "of it"
    (
        "I'd say 60 or 70 percent of it is improvised.",
        [
            (8, 24, 60.0, "percent", "exact", "share"),
            (14, 24, 70.0, "percent", "exact", "share"),
        ],
    ),
    (
        "The poll put him at 13 percent, 14 points behind.",
        [
            (20, 30, 13.0, "percent", "exact", "share"),
            (32, 34, 14.0, "points", "exact", "points"),
        ],
    ),
    (
        "It has 13 percent, with 24 percent undecided.",
        [
            (7, 17, 13.0, "percent", "exact", "share"),
            (24, 34, 24.0, "percent", "exact", "share undecided"),
        ],
    ),
    # whose share: a name that wins it, also in the list that goes on without the verb
    (
        "Rubio polled eight percent and Bush seven percent.",
        [
            (13, 26, 8.0, "percent", "exact", "Rubio's share"),
            (36, 49, 7.0, "percent", "exact", "Bush's share"),
        ],
    ),
    # what a share measures, named before it
    (
        "The claim acceptance rate is already above 95%.",
        [(37, 46, 95.0, "percent", "more than", "claim acceptance rate")],
    ),
    (
        "The goal is to decrease IE6 users to less than one percent.",
        [(37, 58, 1.0, "percent", "less than", "IE6 users")],
    ),
    (
        "They are getting one-eighth of 1 percent.",
        [
            (17, 27, 12.5, "percent", "exact", "share"),
            (31, 40, 1.0, "percent", "exact", "share"),
        ],
    ),
    (
        "Median household income finally reached $56,746 last year.",
        [(40, 47, 56746.0, "USD", "exact", "household income")],
    ),
    ("The deal deprived the government of $35 billion.", [(36, 47, 35e9, "USD", "exact", "money")]),
    (
        "It has dropped to approximately 56 percent today.",
        [(18, 42, 56.0, "percent", "about", "share")],
    ),
    # the scale only the last end spells out is the first end's too: its words run to it
    (
        "Probably five or six thousand people came.",
        [
            (9, 29, 5000.0, "people", "exact", "people"),
            (17, 29, 6000.0, "people", "exact", "people"),
        ],
    ),
    (
        "They asked for two to three million euros.",
        [
            (15, 35, 2_000_000.0, "EUR", "exact", "euros"),
            (22, 35, 3_000_000.0, "EUR", "exact", "euros"),
        ],
    ),
    # alternatives said in speech: both ends count the noun after the last
    (
        "I'd go two or three times.",
        [(7, 10, 2.0, "times", "exact", "times"), (14, 19, 3.0, "times", "exact", "times")],
    ),
    # one unit and half of another
    ("I lived there for a year and a half.", [(18, 35, 1.5, "years", "exact", "years")]),
    (
        "The show ran nearly an hour and a half.",
        [(13, 38, 1.5, "hours", "about", "hours")],
    ),
    # how often: "once" counts only with a rate or "or twice"
    (
        "We rehearse once a week and tour twice a year.",
        [
            (12, 23, 1.0, "times", "exact", "times a week"),
            (33, 45, 2.0, "times", "exact", "times a year"),
        ],
    ),
    (
        "I have read it once or twice.",
        [(15, 28, 1.0, "times", "exact", "times"), (23, 28, 2.0, "times", "exact", "times")],
    ),
    ("I once met him, and it happened once.", []),
    (
        "He trains three times a week.",
        [(10, 15, 3.0, "times", "exact", "times a week")],
    ),
    (
        "Between 500 and 2 million people watched.",
        [
            (8, 11, 500.0, "people", "exact", "people watched"),
            (16, 25, 2_000_000.0, "people", "exact", "people watched"),
        ],
    ),
    # a stated unit beats the age reading
    (
        "She developed eczema at the age of four months.",
        [(35, 39, 4.0, "months", "exact", "months")],
    ),
    (
        "I'm six feet tall and I'm 40.",
        [(4, 7, 6.0, "feet", "exact", "feet"), (26, 28, 40.0, "years", "exact", "age")],
    ),
    # ranks, and "in" as a preposition rather than inches
    ("The website rose to number 3 in the charts.", []),
    ("It was 3 in the morning.", []),
    # the head of the noun phrase named before the number is what it counts
    (
        "The pan-democrats' seats in the functional constituencies increased from 9 to 10.",
        [(73, 74, 9.0, "seats", "exact", "seats"), (78, 80, 10.0, "seats", "exact", "seats")],
    ),
    (
        "The raise brought the number of battlegroups in Eastern Europe to eight.",
        [(66, 71, 8.0, "battlegroups", "exact", "battlegroups")],
    ),
    ("Trump hopes he gets close to 1,237.", []),
    ("Hillary Clinton leads Bernie Sanders 1,428 to 1,153 in pledged delegates.", []),
    # a range joins two quantities of one kind, and its closing end opens none
    (
        "Revenue dipped 1.3 percent to $191.6 million.",
        [
            (15, 26, 1.3, "percent", "exact", "revenue"),
            (30, 44, 191_600_000.0, "USD", "exact", "money"),
        ],
    ),
    (
        "It was 66 percent among voters aged 30 to 44 and more than 70 percent among the rest.",
        [
            (7, 17, 66.0, "percent", "exact", "share among voters"),
            (36, 38, 30.0, "years", "exact", "age"),
            (42, 44, 44.0, "years", "exact", "age"),
            (49, 69, 70.0, "percent", "more than", "share among the rest"),
        ],
    ),
    # "dozen" scales a number
    ("We had two dozen donors.", [(7, 16, 24.0, "donors", "exact", "donors")]),
    ("He cited it at least a half-dozen times.", [(12, 33, 6.0, "times", "at least", "times")]),
    # "one" is a count when the sentence marks it as one and a singular noun follows
    (
        "The Times only quoted one stanza of the poem.",
        [(22, 25, 1.0, "stanzas", "exact", "stanza")],
    ),
    ("At least one person was hurt.", [(0, 12, 1.0, "people", "at least", "person")]),
    ("We have just one small office.", [(13, 16, 1.0, "offices", "exact", "office")]),
    ("The FBI is just one of many federal agencies.", []),
    (
        "Only one candidate gets majority control.",
        [(5, 8, 1.0, "candidates", "exact", "candidate")],
    ),
    ("She is the only one strong enough to win.", []),
    ("It's one of the best things I've done.", []),
    ("There is only one way to do it.", []),
    ("China could one day dominate the market.", []),
    # people counted by "of us" or by a verb that harms them
    ("There are seven of us in the band.", [(10, 15, 7.0, "people", "exact", "people")]),
    (
        "The blast killed 14 and wounded at least 20.",
        [
            (17, 19, 14.0, "people", "exact", "people"),
            (32, 43, 20.0, "people", "at least", "people"),
        ],
    ),
    # a hyphened noun that names a kind counts nothing; one that is counted does
    ("The two-party system is broken.", []),
    ("It's a two-way street.", []),
    (
        "They ran a true 50-state poll.",
        [(16, 18, 50.0, "states", "exact", "states of the poll")],
    ),
    ("We stayed at a five-star hotel.", []),
    (
        "They face a two-term Clinton presidency.",
        [(12, 15, 2.0, "terms", "exact", "terms of the presidency")],
    ),
    (
        "They formed a three-nation alliance.",
        [(14, 19, 3.0, "nations", "exact", "nations of the alliance")],
    ),
    # ages: "now", a word for a person and commas, a name and brackets
    ("My son, who is now 14, plays the violin.", [(19, 21, 14.0, "years", "exact", "age")]),
    ("Our daughter, 7, loves the show.", [(14, 15, 7.0, "years", "exact", "age")]),
    ("Marco Rubio and Ted Cruz (45) are young.", [(26, 28, 45.0, "years", "exact", "age")]),
    ("At 16, I left home.", [(3, 5, 16.0, "years", "exact", "age")]),
    ("At 3, the shop opens.", []),
    # partitives: the noun after the second number belongs to both
    (
        "Sanders has won eight of the past nine contests.",
        [
            (16, 21, 8.0, "contests", "exact", "contests"),
            (34, 38, 9.0, "contests", "exact", "contests"),
        ],
    ),
    (
        "Trump gets 58 of the 98 delegates.",
        [
            (11, 13, 58.0, "delegates", "exact", "delegates"),
            (21, 23, 98.0, "delegates", "exact", "delegates"),
        ],
    ),
    # "and a half" joined by hyphens
    (
        "It happened over the past seven-and-a-half years.",
        [(26, 42, 7.5, "years", "exact", "years")],
    ),
    # a time or a rate after the number is not what it counts
    ("We get about 3,000 a year.", []),
    ("We see about 3,000 visitors a year.", [(7, 18, 3000.0, "visitors", "about", "visitors")]),
    # ranges said with a comma in speech: a rising pair of numbers of one kind
    (
        "It took three, four years to get it right.",
        [(8, 13, 3.0, "years", "exact", "years"), (15, 19, 4.0, "years", "exact", "years")],
    ),
    ("I've got 3 kids: 12, 9 and 4.", [(9, 10, 3.0, "kids", "exact", "kids")]),
    (
        "It is not 100,000, 200,000 or 250,000 refugees.",
        [
            (19, 26, 200_000.0, "refugees", "exact", "refugees"),
            (30, 37, 250_000.0, "refugees", "exact", "refugees"),
        ],
    ),
    # "scores of" is a vague quantity; "the scores" of a match are not
    (
        "Scores of people were hurt in the crash.",
        [(0, 6, 20.0, "people", "at least", "people hurt in the crash")],
    ),
    ("The scores were level at half time of the match.", []),
    # a count stated after the noun it counts
    ("The number of members is about 500.", [(25, 34, 500.0, "members", "about", "members")]),
    # labels in a series
    ("In season 2 we filmed 12 episodes.", [(22, 24, 12.0, "episodes", "exact", "episodes")]),
    ("It was game 7 of the series.", []),
    # what a figure counts is a noun phrase: no unit abbreviation, possessive, dangling
    # infinitive or name cut short
    (
        "Winds were measured at 200 km / h.",
        [(23, 26, 200.0, "kilometres per hour", "exact", "kilometres per hour")],
    ),
    (
        "He was first in the 15-member committee's tour.",
        [(20, 22, 15.0, "members", "exact", "members of the committee")],
    ),
    (
        "She needs 1,237 delegates needed to clinch it.",
        [(10, 15, 1237.0, "delegates", "exact", "delegates needed")],
    ),
    (
        "They deported 3,000 Afghan refugees rejected by Prime Minister Tony Abbott.",
        [(14, 19, 3000.0, "refugees", "exact", "Afghan refugees rejected")],
    ),
    (
        "Then the stock fell 5 percent.",
        [(20, 29, 5.0, "percent", "exact", "stock")],
    ),
    (
        "Iodine is added to only 10 per cent of Australian salt.",
        [(24, 35, 10.0, "percent", "exact", "share of Australian salt")],
    ),
    # the noun a share measures is in its sentence, is no fraction and no unit
    (
        "Almost half of her support (44 percent) comes from women.",
        [
            (0, 11, 50.0, "percent", "about", "share of her support"),
            (28, 38, 44.0, "percent", "exact", "share"),
        ],
    ),
    (
        "She is up 9.2 percentage points at 49.2 percent.",
        [
            (10, 13, 9.2, "percentage points", "exact", "percentage points"),
            (35, 47, 49.2, "percent", "exact", "share"),
        ],
    ),
    (
        "It differs from firms of comparable size. About 58 percent of American companies fund "
        "leave.",
        [(42, 58, 58.0, "percent", "about", "share of American companies")],
    ),
    # a year before a verb and its object; "zero" counts only a plural noun after it
    ("The end of 2015 leaves the race open.", []),
    (
        "His group plans to zero in on local issues. There were zero casualties.",
        [(55, 59, 0.0, "casualties", "exact", "casualties")],
    ),
    ("It was a zero-sum game.", []),
    # a preposition before the counted noun is no part of it
    (
        "It was 516 to 39 among superdelegates.",
        [
            (7, 10, 516.0, "superdelegates", "exact", "superdelegates"),
            (14, 16, 39.0, "superdelegates", "exact", "superdelegates"),
        ],
    ),
    # a ratio is a share of the noun after it
    (
        "Nine out of ten dentists agree.",
        [(0, 15, 90.0, "percent", "about", "share of dentists")],
    ),
    ("Nine out of ten said yes.", [(0, 15, 90.0, "percent", "about", "share")]),
    # a bare number that answers a question for a count counts what it asks for
    (
        "Q: How many albums have you made?\nA: Eleven, if you count the live one.",
        [(37, 43, 11.0, "albums", "exact", "albums")],
    ),
    ("How many of you came? About 40.", []),
    # "a couple" without "of", "half the", and a fraction of a scale word
    ("I've done it a couple times.", [(13, 21, 2.0, "times", "about", "times")]),
    ("Half the time we improvise.", [(0, 4, 50.0, "percent", "exact", "share of the time")]),
    ("Half the songs are new.", [(0, 4, 50.0, "percent", "exact", "share of the songs")]),
    (
        "It cost us a quarter of a million dollars.",
        [(11, 33, 250_000.0, "USD", "exact", "dollars")],
    ),
    # a year after "all", a sum hyphened to a rate, and a share's "of" phrase first
    ("Advocates lean on all 2016 campaigns to act.", []),
    ("He wants a $15-an-hour minimum wage.", [(11, 14, 15.0, "USD", "exact", "money")]),
    (
        "Iowa, where 43 percent of Democrats self-identify as socialists.",
        [(12, 22, 43.0, "percent", "exact", "share of Democrats")],
    ),
    (
        "Clinton polled 90% of the delegates needed.",
        [(15, 18, 90.0, "percent", "exact", "share of the delegates")],
    ),
    # the noun after a sum names what it buys, a word for when does not
    ("They won a $50,000 prize.", [(11, 18, 50_000.0, "USD", "exact", "prize")]),
    ("The campaign raised $5 million today.", [(20, 30, 5e6, "USD", "exact", "money")]),
    # web addresses, titles and "think twice" hold no figure
    ("Listen at www.radio.com/show/45 episodes.", []),
    ("We have 45 songs on http://x.com now.", [(8, 10, 45.0, "songs", "exact", "songs")]),
    ("The album is called 21 Songs.", []),
    ("You have to think twice about it.", []),
    # manners of speaking and patterns of numbers
    ('It was "100 percent committed" to the process.', []),
    (
        "Rubio is following a 3-2-1 strategy with 11 aides.",
        [(41, 43, 11.0, "aides", "exact", "aides")],
    ),
]


def drafts(text: str) -> list[Draft]:
    found = FigureFinder(Document(text)).run()
    return [(f.start, f.end, f.value, f.unit, f.qualifier, f.what) for f in found]


@pytest.mark.parametrize(("text", "expected"), RULES)
def test_figure_rule(text: str, expected: list[Draft]) -> None:
    assert drafts(text) == expected


@pytest.mark.parametrize(("text", "expected"), [row for row in RULES if row[1]])
def test_figure_rule_survives_grounding(text: str, expected: list[Draft]) -> None:
    result = ground(extract(text), ArticleIndex(text))
    kept = sorted((*place(f), f.value, f.unit) for f in result.figures)
    assert kept == sorted((a, b, value, unit) for a, b, value, unit, _, _ in expected)
