package dev.ecsbootstrap.validate;

import dev.ecsbootstrap.JsonText;
import dev.ecsbootstrap.Problem;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every problem of every file checked, in order; values never appear, only lines and keys. */
public record ValidationReport(Map<String, List<Problem>> problemsByFile) {

  public ValidationReport {
    problemsByFile = Collections.unmodifiableMap(new LinkedHashMap<>(problemsByFile));
  }

  /** No errors (warnings allowed). */
  public boolean valid() {
    return problemsByFile.values().stream().flatMap(List::stream).noneMatch(Problem::isError);
  }

  /** Compiler style: {@code FILE:LINE: error|warning: message}. */
  public List<String> lines() {
    return problemsByFile.entrySet().stream()
        .flatMap(entry -> entry.getValue().stream().map(problem -> problem.render(entry.getKey())))
        .toList();
  }

  public String toJson() {
    return JsonText.object(
        json -> {
          json.writeBooleanField("valid", valid());
          json.writeArrayFieldStart("problems");
          for (Map.Entry<String, List<Problem>> entry : problemsByFile.entrySet()) {
            JsonText.problems(json, entry.getKey(), entry.getValue());
          }
          json.writeEndArray();
        });
  }
}
