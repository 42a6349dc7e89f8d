package dev.taper.training.imitation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import dev.taper.training.family.ModelFamilies;
import dev.taper.training.family.Network;
import dev.taper.training.family.TeacherStart;

/**
 * A start for a thin layer about to imitate, taken from the teacher ({@code imitate.layerInit
 * teacher_units}), in families whose layers are an affine map and a ReLU: of the teacher layer's
 * units, the thin layer's width of them that carry most of its variation are picked ({@link
 * UnitSelection}), and the thin layer's affine map becomes the least-squares fit of their
 * pre-activations from what the thin layer receives. Each thin unit then starts as an estimate of
 * one teacher unit, at the teacher's scale.
 *
 * <p>Why: {@link LayerStandardisation} scales random units to unit variance. In a depth-64, width-8
 * MLP the deep layers' random pre-activations varied by 0.01 to 0.2 on what they received, so it
 * multiplied their weights by 5 to 100; joint imitation diverged in every run and progressive
 * imitation left the network near chance. Units fitted to a trained teacher's need no such gain:
 * from them, progressive imitation and fine-tuning brought that network to its teacher's accuracy.
 */
final class TeacherUnitFit {

  private TeacherUnitFit() {}

  /**
   * Fits layer {@code layer} of {@code thin}; does nothing for families whose layers are not an
   * affine map and a ReLU.
   *
   * @param input the examples as the thin layer receives them
   * @param teacherInput the same examples as the teacher's layer receives them
   */
  static void fit(
      Network thin,
      Network teacher,
      ParameterStore teacherStore,
      int layer,
      NDArray input,
      NDArray teacherInput,
      NDManager scope) {
    if (ModelFamilies.get(thin.architecture().family()).teacherStart()
        != TeacherStart.LAYER_UNITS) {
      return;
    }
    Linear own = thin.firstAffine(layer);
    int width = Math.toIntExact(own.getParameters().get("weight").getArray().getShape().get(0));
    NDArray z =
        teacher
            .firstAffine(layer)
            .forward(teacherStore, new NDList(teacherInput), false)
            .singletonOrThrow()
            .toType(DataType.FLOAT64, false);
    z.attach(scope);
    int[] units = UnitSelection.pick(z.maximum(0), width);
    NDList columns = new NDList(units.length);
    for (int unit : units) {
      columns.add(z.get(":, " + unit));
    }
    NDArray targets = NDArrays.stack(columns, 1);
    AffineFit.fit(own, input, targets, scope);
  }
}
