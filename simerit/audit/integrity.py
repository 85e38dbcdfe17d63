"""Checks of published records against the hashes in the audit chain, run by `verify_audit`.

The audit app sits low in the layers and cannot import the apps that publish (selection, ...).
Those apps register a check here from their AppConfig.ready(); each check recomputes what it
published and reports every record that no longer matches.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class IntegrityProblem:
    check: str  # the registered name, e.g. "pengumuman hasil akhir"
    where: str  # which record, in words: "formasi F-001 versi 2"
    reason: str  # what no longer matches, in Indonesian


Check = Callable[[], list[IntegrityProblem]]

_checks: dict[str, Check] = {}


def register(name: str, check: Check) -> None:
    """Add a check under a human name; registering the same name again replaces it."""
    _checks[name] = check


def registered() -> list[str]:
    return sorted(_checks)


def run_checks() -> tuple[int, list[IntegrityProblem]]:
    """Run every registered check: (number of checks run, problems found)."""
    problems: list[IntegrityProblem] = []
    for name in sorted(_checks):
        problems.extend(_checks[name]())
    return len(_checks), problems
