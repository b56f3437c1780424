"""What the official documents carry besides the results: kop, report texts, signers,
attendee particulars (jabatan, NIP, phone) and images (logo, session photos).

The rules (which fields, their limits, image validation) are in `workshop/documents.py`;
here they are applied inside the write transaction.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .. import documents as docs
from .. import domain as d
from ..domain import WorkshopError
from .access import facilitator, public
from .base import StoreBase, _key


@dataclass(frozen=True)
class DocImage:
    """A stored image: the kop's logo or a session photo (validated, re-encoded)."""

    id: int
    kind: str  # 'logo' | 'photo'
    stage_id: int | None
    caption: str
    mime: str
    width: int
    height: int
    data: bytes


class DocumentStore(StoreBase):
    """Kop, report texts and signers; attendee particulars; logo and photos."""

    # ------------------------------------------------------------------ text fields

    @public
    def doc_fields(self, workshop_id: int, stage_id: int | None = None) -> dict[str, str]:
        """The stored document fields: the workshop's, then (with `stage_id`) the stage's
        on top. Only what was saved: `documents.defaults` fills the rest."""
        wid = self._workshop_or_refuse(workshop_id).id
        sids = [0]
        if stage_id is not None:
            stage = self._stage_or_refuse(stage_id)
            if stage.workshop_id != wid:
                raise WorkshopError("Tahap tidak ditemukan.")
            sids.append(stage.id)
        out: dict[str, str] = {}
        for sid in sids:
            for r in self._rows(
                "SELECT key, value FROM doc_fields WHERE workshop_id=? AND stage_id=?", (wid, sid)
            ):
                out[r["key"]] = r["value"]
        return out

    @facilitator
    def set_doc_fields(
        self, auth: str, workshop_id: int, fields: Mapping[str, Any], stage_id: int | None = None
    ) -> dict[str, str]:
        """Save document fields of a workshop (kop, signers) or of one stage (report
        texts); an empty text goes back to the default."""
        wid = self._workshop_or_refuse(workshop_id).id
        sid = 0
        if stage_id is not None:
            stage = self._stage_or_refuse(stage_id)
            if stage.workshop_id != wid:
                raise WorkshopError("Tahap tidak ditemukan.")
            sid = stage.id
        if not isinstance(fields, Mapping):
            raise WorkshopError("Isian dokumen harus berupa pasangan nama dan isi.")
        values = docs.check_fields(fields, per_stage=stage_id is not None)
        now = time.time()
        with self._tx(wid) as c:
            for key, value in values.items():
                if value:
                    c.execute(
                        "INSERT INTO doc_fields(workshop_id, stage_id, key, value, updated_at) "
                        "VALUES (?,?,?,?,?) ON CONFLICT(workshop_id, stage_id, key) DO UPDATE "
                        "SET value=excluded.value, updated_at=excluded.updated_at",
                        (wid, sid, key, value, now),
                    )
                else:
                    c.execute(
                        "DELETE FROM doc_fields WHERE workshop_id=? AND stage_id=? AND key=?",
                        (wid, sid, key),
                    )
            self._audit(c, wid, "doc_fields", {"stage_id": sid or None, "keys": sorted(values)})
        return self.doc_fields(wid, stage_id)

    # ------------------------------------------------------------------ exact results

    @public
    def exact_rating_means(self, stage_id: int) -> dict[int, tuple[float, float]]:
        """Idea id -> the exact mean impact and feasibility of a stage's ratings (the
        removed participants' left out, as in `tallies`, which rounds them for display):
        the documents compute scores and ranks from these."""
        stage = self._stage_or_refuse(stage_id)
        return {
            r[0]: (r[1], r[2])
            for r in self._rows(
                "SELECT idea_id, avg(impact), avg(feasibility) FROM ratings r "
                f"WHERE r.stage_id = ? AND {self._active('r.participant_id')} GROUP BY idea_id",
                (stage.id,),
            )
        }

    # ------------------------------------------------------------------ attendees

    @public
    def attendee_details(self, workshop_id: int) -> dict[int, dict[str, str]]:
        """Participant id -> jabatan, NIP, phone (only those saved)."""
        wid = _key(workshop_id, "Kegiatan")
        return {
            r["participant_id"]: {"jabatan": r["jabatan"], "nip": r["nip"], "phone": r["phone"]}
            for r in self._rows(
                "SELECT a.* FROM attendee_details a JOIN participants p "
                "ON p.id = a.participant_id WHERE p.workshop_id = ?",
                (wid,),
            )
        }

    @facilitator
    def set_attendee_details(
        self, auth: str, workshop_id: int, rows: Mapping[int, Mapping[str, Any]]
    ) -> int:
        """Save jabatan, NIP and phone of participants of this workshop; how many saved.
        All rows are checked first: one bad NIP changes nothing."""
        wid = self._workshop_or_refuse(workshop_id).id
        if not isinstance(rows, Mapping):
            raise WorkshopError("Isian daftar hadir harus berupa daftar peserta.")
        checked: list[tuple[int, dict[str, str]]] = []
        for pid, values in rows.items():
            pid = _key(pid, "Peserta")
            if not isinstance(values, Mapping):
                raise WorkshopError("Isian daftar hadir harus berupa daftar peserta.")
            checked.append((pid, docs.check_details(values)))
        now = time.time()
        with self._tx(wid) as c:
            for pid, values in checked:
                if not c.execute(
                    "SELECT 1 FROM participants WHERE id=? AND workshop_id=?", (pid, wid)
                ).fetchone():
                    raise WorkshopError("Peserta tidak ditemukan.")
                full = {"jabatan": "", "nip": "", "phone": ""}
                old = c.execute(
                    "SELECT jabatan, nip, phone FROM attendee_details WHERE participant_id=?",
                    (pid,),
                ).fetchone()
                if old:
                    full.update(dict(old))
                full.update(values)
                c.execute(
                    "INSERT INTO attendee_details(participant_id, jabatan, nip, phone, updated_at) "
                    "VALUES (?,?,?,?,?) ON CONFLICT(participant_id) DO UPDATE SET "
                    "jabatan=excluded.jabatan, nip=excluded.nip, phone=excluded.phone, "
                    "updated_at=excluded.updated_at",
                    (pid, full["jabatan"], full["nip"], full["phone"], now),
                )
            self._audit(c, wid, "attendee_details", {"participants": len(checked)})
        return len(checked)

    # ------------------------------------------------------------------ images

    def _image(self, r: Any) -> DocImage:
        return DocImage(
            id=r["id"],
            kind=r["kind"],
            stage_id=r["stage_id"],
            caption=r["caption"],
            mime=r["mime"],
            width=r["width"],
            height=r["height"],
            data=bytes(r["data"]),
        )

    @public
    def logo(self, workshop_id: int) -> DocImage | None:
        """The kop's logo of a workshop, or None."""
        row = self._row(
            "SELECT * FROM doc_images WHERE workshop_id=? AND kind='logo' ORDER BY id DESC",
            (_key(workshop_id, "Kegiatan"),),
        )
        return self._image(row) if row else None

    @facilitator
    def set_logo(self, auth: str, workshop_id: int, data: bytes | None) -> DocImage | None:
        """Replace the kop's logo (validated PNG/JPEG, at most 8 MB); None removes it."""
        wid = self._workshop_or_refuse(workshop_id).id
        img = (
            None if data is None else docs.check_image(data, max_px=docs.LOGO_MAX_PX, label="Logo")
        )
        with self._tx(wid) as c:
            c.execute("DELETE FROM doc_images WHERE workshop_id=? AND kind='logo'", (wid,))
            if img is not None:
                c.execute(
                    "INSERT INTO doc_images(workshop_id, stage_id, kind, caption, mime, width, "
                    "height, data, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
                    (wid, None, "logo", "", img.mime, img.width, img.height, img.data, time.time()),
                )
            self._audit(
                c, wid, "set_logo", "removed" if img is None else f"{img.width}x{img.height}"
            )
        return self.logo(wid)

    @public
    def photos(self, stage_id: int) -> list[DocImage]:
        """The session photos of a stage, oldest first."""
        stage = self._stage_or_refuse(stage_id)
        return [
            self._image(r)
            for r in self._rows(
                "SELECT * FROM doc_images WHERE stage_id=? AND kind='photo' ORDER BY id",
                (stage.id,),
            )
        ]

    @facilitator
    def add_photo(self, auth: str, stage_id: int, data: bytes, caption: str = "") -> DocImage:
        """Add a session photo to a stage's appendix (validated; at most 12 per stage)."""
        stage = self._stage_or_refuse(stage_id)
        text = d.clean_text(caption, label="Keterangan foto", max_len=200, required=False)
        img = docs.check_image(data, max_px=docs.PHOTO_MAX_PX, label="Foto")
        with self._tx(stage.workshop_id) as c:
            n = c.execute(
                "SELECT count(*) FROM doc_images WHERE stage_id=? AND kind='photo'", (stage.id,)
            ).fetchone()[0]
            if n >= docs.PHOTOS_PER_STAGE:
                raise WorkshopError(
                    f"Paling banyak {docs.PHOTOS_PER_STAGE} foto per tahap. Hapus foto lain dulu."
                )
            cur = c.execute(
                "INSERT INTO doc_images(workshop_id, stage_id, kind, caption, mime, width, "
                "height, data, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    stage.workshop_id,
                    stage.id,
                    "photo",
                    text,
                    img.mime,
                    img.width,
                    img.height,
                    img.data,
                    time.time(),
                ),
            )
            photo_id = cur.lastrowid
            self._audit(c, stage.workshop_id, "add_photo", {"stage_id": stage.id, "id": photo_id})
        row = self._row("SELECT * FROM doc_images WHERE id=?", (photo_id,))
        return self._image(row)

    @facilitator
    def remove_photo(self, auth: str, photo_id: int) -> None:
        """Delete a session photo."""
        row = self._row(
            "SELECT workshop_id FROM doc_images WHERE id=? AND kind='photo'",
            (_key(photo_id, "Foto"),),
        )
        if row is None:
            raise WorkshopError("Foto tidak ditemukan.")
        with self._tx(row["workshop_id"]) as c:
            c.execute("DELETE FROM doc_images WHERE id=?", (photo_id,))
            self._audit(c, row["workshop_id"], "remove_photo", {"id": photo_id})
