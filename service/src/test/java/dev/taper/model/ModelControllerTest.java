package dev.taper.model;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(ModelController.class)
class ModelControllerTest {

  @Autowired MockMvc mvc;
  @MockitoBean ModelCatalog catalog;
  @MockitoBean ModelPackager packager;

  @Test
  void unknownModelsAre404Problems() throws Exception {
    UUID id = UUID.randomUUID();
    when(catalog.find(id)).thenReturn(Optional.empty());
    when(catalog.lineage(id)).thenReturn(Optional.empty());
    when(packager.build(id)).thenReturn(Optional.empty());
    for (String path : List.of("", "/lineage", "/download")) {
      mvc.perform(get("/api/v1/models/" + id + path))
          .andExpect(status().isNotFound())
          .andExpect(header().string("Content-Type", "application/problem+json"))
          .andExpect(jsonPath("$.title").value("Model not found"));
    }
  }

  @Test
  void aDownloadCarriesLengthAndEtagAndRevalidates(@TempDir Path dir) throws Exception {
    UUID id = UUID.randomUUID();
    // like the packager's, each package is a scratch folder of its own, removed when closed
    Path zip = dir.resolve("scratch").resolve("model.zip");
    when(packager.build(id))
        .thenAnswer(
            i -> {
              Files.createDirectories(zip.getParent());
              Files.write(zip, new byte[] {'P', 'K', 1, 2, 3});
              return Optional.of(new ModelPackage(zip, 5, "abc123", "taper-thin-" + id + ".zip"));
            });
    mvc.perform(get("/api/v1/models/" + id + "/download"))
        .andExpect(status().isOk())
        .andExpect(header().string("ETag", "\"abc123\""))
        .andExpect(header().longValue("Content-Length", 5))
        .andExpect(header().string("Content-Type", "application/zip"))
        .andExpect(
            header()
                .string(
                    "Content-Disposition", "attachment; filename=\"taper-thin-" + id + ".zip\""))
        .andExpect(content().bytes(new byte[] {'P', 'K', 1, 2, 3}));
    org.assertj.core.api.Assertions.assertThat(zip.getParent())
        .as("scratch removed")
        .doesNotExist();
    for (String matching : List.of("\"abc123\"", "W/\"abc123\"", "\"old\", \"abc123\"", "*")) {
      mvc.perform(get("/api/v1/models/" + id + "/download").header("If-None-Match", matching))
          .andExpect(status().isNotModified())
          .andExpect(header().string("ETag", "\"abc123\""));
    }
    mvc.perform(get("/api/v1/models/" + id + "/download").header("If-None-Match", "\"old\""))
        .andExpect(status().isOk());
  }

  @Test
  void aPrecisionWithoutAFormatIsRefusedRatherThanAnsweredWithTheParameters() throws Exception {
    mvc.perform(get("/api/v1/models/" + UUID.randomUUID() + "/download").param("precision", "int8"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].parameter").value("precision"));
    verify(packager, never()).build(any());
  }
}
