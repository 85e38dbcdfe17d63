"""Views of the selection's assessment part (routes kept next to the views, as in exams)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
