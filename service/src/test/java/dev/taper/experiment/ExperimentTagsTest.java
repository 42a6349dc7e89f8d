package dev.taper.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taper.config.ApiContextTest;
import dev.taper.config.PostgresTest;
import dev.taper.spec.ComputeDevice;
import dev.taper.spec.DefaultSpecs;
import dev.taper.spec.ExperimentSpec;
import dev.taper.web.NotFoundException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Tags on the real database: set at submission, replaced, searched, kept out of the spec. */
@ApiContextTest
class ExperimentTagsTest extends PostgresTest {

  @Autowired ExperimentService experiments;
  @Autowired JdbcClient jdbc;

  @BeforeEach
  void clean() {
    jdbc.sql("truncate model_edge, model, worker, stage_job, experiment cascade").update();
  }

  @Test
  void tagsSetAtSubmissionAreShownAndFoundByAll() {
    UUID a = submit(1, List.of("fmnist", "nightly"), null);
    UUID b = submit(2, List.of("fmnist"), null);
    submit(3, List.of(), null);
    assertThat(experiments.get(a).tags()).containsExactly("fmnist", "nightly");
    assertThat(ids(List.of("fmnist"))).containsExactlyInAnyOrder(a, b);
    assertThat(ids(List.of("fmnist", "nightly"))).containsExactly(a);
    assertThat(ids(List.of("nope"))).isEmpty();
    assertThat(ids(List.of("nightly", "nightly"))).as("a tag asked for twice").containsExactly(a);
    assertThat(ids(List.of())).hasSize(3);
    assertThat(experiments.list(ExperimentStatus.QUEUED, List.of("nightly"), 0, 20).getContent())
        .singleElement()
        .satisfies(s -> assertThat(s.tags()).containsExactly("fmnist", "nightly"));
    assertThat(experiments.list(ExperimentStatus.RUNNING, List.of("nightly"), 0, 20)).isEmpty();
  }

  @Test
  void retaggingReplacesTheTagsAndLeavesTheSpecAlone() {
    UUID id = submit(1, List.of("old"), null);
    String hash = hash(id);
    assertThat(experiments.retag(id, List.of("new", "other")).tags())
        .containsExactly("new", "other");
    assertThat(ids(List.of("old"))).isEmpty();
    assertThat(experiments.retag(id, List.of()).tags()).isEmpty();
    assertThat(hash(id)).isEqualTo(hash);
    assertThatThrownBy(() -> experiments.retag(UUID.randomUUID(), List.of("x")))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void tagsDoNotCountForIdempotency() {
    ExperimentService.Submission first = submission(7, List.of("a"), "key");
    ExperimentService.Submission again = submission(7, List.of("b"), "key");
    assertThat(again.created()).isFalse();
    assertThat(again.experiment().id()).isEqualTo(first.experiment().id());
    assertThat(again.experiment().tags())
        .as("a replay returns the experiment as created; PATCH changes tags")
        .containsExactly("a");
  }

  @Test
  void tagsGoWithTheirExperiment() {
    UUID id = submit(1, List.of("doomed"), null);
    jdbc.sql("delete from stage_job where experiment_id = :id").param("id", id).update();
    jdbc.sql("delete from experiment where id = :id").param("id", id).update();
    assertThat(jdbc.sql("select count(*) from experiment_tag").query(Long.class).single()).isZero();
  }

  private List<UUID> ids(List<String> tags) {
    return experiments.list(null, tags, 0, 50).getContent().stream()
        .map(ExperimentView.Summary::id)
        .toList();
  }

  private String hash(UUID id) {
    return jdbc.sql("select spec_hash from experiment where id = :id")
        .param("id", id)
        .query(String.class)
        .single();
  }

  private UUID submit(long seed, List<String> tags, String key) {
    return submission(seed, tags, key).experiment().id();
  }

  private ExperimentService.Submission submission(long seed, List<String> tags, String key) {
    ExperimentSpec spec = DefaultSpecs.withoutBaselines(null, seed, ComputeDevice.CPU);
    return experiments.submit(spec, tags, key);
  }
}
