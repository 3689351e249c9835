import Formats
import Vocabulary
/// One active scrape target from `/api/v1/targets`.
public struct PromTarget: Equatable, Sendable {
  public var labels: [String: String]
  public var scrapePool: String
  public var scrapeUrl: String
  /// "up", "down" or "unknown".
  public var health: String
  /// nil when the last scrape succeeded.
  public var lastError: String?
  /// As Prometheus wrote it (RFC 3339); nil when never scraped.
  public var lastScrape: String?
  public var lastScrapeSeconds: Double?
  /// Seconds the last scrape took.
  public var lastScrapeDuration: Double?

  public init(
    labels: [String: String], scrapePool: String, scrapeUrl: String, health: String, lastError: String? = nil,
    lastScrape: String? = nil, lastScrapeSeconds: Double? = nil, lastScrapeDuration: Double? = nil
  ) {
    self.labels = labels
    self.scrapePool = scrapePool
    self.scrapeUrl = scrapeUrl
    self.health = health
    self.lastError = lastError
    self.lastScrape = lastScrape
    self.lastScrapeSeconds = lastScrapeSeconds
    self.lastScrapeDuration = lastScrapeDuration
  }
}

/// `data` of `/api/v1/targets`.
public struct PromTargetList: Equatable, Sendable {
  public var active: [PromTarget]
  /// Targets relabelling dropped. Newer Prometheus versions count them per pool
  /// in `droppedTargetCounts` and may list none; the larger figure wins.
  public var droppedCount: Int

  public init(active: [PromTarget], droppedCount: Int) {
    self.active = active
    self.droppedCount = droppedCount
  }

  public static func decode(_ data: JSON?) throws(PromDecodeError) -> PromTargetList {
    let object = try JSONShape.object(data, at: "data")
    let active = try JSONShape.elements(object["activeTargets"], at: "data.activeTargets", required: true) {
      item, path throws(PromDecodeError) in
      let entry = try JSONShape.object(item, at: path)
      let lastError = try JSONShape.optionalString(entry["lastError"], at: "\(path).lastError")
      let lastScrape = try JSONShape.optionalString(entry["lastScrape"], at: "\(path).lastScrape")
      let seconds = lastScrape.flatMap(parseRFC3339)
      return PromTarget(
        labels: try JSONShape.labels(entry["labels"], at: "\(path).labels"),
        scrapePool: try JSONShape.optionalString(entry["scrapePool"], at: "\(path).scrapePool") ?? "",
        scrapeUrl: try JSONShape.optionalString(entry["scrapeUrl"], at: "\(path).scrapeUrl") ?? "",
        health: try JSONShape.optionalString(entry["health"], at: "\(path).health") ?? "unknown",
        lastError: lastError?.isEmpty == true ? nil : lastError,
        lastScrape: seconds == nil ? nil : lastScrape,
        lastScrapeSeconds: seconds,
        lastScrapeDuration: try JSONShape.optionalNumber(entry["lastScrapeDuration"], at: "\(path).lastScrapeDuration"))
    }
    let listed = try JSONShape.optionalArray(object["droppedTargets"], at: "data.droppedTargets").count
    var counted = 0
    if !JSONShape.isAbsent(object["droppedTargetCounts"]) {
      let counts = try JSONShape.object(object["droppedTargetCounts"], at: "data.droppedTargetCounts")
      for (pool, raw) in counts.fields {
        let n = try JSONShape.number(raw, at: "data.droppedTargetCounts.\(pool)")
        if n.isFinite, n > 0, n < 1e12 { counted += Int(n) }
      }
    }
    return PromTargetList(active: active, droppedCount: max(listed, counted))
  }
}
