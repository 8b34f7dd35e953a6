/// The Markdown summary: GitHub's job summary (`$GITHUB_STEP_SUMMARY`) and `--format markdown`.
/// One finding: root cause, evidence, fix, step and Dockerfile line. Several: a table, then the
/// details of each, until the size budget is spent (a note says how many were left out).
public enum MarkdownSummary {
    /// The default size budget: well under the 1 MiB GitHub accepts per step summary, which several
    /// whygo runs (or other tools) in one step share.
    public static let defaultLimit = 256 * 1024

    /// The summary of `findings` (already deduplicated), at most `limit` bytes.
    public static func render(_ findings: [Finding], locations: LocationResolver, note: String? = nil, limit: Int = defaultLimit) -> String {
        let findings = findings.map(\.redacted)
        guard !findings.isEmpty else {
            return "### whygo\n\nNo Go module download failure found in the log.\n"
        }
        var out = ""
        if findings.count == 1 {
            out += "### whygo: " + inline(findings[0].title) + "\n\n"
            out += details(findings[0], locations: locations, heading: nil)
            if let note { out += "\n_" + inline(note) + "_\n" }
            return out
        }
        let errors = findings.filter { $0.severity == .error }.count
        out += "### whygo: \(findings.count) findings (\(errors) error\(errors == 1 ? "" : "s"), \(findings.count - errors) warning\(findings.count - errors == 1 ? "" : "s"))\n\n"
        if let note { out += "_" + inline(note) + "_\n\n" }
        out += "| | Root cause | Finding | Step | Dockerfile |\n|---|---|---|---|---|\n"
        let closing = "\n_The summary is kept under \(limit / 1024) KiB: %d more not shown. Run `whygo` on the log for the full report._\n"
        let reserve = closing.utf8.count + 32
        var rows = 0
        for finding in findings {
            let row = tableRow(finding, locations: locations)
            if out.utf8.count + row.utf8.count + reserve > limit { break }
            out += row
            rows += 1
        }
        var shown = 0
        if rows == findings.count {
            for (index, finding) in findings.enumerated() {
                let section = "\n" + details(finding, locations: locations, heading: "#### \(index + 1). " + inline(finding.title))
                if out.utf8.count + section.utf8.count + reserve > limit { break }
                out += section
                shown += 1
            }
        }
        let left = findings.count - (rows == findings.count ? shown : rows)
        if left > 0 {
            out += closing.replacingLiteral("%d", with: String(left))
        }
        return out
    }

    static func tableRow(_ finding: Finding, locations: LocationResolver) -> String {
        let icon = finding.severity == .error ? "❌" : "⚠️"
        let place = locations.dockerfile(for: finding).map { code($0.path + ($0.line.map { ":\($0)" } ?? "")) } ?? ""
        let step = finding.step.map { code(String($0.prefix(80))) } ?? ""
        return "| \(icon) | \(code(finding.rootCause)) | \(cell(String(finding.title.prefix(200)))) | \(cell(step)) | \(cell(place)) |\n"
    }

    static func details(_ finding: Finding, locations: LocationResolver, heading: String?) -> String {
        var out = ""
        if let heading { out += heading + "\n\n" }
        var facts = ["**Root cause:** " + code(finding.rootCause) + " (" + finding.severity.rawValue + ")"]
        if let step = finding.step { facts.append("**Step:** " + code(step)) }
        if let location = locations.dockerfile(for: finding) {
            facts.append("**Dockerfile:** " + code(location.path) + (location.line.map { " line \($0)" } ?? ""))
        }
        out += facts.joined(separator: " · ") + "\n\n"
        let source = finding.file == "-" ? "log line \(finding.line)" : code(finding.file) + " line \(finding.line)"
        out += "**Evidence** (" + source + "):\n\n" + fence(finding.evidence, language: "text")
        out += "\n**Fix:**\n\n" + fence(finding.fix, language: "sh")
        out += "\nMore: " + code("whygo explain " + finding.rootCause) + "\n"
        return out
    }

    /// A fenced block whose fence is longer than any backtick run inside.
    static func fence(_ text: String, language: String) -> String {
        var longest = 0, run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let marker = String(repeating: "`", count: max(3, longest + 1))
        return marker + language + "\n" + text + (text.hasSuffix("\n") ? "" : "\n") + marker + "\n"
    }

    /// An inline code span that survives backticks inside.
    static func code(_ text: String) -> String {
        let flat = text.replacingLiteral("\r", with: " ").replacingLiteral("\n", with: " ")
        guard flat.contains("`") else { return "`" + flat + "`" }
        return "`` " + flat + " ``"
    }

    /// Text outside code: on one line, with Markdown and HTML specials escaped.
    static func inline(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\n", "\r": out += " "
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\\", "`", "*", "_", "[", "]", "|", "#": out += "\\" + String(character)
            default: out.append(character)
            }
        }
        return out
    }

    /// A table cell: inline text whose `|` is escaped even inside code spans.
    static func cell(_ text: String) -> String {
        text.hasPrefix("`") ? text.replacingLiteral("|", with: "\\|") : inline(text)
    }
}

/// `--format markdown`: the same Markdown as GitHub's job summary, written once all inputs are done.
public struct MarkdownRenderer: CollectingRenderer {
    public var locations: LocationResolver
    var collected: CollectedFindings

    public init(locations: LocationResolver = LocationResolver()) {
        self.locations = locations
        collected = CollectedFindings(locations: locations)
    }

    public mutating func finish() -> String {
        MarkdownSummary.render(collected.all, locations: locations)
    }
}
