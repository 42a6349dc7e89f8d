-- A job keeps the error of its last ended attempt while it waits for, and runs, the next one, so
-- that an operator reading a retried job sees why it was retried. Which attempt ended with it is
-- recorded beside it: a running job's error is then plainly its predecessor's.
alter table stage_job add column error_attempt integer;

-- rows written before: a running job's attempt has been counted up since its error was written
update stage_job
   set error_attempt = case when status = 'RUNNING' then attempt - 1 else attempt end
 where error is not null;
