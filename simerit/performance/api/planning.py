"""JSON API of the performance part 'planning' (same selectors and services as the pages)."""

from ninja import Router

router = Router(tags=["Kinerja: SKP"])
