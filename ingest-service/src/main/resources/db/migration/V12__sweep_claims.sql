-- V12: the stats refresh runs once per interval across replicas (service-kit's OncePerInterval). Each replica's
-- scheduler fires on its own phase, so a lock alone lets every replica refresh in turn; a run first claims its slot
-- (one interval from the epoch, by the scheduled fire time) here, and only the first run of each slot refreshes.
create table sweep_claims (
    sweep      text        primary key,
    slot_start timestamptz not null,
    claimed_at timestamptz not null,
    claimed_by text        not null
);
