/// `--format sarif`: a SARIF 2.1.0 log for GitHub code scanning. One run, tool driver `whygo` with
/// one rule per root cause of the library, one result per distinct finding with a repo-relative
/// location (the Dockerfile line, else the log file and its line) and a partial fingerprint.
/// Written whole at the end (`results: []` when nothing was found clears old alerts).
public struct SARIFRenderer: CollectingRenderer {
    /// Where the rules come from (`PatternLibrary.rootCauses`).
    public var rootCauses: [RootCause]
    public var version: String
    public var locations: LocationResolver
    /// The tool's home page (`informationUri`).
    public static let informationUri = "https://github.com/whygo/whygo"
    public static let schema = "https://json.schemastore.org/sarif-2.1.0.json"
    var collected: CollectedFindings

    public init(rootCauses: [RootCause], version: String, locations: LocationResolver = LocationResolver()) {
        self.rootCauses = rootCauses.sorted { $0.id < $1.id }
        self.version = version
        self.locations = locations
        collected = CollectedFindings(locations: locations)
    }

    public mutating func finish() -> String {
        var rules = rootCauses.map { SARIFRenderer.rule(id: $0.id, title: $0.title, meaning: $0.meaning, fix: $0.fix, severity: $0.severity) }
        var ruleIndex: [String: Int] = [:]
        for (index, cause) in rootCauses.enumerated() { ruleIndex[cause.id] = index }
        var results: [String] = []
        for finding in collected.all {
            if ruleIndex[finding.rootCause] == nil {
                // A cause the library does not describe (a plug-in pattern): a rule from the finding.
                ruleIndex[finding.rootCause] = rules.count
                rules.append(SARIFRenderer.rule(id: finding.rootCause, title: finding.rootCause, meaning: "", fix: finding.fix, severity: finding.severity))
            }
            results.append(result(finding, ruleIndex: ruleIndex[finding.rootCause]!))
        }
        let driver = JSON.object([
            ("name", JSON.quote("whygo")),
            ("informationUri", JSON.quote(SARIFRenderer.informationUri)),
            ("version", JSON.quote(version)),
            ("semanticVersion", JSON.quote(version)),
            ("rules", "[" + rules.joined(separator: ",") + "]"),
        ])
        let run = JSON.object([
            ("tool", JSON.object([("driver", driver)])),
            ("columnKind", JSON.quote("unicodeCodePoints")),
            ("results", "[\n" + results.joined(separator: ",\n") + (results.isEmpty ? "" : "\n") + "]"),
        ])
        return JSON.object([
            ("$schema", JSON.quote(SARIFRenderer.schema)),
            ("version", JSON.quote("2.1.0")),
            ("runs", "[" + run + "]"),
        ]) + "\n"
    }

    static func rule(id: String, title: String, meaning: String, fix: String, severity: Severity) -> String {
        let full = meaning.isEmpty ? title : meaning
        let fixText = fix.isEmpty ? "Run `whygo explain \(id)`." : fix
        return JSON.object([
            ("id", JSON.quote(id)),
            ("name", JSON.quote(ruleName(id))),
            ("shortDescription", JSON.object([("text", JSON.quote(title))])),
            ("fullDescription", JSON.object([("text", JSON.quote(full))])),
            ("help", JSON.object([
                ("text", JSON.quote("Fix:\n" + fixText + "\n\nMore: whygo explain " + id)),
                ("markdown", JSON.quote("**Fix:**\n\n" + MarkdownSummary.fence(fixText, language: "sh") + "\nMore: `whygo explain " + id + "`")),
            ])),
            ("defaultConfiguration", JSON.object([("level", JSON.quote(level(severity)))])),
            ("properties", JSON.object([("tags", "[\"build\",\"go-modules\"]")])),
        ])
    }

    func result(_ finding: Finding, ruleIndex: Int) -> String {
        let location = locations.location(for: finding)
        let identity = FindingIdentity(finding, location: location)
        var physical: [(String, String)] = [
            ("artifactLocation", SARIFRenderer.artifactLocation(location.path)),
        ]
        physical.append(("region", JSON.object([("startLine", String(max(1, location.line ?? 1)))])))
        var message = finding.title + "\n" + finding.evidence
        if let step = finding.step { message += "\nStep: " + step }
        message += "\nFix:\n" + finding.fix
        return JSON.object([
            ("ruleId", JSON.quote(finding.rootCause)),
            ("ruleIndex", String(ruleIndex)),
            ("level", JSON.quote(SARIFRenderer.level(finding.severity))),
            ("message", JSON.object([("text", JSON.quote(message))])),
            ("locations", "[" + JSON.object([("physicalLocation", JSON.object(physical))]) + "]"),
            ("partialFingerprints", JSON.object([
                ("whygo/v1", JSON.quote(identity.fingerprint)),
            ])),
            ("properties", JSON.object([
                ("confidence", JSON.number(finding.confidence)),
                ("transient", finding.transient ? "true" : "false"),
                ("logLine", String(finding.line)),
            ])),
        ])
    }

    /// A repo-relative path against `%SRCROOT%`; an absolute one (outside the repository) as a `file://` URI.
    static func artifactLocation(_ path: String) -> String {
        if path.hasPrefix("/") {
            return JSON.object([("uri", JSON.quote("file://" + percentEncode(path)))])
        }
        return JSON.object([("uri", JSON.quote(percentEncode(path))), ("uriBaseId", JSON.quote("%SRCROOT%"))])
    }

    /// RFC 3986: keep unreserved characters and `/`; encode the rest.
    static func percentEncode(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            let character = Character(Unicode.Scalar(byte))
            if byte < 0x80, character.isLetter || character.isNumber || "-._~/".contains(character) {
                out.append(character)
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }

    static func level(_ severity: Severity) -> String {
        severity == .error ? "error" : "warning"
    }

    /// `checksum-mismatch` → `ChecksumMismatch`.
    static func ruleName(_ id: String) -> String {
        id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
