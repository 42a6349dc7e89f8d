package dev.taper.training.family.resnet;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.taper.training.family.ModelSpec;
import java.util.List;

/**
 * A bottleneck ResNet in a spec: a stem of {@code stemChannels} at {@code stemStride} (1 or 2),
 * then {@code stages} of bottleneck blocks.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResNetModelSpec(Integer stemChannels, Integer stemStride, List<StageSpec> stages)
    implements ModelSpec {

  @Override
  public String family() {
    return ResNetFamily.NAME;
  }

  /**
   * One stage. A stage must name its channels; its blocks and bottleneck follow from them when left
   * out.
   *
   * @param channels the interface channels every block of the stage outputs (kept when widening)
   * @param innerChannels the bottleneck's inner channels (multiplied by the widen factor)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record StageSpec(Integer blocks, Integer channels, Integer innerChannels) {}
}
