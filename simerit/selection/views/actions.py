"""What the selection's POST-only buttons share (no pages of its own, so no `urlpatterns`): call
one service, then show its refusal or its outcome as a message on the page the view redirects to."""

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.http import HttpRequest

from simerit.core.exceptions import DomainError

T = TypeVar("T")


def act(request: HttpRequest, call: Callable[[], T], success: Callable[[T], str]) -> None:
    """Run one state change: a refusal (DomainError) becomes an error message, otherwise
    `success(outcome)` becomes a success message."""
    try:
        outcome = call()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success(outcome))
