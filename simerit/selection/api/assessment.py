from ninja import Router

router = Router(tags=["Seleksi kompetensi: penilaian asesor"])
