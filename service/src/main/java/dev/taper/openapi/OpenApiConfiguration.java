package dev.taper.openapi;

import dev.taper.web.ApiRole;
import dev.taper.web.ApiTags;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The contract's front matter: what the API is, its licence, where it is served, that it asks for
 * no credentials, and the groups its operations fall in.
 */
@Configuration(proxyBeanMethods = false)
@ApiRole
class OpenApiConfiguration {

  static final String DESCRIPTION =
      """
      Taper trains a deep thin network by "going wide, then narrow": a WIDE network is trained, \
      a thin one imitates its layers (WARMED) and is fine-tuned on the labels (THIN), with \
      SCRATCH, KD and DEEPER baselines beside it.

      **Errors.** Every error is `application/problem+json` (RFC 9457): `type`, `title`, \
      `status`, a readable `detail`, and `errors`, one item per thing wrong, each naming where it \
      is (`field` of the body, query or path `parameter`, `header`, multipart `part`, or the \
      request `path`) and a `message`.

      **Security.** The API is public for now: it declares no security scheme and asks for no \
      credentials (`security: []`). Run it on a trusted network, or behind a proxy that \
      authenticates.
      """;

  @Bean
  OpenAPI taperOpenApi(
      @Value("${taper.api.license.name:Apache License 2.0}") String licenseName,
      @Value("${taper.api.license.identifier:Apache-2.0}") String licenseIdentifier) {
    return new OpenAPI()
        .info(
            new Info()
                .title("Taper API")
                .version("v1")
                .summary("Training deep thin networks as a service")
                .description(DESCRIPTION)
                .license(new License().name(licenseName).identifier(licenseIdentifier)))
        .servers(List.of(new Server().url("/").description("The Taper serving this document")))
        .security(List.of())
        .tags(
            List.of(
                tag(ApiTags.DATASETS, "Registered datasets: the built-in ones and uploads"),
                tag(
                    ApiTags.EXPERIMENTS,
                    "Experiments: submit a spec, follow its stages, find it by status or tag"),
                tag(ApiTags.JOBS, "Stage jobs: live progress and recorded metric history"),
                tag(ApiTags.MODELS, "Trained models: search, records, lineage and downloads")));
  }

  private static Tag tag(String name, String description) {
    return new Tag().name(name).description(description);
  }
}
