"""The limits that keep one person to one voice (issue 13): joins per client address per
minute, participants per workshop, ideas per participant per stage and per minute, and
whether several people may join from one browser.

Each limit has a default (overridable by an environment variable for the whole server)
and a per-workshop value the facilitator sets on *Daftar peserta* (`workshop_limits`,
NULL = the default). Every limit is checked inside the write transaction that would
break it (participants.py `join`, ideas.py `submit_idea`)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from dataclasses import dataclass

# defaults (see README, "One person, one voice")
JOINS_PER_MINUTE = 20  # new participants per client address per minute
PARTICIPANTS_PER_OPD = 4  # the participant cap: this many per roster entry ...
MIN_PARTICIPANTS = 100  # ... and never fewer than this
IDEAS_PER_STAGE = 10  # per participant
IDEAS_PER_MINUTE = 5  # per participant
SPIKE_JOINS = 30  # the control page warns when this many joins came in one minute
WINDOW = 60.0  # seconds: "per minute"

FIELDS = ("shared_devices", "joins_per_minute", "max_participants", "ideas_per_stage",
          "ideas_per_minute")  # fmt: skip
MAXIMA = {
    "joins_per_minute": 100_000,
    "max_participants": 100_000,
    "ideas_per_stage": 10_000,
    "ideas_per_minute": 10_000,
}

LOCAL_ADDRESSES = frozenset({"127.0.0.1", "::1", "localhost", "::ffff:127.0.0.1"})


def is_local(client: str | None) -> bool:
    """Is `client` the machine itself? None is a direct call from code on the machine
    (the CLI, tests); a page always passes the request's address ("" when unknown)."""
    return client is None or client in LOCAL_ADDRESSES or client.startswith("127.")


def client_key(client: str | None) -> str:
    """The key a client's attempts are counted under."""
    if client is None:
        return "local"
    return client.strip()[:64] or "unknown"


def digest(secret: str) -> str:
    """The SHA-256 (hex) under which a token or code is stored: never the secret itself."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else default


@dataclass(frozen=True)
class Limits:
    """The limits in force for one workshop (defaults resolved)."""

    shared_devices: bool
    joins_per_minute: int
    max_participants: int
    ideas_per_stage: int
    ideas_per_minute: int
    default_max_participants: int  # what the cap is when the facilitator set none


def defaults(roster_size: int) -> dict[str, int | bool]:
    """The server's defaults (environment variables BIMTEK_JOINS_PER_MINUTE,
    BIMTEK_MAX_PARTICIPANTS, BIMTEK_IDEAS_PER_STAGE, BIMTEK_IDEAS_PER_MINUTE)."""
    cap = max(MIN_PARTICIPANTS, PARTICIPANTS_PER_OPD * roster_size)
    return {
        "shared_devices": False,
        "joins_per_minute": _env_int("BIMTEK_JOINS_PER_MINUTE", JOINS_PER_MINUTE),
        "max_participants": _env_int("BIMTEK_MAX_PARTICIPANTS", cap),
        "ideas_per_stage": _env_int("BIMTEK_IDEAS_PER_STAGE", IDEAS_PER_STAGE),
        "ideas_per_minute": _env_int("BIMTEK_IDEAS_PER_MINUTE", IDEAS_PER_MINUTE),
    }


def limits_of(c: sqlite3.Connection, workshop_id: int) -> Limits:
    """The limits of a workshop, read on `c` (inside the caller's transaction)."""
    roster = c.execute("SELECT count(*) FROM opds WHERE workshop_id = ?", (workshop_id,))
    base = defaults(int(roster.fetchone()[0]))
    row = c.execute("SELECT * FROM workshop_limits WHERE workshop_id = ?", (workshop_id,))
    found = row.fetchone()
    values = dict(base)
    if found is not None:
        for name in FIELDS:
            if found[name] is not None:
                values[name] = bool(found[name]) if name == "shared_devices" else found[name]
    return Limits(
        shared_devices=bool(values["shared_devices"]),
        joins_per_minute=int(values["joins_per_minute"]),
        max_participants=int(values["max_participants"]),
        ideas_per_stage=int(values["ideas_per_stage"]),
        ideas_per_minute=int(values["ideas_per_minute"]),
        default_max_participants=int(base["max_participants"]),
    )
