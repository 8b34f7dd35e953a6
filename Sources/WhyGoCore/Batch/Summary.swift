/// `whygo --summary`: what broke the builds of many logs, aggregated.
///
/// Inputs are added in output order (sorted by name), so examples and ties are deterministic.
public struct BatchSummary: Sendable {
    public struct Cause: Sendable {
        public var id: String
        /// Inputs whose first error finding has this root cause.
        public var count = 0
        /// Of those, how many the finding called transient (a retry may help).
        public var transient = 0
        public var firstSeen: Int?
        public var lastSeen: Int?
        /// Up to 3 input names.
        public var examples: [String] = []
    }

    public struct Ranked: Sendable {
        public var value: String
        /// Inputs with a failure that involve it.
        public var count: Int
    }

    public var inputs = 0
    public var withFailure = 0
    public var withoutFailure = 0
    public var unreadable = 0
    /// Inputs with a failure whose first error is `cause-not-shown`.
    public var notShown = 0
    public private(set) var causes: [String: Cause] = [:]
    private var modules: [String: Int] = [:]
    private var hosts: [String: Int] = [:]
    private var goVersions: [String: Int] = [:]
    public private(set) var unknowns = UnknownClusters()

    public static let examplesPerCause = 3
    public static let topCount = 10

    public init() {}

    public mutating func add(_ result: InputResult) {
        inputs += 1
        if result.error != nil {
            unreadable += 1
            return
        }
        unknowns.add(result.unknownLines, input: result.name)
        guard let first = result.firstError else {
            withoutFailure += 1
            return
        }
        withFailure += 1
        if first.rootCause == "cause-not-shown" { notShown += 1 }
        var cause = causes[first.rootCause] ?? Cause(id: first.rootCause)
        cause.count += 1
        if first.transient { cause.transient += 1 }
        if let time = result.time {
            cause.firstSeen = min(cause.firstSeen ?? time, time)
            cause.lastSeen = max(cause.lastSeen ?? time, time)
        }
        if cause.examples.count < BatchSummary.examplesPerCause { cause.examples.append(result.name) }
        causes[first.rootCause] = cause

        let errors = result.findings.filter { $0.severity == .error }
        for module in Set(errors.compactMap(\.module)) { modules[module, default: 0] += 1 }
        for host in Set(errors.compactMap { $0.details["host"] }) { hosts[host, default: 0] += 1 }
        var versions = Set(result.findings.flatMap { [$0.details["goVersion"], $0.details["runningVersion"]].compactMap { $0 } })
        if versions.isEmpty, let image = result.goImages.last { versions.insert("golang:" + image) }
        for version in versions { goVersions[version, default: 0] += 1 }
    }

    /// Share of inputs with a failure whose first error names a root cause (not `cause-not-shown`); nil with none.
    public var classificationRate: Double? {
        withFailure == 0 ? nil : Double(withFailure - notShown) / Double(withFailure)
    }

    /// Root causes, most frequent first (ties by id).
    public var rankedCauses: [Cause] {
        causes.values.sorted { ($1.count, $0.id) < ($0.count, $1.id) }
    }

    static func top(_ counts: [String: Int]) -> [Ranked] {
        counts.map { Ranked(value: $0.key, count: $0.value) }
            .sorted { ($1.count, $0.value) < ($0.count, $1.value) }
            .prefix(topCount).map { $0 }
    }

    public var topModules: [Ranked] { BatchSummary.top(modules) }
    public var topHosts: [Ranked] { BatchSummary.top(hosts) }
    public var topGoVersions: [Ranked] { BatchSummary.top(goVersions) }

    // MARK: - Rendering

