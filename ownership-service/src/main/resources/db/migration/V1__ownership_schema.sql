-- V1: every accepted ownership document is kept as a revision; the newest is the current one.
-- Append-only: a revision is never updated or deleted. Writers serialise on an advisory lock
-- (DocumentRevisionRepository.lockForWrite), the primary key is the last line of defence.
create table document_revision (
    revision    bigint      primary key check (revision > 0),
    document    jsonb       not null,   -- the validated document in its canonical (model) form; secrets as ENV_VAR references, never values
    source      text        not null,   -- the document as submitted (YAML or JSON), for audits
    author      text        not null,   -- the caller's principal name, or file:<path> for OWNERSHIP_FILE
    created_at  timestamptz not null,
    summary     jsonb       not null    -- diff summary against the previous revision, per section
);
