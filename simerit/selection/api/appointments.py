from ninja import Router

router = Router(tags=["Seleksi kompetensi: pengangkatan CASN"])