    static func percent(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "-" }
        let tenths = (part * 1000 + whole / 2) / whole
        return "\(tenths / 10).\(tenths % 10)%"
    }

    static func date(_ time: Int?) -> String { time.map(Timestamps.iso) ?? "-" }

    public func text() -> String {
        var out = "whygo summary\n"
        out += "  inputs read          \(inputs)\n"
        out += "  with a Go module failure  \(withFailure)\n"
        out += "  without              \(withoutFailure)\n"
        out += "  unreadable           \(unreadable)\n"
        out += "  classified           \(classificationRate.map { BatchSummary.percent(Int(($0 * 1000).rounded()), of: 1000) } ?? "-") (first error names a root cause)\n"
        if !causes.isEmpty {
            out += "\nRoot causes (first error of each input)\n"
            let width = max(18, rankedCauses.map(\.id.count).max() ?? 18)
            for cause in rankedCauses {
                out += "  " + cause.id.padded(width) + "  " + String(cause.count).leftPadded(6) + "  "
                    + BatchSummary.percent(cause.count, of: withFailure).leftPadded(6)
                    + "  transient " + BatchSummary.percent(cause.transient, of: cause.count).leftPadded(6)
                    + "  " + BatchSummary.date(cause.firstSeen) + " .. " + BatchSummary.date(cause.lastSeen) + "\n"
                out += "      e.g. " + cause.examples.joined(separator: ", ") + "\n"
            }
        }
        for (title, rows) in [("Top modules", topModules), ("Top hosts", topHosts), ("Go versions", topGoVersions)] where !rows.isEmpty {
            out += "\n\(title)\n"
            for row in rows { out += "  " + String(row.count).leftPadded(6) + "  " + row.value + "\n" }
        }
        let clusters = unknowns.sorted
        if !clusters.isEmpty {
            out += "\nUnknowns (Go error lines no pattern explains)\n"
            for cluster in clusters {
                out += "  " + String(cluster.count).leftPadded(6) + "  " + cluster.shape + "\n"
                out += "          e.g. " + cluster.exampleInput + ": " + cluster.example + "\n"
            }
        }
        return out
    }

    public func json() -> String {
        func ranked(_ rows: [Ranked]) -> String {
            "[" + rows.map { JSON.object([("value", JSON.quote($0.value)), ("count", String($0.count))]) }.joined(separator: ",") + "]"
        }
        func time(_ value: Int?) -> String { value.map { JSON.quote(Timestamps.iso($0)) } ?? "null" }
        func share(_ part: Int, _ whole: Int) -> String { whole == 0 ? "null" : JSON.number(Double(part) / Double(whole)) }
        let causeList = rankedCauses.map { cause in
            JSON.object([
                ("rootCause", JSON.quote(cause.id)), ("count", String(cause.count)),
                ("share", share(cause.count, withFailure)), ("transientShare", share(cause.transient, cause.count)),
                ("firstSeen", time(cause.firstSeen)), ("lastSeen", time(cause.lastSeen)),
                ("examples", "[" + cause.examples.map(JSON.quote).joined(separator: ",") + "]"),
            ])
        }
        let unknownList = unknowns.sorted.map {
            JSON.object([("shape", JSON.quote($0.shape)), ("count", String($0.count)), ("example", JSON.quote($0.example)), ("exampleInput", JSON.quote($0.exampleInput))])
        }
        return JSON.object([
            ("inputs", String(inputs)), ("withFailure", String(withFailure)), ("withoutFailure", String(withoutFailure)),
            ("unreadable", String(unreadable)),
            ("classificationRate", classificationRate.map { JSON.number($0) } ?? "null"),
            ("causes", "[" + causeList.joined(separator: ",") + "]"),
            ("modules", ranked(topModules)), ("hosts", ranked(topHosts)), ("goVersions", ranked(topGoVersions)),
            ("unknowns", "[" + unknownList.joined(separator: ",") + "]"),
        ]) + "\n"
    }

    public func markdown() -> String {
        func cell(_ text: String) -> String { text.replacingAll("|", with: "\\|").replacingAll("\n", with: " ") }
        var out = "## whygo summary\n\n"
        out += "| inputs | with a Go module failure | without | unreadable | classified |\n|---:|---:|---:|---:|---:|\n"
        out += "| \(inputs) | \(withFailure) | \(withoutFailure) | \(unreadable) | \(classificationRate.map { BatchSummary.percent(Int(($0 * 1000).rounded()), of: 1000) } ?? "-") |\n"
        if !causes.isEmpty {
            out += "\n### Root causes\n\n| root cause | inputs | share | transient | first seen | last seen | examples |\n|---|---:|---:|---:|---|---|---|\n"
            for cause in rankedCauses {
                out += "| `\(cause.id)` | \(cause.count) | \(BatchSummary.percent(cause.count, of: withFailure)) | \(BatchSummary.percent(cause.transient, of: cause.count)) | \(BatchSummary.date(cause.firstSeen)) | \(BatchSummary.date(cause.lastSeen)) | \(cell(cause.examples.joined(separator: ", "))) |\n"
            }
        }
        for (title, rows) in [("Top modules", topModules), ("Top hosts", topHosts), ("Go versions", topGoVersions)] where !rows.isEmpty {
            out += "\n### \(title)\n\n| | inputs |\n|---|---:|\n"
            for row in rows { out += "| `\(cell(row.value))` | \(row.count) |\n" }
        }
        let clusters = unknowns.sorted
        if !clusters.isEmpty {
            out += "\n### Unknowns\n\n| inputs | shape | example |\n|---:|---|---|\n"
            for cluster in clusters { out += "| \(cluster.count) | `\(cell(cluster.shape))` | \(cell(cluster.exampleInput)): `\(cell(cluster.example))` |\n" }
        }
        return out
    }
}

fileprivate extension String {
    func padded(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
