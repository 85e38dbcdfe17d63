from ninja import Router

router = Router(tags=["Rekrutmen: applicant"])
