"""Pages of the cases part (filled by its owner)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
