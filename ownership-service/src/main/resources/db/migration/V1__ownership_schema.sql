-- V1: every accepted ownership document is kept as a revision; the newest is the current one.
create table document_revision (
    revision    bigint      primary key,
    document    jsonb       not null,
    source      text        not null,   -- the document as submitted (YAML or JSON), for diffs and audits
    author      text        not null,
    created_at  timestamptz not null,
    summary     jsonb       not null    -- diff summary against the previous revision
);
