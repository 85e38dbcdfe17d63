"""The TPP read other apps use (self-service): one employee's lines of final runs. No permission
check here: the caller shows an employee their own lines."""

from django.db.models import QuerySet

from simerit.compensation.models import Line, Run


def lines_of(employee_id: int) -> QuerySet[Line]:
    """The employee's lines of final runs, newest month first, each with its run and scheme."""
    return (
        Line.objects.filter(employee_id=employee_id, run__status=Run.Status.FINAL)
        .select_related("run__scheme")
        .order_by("-run__month", "-run_id")
    )
