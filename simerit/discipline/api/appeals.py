"""JSON API of the appeals part (filled by its owner)."""

from ninja import Router

router = Router(tags=["Disiplin"])
