"""Gold items of the eval cases that the grounding rules cannot confirm, and why.

Shared by the grounding tests and the oracle tests: a case listed here may lose
exactly this (a quote's speaker, kept as a quote without one and said so in a
warning), nothing else.
"""

from __future__ import annotations

# (case, the quote's opening words): why the article's words do not give its speaker.
UNSEEN_SPEAKERS: dict[tuple[str, str], str] = {
    (
        "news-questionnaire",
        "streamline",
    ): "a scare quote in 'officials will scrap the interview step to \"streamline\" processing':"
    " no speech verb, and the Home Office is two paragraphs up",
    (
        "news-questionnaire",
        "Were you subject to human",
    ): "a question quoted from the Home Office's form, cited by The Guardian: the article names"
    " no speaker",
}


def unseen_speaker(case_id: str, text: str) -> bool:
    """True when the quote of ``case_id`` opening with ``text`` is listed above."""
    return any(cid == case_id and text.startswith(start) for cid, start in UNSEEN_SPEAKERS)
