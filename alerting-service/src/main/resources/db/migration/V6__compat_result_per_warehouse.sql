-- The same schema fingerprint is resolved per warehouse: SQL dialects differ (alias scoping today, functions and
-- syntax next), so a pack version can compile on one warehouse and not on another with the very same columns.
-- The cache is keyed by warehouse too ('' when the warehouse is unknown: PostgreSQL's rules, the strictest).
-- Rows computed before were merged over every warehouse of a fingerprint: a cache, so they are dropped.
delete from compat_result;
alter table compat_result add column warehouse text not null default '';
alter table compat_result drop constraint compat_result_key;
alter table compat_result add constraint compat_result_key unique (pack, version, fingerprint, warehouse);
