import Formats
import Vocabulary
/// `data` of `/api/v1/series`: one label set per matching series.
public func decodeSeriesList(_ data: JSON?) throws(PromDecodeError) -> [[String: String]] {
  try JSONShape.elements(data, at: "data", JSONShape.labels)
}

/// `data` of `/api/v1/labels` and `/api/v1/label/NAME/values`.
public func decodeStringList(_ data: JSON?) throws(PromDecodeError) -> [String] {
  try JSONShape.strings(data, at: "data")
}
