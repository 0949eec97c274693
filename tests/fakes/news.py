"""News articles, a loopback news site with a feed, and an OpenAI-compatible responder
that reads the article it is sent (the daily, bulk, API and security tests use them).

The responder answers like a careful model would: the first sentence as the
summary, quotes in the ``"...," said First Last`` form with their speakers, counts
of people (those killed or injured as such), and the first sentences as claims,
all copied from the article text. Asked for a story summary, it gives the lead of
the story's central article.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from summarizer.evals.fakeserver import FakeOpenAIServer, Reply
from summarizer.providers import ExtractionRequest, ExtractionResult, Provider
from summarizer.schema import Extraction, Usage

from .llm import completion
from .site import Answer, LoopbackSite

ARTICLES: dict[str, str] = {
    "flood": """River floods force 3,000 people from their homes

Floodwaters from the Vessa river forced 3,000 people from their homes in Marlow on Tuesday.
"We have never seen the water rise this fast," said Helen Carter, the mayor of Marlow.
Emergency crews rescued 45 people from rooftops overnight, according to the regional fire service.
The regional government has opened six shelters in schools and sports halls.
"Everyone who needs a bed tonight will have one," said Helen Carter.
Forecasters expect more rain later in the week, and the river is not expected to fall before Friday.
Farmers downstream said fields of wheat and barley were under water.
""",
    "budget": """City council approves budget with new money for buses

The city council of Brenton approved its annual budget on Monday after a nine-hour debate.
The budget adds money for 40 new electric buses and keeps property taxes at last year's level.
"This budget puts public transport first," said Omar Haddad, the council's finance chair.
Opposition members said the plan relies on optimistic forecasts of tourism revenue.
"The numbers do not add up," said Lena Brandt, who leads the opposition group.
The first of the new buses is expected to enter service next spring.
About 12,000 residents use the city's bus network every day.
""",
    "match": """Harbour United win the regional cup final

Harbour United beat Castle Rovers two goals to one in the cup final in front of 8,000 supporters.
The winning goal came in the last minute of the match from a header by the young defender Sam Osei.
"I just closed my eyes and jumped," said Sam Osei after the final whistle.
It is the first regional title for Harbour United in twenty years.
The club's coach said the players would get two days of rest before the league resumes.
"We will enjoy tonight and then get back to work," said Maria Lopes, the Harbour United coach.
Castle Rovers had won the cup in each of the previous two seasons.
""",
    "library": """New public library opens in the old railway station

A new public library opened on Sunday in the restored railway station of Dunmore.
The library holds 60,000 books and has a reading room on the former platform.
"People told us the station was too far gone to save," said Priya Nair, the architect.
More than 2,000 visitors came through the doors on the first day, the library said.
The building also houses a cafe and a small museum about the town's railway history.
"We wanted a place where everyone feels welcome," said Tom Walsh, the head librarian.
The restoration was paid for by the town and a national heritage fund.
""",
}

# Two outlets' reports of one event that disagree on the death toll.
STAMPEDE: dict[str, tuple[str, str]] = {
    "https://gulf.example/hajj-stampede": (
        "2024-05-01T08:00:00+00:00",
        """Hundreds killed in Hajj stampede near Mecca

At least 345 people were killed in a stampede at the Jamarat Bridge near Mecca on Thursday.
"The crowd surged when luggage fell from a bus," said Ahmed Salem, a Saudi ministry spokesman.
The stampede began at the eastern end of the bridge, where pilgrims were crushed.
Saudi officials had placed cameras along the bridge after earlier disasters at the Hajj.
"We will study every minute of the footage," said Ahmed Salem.
""",
    ),
    "https://world-wire.example/2024/hajj": (
        "2024-05-01T11:30:00+00:00",
        """Hajj stampede at Jamarat Bridge kills hundreds of pilgrims

