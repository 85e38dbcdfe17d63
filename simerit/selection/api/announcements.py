from ninja import Router

router = Router(tags=["Seleksi kompetensi: pengumuman hasil akhir"])
