package dev.taper.bench;

import dev.taper.dataset.FashionMnist;
import dev.taper.dataset.RawDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;

/**
 * The inference receipt: runs the networks the studies kept (see {@link StudyModels}) through ONNX
 * Runtime at every precision and writes {@code <out>.json} and {@code <out>.md} (see {@link
 * InferenceRun}). Exits non-zero when there is nothing to measure or a receipt is not met.
 */
public final class InferenceCommand {

  private InferenceCommand() {}

  public static void main(String[] args) {
    InferenceOptions options =
        CommandLine.parseOrExit(args, InferenceOptions::parse, InferenceOptions.USAGE);
    try {
      InferenceResult result = run(options, fashionMnist());
      System.exit(result.receipts().stream().allMatch(InferenceResult.Receipt::met) ? 0 : 1);
    } catch (StudyException e) {
      System.err.println("inference benchmark failed: " + e.getMessage());
      System.exit(1);
    }
  }

  static InferenceResult run(InferenceOptions options, RawDataset raw) {
    List<KeptStudy> studies = studies(options);
    ConsoleProgress console = new ConsoleProgress(System.err);
    Machine machine = Machine.describe();
    console.println("inference benchmark on " + machine.summary());
    InferenceResult result =
        new InferenceRun(options, raw, console)
            .run(studies, OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString(), machine);
    write(result, options.out());
    console.println("");
    console.println(InferenceMarkdown.receipts(result));
    console.println("wrote " + options.out() + ".json and .md");
    return result;
  }

  private static List<KeptStudy> studies(InferenceOptions options) {
    Path root = options.models();
    List<Path> folders;
    if (!options.studies().isEmpty()) {
      folders = options.studies().stream().map(root::resolve).toList();
    } else {
      try (Stream<Path> children = Files.list(root)) {
        folders = children.filter(KeptStudy::isKept).sorted().toList();
      } catch (IOException e) {
        throw new StudyException("cannot list " + root + ": " + e.getMessage());
      }
    }
    for (Path folder : folders) {
      if (!KeptStudy.isKept(folder)) {
        throw new StudyException(
            folder + " holds no kept study: run benchmarks/run-study.sh on its spec first");
      }
    }
    if (folders.isEmpty()) {
      throw new StudyException(
          "no study has kept its networks under "
              + root
              + ": run benchmarks/run-study.sh (it keeps the first seed's) first");
    }
    return folders.stream().map(KeptStudy::read).toList();
  }

  private static RawDataset fashionMnist() {
    Path dataDir =
        FashionMnist.locate()
            .orElseThrow(
                () ->
                    new StudyException(
                        "Fashion-MNIST not found: install the Debian package"
                            + " dataset-fashion-mnist, or point $"
                            + FashionMnist.DATA_DIR_ENV
                            + " at a folder holding the four IDX files"));
    return FashionMnist.load(dataDir);
  }

  private static void write(InferenceResult result, Path out) {
    try {
      Path parent = out.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      String name = out.getFileName().toString();
      Files.writeString(parent.resolve(name + ".json"), ResultJson.write(result));
      Files.writeString(parent.resolve(name + ".md"), InferenceMarkdown.render(result));
    } catch (IOException e) {
      throw new StudyException("cannot write " + out + ".json/.md: " + e.getMessage());
    }
  }
}
