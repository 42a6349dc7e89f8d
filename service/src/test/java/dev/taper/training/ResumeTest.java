package dev.taper.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.taper.training.ImitationConfig.FeatureConditioning;
import dev.taper.training.ImitationConfig.ImitationLoss;
import dev.taper.training.ImitationConfig.ImitationSchedule;
import dev.taper.training.ImitationConfig.TokenTransfer;
import dev.taper.training.family.Architecture;
import dev.taper.training.family.FamilyFixtures;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every stage kind of every family, interrupted and resumed from its checkpoint, ends bit for bit
 * where an uninterrupted run does: parameters, BatchNorm statistics and, for imitation, both
 * schedules and the token losses.
 */
class ResumeTest {

  private static final TrainConfig SHORT = new TrainConfig(0.6, 64, OptimizerConfig.ADAM_DEFAULT);
  private static final List<Network> TEACHERS = new ArrayList<>();

  record Case(String name, Architecture thin, Function<Network, Stage> stage) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> cases() {
    List<Architecture> families =
        List.of(EngineFixtures.THIN, FamilyFixtures.RESNET, FamilyFixtures.TRANSFORMER);
    List<Arguments> cases = new ArrayList<>();
    for (Architecture thin : families) {
      String family = thin.family();
      cases.add(of(family + " WIDE", thin, teacher -> Stages.wide(thin, 2, SHORT)));
      cases.add(of(family + " SCRATCH", thin, teacher -> Stages.scratch(thin, SHORT)));
      cases.add(of(family + " DEEPER", thin, teacher -> Stages.deeper(thin, SHORT)));
      cases.add(
          of(
              family + " KD",
              thin,
              teacher ->
                  Stages.knowledgeDistillation(
                      thin, SHORT, new DistillationConfig(0.5, 4), teacher)));
      cases.add(
          of(
              family + " FINETUNE",
              thin,
              teacher ->
                  Stages.finetune(
                      ModelFamilies.build(thin, 5, Device.cpu()),
                      SHORT,
                      new DistillationConfig(0.3, 4),
                      teacher)));
      for (ImitationSchedule schedule : ImitationSchedule.values()) {
        cases.add(
            of(
                family + " IMITATE " + schedule,
                thin,
                teacher ->
                    Stages.imitate(
                        thin,
                        EngineFixtures.imitation(4, schedule, ImitationLoss.NORMALIZED_MSE, 0.1),
                        teacher)));
      }
    }
    cases.add(
        of(
            "transformer IMITATE with token losses",
            FamilyFixtures.TRANSFORMER,
            teacher -> Stages.imitate(FamilyFixtures.TRANSFORMER, tokenTransfer(), teacher)));
    // interrupted after the head-only phase, and inside it
    for (double headEpochs : new double[] {0.1, 0.5}) {
      cases.add(
          of(
              "mlp FINETUNE with " + headEpochs + " head epochs",
              EngineFixtures.THIN,
              teacher ->
                  Stages.finetune(
                      ModelFamilies.build(EngineFixtures.THIN, 5, Device.cpu()),
                      SHORT.withHeadEpochs(headEpochs),
                      DistillationConfig.NONE,
                      null)));
    }
    cases.add(
        of(
            "mlp WIDE with early stopping",
            EngineFixtures.THIN,
            teacher ->
                Stages.wide(
                    EngineFixtures.THIN,
                    2,
                    new TrainConfig(
                        4, 64, OptimizerConfig.ADAM_DEFAULT, new EarlyStopping(1, 0.5)))));
    return cases.stream();
  }

  private static ImitationConfig tokenTransfer() {
    return EngineFixtures.imitation(
        EngineFixtures.imitation(
            4, ImitationSchedule.JOINT, ImitationLoss.TOKEN_NORMALIZED_MSE, 0.0),
        true,
        new TokenTransfer(1.0, 0.1, 4.0),
        FeatureConditioning.NONE);
  }

  private static Arguments of(String name, Architecture thin, Function<Network, Stage> stage) {
    return Arguments.of(new Case(name, thin, stage));
  }

  /** An untrained wide network is as good a teacher as any for checking resumption. */
  private static synchronized Network teacher(Architecture thin) {
    Network teacher = ModelFamilies.build(thin.widen(2), 3, Device.cpu());
    TEACHERS.add(teacher);
    return teacher;
  }

  @AfterAll
  static void closeTeachers() {
    TEACHERS.forEach(Network::close);
    TEACHERS.clear();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aResumedStageEndsBitForBitWhereAnUninterruptedOneDoes(Case c) {
    Network teacher = teacher(c.thin());
    int saved = SupervisedStagesTest.assertResumeMatches(() -> c.stage().apply(teacher), 7);
    assertThat(saved).as("checkpoints before the interruption").isPositive();
  }
}
