"""Fakes and shared helpers of the tests, imported as plain modules (``from fakes.llm import
FakeLLM``); the pytest fixtures built on them live in ``conftest.py``.

- ``llm``: recorded chat completions and :class:`~fakes.llm.FakeLLM`, a fake model at the
  HTTP layer, with settings and providers wired to it.
- ``news``: news articles, a loopback news site and an OpenAI-compatible server answering
  like a careful model.
- ``batch``: eval articles, models answering from their gold and the fake Batch API.
- ``bulk``: generated archives for bulk runs.
- ``stories``: hand-written briefs and wire reports for the story tests.
- ``grounding``: article snippets, their actors and model answers for the grounding tests.
- ``hostile``: hostile web sites and feeds for the security tests.
- ``processes``: the CLI in a real process, and waiting on a condition.

The paths below locate the repository and the tests' fixture files.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
FIXTURES = REPO / "tests" / "fixtures"
ARTICLES = FIXTURES / "articles"
RESPONSES = FIXTURES / "responses"
