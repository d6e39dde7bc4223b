-- V4: pack releases already announced to PagerDuty as change events, so each new release is announced once
-- across replicas and restarts. Releases present when the table is first filled are recorded unannounced.
create table release_announcement (
    pack         text        not null,
    version      text        not null,
    connector    text,
    seen_at      timestamptz not null,
    announced    boolean     not null,
    primary key (pack, version)
);
