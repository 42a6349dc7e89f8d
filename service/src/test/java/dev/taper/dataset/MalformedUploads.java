package dev.taper.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Dataset uploads that are wrong in one way each, and what the service must answer: a 4xx status
 * and the form field or file part the problem+json names ({@code field} or {@code part}, at the top
 * or in {@code errors}). For any test that drives {@code POST /api/v1/datasets}; it assumes an
 * upload limit of 1 MB ({@code taper.datasets.max-upload-size=1MB}).
 */
public final class MalformedUploads {

  /**
   * One malformed upload.
   *
   * @param description what is wrong, shown as the test's name
   * @param property {@code field} or {@code part}
   * @param named the field or part the answer must name
   */
  public record Case(
      String description,
      String contentType,
      byte[] body,
      int status,
      String property,
      String named) {

    @Override
    public String toString() {
      return description;
    }
  }

  private MalformedUploads() {}

  public static List<Case> corpus() {
    List<Case> cases = new ArrayList<>();
    byte[] images = subset("train-images-idx3-ubyte.gz");
    byte[] labels = subset("train-labels-idx1-ubyte.gz");
    byte[] smallImages = IdxFiles.ubyteImages(4, 2, 2, new byte[16]);
    byte[] smallLabels = IdxFiles.ubyteLabels(0, 1, 2, 1);

    // the request as a whole
    cases.add(
        new Case(
            "not multipart",
            "application/json",
            bytes("{\"name\": \"x\"}"),
            415,
            "field",
            "Content-Type"));
    cases.add(
        new Case(
            "multipart without a boundary",
            "multipart/form-data",
            bytes("name=x"),
            400,
            "field",
            "Content-Type"));
    MultipartBody garbage = new MultipartBody();
    cases.add(
        new Case("a garbage body", garbage.contentType(), random(4096, 1), 400, "part", "body"));
    MultipartBody cut = idx("cut-short", images, labels);
    cases.add(
        new Case(
            "a body cut off inside a file part",
            cut.contentType(),
            cut.truncated(5000),
            400,
            "part",
            "body"));
    MultipartBody big =
        new MultipartBody().field("name", "too-big").file("trainImages", "x", random(1_200_000, 2));
    cases.add(
        new Case(
            "an upload over the size limit", big.contentType(), big.bytes(), 413, "part", "body"));

    // form fields
    cases.add(
        multipart(
            "no name",
            new MultipartBody()
                .file("trainImages", "i", smallImages)
                .file("trainLabels", "l", smallLabels),
            400,
            "field",
            "name"));
    cases.add(
        multipart(
            "a name with spaces", idx("Bad Name", smallImages, smallLabels), 400, "field", "name"));
    cases.add(
        multipart(
            "the name of a built-in dataset not registered yet",
            idx("fashion-mnist", smallImages, smallLabels),
            409,
            "field",
            "name"));
    cases.add(
        multipart(
            "a taken name",
            idx("fashion-mnist-mini", smallImages, smallLabels),
            409,
            "field",
            "name"));
    cases.add(
        multipart(
            "an unknown format",
            new MultipartBody()
                .field("name", "fmt")
                .field("format", "parquet")
                .file("train", "t", smallLabels),
            400,
            "field",
            "format"));
    cases.add(
        multipart(
            "classes not a number",
            idx("classes-text", smallImages, smallLabels).field("classes", "ten"),
            400,
            "field",
            "classes"));
    cases.add(
        multipart(
            "one class",
            idx("classes-one", smallImages, smallLabels).field("classes", "1"),
            400,
            "field",
            "classes"));

    // file parts
    cases.add(
        multipart(
            "no labels part",
            new MultipartBody().field("name", "no-labels").file("trainImages", "i", smallImages),
            400,
            "part",
            "trainLabels"));
    cases.add(
        multipart(
            "labels sent as a text field",
            new MultipartBody()
                .field("name", "text-labels")
                .file("trainImages", "i", smallImages)
                .field("trainLabels", "0,1,2,1"),
            400,
            "part",
            "trainLabels"));
    cases.add(
        multipart(
            "an unknown part",
            idx("extra-part", smallImages, smallLabels).file("validation", "v", smallLabels),
            400,
            "part",
            "validation"));
    cases.add(
        multipart(
            "test images without test labels",
            idx("half-test", smallImages, smallLabels).file("testImages", "t", smallImages),
            400,
            "part",
            "testLabels"));

    // IDX content
    cases.add(idxImages("an empty images file", new byte[0]));
    cases.add(
        idxImages("a PNG as images", new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}));
    cases.add(idxImages("text named .gz", bytes("these are not the images you are looking for")));
    cases.add(
        idxImages(
            "a corrupt gzip stream", concat(new byte[] {0x1f, (byte) 0x8b, 8, 0}, random(64, 3))));
    cases.add(
        idxImages(
            "a count larger than the bytes present",
            IdxFiles.ubyteImages(2000, 2, 2, new byte[16])));
    cases.add(
        idxImages(
            "dimensions whose product overflows",
            IdxFiles.idx(IdxReader.UNSIGNED_BYTE, new int[] {65536, 65536, 65536}, new byte[16])));
    cases.add(
        idxImages(
            "a NaN pixel",
            IdxFiles.idx(IdxReader.FLOAT, new int[] {4, 1, 1}, floats(0f, Float.NaN, 1f, 0.5f))));
    cases.add(idxImages("labels where images belong", smallLabels));
    cases.add(idxLabels("fewer labels than images", IdxFiles.ubyteLabels(0, 1, 2)));
    cases.add(
        idxLabels(
            "a negative label",
            IdxFiles.idx(IdxReader.SIGNED_BYTE, new int[] {4}, new byte[] {0, 1, -1, 1})));
    cases.add(
        idxLabels(
            "float labels", IdxFiles.idx(IdxReader.FLOAT, new int[] {4}, floats(0f, 1f, 2f, 1f))));
    cases.add(
        multipart(
            "a label past the class count",
            idx("label-range", smallImages, IdxFiles.ubyteLabels(0, 1, 9, 1)).field("classes", "3"),
            400,
            "part",
            "trainLabels"));
    cases.add(
        multipart(
            "every label the same",
            idx("one-label", smallImages, IdxFiles.ubyteLabels(0, 0, 0, 0)),
            400,
            "part",
            "trainLabels"));
    cases.add(
        multipart(
            "test images of another size",
            idx("test-size", smallImages, smallLabels)
                .file("testImages", "ti", IdxFiles.ubyteImages(4, 3, 3, new byte[36]))
                .file("testLabels", "tl", smallLabels),
            400,
            "part",
            "testImages"));
    cases.add(
        multipart(
            "an empty test split",
            idx("test-empty", smallImages, smallLabels)
                .file("testImages", "ti", IdxFiles.ubyteImages(0, 2, 2, new byte[0]))
                .file("testLabels", "tl", IdxFiles.ubyteLabels()),
            400,
            "part",
            "testImages"));

