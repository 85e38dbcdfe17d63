"""Views of the performance part 'realisation' (filled in by that part)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
