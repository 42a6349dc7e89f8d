package dev.taper.report;

import dev.taper.web.ApiRole;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The report page of one experiment, and its live part alone: the page's script fetches that part
 * every few seconds while the experiment runs and swaps it in, so progress moves without a reload.
 */
@Controller
@ApiRole
class ReportController {

  /** How often a running report refreshes its live part. */
  static final int POLL_MILLIS = 2000;

  private final ExperimentReports reports;

  ReportController(ExperimentReports reports) {
    this.reports = reports;
  }

  @GetMapping("/ui/experiments/{id}")
  String report(@PathVariable UUID id, Model model) {
    model.addAttribute("report", reports.of(id));
    model.addAttribute("pollMillis", POLL_MILLIS);
    return "report/experiment";
  }

  /**
   * The same page for a browser that follows an API link: {@code Accept: text/html} on the
   * experiment's JSON resource. Every other Accept (none, {@code *}{@code /*}, JSON) still gets the
   * JSON, unchanged.
   */
  @Hidden
  @GetMapping(value = "/api/v1/experiments/{id}", produces = MediaType.TEXT_HTML_VALUE)
  String negotiated(@PathVariable UUID id, Model model) {
    return report(id, model);
  }

  @GetMapping("/ui/experiments/{id}/live")
  String live(@PathVariable UUID id, Model model) {
    model.addAttribute("report", reports.of(id));
    model.addAttribute("pollMillis", POLL_MILLIS);
    return "report/experiment :: live";
  }
}
