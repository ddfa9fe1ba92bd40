package dev.ecsbootstrap.testing.s3;

import com.sun.net.httpserver.HttpExchange;
import dev.ecsbootstrap.testing.http.LoopbackHttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * An error as S3 writes it: status, {@code application/xml} body {@code
 * <Error><Code/><Message/>...<RequestId/><HostId/></Error>}, {@code x-amz-request-id}. A HEAD
 * answer has no body, as on S3, so clients read the status and headers only.
 */
record S3ErrorResponse(
    int status,
    String code,
    String message,
    Map<String, String> elements,
    Map<String, String> headers) {

  S3ErrorResponse {
    elements = Map.copyOf(elements);
    headers = Map.copyOf(headers);
  }

  static S3ErrorResponse of(int status, String code, String message) {
    return new S3ErrorResponse(status, code, message, Map.of(), Map.of());
  }

  S3ErrorResponse with(String element, String value) {
    Map<String, String> more = new LinkedHashMap<>(elements);
    more.put(element, value);
    return new S3ErrorResponse(status, code, message, more, headers);
  }

  S3ErrorResponse withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new S3ErrorResponse(status, code, message, elements, more);
  }

  String xml(String requestId) {
    StringBuilder xml =
        new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>")
            .append(escape(code))
            .append("</Code><Message>")
            .append(escape(message))
            .append("</Message>");
    // Map.copyOf loses order; S3 clients read elements by name, so order does not matter.
    elements.forEach(
        (name, value) ->
            xml.append('<')
                .append(name)
                .append('>')
                .append(escape(value))
                .append("</")
                .append(name)
                .append('>'));
    return xml.append("<RequestId>")
        .append(requestId)
        .append("</RequestId><HostId>strict-s3-front</HostId></Error>")
        .toString();
  }

  void send(HttpExchange exchange) throws IOException {
    String requestId = UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
    exchange.getResponseHeaders().set("x-amz-request-id", requestId);
    headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    LoopbackHttpServer.respond(
        exchange, status, "application/xml", xml(requestId).getBytes(StandardCharsets.UTF_8));
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&apos;");
  }
}
