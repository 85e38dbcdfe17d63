"""What the catalogue pages share: a form that calls one service, a button that runs one state
change, and the status of a page showing a refused form."""

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.training.forms.catalogue import ServiceErrorsMixin

T = TypeVar("T")


def run_form(form: forms.Form, call: Callable[[], T]) -> T | None:
    """Validate the form, then call one service; its refusal lands on the form's fields (or above
    the form). The outcome, or None when the form or the service refused."""
    if not form.is_valid():
        return None
    try:
        return call()
    except InvalidInputError as error:
        if isinstance(form, ServiceErrorsMixin):
            form.add_service_errors(error.errors)
        else:
            form.add_error(None, error.message)
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
    return None


def act(request: HttpRequest, call: Callable[[], T], success: str) -> T | None:
    """Run one state change: a refusal becomes an error message (None), else `success`."""
    try:
        outcome = call()
    except DomainError as error:
        messages.error(request, error.message)
        return None
    messages.success(request, success)
    return outcome


def status_of(form: forms.Form) -> int:
    return 422 if form.errors else 200
