"""Dates and times as Indonesian readers expect them: month names, WIB (Asia/Jakarta)."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

WIB = ZoneInfo("Asia/Jakarta")
MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def format_date_id(value: dt.date) -> str:
    """1 Agustus 2026."""
    return f"{value.day} {MONTHS_ID[value.month - 1]} {value.year}"


def format_time_wib(value: dt.datetime) -> str:
    """pukul 14.05 WIB, for an aware datetime."""
    return f"pukul {timezone.localtime(value, WIB):%H.%M} WIB"


def format_datetime_wib(value: dt.datetime) -> str:
    """12 Agustus 2026 pukul 14.05 WIB, for an aware datetime."""
    return f"{format_date_id(timezone.localtime(value, WIB).date())} {format_time_wib(value)}"
