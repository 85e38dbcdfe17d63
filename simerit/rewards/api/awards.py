"""JSON API of the awards part (filled by its owner)."""

from ninja import Router

router = Router(tags=["Penghargaan"])
