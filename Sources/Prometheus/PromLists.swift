/// `data` of `/api/v1/series`: one label set per matching series.
public func decodeSeriesList(_ data: Any?) throws(PromDecodeError) -> [[String: String]] {
  let items = try JSONShape.optionalArray(data, at: "data")
  var sets: [[String: String]] = []
  sets.reserveCapacity(items.count)
  for (i, item) in items.enumerated() {
    sets.append(try JSONShape.labels(item, at: "data[\(i)]"))
  }
  return sets
}

/// `data` of `/api/v1/labels` and `/api/v1/label/NAME/values`.
public func decodeStringList(_ data: Any?) throws(PromDecodeError) -> [String] {
  try JSONShape.strings(data, at: "data")
}
