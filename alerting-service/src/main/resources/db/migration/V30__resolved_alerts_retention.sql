-- V30: AlertRetention picks resolved alerts by resolved_at, a range scan of this partial index rather than a walk of
-- every resolved alert per batch. (alert_events(alert_id) is already indexed for the cascade.)
create index alerts_resolved_at on alerts (resolved_at) where state = 'resolved';
