package dev.taper.training.family;

/**
 * A model spec whose field does not suit the dataset's examples, e.g. a ResNet on examples that are
 * not images.
 */
public final class ModelMismatchException extends IllegalArgumentException {

  private final String field;
  private final String reason;
  private final String hint;
  private final boolean aboutTheExamples;

  private ModelMismatchException(
      String field, String reason, String hint, boolean aboutTheExamples) {
    super(hint.isEmpty() ? reason : reason + " " + hint);
    this.field = field;
    this.reason = reason;
    this.hint = hint;
    this.aboutTheExamples = aboutTheExamples;
  }

  /**
   * The examples are of the wrong kind for a field, e.g. not images; a report names their shape.
   *
   * @param field the model field at fault, relative to the model object
   * @param need what the field needs, e.g. "resnet needs image examples"
   * @param hint how to fix it, or empty
   */
  public static ModelMismatchException wrongExamples(String field, String need, String hint) {
    return new ModelMismatchException(field, need, hint, true);
  }

  /** A field's value does not suit the examples, as {@code message} says in full. */
  public static ModelMismatchException badValue(String field, String message) {
    return new ModelMismatchException(field, message, "", false);
  }

  public String field() {
    return field;
  }

  /** What the field needs, without the hint. */
  public String reason() {
    return reason;
  }

  public String hint() {
    return hint;
  }

  /** Whether a report should describe the dataset's examples after the reason. */
  public boolean aboutTheExamples() {
    return aboutTheExamples;
  }
}
