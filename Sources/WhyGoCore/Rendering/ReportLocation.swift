/// Where a CI report places a finding: a repository-relative path and, when known, a 1-based line.
public struct ReportLocation: Sendable, Equatable, Hashable {
    public var path: String
    public var line: Int?

    public init(path: String, line: Int?) {
        self.path = path
        self.line = line
    }
}

/// Decides which file and line the CI formats (GitHub, GitLab, SARIF, Markdown) show for a finding.
public struct LocationResolver: Sendable {
    /// `--dockerfile PATH`, named when the log shows no Dockerfile (default: none).
    public var dockerfilePath: String?
    /// The text of that Dockerfile, read by the executable, to find the line of a step the log
    /// names without a line (legacy builder, podman). Default: none, so no line.
    public var dockerfileText: String?
    /// The absolute repository root (`GITHUB_WORKSPACE`, `CI_PROJECT_DIR` or the working directory):
    /// absolute paths under it are made relative. Default: none.
    public var root: String?

    public init(dockerfilePath: String? = nil, dockerfileText: String? = nil, root: String? = nil) {
        self.dockerfilePath = dockerfilePath
        self.dockerfileText = dockerfileText
        self.root = root
    }

    /// The Dockerfile and line of the failing step: the log's own `Dockerfile:N`, else `--dockerfile`
    /// with the line found by matching the step's instruction; nil when neither is known.
    public func dockerfile(for finding: Finding) -> ReportLocation? {
        if let location = finding.dockerfile {
            return ReportLocation(path: relative(location.path), line: location.line > 0 ? location.line : nil)
        }
        guard let path = dockerfilePath else { return nil }
        var line: Int?
        if let text = dockerfileText, let step = finding.step {
            line = DockerfileLocator.line(ofStep: step, in: text)
        }
        return ReportLocation(path: relative(path), line: line)
    }

    /// A location every finding has: its Dockerfile line, else the log file and its line, else
    /// `Dockerfile` (stdin with no Dockerfile in sight).
    public func location(for finding: Finding) -> ReportLocation {
        if let location = dockerfile(for: finding) { return location }
        if finding.file != "-", !finding.file.isEmpty {
            var file = finding.file
            if let entry = Substring(file).range(of: ".zip:") { file = String(file[..<file.index(entry.lowerBound, offsetBy: 4)]) }
            return ReportLocation(path: relative(file), line: finding.line)
        }
        return ReportLocation(path: "Dockerfile", line: nil)
    }

    /// `path` relative to `root` when it lies below it; `./` prefixes dropped; other paths as given.
    public func relative(_ path: String) -> String {
        var result = path
        if let root, !root.isEmpty, result.hasPrefix("/") {
            let base = root.hasSuffix("/") ? root : root + "/"
            if result.hasPrefix(base) { result = String(result.dropFirst(base.count)) }
        }
        while result.hasPrefix("./") { result = String(result.dropFirst(2)) }
        return result
    }
}

/// Finds the Dockerfile line of a build step the log names only by its instruction.
public enum DockerfileLocator {
    /// One instruction: its first line and its text with continuations joined and spaces collapsed.
    struct Instruction {
        var line: Int
        var text: String
    }

    /// The 1-based line of `step` (`Step 5/9 : RUN go mod download`, `STEP 5/9: RUN …`,
    /// `[builder 4/7] RUN …`) in the Dockerfile `text`; nil when no instruction matches.
    public static func line(ofStep step: String, in text: String) -> Int? {
        guard let (ordinal, stage, instruction) = parse(step) else { return nil }
        let wanted = normalize(instruction)
        let instructions = instructions(in: text)
        let matches = instructions.enumerated().filter { matchesStep($0.element.text, wanted) }
        if matches.count == 1 { return matches[0].element.line }
        if matches.count > 1 {
            if stage == nil, let ordinal, let hit = matches.first(where: { $0.offset + 1 == ordinal }) { return hit.element.line }
            if let stage, let stageStart = stageStart(named: stage, in: instructions) {
                if let ordinal, let hit = matches.first(where: { $0.offset - stageStart + 1 == ordinal }) { return hit.element.line }
                if let hit = matches.first(where: { $0.offset > stageStart }) { return hit.element.line }
            }
            return matches[0].element.line
        }
        return nil
    }

