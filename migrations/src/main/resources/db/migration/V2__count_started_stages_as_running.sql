-- An experiment whose only started stage was taken back (lease expired, waiting for its retry)
-- has started: report it RUNNING, not QUEUED, until its stages end.
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
from stage_job
where experiment_id = experiment
$$;
