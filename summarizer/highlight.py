"""Article text as HTML with stretches of it highlighted: the evidence view of the eval
report and of a single brief's page."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

# A stretch of the text (start, end), its CSS class, and the anchor id it opens (or "").
Marked = tuple[tuple[int, int], str, str]


def highlighted(text: str, spans: Sequence[Marked]) -> str:
    """``text`` escaped, each piece wrapped in the classes of the spans covering it; an
    anchor opens where each span with an anchor id starts (once per id)."""
    cuts = sorted(
        {0, len(text), *(p for (s, e), _, _ in spans for p in (s, e) if 0 <= p <= len(text))}
    )
    anchored: set[str] = set()
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = [(css, anchor) for (s, e), css, anchor in spans if s <= a and b <= e]
        piece = escape(text[a:b])
        if not covering:
            out.append(piece)
            continue
        classes = " ".join(sorted({css for css, _ in covering}))
        new = [
            anchor for (s, e), _, anchor in spans if anchor and s == a and anchor not in anchored
        ]
        anchored.update(new)
        ids = "".join(f"<a id='{escape(x)}'></a>" for x in new)
        out.append(f"{ids}<span class='{classes}'>{piece}</span>")
    return "".join(out)
