package dev.taper.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The order of a model search: a key and a direction, written {@code accuracy,desc}. Models without
 * a value for the key (no test accuracy) come last either way; ties go by id.
 */
public record ModelSort(Key key, boolean descending) {

  public static final ModelSort NEWEST_FIRST = new ModelSort(Key.CREATED_AT, true);

  /** What a search can be ordered by, with the SQL expression of each. */
  public enum Key {
    ACCURACY("accuracy", "(m.metrics ->> 'testAccuracy')::float8"),
    PARAMETERS("parameters", "m.param_count"),
    FLOPS("flops", "m.flops"),
    SIZE("size", "m.size_bytes"),
    CREATED_AT("createdAt", "m.created_at");

    private final String wireName;
    private final String column;

    Key(String wireName, String column) {
      this.wireName = wireName;
      this.column = column;
    }

    public String wireName() {
      return wireName;
    }

    String column() {
      return column;
    }

    static Optional<Key> of(String wireName) {
      return Arrays.stream(values()).filter(k -> k.wireName.equals(wireName)).findFirst();
    }
  }

  /** Every key's wire name, as messages list them. */
  public static String keys() {
    return Arrays.stream(Key.values()).map(Key::wireName).toList().toString();
  }

  /**
   * Reads {@code key} or {@code key,asc} or {@code key,desc} (ascending by default).
   *
   * @return empty when the text names no key or direction
   */
  public static Optional<ModelSort> parse(String text) {
    String[] parts = text.split(",", -1);
    if (parts.length > 2) {
      return Optional.empty();
    }
    Optional<Key> key = Key.of(parts[0].strip());
    if (key.isEmpty()) {
      return Optional.empty();
    }
    if (parts.length == 1) {
      return Optional.of(new ModelSort(key.get(), false));
    }
    return switch (parts[1].strip().toLowerCase(Locale.ROOT)) {
      case "asc" -> Optional.of(new ModelSort(key.get(), false));
      case "desc" -> Optional.of(new ModelSort(key.get(), true));
      default -> Optional.empty();
    };
  }

  String orderBy() {
    return key.column() + (descending ? " desc" : " asc") + " nulls last, m.id";
  }
}
