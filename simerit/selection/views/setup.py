"""Views of the selection's setup part (routes kept next to the views, as in exams)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
