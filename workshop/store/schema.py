"""The schema, as sqlite-utils migrations: applied on open and after every restore.

Never edit a migration that has shipped: add a new `mNNN_...` function below (a database
written by the first schema must open and lose nothing; see tests/test_migrations.py).
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("bimtek")


@migrations()
def m001_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE workshops (
            id INTEGER PRIMARY KEY, region TEXT NOT NULL, province TEXT NOT NULL DEFAULT '',
            year INTEGER NOT NULL, title TEXT NOT NULL, venue TEXT NOT NULL DEFAULT '',
            join_code TEXT NOT NULL UNIQUE, current_stage INTEGER NOT NULL DEFAULT 1,
            version INTEGER NOT NULL DEFAULT 0, created_at REAL NOT NULL);
        CREATE TABLE stages (
            id INTEGER PRIMARY KEY, workshop_id INTEGER NOT NULL REFERENCES workshops(id),
            number INTEGER NOT NULL, title TEXT NOT NULL, focus TEXT NOT NULL DEFAULT '',
            outputs TEXT NOT NULL DEFAULT '', phase TEXT NOT NULL DEFAULT 'collect',
            phase_ends_at REAL, vote_mode TEXT NOT NULL DEFAULT 'dots',
            budget INTEGER NOT NULL DEFAULT 3, cap INTEGER NOT NULL DEFAULT 2,
            reveal INTEGER NOT NULL DEFAULT 0, date TEXT,
            UNIQUE (workshop_id, number));
        CREATE TABLE pillars (
            id INTEGER PRIMARY KEY, workshop_id INTEGER NOT NULL REFERENCES workshops(id),
            position INTEGER NOT NULL, name TEXT NOT NULL, short TEXT NOT NULL,
            subdims TEXT NOT NULL DEFAULT '[]');
        CREATE TABLE opds (
            id INTEGER PRIMARY KEY, workshop_id INTEGER NOT NULL REFERENCES workshops(id),
            position INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL DEFAULT 'opd',
            UNIQUE (workshop_id, name));
        CREATE TABLE participants (
            id INTEGER PRIMARY KEY, workshop_id INTEGER NOT NULL REFERENCES workshops(id),
            name TEXT NOT NULL, grp TEXT NOT NULL, opd_id INTEGER REFERENCES opds(id),
            institution TEXT NOT NULL DEFAULT '', token TEXT NOT NULL UNIQUE,
            created_at REAL NOT NULL);
        CREATE TABLE attendance (
            participant_id INTEGER NOT NULL REFERENCES participants(id),
            stage_id INTEGER NOT NULL REFERENCES stages(id), joined_at REAL NOT NULL,
            PRIMARY KEY (participant_id, stage_id));
        CREATE TABLE ideas (
            id INTEGER PRIMARY KEY, workshop_id INTEGER NOT NULL REFERENCES workshops(id),
            stage_id INTEGER NOT NULL REFERENCES stages(id),
            pillar_id INTEGER NOT NULL REFERENCES pillars(id), subdim TEXT,
            kind TEXT NOT NULL, title TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
            opd_id INTEGER REFERENCES opds(id), author_id INTEGER REFERENCES participants(id),
            status TEXT NOT NULL DEFAULT 'shown', merged_into INTEGER REFERENCES ideas(id),
            client_key TEXT, created_at REAL NOT NULL, updated_at REAL NOT NULL,
            UNIQUE (author_id, client_key));
        CREATE INDEX ideas_stage ON ideas(stage_id, pillar_id);
        CREATE INDEX ideas_workshop ON ideas(workshop_id);
        CREATE TABLE shortlist (
            stage_id INTEGER NOT NULL REFERENCES stages(id),
            idea_id INTEGER NOT NULL REFERENCES ideas(id), PRIMARY KEY (stage_id, idea_id));
        CREATE TABLE pillar_voting (
            stage_id INTEGER NOT NULL REFERENCES stages(id),
            pillar_id INTEGER NOT NULL REFERENCES pillars(id),
            is_open INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (stage_id, pillar_id));
        CREATE TABLE votes (
            stage_id INTEGER NOT NULL REFERENCES stages(id),
            pillar_id INTEGER NOT NULL REFERENCES pillars(id),
            idea_id INTEGER NOT NULL REFERENCES ideas(id),
            participant_id INTEGER NOT NULL REFERENCES participants(id),
            dots INTEGER NOT NULL CHECK (dots > 0), updated_at REAL NOT NULL,
            PRIMARY KEY (stage_id, participant_id, idea_id));
        CREATE INDEX votes_idea ON votes(stage_id, idea_id);
        CREATE TABLE ratings (
            stage_id INTEGER NOT NULL REFERENCES stages(id),
            pillar_id INTEGER NOT NULL REFERENCES pillars(id),
            idea_id INTEGER NOT NULL REFERENCES ideas(id),
            participant_id INTEGER NOT NULL REFERENCES participants(id),
            impact INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 5),
            feasibility INTEGER NOT NULL CHECK (feasibility BETWEEN 1 AND 5),
            updated_at REAL NOT NULL, PRIMARY KEY (stage_id, participant_id, idea_id));
        CREATE INDEX ratings_idea ON ratings(stage_id, idea_id);
        CREATE TABLE paper_tallies (
            stage_id INTEGER NOT NULL REFERENCES stages(id),
            idea_id INTEGER NOT NULL REFERENCES ideas(id), votes INTEGER NOT NULL,
            note TEXT NOT NULL DEFAULT '', updated_at REAL NOT NULL,
            PRIMARY KEY (stage_id, idea_id));
        CREATE TABLE quickwins (
            id INTEGER PRIMARY KEY, workshop_id INTEGER NOT NULL REFERENCES workshops(id),
            stage_id INTEGER NOT NULL REFERENCES stages(id), name TEXT NOT NULL,
            pillar_id INTEGER NOT NULL REFERENCES pillars(id),
            owner_opd_id INTEGER REFERENCES opds(id), supporting_opd_ids TEXT NOT NULL DEFAULT '[]',
            problem TEXT NOT NULL DEFAULT '', description TEXT NOT NULL DEFAULT '',
            objective TEXT NOT NULL DEFAULT '', output_indicator TEXT NOT NULL DEFAULT '',
            outcome_indicator TEXT NOT NULL DEFAULT '', timeline_months INTEGER NOT NULL DEFAULT 12,
            budget_source TEXT NOT NULL DEFAULT 'APBD', estimated_cost INTEGER NOT NULL DEFAULT 0,
            risks TEXT NOT NULL DEFAULT '', enablers TEXT NOT NULL DEFAULT '{}',
            status TEXT NOT NULL DEFAULT 'agreed', created_at REAL NOT NULL, updated_at REAL NOT NULL);
        CREATE TABLE quickwin_ideas (
            quickwin_id INTEGER NOT NULL REFERENCES quickwins(id),
            idea_id INTEGER NOT NULL REFERENCES ideas(id), PRIMARY KEY (quickwin_id, idea_id));
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE fac_sessions (token TEXT PRIMARY KEY, created_at REAL NOT NULL,
            expires_at REAL NOT NULL);
        CREATE TABLE login_failures (ts REAL NOT NULL);
        """  # noqa: E501 (the shipped migration text stays as it was)
    )


