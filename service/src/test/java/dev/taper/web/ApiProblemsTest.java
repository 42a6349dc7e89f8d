package dev.taper.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the API says about a body the JSON parser refuses, in a client's terms. */
class ApiProblemsTest {

  @Test
  void theParsersMessagesLoseTheJavaNamesTheyQuote() {
    assertThat(
            ApiProblems.withoutJavaNames(
                "Trailing token (`START_OBJECT`) found after value (bound as"
                    + " `tools.jackson.databind.JsonNode`): not allowed as per"
                    + " `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`"))
        .isEqualTo("Trailing token (`START_OBJECT`) found after value");
    assertThat(
            ApiProblems.withoutJavaNames(
                "Document nesting depth (1001) exceeds the maximum allowed (1000, from"
                    + " `StreamReadConstraints.getMaxNestingDepth()`)"))
        .isEqualTo("Document nesting depth (1001) exceeds the maximum allowed (1000)");
    assertThat(ApiProblems.withoutJavaNames("Unexpected end-of-input: expected close marker"))
        .isEqualTo("Unexpected end-of-input: expected close marker");
  }
}
