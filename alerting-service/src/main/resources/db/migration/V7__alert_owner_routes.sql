-- V7: the owner team's paging routes (PagerDuty routing key, Slack and webhook URLs) as ownership-service resolved them
-- when the alert fired, beside its escalation chain. Every page of the alert (escalations, ack, resolve, rollback) goes
-- to these routes, so paging never asks ownership-service over HTTP inside the transaction that changes the alert.
-- Secrets, like page_outbox.url and page_outbox.route_key: never shown by the API. Null when ownership did not answer
-- (the fallback route is paged) and on alerts from before V7 (the escalation tick looks them up before its transaction).
alter table alerts add column owner_routes jsonb;
