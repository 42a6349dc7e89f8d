-- The checkpoint sweep looks for ended jobs that still name a checkpoint every reclaim interval on
-- every worker. Workers clear the name when they delete a checkpoint, so the rows that keep one are
-- the few running or queued jobs with a checkpoint and what the sweep has still to delete: a partial
-- index over them keeps the look-up from scanning every job ever run.
create index stage_job_kept_checkpoints on stage_job (id) where checkpoint_uri is not null;
