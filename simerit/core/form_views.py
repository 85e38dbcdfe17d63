"""A form posted to a view and handed to one service.

`run_form` validates the form and calls the service; a refusal (DomainError, InvalidInputError)
lands on the field it names, or on the whole form. `form_messages` turns every error of a form
posted from a page that does not re-show it into messages."""

from collections.abc import Callable

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest

from simerit.core.exceptions import DomainError, InvalidInputError


def run_form(form: Form, call: Callable[[], object]) -> bool:
    """Validate the form, then call one service; a refusal lands on the field it names (or on
    the whole form). True when both succeeded."""
    if not form.is_valid():
        return False
    try:
        call()
    except InvalidInputError as error:
        for field, field_errors in error.errors.items():
            for message in field_errors:
                form.add_error(field if field in form.fields else None, message)
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
    return not form.errors


def form_messages(request: HttpRequest, form: Form) -> None:
    """Every error of a form posted from a page that does not re-show it, as messages."""
    for field_errors in form.errors.values():
        for error in field_errors:
            messages.error(request, str(error))
