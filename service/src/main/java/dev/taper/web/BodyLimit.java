package dev.taper.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps JSON request bodies: a spec is a few kilobytes, and a client that streams megabytes at the
 * API should get a 413 rather than have them buffered and parsed. Multipart uploads have their own,
 * larger limit ({@code taper.datasets.max-upload-size}).
 */
@Component
class BodyLimit extends OncePerRequestFilter {

  static final long MAX_JSON_BYTES = 1024 * 1024;

  static String describe() {
    return MAX_JSON_BYTES / (1024 * 1024) + " MB";
  }

  /** Whether reading a body failed because it went over the limit. */
  static boolean exceeded(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TooLarge) {
        return true;
      }
    }
    return false;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    chain.doFilter(json(request) ? new Limited(request) : request, response);
  }

  private static boolean json(HttpServletRequest request) {
    String type = request.getContentType();
    if (type == null) {
      return false;
    }
    try {
      MediaType media = MediaType.parseMediaType(type);
      return media.isCompatibleWith(MediaType.APPLICATION_JSON)
          || media.getSubtype().endsWith("+json");
    } catch (RuntimeException unparsable) {
      return false;
    }
  }

  /** Thrown while reading a body past the limit. */
  static final class TooLarge extends IOException {
    TooLarge() {
      super("the request body is over " + describe());
    }
  }

  private static final class Limited extends HttpServletRequestWrapper {

    Limited(HttpServletRequest request) {
      super(request);
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (getContentLengthLong() > MAX_JSON_BYTES) {
        throw new TooLarge();
      }
      ServletInputStream in = super.getInputStream();
      return new ServletInputStream() {
        private long read;

        @Override
        public int read() throws IOException {
          int b = in.read();
          if (b >= 0) {
            count(1);
          }
          return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
          int n = in.read(buffer, offset, length);
          if (n > 0) {
            count(n);
          }
          return n;
        }

        private void count(int n) throws TooLarge {
          read += n;
          if (read > MAX_JSON_BYTES) {
            throw new TooLarge();
          }
        }

        @Override
        public boolean isFinished() {
          return in.isFinished();
        }

        @Override
        public boolean isReady() {
          return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
          in.setReadListener(listener);
        }
      };
    }
  }
}
