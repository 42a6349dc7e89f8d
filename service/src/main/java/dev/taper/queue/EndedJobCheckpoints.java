package dev.taper.queue;

import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Checkpoints that jobs which have ended still name. A worker deletes its job's checkpoint when the
 * job ends under it, but a job can end without a worker: taken back after its worker died and
 * cancelled or out of attempts, or cancelled while it waited for a retry. Nothing would resume from
 * those checkpoints again, so whoever holds the artifact store deletes them ({@link #find}, then
 * {@link #forget} once the file is gone).
 */
@Service
public class EndedJobCheckpoints {

  private static final List<String> ENDED =
      Arrays.stream(JobStatus.values()).filter(JobStatus::isTerminal).map(Enum::name).toList();

  private final JdbcClient jdbc;

  public EndedJobCheckpoints(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A checkpoint an ended job still names. */
  public record Left(long jobId, String uri) {}

  /** Up to {@code limit} checkpoints of ended jobs, oldest job first. */
  public List<Left> find(int limit) {
    return jdbc.sql(
            """
            select id, checkpoint_uri from stage_job
             where checkpoint_uri is not null
               and status in (:ended)
             order by id
             limit :limit
            """)
        .param("ended", ENDED)
        .param("limit", limit)
        .query((rs, n) -> new Left(rs.getLong("id"), rs.getString("checkpoint_uri")))
        .list();
  }

  /** The job no longer names the checkpoint, whose file is gone. */
  public void forget(Left checkpoint) {
    jdbc.sql(
            """
            update stage_job set checkpoint_uri = null
             where id = :id and checkpoint_uri = :uri
               and status in (:ended)
            """)
        .param("id", checkpoint.jobId())
        .param("uri", checkpoint.uri())
        .param("ended", ENDED)
        .update();
  }
}
