"""Views of the performance part 'planning' (filled in by that part)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
