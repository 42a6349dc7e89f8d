package dev.taper.bench.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the soak checks once every experiment has ended, all of it read from the database: outcomes,
 * one model per stage, lineage, and the claim audit ({@code job_claim_audit}), in SQL.
 */
final class SoakChecks {

  /**
   * Every lease's live interval: from its claim until its holder ended the attempt (completed,
   * failed, handed back) or, when the holder never did (it was killed, and the reclaimer took the
   * job back), until the last expiry its heartbeats recorded. A holder that ends its attempt after
   * its expiry but before a reclaim still held the job until then.
   */
  private static final String LEASES =
      """
      with lease as (
          select job_id, version, worker, claimed_at,
                 case when ended_at is not null and not reclaimed then ended_at
                      else lease_expires_at end as live_until
            from job_claim_audit)
      """;

  private final JdbcClient jdbc;

  SoakChecks(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Experiments whose status is not yet final. */
  long unfinishedExperiments() {
    return count(
        "select count(*) from experiment"
            + " where experiment_status(id) not in ('SUCCEEDED', 'FAILED', 'CANCELLED')");
  }

  long succeededStages() {
    return count("select count(*) from stage_job where status = 'SUCCEEDED'");
  }

  /** The counts and findings, each a number; {@link #expectations} says which must be zero. */
  Map<String, Long> run(int submitted, Set<String> killedWorkers) {
    Map<String, Long> c = new LinkedHashMap<>();
    c.put("experiments", count("select count(*) from experiment"));
    c.put(
        "experiments_succeeded",
        count("select count(*) from experiment where experiment_status(id) = 'SUCCEEDED'"));
    c.put("experiments_not_succeeded", c.get("experiments") - c.get("experiments_succeeded"));
    c.put("experiments_missing", submitted - c.get("experiments"));
    c.put("stages", count("select count(*) from stage_job"));
    c.put("stages_succeeded", succeededStages());
    c.put("models", count("select count(*) from model"));
    // lost: a stage that published no model; duplicated: one that published more than one
    c.put(
        "stages_without_model",
        count(
            "select count(*) from stage_job j"
                + " where not exists (select 1 from model m where m.produced_by = j.id)"));
    c.put(
        "stages_with_several_models",
        count(
            "select count(*) from (select produced_by from model group by produced_by"
                + " having count(*) > 1) s"));
    c.put(
        "experiments_without_lineage",
        count(
            """
            select count(*) from experiment e
             where not exists (
                 select 1
                   from model w
                   join model_edge i on i.parent_id = w.id and i.relation = 'IMITATED_FROM'
                   join model m on m.id = i.child_id and m.role = 'WARMED'
                   join model_edge f on f.parent_id = m.id and f.relation = 'FINETUNED_FROM'
                   join model t on t.id = f.child_id and t.role = 'THIN'
                  where w.experiment_id = e.id and w.role = 'WIDE'
                    and m.experiment_id = e.id and t.experiment_id = e.id)
            """));
    c.put("claims", count("select count(*) from job_claim_audit"));
    c.put("reclaims", count("select count(*) from job_claim_audit where reclaimed"));
    c.put("heartbeats", count("select coalesce(sum(heartbeats), 0) from job_claim_audit"));
    c.put(
        "overlapping_leases",
        count(
            LEASES
                + """
                select count(*) from lease a join lease b
                    on b.job_id = a.job_id and b.version > a.version
                 where b.claimed_at < a.live_until
                """));
    c.put(
        "reclaims_before_expiry",
        count(
            "select count(*) from job_claim_audit where reclaimed and ended_at < lease_expires_at"));
    c.put(
        "leases_never_ended", count("select count(*) from job_claim_audit where ended_at is null"));
    // every claim bumps the job's attempt (no worker handed a job back: nobody was stopped
    // gracefully while work remained), so the audit must hold exactly that many claims per job
    c.put(
        "jobs_whose_claims_are_not_all_audited",
        count(
            "select count(*) from stage_job j where j.attempt <>"
                + " (select count(*) from job_claim_audit a where a.job_id = j.id)"));
    List<String> reclaimedFrom =
        jdbc.sql("select worker from job_claim_audit where reclaimed").query(String.class).list();
    c.put(
        "reclaims_from_live_workers",
        reclaimedFrom.stream().filter(w -> !killedWorkers.contains(w)).count());
    return c;
  }

  /** The findings that must be zero for the soak to pass. */
  static List<String> mustBeZero() {
    return List.of(
        "experiments_not_succeeded",
        "experiments_missing",
        "stages_without_model",
        "stages_with_several_models",
        "experiments_without_lineage",
        "overlapping_leases",
        "reclaims_before_expiry",
        "leases_never_ended",
        "jobs_whose_claims_are_not_all_audited");
  }

  /** Up to ten overlapping lease pairs, for the report when there are any. */
  List<Map<String, Object>> overlapExamples() {
    return jdbc
        .sql(
            LEASES
                + """
                select a.job_id, a.version, a.worker, a.claimed_at, a.live_until,
                       b.version as next_version, b.worker as next_worker,
                       b.claimed_at as next_claimed_at
                  from lease a join lease b on b.job_id = a.job_id and b.version > a.version
                 where b.claimed_at < a.live_until
                 order by a.job_id, a.version limit 10
                """)
        .query()
        .listOfRows()
        .stream()
        .map(
            row -> {
              Map<String, Object> m = new LinkedHashMap<>();
              row.forEach((k, v) -> m.put(k, String.valueOf(v)));
              return m;
            })
        .toList();
  }

  /** Attempts per stage job: how many jobs needed 1, 2, 3... claims. */
  Map<String, Long> attemptsHistogram() {
    Map<String, Long> h = new LinkedHashMap<>();
    jdbc.sql("select attempt, count(*) from stage_job group by attempt order by attempt")
        .query((rs, n) -> h.put(String.valueOf(rs.getInt(1)), rs.getLong(2)))
        .list();
    return h;
  }

  private long count(String sql) {
    return jdbc.sql(sql).query(Long.class).single();
  }
}
