import WhyGoCore

/// The `patterns` and `explain` subcommands.
enum Commands {
    static func patternList(_ library: PatternLibrary) -> String {
        let rows = library.patterns.sorted { ($0.cause, $0.id) < ($1.cause, $1.id) }
        let width = max(10, rows.map(\.id.count).max() ?? 10)
        var out = ""
        for pattern in rows {
            let id = pattern.id.padding(to: width)
            let role = pattern.role == .cause ? pattern.severity.rawValue : pattern.role.rawValue
            let about = pattern.description.isEmpty ? pattern.title : pattern.description
            out += "\(id)  \(pattern.cause.padding(to: 22))  \(role.padding(to: 8))  \(about.split(separator: "\n").first ?? "")\n"
        }
        out += "\(rows.count) patterns, \(library.rootCauses.count) root causes. 'whygo explain ID' for a root cause.\n"
        return out
    }

    static func explain(_ id: String, library: PatternLibrary) -> String? {
        guard let cause = library.rootCauses[id] else { return nil }
        var out = "\(cause.id): \(cause.title)\n"
        out += "severity: \(cause.severity.rawValue), transient: \(cause.transient)\n"
        func section(_ title: String, _ body: String) {
            guard !body.isEmpty else { return }
            out += "\n\(title)\n" + body.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n") + "\n"
        }
        section("What it means", cause.meaning)
        section("How to confirm", cause.confirm)
        section("Fix", cause.fix)
        section("Telling it from look-alikes", cause.lookalikes)
        section("Background", cause.seed)
        let patterns = library.patterns.filter { $0.cause == id && $0.role == .cause }
        if !patterns.isEmpty {
            out += "\nRecognised by: " + patterns.map(\.id).joined(separator: ", ") + "\n"
        }
        return out
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
