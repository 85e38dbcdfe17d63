from django.urls import path

from simerit.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("tandai-dibaca/", views.mark_all_read, name="mark-all-read"),
]
