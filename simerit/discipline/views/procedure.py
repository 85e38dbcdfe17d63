"""The procedure's writes (Admin BKPSDM): a summons, the attendance on its examination day, the
examination team and the BAP. The forms sit on the case page, except the BAP's own page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from simerit.core.exceptions import DomainError
from simerit.core.types import AuthenticatedHttpRequest
from simerit.discipline.forms.procedure import (
    AttendanceForm,
    ExaminationForm,
    SummonsForm,
    TeamMemberForm,
)
from simerit.discipline.services import procedure as services
from simerit.discipline.services.cases import require_manage
from simerit.discipline.views.cases import (
    detail_url,
    render_detail,
    run_form,
    visible_case,
)


@require_POST
@login_required
def summons_new(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = visible_case(request, case_id)
    form = SummonsForm(request.POST, prefix="panggilan")
    summons = run_form(
        form, lambda: services.issue_summons(case=case, data=form.to_input(), actor=request.user)
    )
    if summons is None:
        return render_detail(request, case, summons_form=form)
    messages.success(request, f"Surat panggilan ke-{summons.sequence} dicatat.")
    return redirect(detail_url(case))


@require_POST
@login_required
def summons_attendance(
    request: AuthenticatedHttpRequest, case_id: int, summons_id: int
) -> HttpResponse:
    case = visible_case(request, case_id)
    summons = next((s for s in case.summonses.all() if s.pk == summons_id), None)
    if summons is None:
        raise Http404("Surat panggilan tidak ditemukan.")
    form = AttendanceForm(request.POST, prefix="kehadiran")
    done = run_form(
        form,
        lambda: services.record_attendance(
            summons=summons,
            attended=form.is_attended(),
            note=form.cleaned_data["note"],
            actor=request.user,
        ),
    )
    if done is None:
        return render_detail(request, case, attendance_form=form)
    messages.success(request, f"Kehadiran pada panggilan ke-{summons.sequence} dicatat.")
    return redirect(detail_url(case))


@require_POST
@login_required
def team_add(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = visible_case(request, case_id)
    form = TeamMemberForm(request.POST, prefix="tim")
    member = run_form(
        form,
        lambda: services.add_team_member(
            case=case,
            employee=form.cleaned_data["nip"],
            role=form.cleaned_data["role"],
            actor=request.user,
        ),
    )
    if member is None:
        return render_detail(request, case, team_form=form)
    messages.success(request, f"{member.employee.name} ditambahkan ke tim pemeriksa.")
    return redirect(detail_url(case))


@require_POST
@login_required
def team_remove(request: AuthenticatedHttpRequest, case_id: int, member_id: int) -> HttpResponse:
    case = visible_case(request, case_id)
    member = next((m for m in case.team.all() if m.pk == member_id), None)
    if member is None:
        raise Http404("Anggota tim tidak ditemukan.")
    try:
        services.remove_team_member(member=member, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{member.employee.name} dikeluarkan dari tim pemeriksa.")
    return redirect(detail_url(case))


@login_required
@require_http_methods(["GET", "POST"])
def examination_new(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    """The BAP page: Admin BKPSDM only (403 for other readers of the case)."""
    case = visible_case(request, case_id)
    require_manage(request.user, case)
    form = ExaminationForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST":
        examination = run_form(
            form,
            lambda: services.record_examination(
                case=case, data=form.to_input(), actor=request.user
            ),
        )
        if examination is not None:
            messages.success(request, "Berita acara pemeriksaan dicatat.")
            return redirect(detail_url(case))
    attended = [s for s in case.summonses.all() if s.attended]
    context = {"case": case, "form": form, "attended": attended}
    status = 422 if form.errors else 200
    return render(request, "discipline/cases/examination_form.html", context, status=status)


urlpatterns: list[URLPattern] = [
    path("kasus/<int:case_id>/panggilan/", summons_new, name="summons_new"),
    path(
        "kasus/<int:case_id>/panggilan/<int:summons_id>/kehadiran/",
        summons_attendance,
        name="summons_attendance",
    ),
    path("kasus/<int:case_id>/tim/", team_add, name="team_add"),
    path("kasus/<int:case_id>/tim/<int:member_id>/hapus/", team_remove, name="team_remove"),
    path("kasus/<int:case_id>/bap/", examination_new, name="examination_new"),
]
