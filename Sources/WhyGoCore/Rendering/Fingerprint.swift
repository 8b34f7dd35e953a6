/// A finding's identity across runs: root cause, module, host and file, never line numbers, so a
/// report diffed against the target branch's (GitLab) or an alert tracked over time (SARIF) keeps
/// the same id when unrelated lines move.
public struct FindingIdentity: Sendable, Hashable {
    public var rootCause: String
    public var module: String
    public var host: String
    public var path: String

    public init(_ finding: Finding, location: ReportLocation) {
        rootCause = finding.rootCause
        module = finding.module ?? ""
        host = finding.details["host"] ?? ""
        path = location.path
    }

    /// `rootCause:module:host:path`, the text that is hashed (and SARIF's readable partial fingerprint).
    public var key: String { [rootCause, module, host, path].joined(separator: ":") }

    /// Whether the finding names neither a module nor a host (a hash line, `SECURITY ERROR`).
    public var isUnspecific: Bool { module.isEmpty && host.isEmpty }

    /// FNV-1a 64 of `key`, as 16 hex digits.
    public var fingerprint: String { Fingerprint.hex(Fingerprint.fnv1a64(key)) }
}

/// FNV-1a, 64 bit: small, stable across platforms and versions (unlike `Hasher`).
public enum Fingerprint {
    public static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    public static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// The findings of a report written whole at the end (GitLab, SARIF, Markdown): redacted, those
/// the report would show twice dropped (`FindingDeduplicator`), in order.
public struct CollectedFindings: Sendable {
    private var deduplicator: FindingDeduplicator
    public private(set) var all: [Finding] = []

    public init(locations: LocationResolver) {
        deduplicator = FindingDeduplicator(locations: locations)
    }

    public mutating func add(_ batch: [Finding]) {
        all += deduplicator.fresh(batch.map(\.redacted))
    }
}

/// A renderer whose report is written whole at the end: `render` only collects.
protocol CollectingRenderer: Renderer {
    var collected: CollectedFindings { get set }
}

extension CollectingRenderer {
    public mutating func render(_ batch: [Finding]) -> String {
        collected.add(batch)
        return ""
    }
}

/// Drops findings a CI report would show twice: the same identity again, or an unspecific finding
/// (no module, no host) of a cause already reported for the same file. Order is kept.
public struct FindingDeduplicator: Sendable {
    public var locations: LocationResolver
    private var seen: Set<FindingIdentity> = []
    private var causes: Set<String> = []

    public init(locations: LocationResolver) {
        self.locations = locations
    }

    /// The findings of `batch` not reported before, in order.
    public mutating func fresh(_ batch: [Finding]) -> [Finding] {
        let identities = batch.map { FindingIdentity($0, location: locations.location(for: $0)) }
        // Specific findings of this batch count as "already reported" for the unspecific ones.
        for identity in identities where !identity.isUnspecific {
            causes.insert(identity.rootCause + "\u{0}" + identity.path)
        }
        var result: [Finding] = []
        for (finding, identity) in zip(batch, identities) {
            let cause = identity.rootCause + "\u{0}" + identity.path
            if identity.isUnspecific, causes.contains(cause) { continue }
            guard seen.insert(identity).inserted else { continue }
            causes.insert(cause)
            result.append(finding)
        }
        return result
    }
}
