-- An export requested for an existing model (export_job.source_model_id set) is its own job, not
-- part of the experiment's plan: while it runs, a finished experiment stays finished, and if it
-- fails, the experiment's models have not failed. Exports planned with the experiment (its spec's
-- "export") still count, as before.
create or replace function experiment_status(experiment uuid) returns text
    language sql stable as
$$
select case
           when count(*) = 0 then 'QUEUED'
           when count(*) filter (where status = 'RUNNING') > 0 then 'RUNNING'
           when count(*) filter (where status in ('BLOCKED', 'QUEUED')) > 0 then
               case
                   when count(*) filter (where status in ('SUCCEEDED', 'FAILED', 'CANCELLED', 'SKIPPED')
                                            or started_at is not null) > 0
                       then 'RUNNING'
                   else 'QUEUED' end
           when count(*) filter (where status = 'CANCELLED') > 0 then 'CANCELLED'
           when count(*) filter (where status in ('FAILED', 'SKIPPED')) > 0 then 'FAILED'
           else 'SUCCEEDED' end
from stage_job j
where j.experiment_id = experiment
  and not exists (select 1
                  from export_job e
                  where e.job_id = j.id
                    and e.source_model_id is not null)
$$;