@migrations()
def m002_audit_and_indexes(db: Database) -> None:
    """An audit trail of facilitator actions; indexes for per-participant reads."""
    db.executescript(
        """
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY, ts REAL NOT NULL, workshop_id INTEGER,
            action TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '');
        CREATE INDEX audit_workshop ON audit(workshop_id, id);
        CREATE INDEX ideas_author ON ideas(author_id);
        CREATE INDEX votes_participant ON votes(participant_id, stage_id, pillar_id);
        CREATE INDEX ratings_participant ON ratings(participant_id, stage_id, pillar_id);
        """
    )


@migrations()
def m003_participant_removal(db: Database) -> None:
    """A participant the facilitator removed (`removed_at`) or merged into another entry
    of the same person (`merged_into`, with `removed_at` set too): their rows stay, the
    result queries leave them out (base.REMOVED_IDS, base.active)."""
    db.executescript(
        """
        ALTER TABLE participants ADD COLUMN removed_at REAL;
        ALTER TABLE participants ADD COLUMN merged_into INTEGER REFERENCES participants(id);
        CREATE INDEX participants_removed ON participants(removed_at);
        """
    )


# --- h13a: participant integrity and facilitator access ---
@migrations()
def m004_access_guards(db: Database) -> None:
    """Join limits and facilitator access (issue 13).

    * `fac_sessions.token` now holds the SHA-256 of a session token, never the token
      itself: the sessions of older versions (raw tokens) simply end here.
    * `fac_handoffs`: one-time, short-lived codes a login page swaps for the HttpOnly
      session cookie (workshop/guard.py), stored hashed too.
    * `login_attempts`: every PIN attempt per client address, recorded before the hash
      is checked (the per-client growing delay). `login_failures` is no longer used.
    * `join_log`: joins per client address (accepted and refused), for the join rate
      limit and the control page's spike warning.
    * `participants.device_hash`: the SHA-256 of the browser's device cookie: a second
      join from one browser resumes the same participant.
    * `workshop_limits`: the facilitator's limits per workshop (NULL: the default).
    """
    db.executescript(
        """
        DELETE FROM fac_sessions;
        DELETE FROM login_failures;
        CREATE TABLE fac_handoffs (code_hash TEXT PRIMARY KEY, session_hash TEXT NOT NULL,
            expires_at REAL NOT NULL);
        CREATE TABLE login_attempts (client TEXT NOT NULL, ts REAL NOT NULL);
        CREATE INDEX login_attempts_client ON login_attempts(client, ts);
        CREATE TABLE join_log (ts REAL NOT NULL, workshop_id INTEGER NOT NULL,
            client TEXT NOT NULL, ok INTEGER NOT NULL);
        CREATE INDEX join_log_client ON join_log(client, ts);
        CREATE INDEX join_log_workshop ON join_log(workshop_id, ts);
        ALTER TABLE participants ADD COLUMN device_hash TEXT;
        CREATE INDEX participants_device ON participants(workshop_id, device_hash);
        CREATE TABLE workshop_limits (
            workshop_id INTEGER PRIMARY KEY REFERENCES workshops(id),
            shared_devices INTEGER, joins_per_minute INTEGER, max_participants INTEGER,
            ideas_per_stage INTEGER, ideas_per_minute INTEGER);
        """
    )


