package dev.taper.bench.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The soak's claim checks on a hand-written audit: a killed holder's lease lasts until its last
 * recorded expiry, a holder's own end of the attempt until that end, and a later claim inside
 * either is an overlap.
 */
class SoakChecksTest {

  @TempDir static Path dir;
  private static BenchPostgres postgres;
  private static HikariDataSource pool;
  private static JdbcClient jdbc;

  @BeforeAll
  static void database() throws Exception {
    postgres = BenchPostgres.start(dir.resolve("postgres"), 20);
    pool = postgres.pool("soak-checks-test", 2);
    Flyway.configure().dataSource(pool).load().migrate();
    jdbc = JdbcClient.create(pool);
    UUID experiment = UUID.randomUUID();
    jdbc.sql("insert into experiment (id, name, spec, spec_hash) values (:id, 'e', '{}', 'x')")
        .param("id", experiment)
        .update();
    // job 1: killed holder reclaimed after its expiry, then claimed again: no overlap
    job(1, experiment, 2);
    audit(1, 1, "w1", "00:00", "00:10", "00:11", null, true);
    audit(1, 3, "w2", "00:12", "00:22", "00:20", "SUCCEEDED", false);
    // job 2: reclaimed before its expiry and claimed again inside it: both findings
    job(2, experiment, 2);
    audit(2, 1, "w1", "00:00", "00:10", "00:05", null, true);
    audit(2, 3, "w2", "00:06", "00:16", "00:14", "SUCCEEDED", false);
    // job 3: a holder that ended its attempt after another's claim held the job until then
    job(3, experiment, 2);
    audit(3, 1, "w3", "00:00", "00:10", "00:15", "QUEUED", false);
    audit(3, 3, "w4", "00:12", "00:22", "00:20", "SUCCEEDED", false);
    // job 4: two attempts, one audited
    job(4, experiment, 2);
    audit(4, 1, "w1", "00:00", "00:10", "00:05", "SUCCEEDED", false);
  }

  @AfterAll
  static void stop() throws Exception {
    pool.close();
    postgres.close();
  }

  @Test
  void countsOverlapsEarlyReclaimsAndUnauditedClaims() {
    Map<String, Long> counts = new SoakChecks(jdbc).run(1, Set.of("w1"));

    assertThat(counts)
        .containsEntry("claims", 7L)
        .containsEntry("reclaims", 2L)
        .containsEntry("overlapping_leases", 2L)
        .containsEntry("reclaims_before_expiry", 1L)
        .containsEntry("leases_never_ended", 0L)
        .containsEntry("jobs_whose_claims_are_not_all_audited", 1L)
        .containsEntry("reclaims_from_live_workers", 0L)
        .containsEntry("stages_without_model", 4L);
  }

  @Test
  void namesTheOverlappingPairs() {
    assertThat(new SoakChecks(jdbc).overlapExamples())
        .extracting(
            row -> row.get("job_id") + ":" + row.get("worker") + "->" + row.get("next_worker"))
        .containsExactly("2:w1->w2", "3:w3->w4");
  }

  @Test
  void theChecksThatMustBeZeroIncludeTheClaimChecks() {
    assertThat(SoakChecks.mustBeZero())
        .contains(
            "overlapping_leases",
            "reclaims_before_expiry",
            "stages_with_several_models",
            "stages_without_model",
            "experiments_not_succeeded");
  }

  private static void job(long id, UUID experiment, int attempts) {
    jdbc.sql(
            "insert into stage_job (id, experiment_id, kind, status, attempt, version)"
                + " overriding system value"
                + " values (:id, :experiment, 'WIDE', 'SUCCEEDED', :attempts, :version)")
        .param("id", id)
        .param("experiment", experiment)
        .param("attempts", attempts)
        .param("version", 2L * attempts)
        .update();
  }

  /** Times are minutes:seconds after midnight of one day. */
  private static void audit(
      long job,
      long version,
      String worker,
      String claimed,
      String expires,
      String ended,
      String endedAs,
      boolean reclaimed) {
    jdbc.sql(
            """
            insert into job_claim_audit
                (job_id, version, worker, claimed_at, lease_expires_at, ended_at, ended_as,
                 reclaimed)
            values (:job, :version, :worker, cast(:claimed as timestamptz),
                    cast(:expires as timestamptz), cast(:ended as timestamptz), :endedAs,
                    :reclaimed)
            """)
        .param("job", job)
        .param("version", version)
        .param("worker", worker)
        .param("claimed", "2026-01-01 00:" + claimed + "+00")
        .param("expires", "2026-01-01 00:" + expires + "+00")
        .param("ended", "2026-01-01 00:" + ended + "+00")
        .param("endedAs", endedAs)
        .param("reclaimed", reclaimed)
        .update();
  }
}
