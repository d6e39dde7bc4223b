-- V21 (issue 16): delivered and failed outbox rows are deleted after packops.paging.retention (OutboxRetention).
create index page_outbox_done on page_outbox (coalesce(delivered_at, failed_at, created_at)) where state <> 'pending';
