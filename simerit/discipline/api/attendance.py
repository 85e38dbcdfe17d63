"""JSON API of the attendance part (filled by its owner)."""

from ninja import Router

router = Router(tags=["Disiplin"])
