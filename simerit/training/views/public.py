"""The public preparation pages (/persiapan-seleksi/, namespace `preparation`): no login needed.

A visitor sees the upcoming information sessions with the seats left and the reading materials,
registers for a session (limited per client address; a honeypot field catches robots) and keeps
the registration code, whose page shows the registration and cancels it. A full session refuses
the registration and offers the waitlist. Registrants' names, e-mail addresses and phone numbers
are never shown on these pages nor put in a URL.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from simerit.accounts.client_ip import client_ip
from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.recruitment.models import Applicant
from simerit.training.forms.public import RegistrationForm, add_service_errors, consent_purpose
from simerit.training.models import InformationSession, ReadingMaterial, SessionRegistration
from simerit.training.selectors import public as selectors
from simerit.training.services import public as services
from simerit.training.services.public_retention import retention_days

SESSIONS_PER_PAGE = 10
ROBOT_REFUSAL = "Pendaftaran tidak dapat diproses. Muat ulang halaman lalu isi formulir lagi."
# A PDF of a reading material is always a download; nothing in it may run or load anything.
FILE_CSP = "default-src 'none'; frame-ancestors 'none'"


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Upcoming sessions with seats left, the reading materials, and where to practise."""
    now = timezone.now()
    page_obj = Paginator(selectors.upcoming_sessions(now=now), SESSIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [(session, selectors.availability(session, now=now)) for session in page_obj]
    context = {"page_obj": page_obj, "rows": rows, "materials": selectors.published_materials()}
    return render(request, "training/public/home.html", context)


def _session_or_404(session_id: int) -> InformationSession:
    try:
        return selectors.get_public_session(session_id=session_id)
    except InformationSession.DoesNotExist as error:
        raise Http404 from error


def _prefill(request: HttpRequest) -> dict[str, str]:
    """A signed-in account (a pelamar's above all) fills in what it knows."""
    user = request.user
    if not user.is_authenticated:
        return {}
    applicant = Applicant.objects.filter(user=user).only("name", "email", "phone").first()
    if applicant is not None:
        return {"name": applicant.name, "email": applicant.email, "phone": applicant.phone}
    return {"name": user.full_name, "email": user.email}


def _register(
    request: HttpRequest, form: RegistrationForm, session: InformationSession
) -> tuple[SessionRegistration | None, bool]:
    """The registration, or None with the errors on the form; True when the session was full."""
    if form.is_robot():
        form.add_error(None, ROBOT_REFUSAL)
        return None, False
    if not form.is_valid():
        return None, False
    user = request.user if request.user.is_authenticated else None
    data = form.to_input(waitlist="waitlist" in request.POST)
    try:
        return services.register_for_session(session=session, data=data, user=user), False
    except services.SessionFullError:
        # The page says so itself, with the waitlist offer (session_detail.html).
        return None, True
    except InvalidInputError as error:
        add_service_errors(form, error.errors)
    except DomainError as error:
        add_service_errors(form, {error.field or "": [error.message]})
    return None, False


@never_cache
@require_http_methods(["GET", "POST"])
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    """A session with its registration form; POST registers (or joins the waitlist)."""
    session = _session_or_404(session_id)
    data = request.POST if request.method == "POST" else None
    form = RegistrationForm(data, initial=_prefill(request))
    status, refused_full = 200, False
    if request.method == "POST":
        try:
            services.check_registration_rate(client_address=client_ip(request))
        except services.RegistrationRateLimitError as error:
            form.add_error(None, error.message)
            status = 429
        else:
            registration, refused_full = _register(request, form, session)
            if registration is not None:
                return _registered(request, registration)
            session = _session_or_404(session_id)  # the counts after the refusal
    context = {
        "session": session,
        "availability": selectors.availability(session, now=timezone.now()),
        "form": form,
        "refused_full": refused_full,
        "consent_purpose": consent_purpose(retention_days()),
    }
    return render(request, "training/public/session_detail.html", context, status=status)


def _registered(request: HttpRequest, registration: SessionRegistration) -> HttpResponse:
    if registration.status == SessionRegistration.Status.WAITLISTED:
        messages.success(
            request,
            "Anda masuk daftar tunggu. Simpan kode pendaftaran Anda; kami mengirim e-mail bila "
            "ada kursi kosong.",
        )
    else:
        messages.success(
            request, "Pendaftaran berhasil. Simpan kode pendaftaran Anda (juga dikirim ke e-mail)."
        )
    return redirect("preparation:registration", code=registration.code)


def _registration_or_404(code: str) -> SessionRegistration:
    registration = selectors.get_registration(code=code)
    if registration is None:
        raise Http404
    return registration


@never_cache
@require_GET
def registration(request: HttpRequest, code: str) -> HttpResponse:
    """The registration of a code: status, place on the waitlist, the session, cancel."""
    found = _registration_or_404(code)
    now = timezone.now()
    session = found.session
    context = {
        "registration": found,
        "session": session,
        "position": selectors.waitlist_position(found),
        "can_cancel": selectors.can_cancel(found, now=now),
        "show_online_url": (
            found.status == SessionRegistration.Status.REGISTERED
            and session.status == InformationSession.Status.PUBLISHED
            and now < session.ends_at
        ),
    }
    return render(request, "training/public/registration.html", context)


@require_POST
def registration_cancel(request: HttpRequest, code: str) -> HttpResponse:
    """The holder of the code cancels the registration (the seat goes to the waitlist)."""
    found = _registration_or_404(code)
    actor = request.user if request.user.is_authenticated else None
    try:
        services.cancel_registration(registration=found, actor=actor)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Pendaftaran Anda sudah dibatalkan.")
    return redirect("preparation:registration", code=found.code)


def _material_or_404(material_id: int) -> ReadingMaterial:
    try:
        return selectors.get_published_material(material_id=material_id)
    except ReadingMaterial.DoesNotExist as error:
        raise Http404 from error


@require_GET
def material(request: HttpRequest, material_id: int) -> HttpResponse:
    found = _material_or_404(material_id)
    context = {"material": found, "paragraphs": selectors.paragraphs(found.body)}
    return render(request, "training/public/material.html", context)


@require_GET
def material_file(request: HttpRequest, material_id: int) -> FileResponse:
    """The PDF of a published material, as a download."""
    found = _material_or_404(material_id)
    if not found.file:
        raise Http404
    return pdf_download(found)


def pdf_download(found: ReadingMaterial) -> FileResponse:
    """The material's PDF as an attachment named by its number (the stored name is random)."""
    response = FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=f"bahan-bacaan-{found.pk}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-cache"
    response["Content-Security-Policy"] = FILE_CSP
    return response


urlpatterns: list[URLPattern] = [
    path("", home, name="home"),
    path("sesi/<int:session_id>/", session_detail, name="session-detail"),
    path("pendaftaran/<str:code>/", registration, name="registration"),
    path("pendaftaran/<str:code>/batal/", registration_cancel, name="registration-cancel"),
    path("bacaan/<int:material_id>/", material, name="material"),
    path("bacaan/<int:material_id>/berkas/", material_file, name="material-file"),
]
