"""The extractive engine's work grows in proportion to the article, whatever the text.

Hostile or broken input (unclosed quotation marks by the thousand, one endless
paragraph, no whitespace at all) must not make the engine slow: a daily run
over third-party feeds would stall on one such page. Two checks: the number of
Python calls the engine makes grows linearly with the input (counted, not
timed), and every adversarial shape at 20 KB finishes in a child process well
inside a limit that the old quadratic code overran by minutes.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable
from itertools import product

import pytest

from summarizer.extractive import extract


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda size: (unit * (size // len(unit) + 1))[:size]


def _names(size: int) -> str:
    syllables = ["ka", "lo", "mi", "ra", "ten", "vo", "su", "pel", "dor", "qua", "zen", "bri"]
    people = (
        f"{(a + b).capitalize()} {(b + c + a).capitalize()}"
        for a, b, c in product(syllables, repeat=3)
    )
    out: list[str] = []
    length = 0
    for person in people:
        sentence = f"{person} said it was fine. "
        out.append(sentence)
        length += len(sentence)
        if length >= size:
            break
    return "".join(out)[:size]


def _turns(size: int) -> str:
    text = "\n\n".join(f"Speaker{i}: I think so, said my friend." for i in range(size // 20))
    return text[:size]


SHAPES: dict[str, Callable[[int], str]] = {
    "unclosed quotes after a cue": _repeat('He said "'),
    "straight marks": _repeat('" '),
    "opening curly marks only": _repeat("\u201c"),
    "apostrophes": _repeat(" 'a"),
    "no whitespace": _repeat("abc"),
    "capitalised run-on": _repeat("AbcAbc"),
    "one endless paragraph": _repeat("word another thing "),
    "many short paragraphs": _repeat("A b.\n\n"),
    "distinct names speaking": _names,
    "interview turns": _turns,
    "numbers": _repeat("about 5 million people, 12% of $3 billion and 4 "),
    "chevrons": _repeat("It was bad \u00bb\n\n"),
    "glued attributions": _repeat("atrocitieshe added that "),
    "quotes in one sentence": _repeat('"a b c d," he said, '),
    "dash credits": _repeat("\u2014 Smith "),
}


def _calls(text: str) -> int:
    """Python and C function calls made while extracting ``text``."""
    count = 0

    def profile(frame: object, event: str, arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        extract(text)
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("shape", list(SHAPES))
def test_calls_grow_linearly_with_the_input(shape: str) -> None:
    make = SHAPES[shape]
    small, large = _calls(make(3_000)), _calls(make(12_000))
    # Four times the text: about four times the calls; quadratic work would give sixteen.
    assert large <= 6 * small + 2_000, (small, large)


def test_every_adversarial_shape_at_20_kb_finishes_in_a_child_process() -> None:
    script = textwrap.dedent(
        """
        import sys
        sys.path.insert(0, {tests!r})
        from test_extractive_linear import SHAPES
        from summarizer.extractive import extract
        for make in SHAPES.values():
            extract(make(20_000))
        print("done")
        """
    ).format(tests=str(__import__("pathlib").Path(__file__).parent))
    # The quadratic engine took more than 300 s on the first shape alone.
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=90, check=True
    )
    assert done.stdout.strip() == "done"
