"""Attribution cues: the words of an article that say who is quoted.

A cue is found after a quotation (``"…," she said``, ``"…" said Bolden``,
``"…" — Peres``, ``"…", according to X``), before it (``X said: "…"``, ``the
letter reads "…"``), in the next paragraph of scraped text ("A quote from X"),
glued to the quoted words when the marks were lost ("…atrocitieshe added",
"…unfoundedsaid the ambassador", "…diplomatsPolish Interior Minister X
announced"), or closing a clause in text without marks (", he said.").
:mod:`summarizer.quotations` attaches cues to quotation regions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import Segment

SPEECH_VERBS = (
    "said|says|say|saying|told|tells|telling|added|adds|adding|stated|states|stating|wrote|"
    "writes|writing|explained|explains|noted|notes|noting|argued|argues|asked|asks|replied|"
    "replies|answered|continued|continues|insisted|insists|declared|declares|announced|"
    "announces|claimed|claims|commented|comments|remarked|warned|warns|assured|assures|"
    "concluded|recalled|tweeted|posted|reads|reported|reports|stressed|emphasi[sz]ed|"
    "observed|acknowledged|admitted|confirmed|denied|agreed|urged|suggested|predicted|"
    "promised|responded|countered|testified|believes|called|described|accused|blamed|"
    "critici[sz]ed|joked|quipped|exclaimed|conceded|maintained|contended|asserted|cautioned|"
    "complained|indicated|mentioned|revealed|recommended|recommending|considered|"
    "considers|thinks|estimated|estimates|expressed|reasoned|reporting|warning|arguing|"
    "claiming|insisting|explaining|describing|calling|announcing|accusing|asking|urging|"
    "replying|answering|declaring|confirming|denying|answers|echoed|echoes|demanded|"
    "shot back|fired back|went on|goes on|pointed out|points out|proclaimed|lamented|"
    "retorted|interjected|mused|boasted|bragged|scoffed|snapped|shouted|yelled|pleaded|"
    "vowed|recounted|remembered|wondered|fumed|groused|chided|riffed|reacted|agrees|"
    "describes|admits|compared|compares|scolded|sniped|touted|touting|dubbed|"
    "labeled|labelled|branded|mocked|mocking|slammed|blasted|praised|praising|thanked|"
    "lamenting|dismissed|hailed|decried|denounced|condemned|characterized|characterised"
)
_VERB = rf"(?:{SPEECH_VERBS})"
# Speech verbs that are seldom nouns, for finding who speaks in narration ("member states").
_NOUNS_TOO = frozenset("states notes claims reports comments reads posted considers".split())
_NARRATION_VERBS = "|".join(v for v in SPEECH_VERBS.split("|") if v not in _NOUNS_TOO)
SPEECH_CUE = re.compile(rf"\b(?:{_NARRATION_VERBS}|according to)\b", re.IGNORECASE)
PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it"})
_PRONOUN = r"(?:he|she|they|we|I|it)"
# A name or description: capitalised words with short lower-case joiners, or "the/a ..." nouns.
_NAME = r"(?:[A-Z][\w’'.\-]*(?:\s+(?:(?:of|the|for|and|de|da|van|von|al|bin)\b|[A-Z][\w’'.\-]*))*)"
_DESC = r"(?:(?:the|a|an|one|another)\s+[\w’'.\-]+(?:\s+[\w’'.\-]+){0,6}?)"
_SUBJECT = rf"(?:{_PRONOUN}|{_NAME}|{_DESC})"

_PUNCTUATION = re.compile(r"[,.;:!?]")
QUOTE_FROM = re.compile(r"(?:an?\s+)?quot(?:e|ation)\s+(?:from|by)\s+(?=\S)", re.IGNORECASE)
_GLUED_PRONOUN = re.compile(
    rf"(?<=[a-z0-9.!?])(?<![\s])(?P<subject>she|he|they)\s+(?:also\s+)?(?:{SPEECH_VERBS})\b"
)
_GLUED_VERB = re.compile(
    r"(?<=[a-z0-9.!?])(?<![\s])(?P<verb>said|says|added|according to|announced|told|stated|"
    r"wrote|declared|insisted|assured|explained)\b"
)
_GLUED_NAME = re.compile(
    rf"(?<=[a-z.!?])(?P<subject>{_NAME})(?:\s+[\w’'.\-]+){{0,2}}?\s+(?:also\s+)?{_VERB}\b"
)
_NOT_GLUED = frozenset(
    """aforesaid foretold overstated understated misstated reinstated unstated
    overstates understates""".split()
)
# Surname prefixes written with a capital inside the name ("McAdam", "DeSantis"): not a
# word glued to a name.
_NAME_PREFIXES = frozenset("Mc Mac Fitz De Di Da Du La Le Van Von".split())
_PRONOUN_TAIL = frozenset(
    """the ache niche cache psyche cliche headache avalanche moustache mustache apache tranche
    creche quiche attache panache""".split()
)
_APPOSITIVE = re.compile(rf",\s*({_NAME})\s*(?:[.;]|$)")
# A word of the title or description in front of a name ("former Florida governor", "super
# PAC spokeswoman", "Fight for $15 organizing director"): any word that cannot go on a clause.
_TITLE_WORD = (
    r"(?!(?:and|but|or|nor|that|this|which|who|whom|when|where|while|as|if|is|was|were|are|"
    r"be|been|being|has|had|have|do|does|did|will|would|can|could|may|might|must|should|to|"
    r"in|on|at|by|with|from|into|than|then|so|because|after|before|since|until|what|how|"
    rf"also|not|{SPEECH_VERBS})\b)[\w$][\w’'.$\-]*"
)
_TITLED = rf"(?:(?:{_TITLE_WORD})\s+){{1,6}}?{_NAME}"
# The attribution that closes a quotation's sentence: '"Boots on the ground" would be
# right, Republican candidate Ben Carson said after the attacks.', ', Comey has said.'.
_WHEN = (
    r"(?:on|in|at|after|before|during|last|this|earlier|later|yesterday|today|Monday|Tuesday|"
    r"Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)
CLOSING_CUE = re.compile(
    rf",\s+(?:(?P<pre>{_PRONOUN}|{_NAME}|{_TITLED})\s+(?:also\s+|has\s+|had\s+)?{_VERB}|"
    rf"{_VERB}\s+(?P<post>{_NAME}|{_DESC}|{_TITLED}))(?=\s*[.,;]|\s+{_WHEN})"
)
COMMA_CUE = re.compile(
    rf",\s+(?:(?P<pre>{_PRONOUN}|{_NAME})\s+(?:also\s+)?{_VERB}|"
    rf"{_VERB}\s+(?P<post>{_NAME}|{_DESC}))(?=\s*[.,;])"
)
# Attributions next to a marked quotation.
# A title's abbreviation keeps its full stop inside a speaker's description: "Gov.", "Sen.".
_ABBREVIATED = (
    "(?:"
    + "|".join(
        rf"(?<=\b{a})"
        for a in "Gov Sen Rep Rev Dr Mr Mrs Ms Lt Gen Col Capt Sgt Prof Jr Sr St".split()
    )
    + r")\."
)
_AFTER_VERB_SUBJECT = re.compile(
    rf"\s*,?\s*(?:also\s+)?{_VERB}\s+"
    rf"(?P<subject>(?:{_SUBJECT}|(?:[a-z][\w’'-]*\s+){{1,4}}{_NAME})"
    rf"(?:[^,.;:!?\n\"“”]|{_ABBREVIATED}){{0,80}})"
)
# A description between commas after a name: ", a teacher,", ", founder of the U.S. Center,",
# ", assistant secretary of state for population, refugees, and migration,".
_APPOSITION = r"(?:\s*,\s*(?:[^;:!?\n\"“”.]|\.(?!\s)){1,100}?,)"
# "(D-Wash.)" after a legislator's name.
_PARENTHESIS = r"(?:\s*\([^()\n]{1,30}\))"
_AFTER_SUBJECT_VERB = re.compile(
    rf"\s*,?\s*(?P<subject>{_SUBJECT}|{_TITLED})"
    rf"{_PARENTHESIS}?{_APPOSITION}?\s+(?:\w+ly\s+)?(?:also\s+|has\s+|had\s+)?{_VERB}\b"
)
# A description with the name it stands for set off after it: "his wife, Ana Lazar, wrote",
# "the campaign's manager, Jeff Weaver, said".
_AFTER_DESCRIBED_NAME = re.compile(
    rf"\s*,?\s*(?P<subject>(?:(?:{_TITLE_WORD})\s+){{0,4}}[a-z][\w’'\-]*\s*,\s*{_NAME})"
    rf"\s*,\s*(?:\w+ly\s+)?(?:also\s+)?{_VERB}\b"
)
_AFTER_DASH = re.compile(r"\s*,?\s*[\u2014\u2013-]+\s*(?P<subject>[A-Z][^,.;\n\"“”]{0,60})")
_AFTER_ACCORDING = re.compile(r"\s*,?\s*according\s+to\s+(?P<subject>[^,.;\n\"“”]{1,80})")
_BEFORE_VERB = re.compile(rf"\b(?:{_VERB}|according to|in the words of)\b", re.IGNORECASE)
_LIST_OPENER = re.compile(r"\b(?:including|such as|like|among them)\s*$", re.IGNORECASE)
_NAME_RUN = re.compile(_NAME)
# A capitalised word that is not the first of its words: a name, not a sentence's opening.
_NAMED = re.compile(r"(?<=\S)\s+[A-Z][\w’'\-]*")
# Cues whose speaker follows them, so they may open the sentence: "According to X, …".
_NAMES_AFTER = re.compile(r"according|in the words", re.IGNORECASE)
# What stands between a reporting verb and the pronoun subject of the clause it reports:
# "said he", "tweeted Tuesday night that she".
_REPORTED_PRONOUN = re.compile(
    r"(?:\s+(?!who\b|whom\b|which\b)[\w’'.-]+){0,3}?(?:\s+that)?\s+(?:he|she|they|we|I)\s+"
)
# "was branded", "were told": the subject of a passive verb is not who speaks.
_PASSIVE = re.compile(r"\b(?:was|were|been|being|be|is|are)\s+$", re.IGNORECASE)
_QUOTED = re.compile(r"\"[^\"]*\"|\u201c[^\u201d]*\u201d|\u00ab[^\u00bb]*\u00bb")


@dataclass(frozen=True)
class Cue:
    """The words that attribute a quotation: the whole phrase and the part naming the speaker."""

    start: int
    end: int
    subject: tuple[int, int]
    pronoun: bool = False
    direct: bool = False  # the subject only names the speaker ("A quote from X", "Name:")
    after: tuple[int, int] | None = None  # after the verb: '…," said Bolden to the crowd. "…'


def glued_cues(text: str, para: Segment) -> list[tuple[int, Cue]]:
    """Attributions glued to the quoted words in front of them: (end of the quote, cue)."""
    found: list[tuple[int, Cue]] = []
    for match in _GLUED_PRONOUN.finditer(text, para.start, para.end):
        token_start = _token_start(text, match.start())
        word = text[token_start : match.end("subject")].lower()
        after_stop = text[match.start() - 1] in ".!?"
        if word in _PRONOUN_TAIL or (match.start() - token_start < 3 and not after_stop):
            continue
        start = match.start()
        if match.group("subject") == "she" and text[start - 1].isalpha():
            start += 1  # "…countryshe said" reads as "country" + "she" or "countrys" + "he"
        stop = _clause_end(text, match.end(), para.end)
        found.append((start, Cue(start, stop, (start, match.end("subject")), True)))
    for match in _GLUED_VERB.finditer(text, para.start, para.end):
        token_start = _token_start(text, match.start())
        word = text[token_start : match.end("verb")].lower()
        if word in _NOT_GLUED or match.start() - token_start < 3:
            continue
        stop = _appositive_end(text, _clause_end(text, match.end(), para.end), para.end)
        found.append((match.start(), Cue(match.start(), stop, stripped(text, match.end(), stop))))
    for match in _GLUED_NAME.finditer(text, para.start, para.end):
        token_start = _token_start(text, match.start())
        if match.start() - token_start < 2 or text[token_start : match.start()] in _NAME_PREFIXES:
            continue
        if not text[match.start() - 1].islower() or not text[match.start()].isupper():
            continue
        found.append((match.start(), Cue(match.start(), match.end(), match.span("subject"))))
    found.sort(key=lambda item: item[0])
    return found


def comma_cue(text: str, match: re.Match[str]) -> Cue:
    """The cue of ", he said." / ", said the minister." / ", Sullivan also said."."""
    subject = match.span("pre") if match.group("pre") else match.span("post")
    pronoun = text[subject[0] : subject[1]].lower() in PRONOUNS
    return Cue(match.start() + 1, match.end(), subject, pronoun)


def _appositive_end(text: str, stop: int, limit: int) -> int:
    """Past ", Wang Wenbin." when a description is followed by the name it describes."""
    match = _APPOSITIVE.match(text, stop, limit)
    return match.end(1) if match else stop


def stripped(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _token_start(text: str, pos: int) -> int:
    while pos > 0 and not text[pos - 1].isspace():
        pos -= 1
    return pos


def _clause_end(text: str, pos: int, limit: int) -> int:
    match = _PUNCTUATION.search(text, pos, limit)
    return match.start() if match else limit


def _sentence_end(text: str, pos: int) -> int:
    limit = min(len(text), pos + 160)
    newline = text.find("\n", pos, limit)
    return newline if newline >= 0 else limit


def cue_after(text: str, end: int) -> Cue | None:
    """ "…," she said / "…" said Bolden / "…" — Peres / "…", according to X."""
    pos = end
    while pos < len(text) and (text[pos] in "\"”»'’\u201c`" or text[pos] == " "):
        pos += 1
    limit = _sentence_end(text, pos)
    patterns = (
        _AFTER_ACCORDING,
        _AFTER_VERB_SUBJECT,
        _AFTER_DESCRIBED_NAME,
        _AFTER_SUBJECT_VERB,
        _AFTER_DASH,
    )
    for pattern in patterns:
        match = pattern.match(text, pos, limit)
        if match is None:
            continue
        subject = match.span("subject")
        pronoun = text[subject[0] : subject[1]].lower() in PRONOUNS
        return Cue(pos, match.end(), subject, pronoun)
    return None


def introducer(text: str, colon: int, sentence_start: int) -> Cue | None:
    """The clause before a colon that introduces a quotation without a speech verb:
    "When Wallace died, President Clinton released the following statement:". Its subject
    opens the last comma-separated part of two words or more that starts with a capital; in
    the sentence's first part, whose capital may only open the sentence, a second capitalised
    word must show a name."""
    if _LIST_OPENER.search(text, sentence_start, colon):
        return None  # "cited examples, including:": what follows is quoted from elsewhere
    start = sentence_start
    parts: list[tuple[int, int]] = []
    for comma in re.finditer(",", text[sentence_start:colon]):
        parts.append(stripped(text, start, sentence_start + comma.start()))
        start = sentence_start + comma.end()
    parts.append(stripped(text, start, colon))
    for i in range(len(parts) - 1, -1, -1):
        a, b = parts[i]
        words = text[a:b].split()
        if len(words) < 2 or not words[0][0].isupper():
            continue
        if i > 0 or _NAMED.search(text, a, b):
            name = _NAME_RUN.match(text, a, b)
            return Cue(sentence_start, colon + 1, (a, name.end() if name else b))
    return None


def _reports_own_clause(masked: str, verbs: list[re.Match[str]]) -> bool:
    """True when the last verb's pronoun subject opens the clause the verb before reports
    ("Lee said he argued", not "Ray, who said he argued")."""
    if len(verbs) < 2 or not _REPORTED_PRONOUN.fullmatch(
        masked, verbs[-2].end(), verbs[-1].start()
    ):
        return False
    before = masked[: verbs[-2].start()].split()
    return bool(before) and before[-1].lower().strip(",") not in ("who", "which", "that")


def cue_before(text: str, start: int, sentence_start: int) -> Cue | None:
    """X said, "… / He told reporters: "… / the letter reads "…: the last speech verb before,
    outside other quoted words, and the words in front of it."""
    prefix_end = start
    while prefix_end > sentence_start and text[prefix_end - 1] in " \"“„«'‘`":
        prefix_end -= 1
    masked = _QUOTED.sub(lambda m: " " * len(m.group(0)), text[sentence_start:prefix_end])
    verbs = [
        v
        for v in _BEFORE_VERB.finditer(masked)
        if (not v.group(0)[0].isupper() or v.start() > 0 or _NAMES_AFTER.match(v.group(0)))
        and not _PASSIVE.search(masked, 0, v.start())
    ]
    if not verbs:
        return None
    verb = verbs[-1]
    verb_start = sentence_start + verb.start()
    after = stripped(text, sentence_start + verb.end(), prefix_end)
    if _NAMES_AFTER.match(verb.group(0)):
        return Cue(verb_start, prefix_end, after)  # the speaker follows the phrase
    words = text[sentence_start:verb_start].split()
    pronoun = bool(words) and words[-1].lower() in PRONOUNS
    if pronoun and _reports_own_clause(masked, verbs):
        # "Benjamin said he argued": the pronoun of a reported clause is the reporter
        verb_start = sentence_start + verbs[-2].start()
        words = text[sentence_start:verb_start].split()
        pronoun = bool(words) and words[-1].lower() in PRONOUNS
    subject = stripped(text, sentence_start, verb_start)
    return Cue(sentence_start, prefix_end, subject, pronoun, after=after)
