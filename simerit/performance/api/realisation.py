"""JSON API of the performance part 'realisation' (same selectors and services as the pages)."""

from ninja import Router

router = Router(tags=["Kinerja: realisasi dan bimbingan"])
