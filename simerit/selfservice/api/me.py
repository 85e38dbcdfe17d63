"""JSON API of the me part (filled by its owner)."""

from ninja import Router

router = Router(tags=["Layanan mandiri"])
