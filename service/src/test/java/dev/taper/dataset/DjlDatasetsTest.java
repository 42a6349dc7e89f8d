package dev.taper.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.loss.Loss;
import java.util.Iterator;
import org.junit.jupiter.api.Test;

class DjlDatasetsTest {

  @Test
  void buildsFlatFeaturesAndSparseLabelsThatDjlLossAccepts() throws Exception {
    LabeledData data = TestDatasets.fashionMnistSubset().test().head(100);

    try (NDManager manager = NDManager.newBaseManager()) {
      ArrayDataset dataset = DjlDatasets.toArrayDataset(data, manager, 32, false);

      assertThat(dataset.size()).isEqualTo(100);
      Iterator<Batch> batches = dataset.getData(manager).iterator();
      int seen = 0;
      int batchCount = 0;
      while (batches.hasNext()) {
        try (Batch batch = batches.next()) {
          NDList x = batch.getData();
          NDList y = batch.getLabels();
          assertThat(x.head().getDataType()).isEqualTo(DataType.FLOAT32);
          assertThat(x.head().getShape().get(1)).isEqualTo(784);
          if (batchCount == 0) {
            assertThat(x.head().getShape()).isEqualTo(new Shape(32, 784));
            assertThat(y.head().getShape()).isEqualTo(new Shape(32));
            // unshuffled: the first batch is the first 32 examples, in order
            float[] labels = y.head().toFloatArray();
            for (int i = 0; i < 32; i++) {
              assertThat(labels[i]).isEqualTo(data.labels()[i]);
            }
            assertThat(x.head().get(3).toFloatArray())
                .containsExactly(java.util.Arrays.copyOfRange(data.features(), 3 * 784, 4 * 784));

            // logits that put all weight on the true class: loss ~0, accuracy 1
            NDList logits =
                new NDList(
                    y.head()
                        .toType(DataType.INT32, false)
                        .oneHot(10)
                        .toType(DataType.FLOAT32, false)
                        .mul(50));
            float loss = Loss.softmaxCrossEntropyLoss().evaluate(y, logits).getFloat();
            assertThat(loss).isCloseTo(0f, within(1e-4f));
            Accuracy accuracy = new Accuracy();
            accuracy.addAccumulator("test");
            accuracy.updateAccumulator("test", y, logits);
            assertThat(accuracy.getAccumulator("test")).isEqualTo(1f);
            // and uniform logits give ln(10)
            NDList uniform = new NDList(manager.zeros(new Shape(32, 10)));
            assertThat(Loss.softmaxCrossEntropyLoss().evaluate(y, uniform).getFloat())
                .isCloseTo((float) Math.log(10), within(1e-4f));
          }
          seen += x.head().getShape().get(0);
          batchCount++;
        }
      }
      assertThat(seen).isEqualTo(100);
      assertThat(batchCount).isEqualTo(4);
    }
  }
}
