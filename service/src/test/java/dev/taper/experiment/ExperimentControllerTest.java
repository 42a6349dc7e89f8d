package dev.taper.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.taper.dataset.DatasetFormat;
import dev.taper.dataset.DatasetRegistry;
import dev.taper.dataset.RegisteredDataset;
import dev.taper.export.ExportService;
import dev.taper.model.ModelCatalog;
import dev.taper.model.ModelRole;
import dev.taper.model.ModelView;
import dev.taper.spec.Baseline;
import dev.taper.spec.ExperimentSpec;
import dev.taper.training.LearningRateSchedule;
import dev.taper.training.family.mlp.MlpModelSpec;
import dev.taper.training.family.resnet.ResNetModelSpec;
import dev.taper.training.family.transformer.TransformerModelSpec;
import dev.taper.web.NotFoundException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The experiment and job endpoints, with the real spec validation and the service mocked. */
@WebMvcTest({ExperimentController.class, JobController.class})
@Import(SpecValidator.class)
class ExperimentControllerTest {

  static final String VALID =
      """
      {"name": "fmnist-mlp", "dataset": "fashion-mnist",
       "model": {"family": "mlp", "depth": 8, "width": 32}, "widenFactor": 8, "seed": 7,
       "device": "auto",
       "wide": {"epochs": 10, "batchSize": 128, "optimizer": {"name": "adam", "learningRate": 0.001}},
       "imitate": {"stepsPerLayer": 300, "schedule": "progressive", "loss": "mse",
                   "lowerLayerLrScale": 0.0},
       "finetune": {"epochs": 5, "distillation": {"alpha": 0.0, "temperature": 4.0}},
       "baselines": ["scratch", "kd"], "limits": {"trainExamples": 60000}}
      """;

  @Autowired MockMvc mvc;
  @Autowired JsonMapper json;
  @MockitoBean ExperimentService experiments;
  @MockitoBean DatasetRegistry datasets;
  @MockitoBean ModelCatalog models;
  @MockitoBean ExportService exports;
  @MockitoBean ExperimentDeletion deletion;

  @BeforeEach
  void datasets() {
    RegisteredDataset fashion =
        new RegisteredDataset(
            UUID.randomUUID(),
            "fashion-mnist",
            DatasetFormat.IDX,
            "x",
            "abc",
            List.of(1L, 28L, 28L),
            10,
            60000,
            10000,
            Instant.now());
    when(datasets.find("fashion-mnist")).thenReturn(Optional.of(fashion));
    when(datasets.resolve("fashion-mnist")).thenReturn(Optional.of(fashion));
    when(datasets.find(eq("nope"))).thenReturn(Optional.empty());
  }

  @Test
  void aValidSpecIsCreatedWithALocation() throws Exception {
    ExperimentView view = view(UUID.randomUUID());
    when(experiments.submit(any(), any(), eq(null)))
        .thenReturn(new ExperimentService.Submission(view, true));

    mvc.perform(post("/api/v1/experiments").contentType(MediaType.APPLICATION_JSON).content(VALID))
        .andExpect(status().isCreated())
        .andExpect(header().string("Location", "/api/v1/experiments/" + view.id()))
        .andExpect(jsonPath("$.id").value(view.id().toString()))
        .andExpect(jsonPath("$.status").value("QUEUED"));
  }

  @Test
  void defaultsFillWhatIsLeftOut() throws Exception {
    when(experiments.submit(any(), any(), any()))
        .thenReturn(new ExperimentService.Submission(view(UUID.randomUUID()), true));
    mvc.perform(post("/api/v1/experiments").contentType(MediaType.APPLICATION_JSON).content("{}"))
        .andExpect(status().isCreated());
    var captor = org.mockito.ArgumentCaptor.forClass(ExperimentSpec.class);
    verify(experiments).submit(captor.capture(), any(), eq(null));
    ExperimentSpec resolved = captor.getValue();
    assertThat(resolved.model()).isEqualTo(new MlpModelSpec(8, 32));
    assertThat(resolved.wide().optimizer().schedule()).isEqualTo(LearningRateSchedule.COSINE);
    assertThat(resolved.baselines()).containsExactly(Baseline.SCRATCH, Baseline.KD);
  }

