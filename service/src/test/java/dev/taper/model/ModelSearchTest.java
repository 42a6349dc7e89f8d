package dev.taper.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taper.config.ApiContextTest;
import dev.taper.config.PostgresTest;
import dev.taper.report.ReportFixtures;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Page;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Finding models on the real database: every criterion, the orders and the pages. */
@ApiContextTest
class ModelSearchTest extends PostgresTest {

  @Autowired ModelCatalog catalog;
  @Autowired JdbcClient jdbc;

  ReportFixtures.Experiment tagged;
  ReportFixtures.Experiment plain;

  @BeforeEach
  void models() {
    jdbc.sql("truncate model_edge, model, worker, stage_job, experiment cascade").update();
    tagged = ReportFixtures.finished(jdbc, "tagged", 5, List.of("study", "fmnist"));
    plain = ReportFixtures.finished(jdbc, "plain", 5, List.of());
    jdbc.sql(
            "update experiment set spec = jsonb_set(spec, '{dataset}', '\"digits\"') where id = :id")
        .param("id", plain.id())
        .update();
  }

  @Test
  void everyCriterionNarrowsTheModels() {
    assertThat(search(query(null, null, null, null, List.of())).getTotalElements()).isEqualTo(12);
    assertThat(ids(query(ModelRole.THIN, null, null, null, List.of())))
        .containsExactlyInAnyOrder(tagged.models().get("THIN"), plain.models().get("THIN"));
    assertThat(ids(query(ModelRole.THIN, "fashion-mnist", null, null, List.of())))
        .containsExactly(tagged.models().get("THIN"));
    assertThat(ids(query(null, null, "resnet", null, List.of()))).isEmpty();
    assertThat(search(query(null, null, "mlp", null, List.of())).getTotalElements()).isEqualTo(12);
    assertThat(search(query(null, "fashion-mnist", null, 0.87, List.of())).getContent())
        .extracting(ModelView::role)
        .containsExactlyInAnyOrder(ModelRole.WIDE, ModelRole.THIN);
    assertThat(search(query(null, null, null, null, List.of("study"))).getTotalElements())
        .isEqualTo(6);
    assertThat(search(query(null, null, null, null, List.of("study", "nope"))).getTotalElements())
        .isZero();
    assertThat(search(query(null, null, null, null, List.of("study", "study"))).getTotalElements())
        .as("a tag asked for twice")
        .isEqualTo(6);
  }

  @Test
  void modelsComeInTheAskedOrderAPageAtATime() {
    Page<ModelView> best =
        catalog.search(
            new ModelQuery(
                null,
                "fashion-mnist",
                null,
                null,
                List.of(),
                ModelSort.parse("accuracy,desc").orElseThrow(),
                0,
                4));
    assertThat(best.getTotalElements()).isEqualTo(6);
    assertThat(best.getTotalPages()).isEqualTo(2);
    assertThat(best.getContent())
        .extracting(ModelView::role)
        .containsExactly(ModelRole.WIDE, ModelRole.THIN, ModelRole.SCRATCH, ModelRole.DEEPER);
    Page<ModelView> rest =
        catalog.search(
            new ModelQuery(
                null,
                "fashion-mnist",
                null,
                null,
                List.of(),
                ModelSort.parse("accuracy,desc").orElseThrow(),
                1,
                4));
    assertThat(rest.getContent())
        .extracting(ModelView::role)
        .containsExactly(ModelRole.KD, ModelRole.WARMED);
    Page<ModelView> smallest =
        catalog.search(
            new ModelQuery(
                null,
                null,
                null,
                null,
                List.of(),
                ModelSort.parse("parameters").orElseThrow(),
                0,
                50));
    assertThat(smallest.getContent().get(smallest.getContent().size() - 1).role())
        .isEqualTo(ModelRole.WIDE);
  }

  @Test
  void sortsAreReadAsKeyAndDirection() {
    assertThat(ModelSort.parse("accuracy,desc"))
        .contains(new ModelSort(ModelSort.Key.ACCURACY, true));
    assertThat(ModelSort.parse("createdAt"))
        .contains(new ModelSort(ModelSort.Key.CREATED_AT, false));
    assertThat(ModelSort.parse("size,ASC")).contains(new ModelSort(ModelSort.Key.SIZE, false));
    assertThat(ModelSort.parse("speed,desc")).isEmpty();
    assertThat(ModelSort.parse("accuracy,down")).isEmpty();
    assertThat(ModelSort.parse("accuracy,desc,again")).isEmpty();
  }

  private static ModelQuery query(
      ModelRole role, String dataset, String family, Double minAccuracy, List<String> tags) {
    return new ModelQuery(role, dataset, family, minAccuracy, tags, ModelSort.NEWEST_FIRST, 0, 50);
  }

  private Page<ModelView> search(ModelQuery query) {
    return catalog.search(query);
  }

  private List<java.util.UUID> ids(ModelQuery query) {
    return search(query).getContent().stream().map(ModelView::id).toList();
  }
}
