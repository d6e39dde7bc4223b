-- A version published "held for rollout" is not served to anyone until a staged rollout of it starts (the rollout
-- then decides who gets it). Without it, publishing and starting the rollout were two calls with the new version
-- served to every installer in between — the exposure a staged rollout exists to prevent.
alter table pack_versions add column held_for_rollout boolean not null default false;