  @Test
  void everyOffendingFieldIsNamed() throws Exception {
    String bad =
        """
        {"name": "x", "dataset": "nope", "colour": "blue",
         "model": {"family": "mlp", "depth": 0, "width": "wide"},
         "widenFactor": 0, "seed": "seven", "device": 3,
         "wide": {"epochs": 1.5, "optimizer": {"name": "lion", "learningRate": -1, "momentum": 0.9}},
         "imitate": {"lowerLayerLrScale": 2},
         "finetune": {"distillation": {"alpha": 1.5}},
         "baselines": ["scratch", "magic", "scratch"],
         "limits": {"trainExamples": 0, "validationFraction": 0.9},
         "teacher": {"reuse": "yes"}}
        """;
    MvcResult result =
        mvc.perform(
                post("/api/v1/experiments").contentType(MediaType.APPLICATION_JSON).content(bad))
            .andExpect(status().isBadRequest())
            .andExpect(header().string("Content-Type", "application/problem+json"))
            .andExpect(jsonPath("$.status").value(400))
            .andExpect(jsonPath("$.title").value("Invalid experiment spec"))
            .andReturn();
    JsonNode body = json.readTree(result.getResponse().getContentAsString());
    List<String> fields =
        body.get("errors").valueStream().map(e -> e.get("field").asString()).toList();
    assertThat(fields)
        .containsExactlyInAnyOrder(
            "colour",
            "model.depth",
            "model.width",
            "widenFactor",
            "seed",
            "device",
            "wide.epochs",
            "wide.optimizer.name",
            "wide.optimizer.learningRate",
            "wide.optimizer.momentum",
            "imitate.lowerLayerLrScale",
            "finetune.distillation.alpha",
            "baselines[1]",
            "baselines[2]",
            "limits.trainExamples",
            "limits.validationFraction",
            "teacher.reuse",
            "dataset");
    assertThat(body.get("errors").valueStream().map(e -> e.get("message").asString()))
        .allMatch(message -> !message.isBlank());
    verify(experiments, never()).submit(any(), any(), any());
  }

  @Test
  void aResnetAndATransformerAreCreatedWithTheirFamilysDefaults() throws Exception {
    when(experiments.submit(any(), any(), any()))
        .thenReturn(new ExperimentService.Submission(view(UUID.randomUUID()), true));
    for (String model :
        List.of(
            "{\"family\": \"resnet\", \"stages\": [{\"blocks\": 1, \"channels\": 24}]}",
            "{\"family\": \"transformer\", \"tokens\": \"patches\", \"heads\": 4}")) {
      mvc.perform(
              post("/api/v1/experiments")
                  .contentType(MediaType.APPLICATION_JSON)
                  .content("{\"model\": " + model + "}"))
          .andExpect(status().isCreated());
    }
    var captor = org.mockito.ArgumentCaptor.forClass(ExperimentSpec.class);
    verify(experiments, org.mockito.Mockito.times(2)).submit(captor.capture(), any(), eq(null));
    ExperimentSpec resnet = captor.getAllValues().get(0);
    assertThat(resnet.widenFactor()).isEqualTo(4);
    ResNetModelSpec resnetModel = (ResNetModelSpec) resnet.model();
    assertThat(resnetModel.stemChannels()).isEqualTo(16);
    assertThat(resnetModel.stages()).containsExactly(new ResNetModelSpec.StageSpec(1, 24, 6));
    TransformerModelSpec transformer = (TransformerModelSpec) captor.getAllValues().get(1).model();
    assertThat(transformer.patchSize()).isEqualTo(7);
    assertThat(transformer.heads()).isEqualTo(4);
    assertThat(transformer.depth()).isEqualTo(4);
  }

  @Test
  void aBadResnetIsA400NamingEveryOffendingModelField() throws Exception {
    String bad =
        """
        {"model": {"family": "resnet", "stemChannels": 1000000000, "heads": 2,
                   "stages": [{"blocks": 2, "channels": 32, "innerChannels": 8},
                              {"blocks": 0, "channels": 64, "innerChannels": -1},
                              {"blocks": "two", "channels": 64}]}}
        """;
    JsonNode body = problem(bad);
    assertThat(errors(body))
        .containsExactlyInAnyOrder(
            "model.stemChannels: must be between 1 and 4096",
            "model.heads: does not apply to family resnet",
            "model.stages[1].blocks: must be between 1 and 64",
            "model.stages[1].innerChannels: must be between 1 and 4096",
            "model.stages[2].blocks: must be an integer");
    assertThat(body.get("detail").asString())
        .isEqualTo("5 fields of the experiment spec are invalid");
    verify(experiments, never()).submit(any(), any(), any());
  }

