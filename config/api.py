"""The JSON API at /api/v1/: one router per app, added here."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="SiMerit API",
    version="1",
    description="API Sistem Informasi Merit ASN. Autentikasi: token pribadi (Bearer) atau sesi peramban.",
    urls_namespace="api",
)
