"""A generated PDF handed out as a private download (a certificate, a piagam).

The response names the file by the caller's `filename` (quoted or RFC 5987-encoded by Django),
carries the SHA-256 of its bytes (X-Content-SHA256, to compare with the hash stored at issue), is
never cached, and may not run or load anything (DOWNLOAD_CSP)."""

import hashlib

from django.http import HttpResponse
from django.utils.http import content_disposition_header

# A generated file is always a download; nothing in it may run or load anything.
DOWNLOAD_CSP = "default-src 'none'; frame-ancestors 'none'"


def sha256_hex(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def pdf_download(content: bytes, *, filename: str) -> HttpResponse:
    """`content` as an attachment named `filename`, with its SHA-256 and the private headers."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=filename) or "attachment"
    )
    response["X-Content-SHA256"] = sha256_hex(content)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    return response
