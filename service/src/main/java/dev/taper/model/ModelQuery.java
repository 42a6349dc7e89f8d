package dev.taper.model;

import java.util.List;

/**
 * What to look for among the models, every criterion optional (null or empty: any).
 *
 * @param dataset the name of the dataset the model's experiment trained on
 * @param minAccuracy the least test accuracy, a fraction
 * @param tags tags the model's experiment must all carry
 */
public record ModelQuery(
    ModelRole role,
    String dataset,
    String family,
    Double minAccuracy,
    List<String> tags,
    ModelSort sort,
    int page,
    int size) {

  public ModelQuery {
    // a tag asked for twice is asked for once: the search counts the distinct tags a model matches
    tags = tags == null ? List.of() : tags.stream().distinct().toList();
  }
}
