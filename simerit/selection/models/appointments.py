"""Winners become employees: the link from a Lulus application to its new employee record."""

from django.conf import settings
from django.db import models

from simerit.core.models import BaseModel
from simerit.employees.models import Employee
from simerit.recruitment.models import Application
from simerit.selection.models.announcements import ResultAnnouncement


class Appointment(BaseModel):
    """The CPNS/PPPK employee record made from a Lulus applicant, with the NIP proposal (usul
    penetapan NIP): the 18 digits built by §4.2 from the birth date, the planned TMT and the
    gender, held in `Employee.nip` until BKN sets the definitive number."""

    application = models.OneToOneField(
        Application,
        verbose_name="lamaran",
        on_delete=models.PROTECT,
        related_name="appointment",
    )
    employee = models.OneToOneField(
        Employee, verbose_name="pegawai", on_delete=models.PROTECT, related_name="appointment"
    )
    announcement = models.ForeignKey(
        ResultAnnouncement,
        verbose_name="pengumuman hasil akhir",
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    proposed_nip = models.CharField("NIP usulan", max_length=18, unique=True)
    planned_tmt = models.DateField("TMT yang diusulkan")
    nip_confirmed = models.BooleanField("NIP sudah ditetapkan BKN", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dibuat oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "pengangkatan CASN"
        verbose_name_plural = "pengangkatan CASN"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.proposed_nip} ← {self.application_id}"
