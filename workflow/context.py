"""Where the current request came from, for the audit log (client address and request id)."""

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    client_address: str = ""
    request_id: str = ""


_current = contextvars.ContextVar("vinhdanh_request_context", default=RequestContext())  # noqa: B039 (frozen)


def current() -> RequestContext:
    return _current.get()


def bind(context: RequestContext):
    return _current.set(context)


def reset(token) -> None:
    _current.reset(token)
