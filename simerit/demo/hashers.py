"""A light Argon2 for building the demo accounts quickly (dev only).

The demo's hundred-odd accounts all share one published password, so full-strength hashing
(about 0.15 s per account) only slows `make run`. Hashes made with these parameters are ordinary
Argon2 hashes: Django's own Argon2PasswordHasher verifies them (the parameters are stored in the
hash) and, because they differ from its own, re-hashes the password at full strength the first
time the account logs in (`must_update`).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher

ARGON2 = "django.contrib.auth.hashers.Argon2PasswordHasher"
DEMO_ARGON2 = "simerit.demo.hashers.DemoArgon2PasswordHasher"


class DemoArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 1024  # KiB
    parallelism = 1


def demo_hashers(hashers: list[str]) -> list[str]:
    """`hashers` with the light Argon2 in place of Argon2 when that is the preferred one."""
    if hashers and hashers[0] == ARGON2:
        return [DEMO_ARGON2, *hashers[1:]]
    return list(hashers)
