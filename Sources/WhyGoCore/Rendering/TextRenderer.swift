/// `--format text`: a report for a person at a terminal.
public struct TextRenderer: Renderer {
    /// ANSI colour (only on a TTY and never with NO_COLOR; the executable decides).
    public var color: Bool

    public init(color: Bool) {
        self.color = color
    }

    public var rendersEachInputAlone: Bool { true }

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    public mutating func render(_ findings: [Finding]) -> String {
        var out = ""
        for finding in findings {
            let label = finding.severity == .error ? paint("error", "1;31") : paint("warning", "1;33")
            out += "\n" + paint("whygo", "1") + " " + label + " [" + paint(finding.rootCause, "1;36") + "] " + paint(finding.title, "1") + "\n"
            var place = "  at \(finding.file == "-" ? "line" : finding.file + ":")\(finding.file == "-" ? " " : "")\(finding.line)"
            if let step = finding.step { place += ", step " + step }
            if let dockerfile = finding.dockerfile { place += ", \(dockerfile.path):\(dockerfile.line)" }
            out += paint(place, "2") + "\n"
            out += "  " + paint("│ ", "2") + TextRenderer.clip(finding.evidence) + "\n"
            // A fix is lines to paste, then one line of why.
            var lines = finding.fix.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            while lines.last?.trimmed().isEmpty == true { lines.removeLast() }
            let why = lines.count > 1 ? lines.removeLast() : nil
            out += "  " + paint("fix:", "1;32") + "\n"
            for line in lines { out += "    " + line + "\n" }
            if let why { out += "  " + paint("why:", "1") + " " + why + "\n" }
            if let folded = finding.details["folded"] {
                out += paint("  (+\(folded) more error line\(folded == "1" ? "" : "s") in this step, folded into this one)", "2") + "\n"
            }
            var facts = "confidence \(Int((finding.confidence * 100).rounded()))%"
            if finding.transient { facts += ", transient: a retry may pass" }
            out += paint("  \(facts) · more: whygo explain \(finding.rootCause)", "2") + "\n"
        }
        return out
    }

    /// Evidence lines can be very long (one-line logs): keep the report readable.
    static func clip(_ text: String, to limit: Int = 400) -> String {
        text.count <= limit ? text : String(text.prefix(limit)) + " …"
    }
}
