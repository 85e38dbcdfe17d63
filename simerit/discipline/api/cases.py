"""JSON API of the cases part (filled by its owner)."""

from ninja import Router

router = Router(tags=["Disiplin"])
