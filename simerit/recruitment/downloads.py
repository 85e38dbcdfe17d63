"""Headers of files the recruitment pages and API hand out."""

from django.utils.http import content_disposition_header


def attachment(filename: str) -> str:
    """A Content-Disposition that downloads `filename`, quoted or RFC 5987-encoded by Django (a
    formasi code or a name with quotes or non-ASCII letters cannot break the header)."""
    return content_disposition_header(as_attachment=True, filename=filename) or "attachment"
