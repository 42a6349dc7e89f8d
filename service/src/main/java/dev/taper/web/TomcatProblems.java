package dev.taper.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests Tomcat refuses before Spring sees them (a malformed URI, an illegal character) answered
 * as problem+json like every other error, not as Tomcat's HTML page; and an encoded slash ({@code
 * %2F}) in a path passed on to Spring, which then says which path parameter is wrong.
 */
@Component
class TomcatProblems implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    factory.addConnectorCustomizers(
        connector -> connector.setEncodedSolidusHandling(EncodedSolidusHandling.DECODE.getValue()));
    factory.addContextCustomizers(
        context -> {
          if (context.getParent() instanceof StandardHost host) {
            host.setErrorReportValveClass(ProblemValve.class.getName());
          }
        });
  }

  /** Tomcat's last word on a failed request, as problem+json without a stack trace. */
  public static final class ProblemValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void report(Request request, Response response, Throwable cause) {
      int status = response.getStatus();
      if (status < 400 || response.isCommitted() || response.getContentWritten() > 0) {
        return;
      }
      HttpStatus known = HttpStatus.resolve(status);
      String title = known == null ? "Error " + status : known.getReasonPhrase();
      String message =
          status < 500
              ? "could not be read as an HTTP request to this service"
              : "failed in the server before reaching Taper";
      ProblemDetail problem =
          Problems.of(
              HttpStatus.valueOf(status),
              status < 500 ? "malformed-request" : "internal-error",
              title,
              List.of(ProblemItem.path(path(request), message)));
      // Spring's own mapper is not at hand here: the document is written as Spring writes it
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("type", problem.getType().toString());
      body.put("title", problem.getTitle());
      body.put("status", problem.getStatus());
      body.put("detail", problem.getDetail());
      body.putAll(problem.getProperties());
      try {
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        Writer writer = response.getReporter();
        if (writer != null) {
          writer.write(JSON.writeValueAsString(body));
          response.finishResponse();
        }
      } catch (IOException | IllegalStateException e) {
        // the client went away, or the response could not be written: nothing more to say
      }
    }

    /** The path as sent, or "/" when not even that could be read. */
    private static String path(Request request) {
      String uri = request.getRequestURI();
      return uri == null || uri.isEmpty() ? "/" : uri;
    }
  }
}
