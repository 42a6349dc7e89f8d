package dev.taper.queue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/** Reading {@code stage_job} rows into {@link JobView}s. */
final class JobRows {

  static final String COLUMNS =
      "id, experiment_id, kind, status, depends_on, attempt, max_attempts, progress,"
          + " cancel_requested, error, error_attempt, leased_by, lease_expires_at, created_at,"
          + " started_at, finished_at";

  private final JsonMapper json;

  JobRows(JsonMapper json) {
    this.json = json;
  }

  JobView view(ResultSet rs, int row) throws SQLException {
    String progress = rs.getString("progress");
    return new JobView(
        rs.getLong("id"),
        rs.getObject("experiment_id", UUID.class),
        rs.getString("kind"),
        JobStatus.valueOf(rs.getString("status")),
        rs.getObject("depends_on", Long.class),
        rs.getInt("attempt"),
        rs.getInt("max_attempts"),
        progress == null ? null : json.readValue(progress, JobProgress.class),
        rs.getBoolean("cancel_requested"),
        rs.getString("error"),
        rs.getObject("error_attempt", Integer.class),
        rs.getString("leased_by"),
        instant(rs, "lease_expires_at"),
        instant(rs, "created_at"),
        instant(rs, "started_at"),
        instant(rs, "finished_at"));
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