  @Test
  void aWholeNumberWrittenWithADecimalPointIsToldHowToWriteIt() throws Exception {
    JsonNode body = problem("{\"widenFactor\": 4.0, \"seed\": 2.5, \"model\": {\"depth\": 1e1}}");
    assertThat(errors(body))
        .containsExactlyInAnyOrder(
            "widenFactor: must be an integer: write 4, without a decimal point",
            "seed: must be an integer",
            "model.depth: must be an integer: write 10, without a decimal point");
    verify(experiments, never()).submit(any(), any(), any());
  }

  @Test
  void aBadTransformerIsA400NamingEveryOffendingModelField() throws Exception {
    String bad =
        """
        {"model": {"family": "transformer", "tokens": "pixels", "patchSize": 4,
                   "pooling": "max", "heads": 0, "width": 1000000, "depth": 8,
                   "stemChannels": 16, "colour": "red"}}
        """;
    assertThat(errors(problem(bad)))
        .containsExactlyInAnyOrder(
            "model.colour: unknown field",
            "model.tokens: must be one of [patches, rows, sequence]",
            "model.pooling: must be one of [cls, mean]",
            "model.heads: must be between 1 and 256",
            "model.width: must be between 1 and 16384",
            "model.stemChannels: does not apply to family transformer");
    // patch tokens whose size does not divide Fashion-MNIST's 28x28 images
    assertThat(
            errors(
                problem(
                    "{\"model\": {\"family\": \"transformer\", \"tokens\": \"patches\","
                        + " \"patchSize\": 8}}")))
        .containsExactly("model.patchSize: must divide the images' height and width (28x28)");
    verify(experiments, never()).submit(any(), any(), any());
  }

  @Test
  void aNumberTooLargeForADoubleIsRefusedRatherThanTrainedAsInfinity() throws Exception {
    assertThat(
            errors(
                problem(
                    "{\"wide\": {\"optimizer\": {\"learningRate\": 1e999, \"weightDecay\":"
                        + " -1e999}}, \"imitate\": {\"headTemperature\": \"4\"}}")))
        .containsExactlyInAnyOrder(
            "wide.optimizer.learningRate: must be a finite number",
            "wide.optimizer.weightDecay: must be a finite number",
            "imitate.headTemperature: must be a number");
    verify(experiments, never()).submit(any(), any(), any());
  }

  @Test
  void anIntegerOutOfRangeIsRefusedSayingTheRange() throws Exception {
    assertThat(errors(problem("{\"seed\": 99999999999999999999999}")))
        .containsExactly("seed: must be an integer of at most 9223372036854775807");
    verify(experiments, never()).submit(any(), any(), any());
  }

  @Test
  void aBenchmarkSpecsStudySectionIsRefusedWithWhereItBelongs() throws Exception {
    assertThat(errors(problem("{\"seed\": 7, \"study\": {\"lrGrid\": [0.001]}}")))
        .containsExactly(
            "study: unknown field: a study's settings are read by benchmarks/run-study.sh, not by"
                + " the API; leave it out");
  }

  private JsonNode problem(String spec) throws Exception {
    MvcResult result =
        mvc.perform(
                post("/api/v1/experiments").contentType(MediaType.APPLICATION_JSON).content(spec))
            .andExpect(status().isBadRequest())
            .andExpect(header().string("Content-Type", "application/problem+json"))
            .andExpect(jsonPath("$.title").value("Invalid experiment spec"))
            .andReturn();
    return json.readTree(result.getResponse().getContentAsString());
  }

  private static List<String> errors(JsonNode problem) {
    return problem
        .get("errors")
        .valueStream()
        .map(e -> e.get("field").asString() + ": " + e.get("message").asString())
        .toList();
  }

  @Test
  void aTeacherMustBeAnExistingWideModelOfTheRightShape() throws Exception {
    UUID thin = UUID.randomUUID();
    UUID wide = UUID.randomUUID();
    when(models.find(thin)).thenReturn(Optional.of(model(thin, ModelRole.THIN, 8, 32)));
    when(models.find(wide)).thenReturn(Optional.of(model(wide, ModelRole.WIDE, 8, 64)));
    for (String teacher :
        List.of(
            "\"not-a-uuid\"",
            "\"" + UUID.randomUUID() + "\"",
            "\"" + thin + "\"",
            "\"" + wide + "\"")) {
      mvc.perform(
              post("/api/v1/experiments")
                  .contentType(MediaType.APPLICATION_JSON)
                  .content("{\"teacher\": {\"modelId\": " + teacher + "}}"))
          .andExpect(status().isBadRequest())
          .andExpect(jsonPath("$.errors[0].field").value("teacher.modelId"));
    }
  }

