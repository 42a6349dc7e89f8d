-- The model folders a worker has begun to store and not yet recorded. A worker names the folder
-- here, with the attempt (job and lease version) storing it, before it writes a file; the
-- transaction that records the model forgets it. A folder whose attempt died in between (a kill -9
-- while a large model uploads) is named here for ever after, and the workers' housekeeping deletes
-- it once that attempt has ended, after which no transaction can record it. No foreign key: the
-- job may be deleted with its experiment before the folder is.
create table unpublished_folder (
  artifact_key  text primary key,
  job_id        bigint not null,
  lease_version bigint not null,
  named_at      timestamptz not null default now()
);
