"""Telling people that something changed: an in-app message and an e-mail after commit."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from simerit.accounts.models import User
from simerit.notifications.models import Notification
from simerit.notifications.tasks import send_notification_email, send_notification_emails


@transaction.atomic
def notify(*, user: User, title: str, body: str, url: str = "") -> Notification:
    """Store the in-app message now; send the e-mail once the caller's transaction commits.

    Notifications are not audited: the change that caused them is.
    """
    notification = Notification.objects.create(user=user, title=title, body=body, url=url)
    if user.email:
        transaction.on_commit(
            lambda: send_notification_email.enqueue(notification_id=notification.pk)
        )
    return notification


@dataclass(frozen=True)
class Message:
    user: User
    title: str
    body: str
    url: str = ""


@transaction.atomic
def notify_many(*, messages: Sequence[Message]) -> list[Notification]:
    """notify() for many people at once: one INSERT, and one e-mail task after commit.

    For lists that grow with the data (every applicant of a formasi), where a statement per
    message would not scale.
    """
    notifications = Notification.objects.bulk_create(
        Notification(user=message.user, title=message.title, body=message.body, url=message.url)
        for message in messages
    )
    ids = [
        notification.pk
        for notification, message in zip(notifications, messages, strict=True)
        if message.user.email
    ]
    if ids:
        transaction.on_commit(lambda: send_notification_emails.enqueue(notification_ids=ids))
    return notifications


@transaction.atomic
def mark_read(*, user: User, notification_ids: list[int] | None = None) -> int:
    """Mark the user's notifications read (all unread ones when no ids are given)."""
    notifications = Notification.objects.filter(user=user).unread()
    if notification_ids is not None:
        notifications = notifications.filter(pk__in=notification_ids)
    return notifications.update(read_at=timezone.now())
