"""Views of the selection's appointments part (routes kept next to the views, as in exams)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
