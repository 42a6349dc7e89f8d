package dev.taper.training;

/** One job of the method: takes data and parent models, returns a trained model. */
public interface Stage {

  StageKind kind();

  /**
   * Runs to completion, resuming from the context's checkpoint store when it holds one.
   *
   * @throws StageCancelledException when the context's cancellation token is set
   */
  StageOutcome run(StageContext context);
}