    static func matchesStep(_ candidate: String, _ wanted: String) -> Bool {
        if candidate.lowercased() == wanted.lowercased() { return true }
        // BuildKit and podman shorten long commands with "…" or "...".
        for ellipsis in ["...", "…"] where wanted.hasSuffix(ellipsis) {
            let head = wanted.dropLast(ellipsis.count)
            if head.count >= 8, candidate.lowercased().hasPrefix(head.lowercased()) { return true }
        }
        return false
    }

    /// (step number, stage name, instruction text) from a step label.
    static func parse(_ step: String) -> (Int?, String?, String)? {
        var rest = Substring(step.trimmed())
        if rest.hasPrefix("[") {
            // BuildKit `[stage n/m] INSTR`, or podman `[2/2] STEP 5/9: INSTR`.
            guard let close = rest.firstIndex(of: "]") else { return nil }
            let inside = rest[rest.index(after: rest.startIndex)..<close].split(separator: " ")
            rest = rest[rest.index(after: close)...].drop { $0 == " " }
            if !(rest.hasPrefix("STEP ") || rest.hasPrefix("Step ")) {
                let counter = inside.last.flatMap { $0.split(separator: "/").first }.flatMap { Int($0) }
                let stage = inside.count > 1 ? String(inside[0]) : nil
                return (counter, stage, String(rest))
            }
        }
        for word in ["Step ", "STEP "] where rest.hasPrefix(word) {
            rest = rest.dropFirst(word.count)
            let number = Int(rest.prefix { $0.isNumber })
            guard let colon = rest.firstIndex(of: ":") else { return nil }
            return (number, nil, String(rest[rest.index(after: colon)...]).trimmed())
        }
        return (nil, nil, String(rest))
    }

    static func stageStart(named stage: String, in instructions: [Instruction]) -> Int? {
        instructions.firstIndex { instruction in
            let words = instruction.text.split(separator: " ")
            return words.first?.uppercased() == "FROM" && words.count >= 4
                && words[words.count - 2].uppercased() == "AS" && words.last!.lowercased() == stage.lowercased()
        }
    }

    static func normalize(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    /// The instructions of a Dockerfile (comments, blank lines and heredoc bodies skipped).
    static func instructions(in text: String) -> [Instruction] {
        var result: [Instruction] = []
        var current: (line: Int, parts: [String])?
        var heredocEnd: String?
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (offset, raw) in lines.enumerated() {
            var line = String(raw)
            if line.hasSuffix("\r") { line.removeLast() }
            if let end = heredocEnd {
                if line.trimmed() == end { heredocEnd = nil }
                continue
            }
            let trimmed = line.trimmed()
            if trimmed.hasPrefix("#") || (trimmed.isEmpty && current == nil) { continue }
            if trimmed.isEmpty { continue }
            var part = trimmed
            let continues = part.hasSuffix("\\")
            if continues { part = String(part.dropLast()).trimmed() }
            if current == nil { current = (offset + 1, []) }
            if !part.isEmpty { current!.parts.append(part) }
            if !continues, let done = current {
                let text = normalize(done.parts.joined(separator: " "))
                result.append(Instruction(line: done.line, text: text))
                current = nil
                if let marker = Substring(text).range(of: "<<") {
                    var word = Substring(text)[marker.upperBound...].prefix { $0 != " " }
                    if word.hasPrefix("-") { word = word.dropFirst() }
                    let name = word.filter { $0 != "\"" && $0 != "'" }
                    if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) { heredocEnd = String(name) }
                }
            }
        }
        if let done = current {
            result.append(Instruction(line: done.line, text: normalize(done.parts.joined(separator: " "))))
        }
        return result
    }
}
