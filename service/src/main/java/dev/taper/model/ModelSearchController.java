package dev.taper.model;

import dev.taper.tags.Tags;
import dev.taper.training.family.ModelFamilies;
import dev.taper.web.ApiException;
import dev.taper.web.ApiRole;
import dev.taper.web.ApiTags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Finding models: by role, dataset, family, accuracy and their experiment's tags. */
@RestController
@ApiRole
@Tag(name = ApiTags.MODELS)
class ModelSearchController {

  static final int MAX_PAGE_SIZE = 200;

  private final ModelCatalog catalog;

  ModelSearchController(ModelCatalog catalog) {
    this.catalog = catalog;
  }

  /** A page of models. */
  record ModelPage(List<ModelView> items, int page, int size, long totalItems, int totalPages) {
    static ModelPage of(Page<ModelView> page) {
      return new ModelPage(
          page.getContent(),
          page.getNumber(),
          page.getSize(),
          page.getTotalElements(),
          page.getTotalPages());
    }
  }

  @Operation(
      operationId = "searchModels",
      summary = "Find models",
      description =
          "Models matching every criterion given, a page at a time, e.g. the most accurate THIN"
              + " models of a dataset: `?role=THIN&dataset=fashion-mnist&sort=accuracy,desc`.")
  @GetMapping("/api/v1/models")
  ModelPage search(
      @Parameter(description = "Only models of this role") @RequestParam(required = false)
          ModelRole role,
      @Parameter(
              description = "Only models whose experiment trained on this dataset",
              example = "fashion-mnist")
          @RequestParam(required = false)
          String dataset,
      @Parameter(description = "Only models of this family (a registered family's name)")
          @RequestParam(required = false)
          String family,
      @Parameter(
              description = "Only models with at least this test accuracy (a fraction)",
              schema =
                  @Schema(
                      type = "number",
                      format = "double",
                      minimum = "0",
                      maximum = "1",
                      example = "0.85"))
          @RequestParam(required = false)
          Double minAccuracy,
      @Parameter(
              description =
                  "Only models whose experiment carries this tag; repeat for several (all must"
                      + " match)")
          @RequestParam(name = "tag", required = false)
          List<String> tags,
      @Parameter(
              description =
                  "`key` or `key,asc` or `key,desc`; keys: accuracy, parameters, flops, size,"
                      + " createdAt (ascending unless desc; models without the value come last)",
              schema = @Schema(defaultValue = "createdAt,desc", example = "accuracy,desc"))
          @RequestParam(required = false)
          String sort,
      @Parameter(description = "Page number, from 0") @RequestParam(defaultValue = "0") int page,
      @Parameter(description = "Models per page, 1 to " + MAX_PAGE_SIZE)
          @RequestParam(defaultValue = "20")
          int size) {
    if (dataset != null && dataset.isBlank()) {
      throw ApiException.invalidParameter("dataset", "must not be blank");
    }
    if (family != null && ModelFamilies.find(family).isEmpty()) {
      throw ApiException.invalidParameter(
          "family", "must be one of " + ModelFamilies.names() + ", was '" + family + "'");
    }
    if (minAccuracy != null && !(minAccuracy >= 0 && minAccuracy <= 1)) {
      throw ApiException.invalidParameter(
          "minAccuracy", "must be a fraction between 0 and 1, was " + minAccuracy);
    }
    List<String> withTags = tags == null ? List.of() : tags;
    for (String tag : withTags) {
      Tags.problem(tag)
          .ifPresent(
              problem -> {
                throw ApiException.invalidParameter("tag", problem);
              });
    }
    ModelSort order =
        sort == null
            ? ModelSort.NEWEST_FIRST
            : ModelSort.parse(sort)
                .orElseThrow(
                    () ->
                        ApiException.invalidParameter(
                            "sort",
                            "must be a key, optionally followed by ,asc or ,desc; keys: "
                                + ModelSort.keys()
                                + "; was '"
                                + sort
                                + "'"));
    if (page < 0) {
      throw ApiException.invalidParameter("page", "must be >= 0, was " + page);
    }
    if (size < 1 || size > MAX_PAGE_SIZE) {
      throw ApiException.invalidParameter(
          "size", "must be between 1 and " + MAX_PAGE_SIZE + ", was " + size);
    }
    return ModelPage.of(
        catalog.search(
            new ModelQuery(role, dataset, family, minAccuracy, withTags, order, page, size)));
  }
}
