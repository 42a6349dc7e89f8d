-- The dataset folders an upload has begun to store and not yet registered. The request names the
-- folder here before it writes a file; the transaction that registers the dataset forgets it. A
-- folder whose process died in between (a kill -9 while a large upload is copied to the store) is
-- named here for ever after: an upload has no lease to outlive, so the workers' housekeeping hands
-- such a folder to deletion once it is older than any upload could take to store
-- (taper.datasets.abandon-upload-after), and a registration that comes later than that fails.
create table unregistered_upload (
  artifact_key text primary key,
  named_at     timestamptz not null default now()
);
