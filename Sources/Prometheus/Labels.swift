/// `__name__` out of a label set; "" when the series has none (e.g. after `sum()`).
public func metricName(_ labels: [String: String]) -> String {
  labels["__name__"] ?? ""
}

/// `{instance="a:9100",job="node"}`: names sorted, values escaped as in PromQL,
/// names that are not classic identifiers quoted (Prometheus 3 UTF-8 names).
/// With `excludingName`, `__name__` is left out and nothing at all is returned
/// when no other label remains, so `metricName(l) + formatLabels(l, excludingName: true)`
/// reads `up` rather than `up{}`. A set with no labels at all is `{}`.
public func formatLabels(_ labels: [String: String], excludingName: Bool) -> String {
  let names = labels.keys.filter { !(excludingName && $0 == "__name__") }.sorted()
  if names.isEmpty {
    return excludingName && labels["__name__"] != nil ? "" : "{}"
  }
  var out = "{"
  for (i, name) in names.enumerated() {
    if i > 0 { out += "," }
    out += isClassicLabelName(name) ? name : quoteLabelText(name)
    out += "="
    out += quoteLabelText(labels[name] ?? "")
  }
  return out + "}"
}

/// `[a-zA-Z_][a-zA-Z0-9_]*`, the names that need no quotes.
public func isClassicLabelName(_ name: String) -> Bool {
  var first = true
  for b in name.utf8 {
    let letter = (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
    let digit = b >= 0x30 && b <= 0x39
    guard letter || (!first && digit) else { return false }
    first = false
  }
  return !first
}

/// Double quotes with `\\`, `\"` and `\n` escaped: what PromQL and the
/// exposition format both read back.
public func quoteLabelText(_ text: String) -> String {
  var out = "\""
  for scalar in text.unicodeScalars {
    switch scalar {
    case "\\": out += "\\\\"
    case "\"": out += "\\\""
    case "\n": out += "\\n"
    default: out.unicodeScalars.append(scalar)
    }
  }
  return out + "\""
}
