import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

from simerit.notifications.models import Notification

logger = logging.getLogger(__name__)


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


@task()
def send_notification_emails(*, notification_ids: list[int]) -> None:
    """Send several notifications by e-mail (a list written at once); each is sent at most once."""
    failed = []
    for notification_id in notification_ids:
        try:
            send_notification_email.call(notification_id=notification_id)
        except Exception:
            # One unreachable mailbox must not hold back the others; the rest still go out.
            logger.exception("Notification %s could not be e-mailed", notification_id)
            failed.append(notification_id)
    if failed:
        raise RuntimeError(f"{len(failed)} of {len(notification_ids)} e-mails failed: {failed}")
