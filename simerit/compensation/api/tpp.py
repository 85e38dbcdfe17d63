"""JSON API of the tpp part (filled by its owner)."""

from ninja import Router

router = Router(tags=["TPP"])
