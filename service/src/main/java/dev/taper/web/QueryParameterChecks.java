package dev.taper.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collection;
import java.util.Map;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Refuses a query parameter that holds a NUL character (PostgreSQL's text cannot, so a filter on
 * one failed with a 500), and one given more than once where the endpoint reads one value. Spring
 * would otherwise bind such a parameter in a way that depends on its type: a string joins the
 * values with commas (matching nothing, or quoted back in an error as a value nobody typed), an
 * enum takes the first, so {@code ?role=THIN&role=WIDE} silently lists THIN models only. Parameters
 * an endpoint reads as a list ({@code tag}, {@code ids}) may repeat.
 */
@Configuration(proxyBeanMethods = false)
class QueryParameterChecks implements WebMvcConfigurer, HandlerInterceptor {

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
    for (MethodParameter parameter : method.getMethodParameters()) {
      RequestParam annotation = parameter.getParameterAnnotation(RequestParam.class);
      if (annotation == null || takesSeveral(parameter.getParameterType())) {
        continue;
      }
      String name = name(annotation, parameter);
      String[] values = name == null ? null : request.getParameterValues(name);
      if (values != null && values.length > 1) {
        throw ApiException.invalidParameter(
            name, "is given " + values.length + " times; give it once");
      }
    }
    return true;
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
