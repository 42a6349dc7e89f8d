package dev.taper.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Refuses query parameters an endpoint would misread:
 *
 * <ul>
 *   <li>one that holds a NUL character (PostgreSQL's text cannot, so a filter on one failed with a
 *       500);
 *   <li>on the API, one the endpoint does not read ({@code experiments?sort=name} answered 200 in
 *       the default order, as if it had sorted), and one it reads given without a value ({@code
 *       experiments?tag=} filtered nothing, {@code ?status=} listed every status);
 *   <li>one given more than once where the endpoint reads one value. Spring would otherwise bind it
 *       in a way that depends on its type: a string joins the values with commas (matching nothing,
 *       or quoted back in an error as a value nobody typed), an enum takes the first, so {@code
 *       ?role=THIN&role=WIDE} silently lists THIN models only. Parameters an endpoint reads as a
 *       list ({@code tag}, {@code ids}) may repeat.
 * </ul>
 *
 * Only the query string is checked for names and values: a multipart upload's form fields are the
 * upload's own to judge.
 */
@Configuration(proxyBeanMethods = false)
class QueryParameterChecks implements WebMvcConfigurer, HandlerInterceptor {

  private static final String API_PATH = "/api/";

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(this);
  }

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    for (Map.Entry<String, String[]> given : request.getParameterMap().entrySet()) {
      for (String value : given.getValue()) {
        if (value.indexOf('\u0000') >= 0) {
          throw ApiException.invalidParameter(
              given.getKey(), "must not contain the NUL character (%00)");
        }
      }
    }
    if (!(handler instanceof HandlerMethod method)) {
      return true;
    }
    Set<String> read = new LinkedHashSet<>();
    for (MethodParameter parameter : method.getMethodParameters()) {
      RequestParam annotation = parameter.getParameterAnnotation(RequestParam.class);
      if (annotation == null) {
        continue;
      }
      String name = name(annotation, parameter);
      if (name == null) {
        continue;
      }
      read.add(name);
      String[] values = request.getParameterValues(name);
      if (!takesSeveral(parameter.getParameterType()) && values != null && values.length > 1) {
        throw ApiException.invalidParameter(
            name, "is given " + values.length + " times; give it once");
      }
    }
    if (request.getRequestURI().startsWith(request.getContextPath() + API_PATH)) {
      checkQueryString(request.getQueryString(), read);
    }
    return true;
  }

  private static void checkQueryString(String query, Set<String> read) {
    if (query == null || query.isEmpty()) {
      return;
    }
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
      if (!read.contains(name)) {
        throw ApiException.invalidParameter(name, unknown(read));
      }
      if (value.isEmpty()) {
        throw ApiException.invalidParameter(name, "has no value: give one, or leave it out");
      }
    }
  }

  private static String unknown(Set<String> read) {
    if (read.isEmpty()) {
      return "is not a parameter of this endpoint, which takes none";
    }
    return "is not a parameter of this endpoint, which takes " + String.join(", ", read);
  }

  private static String decode(String raw) {
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      // Tomcat has already refused a malformed escape before a handler is chosen
      return raw;
    }
  }

  private static boolean takesSeveral(Class<?> type) {
    return type.isArray()
        || Collection.class.isAssignableFrom(type)
        || Map.class.isAssignableFrom(type);
  }

  private static String name(RequestParam annotation, MethodParameter parameter) {
    if (!annotation.name().isEmpty()) {
      return annotation.name();
    }
    if (!annotation.value().isEmpty()) {
      return annotation.value();
    }
    return parameter.getParameterName();
  }
}
