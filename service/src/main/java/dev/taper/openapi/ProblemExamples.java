package dev.taper.openapi;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The example problems of one operation's error response, as that operation answers them: its own
 * ({@link OperationProblems}), then those every request may meet, described from the operation
 * itself: an id of the wrong kind in its path, an oversized or mistyped JSON body, an Accept it
 * cannot answer, and a 500 naming its path. Never one operation's problem shown for another.
 */
final class ProblemExamples {

  /** A path parameter's value of the wrong kind in the examples. */
  private static final String WRONG_KIND = "latest";

  private static final String JSON = "application/json";

  private static final Pattern PATH_PARAMETER = Pattern.compile("/([^/{}]+)/\\{([^}]+)}");

  private ProblemExamples() {}

  /** The examples, by name: the problem's kind, and where two are of one kind, its place. */
  static Map<String, Example> of(String path, Operation operation, int status) {
    List<ProblemDetail> problems = problems(path, operation, status);
    Map<String, Integer> kinds = new LinkedHashMap<>();
    problems.forEach(problem -> kinds.merge(kind(problem), 1, Integer::sum));
    Map<String, Example> examples = new LinkedHashMap<>();
    for (ProblemDetail problem : problems) {
      String kind = kind(problem);
      String name = kinds.get(kind) == 1 ? kind : kind + "-" + place(problem);
      examples.putIfAbsent(name, new Example().value(value(problem, samplePath(path))));
    }
    return examples;
  }

  /** Whether the operation answers anything of this status. */
  static boolean any(String path, Operation operation, int status) {
    return !problems(path, operation, status).isEmpty();
  }

  private static List<ProblemDetail> problems(String path, Operation operation, int status) {
    List<ProblemDetail> problems =
        new ArrayList<>(OperationProblems.of(operation.getOperationId(), status));
    problems.addAll(common(path, operation, status));
    return problems;
  }

  private static List<ProblemDetail> common(String path, Operation operation, int status) {
    Set<String> bodyTypes = requestTypes(operation);
    boolean json = !bodyTypes.isEmpty() && bodyTypes.stream().allMatch(ProblemExamples::isJson);
    return switch (status) {
      case 400 -> {
        List<ProblemDetail> problems = wrongKinds(path, operation);
        if (json) {
          problems.add(
              problem(
                  HttpStatus.BAD_REQUEST,
                  "unreadable-body",
                  "Unreadable request body",
                  "part",
                  "body",
                  "is not valid JSON at line 1, column 10: Unexpected character (']' (code 93)):"
                      + " expected a valid value (JSON String, Number, Array, Object or token"
                      + " 'null', 'true' or 'false')"));
        }
        yield problems;
      }
      case 406 ->
          negotiated(operation)
              ? List.of(
                  problem(
                      HttpStatus.NOT_ACCEPTABLE,
                      "not-acceptable",
                      "Not acceptable",
                      "header",
                      "Accept",
                      "accepts nothing this endpoint answers with ("
                          + named(answeredTypes(operation))
                          + ")"))
              : List.of();
      case 413 ->
          json
              ? List.of(
                  problem(
                      HttpStatus.CONTENT_TOO_LARGE,
                      "body-too-large",
                      "Request body too large",
                      "part",
                      "body",
                      "is over the 1 MB a JSON body may be"))
              : List.of();
      case 415 ->
          json
              ? List.of(
                  problem(
                      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                      "unsupported-content-type",
                      "Unsupported content type",
                      "header",
                      "Content-Type",
                      "is 'text/plain'; this endpoint takes " + named(bodyTypes)))
              : List.of();
      case 500 ->
          List.of(
              problem(
                  HttpStatus.INTERNAL_SERVER_ERROR,
                  "internal-error",
                  "Internal error",
                  "path",
                  samplePath(path),
                  "failed unexpectedly; the service log has the details under reference"
                      + " 9b2c4d7e-1f3a-4c5b-8d6e-7f8091a2b3c4"));
      default -> List.of();
    };
  }

  /**
   * Whether Accept chooses the answer: not for a file streamed as it is (a binary 2xx), which is
   * written whatever Accept says.
   */
  private static boolean negotiated(Operation operation) {
    if (operation.getResponses() == null) {
      return false;
    }
    List<Schema<?>> answers =
        operation.getResponses().entrySet().stream()
            .filter(r -> r.getKey().startsWith("2") && r.getValue().getContent() != null)
            .flatMap(r -> r.getValue().getContent().values().stream())
            .<Schema<?>>map(MediaType::getSchema)
            .toList();
    return !answers.isEmpty()
        && answers.stream()
            .noneMatch(schema -> schema != null && "binary".equals(schema.getFormat()));
  }

  /**
   * The media types as Spring names them in a 406 or 415: JSON alone, without a {@code produces} or
   * {@code consumes} naming it, is every JSON type Jackson reads and writes.
   */
  private static String named(Set<String> types) {
    return types.equals(Set.of(JSON)) ? JSON + ", application/*+json" : String.join(", ", types);
  }

