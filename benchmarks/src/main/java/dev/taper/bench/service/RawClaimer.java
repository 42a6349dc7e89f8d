package dev.taper.bench.service;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The baseline: bare JDBC on a connection of its own, in auto-commit, with the smallest correct
 * claim (one {@code UPDATE ... WHERE id = (SELECT ... FOR UPDATE SKIP LOCKED LIMIT 1)}, the same
 * order and index as Taper's) and a versioned completion. Two statements and two commits a job, as
 * Taper's path has two commits.
 */
final class RawClaimer extends TimedClaimer<RawClaimer.Claimed> {

  private static final String CLAIM =
      """
      update stage_job j
         set status = 'RUNNING', leased_by = ?, lease_expires_at = now() + interval '30 seconds',
             attempt = j.attempt + 1, version = j.version + 1
       where j.id = (select id from stage_job
                      where status = 'QUEUED' and run_after <= now()
                      order by priority desc, id
                      limit 1
                        for update skip locked)
      returning j.id, j.version
      """;

  private static final String COMPLETE =
      """
      update stage_job
         set status = 'SUCCEEDED', finished_at = now(), lease_expires_at = null,
             version = version + 1
       where id = ? and version = ? and status = 'RUNNING'
      """;

  private final Connection connection;
  private final PreparedStatement claimStatement;
  private final PreparedStatement completeStatement;

  /** A claimed job and the version its completion must find. */
  record Claimed(long id, long version) {}

  RawClaimer(String jdbcUrl, String worker) throws SQLException {
    connection = DriverManager.getConnection(jdbcUrl);
    connection.setAutoCommit(true);
    claimStatement = connection.prepareStatement(CLAIM);
    claimStatement.setString(1, worker);
    completeStatement = connection.prepareStatement(COMPLETE);
  }

  @Override
  Optional<Claimed> claim() throws SQLException {
    try (ResultSet rs = claimStatement.executeQuery()) {
      return rs.next() ? Optional.of(new Claimed(rs.getLong(1), rs.getLong(2))) : Optional.empty();
    }
  }

  @Override
  void complete(Claimed job) throws SQLException {
    completeStatement.setLong(1, job.id());
    completeStatement.setLong(2, job.version());
    if (completeStatement.executeUpdate() != 1) {
      throw new IllegalStateException("job " + job.id() + " was not ours to complete");
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
