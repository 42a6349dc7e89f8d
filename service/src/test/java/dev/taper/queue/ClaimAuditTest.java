package dev.taper.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.config.ApiContextTest;
import dev.taper.config.PostgresTest;
import dev.taper.observability.TaperMetrics;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The claim audit ({@code taper.queue.audit-claims}): every lease is recorded by the claim,
 * extended by its heartbeats and closed by whatever ends its attempt; a stale holder changes
 * nothing; off (the default), nothing is written.
 */
@ApiContextTest
class ClaimAuditTest extends PostgresTest {

  @Autowired StageQueue defaultQueue;
  @Autowired JdbcClient jdbc;
  @Autowired JsonMapper json;
  @Autowired TaperMetrics metrics;
  @Autowired TransactionTemplate transactions;
  QueueFixtures fixtures;
  StageQueue queue;
  LeaseReclaimer reclaimer;

  @BeforeEach
  void clean() {
    QueueSettings audited =
        new QueueSettings(
            Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(5), true);
    queue = new StageQueue(jdbc, json, metrics, audited);
    reclaimer = new LeaseReclaimer(new ExpiredLeases(jdbc, metrics, audited), Duration.ofHours(1));
    fixtures = new QueueFixtures(jdbc, queue, transactions);
    fixtures.clear();
  }

  @Test
  void aClaimItsHeartbeatsAndItsEndAreRecorded() {
    long id = fixtures.enqueueIndependent(fixtures.experiment(), 1).get(0);
    ClaimedJob job = queue.claim("w1", false).orElseThrow();

    Map<String, Object> claimed = single(id);
    assertThat(claimed)
        .containsEntry("version", job.lease().version())
        .containsEntry("worker", "w1")
        .containsEntry("heartbeats", 0);
    assertThat(claimed.get("lease_expires_at")).isEqualTo(leaseExpiry(id));
    assertThat(claimed.get("ended_at")).isNull();

    assertThat(queue.heartbeat(job.lease(), null).leaseHeld()).isTrue();
    Map<String, Object> beaten = single(id);
    assertThat(beaten).containsEntry("heartbeats", 1);
    assertThat(beaten.get("lease_expires_at")).isEqualTo(leaseExpiry(id));

    fixtures.complete(job);
    Map<String, Object> ended = single(id);
    assertThat(ended).containsEntry("ended_as", "SUCCEEDED").containsEntry("reclaimed", false);
    assertThat((Timestamp) ended.get("ended_at"))
        .isAfterOrEqualTo((Timestamp) ended.get("claimed_at"));
  }

  @Test
  void aReclaimClosesTheDeadHoldersLeaseAndTheNextClaimGetsARowOfItsOwn() {
    long id = fixtures.enqueueIndependent(fixtures.experiment(), 1).get(0);
    ClaimedJob first = queue.claim("dead", false).orElseThrow();
    fixtures.expireLeases();
    assertThat(reclaimer.runDueWorkNow()).isEqualTo(1);
    fixtures.skipBackoff();
    ClaimedJob second = queue.claim("alive", false).orElseThrow();

    // the dead holder comes back: its heartbeat and its completion change nothing
    assertThat(queue.heartbeat(first.lease(), null)).isEqualTo(HeartbeatAnswer.LOST);

    List<Map<String, Object>> rows = rows(id);
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0))
        .containsEntry("worker", "dead")
        .containsEntry("version", first.lease().version())
        .containsEntry("heartbeats", 0)
        .containsEntry("ended_as", "QUEUED")
        .containsEntry("reclaimed", true);
    assertThat(rows.get(1))
        .containsEntry("worker", "alive")
        .containsEntry("version", second.lease().version())
        .containsEntry("reclaimed", false);
    assertThat(rows.get(1).get("ended_at")).isNull();
  }

  @Test
  void aFailedOrHandedBackAttemptEndsItsLeaseAsTheJobMoves() {
    long id = fixtures.enqueueIndependent(fixtures.experiment(), 1).get(0);
    ClaimedJob failed = queue.claim("w", false).orElseThrow();
    transactions.execute(status -> queue.fail(failed, "boom", true));
    fixtures.skipBackoff();
    ClaimedJob handedBack = queue.claim("w", false).orElseThrow();
    transactions.execute(status -> queue.release(handedBack.lease()));

    assertThat(rows(id))
        .extracting(row -> row.get("ended_as") + "/" + row.get("reclaimed"))
        .containsExactly("QUEUED/false", "QUEUED/false");
  }

  @Test
  void theDefaultQueueRecordsNothing() {
    fixtures.enqueueIndependent(fixtures.experiment(), 1);
    ClaimedJob job = defaultQueue.claim("w", false).orElseThrow();
    defaultQueue.heartbeat(job.lease(), null);
    assertThat(jdbc.sql("select count(*) from job_claim_audit").query(Long.class).single())
        .isZero();
  }

  private Map<String, Object> single(long job) {
    List<Map<String, Object>> rows = rows(job);
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }

  private List<Map<String, Object>> rows(long job) {
    return jdbc.sql("select * from job_claim_audit where job_id = :id order by version")
        .param("id", job)
        .query()
        .listOfRows();
  }

  private Object leaseExpiry(long job) {
    return jdbc.sql("select lease_expires_at from stage_job where id = :id")
        .param("id", job)
        .query()
        .singleValue();
  }
}
