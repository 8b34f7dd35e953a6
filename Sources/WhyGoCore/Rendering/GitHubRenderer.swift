/// `--format github`: GitHub Actions workflow commands. One `::error`/`::warning` per distinct
/// finding as it arrives (on the failing step's Dockerfile line when known), within the runner's
/// budget; at the end a detail group and a one-line count of what was and was not annotated.
/// `stepSummary` is the Markdown the executable appends to `$GITHUB_STEP_SUMMARY`.
public struct GitHubRenderer: Renderer {
    /// Error annotations and, separately, warning annotations at most (`--max-annotations`, default 10,
    /// the runner's per-step limit for each).
    public var maxAnnotations: Int
    /// The runner keeps at most 50 annotations per job: whygo never writes more.
    public static let jobLimit = 50
    public var locations: LocationResolver
    /// Every distinct finding so far, in the order it arrived.
    public private(set) var findings: [Finding] = []
    private var deduplicator: FindingDeduplicator
    private var annotated: [Severity: Int] = [:]
    private var skipped: [Severity: Int] = [:]

    public init(maxAnnotations: Int = 10, locations: LocationResolver = LocationResolver()) {
        self.maxAnnotations = max(0, maxAnnotations)
        self.locations = locations
        deduplicator = FindingDeduplicator(locations: locations)
    }

    public mutating func render(_ batch: [Finding]) -> String {
        let fresh = deduplicator.fresh(batch.map(\.redacted))
        findings += fresh
        var out = ""
        // Errors first: within a batch they outrank warnings for the shared job budget.
        for finding in fresh.filter({ $0.severity == .error }) + fresh.filter({ $0.severity == .warning }) {
            let total = annotated.values.reduce(0, +)
            guard annotated[finding.severity, default: 0] < maxAnnotations, total < GitHubRenderer.jobLimit else {
                skipped[finding.severity, default: 0] += 1
                continue
            }
            annotated[finding.severity, default: 0] += 1
            out += annotation(for: finding)
        }
        return out
    }

    public mutating func finish() -> String {
        guard !findings.isEmpty else {
            return "whygo: no Go module download failure found in the log\n"
        }
        var out = "::group::whygo: details\n"
        var text = TextRenderer(color: false)
        for line in text.render(findings).split(separator: "\n", omittingEmptySubsequences: false).dropFirst() {
            // Nothing in the detail block may start a workflow command.
            out += (line.hasPrefix("::") ? " " : "") + line + "\n"
        }
        out += "::endgroup::\n"
        out += "whygo: " + countLine() + "\n"
        return out
    }

    /// "2 errors, 1 warning; 3 more errors found but not annotated (…)".
    func countLine() -> String {
        let errors = findings.filter { $0.severity == .error }.count
        let warnings = findings.count - errors
        var line = GitHubRenderer.plural(errors, "error") + ", " + GitHubRenderer.plural(warnings, "warning") + " found"
        let moreErrors = skipped[.error, default: 0], moreWarnings = skipped[.warning, default: 0]
        if moreErrors + moreWarnings > 0 {
            var parts: [String] = []
            if moreErrors > 0 { parts.append(GitHubRenderer.plural(moreErrors, "error")) }
            if moreWarnings > 0 { parts.append(GitHubRenderer.plural(moreWarnings, "warning")) }
            line += "; \(parts.joined(separator: " and ")) more not annotated (at most \(maxAnnotations) per severity, \(GitHubRenderer.jobLimit) per job: see the details above and the job summary)"
        }
        return line
    }

    /// How many findings did not get an annotation, per severity.
    public var notAnnotated: [Severity: Int] { skipped }

    /// The job summary: the Markdown summary plus a note on annotations left out.
    public var stepSummary: String {
        var note: String?
        let more = skipped.values.reduce(0, +)
        if more > 0 { note = "\(GitHubRenderer.plural(more, "finding")) more than the annotation budget: only the first \(maxAnnotations) errors and \(maxAnnotations) warnings are annotated." }
        return MarkdownSummary.render(findings, locations: locations, note: note)
    }

    /// The workflow command for one finding.
    public func annotation(for finding: Finding) -> String {
        var properties: [(String, String)] = []
        if let location = locations.dockerfile(for: finding) {
            properties.append(("file", location.path))
            if let line = location.line { properties.append(("line", String(line))) }
        }
        let finding = finding.redacted
        properties.append(("title", "whygo: " + String(finding.title.prefix(200))))
        var message = finding.evidence
        if let step = finding.step { message += "\nstep: " + step }
        message += "\n\nFix:\n" + finding.fix
        message += "\n\nMore: whygo explain " + finding.rootCause
        return GitHubRenderer.command(finding.severity == .error ? "error" : "warning", properties: properties, message: message)
    }

    /// `::name key=value,…::message` with both parts escaped.
    public static func command(_ name: String, properties: [(String, String)], message: String) -> String {
        var out = "::" + name
        if !properties.isEmpty {
            out += " " + properties.map { $0.0 + "=" + escapeProperty($0.1) }.joined(separator: ",")
        }
        return out + "::" + escapeData(message) + "\n"
    }

    /// Message escaping: `%` first, then CR and LF.
    public static func escapeData(_ text: String) -> String {
        escape(text, property: false)
    }

    /// Property escaping: the message escaping plus `:` and `,`.
    public static func escapeProperty(_ text: String) -> String {
        escape(text, property: true)
    }

    private static func escape(_ text: String, property: Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            case ":" where property: out += "%3A"
            case "," where property: out += "%2C"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func plural(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}
