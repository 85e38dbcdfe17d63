"""Pages of the nominations part (filled by its owner)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
