package dev.taper.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.core.StreamReadFeature;

/**
 * The API reads and writes JSON only. Spring registers a YAML converter because the OpenAPI library
 * brings Jackson 2's YAML module, and that converter cannot read or write the Jackson 3 types the
 * API's records hold: a YAML request body failed with a 500, and a YAML answer held Jackson's node
 * internals instead of the spec. Without it, YAML is refused like any other media type (415, 406).
 * And the JSON is strict: a body that names a field twice is refused, not read as its last value.
 */
@Configuration(proxyBeanMethods = false)
class JsonOnly implements WebMvcConfigurer {

  private static final MediaType YAML = MediaType.parseMediaType("application/yaml");

  @Bean
  JsonMapperBuilderCustomizer duplicateFieldsRefused() {
    return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
  }

  @Override
  public void configureMessageConverters(HttpMessageConverters.ServerBuilder converters) {
    converters.configureMessageConvertersList(
        list ->
            list.removeIf(
                converter ->
                    converter.getSupportedMediaTypes().stream()
                        .anyMatch(YAML::equalsTypeAndSubtype)));
  }
}
