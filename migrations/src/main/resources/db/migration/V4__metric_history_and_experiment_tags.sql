-- Metric history of stage jobs (docs/architecture.md): a few series per job, downsampled by the
-- worker to about a thousand points each, written in batches while the job's lease is held. A
-- point is keyed by its step, so a resumed attempt that reports a step again adds nothing.
-- Deleted with its job (and so with its experiment).
create table metric_point (
    job_id bigint           not null references stage_job (id) on delete cascade,
    name   text             not null check (name in ('loss', 'validation_accuracy', 'imitation_loss',
                                                     'samples_per_second', 'learning_rate')),
    -- the optimiser step; for validation_accuracy, the epoch (from 1)
    step   bigint           not null check (step >= 0),
    value  double precision not null,
    -- the imitation layer (phase) an imitation_loss point belongs to; null for the other series
    layer  integer,
    primary key (job_id, name, step)
);

-- Labels users put on experiments to find them. Beside the spec, not in it: the spec's hash
-- decides idempotency, and relabelling an experiment does not change what it trains.
create table experiment_tag (
    experiment_id uuid not null references experiment (id) on delete cascade,
    tag           text not null check (length(tag) between 1 and 64),
    primary key (experiment_id, tag)
);

create index experiment_tag_tag on experiment_tag (tag, experiment_id);