Saudi officials said 363 people were killed in the stampede at the Jamarat Bridge near Mecca.
"Those who fell were crushed by the wave of people behind them," said Laila Haddad, a doctor.
Luggage that fell from a bus caused the crush at the eastern end of the bridge, officials said.
More than 2,000 people were injured, according to the Saudi health ministry.
""",
    ),
}

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]")
_QUOTE = re.compile(r"\"([^\"]+?),?\" said ([A-Z][a-z]+ [A-Z][a-z]+)")
_PEOPLE = re.compile(
    r"(\d[\d,]*) (people|supporters|visitors|residents)(?: (?:were|have been) (killed|injured))?"
)


def article_of(request: dict[str, Any]) -> str:
    """The article text inside the user message of a chat request."""
    user = next(m["content"] for m in request["messages"] if m["role"] == "user")
    return user.split("<article>\n", 1)[1].rsplit("\n</article>", 1)[0]


def extraction_for(text: str) -> dict[str, Any]:
    """What a careful model extracts from ``text``."""
    lines = [line for line in text.splitlines() if line.strip()]
    body = "\n".join(lines[1:]) if len(lines) > 1 else text
    sentences = [s.strip() for s in _SENTENCE.findall(body) if len(s.split()) > 4]
    speakers = dict.fromkeys(name for _, name in _QUOTE.findall(text))
    return {
        "summary": sentences[0] if sentences else text[:100],
        "actors": [{"name": n, "kind": "person", "aliases": [n.split()[-1]]} for n in speakers],
        "quotes": [{"text": q, "speaker": n} for q, n in _QUOTE.findall(text)],
        "numbers": [
            {
                "text": m.group(1),
                "value": float(m.group(1).replace(",", "")),
                "unit": "people",
                "qualifier": "exact",
                "what": f"{m.group(2)} {m.group(3) or 'counted'}",
            }
            for m in _PEOPLE.finditer(text)
        ],
        "claims": [{"text": s, "source": None} for s in sentences[:3] if '"' not in s],
    }


def asks_for_story_summary(request: dict[str, Any]) -> bool:
    """The request asks for a story summary (the StoryParagraph tool), not a brief."""
    tools = request.get("tools") or []
    return any(t.get("function", {}).get("name") == "StoryParagraph" for t in tools)


def story_summary_for(material: str) -> dict[str, Any]:
    """What a careful model writes from a story's material: the central article's lead."""
    first = next(line for line in material.splitlines() if line.startswith("- ["))
    return {"summary": first.split("]", 1)[1].split(": ", 1)[1]}


def responder(request: dict[str, Any]) -> Reply:
    """The chat completion a careful model would send for the request's article, or for
    the story whose material it holds."""
    if asks_for_story_summary(request):
        summary = story_summary_for(article_of(request))
        return Reply(200, completion(summary, tool="StoryParagraph"))
    return Reply(200, completion(extraction_for(article_of(request))))


class ScriptedProvider(Provider):
    """An in-process provider giving :func:`extraction_for` of each request's text."""

    name = "scripted"

    def __init__(self, model: str = "scripted-1"):
        self.model = model
        self.texts: list[str] = []

    async def extract(self, request: ExtractionRequest) -> ExtractionResult:
        self.texts.append(request.text)
        extraction = Extraction.model_validate(extraction_for(request.text))
        usage = Usage(prompt_tokens=1000, completion_tokens=200, total_tokens=1200)
        return ExtractionResult(extraction, self.model, usage, attempts=1)


@contextmanager
def model_server(delay: float = 0.0) -> Iterator[FakeOpenAIServer]:
    """The :func:`responder` on 127.0.0.1, answering after ``delay`` seconds."""
    with FakeOpenAIServer(responder, delay=delay, lifetime=300) as server:
        yield server


