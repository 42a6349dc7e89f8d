package dev.taper.observability;

import java.util.List;

/**
 * The tag values meters are registered with before their first event, so that dashboards show zeros
 * rather than gaps: taken from the enums that define them, never copied.
 *
 * @param stageKinds every stage kind ({@code kind} tag)
 * @param jobStatuses every job status ({@code status} tag)
 * @param successOutcome the {@code outcome} tag of a stage that succeeded
 * @param modelRoles every model role ({@code role} tag)
 */
public record MeterVocabulary(
    List<String> stageKinds,
    List<String> jobStatuses,
    String successOutcome,
    List<String> modelRoles) {

  public MeterVocabulary {
    stageKinds = List.copyOf(stageKinds);
    jobStatuses = List.copyOf(jobStatuses);
    modelRoles = List.copyOf(modelRoles);
  }
}
