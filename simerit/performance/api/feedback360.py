"""JSON API of the performance part 'feedback360' (same selectors and services as the pages)."""

from ninja import Router

router = Router(tags=["Kinerja: penilaian perilaku 360"])
