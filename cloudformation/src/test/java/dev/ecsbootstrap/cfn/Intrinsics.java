package dev.ecsbootstrap.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two intrinsics a template's policy documents use, {@code Ref} and the one-argument {@code
 * Fn::Sub}, resolved from given values, as CloudFormation would. Anything else fails: a template
 * change that needs more must show up here rather than be enforced half-resolved.
 */
final class Intrinsics {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

  private Intrinsics() {}

  static JsonNode resolve(JsonNode node, Map<String, String> values) {
    if (node.isArray()) {
      ArrayNode resolved = JsonNodeFactory.instance.arrayNode();
      node.forEach(element -> resolved.add(resolve(element, values)));
      return resolved;
    }
    if (!node.isObject()) {
      return node;
    }
    if (node.size() == 1 && node.has("Ref")) {
      return TextNode.valueOf(value(node.get("Ref").asText(), values));
    }
    if (node.size() == 1 && node.has("Fn::Sub") && node.get("Fn::Sub").isTextual()) {
      Matcher variables = VARIABLE.matcher(node.get("Fn::Sub").asText());
      return TextNode.valueOf(
          variables.replaceAll(
              variable -> Matcher.quoteReplacement(value(variable.group(1), values))));
    }
    ObjectNode resolved = JsonNodeFactory.instance.objectNode();
    node.fields()
        .forEachRemaining(
            field -> {
              if (field.getKey().startsWith("Fn::")) {
                throw new IllegalArgumentException("unsupported intrinsic " + field.getKey());
              }
              resolved.set(field.getKey(), resolve(field.getValue(), values));
            });
    return resolved;
  }

  private static String value(String name, Map<String, String> values) {
    String value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException("no value for " + name);
    }
    return value;
  }
}