def llm_env(server: FakeOpenAIServer, data_dir: Path) -> dict[str, str]:
    """Environment for the CLI: the openai provider against ``server``, store in ``data_dir``."""
    return {
        "OPENAI_API_KEY": "sk-test-daily",
        "OPENAI_BASE_URL": server.url,
        "SUMMARIZER_PROVIDER": "openai",
        "SUMMARIZER_RETRY_MAX_WAIT": "0.01",
        "SUMMARIZER_RETRY_ATTEMPTS": "2",
        "SUMMARIZER_DATA_DIR": str(data_dir),
    }


def write_articles(folder: Path, names: list[str] | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in names or list(ARTICLES):
        path = folder / f"{name}.txt"
        path.write_text(ARTICLES[name], encoding="utf-8")
        paths.append(path)
    return paths


def write_stampede(folder: Path) -> Path:
    """The two stampede reports as a JSON manifest with their URLs and times."""
    folder.mkdir(parents=True, exist_ok=True)
    entries = [
        {"text": text, "url": url, "published": published}
        for url, (published, text) in STAMPEDE.items()
    ]
    path = folder / "stampede.json"
    path.write_text(json.dumps(entries), encoding="utf-8")
    return path


def page(title: str, text: str) -> str:
    """An article page with navigation around the article, as news sites have."""
    paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines()[1:] if line.strip())
    return (
        f"<!doctype html><html><head><title>{title} | Example News</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article>"
        "<footer>Copyright Example News</footer></body></html>"
    )


class NewsSite(LoopbackSite):
    """A news site on 127.0.0.1: article pages, a feed of the day, a page without an
    article, a 404 and a page slower than any sensible timeout; stops by itself."""

    def __init__(self, day: dt.date, slow_seconds: float = 5.0, lifetime: float = 120.0):
        self.day = day
        self.slow_seconds = slow_seconds
        self._routes: dict[str, tuple[int, str, str]] = {}
        for name in ("flood", "budget"):
            title = ARTICLES[name].splitlines()[0]
            self._routes[f"/news/{name}"] = (200, "text/html", page(title, ARTICLES[name]))
        flood_title = ARTICLES["flood"].splitlines()[0]
        self._routes["/syndicated/flood"] = (200, "text/html", page(flood_title, ARTICLES["flood"]))
        self._routes["/gallery"] = (
            200,
            "text/html",
            "<html><body><nav><a href='/'>Home</a>"
            "</nav><img src='x.jpg'><p>Photos</p></body></html>",
        )
        super().__init__(lifetime)

    def feed(self) -> str:
        noon = dt.datetime.combine(self.day, dt.time(12, 0)).astimezone()
        old = noon - dt.timedelta(days=3)
        items = [
            ("River floods force 3,000 people from their homes", "/news/flood", noon),
            ("City council approves budget", "/news/budget", noon),
            ("Flood: the story as syndicated", "/syndicated/flood", noon),
            ("Photos of the day", "/gallery", noon),
            ("A story that was taken down", "/missing", noon),
            ("A very slow page", "/slow", noon),
            ("Last week's news", "/news/old", old),
        ]
        entries = "".join(
            f"<item><title>{t}</title><link>{self.url}{path}</link>"
            f"<pubDate>{format_datetime(when)}</pubDate></item>"
            for t, path, when in items
        )
        return (
            f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
            f"<title>Example News</title><link>{self.url}/</link>{entries}</channel></rss>"
        )

    def answer(self, path: str) -> Answer:
        if path == "/slow":
            self.wait(self.slow_seconds)
            status, kind, body = 200, "text/html", page("Slow", ARTICLES["match"])
        elif path == "/feed.xml":
            status, kind, body = 200, "application/rss+xml", self.feed()
        else:
            status, kind, body = self._routes.get(path, (404, "text/html", "<h1>Not found</h1>"))
        return status, {"Content-Type": f"{kind}; charset=utf-8"}, body

    def start(self) -> NewsSite:
        super().start()
        return self

    def __enter__(self) -> NewsSite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
