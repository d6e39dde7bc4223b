-- The normalised message of a failed event's group (FailureFingerprint's template, e.g.
-- "sql compilation error: invalid identifier <name>"), stored next to failure_fingerprint so a
-- failure group can be shown by what it says without re-deriving it. Nullable: no table rewrite.
alter table events add column failure_template text;
