"""A server project's schema, its migrations, and the roles and grants that guard it.

One PostgreSQL database holds one project. `briefing_project` marks the database as ours and
holds its schema version; `MIGRATIONS[n]` turns version n-1 into n and is numbered in step
with the file's (`schema.MIGRATIONS`), so version n is the same project on either backend.
A server row also carries `revision`, the change-log entry that last wrote it, which is how
an edit made against an older copy of a row is caught and refused.

Who may do what is enforced by the database itself. Each project has four group roles (no
login) that nest, reader < coder < editor < owner; a member is a login role granted one of
them. Table grants follow `core.roles.ROLE_FOR` (the rule the app uses to grey out actions),
row-level security lets each role reserve ids only for the records it may make, and the
change log is stamped by the server with the member's role and the time, and never updated.
"""

from __future__ import annotations

import hashlib
from typing import Any

from psycopg import sql

from briefing.core.edit import Kind
from briefing.core.roles import ROLE_FOR, Role
from briefing.store import server_search

APPLICATION = "Briefing Builder"
CHANNEL = "briefing_changes"  # LISTEN/NOTIFY: the payload is a new change-log id

_V1 = """
CREATE TABLE articles (
    id bigint PRIMARY KEY,
    title text NOT NULL,
    outlet text NOT NULL DEFAULT '',
    author text NOT NULL DEFAULT '',
    published text,
    source_file text NOT NULL DEFAULT '',
    content_hash text NOT NULL,
    imported_at text NOT NULL DEFAULT '',
    text text NOT NULL
);
CREATE TABLE themes (
    id bigint PRIMARY KEY,
    name text NOT NULL,
    colour text NOT NULL,
    description text NOT NULL DEFAULT '',
    keywords text NOT NULL DEFAULT '[]',
    position bigint NOT NULL,
    visible integer NOT NULL DEFAULT 1
);
CREATE TABLE passages (
    id bigint PRIMARY KEY,
    article_id bigint NOT NULL REFERENCES articles(id) ON DELETE CASCADE
        DEFERRABLE INITIALLY DEFERRED,
    start_offset bigint NOT NULL,
    end_offset bigint NOT NULL,
    quote text NOT NULL,
    prefix text NOT NULL DEFAULT '',
    suffix text NOT NULL DEFAULT '',
    note text NOT NULL DEFAULT '',
    created text NOT NULL DEFAULT '',
    updated text NOT NULL DEFAULT '',
    CHECK (0 <= start_offset AND start_offset < end_offset)
);
CREATE INDEX passages_by_article ON passages(article_id);
CREATE TABLE passage_themes (
    passage_id bigint NOT NULL REFERENCES passages(id) ON DELETE CASCADE
        DEFERRABLE INITIALLY DEFERRED,
    theme_id bigint NOT NULL REFERENCES themes(id) DEFERRABLE INITIALLY DEFERRED,
    ordinal integer NOT NULL,
    PRIMARY KEY (passage_id, theme_id)
);
CREATE INDEX passage_themes_by_theme ON passage_themes(theme_id);
CREATE TABLE settings (
    id integer PRIMARY KEY CHECK (id = 1),
    title text NOT NULL,
    analyst text NOT NULL DEFAULT '',
    handling text NOT NULL DEFAULT '',
    summary text NOT NULL DEFAULT '',
    theme_order text NOT NULL DEFAULT '[]'
);
"""

_V2 = """
ALTER TABLE articles ADD COLUMN reliability text NOT NULL DEFAULT 'F';
ALTER TABLE passages ADD COLUMN credibility integer NOT NULL DEFAULT 6;
ALTER TABLE passages ADD COLUMN corroborates bigint;
CREATE TABLE rejections (
    id bigint PRIMARY KEY,
    article_id bigint NOT NULL,
    start_offset bigint NOT NULL,
    end_offset bigint NOT NULL,
    theme_id bigint NOT NULL
);
"""

_V3 = """
ALTER TABLE articles ADD COLUMN pages text NOT NULL DEFAULT '[]';
ALTER TABLE articles ADD COLUMN source_url text NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN final_url text NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN retrieved text NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN sha256 text NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN original_size bigint NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN reader text NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN view text NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN encoding text NOT NULL DEFAULT '';
CREATE TABLE originals (
    sha256 text PRIMARY KEY,
    size bigint NOT NULL,
    data bytea NOT NULL
);
"""

