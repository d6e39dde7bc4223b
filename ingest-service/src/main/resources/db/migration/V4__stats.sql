-- V4: stats rollups. The write path is untouched: statement-level triggers append one small row per
-- (hour, connector) that a statement changed to stats_changes (append-only, so concurrent ingest never
-- waits on it), and StatsRefresh folds those hours into hourly and daily rollups a few seconds later.
-- Readers treat an hour that still has a change row as "dirty" and read it from events, so counts are
-- exact at any moment; the rollups only make long windows cheap. All bucket boundaries are UTC.

-- Hours whose rollups are out of date, with what freshness needs. Written by the triggers below.
create table stats_changes (
    hour               timestamptz not null,
    connector          text,
    newest_occurred_at timestamptz,
    newest_received_at timestamptz,
    events             integer     not null
);
create index stats_changes_hour on stats_changes (hour);

create or replace function stats_note_inserted() returns trigger
language plpgsql set search_path from current as $$
begin
    insert into stats_changes (hour, connector, newest_occurred_at, newest_received_at, events)
    select date_trunc('hour', occurred_at, 'UTC'), connector, max(occurred_at), max(received_at), count(*)
      from stats_new_events
     group by 1, 2;
    return null;
end $$;

create or replace function stats_note_deleted() returns trigger
language plpgsql set search_path from current as $$
begin
    insert into stats_changes (hour, connector, events)
    select date_trunc('hour', occurred_at, 'UTC'), connector, 0
      from stats_old_events
     group by 1, 2;
    return null;
end $$;

create or replace function stats_note_updated() returns trigger
language plpgsql set search_path from current as $$
begin
    insert into stats_changes (hour, connector, events)
    select date_trunc('hour', occurred_at, 'UTC'), connector, 0 from stats_old_events
    union
    select date_trunc('hour', occurred_at, 'UTC'), connector, 0 from stats_new_events;
    return null;
end $$;

-- Transition tables need one trigger per kind of statement.
create trigger events_stats_inserted after insert on events
    referencing new table as stats_new_events for each statement execute function stats_note_inserted();
create trigger events_stats_deleted after delete on events
    referencing old table as stats_old_events for each statement execute function stats_note_deleted();
create trigger events_stats_updated after update on events
    referencing old table as stats_old_events new table as stats_new_events
    for each statement execute function stats_note_updated();

-- Install/render counts per bucket. level says which dimensions a row keeps (the others are null):
-- 1 = connector, pack, version; 2 = + warehouse; 3 = + dashboard, tile (render); 4 = all of them
-- (render). A query reads the smallest level that has its groupBy and filter keys.
-- accounts is a HyperLogLog sketch of the distinct accounts (AccountSketch).
create table stats_rollup (
    grain        char(1)     not null check (grain in ('h', 'd')),
    bucket       timestamptz not null,
    level        smallint    not null,
    type         text        not null,
    connector    text        not null,
    pack         text        not null,
    pack_version text        not null,
    warehouse    text,
    dashboard    text,
    tile         text,
    attempts     integer     not null,
    succeeded    integer     not null,
    failed       integer     not null,
    accounts     bytea       not null
);
create index stats_rollup_lookup on stats_rollup (level, type, grain, bucket);

-- Failed events per fingerprint and bucket; level 1 without warehouse, 2 with it.
create table stats_failure_rollup (
    grain               char(1)     not null check (grain in ('h', 'd')),
    bucket              timestamptz not null,
    level               smallint    not null,
    type                text        not null,
    failure_fingerprint text,
    stage               text,
    error_code          text,
    connector           text        not null,
    pack                text        not null,
    pack_version        text        not null,
    warehouse           text,
    events              integer     not null,
    first_seen          timestamptz not null,
    last_seen           timestamptz not null,
    accounts            bytea       not null
);
create index stats_failure_rollup_lookup on stats_failure_rollup (level, type, grain, bucket);

-- Daily sketches reach a few KB: keep them in the row (compressed if need be) rather than in the TOAST
-- table, where every read would be an extra index lookup.
alter table stats_rollup alter column accounts set storage main;
alter table stats_failure_rollup alter column accounts set storage main;

-- Days whose daily rows are complete (only past days get them; today is always read by the hour).
create table stats_rollup_days (
    day          timestamptz primary key,
    refreshed_at timestamptz not null
);

-- Newest event per connector, folded from stats_changes (freshness reads this plus pending changes).
create table stats_freshness (
    connector          text primary key,
    newest_occurred_at timestamptz,
    newest_received_at timestamptz
);

-- Failure stats over a window read only failed events (a few percent of rows): a covering partial index
-- makes that an index-only scan and costs ingest nothing for succeeded events.
create index events_failed_occurred_at on events (occurred_at)
    include (type, failure_fingerprint, stage, error_code, connector, pack, pack_version, warehouse, account_id)
    where outcome = 'failed';

-- Events stored before this migration: every hour that has some is dirty until the first refresh.
insert into stats_changes (hour, connector, newest_occurred_at, newest_received_at, events)
select date_trunc('hour', occurred_at, 'UTC'), connector, max(occurred_at), max(received_at), count(*)
  from events
 group by 1, 2;