  @Test
  void malformedJsonIsAProblemToo() throws Exception {
    mvc.perform(
            post("/api/v1/experiments")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\": "))
        .andExpect(status().isBadRequest())
        .andExpect(header().string("Content-Type", "application/problem+json"));
    mvc.perform(
            post("/api/v1/experiments").contentType(MediaType.APPLICATION_JSON).content("[1, 2]"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].message").value("the spec must be a JSON object"));
  }

  @Test
  void aFieldNamedTwiceIsNamedByItsPath() throws Exception {
    Map<String, String> duplicated =
        Map.of(
            "{\"seed\": 1, \"seed\": 2}",
            "seed",
            "{\"imitate\": {\"optimizer\": {\"learningRate\": 1e-3, \"learningRate\": 1e-2}}}",
            "imitate.optimizer.learningRate",
            "{\"model\": {\"stages\": [{\"blocks\": 1}, {\"blocks\": 1, \"blocks\": 2}]}}",
            "model.stages[1].blocks");
    for (Map.Entry<String, String> body : duplicated.entrySet()) {
      mvc.perform(
              post("/api/v1/experiments")
                  .contentType(MediaType.APPLICATION_JSON)
                  .content(body.getKey()))
          .andExpect(status().isBadRequest())
          .andExpect(header().string("Content-Type", "application/problem+json"))
          .andExpect(jsonPath("$.errors.length()").value(1))
          .andExpect(jsonPath("$.errors[0].field").value(body.getValue()))
          .andExpect(jsonPath("$.errors[0].message").value("is named twice; give each field once"))
          .andExpect(jsonPath("$.detail").value(startsWith("field " + body.getValue() + ": ")));
    }
  }

  @Test
  void theSameKeyAndSpecReturnTheExperimentWith200() throws Exception {
    ExperimentView view = view(UUID.randomUUID());
    when(experiments.submit(any(), any(), eq("key-1")))
        .thenReturn(new ExperimentService.Submission(view, false));
    mvc.perform(
            post("/api/v1/experiments")
                .header("Idempotency-Key", "key-1")
                .contentType(MediaType.APPLICATION_JSON)
                .content(VALID))
        .andExpect(status().isOk())
        .andExpect(header().doesNotExist("Location"))
        .andExpect(jsonPath("$.id").value(view.id().toString()));
  }

  @Test
  void theSameKeyWithAnotherSpecIsAConflict() throws Exception {
    when(experiments.submit(any(), any(), eq("key-1")))
        .thenThrow(new IdempotencyConflictException("key-1", UUID.randomUUID()));
    mvc.perform(
            post("/api/v1/experiments")
                .header("Idempotency-Key", "key-1")
                .contentType(MediaType.APPLICATION_JSON)
                .content(VALID))
        .andExpect(status().isConflict())
        .andExpect(header().string("Content-Type", "application/problem+json"))
        .andExpect(jsonPath("$.title").value("Idempotency-Key reused"));
  }

