"""What a model call costs: the user's own prices first, then the ``genai-prices`` data.

``genai-prices`` (maintained by the pydantic team) ships its price table inside the
package; it is read from there and never fetched at run time, so a cost is the
same offline and online, as of the installed version's data.

Which prices apply to a model:

1. a price in the settings (``[prices."MODEL"]`` in the config file), for any endpoint;
2. the price of the endpoint's provider: OpenAI when no ``base_url`` is set, else
   the provider ``genai-prices`` knows by that URL (OpenRouter, Groq, ...);
3. for an endpoint it does not know (a proxy, a self-hosted server), the price of
   a hosted model of that name, when one is unambiguous (``gpt-4o-mini`` behind a
   gateway); models only served locally are usually unknown there;
4. else the cost is unknown (``None``): set a price, ``0`` for a free server.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from .schema import Usage


class Price(BaseModel):
    """USD per million tokens."""

    input: float = Field(ge=0, description="USD per million prompt tokens")
    output: float = Field(ge=0, description="USD per million completion tokens")


def cost_of(
    model: str, usage: Usage, *, base_url: str | None, prices: dict[str, Price]
) -> float | None:
    """USD cost of ``usage`` on ``model`` at ``base_url`` (None: OpenAI); None when unpriced."""
    price = prices.get(model)
    if price is not None:
        total = usage.prompt_tokens * price.input + usage.completion_tokens * price.output
        return round(total / 1e6, 8)
    listed = listed_cost(model, usage, base_url)
    return None if listed is None else round(listed, 8)


def listed_cost(model: str, usage: Usage, base_url: str | None) -> float | None:
    """The ``genai-prices`` cost of ``usage`` on ``model`` served at ``base_url`` (steps 2
    and 3 of the module docstring); None when it lists no price."""
    from genai_prices import Usage as Tokens  # its table loads on first use
    from genai_prices import calc_price

    tokens = Tokens(input_tokens=usage.prompt_tokens, output_tokens=usage.completion_tokens)
    try:
        if base_url is None:
            return float(calc_price(tokens, model, provider_id="openai").total_price)
        try:
            return float(calc_price(tokens, model, provider_api_url=base_url).total_price)
        except LookupError:
            return float(calc_price(tokens, model).total_price)
    except LookupError:
        return None
