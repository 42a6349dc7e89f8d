package dev.taper.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Says why a second Taper on the same home did not start, and what to do, without a stack trace.
 */
class TaperHomeInUseFailureAnalyzer extends AbstractFailureAnalyzer<TaperHomeInUseException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, TaperHomeInUseException cause) {
    return new FailureAnalysis(
        cause.getMessage(),
        "Stop the other process, or give this one another TAPER_HOME. To run several processes"
            + " on one database, run PostgreSQL yourself and set SPRING_DATASOURCE_URL.",
        cause);
  }
}
