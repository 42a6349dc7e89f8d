package dev.taper.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The plain rules of a style sheet (selector and declarations), enough for contrast checks. */
final class CssRules {

  record Rule(String selector, Map<String, String> declarations) {}

  private static final Pattern RULE = Pattern.compile("([^{}]+)\\{([^{}]*)}");

  private CssRules() {}

  static List<Rule> parse(String css) {
    String plain = css.replaceAll("(?s)/\\*.*?\\*/", "");
    List<Rule> rules = new ArrayList<>();
    Matcher m = RULE.matcher(plain);
    while (m.find()) {
      Map<String, String> declarations = new LinkedHashMap<>();
      for (String declaration : m.group(2).split(";")) {
        int colon = declaration.indexOf(':');
        if (colon > 0) {
          declarations.put(
              declaration.substring(0, colon).strip(), declaration.substring(colon + 1).strip());
        }
      }
      rules.add(new Rule(m.group(1).strip(), declarations));
    }
    return rules;
  }
}
