"""JSON API of the performance part 'appraisal' (same selectors and services as the pages)."""

from ninja import Router

router = Router(tags=["Kinerja: penilaian dan keberatan"])
