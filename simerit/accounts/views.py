from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from simerit.accounts import services
from simerit.accounts.forms import (
    ApiTokenForm,
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from simerit.accounts.models import ApiToken
from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.core.types import AuthenticatedHttpRequest


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("accounts:password-change-done")

    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():  # the new password and its audit row, or neither
            response = super().form_valid(form)
            services.record_password_change(user=form.user, actor=form.user, reset=False)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = PasswordResetForm
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():  # the new password, its audit row and the revoked tokens
            response = super().form_valid(form)
            services.record_password_change(user=form.user, actor=None, reset=True)
        return response


# --- Personal API tokens: any logged-in account manages its own.

TOKENS_PER_PAGE = 20


@login_required
def token_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "accounts/token_list.html", _token_context(request, ApiTokenForm()))


@never_cache  # the answer holds the token's secret: no cache may keep it
@login_required
@require_POST
def token_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            issued = services.issue_api_token(
                user=request.user,
                name=form.cleaned_data["name"],
                expires_at=form.expires_at(),
                actor=request.user,
            )
        except DomainError as error:
            _add_service_errors(form, error)
        else:
            context = {"token": issued.token, "secret": issued.secret}
            return render(request, "accounts/token_created.html", context)
    return render(request, "accounts/token_list.html", _token_context(request, form))


@login_required
@require_POST
def token_revoke(request: AuthenticatedHttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id)
    if token.user_id != request.user.pk:
        raise PermissionDenied
    try:
        services.revoke_api_token(token=token, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f'Token "{token.name}" dicabut dan tidak dapat dipakai lagi.')
    return redirect("accounts:token-list")


def _token_context(request: AuthenticatedHttpRequest, form: ApiTokenForm) -> dict[str, Any]:
    page_obj = Paginator(ApiToken.objects.filter(user=request.user), TOKENS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return {"form": form, "page_obj": page_obj, "tokens": page_obj.object_list}


def _add_service_errors(form: ApiTokenForm, error: DomainError) -> None:
    if not isinstance(error, InvalidInputError):
        form.add_error(None, error.message)
        return
    for field, field_messages in error.errors.items():
        for message in field_messages:
            form.add_error("expires_on" if field == "expires_at" else field, message)
