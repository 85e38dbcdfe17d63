"""Keep secrets that travel in URL paths out of the logs.

Some paths carry a bearer secret: the QR check-in code of a training meeting and the code of a
public session registration (the only key to it). Django logs the path of every 4xx response
(`django.request`, `django.security.csrf`) and the development server logs every request, so the
console handler passes every record through `SecretPathFilter`, which replaces such a path
segment with a mark before the record is formatted."""

import logging
import re

SECRET_PATHS = re.compile(r"(/pelatihan/presensi/|/persiapan-seleksi/pendaftaran/)[^/\s\"'?]+")
MARK = "[disamarkan]"


def redact(text: str) -> str:
    """`text` with the secret segment of every such path replaced by MARK."""
    return SECRET_PATHS.sub(lambda match: match.group(1) + MARK, text)


class SecretPathFilter(logging.Filter):
    """Formats the record's message once, redacted; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = ()
        return True
