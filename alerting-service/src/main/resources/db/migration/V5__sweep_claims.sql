-- V5: scheduled sweeps run once per interval across replicas (SweepClaims). Each replica's scheduler fires on its
-- own phase, so the advisory lock held for a sweep's transaction alone lets every replica sweep in turn. Time is cut
-- into slots of one interval (from the epoch, by the scheduled fire time); a run first claims its slot here, and
-- only the first run of each slot sweeps.
create table sweep_claims (
    sweep      text        primary key,
    slot_start timestamptz not null,
    claimed_at timestamptz not null,
    claimed_by text        not null
);
