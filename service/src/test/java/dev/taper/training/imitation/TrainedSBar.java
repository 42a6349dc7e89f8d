package dev.taper.training.imitation;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.taper.training.EngineFixtures;
import dev.taper.training.ImitationConfig;
import dev.taper.training.StageContext;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;
import dev.taper.training.loop.DeviceSplits;

/**
 * {@link EngineFixtures#THIN} as S-bar after imitating the shared WIDE teacher on the committed
 * subset, with the splits it trained on and a scope for test arrays, all closed together.
 */
record TrainedSBar(
    SBar sBar, Network network, ImitationPairs pairs, DeviceSplits splits, NDManager scope)
    implements AutoCloseable {

  static TrainedSBar train(ImitationConfig config) {
    Network teacher = EngineFixtures.teacher().network();
    StageContext context = EngineFixtures.context();
    Device cpu = Device.cpu();
    Network network = ModelFamilies.build(EngineFixtures.THIN, EngineFixtures.SEED, cpu);
    ImitationPairs pairs =
        ImitationPairs.create(
            EngineFixtures.THIN, teacher.architecture(), EngineFixtures.SEED, cpu);
    DeviceSplits splits =
        DeviceSplits.upload(context.data(), EngineFixtures.THIN.inputShape(), cpu);
    SBar sBar = new SBar(network, pairs, teacher, config);
    new ImitationStage(EngineFixtures.THIN, config, teacher).train(sBar, splits.train(), context);
    return new TrainedSBar(sBar, network, pairs, splits, NDManager.newBaseManager(cpu));
  }

  @Override
  public void close() {
    scope.close();
    splits.close();
    pairs.close();
    network.close();
  }
}
