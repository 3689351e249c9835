import Formats
import Vocabulary
/// One value at one time. Prometheus timestamps are seconds (with milliseconds
/// as the fraction).
public struct Point: Equatable, Sendable {
  public var timestamp: Double
  public var value: Double
  public init(timestamp: Double, value: Double) {
    self.timestamp = timestamp
    self.value = value
  }
}

/// One element of an instant vector.
public struct Sample: Equatable, Sendable {
  public var labels: [String: String]
  public var point: Point
  public init(labels: [String: String], point: Point) {
    self.labels = labels
    self.point = point
  }
}

/// One series of a range query (a matrix row).
public struct Series: Equatable, Sendable {
  public var labels: [String: String]
  public var points: [Point]
  public init(labels: [String: String], points: [Point]) {
    self.labels = labels
    self.points = points
  }
}

/// The `data` of `/api/v1/query` and `/api/v1/query_range`, by `resultType`.
public enum QueryResult: Equatable, Sendable {
  case vector([Sample])
  case matrix([Series])
  case scalar(Point)
  case string(timestamp: Double, value: String)

  public var resultType: String {
    switch self {
    case .vector: "vector"
    case .matrix: "matrix"
    case .scalar: "scalar"
    case .string: "string"
    }
  }

  /// Reads `PromEnvelope.data`. Native-histogram samples are refused with a
  /// message pointing at `-o json`, rather than shown as a made-up number.
  public static func decode(_ data: JSON?) throws(PromDecodeError) -> QueryResult {
    let object = try JSONShape.object(data, at: "data")
    let type = try JSONShape.string(object["resultType"], at: "data.resultType")
    let result = object["result"]
    switch type {
    case "vector":
      return .vector(
        try JSONShape.elements(result, at: "data.result", required: true) { item, path throws(PromDecodeError) in
          let (entry, labels) = try seriesEntry(item, at: path, values: "value", histograms: "histogram")
          return Sample(labels: labels, point: try point(entry["value"], at: "\(path).value"))
        })
    case "matrix":
      return .matrix(
        try JSONShape.elements(result, at: "data.result", required: true) { item, path throws(PromDecodeError) in
          let (entry, labels) = try seriesEntry(item, at: path, values: "values", histograms: "histograms")
          return Series(labels: labels, points: try JSONShape.elements(entry["values"], at: "\(path).values", point))
        })
    case "scalar":
      return .scalar(try point(result, at: "data.result"))
    case "string":
      let pair = try JSONShape.array(result, at: "data.result")
      guard pair.count == 2 else {
        throw PromDecodeError("Prometheus response: data.result should be [time, \"text\"], found \(pair.count) elements")
      }
      return .string(
        timestamp: try timestamp(pair[0], at: "data.result[0]"),
        value: try JSONShape.string(pair[1], at: "data.result[1]"))
    default:
      throw PromDecodeError("Prometheus response: unknown resultType '\(type)' (vector, matrix, scalar, string)")
    }
  }

  /// Seconds since 1970 between the years 1 and 9999 (RFC 3339's range):
  /// anything else is not a time a sample was taken at, and milliseconds
  /// of it would not fit the integers a timestamp is shown from.
  static func timestamp(_ value: JSON?, at path: String) throws(PromDecodeError) -> Double {
    let t = try JSONShape.number(value, at: path)
    guard t.isFinite, t >= -62_135_596_800, t <= 253_402_300_799 else {
      throw PromDecodeError("Prometheus response: \(path) timestamp \(t) is not a time between the years 1 and 9999")
    }
    return t
  }

  /// `[1712345678.123, "42"]`.
  static func point(_ value: JSON?, at path: String) throws(PromDecodeError) -> Point {
    let pair = try JSONShape.array(value, at: path)
    guard pair.count == 2 else {
      throw PromDecodeError("Prometheus response: \(path) should be [time, \"value\"], found \(pair.count) elements")
    }
    let time = try timestamp(pair[0], at: "\(path)[0]")
    let text = try JSONShape.string(pair[1], at: "\(path)[1]")
    guard let number = SampleValue.parse(text) else {
      throw PromDecodeError("Prometheus response: \(path)[1] '\(text.prefix(40))' is not a sample value")
    }
    return Point(timestamp: time, value: number)
  }

  /// A vector sample and a matrix series carry labels and native histograms
  /// the same way, under their own keys. Histograms are refused before the
  /// values are read, since a histogram series has none to read.
  private static func seriesEntry(
    _ item: JSON, at path: String, values: String, histograms: String
  ) throws(PromDecodeError) -> (entry: JSONObject, labels: [String: String]) {
    let entry = try JSONShape.object(item, at: path)
    let labels = try JSONShape.labels(entry["metric"], at: "\(path).metric")
    if entry[values] == nil, entry[histograms] != nil { throw histogramRefusal(labels) }
    return (entry, labels)
  }

  private static func histogramRefusal(_ labels: [String: String]) -> PromDecodeError {
    let name = metricName(labels) + formatLabels(labels, excludingName: true)
    return PromDecodeError(
      "series \(name.isEmpty ? "{}" : name) holds native histogram samples, which this view cannot show; use -o json")
  }
}
