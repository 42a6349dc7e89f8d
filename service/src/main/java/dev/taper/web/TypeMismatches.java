package dev.taper.web;

import java.util.Arrays;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.beans.TypeMismatchException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** What a parameter that does not convert to its type must be, in words, for any endpoint. */
public final class TypeMismatches {

  private static final Pattern INTEGER = Pattern.compile("-?\\d+");

  private TypeMismatches() {}

  /** The parameter at fault and what it must be, with the value given. */
  public static ProblemItem problem(TypeMismatchException e) {
    String name =
        e instanceof MethodArgumentTypeMismatchException m ? m.getName() : e.getPropertyName();
    Class<?> type = e.getRequiredType();
    String expected = type == null ? "of another kind" : kind(type, e.getValue());
    return ProblemItem.parameter(name, "must be " + expected + ", was '" + e.getValue() + "'");
  }

  private static String kind(Class<?> type, Object given) {
    if (type == UUID.class) {
      return "a UUID";
    }
    boolean integerGiven = given != null && INTEGER.matcher(given.toString()).matches();
    boolean negative = integerGiven && given.toString().startsWith("-");
    if (type == int.class || type == Integer.class) {
      return integerGiven ? beyond(negative, Integer.MIN_VALUE, Integer.MAX_VALUE) : "an integer";
    }
    if (type == long.class || type == Long.class) {
      return integerGiven ? beyond(negative, Long.MIN_VALUE, Long.MAX_VALUE) : "an integer";
    }
    if (type == double.class
        || type == Double.class
        || type == float.class
        || type == Float.class) {
      return "a number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type.isEnum()) {
      return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString).toList();
    }
    return "a " + type.getSimpleName();
  }

  /** An integer literal that does not fit: the bound it is beyond (the field may ask for less). */
  private static String beyond(boolean negative, long min, long max) {
    return negative ? "an integer of at least " + min : "an integer of at most " + max;
  }
}
