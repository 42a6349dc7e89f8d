package dev.taper.training.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A directory that DJL Serving, or DJL's {@code Criteria} with only the OnnxRuntime engine on the
 * class path, loads as it is: {@value #MODEL_FILE}, {@value #PROPERTIES_FILE} and {@value
 * #SYNSET_FILE} (class i's name on line i + 1).
 *
 * <p>No custom translator: DJL Serving falls back to its no-op serving translator, which takes a
 * request body of {@code tensor/ndlist} or {@code tensor/npz} and answers the logits the same way.
 * With {@code batchifier=stack} a request holds one example in the dataset's own shape and dtype
 * (e.g. uint8 [1, 28, 28]), and DJL Serving stacks up to {@code batch_size} requests that arrive
 * within {@code max_batch_delay} milliseconds into one batch. Embedded DJL loads the same directory
 * as an NDList-to-NDList model and is fed whole batches.
 */
public final class ServingPackage {

  public static final String MODEL_NAME = "model";
  public static final String MODEL_FILE = MODEL_NAME + ".onnx";
  public static final String PROPERTIES_FILE = "serving.properties";
  public static final String SYNSET_FILE = "synset.txt";

  /**
   * Requests DJL Serving may stack into one batch, and how long it waits for them: small models run
   * a batch of 32 in about the time of a few single examples.
   */
  public static final int BATCH_SIZE = 32;

  public static final int MAX_BATCH_DELAY_MILLIS = 20;

  private ServingPackage() {}

  public static void write(
      Path directory, byte[] model, List<String> classNames, InputContract input) {
    for (String name : classNames) {
      if (name.isBlank() || name.contains("\n") || name.contains("\r")) {
        throw new IllegalArgumentException("class names must be one non-blank line: " + name);
      }
    }
    try {
      Files.createDirectories(directory);
      Files.write(directory.resolve(MODEL_FILE), model);
      Files.writeString(
          directory.resolve(SYNSET_FILE),
          String.join("\n", classNames) + "\n",
          StandardCharsets.UTF_8);
      Files.writeString(
          directory.resolve(PROPERTIES_FILE),
          properties(classNames, input),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the serving package to " + directory, e);
    }
  }

  static String properties(List<String> classNames, InputContract input) {
    return """
        # A Taper classifier in ONNX; DJL Serving and DJL's Criteria load this directory as it is.
        # Request: one example, %s %s, values %s, as tensor/ndlist or tensor/npz.
        # Requests are stacked into the model's input "%s" (%s);
        # the standardisation is inside the model.
        # Response: "%s", %d float32 logits; class i is line i + 1 of %s.
        engine=OnnxRuntime
        option.modelName=%s
        batchifier=stack
        batch_size=%d
        max_batch_delay=%d
        """
        .formatted(
            input.elementType().label(),
            ModelMetadata.shape(input.exampleShape()),
            input.elementType().range(),
            OnnxExporter.INPUT,
            input.layout(),
            OnnxExporter.OUTPUT,
            classNames.size(),
            SYNSET_FILE,
            MODEL_NAME,
            BATCH_SIZE,
            MAX_BATCH_DELAY_MILLIS);
  }
}
