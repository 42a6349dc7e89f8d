package dev.taper.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** Accessibility basics of a page, checked on its HTML. */
final class HtmlChecks {

  private HtmlChecks() {}

  /** One h1, and no heading more than one level below the one before it. */
  static void headingsInOrder(Document page) {
    assertThat(page.select("h1")).as("exactly one h1").hasSize(1);
    int previous = 0;
    for (Element heading : page.select("h1, h2, h3, h4, h5, h6")) {
      int level = heading.tagName().charAt(1) - '0';
      assertThat(level)
          .as("heading '%s' after a level-%d heading", heading.text(), previous)
          .isLessThanOrEqualTo(previous + 1);
      previous = level;
    }
  }

  /** Every input, select and textarea has a label (by for=, by nesting, or aria-label). */
  static void formControlsLabelled(Document page) {
    for (Element control : page.select("input:not([type=hidden]), select, textarea")) {
      String id = control.id();
      boolean labelled =
          (!id.isEmpty() && !page.select("label[for=" + id + "]").isEmpty())
              || control.closest("label") != null
              || !control.attr("aria-label").isBlank();
      assertThat(labelled).as("a label for %s", control).isTrue();
    }
  }

  /**
   * Every chart is an image with an accessible name: role=img, aria-labelledby naming its title and
   * description; every img has alt text.
   */
  static void graphicsNamed(Document page) {
    for (Element svg : page.select("svg")) {
      assertThat(svg.attr("role")).as("role of %s", svg.parent()).isEqualTo("img");
      String[] ids = svg.attr("aria-labelledby").split(" ");
      assertThat(ids).as("aria-labelledby of an svg").isNotEmpty();
      for (String id : ids) {
        Element target = page.getElementById(id);
        assertThat(target).as("element #%s", id).isNotNull();
        assertThat(target.text()).as("text of #%s", id).isNotBlank();
      }
      assertThat(svg.selectFirst("title")).as("title of an svg").isNotNull();
    }
    for (Element img : page.select("img")) {
      assertThat(img.attr("alt")).as("alt of %s", img).isNotBlank();
    }
  }

  /** Every table has a caption and its header cells a scope. */
  static void tablesDescribed(Document page) {
    for (Element table : page.select("table")) {
      assertThat(table.selectFirst("caption")).as("caption of a table").isNotNull();
      for (Element th : table.select("th")) {
        assertThat(th.attr("scope")).as("scope of %s", th).isIn("col", "row");
      }
    }
  }

  static void accessible(Document page) {
    assertThat(page.selectFirst("html").attr("lang")).isNotBlank();
    assertThat(page.title()).isNotBlank();
    headingsInOrder(page);
    formControlsLabelled(page);
    graphicsNamed(page);
    tablesDescribed(page);
  }
}