# --- h14: activities ---
@migrations()
def m005_activities(db: Database) -> None:
    """A stage's ordered activities (readiness, SWOT, keywords, ...; see
    workshop/activities) and the participants' answers to them. At most one activity of a
    workshop is open on the phones and one is shown on the projector (`is_open`, `shown`);
    `rev` counts edits of an activity's set-up, so phones redraw when it changes."""
    db.executescript(
        """
        CREATE TABLE activities (
            id INTEGER PRIMARY KEY, workshop_id INTEGER NOT NULL REFERENCES workshops(id),
            stage_id INTEGER NOT NULL REFERENCES stages(id), position INTEGER NOT NULL,
            kind TEXT NOT NULL, title TEXT NOT NULL, config TEXT NOT NULL DEFAULT '{}',
            is_open INTEGER NOT NULL DEFAULT 0, shown INTEGER NOT NULL DEFAULT 0,
            rev INTEGER NOT NULL DEFAULT 0, created_at REAL NOT NULL);
        CREATE INDEX activities_stage ON activities(stage_id, position);
        CREATE TABLE activity_responses (
            id INTEGER PRIMARY KEY, activity_id INTEGER NOT NULL REFERENCES activities(id),
            participant_id INTEGER REFERENCES participants(id), item TEXT NOT NULL,
            value TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'shown',
            created_at REAL NOT NULL, updated_at REAL NOT NULL,
            UNIQUE (activity_id, participant_id, item));
        CREATE INDEX activity_responses_participant ON activity_responses(participant_id);
        """
    )


# --- h14q: quick-win gate, profile fields, risk register ---
@migrations()
def m006_quickwin_profile_and_risks(db: Database) -> None:
    """The quick-win gate's horizon (NULL: belum dinilai) and the masterplan profile's
    fields on each programme; a risk register per programme. Existing rows keep every
    value they had (their timeline and budget source were saved by the facilitator)."""
    db.executescript(
        """
        ALTER TABLE quickwins ADD COLUMN horizon TEXT;
        ALTER TABLE quickwins ADD COLUMN subdim TEXT NOT NULL DEFAULT '';
        ALTER TABLE quickwins ADD COLUMN location TEXT NOT NULL DEFAULT '';
        ALTER TABLE quickwins ADD COLUMN beneficiaries TEXT NOT NULL DEFAULT '';
        ALTER TABLE quickwins ADD COLUMN indicators TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE quickwins ADD COLUMN budget_year INTEGER;
        ALTER TABLE quickwins ADD COLUMN milestones TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE quickwins ADD COLUMN plan_link TEXT NOT NULL DEFAULT '';
        CREATE TABLE quickwin_risks (
            id INTEGER PRIMARY KEY,
            quickwin_id INTEGER NOT NULL REFERENCES quickwins(id),
            position INTEGER NOT NULL, risk TEXT NOT NULL,
            likelihood INTEGER CHECK (likelihood BETWEEN 1 AND 5),
            impact INTEGER CHECK (impact BETWEEN 1 AND 5),
            mitigation TEXT NOT NULL DEFAULT '',
            owner_opd_id INTEGER REFERENCES opds(id));
        CREATE INDEX quickwin_risks_qw ON quickwin_risks(quickwin_id, position);
        """
    )


# --- h15: documents (kop, report texts, signers, attendee particulars, photos) ---
@migrations()
def m007_documents(db: Database) -> None:
    """What an official report carries besides the results (store/documents.py): text
    fields per workshop (stage_id 0) or per stage, the attendees' particulars for the
    daftar hadir, and images (the kop's logo, session photos), validated on upload."""
    db.executescript(
        """
        CREATE TABLE doc_fields (
            workshop_id INTEGER NOT NULL REFERENCES workshops(id),
            stage_id INTEGER NOT NULL DEFAULT 0, key TEXT NOT NULL, value TEXT NOT NULL,
            updated_at REAL NOT NULL, PRIMARY KEY (workshop_id, stage_id, key));
        CREATE TABLE attendee_details (
            participant_id INTEGER PRIMARY KEY REFERENCES participants(id),
            jabatan TEXT NOT NULL DEFAULT '', nip TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '', updated_at REAL NOT NULL);
        CREATE TABLE doc_images (
            id INTEGER PRIMARY KEY, workshop_id INTEGER NOT NULL REFERENCES workshops(id),
            stage_id INTEGER REFERENCES stages(id), kind TEXT NOT NULL,
            caption TEXT NOT NULL DEFAULT '', mime TEXT NOT NULL, width INTEGER NOT NULL,
            height INTEGER NOT NULL, data BLOB NOT NULL, created_at REAL NOT NULL);
        CREATE INDEX doc_images_owner ON doc_images(workshop_id, kind, stage_id);
        """
    )
