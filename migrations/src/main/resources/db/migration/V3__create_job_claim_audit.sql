-- An optional record of every lease the queue grants (taper.queue.audit-claims, off by default;
-- the fault soak turns it on): one row per claim, kept up to date by the claim's own statement,
-- its heartbeats and the statement that ends the attempt, so that "no job was held under two live
-- leases at once" can be checked in SQL afterwards.
create table job_claim_audit (
    job_id           bigint      not null references stage_job (id) on delete cascade,
    -- the job's version the claim set: the lease's identity
    version          bigint      not null,
    worker           text        not null,
    claimed_at       timestamptz not null,
    -- the lease's expiry as the claim set it, then as its latest heartbeat extended it
    lease_expires_at timestamptz not null,
    heartbeats       integer     not null default 0,
    -- when and how the attempt ended: its holder completed, failed, cancelled or handed it back,
    -- or the reclaimer took it back after its lease expired (reclaimed)
    ended_at         timestamptz,
    ended_as         text check (ended_as in ('SUCCEEDED', 'QUEUED', 'FAILED', 'CANCELLED')),
    reclaimed        boolean     not null default false,
    primary key (job_id, version)
);
