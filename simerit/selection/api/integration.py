from ninja import Router

router = Router(tags=["Seleksi kompetensi: pemeringkatan dan integrasi"])
