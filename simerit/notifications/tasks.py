from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

from simerit.notifications.models import Notification


@task()
def send_notification_email(*, notification_id: int) -> None:
    """Send one notification by e-mail; a notification already e-mailed is skipped (retries)."""
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at is not None or not notification.user.email:
        return
    link = f"\n\n{settings.SIMERIT_PUBLIC_URL}{notification.url}" if notification.url else ""
    send_mail(
        subject=f"[SiMerit] {notification.title}",
        message=f"{notification.body}{link}\n\nSiMerit — {settings.INSTANSI_NAME}",
        from_email=None,
        recipient_list=[notification.user.email],
    )
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
