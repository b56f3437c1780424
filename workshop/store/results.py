"""Results of a stage: ranked tallies, vote progress and the projector's headline counts."""

from __future__ import annotations

from typing import Any

from .. import domain as d
from .access import public
from .base import StoreBase, _key, active

# the rows of one shortlisted idea in a votes/ratings/paper_tallies subquery (alias {0})
_OF = "WHERE {0}.stage_id=s.stage_id AND {0}.idea_id=i.id"
# ... of votes and ratings: a removed participant's ballot leaves the results
_BY = _OF + " AND " + active("{0}.participant_id")


class ResultStore(StoreBase):
    """Reads only: votes, ratings and paper tallies per shortlisted idea."""

    @public
    def tallies(self, stage_id: int, pillar_id: int | None = None) -> list[d.Tally]:
        """Every shortlisted idea with its votes, ranked within each pillar (pillar order)."""
        stage = self._stage_or_refuse(stage_id)
        sql = (
            "SELECT i.id, i.pillar_id, i.title, p.position, "
            f" (SELECT coalesce(sum(dots),0) FROM votes v {_BY.format('v')}) AS dots,"
            f" (SELECT count(*) FROM votes v {_BY.format('v')}) AS voters,"
            f" (SELECT coalesce(sum(votes),0) FROM paper_tallies t {_OF.format('t')}) AS paper,"
            f" (SELECT avg(impact) FROM ratings r {_BY.format('r')}) AS impact,"
            f" (SELECT avg(feasibility) FROM ratings r {_BY.format('r')}) AS feasibility,"
            f" (SELECT count(*) FROM ratings r {_BY.format('r')}) AS nratings "
            "FROM shortlist s JOIN ideas i ON i.id = s.idea_id "
            "JOIN pillars p ON p.id = i.pillar_id "
            f"WHERE s.stage_id = ? AND {active('i.author_id')}"
        )
        params: list[Any] = [stage_id]
        if pillar_id is not None:
            sql += " AND i.pillar_id = ?"
            params.append(pillar_id)
        rows = self._rows(sql + " ORDER BY p.position, i.id", params)
        out: list[d.Tally] = []
        by_pillar: dict[int, list[d.Tally]] = {}
        for r in rows:
            by_pillar.setdefault(r["pillar_id"], []).append(
                d.Tally(
                    idea_id=r["id"],
                    pillar_id=r["pillar_id"],
                    title=r["title"],
                    dots=r["dots"],
                    paper=r["paper"],
                    voters=r["voters"],
                    impact=None if r["impact"] is None else round(r["impact"], 2),
                    feasibility=None if r["feasibility"] is None else round(r["feasibility"], 2),
                    ratings=r["nratings"],
                )
            )
        for group in by_pillar.values():
            out.extend(d.rank_tallies(group, stage.vote_mode))
        return out

    @public
    def vote_progress(self, stage_id: int) -> dict[str, Any]:
        """How many participants have voted, overall and per pillar."""
        stage_id = _key(stage_id, "Tahap")
        per = {
            r[0]: r[1]
            for r in self._rows(
                "SELECT pillar_id, count(DISTINCT participant_id) FROM (SELECT pillar_id, "
                "participant_id FROM votes WHERE stage_id=? UNION ALL SELECT pillar_id, "
                "participant_id FROM ratings WHERE stage_id=?) "
                f"WHERE {active('participant_id')} GROUP BY pillar_id",
                (stage_id, stage_id),
            )
        }
        total = self._count(
            "SELECT count(DISTINCT participant_id) FROM (SELECT participant_id FROM votes "
            "WHERE stage_id=? UNION SELECT participant_id FROM ratings WHERE stage_id=?) "
            f"WHERE {active('participant_id')}",
            (stage_id, stage_id),
        )
        return {"voters": total, "per_pillar": per}

    @public
    def group_counts(self, stage_id: int) -> dict[str, dict[str, int]]:
        """Per participant group: present, voted, ideas sent in this stage."""
        stage_id = _key(stage_id, "Tahap")
        out = {g: {"hadir": 0, "memilih": 0, "usulan": 0} for g in d.GROUPS}
        for r in self._rows(
            "SELECT p.grp, count(*) FROM attendance a JOIN participants p "
            "ON p.id=a.participant_id WHERE a.stage_id=? AND p.removed_at IS NULL "
            "GROUP BY p.grp",
            (stage_id,),
        ):
            out.setdefault(r[0], {"hadir": 0, "memilih": 0, "usulan": 0})["hadir"] = r[1]
        for r in self._rows(
            "SELECT p.grp, count(DISTINCT p.id) FROM participants p WHERE p.id IN "
            "(SELECT participant_id FROM votes WHERE stage_id=? UNION SELECT "
            "participant_id FROM ratings WHERE stage_id=?) AND p.removed_at IS NULL "
            "GROUP BY p.grp",
            (stage_id, stage_id),
        ):
            out.setdefault(r[0], {"hadir": 0, "memilih": 0, "usulan": 0})["memilih"] = r[1]
        for r in self._rows(
            "SELECT p.grp, count(*) FROM ideas i JOIN participants p "
            "ON p.id=i.author_id WHERE i.stage_id=? AND i.status<>'hidden' "
            "AND p.removed_at IS NULL GROUP BY p.grp",
            (stage_id,),
        ):
            out.setdefault(r[0], {"hadir": 0, "memilih": 0, "usulan": 0})["usulan"] = r[1]
        return out

    @public
    def counts(self, stage_id: int) -> dict[str, Any]:
        """Headline numbers for the projector."""
        stage = self._stage_or_refuse(stage_id)
        wid = stage.workshop_id
        present = self._count(
            f"SELECT count(*) FROM attendance WHERE stage_id=? AND {active('participant_id')}",
            (stage_id,),
        )
        opd_present = self._count(
            "SELECT count(DISTINCT p.opd_id) FROM attendance a JOIN participants p "
            "ON p.id=a.participant_id WHERE a.stage_id=? AND p.opd_id IS NOT NULL "
            "AND p.removed_at IS NULL",
            (stage_id,),
        )
        opd_total = self._count("SELECT count(*) FROM opds WHERE workshop_id=?", (wid,))
        per = {
            r[0]: r[1]
            for r in self._rows(
                "SELECT pillar_id, count(*) FROM ideas WHERE stage_id=? AND status='shown' "
                f"AND {active('author_id')} GROUP BY pillar_id",
                (stage_id,),
            )
        }
        return {
            "participants": present,
            "opd_present": opd_present,
            "opd_total": opd_total,
            "ideas_per_pillar": per,
            "ideas": sum(per.values()),
        }
