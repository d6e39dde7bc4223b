-- V14: what SchemaRetention's prune needs. It picks expired history by received_at (a range scan, not the whole
-- table per batch), and deleting a snapshot checks the foreign key from current_schemas: without an index there every
-- deleted row would scan current_schemas.
create index schema_snapshots_received_at on schema_snapshots (received_at);
create index current_schemas_snapshot on current_schemas (snapshot_id);
