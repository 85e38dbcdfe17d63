"""Views of the performance part 'feedback360' (filled in by that part)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
