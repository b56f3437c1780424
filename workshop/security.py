"""Facilitator PIN hashing (argon2id through argon2-cffi); the PIN itself is never stored."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError


class PinHasher:
    """Salted argon2id hashes; `fast=True` lowers the cost for tests only."""

    def __init__(self, fast: bool = False) -> None:
        if fast:
            self._ph = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
        else:
            self._ph = PasswordHasher()

    def hash(self, pin: str) -> str:
        return self._ph.hash(pin)

    def verify(self, hashed: str, pin: str) -> bool:
        if not isinstance(pin, str):
            return False
        try:
            return self._ph.verify(hashed, pin)
        except (VerificationError, InvalidHashError):
            return False
