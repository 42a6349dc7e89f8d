package dev.taper.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 requests written byte for byte, so that a test can send what no HTTP client library
 * would: illegal characters, lying lengths, bodies cut short.
 */
final class RawHttp {

  private static final int TIMEOUT_MILLIS = 30_000;

  private RawHttp() {}

  /** A response as read off the socket. */
  record Response(int status, String contentType, String body) {}

  /**
   * @param cutShort close the sending side after the request, as a client that dies half-way does
   */
  static Response send(int port, byte[] request, boolean cutShort) {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(TIMEOUT_MILLIS);
      socket.getOutputStream().write(request);
      socket.getOutputStream().flush();
      if (cutShort) {
        socket.shutdownOutput();
      }
      return parse(readAll(socket.getInputStream()));
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no answer within " + TIMEOUT_MILLIS + " ms", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }

  private static Response parse(byte[] raw) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new AssertionError("not an HTTP response: " + text);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    String contentType = null;
    boolean chunked = false;
    for (String line : lines) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-type:")) {
        contentType = line.substring("content-type:".length()).trim();
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    String body = text.substring(end + 4);
    return new Response(
        status,
        contentType,
        new String(
            (chunked ? dechunk(body) : body).getBytes(StandardCharsets.ISO_8859_1),
            StandardCharsets.UTF_8));
  }

  private static String dechunk(String body) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (at < body.length()) {
      int lineEnd = body.indexOf("\r\n", at);
      int size = Integer.parseInt(body.substring(at, lineEnd).trim(), 16);
      if (size == 0) {
        break;
      }
      out.append(body, lineEnd + 2, lineEnd + 2 + size);
      at = lineEnd + 2 + size + 2;
    }
    return out.toString();
  }

  /** A request with a Content-Length that tells the truth, unless {@code length} is given. */
  static byte[] request(String method, String target, String headers, byte[] body) {
    String head =
        method
            + " "
            + target
            + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
            + headers
            + (body == null
                ? ""
                : headers.toLowerCase(Locale.ROOT).contains("content-length:")
                    ? ""
                    : "Content-Length: " + body.length + "\r\n")
            + "\r\n";
    byte[] start = head.getBytes(StandardCharsets.ISO_8859_1);
    if (body == null) {
      return start;
    }
    byte[] all = new byte[start.length + body.length];
    System.arraycopy(start, 0, all, 0, start.length);
    System.arraycopy(body, 0, all, start.length, body.length);
    return all;
  }
}