# Version 4: the full-text index of the corpus search (`server_search`), as in the file.
_V4 = server_search.CREATE

# Version 5: attribution and the change log (as in the file), and what sharing needs: each
# row's revision, and counters the members reserve new ids from.
_V5 = """
ALTER TABLE passages ADD COLUMN created_by text NOT NULL DEFAULT '';
ALTER TABLE passages ADD COLUMN updated_by text NOT NULL DEFAULT '';
CREATE TABLE change_log (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    author text NOT NULL DEFAULT current_user,
    description text NOT NULL,
    changes jsonb NOT NULL
);
CREATE INDEX change_log_items ON change_log USING gin (changes jsonb_path_ops);
CREATE FUNCTION stamp_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        RAISE EXCEPTION 'the change log is append-only';
    END IF;
    NEW.at := now();
    NEW.author := current_user;
    RETURN NEW;
END $$;
CREATE TRIGGER change_log_stamp BEFORE INSERT OR UPDATE OR DELETE ON change_log
    FOR EACH ROW EXECUTE FUNCTION stamp_change();
CREATE TRIGGER change_log_kept BEFORE TRUNCATE ON change_log
    FOR EACH STATEMENT EXECUTE FUNCTION stamp_change();
ALTER TABLE articles ADD COLUMN revision bigint NOT NULL DEFAULT 0;
ALTER TABLE themes ADD COLUMN revision bigint NOT NULL DEFAULT 0;
ALTER TABLE passages ADD COLUMN revision bigint NOT NULL DEFAULT 0;
ALTER TABLE settings ADD COLUMN revision bigint NOT NULL DEFAULT 0;
ALTER TABLE rejections ADD COLUMN revision bigint NOT NULL DEFAULT 0;
CREATE TABLE id_counters (
    kind text PRIMARY KEY,
    last bigint NOT NULL DEFAULT 0
);
INSERT INTO id_counters (kind) VALUES ('article'), ('theme'), ('passage'), ('rejection');
ALTER TABLE id_counters ENABLE ROW LEVEL SECURITY;
ALTER TABLE id_counters FORCE ROW LEVEL SECURITY;
"""

MIGRATIONS: dict[int, str] = {1: _V1, 2: _V2, 3: _V3, 4: _V4, 5: _V5}
SCHEMA_VERSION = max(MIGRATIONS)

_META = """
CREATE TABLE briefing_project (
    id integer PRIMARY KEY CHECK (id = 1),
    application text NOT NULL,
    schema_version integer NOT NULL
)
"""

# The tables holding each kind of record (a passage's themes are rows of their own, an
# article's original bytes too).
TABLES: dict[Kind, tuple[str, ...]] = {
    Kind.ARTICLE: ("articles", "originals", server_search.TABLE),
    Kind.THEME: ("themes",),
    Kind.PASSAGE: ("passages", "passage_themes"),
    Kind.SETTINGS: ("settings",),
    Kind.REJECTION: ("rejections",),
}
RECORD_TABLE: dict[Kind, str] = {kind: tables[0] for kind, tables in TABLES.items()}
_READ_ONLY_TABLES = ("briefing_project", "change_log", "id_counters")


def group_role(database: str, role: Role) -> str:
    """The group role of a project's members of one role: "<database>_coder" (shortened with
    a hash past PostgreSQL's 63-byte names)."""
    name = f"{database}_{role}"
    if len(name.encode()) <= 63:
        return name
    digest = hashlib.sha256(database.encode()).hexdigest()[:8]
    stem = database.encode()[: 63 - len(f"_{digest}_{role}")].decode(errors="ignore")
    return f"{stem}_{digest}_{role}"


def role_comment(database: str, role: Role) -> str:
    """What marks a group role as this project's (a role of that name made by anyone else is
    never given rights)."""
    return f"{APPLICATION}: {role}s of the project in database {database}"


