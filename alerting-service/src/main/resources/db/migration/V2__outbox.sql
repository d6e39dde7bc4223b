-- Paging outbox: one row per notification (channel x target), inserted in the transaction that changed the
-- alert, delivered at least once by OutboxDispatcher. Rows are kept as the alert timeline's delivery record.
create table page_outbox (
    id              bigserial    primary key,
    alert_id        bigint,                      -- null for PagerDuty change events (no alert)
    dedup_key       text         not null,       -- rows of one dedup key reach one destination in id order
    channel         text         not null,       -- pagerduty | pagerduty-change | slack | webhook
    action          text         not null,       -- trigger | acknowledge | resolve | change
    level           integer      not null default 0,
    target_kind     text         not null,       -- team | fallback
    team            text,
    url             text         not null,       -- where to POST (secret for Slack and webhooks)
    route_key       text,                        -- PagerDuty routing key (secret), reused by ack/resolve
    payload         text         not null,       -- the rendered JSON body
    event_at        timestamptz  not null,       -- when the alert event happened (startsAt / endsAt)
    state           text         not null default 'pending',  -- pending | delivered | failed
    attempts        integer      not null default 0,
    created_at      timestamptz  not null,
    next_attempt_at timestamptz  not null,
    last_attempt_at timestamptz,
    last_status     integer,
    last_error      text,
    delivered_at    timestamptz,
    failed_at       timestamptz
);

create index page_outbox_due on page_outbox (next_attempt_at, id) where state = 'pending';
create index page_outbox_order on page_outbox (dedup_key, channel, id) where state = 'pending';
create index page_outbox_alert on page_outbox (alert_id, id);
