"""An article split once into the parts every extractor reads: paragraphs, sentences, turns."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

from ..text import Segment, paragraphs, sentences
from .lexicon import MONTHS, WEEKDAYS

_TERMINAL = ".!?\"'\u201d\u2019\u00bb)]:;\u2026"
_CREDIT = re.compile(
    r"\b(?:Image|Images|Photo|Photos|Photograph|Picture|Credit|Source|Video)\s*:|"
    r"\bfile photo\b|\bImage credit\b|\(AP\)|\(Reuters\)",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    rf"^(?:(?:{'|'.join(sorted(WEEKDAYS))}),?\s+)?(?:(?:{'|'.join(sorted(MONTHS))})\s+\d{{1,2}},?\s+\d{{4}}"
    rf"|\d{{1,2}}\s+(?:{'|'.join(sorted(MONTHS))})\s+\d{{4}})\.?$"
)
_TURN = re.compile(r"([A-Z][\w'\u2019-]*(?:\s(?:[A-Z]\.|[A-Z][\w'\u2019-]*)){0,3})\s?:\s+(?=\S)")
_NOT_LABELS = frozenset(
    "Image Photo Note Update Source Title Editor Credit Warning Correction Interview Q A "
    "Question Answer Summary Background Disclaimer Read Related Video Audio".split()
)
QUESTION, ANSWER = "Q", "A"  # the labels of a question-and-answer transcript
QA_LABELS = {"Q": QUESTION, "Question": QUESTION, "A": ANSWER, "Answer": ANSWER}
_QUOTE_FROM = re.compile(r"^\s*A quote from\s+\S", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    kind: str  # "body" | "heading" | "caption" | "dateline" | "turn"
    label: str | None = None  # interview speaker label
    body_start: int = 0  # where the text after "Label: " begins


class Document:
    """Paragraphs (classified), sentences and a lower-case vocabulary of one article."""

    def __init__(self, text: str):
        self.text = text
        self.paragraphs = self._classify()
        self._occurrences: dict[str, list[int]] = {}

    def _classify(self) -> list[Paragraph]:
        text = self.text
        raw = paragraphs(text)
        turn_labels: list[str | None] = []
        for seg in raw:
            m = _TURN.match(text, seg.start, seg.end)
            label = m.group(1) if m else None
            if label in QA_LABELS:
                label = QA_LABELS[label]  # "Q:" and "A:" transcripts
            elif label and (any(w in _NOT_LABELS for w in label.split()) or len(label) > 40):
                label = None
            turn_labels.append(label)
        counts: dict[str, int] = {}
        for label in turn_labels:
            if label:
                counts[label] = counts.get(label, 0) + 1
        # A label used once is a title ("Frank Messina: An Interview with ...") unless
        # the document is a real transcript where others speak in turns too.
        turn_labels = [
            label if label and (counts[label] > 1 or i > 0) else None
            for i, label in enumerate(turn_labels)
        ]
        if counts.get(QUESTION, 0) < 2 or counts.get(ANSWER, 0) < 2:
            turn_labels = [None if label in (QUESTION, ANSWER) else label for label in turn_labels]
        is_interview = sum(1 for label in turn_labels if label) >= 3
        out = []
        for seg, label in zip(raw, turn_labels, strict=True):
            line = text[seg.start : seg.end]
            if is_interview and label:
                m = _TURN.match(text, seg.start, seg.end)
                out.append(
                    Paragraph(seg.start, seg.end, "turn", label, m.end() if m else seg.start)
                )
                continue
            if _DATELINE.match(line.strip()):
                kind = "dateline"
            elif _CREDIT.search(line):
                kind = "caption"
            elif _QUOTE_FROM.match(line):
                kind = "caption"  # "A quote from NAME, TITLE": an attribution line
            elif " | " in line or (
                not line.rstrip().endswith(tuple(_TERMINAL))
                and len(line.split()) <= 16
                and not re.search(r"[.!?][\"\u201d\u2019]?\s+\S", line)
                and not re.search('["\u201c\u201d\u00ab\u00bb]', line)
            ):
                kind = "heading"
            else:
                kind = "body"
            out.append(Paragraph(seg.start, seg.end, kind, None, seg.start))
        return out

    @cached_property
    def is_interview(self) -> bool:
        return sum(1 for p in self.paragraphs if p.kind == "turn") >= 3

    @cached_property
    def interviewers(self) -> frozenset[str]:
        """Turn labels that ask the questions (the publication or its reporter)."""
        asked: dict[str, list[bool]] = {}
        for p in self.paragraphs:
            if p.kind == "turn" and p.label:
                asked.setdefault(p.label, []).append("?" in self.text[p.start : p.end])
        return frozenset(
            label
            for label, turns in asked.items()
            if label.lower() in ("wikinews", "interviewer", "q") or sum(turns) * 2 > len(turns)
        )

    @cached_property
    def sentences(self) -> list[Segment]:
        out: list[Segment] = []
        for para in self.paragraphs:
            start = para.body_start if para.kind == "turn" else para.start
            for s in sentences(self.text[start : para.end]):
                out.append(Segment(start + s.start, start + s.end))
        return out

    @cached_property
    def sentence_start_set(self) -> frozenset[int]:
        return frozenset(s.start for s in self.sentences)

    @cached_property
    def sentence_starts(self) -> list[int]:
        """Start offsets of :attr:`sentences`, in order (for bisecting)."""
        return [s.start for s in self.sentences]

    def sentence_index(self, offset: int) -> int:
        """Index of the sentence that holds ``offset`` (the one before it, between two)."""
        return max(0, bisect_right(self.sentence_starts, offset) - 1)

    @cached_property
    def _vocabulary(self) -> frozenset[str]:
        return frozenset(_WORD.findall(self.text))

    @cached_property
    def lowercase_words(self) -> frozenset[str]:
        """Words that occur in lower case somewhere: common words, not names."""
        return frozenset(w for w in self._vocabulary if w.islower())

    @cached_property
    def capitalised_words(self) -> frozenset[str]:
        """Words that occur capitalised on their own somewhere (names, places)."""
        return frozenset(w for w in self._vocabulary if w[0].isupper())

    def occurrences(self, form: str) -> list[int]:
        """Start offsets where ``form`` stands as whole words in the text."""
        found = self._occurrences.get(form)
        if found is None:
            text = self.text
            found = []
            pos = text.find(form)
            while pos >= 0:
                end = pos + len(form)
                before = text[pos - 1] if pos else " "
                after = text[end] if end < len(text) else " "
                if not (before.isalnum() or before in "-_") and not (
                    after.isalnum() or after in "-_"
                ):
                    found.append(pos)
                pos = text.find(form, pos + 1)
            self._occurrences[form] = found
        return found
