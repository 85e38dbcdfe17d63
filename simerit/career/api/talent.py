"""JSON API of the talent part (filled by its owner)."""

from ninja import Router

router = Router(tags=["Karier"])
