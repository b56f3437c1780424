"""Participants: a phone joins with the workshop's code and keeps a secret token.

The facilitator's list (`participant_list`), and the corrections a real room needs:
removing an entry (`remove_participant`: what they sent stays in the tables but leaves
every result, their token stops working; `restore_participant` undoes it) and merging two
entries of one person who rejoined on another phone (`merge_participants`).
"""

from __future__ import annotations

import hashlib
import math
import secrets
import sqlite3
import time
from dataclasses import dataclass
from typing import Any

from .. import domain as d
from ..domain import WorkshopError
from . import access  # (`participant` is also a method name here)
from . import limits as lim
from .base import StoreBase, _key, _participant


@dataclass(frozen=True)
class ParticipantEntry:
    """One row of the facilitator's participant list."""

    id: int
    name: str
    group: str
    opd_id: int | None
    opd: str  # the OPD's name, "" for none
    institution: str
    stages: tuple[int, ...]  # numbers of the stages attended
    ideas: int  # ideas sent (not hidden)
    ballots: int  # pillars voted in (per stage), dots or ratings
    removed: bool
    removed_at: float | None = None
    merged_into: int | None = None


def _session_mark(auth: str) -> str:
    """Which facilitator session acted, for the audit: a fingerprint, never the token."""
    return "sesi " + hashlib.sha256(auth.encode()).hexdigest()[:8]


