-- Compat sweep cache: one row per (pack version, schema fingerprint), computed once. A pack version's
-- content never changes (ingest refuses other content for a published version) and a fingerprint is a
-- hash of the schema, so a row stays true for as long as both exist.
create table compat_result (
    id           bigint generated always as identity primary key,
    pack         text        not null,
    version      text        not null,
    fingerprint  text        not null,
    compatible   boolean     not null,
    error_count  integer     not null,
    problems     text        not null, -- JSON array of DESIGN's report problems
    checked_at   timestamptz not null,
    constraint compat_result_key unique (pack, version, fingerprint)
);
