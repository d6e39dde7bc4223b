-- V10: per-account state for GET /v1/accounts and GET /v1/accounts/{accountId}. events has no index on
-- account_id (one more random-key btree insert per event would cost the ingest path), so StatsRefresh folds
-- each hour it rebuilds into these two small tables, in the same transaction and under the same lock as the
-- rollups. Folding keeps the newest row, so re-folding an hour (a late event) changes nothing that is newer.

-- The latest install of each (account, connector, pack): one row per pack an account ever installed within
-- retention, whatever its outcome.
create table account_installs (
    account_id   text        not null,
    connector    text        not null,
    pack         text        not null,
    pack_version text        not null,
    warehouse    text,
    outcome      text        not null,
    stage        text,
    error_code   text,
    occurred_at  timestamptz not null,
    event_id     text        collate "C" not null,
    -- the list walks it in key order; warehouse included so its warehouse filter reads no heap
    primary key (account_id, connector, pack) include (warehouse)
);
-- The list's install filters walk these in account order (keyset paging), index-only: ?pack= (with or without
-- version and outcome), ?outcome=failed (the support question: who is failing now). The refresh updates a row only
-- when a newer install of its pack arrives, so the indexes cost nothing on the ingest path and little here.
create index account_installs_pack on account_installs (pack, account_id, connector)
    include (pack_version, outcome, occurred_at, warehouse);
create index account_installs_failed on account_installs (account_id, connector)
    include (pack, pack_version, occurred_at, warehouse) where outcome = 'failed';

-- The newest install and render events of each account (AccountRepository.RECENT_EVENTS of them, within
-- RECENT_WINDOW, 7 days), with the fields the support view shows; error_message is the stored, scrubbed one.
create table account_events (
    account_id    text        not null,
    occurred_at   timestamptz not null,
    event_id      text        collate "C" not null,
    type          text        not null,
    connector     text        not null,
    pack          text        not null,
    pack_version  text        not null,
    warehouse     text,
    outcome       text        not null,
    stage         text,
    dashboard     text,
    tile          text,
    error_code    text,
    error_message text,
    primary key (account_id, occurred_at, event_id)
);
-- pruned by age (older than 7 days) every hour
create index account_events_occurred_at on account_events (occurred_at);

-- An hour is folded again at every refresh while events keep arriving in it. To fold only what is new, each change
-- row also carries the oldest received_at of its statement's events: a change row commits with its events, so the
-- events a refresh has not folded yet all belong to the change rows it takes, and were received at or after the
-- oldest of them. One more aggregate in the statement trigger's existing pass over the transition table.
alter table stats_changes add column oldest_received_at timestamptz;

create or replace function stats_note_inserted() returns trigger
language plpgsql set search_path from current as $$
begin
    insert into stats_changes (hour, connector, newest_occurred_at, newest_received_at, oldest_received_at, events)
    select date_trunc('hour', occurred_at, 'UTC'), connector, max(occurred_at), max(received_at), min(received_at), count(*)
      from stats_new_events
     group by 1, 2;
    return null;
end $$;

-- Events stored before this migration: every hour that has some is dirty again, so the refresh folds it into
-- the new tables (and recomputes its rollups, which is idempotent). Readers meanwhile read dirty hours raw.
insert into stats_changes (hour, connector, newest_occurred_at, newest_received_at, oldest_received_at, events)
select date_trunc('hour', occurred_at, 'UTC'), connector, max(occurred_at), max(received_at), min(received_at), count(*)
  from events
 group by 1, 2;

-- GET /v1/stats/failures names up to 10 sampleAccounts per group, read backwards from each group's newest failure
-- (StatsRepository.sampleAccounts). With the account and the filter columns included that is an index-only scan
-- of a few dozen entries per group instead of as many heap fetches. Same key and predicate as V2's index: ingest
-- writes the same entries (failed events only), a few dozen bytes wider.
drop index events_failures;
create index events_failures on events (failure_fingerprint, occurred_at)
    include (type, account_id, connector, pack, pack_version, warehouse) where outcome = 'failed';
