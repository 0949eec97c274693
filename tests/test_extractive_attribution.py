"""The attribution parser: cue, source before or after it, and how a source resolves."""

from __future__ import annotations

import pytest

from summarizer.extractive import extract
from summarizer.extractive.actors import ActorFinder
from summarizer.extractive.attribution import Attributor, _head_noun
from summarizer.extractive.document import Document
from summarizer.extractive.names import person_name


def speakers(text: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in extract(text).quotes]


def attributor(text: str) -> Attributor:
    doc = Document(text)
    return Attributor(doc, ActorFinder(doc).run())


# Each row: an article, then every quote it holds with the speaker the engine must give.
ATTRIBUTIONS = [
    # source before the cue, after the quote
    (
        'Jane Roe arrived on Monday. "We will appeal the ruling," Roe said.',
        [("We will appeal the ruling,", "Jane Roe")],
    ),
    # inverted cue: said + name, with an appositive after the name
    (
        '"The plan is dead on arrival," said Senator Mark Stone, a Republican from Ohio.',
        [("The plan is dead on arrival,", "Mark Stone")],
    ),
    # appositive between name and cue: the name, not the organisation in the appositive
    (
        'Matthew Ingram of The Globe and Mail said: "It is a long game for everyone involved."',
        [("It is a long game for everyone involved.", "Matthew Ingram")],
    ),
    # a description first, the name in apposition
    (
        'The company\'s chief executive, Ana Lopez, said "sales will double next year."',
        [("sales will double next year.", "Ana Lopez")],
    ),
    # a place after an organisation in an appositive is not the speaker
    (
        "Cynthia Thompson, curator at the University of Arkansas, Fayetteville, said, "
        '"These images document his every day life."',
        [("These images document his every day life.", "Cynthia Thompson")],
    ),
    # the cue before the quote inside indirect speech: the subject of "said", not the object
    (
        'Paul Ryan said that Ruth Ginsburg\'s comments "show bias against the candidate."',
        [("show bias against the candidate.", "Paul Ryan")],
    ),
    # "according to" names the source after it
    (
        'According to Reuters, "the Americans are trying to convince Turkey to send its systems."',
        [("the Americans are trying to convince Turkey to send its systems.", "Reuters")],
    ),
    # a statement of a named person speaks for that person
    (
        "Senator John Cornyn issued a statement. Cornyn's statement added, "
        '"Houston should have been selected as a final home."',
        [("Houston should have been selected as a final home.", "John Cornyn")],
    ),
    # a participle after a comma: the main clause's subject
    (
        'Mitt Romney went after Donald Trump on Wednesday, calling his refusal "disqualifying '
        'for a nominee of any party."',
        [("disqualifying for a nominee of any party.", "Mitt Romney")],
    ),
    # a clause introduced by a colon, no reporting verb
    (
        'Mitch McConnell delivered a blunt message to Trump: "It is time to quit attacking '
        'people you competed with."',
        [("It is time to quit attacking people you competed with.", "Mitch McConnell")],
    ),
    # a sentence opening with "Said"
    (
        'Said Dorothy Poynter, who grew up with him, "We were all so proud of him."',
        [("We were all so proud of him.", "Dorothy Poynter")],
    ),
    # a pronoun source: the person who is the subject of the sentence before
    (
        'Mayor Lisa Chan opened the bridge on Friday. "It took ten years to build," she said.',
        [("It took ten years to build,", "Lisa Chan")],
    ),
    # "A," she said, "B.": the second part has the same speaker
    (
        '"We are ready," Chief Ray Brown said, "and we have been for weeks."',
        [("We are ready,", "Ray Brown"), ("and we have been for weeks.", "Ray Brown")],
    ),
    # a dash credit after the quote
    (
        '"So far, it is the Internet one, Scientology nothing." - Matthew Ingram',
        [("So far, it is the Internet one, Scientology nothing.", "Matthew Ingram")],
    ),
    # any verb that takes a "that" clause reports
    (
        'Walter Hewlett sniped that Carly Fiorina was "learning on the job at our expense."',
        [("learning on the job at our expense.", "Walter Hewlett")],
    ),
    # two coordinated participles: each names its own speaker, not the next clause's
    (
        "Donald Trump met Paul Ryan. Both men issued a statement \u2013 Ryan saying he was "
        "\u201cvery encouraged by it\u201d and Trump calling it a \u201cgreat meeting.\u201d",
        [("very encouraged by it", "Paul Ryan"), ("great meeting.", "Donald Trump")],
    ),
    # a short sentence that announces the quote after it
    (
        'Dianne Bystrom of Iowa State University agreed. "Republicans are running out of time."',
        [("Republicans are running out of time.", "Dianne Bystrom")],
    ),
    # no cue at all: the person the clause is about
    (
        "Marco Rubio spoke in Ohio. Marco Rubio also bemoaned a climate in which people "
        '"literally hate each other."',
        [("literally hate each other.", "Marco Rubio")],
    ),
    # each sentence its own speaker: the next sentence's cue is not a trailing attribution
    (
        'Donald Trump said Hillary Clinton "caused death." Bernie Sanders called Trump a '
        '"pathological liar."',
        [("caused death.", "Donald Trump"), ("pathological liar.", "Bernie Sanders")],
    ),
    # a quote closed with the wrong curly mark
    (
        "\u201cIt is unusual,\u201c said Larry Noble, an attorney. \u201cIt is hard to do.\u201d",
        [("It is unusual,", "Larry Noble"), ("It is hard to do.", "Larry Noble")],
    ),
    # an attribution sentence after the quote, with an appositive or an object
    (
        '"How are you today?" Miller, a retired worker from a nuclear plant, said pleasantly.',
        [("How are you today?", "Miller")],
    ),
    (
        '"You think I am going to change?" Trump asked reporters during a news conference.',
        [("You think I am going to change?", "Trump")],
    ),
    # a cue that introduces the next quote is not the previous quote's attribution
    (
        '"We could have scored two or three goals." After the match, coach Nabil Maaloul '
        'said, "We were playing against a highly skilled team."',
        [
            ("We could have scored two or three goals.", None),
            ("We were playing against a highly skilled team.", "Nabil Maaloul"),
        ],
    ),
    # a clause coordinated with "and", a participle after a preposition
    (
        "As the crowd began to chant, Sarah Silverman was joined on stage by Al Franken and "
        'joked, "You are being ridiculous."',
        [("You are being ridiculous.", "Sarah Silverman")],
    ),
    (
        "Sarah Silverman, a Sanders supporter, incurred boos upon saying, "
        '"Hillary heard the passion of the people."',
        [("Hillary heard the passion of the people.", "Sarah Silverman")],
    ),
    # a description that fits the role a title gave: "the Vermont senator" is Sen. Sanders
    (
        "Sen. Bernie Sanders spoke in St. Louis. The Vermont senator told reporters that there "
        'are "a lot of very good and progressive" provisions.',
        [("a lot of very good and progressive", "Bernie Sanders")],
    ),
    # a quote inside the complement clause of a cue is the cue's source's, whatever names
    # the clause holds or the next sentence starts with
    (
        'Mayor Ann Lee claimed on Tuesday that "Governor Tom Hart got away with far less." '
        "Tom Hart said nothing.",
        [("Governor Tom Hart got away with far less.", "Ann Lee")],
    ),
    (
        'Judge Ruth Cole said she was "outraged" by the ruling.',
        [("outraged", "Ruth Cole")],
    ),
    (
        'Attorney General Lisa Madigan asserted that "trust in the police is broken." '
        "Senator Jo Park said Wednesday she, too, wants an inquiry.",
        [("trust in the police is broken.", "Lisa Madigan")],
    ),
    # a cue that is not asserted, or a clause that ends before the quote, is not it
    (
        'Dan Cole cannot say that "the numbers were cooked," Mary Fox added.',
        [("the numbers were cooked,", "Mary Fox")],
    ),
    (
        "When Anne Berg said that she would run, Paul Kim answered: "
        '"That changes everything for our party."',
        [("That changes everything for our party.", "Paul Kim")],
    ),
    # what continues the sentence after a quote is not its source
    (
        'Mark Rubin said he has begun "to unmask the true nature" of Tom Hart, his rival.',
        [("to unmask the true nature", "Mark Rubin")],
    ),
    (
        'Ted Cole said that there is "only one strong candidate left in this race," adding '
        'that this is why Tom Hart "attacks us every day."',
        [
            ("only one strong candidate left in this race,", "Ted Cole"),
            ("attacks us every day.", "Ted Cole"),
        ],
    ),
    # "and" after a clause starts a new subject; "King says Ali" is not inverted
    (
        "Mayor Jill Hart met voters on Monday. A woman asked for a photo and Hart said, "
        '"as long as we follow the rules."',
        [("as long as we follow the rules.", "Jill Hart")],
    ),
    (
        'Nora Kane arrived. Kane says Ali "talked the talk and walked the walk."',
        [("talked the talk and walked the walk.", "Nora Kane")],
    ),
    # a question and an answer in sentences of their own
    (
        'Reporters asked Paul Dunn about the race. "Have I started writing my speech?" '
        'Dunn replied. "Look, the answer is yes."',
        [
            ("Have I started writing my speech?", "Paul Dunn"),
            ("Look, the answer is yes.", "Paul Dunn"),
        ],
    ),
    # a sentence after a quote that goes on with its own statement attributes nothing:
    # the same speaker goes on
    (
        '"Trust is broken," Lisa Madigan wrote. "We need an inquiry now." Senator Jo Park '
        "said Wednesday she, too, wants one.",
        [("Trust is broken,", "Lisa Madigan"), ("We need an inquiry now.", "Lisa Madigan")],
    ),
    # a cue after the quote that takes a "that" clause has its content after it
    (
        'Ann Lee spoke. "Only one candidate can win this race," adding that Tom Hart "attacks us."',
        [("Only one candidate can win this race,", "Ann Lee")],
    ),
    # words that continue the sentence after a quote, or a clause after ", and", are no
    # subject of the cue that follows
    (
        'Jane Lee is working "to unmask the true nature" of the deal that Tom Hart praised.',
        [("to unmask the true nature", "Jane Lee")],
    ),
    (
        'Ted Cole wants to make sand "glow in the dark," for instance, and Tom Hart vowed to win.',
        [("glow in the dark,", "Ted Cole")],
    ),
    # a name before "says" that is no known actor is not inverted into the name after it
    (
        'Ali won the fight. King says Ali "talked the talk and walked the walk."',
        [("talked the talk and walked the walk.", None)],
    ),
    # a sentence that ends right before a quote mark does not lend its cue to the quote
    (
        'Tom Hart still believes that Ann Lee is unfit. "I stand by everything I said," '
        "Lee told reporters.",
        [("I stand by everything I said,", "Ann Lee")],
    ),
    # a title may open the subject of a clause that frames a quote without a cue
    (
        'Dr. Sam Okafor pondered who, without the mayor, might "speak up for the workers."',
        [("speak up for the workers.", "Sam Okafor")],
    ),
    # an irregular verb before "that" reports too; "released the following statement:"
    (
        'In 2014, Pew found that "about twice as many voters want stricter rules."',
        [("about twice as many voters want stricter rules.", "Pew")],
    ),
    (
        "When the mayor died, Governor Ann Lee released the following statement:\n\n"
        '"We offer our condolences to the family and friends of the mayor."',
        [("We offer our condolences to the family and friends of the mayor.", "Ann Lee")],
    ),
    # "reads" after a quote inverts; a description that ends in a name ends at its head noun
    (
        '"There are worms with more spine than the senator," reads a Wednesday editorial in '
        "the Valley Courier.",
        [("There are worms with more spine than the senator,", "a Wednesday editorial")],
    ),
    # "as X put it" attributes; "Like X," opens a sentence before its subject
    (
        'But at the time, as prosecutor Marc Girard put it, "there was not much to complain '
        'about."',
        [("there was not much to complain about.", "Marc Girard")],
    ),
    (
        "Senator Bob Corker spoke first. Like Corker, Senator Rob Mendes rejected the bill, "
        'arguing that there is "flexibility for the administration."',
        [("flexibility for the administration.", "Rob Mendes")],
    ),
    # a credit line in the paragraph after the quote
    (
        'Intro here.\n\n"Almost all new income is going to the top 1 percent."\n\n'
        "- Bernie Sanders.\n\nMore text.",
        [("Almost all new income is going to the top 1 percent.", "Bernie Sanders")],
    ),
    # a given name makes "Hall" and "Dean" surnames; "is quoted as" does not hide the name
    (
        '"It is jarring," said Kathleen Hall Jamieson, a professor of communication.',
        [("It is jarring,", "Kathleen Hall Jamieson")],
    ),
    ('"Our method works," Braynard is quoted as saying.', [("Our method works,", "Braynard")]),
    # a quote whose closing mark ends the sentence: the next sentence is not its attribution
    (
        'Prices rose by "a striking margin". The decision came after Mary Ellis spoke at length '
        "and said nothing new.",
        [],
    ),
    # an owner's office or campaign speaks for the owner; the owner's aide does not
    (
        "Paul Ryan met voters on Friday.\n\n"
        '"We need to unify the party," Ryan\u2019s office said in a statement.',
        [("We need to unify the party,", "Paul Ryan")],
    ),
    (
        'Paul Ryan met voters on Friday.\n\n"We need to unify the party," Ryan\'s campaign said.',
        [("We need to unify the party,", "Paul Ryan")],
    ),
    (
        'Paul Ryan met voters on Friday.\n\n"We need to unify the party," Ryan\'s aide said.',
        [("We need to unify the party,", None)],
    ),
    # a participle hangs on the main clause, past an opening phrase without a verb
    (
        "Senator Ann Lee spoke in Ohio.\n\nHere in Ohio, Lee pressed on with her plan, saying, "
        '"We will build the bridge this year."',
        [("We will build the bridge this year.", "Ann Lee")],
    ),
    # a name before the quotation beats a pronoun after it; an opening "Asked" gives way to
    # the cue that follows it
    (
        "Senator Dianne Feinstein met aide Jake Sullivan on Monday.\n\nAsked Tuesday about "
        'Sullivan, Feinstein said "I do not know anything about it," she said.',
        [("I do not know anything about it,", "Dianne Feinstein")],
    ),
    (
        "Senator Dianne Feinstein met aide Jake Sullivan on Monday.\n\n"
        '"I do not know anything about it," she said.',
        [("I do not know anything about it,", "Dianne Feinstein")],
    ),
    # a description set off after a surname may open with a possessive
    (
        'Hicks, his campaign spokeswoman, added that "many of his top executives are Jewish."',
        [("many of his top executives are Jewish.", "Hicks")],
    ),
    (
        'Ann Lee spoke.\n\n"We will win," Hicks, his campaign spokeswoman, said.',
        [("We will win,", "Hicks")],
    ),
    # two quotations joined by "and" share the cue after the second
    (
        'Guns are "the ultimate public health crisis" and "stunt children\'s growth," '
        "Howard Dean, the former governor, proclaimed.",
        [
            ("the ultimate public health crisis", "Howard Dean"),
            ("stunt children's growth,", "Howard Dean"),
        ],
    ),
    (
        'Guns are "the ultimate public health crisis" while "stunt children\'s growth," '
        "Howard Dean, the former governor, proclaimed.",
        [("the ultimate public health crisis", None), ("stunt children's growth,", "Howard Dean")],
    ),
    # a participle hangs on a main clause that opens with a description: the actor it fits,
    # else the description itself
    (
        "Senator Ann Lee spoke in Ohio.\n\nThe Ohio senator calmed the crowd, saying, "
        '"We will build the bridge this year."',
        [("We will build the bridge this year.", "Ann Lee")],
    ),
    (
        "Ann Lee spoke in Ohio.\n\nThe party's strategist calmed the crowd, saying, "
        '"We will build the bridge this year."',
        [("We will build the bridge this year.", "the party's strategist")],
    ),
    (
        "Senator Ann Lee spoke in Ohio.\n\nThe state of the bridge worried them, saying, "
        '"We will build the bridge this year."',
        [("We will build the bridge this year.", None)],
    ),
    # ... but not past one to a phrase that is no clause
    (
        "Senator Ann Lee spoke in Ohio.\n\nOn the stage in Ohio, a man with a sign, saying "
        '"We will build the bridge this year."',
        [("We will build the bridge this year.", None)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), ATTRIBUTIONS)
def test_attribution_parser(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert speakers(text) == expected


def test_quote_offsets_are_the_words_between_the_marks() -> None:
    text = 'Intro line.\n\n"We will appeal," Roe said, "today."\n'
    result = extract(text)
    spans = [(text.index(q.text), text.index(q.text) + len(q.text)) for q in result.quotes]
    assert spans == [(14, 29), (42, 48)]
    assert [text[a:b] for a, b in spans] == ["We will appeal,", "today."]


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        # description that fits no actor: no name, the description is kept
        (
            '"Nothing was decided," the influential US daily wrote.',
            "Nothing was decided,",
            "the influential US daily",
        ),
        # "one"/"another" open a description too: one unnamed person of a kind
        (
            '"It was not a convincing argument," said one official familiar with the talks.',
            "It was not a convincing argument,",
            "an official familiar with the talks",
        ),
        (
            'Another source familiar with the plan said, "He will try to be more friendly."',
            "He will try to be more friendly.",
            "a source familiar with the plan",
        ),
        (
            '"It is the nominee\'s party," one Trump campaign source said.',
            "It is the nominee's party,",
            "a Trump campaign source",
        ),
        # a name inside a description only modifies it
        (
            '"It is going to be a real challenge," said a longtime GOP data expert.',
            "It is going to be a real challenge,",
            "a longtime GOP data expert",
        ),
        # a long description ends before its relative clause
        (
            '"You would have thought otherwise," said a Democratic strategist who spoke on the '
            "condition of anonymity to speak candidly.",
            "You would have thought otherwise,",
            "a Democratic strategist",
        ),
        (
            '"You would have thought otherwise," said a strategist who asked not to be named.',
            "You would have thought otherwise,",
            "a strategist",
        ),
    ],
)
def test_unsure_speaker_is_left_unnamed(text: str, quote: str, speaker: str | None) -> None:
    result = extract(text)
    assert [(q.text, q.speaker) for q in result.quotes] == [(quote, speaker)]
    assert all(a.name != "US" for a in result.actors)


