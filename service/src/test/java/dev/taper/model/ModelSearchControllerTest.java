package dev.taper.model;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.data.domain.PageImpl;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** {@code GET /api/v1/models}: the query it passes on, and every bad parameter named. */
@WebMvcTest(ModelSearchController.class)
class ModelSearchControllerTest {

  @Autowired MockMvc mvc;
  @MockitoBean ModelCatalog catalog;

  @Test
  void theParametersBecomeTheQuery() throws Exception {
    when(catalog.search(any())).thenReturn(new PageImpl<>(List.of()));
    mvc.perform(
            get(
                "/api/v1/models?role=THIN&dataset=fashion-mnist&family=mlp&minAccuracy=0.85"
                    + "&tag=a&tag=b&sort=accuracy,desc&page=2&size=5"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items").isArray());
    verify(catalog)
        .search(
            new ModelQuery(
                ModelRole.THIN,
                "fashion-mnist",
                "mlp",
                0.85,
                List.of("a", "b"),
                new ModelSort(ModelSort.Key.ACCURACY, true),
                2,
                5));
  }

  @Test
  void everyBadParameterIsA400NamingIt() throws Exception {
    for (String[] bad :
        List.of(
            new String[] {"role=SKINNY", "role"},
            new String[] {"family=lstm", "family"},
            new String[] {"minAccuracy=1.5", "minAccuracy"},
            new String[] {"minAccuracy=high", "minAccuracy"},
            new String[] {"dataset=%20", "dataset"},
            new String[] {"tag=two%20words", "tag"},
            new String[] {"sort=speed", "sort"},
            new String[] {"sort=accuracy,sideways", "sort"},
            new String[] {"page=-1", "page"},
            new String[] {"size=0", "size"},
            new String[] {"size=201", "size"})) {
      mvc.perform(get(URI.create("/api/v1/models?" + bad[0])))
          .andExpect(status().isBadRequest())
          .andExpect(jsonPath("$.errors[0].parameter").value(bad[1]));
    }
    mvc.perform(get("/api/v1/models?family=lstm"))
        .andExpect(
            jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString("mlp")));
    mvc.perform(get("/api/v1/models?minAccuracy=high"))
        .andExpect(jsonPath("$.errors[0].message").value("must be a number, was 'high'"));
    mvc.perform(get("/api/v1/models?page=99999999999"))
        .andExpect(
            jsonPath("$.errors[0].message")
                .value("must be an integer of at most 2147483647, was '99999999999'"));
  }
}
