package dev.taper.metrics;

import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.taper.queue.JobStatus;
import dev.taper.queue.StageQueue;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** {@code GET /api/v1/jobs/{id}/metrics}: a series as JSON or CSV, and its refusals. */
@WebMvcTest(MetricsController.class)
class MetricsControllerTest {

  @Autowired MockMvc mvc;
  @MockitoBean MetricHistory history;
  @MockitoBean StageQueue queue;

  @BeforeEach
  void job() {
    when(queue.status(7)).thenReturn(Optional.of(JobStatus.RUNNING));
    when(queue.status(8)).thenReturn(Optional.empty());
    when(history.series(7, MetricName.IMITATION_LOSS))
        .thenReturn(
            MetricSeries.of(
                7,
                MetricName.IMITATION_LOSS,
                List.of(new MetricPoint(1, 0.9, 0), new MetricPoint(40, 0.25, 1))));
  }

  @Test
  void aSeriesIsJson() throws Exception {
    mvc.perform(get("/api/v1/jobs/7/metrics?name=imitation_loss"))
        .andExpect(status().isOk())
        .andExpect(header().string("Content-Type", "application/json"))
        .andExpect(jsonPath("$.jobId").value(7))
        .andExpect(jsonPath("$.name").value("imitation_loss"))
        .andExpect(jsonPath("$.axis").value("step"))
        .andExpect(jsonPath("$.points[1].step").value(40))
        .andExpect(jsonPath("$.points[1].value").value(0.25))
        .andExpect(jsonPath("$.points[1].layer").value(1));
  }

  @Test
  void aSeriesIsCsvWhenAskedFor() throws Exception {
    mvc.perform(get("/api/v1/jobs/7/metrics?name=imitation_loss").header("Accept", "text/csv"))
        .andExpect(status().isOk())
        .andExpect(header().string("Content-Type", "text/csv"))
        .andExpect(content().string("step,value,layer\n1,0.9,0\n40,0.25,1\n"));
    mvc.perform(
            get("/api/v1/jobs/7/metrics?name=imitation_loss")
                .header("Accept", "application/json;q=0.5, text/csv"))
        .andExpect(header().string("Content-Type", "text/csv"));
    mvc.perform(
            get("/api/v1/jobs/7/metrics?name=imitation_loss")
                .header("Accept", "text/csv;q=0.5, application/json"))
        .andExpect(header().string("Content-Type", "application/json"));
  }

  @Test
  void anUnknownNameIsA400ListingTheNames() throws Exception {
    mvc.perform(get("/api/v1/jobs/7/metrics?name=accuracy"))
        .andExpect(status().isBadRequest())
        .andExpect(header().string("Content-Type", "application/problem+json"))
        .andExpect(jsonPath("$.errors[0].parameter").value("name"))
        .andExpect(
            jsonPath("$.errors[0].message")
                .value(
                    "must be one of [imitation_loss, learning_rate, loss, samples_per_second,"
                        + " validation_accuracy], was 'accuracy'"));
    mvc.perform(get("/api/v1/jobs/7/metrics"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].parameter").value("name"));
  }

  @Test
  void anUnknownJobIsA404AndAnUnservedTypeA406() throws Exception {
    mvc.perform(get("/api/v1/jobs/8/metrics?name=loss"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.errors[0].parameter").value("id"));
    mvc.perform(get("/api/v1/jobs/7/metrics?name=loss").header("Accept", "image/png"))
        .andExpect(status().isNotAcceptable());
  }
}