def test_description_resolves_to_the_actor_whose_role_fits() -> None:
    text = (
        "The Russian ambassador in Washington, Anatoly Antonov, met officials on Monday.\n\n"
        "The espionage charges are unfounded, said the Russian ambassador, adding more."
    )
    at = attributor(text)
    start = text.index("the Russian ambassador, adding")
    assert at.source_after(start - 1, len(text)) == "Anatoly Antonov"


def test_unknown_speaker_becomes_an_actor() -> None:
    text = '"The candidates left just do not understand it," said Army Capt. Christian Pardo.'
    result = extract(text)
    assert [(q.text, q.speaker) for q in result.quotes] == [
        ("The candidates left just do not understand it,", "Christian Pardo")
    ]
    assert ("Christian Pardo", "person") in [(a.name, a.kind) for a in result.actors]


@pytest.mark.parametrize(
    ("phrase", "single", "name"),
    [
        ("Senate Minority Whip Dick Durbin", False, "Dick Durbin"),
        ("Log Cabin Republicans president Gregory T. Angelo", False, "Gregory T. Angelo"),
        ("Former secretary of state Hillary Rodham Clinton", False, "Hillary Rodham Clinton"),
        ("Sen. Tom Carper of Delaware", False, "Tom Carper"),
        ("Dayton", True, "Dayton"),
        ("Dayton", False, None),
        ("the United States", False, None),
        ("The Pentagon", True, None),
    ],
)
def test_person_name_in_a_source_phrase(phrase: str, single: bool, name: str | None) -> None:
    assert person_name(phrase, single=single, lowercase=frozenset()) == name


