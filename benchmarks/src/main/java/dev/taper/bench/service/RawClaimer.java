package dev.taper.bench.service;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The baseline: bare JDBC on a connection of its own, in auto-commit, with the smallest correct
 * claim (one {@code UPDATE ... WHERE id = (SELECT ... FOR UPDATE SKIP LOCKED LIMIT 1)}, the same
 * order and index as Taper's) and a versioned completion. Two statements and two commits a job, as
 * Taper's path has two commits.
 */
final class RawClaimer implements Claimer {

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
  private final PreparedStatement claim;
  private final PreparedStatement complete;
  private long claimNanos;
  private long completeNanos;

  RawClaimer(String jdbcUrl, String worker) throws SQLException {
    connection = DriverManager.getConnection(jdbcUrl);
    connection.setAutoCommit(true);
    claim = connection.prepareStatement(CLAIM);
    claim.setString(1, worker);
    complete = connection.prepareStatement(COMPLETE);
  }

  @Override
  public boolean claimAndComplete() throws SQLException {
    long start = System.nanoTime();
    long id;
    long version;
    try (ResultSet rs = claim.executeQuery()) {
      if (!rs.next()) {
        claimNanos += System.nanoTime() - start;
        return false;
      }
      id = rs.getLong(1);
      version = rs.getLong(2);
    }
    long claimedAt = System.nanoTime();
    claimNanos += claimedAt - start;
    complete.setLong(1, id);
    complete.setLong(2, version);
    if (complete.executeUpdate() != 1) {
      throw new IllegalStateException("job " + id + " was not ours to complete");
    }
    completeNanos += System.nanoTime() - claimedAt;
    return true;
  }

  @Override
  public long claimNanos() {
    return claimNanos;
  }

  @Override
  public long completeNanos() {
    return completeNanos;
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
