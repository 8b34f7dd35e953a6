import WhyGoRegex

/// Turns the text of `.pattern` and `.explain` files into `Pattern` and `RootCause` values.
enum PatternParser {
    static let knownKeys: Set<String> = [
        "id", "cause", "role", "severity", "confidence", "transient", "priority", "keywords", "match",
        "refine", "title", "fix", "description", "example", "expect", "near-miss",
    ]
    static let refiners: Set<String> = ["http-status", "network", "auth-prompt", "sumdb"]

    /// With `compile` false the expressions are compiled on first use (built-ins, checked by tests).
    static func pattern(text: String, file: String, compile: Bool = true) throws(PatternFileError) -> Pattern {
        let kv = try KeyValueFile(text: text, file: file)
        func fail(_ line: Int, _ message: String) -> PatternFileError {
            PatternFileError(file: file, line: line, message: message)
        }
        for entry in kv.entries where !knownKeys.contains(entry.key) {
            throw fail(entry.line, "unknown key '\(entry.key)'")
        }
        func required(_ key: String) throws(PatternFileError) -> KeyValueFile.Entry {
            guard let entry = kv.first(key), !entry.value.isEmpty else {
                throw fail(kv.entries.last?.line ?? 1, "missing '\(key):'")
            }
            return entry
        }
        for key in ["id", "cause", "title"] where kv.all(key).count > 1 {
            throw fail(kv.all(key)[1].line, "'\(key):' given twice")
        }
        let id = try required("id").value
        let cause = try required("cause").value
        let roleEntry = kv.first("role")
        guard let role = PatternRole(rawValue: roleEntry?.value ?? "cause") else {
            throw fail(roleEntry!.line, "role must be cause, wrapper or context")
        }
        let severityEntry = kv.first("severity")
        guard let severity = Severity(rawValue: severityEntry?.value ?? "error") else {
            throw fail(severityEntry!.line, "severity must be error or warning")
        }
        var confidence = 0.8
        if let entry = kv.first("confidence") {
            guard let value = Double(entry.value), value >= 0, value <= 1 else {
                throw fail(entry.line, "confidence must be a number from 0 to 1")
            }
            confidence = value
        }
        var transient = false
        if let entry = kv.first("transient") {
            switch entry.value {
            case "yes", "true", "often": transient = true
            case "no", "false": transient = false
            default: throw fail(entry.line, "transient must be yes or no")
            }
        }
        var priority = 50
        if let entry = kv.first("priority") {
            guard let value = Int(entry.value) else { throw fail(entry.line, "priority must be an integer") }
            priority = value
        }
        let keywordEntry = try required("keywords")
        let keywords = keywordEntry.value.split(separator: ",").map { $0.trimmed() }.filter { !$0.isEmpty }
        guard !keywords.isEmpty else { throw fail(keywordEntry.line, "keywords: needs at least one literal") }
        for keyword in keywords where keyword.utf8.count < 3 {
            throw fail(keywordEntry.line, "keyword '\(keyword)' is shorter than 3 bytes: too common for a prefilter")
        }
        let matchEntries = kv.all("match")
        guard !matchEntries.isEmpty else { throw fail(kv.entries.last?.line ?? 1, "missing 'match:'") }
        var compiled: [Regex]? = compile ? [] : nil
        for entry in matchEntries where compile {
            do {
                compiled?.append(try Regex(entry.value))
            } catch {
                throw fail(entry.line, "match: \(error.description)")
            }
        }
        let expressions = PatternExpressions(sources: matchEntries.map(\.value), compiled: compiled)
        var refine: String?
        if let entry = kv.first("refine") {
            guard refiners.contains(entry.value) else {
                throw fail(entry.line, "unknown refiner '\(entry.value)' (one of \(refiners.sorted().joined(separator: ", ")))")
            }
            refine = entry.value
        }
        let title = try required("title").value
        let fix = kv.first("fix")?.value ?? ""
        if role == .cause && fix.isEmpty {
            throw fail(kv.first("title")!.line, "missing 'fix:' (every cause pattern needs one)")
        }
        var examples: [PatternExample] = []
        var nearMisses: [PatternExample] = []
        for (index, entry) in kv.entries.enumerated() {
            switch entry.key {
            case "example":
                examples.append(PatternExample(text: entry.value, expectedCaptures: [:], line: entry.line))
            case "near-miss":
                nearMisses.append(PatternExample(text: entry.value, expectedCaptures: [:], line: entry.line))
            case "expect":
                guard index > 0, kv.entries[index - 1].key == "example" else {
                    throw fail(entry.line, "'expect:' must follow an 'example:' line")
                }
                examples[examples.count - 1].expectedCaptures = try captures(entry.value, line: entry.line, file: file)
            default:
                break
            }
        }
        return Pattern(
            id: id, cause: cause, role: role, severity: severity, confidence: confidence,
            transient: transient, priority: priority, keywords: keywords, expressions: expressions,
            refine: refine, title: title, fix: fix, description: kv.first("description")?.value ?? "",
            examples: examples, nearMisses: nearMisses, source: file
        )
    }

    /// `name=value  name2=value two` (pairs separated by two spaces or a tab).
    static func captures(_ text: String, line: Int, file: String) throws(PatternFileError) -> [String: String] {
        var result: [String: String] = [:]
        let normalized = text.replacingLiteral("\t", with: "  ")
        for pair in normalized.split(string: "  ") where !pair.trimmed().isEmpty {
            let trimmed = pair.trimmed()
            guard let equals = trimmed.firstIndex(of: "=") else {
                throw PatternFileError(file: file, line: line, message: "expect: '\(trimmed)' is not name=value")
            }
            result[String(trimmed[..<equals])] = String(trimmed[trimmed.index(after: equals)...])
        }
        return result
    }

    static func rootCause(text: String, file: String) throws(PatternFileError) -> RootCause {
        let kv = try KeyValueFile(text: text, file: file)
        func value(_ key: String) -> String { kv.first(key)?.value ?? "" }
        guard !value("id").isEmpty else { throw PatternFileError(file: file, line: 1, message: "missing 'id:'") }
        guard !value("title").isEmpty else { throw PatternFileError(file: file, line: 1, message: "missing 'title:'") }
        let severity = Severity(rawValue: value("severity")) ?? .error
        return RootCause(
            id: value("id"), title: value("title"), severity: severity,
            transient: value("transient").isEmpty ? "no" : value("transient"),
            meaning: value("meaning"), confirm: value("confirm"), fix: value("fix"),
            lookalikes: value("lookalikes"), seed: value("seed")
        )
    }
}