    // CSV content
    cases.add(csv("an empty file", ""));
    cases.add(csv("only a header", "label,a,b\n"));
    cases.add(csv("a typo on the first line", "0,0.5,oops\n1,3,4\n0,5,6\n"));
    cases.add(csv("ragged rows", "0,1,2\n1,3\n"));
    cases.add(csv("a NaN feature", "0,1,2\n1,NaN,4\n"));
    cases.add(csv("an infinite feature", "0,1,2\n1,Infinity,4\n"));
    cases.add(csv("a Java double suffix", "0,1,2\n1,1d,4\n"));
    cases.add(csv("a hexadecimal feature", "0,1,2\n1,0x10,4\n"));
    cases.add(csv("an unclosed quote", "0,1,2\n1,\"3,4\n"));
    cases.add(csv("a label above the class limit", "0,1\n1000000,2\n"));
    cases.add(
        csv(
            "rows ordered by label, the last class held out for testing alone",
            "0,1\n0,2\n0,3\n0,4\n1,5\n1,6\n1,7\n1,8\n1,9\n2,10\n"));
    cases.add(
        multipart(
            "a misspelt text field",
            csvBody("misspelt", "0,1\n1,2\n").field("clases", "10"),
            400,
            "field",
            "clases"));
    cases.add(
        multipart(
            "a file sent twice",
            csvBody("twice", "0,1\n1,2\n").file("train", "other.csv", bytes("1,5\n0,6\n")),
            400,
            "part",
            "train"));
    cases.add(csv("a negative label", "0,1,2\n-1,3,4\n"));
    cases.add(csv("a fractional label", "0,1,2\n1.5,3,4\n"));
    cases.add(csv("a label that is a word", "0,1,2\ncat,3,4\n"));
    cases.add(csv("one example, nothing to hold out", "1,1,2\n"));
    cases.add(
        multipart(
            "a label past the class count in CSV",
            csvBody("csv-range", "0,1,2\n5,3,4\n").field("classes", "3"),
            400,
            "part",
            "train"));
    cases.add(
        multipart(
            "test rows of another width",
            csvBody("csv-test-width", "0,1,2\n1,3,4\n").file("test", "t.csv", bytes("0,1\n1,2\n")),
            400,
            "part",
            "test"));
    cases.add(
        multipart(
            "a test label above every training label",
            csvBody("csv-test-label", "0,1,2\n1,3,4\n")
                .file("test", "t.csv", bytes("0,1,2\n2,3,4\n")),
            400,
            "part",
            "test"));
    return cases;
  }

  private static Case multipart(
      String description, MultipartBody body, int status, String property, String named) {
    return new Case(description, body.contentType(), body.bytes(), status, property, named);
  }

  private static MultipartBody idx(String name, byte[] images, byte[] labels) {
    return new MultipartBody()
        .field("name", name)
        .file("trainImages", "train-images.gz", images)
        .file("trainLabels", "train-labels.gz", labels);
  }

  private static Case idxImages(String description, byte[] images) {
    return multipart(
        description,
        idx(slug(description), images, IdxFiles.ubyteLabels(0, 1, 2, 1)),
        400,
        "part",
        "trainImages");
  }

  private static Case idxLabels(String description, byte[] labels) {
    return multipart(
        description,
        idx(slug(description), IdxFiles.ubyteImages(4, 2, 2, new byte[16]), labels),
        400,
        "part",
        "trainLabels");
  }

  private static MultipartBody csvBody(String name, String train) {
    return new MultipartBody()
        .field("name", name)
        .field("format", "csv")
        .file("train", "train.csv", bytes(train));
  }

  private static Case csv(String description, String train) {
    return multipart(description, csvBody(slug(description), train), 400, "part", "train");
  }

  private static String slug(String description) {
    return description.replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
  }

  private static byte[] subset(String file) {
    try {
      return Files.readAllBytes(TestDatasets.subsetDirectory().resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static byte[] floats(float... values) {
    ByteBuffer buffer = ByteBuffer.allocate(4 * values.length);
    for (float v : values) {
      buffer.putFloat(v);
    }
    return buffer.array();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
