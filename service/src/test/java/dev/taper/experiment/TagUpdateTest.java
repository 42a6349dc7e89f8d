package dev.taper.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** What a PATCH of an experiment may say, read as a JSON merge patch of its tags. */
class TagUpdateTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void tagsAreReplacedRemovedOrLeftAlone() {
    assertThat(TagUpdate.read(JSON.readTree("{\"tags\": [\"a\", \"b\"]}")))
        .contains(List.of("a", "b"));
    assertThat(TagUpdate.read(JSON.readTree("{\"tags\": null}"))).contains(List.of());
    assertThat(TagUpdate.read(JSON.readTree("{\"tags\": []}"))).contains(List.of());
    // a merge patch without members changes nothing
    assertThat(TagUpdate.read(JSON.readTree("{}"))).isEmpty();
  }

  @Test
  void anythingButTagsIsRefused() {
    assertThatThrownBy(() -> TagUpdate.read(JSON.readTree("{\"name\": \"x\"}")))
        .isInstanceOf(InvalidUpdateException.class);
    assertThatThrownBy(() -> TagUpdate.read(JSON.readTree("[]")))
        .isInstanceOf(InvalidUpdateException.class);
  }
}
