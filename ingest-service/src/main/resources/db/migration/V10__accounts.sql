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
    primary key (account_id, connector, pack)
);
-- GET /v1/accounts?pack=…: the pack's accounts in account order (keyset paging).
create index account_installs_pack on account_installs (pack, account_id, connector);

-- The newest install and render events of each account (AccountRepository.RECENT_EVENTS of them), with the
-- fields the support view shows; error_message is the stored, scrubbed one.
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

-- Events stored before this migration: every hour that has some is dirty again, so the refresh folds it into
-- the new tables (and recomputes its rollups, which is idempotent). Readers meanwhile read dirty hours raw.
insert into stats_changes (hour, connector, newest_occurred_at, newest_received_at, events)
select date_trunc('hour', occurred_at, 'UTC'), connector, max(occurred_at), max(received_at), count(*)
  from events
 group by 1, 2;
