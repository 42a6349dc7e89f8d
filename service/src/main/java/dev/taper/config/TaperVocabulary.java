package dev.taper.config;

import dev.taper.model.ModelRole;
import dev.taper.observability.MeterVocabulary;
import dev.taper.queue.JobOutcome;
import dev.taper.queue.JobStatus;
import dev.taper.training.StageKind;
import java.util.Arrays;

/** The closed vocabularies other packages see only as strings, read from their enums. */
public final class TaperVocabulary {

  private TaperVocabulary() {}

  /** The tag values meters are registered with up front. */
  public static MeterVocabulary meters() {
    return new MeterVocabulary(
        Arrays.stream(StageKind.values()).map(Enum::name).toList(),
        Arrays.stream(JobStatus.values()).map(Enum::name).toList(),
        JobOutcome.SUCCEEDED.tag(),
        Arrays.stream(ModelRole.values()).map(Enum::name).toList());
  }
}
