/// `--format gitlab`: a GitLab Code Quality report, a JSON array of Code Climate issues with
/// `description`, `check_name` (`whygo/<rootCause>`), `fingerprint` (stable across runs, unique in
/// the report), `severity` and `location.path` + `location.lines.begin`. Written whole at the end,
/// so the array is complete (`[]` when nothing was found).
public struct GitLabRenderer: CollectingRenderer {
    public var locations: LocationResolver
    var collected: CollectedFindings

    public init(locations: LocationResolver = LocationResolver()) {
        self.locations = locations
        collected = CollectedFindings(locations: locations)
    }

    /// Root causes whose errors are `critical`: a checksum mismatch may be tampering. Others are `major`.
    public static let criticalCauses: Set<String> = ["checksum-mismatch"]

    public mutating func finish() -> String {
        let findings = collected.all
        guard !findings.isEmpty else { return "[]\n" }
        var used: Set<String> = []
        var issues: [String] = []
        for finding in findings {
            let location = locations.location(for: finding)
            var fingerprint = FindingIdentity(finding, location: location).fingerprint
            // Distinct identities colliding in 64 bits: keep every fingerprint unique anyway.
            var salt = 1
            while !used.insert(fingerprint).inserted {
                salt += 1
                fingerprint = Fingerprint.hex(Fingerprint.fnv1a64(FindingIdentity(finding, location: location).key + "#\(salt)"))
            }
            issues.append(JSON.object([
                ("description", JSON.quote(GitLabRenderer.description(finding))),
                ("check_name", JSON.quote("whygo/" + finding.rootCause)),
                ("fingerprint", JSON.quote(fingerprint)),
                ("severity", JSON.quote(GitLabRenderer.severity(finding))),
                ("location", JSON.object([
                    ("path", JSON.quote(location.path)),
                    ("lines", JSON.object([("begin", String(location.line ?? 1))])),
                ])),
            ]))
        }
        return "[\n" + issues.joined(separator: ",\n") + "\n]\n"
    }

    /// What the merge-request widget shows: title, the evidence, the first line of the fix.
    static func description(_ finding: Finding) -> String {
        var text = finding.title + ": " + finding.evidence
        if let first = finding.fix.split(separator: "\n").first { text += " | fix: " + first }
        return text + " (whygo explain " + finding.rootCause + ")"
    }

    static func severity(_ finding: Finding) -> String {
        guard finding.severity == .error else { return "minor" }
        return criticalCauses.contains(finding.rootCause) ? "critical" : "major"
    }
}
