-- The files in the artifact store whose records a deletion removed (an experiment's models and
-- checkpoints, an uploaded dataset's folder), named in the deletion's own transaction. They are
-- deleted as soon as it commits and then forgotten; one left here, because the process was killed
-- in between or the store refused, is deleted by the workers' housekeeping, so that no deleted
-- record keeps its files for ever.
create table deleted_artifact (
  artifact_key text primary key,
  deleted_at   timestamptz not null default now()
);
