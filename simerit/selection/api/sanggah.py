from ninja import Router

router = Router(tags=["Seleksi kompetensi: sanggah hasil akhir"])
