from simerit.notifications import services
from simerit.notifications.models import Notification


def test_notify_stores_the_message_and_emails_it(
    django_capture_on_commit_callbacks, employee, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        notification = services.notify(
            user=employee,
            title="Lamaran diterima",
            body="Lamaran Anda sudah kami terima.",
            url="/x/",
        )
    assert list(Notification.objects.values_list("title", flat=True)) == ["Lamaran diterima"]
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "[SiMerit] Lamaran diterima"
    assert mailoutbox[0].to == [employee.email]
    assert "Lamaran Anda sudah kami terima." in mailoutbox[0].body
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_notify_without_email_address_sends_nothing(
    django_capture_on_commit_callbacks, employee, mailoutbox
):
    employee.email = ""
    employee.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(user=employee, title="T", body="B")
    assert Notification.objects.count() == 1
    assert mailoutbox == []


def test_mark_read_touches_only_the_users_unread_notifications(employee, supervisor):
    mine = services.notify(user=employee, title="A", body="a")
    theirs = services.notify(user=supervisor, title="B", body="b")
    assert services.mark_read(user=employee) == 1
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None
    assert theirs.read_at is None
    assert services.mark_read(user=employee) == 0


def test_inbox_lists_only_own_notifications(client, employee, supervisor):
    services.notify(user=employee, title="Untuk pegawai", body="a")
    services.notify(user=supervisor, title="Untuk atasan", body="b")
    client.force_login(employee)
    response = client.get("/notifikasi/")
    assert response.status_code == 200
    assert [n.title for n in response.context["page_obj"]] == ["Untuk pegawai"]
    assert "Untuk atasan" not in response.text


def test_mark_all_read_view_needs_post(client, employee):
    services.notify(user=employee, title="A", body="a")
    client.force_login(employee)
    assert client.get("/notifikasi/tandai-dibaca/").status_code == 405
    assert Notification.objects.unread().count() == 1
    assert client.post("/notifikasi/tandai-dibaca/").status_code == 302
    assert Notification.objects.unread().count() == 0


def test_navbar_shows_the_unread_count(client, employee):
    services.notify(user=employee, title="A", body="a")
    services.notify(user=employee, title="B", body="b")
    client.force_login(employee)
    response = client.get("/")
    assert response.context["unread_notifications"] == 2
    assert '2<span class="visually-hidden"> belum dibaca</span>' in response.text


def test_notify_many_writes_every_message_at_once_and_emails_them_after_commit(
    django_capture_on_commit_callbacks, django_assert_num_queries, employee, supervisor, mailoutbox
):
    supervisor.email = ""
    supervisor.save(update_fields=["email"])
    messages = [
        services.Message(user=employee, title="Hasil", body="MS.", url="/h/"),
        services.Message(user=supervisor, title="Hasil", body="TMS."),
    ]
    # savepoint, one INSERT, release
    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        django_assert_num_queries(3),
    ):
        notifications = services.notify_many(messages=messages)
    assert [(n.user_id, n.body) for n in notifications] == [
        (employee.pk, "MS."),
        (supervisor.pk, "TMS."),
    ]
    assert len(callbacks) == 1
    callbacks[0]()
    assert [message.to for message in mailoutbox] == [[employee.email]]
    assert Notification.objects.get(user=employee).emailed_at is not None
    assert Notification.objects.get(user=supervisor).emailed_at is None


def test_mark_read_marks_only_the_given_ids(employee):
    first = services.notify(user=employee, title="A", body="a")
    second = services.notify(user=employee, title="B", body="b")
    assert services.mark_read(user=employee, notification_ids=[first.pk]) == 1
    assert list(Notification.objects.unread().values_list("pk", flat=True)) == [second.pk]
