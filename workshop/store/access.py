"""Who may call each Store method, declared on the method (like flaskr's `login_required`).

Every public method of `Store` carries exactly one of these markers; tests/test_access.py
fails for a public method without one.

* `@facilitator`: the first argument after `self` is a facilitator session token (from
  `login`, or `system_auth` for tools on the machine itself). It is checked before
  anything else: AccessDenied("Hanya fasilitator ...") otherwise.
* `@participant`: the first argument is a participant's secret token. The decorator looks
  the participant up (AccessDenied("Sesi peserta tidak dikenal ...") otherwise) and hands
  the method the `Participant` in its place; callers still pass the token.
* `@pin_setup`: anyone while no PIN is set (first run), afterwards only a facilitator.
  The method checks this itself, inside its write transaction (two first runs may race).
* `@public`: reads and first contact anyone may do (a phone, the projector, the login
  page): nothing to check.
* `@local`: for the app's own code on the machine (CLI, the snapshot thread, exports,
  tests), never with input from a request: nothing is checked.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Concatenate, Literal, ParamSpec, TypeVar, cast

from ..domain import Participant

if TYPE_CHECKING:
    from .base import StoreBase

Access = Literal["facilitator", "participant", "pin_setup", "public", "local"]
KINDS: tuple[Access, ...] = ("facilitator", "participant", "pin_setup", "public", "local")
ATTRIBUTE = "__access__"

S = TypeVar("S", bound="StoreBase")
P = ParamSpec("P")
R = TypeVar("R")
F = TypeVar("F", bound=Callable[..., Any])


def access_of(method: Any) -> Access | None:
    """The marker of a method (a function on the class), or None if it has none."""
    return getattr(method, ATTRIBUTE, None)


def _mark(fn: Any, kind: Access) -> None:
    if access_of(fn) is not None:
        raise TypeError(f"{fn.__qualname__} has two access markers")
    setattr(fn, ATTRIBUTE, kind)


def facilitator(
    fn: Callable[Concatenate[S, str, P], R],
) -> Callable[Concatenate[S, str | None, P], R]:
    """Only with a live facilitator session token as the first argument."""

    @functools.wraps(fn)
    def wrapper(self: S, auth: str | None, /, *args: P.args, **kwargs: P.kwargs) -> R:
        self._require_facilitator(auth)
        return fn(self, cast(str, auth), *args, **kwargs)

    _mark(wrapper, "facilitator")
    return wrapper


def participant(
    fn: Callable[Concatenate[S, Participant, P], R],
) -> Callable[Concatenate[S, str | None, P], R]:
    """Only with a participant's token as the first argument; the method gets the
    `Participant` it belongs to instead."""

    @functools.wraps(fn)
    def wrapper(self: S, token: str | None, /, *args: P.args, **kwargs: P.kwargs) -> R:
        return fn(self, self._require_participant(token), *args, **kwargs)

    signature = inspect.signature(fn)  # what callers pass: the token, not a Participant
    params = list(signature.parameters.values())
    params[1] = params[1].replace(name="token", annotation="str")
    wrapper.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
    _mark(wrapper, "participant")
    return wrapper


def pin_setup(fn: F) -> F:
    """Anyone on first run (no PIN yet), then a facilitator: checked by the method itself."""
    _mark(fn, "pin_setup")
    return fn


def public(fn: F) -> F:
    """Anyone: nothing to check."""
    _mark(fn, "public")
    return fn


def local(fn: F) -> F:
    """The app's own code on the machine (never with a request's input): nothing checked."""
    _mark(fn, "local")
    return fn
