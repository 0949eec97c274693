"""Article snippets of the grounding tests (from the seed article and the eval cases), their
actors, and a model answer built from fields."""

from __future__ import annotations

from typing import Any

from summarizer.schema import Extraction

BLINKEN = (
    "Today, I can report that the US government believes that members of Russian forces have "
    "committed war crimes in Ukraine. \u00bb\n\n"
    "A quote from Antony Blinken, United States Secretary of State.\n\n"
    "Blinken, who is en route to Brussels, said Washington was relying on public information.\n\n"
    "We have seen numerous credible reports of indiscriminate attacks, as well as other "
    "atrocitieshe added, specifying that a court would decide.\n\n"
    "As NATO leaders prepare for their meeting, the organisation\u2019s secretary general, "
    "Jens Stoltenberg, announced the dispatch of reinforcements.\n\n"
    "We are determined to do everything we can to support Ukraine, assured the Secretary "
    "General. But NATO is not a party to the conflict [et] will not send troops to Ukraine. "
    "\u00bb\n\n"
    "A quote from Jens Stoltenberg, NATO Secretary General\n\n"
    "Kremlin spokesman Dmitry Peskov also told CNN that Moscow will only use nuclear weapons in "
    "Ukraine if there is an existential threat against Russia."
)
ACTORS = [
    {"name": "Antony Blinken", "kind": "person", "role": "US Secretary of State"},
    {"name": "Jens Stoltenberg", "kind": "person", "role": "NATO Secretary General"},
    {"name": "Dmitry Peskov", "kind": "person", "role": "Kremlin spokesman"},
    {"name": "NATO", "kind": "organization"},
]
IODINE = (
    "Professor Eastman said he is alarmed by what they found. \u201cPregnant women are getting "
    "about half the iodine they need,\u201d he said.\n\n"
    "\u201cIf iodine deficiency is serious you lose 15 IQ points,\u201d he said.\n\n"
    "Lydia Buchtmann said the process is complicated. \u201cOne of the reasons that iodine is "
    "going down is because people are avoiding salt,\u201d Ms Buchtmann said."
)
IODINE_ACTORS = [
    {"name": "Cres Eastman", "kind": "person", "aliases": ["Professor Eastman"]},
    {"name": "Lydia Buchtmann", "kind": "person"},
]


def answer(**fields: Any) -> Extraction:
    return Extraction.model_validate({"summary": "", **fields})
