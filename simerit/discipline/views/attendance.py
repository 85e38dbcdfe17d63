"""Pages of the attendance part (filled by its owner)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