def create_groups(cur: Any, database: str) -> None:
    """Make the four group roles (or take over ones this app made for an earlier project of
    the same database name), nested reader < coder < editor < owner, and make the connecting
    role an owner. Refuses a role of that name that is not ours."""
    for role in Role:
        name = group_role(database, role)
        cur.execute(
            "SELECT shobj_description(oid, 'pg_authid') FROM pg_roles WHERE rolname = %s",
            (name,),
        )
        found = cur.fetchone()
        if found is None:
            cur.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(name)))
            cur.execute(
                sql.SQL("COMMENT ON ROLE {} IS {}").format(
                    sql.Identifier(name), sql.Literal(role_comment(database, role))
                )
            )
        elif found[0] != role_comment(database, role):
            raise ValueError(f"the server already has a role named {name} that is not this app's")
    owner = group_role(database, Role.OWNER)
    cur.execute(sql.SQL("GRANT {} TO current_user WITH ADMIN OPTION").format(sql.Identifier(owner)))
    for lower, higher in zip(list(Role), list(Role)[1:], strict=False):
        cur.execute(
            sql.SQL("GRANT {} TO {} WITH ADMIN OPTION").format(
                sql.Identifier(group_role(database, lower)),
                sql.Identifier(group_role(database, higher)),
            )
        )
    cur.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(sql.Identifier(database)))
    cur.execute(
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
            sql.Identifier(database), sql.Identifier(group_role(database, Role.READER))
        )
    )
    cur.execute(sql.SQL("GRANT CREATE ON SCHEMA public TO {}").format(sql.Identifier(owner)))


def migrate(cur: Any, database: str, from_version: int, to_version: int = SCHEMA_VERSION) -> None:
    """Bring the project to `to_version` inside the caller's transaction, as its owner group
    (which then owns every table), then grant each role its rights again."""
    owner = group_role(database, Role.OWNER)
    cur.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(owner)))
    if from_version == 0:
        cur.execute(_META)
        cur.execute(
            "INSERT INTO briefing_project (id, application, schema_version) VALUES (1, %s, 0)",
            (APPLICATION,),
        )
    for version in range(from_version + 1, to_version + 1):
        cur.execute(MIGRATIONS[version])
    cur.execute("UPDATE briefing_project SET schema_version = %s", (to_version,))
    grant(cur, database)
    cur.execute("RESET ROLE")


def grant(cur: Any, database: str) -> None:
    """Each role's rights on every table (again: a migration may add tables)."""
    groups = {role: sql.Identifier(group_role(database, role)) for role in Role}
    every = [*{t for tables in TABLES.values() for t in tables}, *_READ_ONLY_TABLES]
    for table in sorted(every):
        cur.execute(
            sql.SQL("GRANT SELECT ON {} TO {}").format(sql.Identifier(table), groups[Role.READER])
        )
    for kind, tables in TABLES.items():
        for table in tables:
            cur.execute(
                sql.SQL("GRANT INSERT, UPDATE, DELETE ON {} TO {}").format(
                    sql.Identifier(table), groups[ROLE_FOR[kind]]
                )
            )
    cur.execute(sql.SQL("GRANT INSERT ON change_log TO {}").format(groups[Role.CODER]))
    cur.execute(
        sql.SQL("GRANT USAGE ON SEQUENCE change_log_id_seq TO {}").format(groups[Role.CODER])
    )
    cur.execute(sql.SQL("GRANT UPDATE ON id_counters TO {}").format(groups[Role.CODER]))
    # Row-level security: a member reserves ids only for the kinds of record it may make.
    cur.execute("DROP POLICY IF EXISTS everyone_reads ON id_counters")
    cur.execute("CREATE POLICY everyone_reads ON id_counters FOR SELECT USING (true)")
    cur.execute("DROP POLICY IF EXISTS reserve_own_kinds ON id_counters")
    cases = sql.SQL(" ").join(
        sql.SQL("WHEN {} THEN pg_has_role(current_user, {}, 'MEMBER')").format(
            sql.Literal(str(kind)), sql.Literal(group_role(database, ROLE_FOR[kind]))
        )
        for kind in RECORD_TABLE
        if kind is not Kind.SETTINGS
    )
    cur.execute(
        sql.SQL(
            "CREATE POLICY reserve_own_kinds ON id_counters FOR UPDATE"
            " USING (CASE kind {} ELSE false END)"
        ).format(cases)
    )
