-- Who withdrew and who restored a version (the authenticated principal), next to when and why: a release
-- manager who finds a version withdrawn must be able to ask the person who did it.
alter table pack_versions add column withdrawn_by text;
alter table pack_versions add column restored_by text;