  /** A path parameter that is not a UUID or not an integer where one is asked for. */
  private static List<ProblemDetail> wrongKinds(String path, Operation operation) {
    List<ProblemDetail> problems = new ArrayList<>();
    for (Parameter parameter : parameters(operation)) {
      if (!"path".equals(parameter.getIn()) || parameter.getSchema() == null) {
        continue;
      }
      Schema<?> schema = parameter.getSchema();
      String kind =
          "uuid".equals(schema.getFormat())
              ? "a UUID"
              : "integer".equals(type(schema)) ? "an integer" : null;
      if (kind != null) {
        ProblemDetail problem =
            problem(
                HttpStatus.BAD_REQUEST,
                "invalid-parameter",
                "Invalid parameter",
                "parameter",
                parameter.getName(),
                "must be " + kind + ", was '" + WRONG_KIND + "'");
        String wrong = samplePath(path.replace("{" + parameter.getName() + "}", WRONG_KIND));
        problem.setInstance(URI.create(wrong));
        problems.add(problem);
      }
    }
    return problems;
  }

  /** The path with each id an example of what it names (an experiment's UUID, a job's number). */
  private static String samplePath(String path) {
    Matcher m = PATH_PARAMETER.matcher(path);
    StringBuilder sample = new StringBuilder();
    while (m.find()) {
      Object id = OperationProblems.SAMPLE_IDS.getOrDefault(m.group(1), m.group(2));
      m.appendReplacement(sample, Matcher.quoteReplacement("/" + m.group(1) + "/" + id));
    }
    m.appendTail(sample);
    return sample.toString();
  }

  private static ProblemDetail problem(
      HttpStatus status, String type, String title, String where, String place, String message) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(status, where + " " + place + ": " + message);
    problem.setType(URI.create("https://taper.dev/problems/" + type));
    problem.setTitle(title);
    Map<String, String> item = new LinkedHashMap<>();
    item.put(where, place);
    item.put("message", message);
    problem.setProperty("errors", List.of(item));
    return problem;
  }

  /**
   * The problem as its JSON reads: type, title, status, detail, the request's path (its own, else
   * {@code instance}), then its other members.
   */
  private static Map<String, Object> value(ProblemDetail problem, String instance) {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("type", problem.getType().toString());
    value.put("title", problem.getTitle());
    value.put("status", problem.getStatus());
    value.put("detail", problem.getDetail());
    value.put(
        "instance", problem.getInstance() == null ? instance : problem.getInstance().toString());
    if (problem.getProperties() != null) {
      problem.getProperties().forEach((name, member) -> value.put(name, plain(member)));
    }
    return value;
  }

  /** A member as JSON holds it: a record (an error item) as an object without its nulls. */
  private static Object plain(Object member) {
    if (member == null
        || member instanceof String
        || member instanceof Number
        || member instanceof Boolean) {
      return member;
    }
    if (member instanceof Collection<?> items) {
      return items.stream().map(ProblemExamples::plain).toList();
    }
    if (member instanceof Map<?, ?> map) {
      Map<String, Object> object = new LinkedHashMap<>();
      map.forEach((key, item) -> object.put(String.valueOf(key), plain(item)));
      return object;
    }
    if (member instanceof Record record) {
      Map<String, Object> object = new LinkedHashMap<>();
      for (RecordComponent component : record.getClass().getRecordComponents()) {
        try {
          Object item = component.getAccessor().invoke(record);
          if (item != null) {
            object.put(component.getName(), plain(item));
          }
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("cannot read " + component, e);
        }
      }
      return object;
    }
    return member.toString();
  }

  /** The kind of problem: the last segment of its type. */
  private static String kind(ProblemDetail problem) {
    String type = problem.getType().toString();
    return type.substring(type.lastIndexOf('/') + 1);
  }

  /** Where the problem's first error is: the field, parameter, header, part or path it names. */
  private static String place(ProblemDetail problem) {
    Object errors = problem.getProperties() == null ? null : problem.getProperties().get("errors");
    if (errors instanceof List<?> items
        && !items.isEmpty()
        && plain(items.get(0)) instanceof Map<?, ?> item) {
      return item.entrySet().stream()
          .filter(e -> !"message".equals(e.getKey()))
          .map(e -> String.valueOf(e.getValue()))
          .findFirst()
          .orElse("other");
    }
    return "other";
  }

  private static List<Parameter> parameters(Operation operation) {
    return operation.getParameters() == null ? List.of() : operation.getParameters();
  }

  private static Set<String> requestTypes(Operation operation) {
    if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
      return Set.of();
    }
    return new LinkedHashSet<>(operation.getRequestBody().getContent().keySet());
  }

  /** The media types of the operation's successful answers that have a body. */
  private static Set<String> answeredTypes(Operation operation) {
    if (operation.getResponses() == null) {
      return Set.of();
    }
    return operation.getResponses().entrySet().stream()
        .filter(r -> r.getKey().startsWith("2") && r.getValue().getContent() != null)
        .flatMap(r -> r.getValue().getContent().keySet().stream())
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  private static boolean isJson(String type) {
    return type.equals(JSON) || type.endsWith("+json");
  }

  private static String type(Schema<?> schema) {
    if (schema.getTypes() != null && !schema.getTypes().isEmpty()) {
      return schema.getTypes().iterator().next();
    }
    return schema.getType();
  }
}
