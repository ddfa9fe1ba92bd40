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
 * The intrinsics a template's policy documents use, {@code Ref}, the one-argument {@code Fn::Sub}
 * and {@code Fn::If} on a condition built from {@code Fn::Equals} and {@code Fn::Not}, resolved
 * from given values, as CloudFormation would. Anything else fails: a template change that needs
 * more must show up here rather than be enforced half-resolved.
 */
final class Intrinsics {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

  private Intrinsics() {}

  static JsonNode resolve(JsonNode node, Map<String, String> values) {
    return resolve(node, values, JsonNodeFactory.instance.objectNode());
  }

  /** {@code conditions} is the template's {@code Conditions} section. */
  static JsonNode resolve(JsonNode node, Map<String, String> values, JsonNode conditions) {
    if (node.isArray()) {
      ArrayNode resolved = JsonNodeFactory.instance.arrayNode();
      node.forEach(element -> resolved.add(resolve(element, values, conditions)));
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
    if (node.size() == 1 && node.has("Fn::If")) {
      JsonNode choice = node.get("Fn::If");
      boolean holds = holds(conditions.path(choice.get(0).asText()), values, conditions);
      return resolve(choice.get(holds ? 1 : 2), values, conditions);
    }
    ObjectNode resolved = JsonNodeFactory.instance.objectNode();
    node.fields()
        .forEachRemaining(
            field -> {
              if (field.getKey().startsWith("Fn::")) {
                throw new IllegalArgumentException("unsupported intrinsic " + field.getKey());
              }
              resolved.set(field.getKey(), resolve(field.getValue(), values, conditions));
            });
    return resolved;
  }

  private static boolean holds(JsonNode condition, Map<String, String> values, JsonNode all) {
    if (condition.has("Fn::Not")) {
      return !holds(condition.get("Fn::Not").get(0), values, all);
    }
    if (condition.has("Fn::Equals")) {
      JsonNode operands = condition.get("Fn::Equals");
      return resolve(operands.get(0), values, all).equals(resolve(operands.get(1), values, all));
    }
    throw new IllegalArgumentException("unsupported condition " + condition);
  }

  private static String value(String name, Map<String, String> values) {
    String value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException("no value for " + name);
    }
    return value;
  }
}
