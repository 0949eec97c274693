"""Splitting long articles on paragraph boundaries, with overlap."""

from __future__ import annotations

from .text import Segment, paragraphs, sentences


def _units(text: str, budget: int) -> list[Segment]:
    """Paragraphs, with any paragraph over ``budget`` cut into sentences or slices."""
    units: list[Segment] = []
    for para in paragraphs(text):
        if para.end - para.start <= budget:
            units.append(para)
            continue
        for sent in sentences(text[para.start : para.end]):
            start, end = para.start + sent.start, para.start + sent.end
            while end - start > budget:
                cut = text.rfind(" ", start, start + budget)
                cut = cut if cut > start else start + budget
                units.append(Segment(start, cut))
                start = cut
                while start < end and text[start] == " ":
                    start += 1
            if end > start:
                units.append(Segment(start, end))
    return units


def split_article(text: str, budget: int, overlap: int) -> list[Segment]:
    """Chunks of at most ``budget`` characters covering ``text``.

    Chunks end on paragraph boundaries where possible; each chunk repeats
    whole units from the end of the previous one, about ``overlap`` characters.
    """
    if len(text) <= budget:
        return [Segment(0, len(text))]
    units = _units(text, budget)
    chunks: list[Segment] = []
    i = 0
    while i < len(units):
        j = i
        while j + 1 < len(units) and units[j + 1].end - units[i].start <= budget:
            j += 1
        chunks.append(Segment(units[i].start, units[j].end))
        if j + 1 >= len(units):
            break
        k = j + 1
        while k - 1 > i and units[j].end - units[k - 1].start <= overlap:
            k -= 1
        i = k
    return chunks
