-- Telemetry events, partitioned by day on occurred_at so retention drops whole partitions and
-- windowed stats only touch the days they need. eventId idempotency lives in event_keys, because a
-- unique key on a partitioned table must include the partition key (a retry with another occurredAt
-- would slip through).

create table event_keys (
    event_id    text        primary key,
    received_at timestamptz not null default now()
);
create index event_keys_received_at on event_keys (received_at);

create table events (
    event_id            text        not null,
    type                text        not null check (type in ('install', 'render')),
    occurred_at         timestamptz not null,
    received_at         timestamptz not null,
    account_id          text        not null,
    connector           text        not null,
    pack                text        not null,
    pack_version        text        not null,
    warehouse           text,
    outcome             text        not null check (outcome in ('succeeded', 'failed')),
    stage               text,
    dashboard           text,
    tile                text,
    error_code          text,
    error_message       text,
    failure_fingerprint text,
    duration_ms         integer
) partition by range (occurred_at);

-- Serves every windowed stats query (partition pruning + range scan), and per-pack filters.
create index events_occurred_at on events (occurred_at);
create index events_pack_occurred_at on events (connector, pack, pack_version, occurred_at);
create index events_failures on events (failure_fingerprint, occurred_at) where outcome = 'failed';

-- Creates the daily partitions covering [from_day, to_day] that do not exist yet.
create or replace function ensure_event_partitions(from_day date, to_day date) returns integer
language plpgsql as $$
declare
    d date := from_day;
    created integer := 0;
    part text;
begin
    while d <= to_day loop
        part := 'events_p' || to_char(d, 'YYYYMMDD');
        if to_regclass(format('%I.%I', current_schema(), part)) is null then
            execute format('create table %I partition of events for values from (%L) to (%L)',
                           part, d::timestamptz, (d + 1)::timestamptz);
            created := created + 1;
        end if;
        d := d + 1;
    end loop;
    return created;
end $$;

-- Drops daily partitions entirely older than before_day; returns how many went.
create or replace function drop_event_partitions_before(before_day date) returns integer
language plpgsql as $$
declare
    r record;
    dropped integer := 0;
begin
    for r in select c.relname from pg_inherits i
               join pg_class c on c.oid = i.inhrelid
               join pg_class p on p.oid = i.inhparent
              where p.relname = 'events' and c.relname ~ '^events_p[0-9]{8}$'
                and to_date(substring(c.relname from 9), 'YYYYMMDD') < before_day loop
        execute format('drop table %I', r.relname);
        dropped := dropped + 1;
    end loop;
    return dropped;
end $$;
