from ninja import Router

router = Router(tags=["Ujian CAT"])
