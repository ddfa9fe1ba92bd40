package dev.ecsbootstrap.ecsconfig;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A fragment as lines of text, each with the ending it has when another line follows, and whether
 * the last one ends too. Immutable, so a defect can edit a copy of a valid fragment. The lines hold
 * (fake) credentials: {@link #toString()} shows only their count.
 */
final class FragmentDraft {
  private final List<String> lines;
  private final List<String> endings;
  private final boolean finalNewline;

  FragmentDraft(List<String> lines, List<String> endings, boolean finalNewline) {
    if (lines.size() != endings.size()) {
      throw new IllegalArgumentException("one ending per line");
    }
    this.lines = List.copyOf(lines);
    this.endings = List.copyOf(endings);
    this.finalNewline = finalNewline;
  }

  int size() {
    return lines.size();
  }

  String line(int index) {
    return lines.get(index);
  }

  /** The index of the line that sets {@code key}, indented or not. */
  int lineOf(String key) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).stripLeading().startsWith(key + "=")) {
        return i;
      }
    }
    throw new IllegalArgumentException("no line sets " + key);
  }

  /** Replaces the line that sets {@code key} with {@code text}, keeping its indentation. */
  FragmentDraft withSettingLine(String key, String text) {
    int index = lineOf(key);
    String line = lines.get(index);
    String indentation = line.substring(0, line.length() - line.stripLeading().length());
    return withLine(index, indentation + text);
  }

  FragmentDraft withLine(int index, String text) {
    List<String> edited = new ArrayList<>(lines);
    edited.set(index, text);
    return new FragmentDraft(edited, endings, finalNewline);
  }

  /** Inserts {@code text} before line {@code index} ({@link #size()} appends it). */
  FragmentDraft withLineInserted(int index, String text) {
    List<String> editedLines = new ArrayList<>(lines);
    List<String> editedEndings = new ArrayList<>(endings);
    String ending = endings.isEmpty() ? "\n" : endings.get(Math.min(index, endings.size() - 1));
    editedLines.add(index, text);
    editedEndings.add(index, ending);
    return new FragmentDraft(editedLines, editedEndings, finalNewline);
  }

  FragmentDraft withoutLine(int index) {
    List<String> editedLines = new ArrayList<>(lines);
    List<String> editedEndings = new ArrayList<>(endings);
    editedLines.remove(index);
    editedEndings.remove(index);
    return new FragmentDraft(editedLines, editedEndings, finalNewline);
  }

  byte[] render() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      text.append(lines.get(i));
      if (i < lines.size() - 1 || finalNewline) {
        text.append(endings.get(i));
      }
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "FragmentDraft[" + lines.size() + " lines]";
  }
}
