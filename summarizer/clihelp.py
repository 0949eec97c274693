"""How the command line presents itself: help without type noise, options every command
takes, and a spinner while a model works.

Typer prints each parameter's Python type in help (``<bool>`` even for ``--help``,
``<str>``, ``<list[str]>``): :class:`HelpCommand` and :class:`HelpGroup` show a
flag as the flag alone and a value as its metavar (``MODEL``, ``json|md|html``),
and print a string ``show_default`` as it is (``[default: today]``).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from typing import Any, TypeVar, cast, get_type_hints

import typer
from rich.console import Console
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption
from typer.models import CommandFunctionType

F = TypeVar("F", bound=Callable[..., Any])


class _Option(TyperOption):
    """An option shown by its metavar: nothing for a flag, its choices, or its name."""

    def display_type_rich(self, ctx: Any) -> str | None:
        if self.is_flag or self.count:
            return None
        if self.metavar is not None:
            return self.metavar
        choices = self.type_descriptor.choices if self.type_descriptor.is_choice else None
        if choices:
            return "|".join(str(getattr(c, "value", c)) for c in choices)
        return (self.name or "value").upper()

    def _get_default_string(
        self, *, ctx: Any, show_default_is_str: bool, default_value: Any
    ) -> str:
        if show_default_is_str:
            return str(self.show_default)
        return super()._get_default_string(
            ctx=ctx, show_default_is_str=show_default_is_str, default_value=default_value
        )


class _Argument(TyperArgument):
    """An argument shown by its metavar alone (the name column already holds it)."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None


def _tidy(params: Sequence[Any]) -> None:
    for param in params:
        if type(param) is TyperOption:
            param.__class__ = _Option
        elif type(param) is TyperArgument:
            param.__class__ = _Argument


class HelpCommand(TyperCommand):
    """A command whose help shows no Python types (see the module docstring)."""

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        _tidy(params)
        return params


class HelpGroup(TyperGroup):
    """A command group whose help shows no Python types (see the module docstring)."""

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        _tidy(params)
        return params


class App(typer.Typer):
    """A Typer app (or command group) whose commands present themselves as described above."""

    def __init__(self, **settings: Any):
        super().__init__(cls=HelpGroup, **settings)

    def command(
        self, *args: Any, **kwargs: Any
    ) -> Callable[[CommandFunctionType], CommandFunctionType]:
        kwargs.setdefault("cls", HelpCommand)
        register = super().command

        def decorate(func: CommandFunctionType) -> CommandFunctionType:
            if "short_help" not in kwargs and (line := _first_paragraph(func)):
                kwargs["short_help"] = line
            return register(*args, **kwargs)(func)

        return decorate

    def add_typer(self, typer_instance: typer.Typer, **kwargs: Any) -> None:
        callback = typer_instance.registered_callback
        if callback is not None and "short_help" not in kwargs:
            line = _first_paragraph(callback.callback)
            if line:
                kwargs["short_help"] = line
        super().add_typer(typer_instance, **kwargs)


def _first_paragraph(func: Callable[..., Any] | None) -> str:
    """The first paragraph of ``func``'s docstring on one line: what the list of commands
    shows for it (typer would keep the docstring's line breaks)."""
    doc = inspect.getdoc(func) if func is not None else None
    return " ".join(doc.split("\n\n", 1)[0].split()) if doc else ""


def with_option(
    name: str, annotation: Any, default: Any, take: Callable[[Any], None]
) -> Callable[[F], F]:
    """A decorator giving a command one more keyword option ``name`` (declared by the
    ``Annotated`` ``annotation``); its value goes to ``take`` before the command runs,
    so the command function itself does not declare it."""

    def decorate(func: F) -> F:
        signature = inspect.signature(func, eval_str=True)
        extra = inspect.Parameter(
            name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
        )

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            take(kwargs.pop(name, default))
            return func(*args, **kwargs)

        cast(Any, wrapper).__signature__ = signature.replace(
            parameters=[*signature.parameters.values(), extra]
        )
        wrapper.__annotations__ = {**get_type_hints(func, include_extras=True), name: annotation}
        return cast(F, wrapper)

    return decorate


@contextmanager
def working(console: Console, what: str) -> Iterator[None]:
    """A spinner saying ``what`` on ``console`` while the block runs, when it is a
    terminal; nothing otherwise (a pipe, a file, cron)."""
    status = console.status(what, spinner="dots") if console.is_terminal else nullcontext()
    with status:
        yield