  @Test
  void unknownIdsAre404Problems() throws Exception {
    UUID id = UUID.randomUUID();
    when(experiments.get(id)).thenThrow(new NotFoundException("experiment", id));
    when(experiments.cancel(id)).thenThrow(new NotFoundException("experiment", id));
    when(experiments.job(42)).thenReturn(Optional.empty());
    mvc.perform(get("/api/v1/experiments/" + id))
        .andExpect(status().isNotFound())
        .andExpect(header().string("Content-Type", "application/problem+json"))
        .andExpect(jsonPath("$.detail").value("parameter id: no experiment with id " + id));
    mvc.perform(post("/api/v1/experiments/" + id + "/cancel")).andExpect(status().isNotFound());
    mvc.perform(get("/api/v1/jobs/42"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.title").value("Job not found"));
    when(exports.cancel(42)).thenThrow(new NotFoundException("job", 42));
    mvc.perform(post("/api/v1/jobs/42/cancel"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.title").value("Job not found"));
    mvc.perform(get("/api/v1/experiments/not-a-uuid")).andExpect(status().isBadRequest());
  }

  @Test
  void listingFiltersByStatusAndRejectsUnknownStatuses() throws Exception {
    when(experiments.list(ExperimentStatus.RUNNING, List.of(), 0, 20))
        .thenReturn(
            new org.springframework.data.domain.PageImpl<>(
                List.of(
                    new ExperimentView.Summary(
                        UUID.randomUUID(),
                        "a",
                        ExperimentStatus.RUNNING,
                        Instant.now(),
                        List.of("nightly")))));
    mvc.perform(get("/api/v1/experiments?status=RUNNING"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items[0].status").value("RUNNING"))
        .andExpect(jsonPath("$.totalItems").value(1));
    mvc.perform(get("/api/v1/experiments?status=SLEEPING")).andExpect(status().isBadRequest());
    mvc.perform(get("/api/v1/experiments?size=0")).andExpect(status().isBadRequest());
  }

  @Test
  void tagsBesideTheSpecAreValidatedWithItAndPassedOnWithoutIt() throws Exception {
    when(experiments.submit(any(), any(), any()))
        .thenReturn(new ExperimentService.Submission(view(UUID.randomUUID()), true));
    mvc.perform(
            post("/api/v1/experiments")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"seed\": 3, \"tags\": [\"nightly\", \"fmnist\", \"nightly\"]}"))
        .andExpect(status().isCreated());
    verify(experiments).submit(any(), eq(List.of("fmnist", "nightly")), eq(null));

    JsonNode body = problem("{\"seed\": \"x\", \"tags\": [\"ok\", \"no spaces\", 3]}");
    assertThat(body.get("errors").valueStream().map(e -> e.get("field").asString()))
        .containsExactlyInAnyOrder("seed", "tags[1]", "tags[2]");
    assertThat(problem("{\"tags\": \"solo\"}").get("errors").get(0).get("field").asString())
        .isEqualTo("tags");
  }

  @Test
  void patchReplacesTagsAndRefusesAnythingElse() throws Exception {
    UUID id = UUID.randomUUID();
    when(experiments.retag(eq(id), any())).thenReturn(view(id));
    mvc.perform(
            patch("/api/v1/experiments/" + id)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"tags\": [\"b\", \"a\"]}"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.id").value(id.toString()));
    verify(experiments).retag(id, List.of("a", "b"));
    mvc.perform(
            patch("/api/v1/experiments/" + id)
                .contentType("application/merge-patch+json")
                .content("{\"tags\": []}"))
        .andExpect(status().isOk());
    mvc.perform(
            patch("/api/v1/experiments/" + id)
                .contentType("application/merge-patch+json")
                .content("{\"tags\": null}"))
        .andExpect(status().isOk());
    verify(experiments, times(2)).retag(id, List.of());

    MvcResult refused =
        mvc.perform(
                patch("/api/v1/experiments/" + id)
                    .contentType(MediaType.APPLICATION_JSON)
                    .content("{\"name\": \"x\", \"tags\": [\"-bad\"]}"))
            .andExpect(status().isBadRequest())
            .andExpect(header().string("Content-Type", "application/problem+json"))
            .andReturn();
    JsonNode problem = json.readTree(refused.getResponse().getContentAsString());
    assertThat(problem.get("errors").valueStream().map(e -> e.get("field").asString()))
        .containsExactlyInAnyOrder("name", "tags[0]");
    // a merge patch without members changes nothing and answers the experiment as it is
    when(experiments.get(id)).thenReturn(view(id));
    mvc.perform(
            patch("/api/v1/experiments/" + id)
                .contentType("application/merge-patch+json")
                .content("{}"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.id").value(id.toString()));
    verify(experiments, times(3)).retag(any(), any());
    mvc.perform(
            patch("/api/v1/experiments/" + id)
                .contentType(MediaType.APPLICATION_JSON)
                .content("[]"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].part").value("body"));
  }

  @Test
  void listingFiltersByTagsAndRejectsBadOnes() throws Exception {
    when(experiments.list(null, List.of("a", "b"), 0, 20))
        .thenReturn(new org.springframework.data.domain.PageImpl<>(List.of()));
    mvc.perform(get("/api/v1/experiments?tag=a&tag=b"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.totalItems").value(0));
    mvc.perform(get("/api/v1/experiments?tag=no%20spaces"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].parameter").value("tag"));
  }

  static ExperimentView view(UUID id) {
    return new ExperimentView(
        id,
        "fmnist-mlp",
        List.of(),
        ExperimentStatus.QUEUED,
        null,
        false,
        null,
        Instant.now(),
        Instant.now(),
        null,
        List.of(),
        List.of());
  }

  ModelView model(UUID id, ModelRole role, int depth, int width) {
    JsonNode architecture =
        json.readTree(
            "{\"family\":\"mlp\",\"inputSize\":784,\"depth\":"
                + depth
                + ",\"width\":"
                + width
                + ",\"classes\":10}");
    return new ModelView(
        id,
        UUID.randomUUID(),
        1,
        role,
        "mlp",
        architecture,
        1,
        1,
        1,
        "sha",
        json.readTree("{}"),
        null,
        Instant.now(),
        "models/" + id);
  }
}
