-- V20 (issue 16): the outbox is delivered outside the claiming transaction. A sender claims rows with a lease
-- (claimed_until, claim_token), commits, sends, and records the outcome in a new short transaction; a crashed sender's
-- rows are taken again once the lease has passed. Rows are sent in lanes per destination (the URL's authority, not a
-- secret), and ordered per dedup key, channel and destination. url and route_key are now sealed (AES-GCM, see
-- SecretSeal); target is their masked form for the timeline. Rows from before V20 are sealed by the dispatcher's first run.
alter table page_outbox add column claimed_until timestamptz;
alter table page_outbox add column claim_token text;
alter table page_outbox add column destination text;
alter table page_outbox add column target text;

update page_outbox set destination = lower(substring(url from '^[A-Za-z][A-Za-z0-9+.-]*://([^/?#]*)'))
where destination is null;

drop index if exists page_outbox_order;
create index page_outbox_order on page_outbox (dedup_key, channel, destination, id) where state = 'pending';
