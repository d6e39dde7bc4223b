-- Who published each version, and the reason when it was published past a blocking release gate (alerting-service's
-- POST /v1/compat/gate answered "block" and the publisher went ahead): the override is on the record, not only in
-- someone's terminal. Versions published before this migration have neither.
alter table pack_versions add column published_by text;
alter table pack_versions add column gate_override_reason text;
