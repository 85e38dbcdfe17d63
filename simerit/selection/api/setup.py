from ninja import Router

router = Router(tags=["Seleksi kompetensi: pengaturan, rubrik, komponen SKB"])
