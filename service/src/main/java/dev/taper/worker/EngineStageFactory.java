package dev.taper.worker;

import dev.taper.dataset.DatasetSplits;
import dev.taper.model.ModelRole;
import dev.taper.spec.ExperimentSpec;
import dev.taper.spec.StageConfigs;
import dev.taper.training.Stage;
import dev.taper.training.StageKind;
import dev.taper.training.Stages;
import dev.taper.training.family.Architecture;
import dev.taper.training.family.Network;

/** The stages of the training engine, configured from the experiment's resolved spec. */
public class EngineStageFactory implements StageFactory {

  @Override
  public Stage create(
      StageKind kind, ExperimentSpec spec, DatasetSplits data, ParentModels parents) {
    StageConfigs configs = StageConfigs.from(spec, data.train().size());
    Architecture thin = configs.thin(data.train().exampleShape(), data.classes());
    return switch (kind) {
      case WIDE -> Stages.wide(thin, spec.widenFactor(), configs.wide());
      case IMITATE -> Stages.imitate(thin, configs.imitation(), parents.load(ModelRole.WIDE));
      case FINETUNE -> {
        Network teacher =
            configs.finetuneDistillation().enabled() ? parents.load(ModelRole.WIDE) : null;
        yield Stages.finetune(
            parents.handOver(ModelRole.WARMED),
            configs.finetune(),
            configs.finetuneDistillation(),
            teacher);
      }
      case SCRATCH -> Stages.scratch(thin, configs.baseline(thin));
      case KD ->
          Stages.knowledgeDistillation(
              thin, configs.baseline(thin), configs.kd(), parents.load(ModelRole.WIDE));
      case DEEPER -> Stages.deeper(thin, configs.baseline(thin));
      case EXPORT -> throw new IllegalArgumentException("EXPORT trains nothing: ExportJob runs it");
    };
  }
}
