package dev.taper.export;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.taper.model.ModelPackager;
import dev.taper.training.export.ExportFormat;
import dev.taper.training.export.ExportVariant;
import dev.taper.training.onnx.Precision;
import dev.taper.web.ApiException;
import dev.taper.web.ProblemItem;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** An export's download tells the service whether the request named a precision. */
@WebMvcTest(ExportController.class)
class ExportControllerTest {

  @Autowired MockMvc mvc;
  @MockitoBean ExportService exports;
  @MockitoBean ModelPackager packager;

  @Test
  void aDownloadWithoutAPrecisionAsksForFp32AndSaysNoneWasNamed() throws Exception {
    UUID id = UUID.randomUUID();
    when(exports.forDownload(any(), any(), anyBoolean()))
        .thenThrow(
            new ApiException(
                HttpStatus.NOT_FOUND,
                "export-not-found",
                "No such export",
                List.of(ProblemItem.parameter("format", "no ONNX export"))));

    mvc.perform(get("/api/v1/models/" + id + "/download").param("format", "onnx"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.errors[0].parameter").value("format"));
    verify(exports)
        .forDownload(eq(id), eq(new ExportVariant(ExportFormat.ONNX, Precision.FP32)), eq(false));

    mvc.perform(
            get("/api/v1/models/" + id + "/download")
                .param("format", "onnx")
                .param("precision", "int8"))
        .andExpect(status().isNotFound());
    verify(exports)
        .forDownload(eq(id), eq(new ExportVariant(ExportFormat.ONNX, Precision.INT8)), eq(true));
  }
}
