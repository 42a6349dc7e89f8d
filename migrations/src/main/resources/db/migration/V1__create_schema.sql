-- Taper's schema (ARCHITECTURE.md "Data"). Hibernate never creates or alters tables.

create table dataset (
    id            uuid primary key,
    name          text        not null unique,
    format        text        not null check (format in ('IDX', 'CSV')),
    uri           text        not null,
    sha256        text        not null,
    example_shape text        not null,
    classes       integer     not null check (classes >= 2),
    train_count   integer     not null check (train_count >= 0),
    test_count    integer     not null check (test_count >= 0),
    created_at    timestamptz not null default now()
);

create table experiment (
    id               uuid primary key,
    tenant           text        not null default 'default',
    name             text        not null,
    spec             jsonb       not null,
    spec_hash        text        not null,
    idempotency_key  text,
    -- a reused WIDE model (teacher.modelId or a fingerprint match); null when WIDE is trained here
    teacher_model_id uuid,
    cancel_requested boolean     not null default false,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    unique (tenant, idempotency_key)
);

create index experiment_created_at on experiment (created_at desc, id);

create table stage_job (
    id               bigint generated always as identity primary key,
    experiment_id    uuid        not null references experiment (id),
    kind             text        not null check (kind in ('WIDE', 'IMITATE', 'FINETUNE', 'SCRATCH', 'KD', 'DEEPER', 'EXPORT')),
    status           text        not null check (status in ('BLOCKED', 'QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'SKIPPED')),
    depends_on       bigint references stage_job (id),
    priority         integer     not null default 0,
    attempt          integer     not null default 0,
    max_attempts     integer     not null default 3 check (max_attempts >= 1),
    run_after        timestamptz not null default now(),
    -- when the job last became runnable (queue wait is measured from here)
    queued_at        timestamptz,
    leased_by        text,
    lease_expires_at timestamptz,
    version          bigint      not null default 0,
    progress         jsonb,
    cancel_requested boolean     not null default false,
    error            text,
    checkpoint_uri   text,
    needs_gpu        boolean     not null default false,
    created_at       timestamptz not null default now(),
    started_at       timestamptz,
    finished_at      timestamptz,
    check (status <> 'RUNNING' or (leased_by is not null and lease_expires_at is not null))
);

-- the claim's scan: runnable jobs in priority order
create index stage_job_claimable on stage_job (priority desc, id) where status = 'QUEUED';
-- the reclaimer's scan
create index stage_job_leases on stage_job (lease_expires_at) where status = 'RUNNING';
create index stage_job_experiment on stage_job (experiment_id, id);
create index stage_job_depends_on on stage_job (depends_on) where depends_on is not null;

create table model (
    id            uuid primary key,
    experiment_id uuid        not null references experiment (id),
    produced_by   bigint      not null unique references stage_job (id),
    role          text        not null check (role in ('WIDE', 'WARMED', 'THIN', 'SCRATCH', 'KD', 'DEEPER')),
    family        text        not null,
    architecture  jsonb       not null,
    param_count   bigint      not null,
    flops         bigint      not null,
    size_bytes    bigint      not null,
    sha256        text        not null,
    artifact_uri  text        not null,
    metrics       jsonb       not null,
    -- WIDE models only: what the teacher was trained from, for teacher reuse
    fingerprint   text,
    created_at    timestamptz not null default now()
);

create index model_experiment on model (experiment_id);
create index model_fingerprint on model (fingerprint) where fingerprint is not null;

create table model_edge (
    parent_id uuid not null references model (id),
    child_id  uuid not null references model (id),
    relation  text not null check (relation in ('IMITATED_FROM', 'FINETUNED_FROM', 'DISTILLED_FROM')),
    primary key (parent_id, child_id, relation)
);

create index model_edge_child on model_edge (child_id);

create table worker (
    id          text primary key,
    host        text        not null,
    devices     text        not null,
    started_at  timestamptz not null default now(),
    last_seen   timestamptz not null default now(),
    running_job bigint references stage_job (id) on delete set null
);

-- An experiment's status is derived from its stages, so it can never disagree with them.
create function experiment_status(experiment uuid) returns text
    language sql stable as
$$
select case
           when count(*) = 0 then 'QUEUED'
           when count(*) filter (where status = 'RUNNING') > 0 then 'RUNNING'
           when count(*) filter (where status in ('BLOCKED', 'QUEUED')) > 0 then
               case
                   when count(*) filter (where status in ('SUCCEEDED', 'FAILED', 'CANCELLED', 'SKIPPED')) > 0
                       then 'RUNNING'
                   else 'QUEUED' end
           when count(*) filter (where status = 'CANCELLED') > 0 then 'CANCELLED'
           when count(*) filter (where status in ('FAILED', 'SKIPPED')) > 0 then 'FAILED'
           else 'SUCCEEDED' end
from stage_job
where experiment_id = experiment
$$;

-- Wakes idle workers when a job becomes runnable. Identical notifications in one transaction
-- are folded into one by PostgreSQL, so a plan of many jobs sends a single wake-up.
create function notify_stage_job_queued() returns trigger
    language plpgsql as
$$
begin
    perform pg_notify('taper_stage_job', '');
    return null;
end
$$;

create trigger stage_job_queued
    after insert or update of status
    on stage_job
    for each row
    when (new.status = 'QUEUED')
execute function notify_stage_job_queued();