class ParticipantStore(StoreBase):
    """Joining, attendance per stage, and the participant behind a token."""

    @access.public
    def join(
        self,
        join_code: str,
        *,
        name: str,
        group: str,
        opd_id: int | None = None,
        institution: str = "",
        device: str | None = None,
        client: str | None = None,
        now: float | None = None,
    ) -> d.Participant:
        """A phone joins a workshop; attendance for the current stage is recorded.

        `device` is the browser's device cookie (workshop/guard.py): a second join from
        the same browser resumes the participant it joined as (same token), unless the
        facilitator allows shared devices. `client` is the request's address (a page
        always passes it, "" when unknown; the machine's own address too): new
        participants per address and minute are limited, and so is the workshop's number
        of participants (limits.py), both checked in the write transaction. Without a
        `client` the call comes from code on the machine itself (the demo, the CLI, test
        set-ups) and is not limited."""
        w = self._workshop_by_code(join_code)
        if w is None:
            raise WorkshopError("Kode kegiatan tidak dikenal. Periksa kode di layar.")
        name = d.clean_text(name, label="Nama", max_len=d.NAME_MAX)
        group = d.check_choice(group, d.GROUPS, label="Kelompok")
        opd = self._opd_or_none(w.id, opd_id)
        institution = d.clean_text(
            institution, label="Instansi", max_len=d.NAME_MAX, required=False
        )
        if opd is None and not institution:
            raise WorkshopError("Pilih OPD atau isi nama instansi.")
        dev = d.safe_key(device)
        device_hash = lim.digest(dev) if dev is not None and len(dev) <= 200 else None
        token = secrets.token_urlsafe(18)
        now = time.time() if now is None else now
        key = lim.client_key(client)
        refusal: WorkshopError | None = None
        with self._tx(w.id) as c:
            limits = lim.limits_of(c, w.id)
            if device_hash is not None and not limits.shared_devices:
                resumed = self._resume_device(c, w.id, device_hash)
                if isinstance(resumed, WorkshopError):
                    raise resumed
                if resumed is not None:
                    self._attend(c, resumed, w.id, now)
                    token = c.execute(
                        "SELECT token FROM participants WHERE id = ?", (resumed,)
                    ).fetchone()[0]
                    return self._participant_of(c, token)
            if client is None:  # a direct call on the machine (demo, CLI, tools): trusted
                pid = c.execute(
                    "INSERT INTO participants(workshop_id, name, grp, opd_id, institution, "
                    "token, created_at, device_hash) VALUES (?,?,?,?,?,?,?,?)",
                    (w.id, name, group, opd, institution, token, now, device_hash),
                ).lastrowid
                assert pid is not None
                self._attend(c, pid, w.id, now)
                return self._participant_of(c, token)
            c.execute("DELETE FROM join_log WHERE ts < ?", (now - 3600,))
            recent = c.execute(
                "SELECT count(*), min(ts) FROM join_log WHERE client = ? AND ok = 1 AND ts > ?",
                (key, now - lim.WINDOW),
            ).fetchone()
            total = c.execute(
                "SELECT count(*) FROM participants WHERE workshop_id = ? AND removed_at IS NULL",
                (w.id,),
            ).fetchone()[0]
            if recent[0] >= limits.joins_per_minute:
                wait = max(1, math.ceil(recent[1] + lim.WINDOW - now))
                refusal = WorkshopError(
                    "Terlalu banyak pendaftaran dari alamat jaringan ini. "
                    f"Coba lagi dalam {wait} detik."
                )
            elif total >= limits.max_participants:
                refusal = WorkshopError(
                    f"Kegiatan ini sudah mencapai batas {limits.max_participants} peserta. "
                    "Hubungi fasilitator."
                )
            c.execute(
                "INSERT INTO join_log(ts, workshop_id, client, ok) VALUES (?,?,?,?)",
                (now, w.id, key, int(refusal is None)),
            )
            if refusal is None:
                pid = c.execute(
                    "INSERT INTO participants(workshop_id, name, grp, opd_id, institution, "
                    "token, created_at, device_hash) VALUES (?,?,?,?,?,?,?,?)",
                    (w.id, name, group, opd, institution, token, now, device_hash),
                ).lastrowid
                assert pid is not None
                self._attend(c, pid, w.id, now)
        if refusal is not None:  # the refused attempt is on record (the spike warning)
            raise refusal
        return self._require_participant(token)

    @staticmethod
    def _participant_of(c: sqlite3.Connection, token: str) -> d.Participant:
        return _participant(
            c.execute("SELECT * FROM participants WHERE token = ?", (token,)).fetchone()
        )

    @staticmethod
    def _resume_device(
        c: sqlite3.Connection, workshop_id: int, device_hash: str
    ) -> int | WorkshopError | None:
        """The participant this browser joined as (following merges), a refusal when the
        facilitator removed them, or None when it never joined this workshop."""
        rows = c.execute(
            "SELECT id, removed_at, merged_into FROM participants WHERE workshop_id = ? "
            "AND device_hash = ? ORDER BY (removed_at IS NULL) DESC, id DESC",
            (workshop_id, device_hash),
        ).fetchall()
        for row in rows:
            seen = set()
            while row is not None and row["merged_into"] is not None and row["id"] not in seen:
                seen.add(row["id"])
                row = c.execute(
                    "SELECT id, removed_at, merged_into FROM participants WHERE id = ?",
                    (row["merged_into"],),
                ).fetchone()
            if row is not None and row["removed_at"] is None:
                return int(row["id"])
        if rows:
            return WorkshopError(
                "Peserta dari perangkat ini sudah dihapus oleh fasilitator. "
                "Minta fasilitator memulihkannya."
            )
        return None

    # ------------------------------------------------------------ join limits

    @access.public
    def join_limits(self, workshop_id: int) -> lim.Limits:
        """The limits in force for a workshop (the facilitator's values, else defaults)."""
        wid = self._workshop_or_refuse(workshop_id).id
        with self._lock:
            return lim.limits_of(self.conn, wid)

    @access.facilitator
    def set_join_limits(self, auth: str, workshop_id: int, **values: Any) -> lim.Limits:
        """Set some of a workshop's limits (`limits.FIELDS`); None puts one back to its
        default."""
        wid = self._workshop_or_refuse(workshop_id).id
        clean: dict[str, int | None] = {}
        for name, value in values.items():
            if name not in lim.FIELDS:
                raise WorkshopError(f"Batas tidak dikenal: {name}")
            if value is None:
                clean[name] = None
            elif name == "shared_devices":
                clean[name] = int(d.check_bool(value, label="Perangkat bersama"))
            else:
                clean[name] = d.check_int(value, label="Batas", lo=1, hi=lim.MAXIMA[name])
        with self._tx(wid) as c:
            c.execute("INSERT OR IGNORE INTO workshop_limits(workshop_id) VALUES (?)", (wid,))
            for name, value in clean.items():  # names checked against FIELDS above
                c.execute(
                    f"UPDATE workshop_limits SET {name} = ? WHERE workshop_id = ?", (value, wid)
                )
            self._audit(c, wid, "set_join_limits", clean)
        return self.join_limits(wid)

    @access.public
    def join_spike(self, workshop_id: int, *, now: float | None = None) -> dict[str, int] | None:
        """Joins of the last minute when they look like an attack (at least
        `limits.SPIKE_JOINS`, or any refused by a limit): {"joined", "refused",
        "addresses"}; None when quiet."""
        now = time.time() if now is None else now
        row = self._row(
            "SELECT coalesce(sum(ok), 0) AS joined, coalesce(sum(1 - ok), 0) AS refused, "
            "count(DISTINCT client) AS addresses FROM join_log WHERE workshop_id = ? AND ts > ?",
            (_key(workshop_id, "Kegiatan"), now - lim.WINDOW),
        )
        assert row is not None
        if row["joined"] >= lim.SPIKE_JOINS or row["refused"] > 0:
            return {k: int(row[k]) for k in ("joined", "refused", "addresses")}
        return None

    @access.public
    def participant(self, token: str | None) -> d.Participant | None:
        """The participant owning this secret token, or None."""
        return self._participant_by_token(token)

    @access.participant
    def check_in(self, p: d.Participant) -> d.Participant:
        """Record attendance of a returning phone for the current stage (idempotent)."""
        stage = self._current_stage(p.workshop_id)
        if not self._row(
            "SELECT 1 FROM attendance WHERE participant_id=? AND stage_id=?", (p.id, stage.id)
        ):
            with self._tx(p.workshop_id) as c:
                self._attend(c, p.id, p.workshop_id, time.time())
        return p

    @access.public
    def participants(self, workshop_id: int) -> list[d.Participant]:
        return [
            _participant(r)
            for r in self._rows(
                "SELECT * FROM participants WHERE workshop_id = ? AND removed_at IS NULL "
                "ORDER BY id",
                (workshop_id,),
            )
        ]

    @access.public
    def attendance(self, stage_id: int) -> list[dict[str, Any]]:
        """Participants present at a stage, with OPD name and group (not the removed)."""
        return [
            dict(r)
            for r in self._rows(
                'SELECT p.id, p.name, p.grp AS "group", p.institution, o.name AS opd, a.joined_at '
                "FROM attendance a JOIN participants p ON p.id = a.participant_id "
                "LEFT JOIN opds o ON o.id = p.opd_id WHERE a.stage_id = ? "
                "AND p.removed_at IS NULL ORDER BY o.position, p.name",
                (stage_id,),
            )
        ]

    @access.public
    def removed_count(self, workshop_id: int, stage_id: int | None = None) -> int:
        """How many participants the facilitator removed (merged entries not counted):
        of the workshop, or of those present at `stage_id`."""
        wid = _key(workshop_id, "Kegiatan")
        sql = (
            "SELECT count(*) FROM participants p WHERE p.workshop_id = ? "
            "AND p.removed_at IS NOT NULL AND p.merged_into IS NULL"
        )
        params: list[Any] = [wid]
        if stage_id is not None:
            sql += " AND p.id IN (SELECT participant_id FROM attendance WHERE stage_id = ?)"
            params.append(_key(stage_id, "Tahap"))
        return int(self._count(sql, params))

    # ------------------------------------------------------------ the facilitator's list

    @access.facilitator
    def participant_list(
        self, auth: str, workshop_id: int, *, search: str = ""
    ) -> list[ParticipantEntry]:
        """Every participant of the workshop (removed ones too, marked), with the stages
        attended, ideas sent and ballots cast; `search` matches name, OPD, group or
        institution (case-insensitive). One query, whatever the room's size."""
        w = self._workshop_or_refuse(workshop_id)
        needle = d.clean_text(search, label="Cari", max_len=d.NAME_MAX, required=False)
        rows = self._rows(
            "WITH att AS (SELECT a.participant_id AS pid, group_concat(s.number) AS nums "
            "  FROM attendance a JOIN stages s ON s.id = a.stage_id WHERE s.workshop_id = :w "
            "  GROUP BY a.participant_id), "
            "ide AS (SELECT author_id AS pid, count(*) AS n FROM ideas "
            "  WHERE workshop_id = :w AND status <> 'hidden' GROUP BY author_id), "
            "bal AS (SELECT pid, count(*) AS n FROM (SELECT participant_id AS pid, "
            "  v.stage_id, pillar_id FROM votes v JOIN stages s ON s.id = v.stage_id "
            "  WHERE s.workshop_id = :w UNION SELECT participant_id, r.stage_id, pillar_id "
            "  FROM ratings r JOIN stages s ON s.id = r.stage_id WHERE s.workshop_id = :w) "
            "  GROUP BY pid) "
            "SELECT p.id, p.name, p.grp, p.opd_id, coalesce(o.name, '') AS opd, p.institution, "
            "p.removed_at, p.merged_into, att.nums, coalesce(ide.n, 0) AS ideas, "
            "coalesce(bal.n, 0) AS ballots FROM participants p "
            "LEFT JOIN opds o ON o.id = p.opd_id LEFT JOIN att ON att.pid = p.id "
            "LEFT JOIN ide ON ide.pid = p.id LEFT JOIN bal ON bal.pid = p.id "
            "WHERE p.workshop_id = :w ORDER BY p.name COLLATE NOCASE, p.id",
            {"w": w.id},
        )
        out = [
            ParticipantEntry(
                id=r["id"],
                name=r["name"],
                group=r["grp"],
                opd_id=r["opd_id"],
                opd=r["opd"],
                institution=r["institution"],
                stages=tuple(sorted(int(n) for n in (r["nums"] or "").split(",") if n)),
                ideas=r["ideas"],
                ballots=r["ballots"],
                removed=r["removed_at"] is not None,
                removed_at=r["removed_at"],
                merged_into=r["merged_into"],
            )
            for r in rows
        ]
        if not needle:
            return out
        key = needle.casefold()
        return [
            e
            for e in out
            if any(
                key in text.casefold()
                for text in (
                    e.name,
                    e.opd,
                    e.institution,
                    e.group,
                    d.GROUP_LABELS.get(e.group, ""),
                )
            )
        ]

    def _member_or_refuse(self, participant_id: Any) -> sqlite3.Row:
        row = self._row(
            "SELECT * FROM participants WHERE id = ?", (_key(participant_id, "Peserta"),)
        )
        if row is None:
            raise WorkshopError("Peserta tidak ditemukan.")
        return row

    @staticmethod
    def _who(row: sqlite3.Row) -> dict[str, Any]:
        """A participant as the audit names them."""
        return {"id": row["id"], "name": row["name"], "group": row["grp"], "opd": row["opd_id"]}

    @access.facilitator
    def remove_participant(self, auth: str, participant_id: int) -> None:
        """Take a participant out of the workshop: their ideas, votes and ratings stay in
        the tables but leave every result; their phone's token stops working."""
        row = self._member_or_refuse(participant_id)
        if row["removed_at"] is not None:
            raise WorkshopError("Peserta ini sudah dihapus.")
        now = time.time()
        with self._tx(row["workshop_id"]) as c:
            changed = c.execute(
                "UPDATE participants SET removed_at = ? WHERE id = ? AND removed_at IS NULL",
                (now, row["id"]),
            ).rowcount
            if not changed:  # removed meanwhile by another device
                raise WorkshopError("Peserta ini sudah dihapus.")
            self._audit(
                c,
                row["workshop_id"],
                "remove_participant",
                {"participant": self._who(row), "by": _session_mark(auth), "at": now},
            )

    @access.facilitator
    def restore_participant(self, auth: str, participant_id: int) -> None:
        """Undo `remove_participant`: everything they sent counts again, the token works."""
        row = self._member_or_refuse(participant_id)
        if row["merged_into"] is not None:
            raise WorkshopError(
                "Peserta ini sudah digabung dengan peserta lain; tidak bisa dipulihkan."
            )
        if row["removed_at"] is None:
            raise WorkshopError("Peserta ini tidak sedang dihapus.")
        with self._tx(row["workshop_id"]) as c:
            changed = c.execute(
                "UPDATE participants SET removed_at = NULL WHERE id = ? "
                "AND removed_at IS NOT NULL AND merged_into IS NULL",
                (row["id"],),
            ).rowcount
            if not changed:
                raise WorkshopError("Peserta ini tidak sedang dihapus.")
            self._audit(
                c,
                row["workshop_id"],
                "restore_participant",
                {"participant": self._who(row), "by": _session_mark(auth)},
            )

    @access.facilitator
    def merge_participants(self, auth: str, keep_id: int, other_id: int) -> dict[str, Any]:
        """Two entries of one person (e.g. rejoined on a new phone) become `keep`: the
        other's ideas and attendance move to it; its ballots move too, except in a pillar
        of a stage where both voted: there `keep`'s ballot stays and the other's is
        dropped from the results (kept in the table, named in the audit). The other entry
        is marked merged (and removed: its token stops working). Returns what moved."""
        keep = self._member_or_refuse(keep_id)
        other = self._member_or_refuse(other_id)
        if keep["id"] == other["id"]:
            raise WorkshopError("Peserta tidak bisa digabung dengan dirinya sendiri.")
        if keep["workshop_id"] != other["workshop_id"]:
            raise WorkshopError("Peserta dari kegiatan lain tidak bisa digabung.")
        wid = keep["workshop_id"]
        with self._tx(wid) as c:
            for row in (keep, other):  # read again inside the transaction
                now_row = c.execute(
                    "SELECT removed_at FROM participants WHERE id = ?", (row["id"],)
                ).fetchone()
                if now_row["removed_at"] is not None:
                    raise WorkshopError(
                        f"Peserta '{row['name']}' sudah dihapus; pulihkan dulu sebelum digabung."
                    )
            k, o = keep["id"], other["id"]
            ideas = c.execute(
                "UPDATE ideas SET author_id = :k, client_key = CASE WHEN client_key IN "
                "(SELECT client_key FROM ideas WHERE author_id = :k AND client_key IS NOT NULL) "
                "THEN NULL ELSE client_key END WHERE author_id = :o",
                {"k": k, "o": o},
            ).rowcount
            c.execute(
                "UPDATE attendance SET joined_at = min(joined_at, (SELECT a.joined_at FROM "
                "attendance a WHERE a.participant_id = :o AND a.stage_id = attendance.stage_id)) "
                "WHERE participant_id = :k AND stage_id IN "
                "(SELECT stage_id FROM attendance WHERE participant_id = :o)",
                {"k": k, "o": o},
            )
            stages = c.execute(
                "INSERT OR IGNORE INTO attendance(participant_id, stage_id, joined_at) "
                "SELECT :k, stage_id, joined_at FROM attendance WHERE participant_id = :o",
                {"k": k, "o": o},
            ).rowcount
            c.execute("DELETE FROM attendance WHERE participant_id = ?", (o,))
            moved: list[dict[str, Any]] = []
            dropped: list[dict[str, Any]] = []
            for table in ("votes", "ratings"):
                both = {
                    (r[0], r[1])
                    for r in c.execute(
                        f"SELECT DISTINCT x.stage_id, x.pillar_id FROM {table} x WHERE "
                        f"x.participant_id = :o AND EXISTS (SELECT 1 FROM {table} y WHERE "
                        "y.participant_id = :k AND y.stage_id = x.stage_id "
                        "AND y.pillar_id = x.pillar_id)",
                        {"k": k, "o": o},
                    )
                }
                for sid, pid in c.execute(
                    f"SELECT DISTINCT stage_id, pillar_id FROM {table} WHERE participant_id = ? "
                    "ORDER BY stage_id, pillar_id",
                    (o,),
                ).fetchall():
                    entry = {"kind": table, "stage": sid, "pillar": pid}
                    if (sid, pid) in both:
                        dropped.append(entry)
                        continue
                    c.execute(
                        f"UPDATE {table} SET participant_id = ? WHERE participant_id = ? "
                        "AND stage_id = ? AND pillar_id = ?",
                        (k, o, sid, pid),
                    )
                    moved.append(entry)
            c.execute(
                "UPDATE participants SET removed_at = ?, merged_into = ? WHERE id = ?",
                (time.time(), k, o),
            )
            result = {
                "keep": self._who(keep),
                "other": self._who(other),
                "ideas": ideas,
                "stages": stages,
                "ballots_moved": moved,
                "ballots_dropped": dropped,
            }
            self._audit(
                c,
                wid,
                "merge_participants",
                {
                    **result,
                    "note": (
                        "kedua entri memilih di pilar yang sama: suara entri yang digabung "
                        "tidak dihitung"
                        if dropped
                        else ""
                    ),
                    "by": _session_mark(auth),
                },
            )
        return result
