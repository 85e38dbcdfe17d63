"""Views of the performance part 'appraisal' (filled in by that part)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