def test_plural_nouns_are_cues_only_after_a_name() -> None:
    text = (
        "In total, NATO now has 40,000 troops, in addition to the forces of other member "
        "states, he said."
    )
    at = attributor("Jens Stoltenberg spoke in Brussels. " + text)
    offset = len("Jens Stoltenberg spoke in Brussels. ")
    assert at.statement(offset, offset + len(text), first=True) == "Jens Stoltenberg"


def test_interview_turns_exclude_the_publication_and_its_reporter() -> None:
    text = (
        "Wikinews interviews Jo Park\n\n"
        "Wikinews: Why did you start?\n\n"
        "JoPark: I wanted to build something that lasts.\n\n"
        "Wikinews: And now?\n\n"
        "JoPark: Now we have forty people.\n\n"
        "DavidShankbone: Anything else?\n\n"
        "JoPark: No."
    )
    result = extract(text)
    assert [(q.text, q.speaker) for q in result.quotes] == [
        ("I wanted to build something that lasts.", "Jo Park"),
        ("Now we have forty people.", "Jo Park"),
        ("No.", "Jo Park"),
    ]
    names = {a.name for a in result.actors}
    assert "Wikinews" not in names and "David Shankbone" not in names


@pytest.mark.parametrize(
    ("intro", "speaker"),
    [
        # the person the introduction names: the answers are theirs
        ("Jane Okafor has written six novels. She spoke to us on Monday.", "Jane Okafor"),
        # two people named as often: the answers stay unnamed, described
        ("Jane Okafor and Tom Reed wrote a novel together.", "the interviewee"),
    ],
)
def test_question_and_answer_transcripts(intro: str, speaker: str) -> None:
    text = (
        f"A new novel\n\n{intro}\n\n"
        "Q: Why did you write it?\n\nA: I wanted to tell my mother's story.\n\n"
        "Q: How long did it take?\n\nA: About four years, on and off."
    )
    result = extract(text)
    assert [(q.text, q.speaker) for q in result.quotes] == [
        ("I wanted to tell my mother's story.", speaker),
        ("About four years, on and off.", speaker),
    ]
    assert "A" not in [a.name for a in result.actors]


@pytest.mark.parametrize(
    ("words", "head"),
    [
        ("the spokesman for the ministry", "spokesman"),
        ("a senior official familiar with the talks", "official"),
        ("the influential US daily", "daily"),
        ("the former president of the NAACP", "president"),
        ("the Utah Republican", "republican"),
    ],
)
def test_head_noun_of_a_description(words: str, head: str) -> None:
    assert _head_noun(words.split()) == head
