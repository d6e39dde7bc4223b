-- V6: two more rollup grains so long windows read few buckets: 'b' = 6-hour block (00, 06, 12, 18 UTC),
-- merged from its hourly rows, and 'w' = week (Monday 00:00 UTC), merged from its daily rows. Both are
-- rebuilt in the refresh transaction that rebuilt any of their finer rows (StatsRefresh.merge).
alter table stats_rollup drop constraint stats_rollup_grain_check;
alter table stats_rollup add constraint stats_rollup_grain_check check (grain in ('h', 'b', 'd', 'w'));
alter table stats_failure_rollup drop constraint stats_failure_rollup_grain_check;
alter table stats_failure_rollup add constraint stats_failure_rollup_grain_check check (grain in ('h', 'b', 'd', 'w'));

-- Existing rollups have neither: mark every rolled-up hour dirty and forget the rolled days, so the next
-- refreshes rebuild hours (and their blocks), days (and their weeks). Until then those hours read raw events.
insert into stats_changes (hour, connector, events)
select distinct bucket, null::text, 0 from stats_rollup where grain = 'h';
delete from stats_rollup_days;
