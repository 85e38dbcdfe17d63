"""JSON API of the promotion part (filled by its owner)."""

from ninja import Router

router = Router(tags=["Karier"])
