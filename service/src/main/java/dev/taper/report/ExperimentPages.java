package dev.taper.report;

import dev.taper.experiment.ExperimentService;
import dev.taper.experiment.ExperimentStatus;
import dev.taper.experiment.ExperimentView;
import dev.taper.tags.Tags;
import dev.taper.web.ApiException;
import dev.taper.web.ApiRole;
import dev.taper.web.ProblemItem;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The experiments page (status and tag filters, paging) and the side-by-side comparison. */
@Controller
@ApiRole
class ExperimentPages {

  static final int PAGE_SIZE = 20;
  static final int MAX_COMPARED = 8;

  private final ExperimentService experiments;
  private final Comparisons comparisons;

  ExperimentPages(ExperimentService experiments, Comparisons comparisons) {
    this.experiments = experiments;
    this.comparisons = comparisons;
  }

  /** Where a browser lands: the root, {@code /ui}, and the list's addresses with a slash. */
  @GetMapping({"/", "/ui", "/ui/", "/ui/experiments/"})
  String home() {
    return "redirect:/ui/experiments";
  }

  /**
   * A path under {@code /ui} that names no page, answered as a page saying so rather than as the
   * API's problem+json. The stylesheet and script directly under {@code /ui} have a dot in their
   * names, which the one-segment pattern refuses, so they stay the static files'; the pages' own
   * mappings are more specific than either pattern.
   */
  @GetMapping({"/ui/{name:[^.]+}", "/ui/{first}/{second}/{*rest}"})
  String noSuchPage(HttpServletRequest request) {
    throw new ApiException(
        HttpStatus.NOT_FOUND,
        "no-such-page",
        "No such page",
        List.of(
            ProblemItem.path(
                request.getRequestURI(), "names no page; the experiments are at /ui/experiments")));
  }

  @GetMapping("/ui/experiments")
  String experiments(
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String tag,
      @RequestParam(defaultValue = "0") int page,
      Model model) {
    ExperimentStatus wanted = status(status);
    String withTag = tag == null || tag.isBlank() ? null : tag.strip();
    if (withTag != null) {
      Tags.problem(withTag)
          .ifPresent(
              problem -> {
                throw ApiException.invalidParameter("tag", problem);
              });
    }
    if (page < 0) {
      throw ApiException.invalidParameter("page", "must be >= 0, was " + page);
    }
    Page<ExperimentView.Summary> found =
        experiments.list(wanted, withTag == null ? List.of() : List.of(withTag), page, PAGE_SIZE);
    model.addAttribute("page", found);
    model.addAttribute("status", wanted);
    model.addAttribute("tag", withTag == null ? "" : withTag);
    model.addAttribute("statuses", ExperimentStatus.values());
    return "report/experiments";
  }

  @GetMapping("/ui/compare")
  String compare(@RequestParam(name = "ids", required = false) List<String> ids, Model model) {
    List<UUID> parsed =
        ids == null
            ? List.of()
            : ids.stream().filter(s -> !s.isBlank()).map(ExperimentPages::uuid).distinct().toList();
    if (parsed.size() < 2 || parsed.size() > MAX_COMPARED) {
      throw ApiException.invalidParameter(
          "ids",
          "must name 2 to "
              + MAX_COMPARED
              + " different experiments (ids=a,b), named "
              + parsed.size());
    }
    model.addAttribute("comparison", comparisons.of(parsed));
    return "report/compare";
  }

  private static ExperimentStatus status(String status) {
    if (status == null || status.isBlank()) {
      return null;
    }
    return Arrays.stream(ExperimentStatus.values())
        .filter(s -> s.name().equals(status))
        .findFirst()
        .orElseThrow(
            () ->
                ApiException.invalidParameter(
                    "status",
                    "must be one of "
                        + Arrays.toString(ExperimentStatus.values())
                        + ", was '"
                        + status
                        + "'"));
  }

  private static UUID uuid(String id) {
    try {
      return UUID.fromString(id.strip());
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidParameter(
          "ids", "must be experiment ids (UUIDs), was '" + id + "'");
    }
  }
}
