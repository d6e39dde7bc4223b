-- V1: the service's own schema is created by Flyway (quarkus.flyway.schemas=ingest).
-- Later migrations: V2 events, V3 snapshots and pack releases, V4 stats rollups.
-- (nothing else to do)
select 1;
