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
