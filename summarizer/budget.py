"""How much article one request may carry: the chunk size follows from the output budget.

The answer grows with the text it covers. Measured on the 29 hand-written gold
briefs in ``evals/cases`` (the answer a perfect model gives, serialised as the
extraction JSON and counted with the o200k_base tokenizer): the summary and the
claims (at most 12) take at most 514 output tokens (median 429); actors, quotes
and figures grow with the article, at 1.85 article characters per output token
in the densest case (``news-election``: results tables) and 3.9 at the median.
So a chunk's answer fits ``max_output_tokens`` when

    chunk_chars <= (max_output_tokens - FIXED_OUTPUT_TOKENS) * CHARS_PER_OUTPUT_TOKEN

with a 600-token reserve for summary and claims and 1.8 characters per token,
which every gold brief measured satisfies. With the default 16,384 output tokens
(what gpt-4o-mini and gpt-4o accept) that is 28,411 characters, so
``max_input_chars`` (24,000) binds and nearly every article is one request; with
4,096 (older models) it is 6,292. An answer that is still cut off is split and
asked again (see :mod:`summarizer.pipeline`).

A model that runs here (``local``) also has its context window ``n_ctx`` to
share between the prompt and the answer; its input is counted at 3 characters
per token (English news measured 4.1 to 5.3 with o200k_base; other languages
and smaller vocabularies need more tokens).
"""

from __future__ import annotations

from .config import Settings
from .prompts import Prompt

FIXED_OUTPUT_TOKENS = 600
CHARS_PER_OUTPUT_TOKEN = 1.8
CHARS_PER_INPUT_TOKEN = 3.0
MIN_CHUNK_CHARS = 1_000


def output_chunk_chars(max_output_tokens: int) -> int:
    """The most article characters whose expected answer fits ``max_output_tokens``."""
    return int((max_output_tokens - FIXED_OUTPUT_TOKENS) * CHARS_PER_OUTPUT_TOKEN)


def context_chunk_chars(n_ctx: int, prompt_chars: int) -> int:
    """The most article characters that fit a context of ``n_ctx`` with their answer."""
    free = n_ctx - prompt_chars / CHARS_PER_INPUT_TOKEN - FIXED_OUTPUT_TOKENS
    return int(free / (1 / CHARS_PER_INPUT_TOKEN + 1 / CHARS_PER_OUTPUT_TOKEN))


def chunk_chars(settings: Settings, prompt: Prompt, provider_name: str) -> int:
    """The chunk size for ``settings``: ``max_input_chars`` at most, less when budgets need.

    The extractive engine has no output budget; a local model also shares ``n_ctx``.
    """
    if provider_name == "extractive":
        return settings.max_input_chars
    budget = min(settings.max_input_chars, output_chunk_chars(settings.max_output_tokens))
    if provider_name == "local":
        scaffold = sum(len(m["content"]) for m in prompt.render(""))
        budget = min(budget, context_chunk_chars(settings.n_ctx, scaffold))
    return max(budget, MIN_CHUNK_CHARS)
