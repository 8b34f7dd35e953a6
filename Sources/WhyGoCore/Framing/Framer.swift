/// Removes the framing that build systems put around command output (BuildKit plain and tty,
/// legacy builder, podman, compose, GitHub Actions, GitLab, paste damage) and keeps track of steps.
///
/// It is fed only the lines the prefilter selected (plus their line numbers), so every piece of
/// state it needs comes from lines that hold one of `Framer.keywords`.
public struct Framer: Sendable {
    /// Literals that mark lines the framer must see even when no pattern wants them.
    public static let keywords: [String] = [
        "] RUN ", "] COPY ", "] ADD ", "] FROM ", "ERROR", "Error", "Step ", "STEP ", "------",
        "| >>>", "Dockerfile", "Containerfile", "CACHED", " => [", "=> ERROR", "Running in",
        "GOPROXY", "GOPRIVATE", "GONOSUMDB", "GONOPROXY", "GOFLAGS", "GOTOOLCHAIN", "GOSUMDB",
        "GO111MODULE", "golang:", "COPY . ", "ADD . ", "git ls-remote", "Confirm the import path",
        "go get", "go mod ", "go build", "go install", "(download)", " DONE ", " ---> ", "##[group]", "$ go ", "+ go ",
    ]

    /// Compiler positions (`main.go:12:5: …`): a line counts only with the `:COL:` after the
    /// line number (`Prefilter.Condition.lineAndColumn`), so a test's `t.Log` output is skipped.
    public static let diagnosticKeywords: [String] = (1...9).map { ".go:\($0)" }

    /// The current legacy/podman step, for unprefixed output lines.
    private var currentPlainStep: String?
    private var inSummaryBlock = false
    private var summaryStepKey: String?
    private var inExcerpt = false
    private var lastDockerfilePath: String?
    /// BuildKit step label (`[builder 4/7]`) → step key (`#9`).
    private var stepKeysByLabel: [String: String] = [:]

    public init() {}

    /// Frames one input line (given as bytes, any encoding damage allowed). A line with lone `\r`
    /// redraws or GitLab markers may yield several segments.
    public mutating func frame(_ bytes: UnsafeBufferPointer<UInt8>, number: Int) -> [FramedLine] {
        let cleaned = Framer.stripEscapes(bytes)
        var result: [FramedLine] = []
        for segment in cleaned.split(separator: 13, omittingEmptySubsequences: true) {
            var text = String(decoding: segment, as: UTF8.self)
            // Re-wrapping tools print Go's lines with literal "\n" escapes: split them apart.
            if text.containsLiteral("\\n") && (text.containsLiteral("go: ") || text.containsLiteral("go.mod")) {
                for piece in text.split(string: "\\n") where !piece.trimmed().isEmpty {
                    result.append(frameSegment(String(piece).replacingLiteral("\\t", with: "\t"), number: number))
                }
                continue
            }
            text = Framer.undoPasteDamage(text)
            result.append(frameSegment(text, number: number))
        }
        return result
    }

    /// A step without BuildKit's `#N` (legacy, podman, Kaniko, a GitHub Actions `Run`, an echoed
    /// go command): the lines after it belong to it until the next one.
    private mutating func openStep(_ line: inout FramedLine, key: String, label: String, instruction: String) {
        currentPlainStep = key
        line.kind = .stepHeader
        line.stepKey = key
        line.stepLabel = label
        line.instruction = instruction
        line.text = label
    }

    private mutating func frameSegment(_ input: String, number: Int) -> FramedLine {
        var line = FramedLine(
            number: number, text: input, kind: .content, stepKey: nil, stepAlias: nil, stepLabel: nil, instruction: nil,
            inSummary: inSummaryBlock, dockerfilePath: nil, dockerfileLine: nil,
            isFailingInstruction: false, cached: false
        )
        var text = Substring(input)
        // A GitHub Actions step: `##[group]Run go mod download` opens it; what follows belongs to it.
        if let run = Framer.gitHubRunGroup(text) {
            openStep(&line, key: "Run@\(number)", label: "Run " + run, instruction: "RUN " + run)
            return line
        }
        // Peel prefixes layer by layer: a GitHub timestamp, then a compose name, then BuildKit's.
        for _ in 0..<6 {
            let before = text.count
            text = Framer.stripCIPrefix(text)
            if let rest = Framer.stripQuote(text) { text = rest }
            if let rest = Framer.stripComposePrefix(text) { text = rest }
            if text.count == before { break }
        }
        // Kaniko (logrus levels): `INFO[0009] RUN go mod download` opens a step; other
        // `INFO[0009] …` lines are its output.
        if let (level, rest) = Framer.logrusPrefix(text) {
            if level == "INFO", let instruction = Framer.dockerInstruction(rest) {
                openStep(&line, key: "kaniko@\(number)", label: instruction, instruction: instruction)
                return line
            }
            text = rest
        }
        let trimmed = text.trimmed()

        // BuildKit summary block and Dockerfile excerpt.
        if trimmed == "------" || (trimmed.count >= 6 && trimmed.count < 20 && trimmed.allSatisfy { $0 == "-" }) {
            inSummaryBlock.toggle()
            if !inSummaryBlock { summaryStepKey = nil }
            line.kind = .marker
            line.text = trimmed
            return line
        }
        if trimmed.count >= 20 && trimmed.allSatisfy({ $0 == "-" }) {
            inExcerpt.toggle()
            inSummaryBlock = false
            line.kind = .marker
            line.text = trimmed
            return line
        }
        if let (path, number) = Framer.dockerfileReference(trimmed) {
            lastDockerfilePath = path
            inSummaryBlock = false
            line.kind = .dockerfileReference
            line.dockerfilePath = path
            line.dockerfileLine = number
            line.text = trimmed
            return line
        }
        if inExcerpt, let (number, failing, instruction) = Framer.excerptLine(text) {
            line.kind = .excerpt
            line.dockerfilePath = lastDockerfilePath
            line.dockerfileLine = number
            line.isFailingInstruction = failing
            line.instruction = instruction
            line.text = instruction
            return line
        }
        if trimmed.hasPrefix("> [") || trimmed.hasPrefix(">  [") {
            let label = trimmed.drop { $0 == ">" || $0 == " " }
            var full = String(label)
            if full.hasSuffix(":") { full.removeLast() }
            inSummaryBlock = true
            line.inSummary = true
            line.kind = .summaryHeader
            line.stepLabel = full
            line.stepKey = Framer.bracketLabel(full).flatMap { stepKeysByLabel[$0] } ?? full
            summaryStepKey = line.stepKey
            line.instruction = Framer.afterBracket(full)
            line.text = full
            return line
        }

        // BuildKit plain: `#9 …` (also `docker/setup-buildx-action#1 …`).
        if let (key, rest) = Framer.buildKitPrefix(text) {
            line.stepKey = key
            if inSummaryBlock, let summaryStepKey, summaryStepKey != key {
                line.stepKey = summaryStepKey
                line.stepAlias = key
            }
            if let afterTime = Framer.dropSeconds(rest) {
                line.text = String(afterTime)
                return line
            }
            if rest.hasPrefix("[") {
                line.kind = .stepHeader
                line.stepLabel = String(rest).trimmed()
                line.instruction = Framer.afterBracket(line.stepLabel!)
                if let label = Framer.bracketLabel(line.stepLabel!) { stepKeysByLabel[label] = key }
                line.text = line.stepLabel!
                return line
            }
            if rest.hasPrefix("ERROR") {
                // BuildKit prints the error's further lines without the `#N` prefix.
                currentPlainStep = key
                line.kind = .stepError
                line.text = String(rest)
                return line
            }
            if rest.hasPrefix("CACHED") || rest.hasPrefix("DONE") || rest.hasPrefix("CANCELED") {
                line.kind = .stepStatus
                line.cached = rest.hasPrefix("CACHED")
                line.succeeded = rest.hasPrefix("DONE")
                line.text = String(rest)
                return line
            }
            line.text = String(rest)
            return line
        }
        // BuildKit tty: ` => ERROR [builder 4/7] RUN go mod download   3.1s`, ` => => # output`.
        if trimmed.hasPrefix("=> ") {
            var rest = Substring(trimmed.dropFirst(3))
            if rest.hasPrefix("=> # ") {
                line.text = String(rest.dropFirst(5))
                return line
            }
            var failed = false
            var cached = false
            if rest.hasPrefix("ERROR ") { failed = true; rest = rest.dropFirst(6) }
            if rest.hasPrefix("CACHED ") { cached = true; rest = rest.dropFirst(7) }
            if rest.hasPrefix("[") {
                let label = Framer.dropDuration(String(rest))
                line.kind = failed ? .stepError : .stepHeader
                line.stepLabel = label
                line.instruction = Framer.afterBracket(label)
                line.stepKey = Framer.bracketLabel(label).map { stepKeysByLabel[$0] ?? $0 } ?? label
                if let bracket = Framer.bracketLabel(label), stepKeysByLabel[bracket] == nil {
                    stepKeysByLabel[bracket] = line.stepKey
                }
                line.cached = cached
                line.text = label
                return line
            }
        }
        // Legacy builder and podman/buildah step headers.
        if let (key, instruction) = Framer.plainStepHeader(trimmed) {
            openStep(&line, key: key, label: trimmed, instruction: instruction)
            return line
        }
        if trimmed.hasPrefix("---> ") {
            line.kind = .stepStatus
            line.stepKey = currentPlainStep
            line.cached = trimmed.hasPrefix("---> Using cache")
            let image = trimmed.dropFirst(5)
            line.succeeded = image.count >= 12 && image.allSatisfy { $0.isHexDigit }
            line.text = trimmed
            return line
        }
        if inSummaryBlock {
            line.stepKey = summaryStepKey
            line.text = String(Framer.dropSeconds(text) ?? text)
            return line
        }
        // A raw log: each echoed go command (`$ go mod tidy`, `+ go build ./...`) starts a failure
        // of its own, unless a builder step holds it.
        if currentPlainStep == nil || currentPlainStep!.hasPrefix("cmd@"), let command = Framer.echoedGoCommand(trimmed) {
            openStep(&line, key: "cmd@\(number)", label: "$ " + command, instruction: command)
            line.text = trimmed
            return line
        }
        line.stepKey = currentPlainStep
        line.text = String(Framer.dropSeconds(text) ?? text)
        return line
    }
}

// MARK: - Pieces of framing, each a pure function.

extension Framer {
    /// Removes ANSI CSI/OSC sequences and literal `\033[…m` / `\e[…m` text; keeps everything else.
    static func stripEscapes(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte == 0x1B {
                index += 1
                guard index < count else { break }
                if bytes[index] == UInt8(ascii: "[") {
                    index += 1
                    while index < count, !(0x40...0x7E).contains(bytes[index]) { index += 1 }
                    index += 1
                } else if bytes[index] == UInt8(ascii: "]") {
                    while index < count, bytes[index] != 0x07, !(bytes[index] == 0x1B) { index += 1 }
                    index += 1
                    if index < count, bytes[index] == UInt8(ascii: "\\") { index += 1 }
                } else {
                    index += 1
                }
                continue
            }
            // Literal escape text from paste damage: `\033[0;32m`, `\e[0K`, `\x1b[31m`.
            if byte == UInt8(ascii: "\\"), let length = literalEscapeLength(bytes, at: index) {
                index += length
                continue
            }
            if byte == 0 {  // NUL: keep the text matchable
                out.append(UInt8(ascii: " "))
                index += 1
                continue
            }
            out.append(byte)
            index += 1
        }
        return out
    }

    private static func literalEscapeLength(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        let introducers: [[UInt8]] = [Array("\\033[".utf8), Array("\\e[".utf8), Array("\\x1b[".utf8), Array("\\u001b[".utf8)]
        for intro in introducers where start + intro.count < bytes.count {
            var same = true
            for offset in 0..<intro.count where bytes[start + offset] != intro[offset] { same = false; break }
            guard same else { continue }
            var index = start + intro.count
            while index < bytes.count, (bytes[index] >= 0x30 && bytes[index] <= 0x3F) { index += 1 }
            if index < bytes.count, (bytes[index] >= 0x40 && bytes[index] <= 0x7E) { return index + 1 - start }
        }
        return nil
    }

    /// Markdown and HTML damage: backticks and `**` around a line, auto-links, entities.
    static func undoPasteDamage(_ text: String) -> String {
        var result = text
        // Chat and word processors curl the quotes; JSON loggers escape them; HTML keeps NBSPs.
        if !result.utf8.allSatisfy({ $0 < 0x80 }) {
            for (fancy, plain) in [("\u{201C}", "\""), ("\u{201D}", "\""), ("\u{2018}", "'"), ("\u{2019}", "'"), ("\u{00A0}", " ")] where result.containsLiteral(fancy) {
                result = result.replacingLiteral(fancy, with: plain)
            }
        }
        if result.containsLiteral("\\\"") { result = result.replacingLiteral("\\\"", with: "\"") }
        if result.containsLiteral("&") {
            for (entity, character) in [("&quot;", "\""), ("&gt;", ">"), ("&lt;", "<"), ("&#39;", "'"), ("&#x27;", "'"), ("&amp;", "&")] {
                result = result.replacingLiteral(entity, with: character)
            }
        }
        // [text](http://text) → text
        if result.containsLiteral("](http") {
            var out = ""
            var rest = Substring(result)
            while let open = rest.firstIndex(of: "[") {
                guard let close = rest[open...].firstIndex(of: "]"),
                      rest[close...].hasPrefix("](http"),
                      let end = rest[close...].firstIndex(of: ")") else {
                    out += rest[...open]
                    rest = rest[rest.index(after: open)...]
                    continue
                }
                out += rest[..<open]
                out += rest[rest.index(after: open)..<close]
                rest = rest[rest.index(after: end)...]
            }
            out += rest
            result = out
        }
        var trimmed = Substring(result)
        while trimmed.hasPrefix("`") || trimmed.hasPrefix("**") { trimmed = trimmed.dropFirst(trimmed.hasPrefix("**") ? 2 : 1) }
        while trimmed.hasSuffix("`") || trimmed.hasSuffix("**") { trimmed = trimmed.dropLast(trimmed.hasSuffix("**") ? 2 : 1) }
        return String(trimmed)
    }

    /// GitHub Actions timestamps and `##[group]` markers, GitLab section markers, OBS `[   47s] `.
    static func stripCIPrefix(_ text: Substring) -> Substring {
        // Only lines starting with a digit, `#`, `[` or `s` can carry one of these prefixes.
        guard let first = text.utf8.first, (first >= 48 && first <= 57) || first == UInt8(ascii: "#")
                || first == UInt8(ascii: "[") || first == UInt8(ascii: "s") else { return text }
        var rest = text
        let chars = Array(rest.utf8.prefix(40))
        // 2025-03-04T10:21:07.1234567Z
        if chars.count >= 20, chars[4] == UInt8(ascii: "-"), chars[7] == UInt8(ascii: "-"), chars[10] == UInt8(ascii: "T"),
           chars[0...3].allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            if let z = rest.prefix(40).firstIndex(of: "Z") {
                rest = rest[rest.index(after: z)...]
                if rest.first == " " { rest = rest.dropFirst() }
            }
        }
        if rest.hasPrefix("##[") {
            if let close = rest.firstIndex(of: "]") { rest = rest[rest.index(after: close)...] }
        }
        for marker in ["section_start:", "section_end:"] where rest.hasPrefix(marker) {
            // section_start:1712345678:name[collapsed=true]  (the header follows after a \r)
            var index = rest.index(rest.startIndex, offsetBy: marker.count)
            var colons = 0
            while index < rest.endIndex, rest[index] != " ", !(colons >= 1 && rest[index] == "\r") {
                if rest[index] == ":" { colons += 1 }
                if colons >= 1, rest[index] == "]" { index = rest.index(after: index); break }
                index = rest.index(after: index)
            }
            rest = rest[index...]
        }
        if rest.hasPrefix("["), let close = rest.prefix(12).firstIndex(of: "]") {
            let inside = rest[rest.index(after: rest.startIndex)..<close].trimmed()
            if inside.hasSuffix("s"), !inside.dropLast().isEmpty, inside.dropLast().allSatisfy({ $0.isNumber || $0 == "." }) {
                rest = rest[rest.index(after: close)...]
                if rest.first == " " { rest = rest.dropFirst() }
            }
        }
        return rest
    }

    /// `INFO[0009] Taking snapshot…` (Kaniko, logrus) → (`INFO`, `Taking snapshot…`).
    static func logrusPrefix(_ text: Substring) -> (String, Substring)? {
        for level in ["INFO", "WARN", "ERRO", "FATA", "DEBU"] where text.hasPrefix(level + "[") {
            let afterBracket = text.dropFirst(5)
            let digits = afterBracket.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, afterBracket[digits.endIndex...].hasPrefix("]") else { return nil }
            return (level, afterBracket[digits.endIndex...].dropFirst().drop { $0 == " " })
        }
        return nil
    }

    /// `RUN go mod download` → itself, when the text starts with a Dockerfile instruction.
    static func dockerInstruction(_ text: Substring) -> String? {
        for word in ["RUN ", "COPY ", "ADD ", "FROM ", "WORKDIR ", "ENV ", "ARG ", "USER "] where text.hasPrefix(word) {
            return text.trimmed()
        }
        return nil
    }

    /// `$ go mod tidy` / `+ go build ./...` → `go mod tidy`.
    static func echoedGoCommand(_ text: String) -> String? {
        var rest = Substring(text)
        guard rest.hasPrefix("$ ") || rest.hasPrefix("+ ") else { return nil }
        rest = rest.dropFirst(2).drop { $0 == " " }
        guard rest.hasPrefix("go ") else { return nil }
        let verb = rest.dropFirst(3).prefix { $0.isLetter }
        guard ["mod", "build", "get", "install", "run", "generate", "test", "vet", "list", "work"].contains(String(verb)) else { return nil }
        return String(rest)
    }

    /// `2025-03-04T10:21:07.1234567Z ##[group]Run go mod download` → `go mod download`.
    static func gitHubRunGroup(_ text: Substring) -> String? {
        guard let marker = text.prefix(48).range(of: "##[group]Run ") else { return nil }
        let before = text[..<marker.lowerBound].trimmed()
        guard before.isEmpty || before.hasSuffix("Z") else { return nil }
        let command = text[marker.upperBound...].trimmed()
        return command.isEmpty ? nil : command
    }

    /// A Markdown quote (`> `) around pasted output — but not BuildKit's ` > [stage]` header.
    static func stripQuote(_ text: Substring) -> Substring? {
        let leading = text.prefix { $0 == " " }
        let rest = text[leading.endIndex...]
        guard rest.hasPrefix(">") else { return nil }
        var after = rest.dropFirst()
        if after.hasPrefix(">>") { return nil }  // `>>>` belongs to an excerpt
        if after.first == " " { after = after.dropFirst() }
        if after.drop(while: { $0 == " " }).hasPrefix("[") { return nil }
        return after
    }

    /// docker compose: `api  | `, `api-1  | ` (a name with a letter, spaces, a bar).
    static func stripComposePrefix(_ text: Substring) -> Substring? {
        let bytes = text.utf8
        guard let first = bytes.first, (first | 0x20) >= UInt8(ascii: "a"), (first | 0x20) <= UInt8(ascii: "z") else { return nil }
        var index = bytes.startIndex
        var sawSpace = false
        var count = 0
        while index < bytes.endIndex, count < 64 {
            let byte = bytes[index]
            if byte == UInt8(ascii: "|") {
                guard sawSpace else { return nil }
                var rest = text[bytes.index(after: index)...]
                if rest.utf8.first == UInt8(ascii: " ") { rest = rest.dropFirst() }
                return rest
            }
            if byte == UInt8(ascii: " ") {
                sawSpace = true
            } else {
                // A name is letters, digits, `-`, `_`, `.`; spaces may only pad it.
                let isName = (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || (byte >= 48 && byte <= 57)
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
                guard isName, !sawSpace else { return nil }
            }
            index = bytes.index(after: index)
            count += 1
        }
        return nil
    }

    /// `#9 rest` or `something#9 rest` → ("#9", rest).
    static func buildKitPrefix(_ text: Substring) -> (String, Substring)? {
        let bytes = text.utf8
        var index = bytes.startIndex
        var count = 0
        // Up to the first `#`, with no space before it, within 64 bytes.
        while index < bytes.endIndex, bytes[index] != UInt8(ascii: "#") {
            if bytes[index] == UInt8(ascii: " ") || count == 64 { return nil }
            index = bytes.index(after: index)
            count += 1
        }
        guard index < bytes.endIndex else { return nil }
        let hash = index
        index = bytes.index(after: index)
        let digitsStart = index
        while index < bytes.endIndex, bytes[index] >= 48, bytes[index] <= 57 { index = bytes.index(after: index) }
        guard index > digitsStart, index < bytes.endIndex, bytes[index] == UInt8(ascii: " ") else { return nil }
        return (String(text[hash..<index]), text[bytes.index(after: index)...])
    }

    /// `0.412 rest` / `12 rest` (seconds, as BuildKit prints before output) → rest.
    static func dropSeconds(_ text: Substring) -> Substring? {
        let number = text.prefix { ($0.isASCII && $0.isNumber) || $0 == "." }
        guard number.count >= 3, number.first != ".", number.contains("."),
              number.endIndex < text.endIndex, text[number.endIndex] == " " else { return nil }
        return text[text.index(after: number.endIndex)...]
    }

    /// `Dockerfile:9`, `build/Dockerfile.prod:12`, `Containerfile:3`.
    static func dockerfileReference(_ text: String) -> (String, Int)? {
        guard let last = text.utf8.last, last >= 48, last <= 57, text.utf8.count < 256,
              let colon = text.lastIndex(of: ":") else { return nil }
        let path = text[..<colon]
        let number = text[text.index(after: colon)...]
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && $0.isNumber }), let line = Int(number),
              !path.contains(" "), path.contains("Dockerfile") || path.contains("Containerfile") || path.hasSuffix("file") else { return nil }
        return (String(path), line)
    }

    /// `   9 | >>> RUN go mod download` → (9, true, "RUN go mod download").
    static func excerptLine(_ text: Substring) -> (Int, Bool, String)? {
        let trimmed = text.drop { $0 == " " }
        let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
        guard let number = Int(digits) else { return nil }
        var rest = trimmed[digits.endIndex...].drop { $0 == " " }
        guard rest.first == "|" else { return nil }
        rest = rest.dropFirst()
        if rest.first == " " { rest = rest.dropFirst() }
        let failing = rest.hasPrefix(">>>")
        if failing { rest = rest.dropFirst(3) }
        return (number, failing, rest.trimmed())
    }

    /// Legacy `Step 5/9 : RUN …` and podman `STEP 5/9: RUN …` / `[2/2] STEP 5/9: RUN …`.
    static func plainStepHeader(_ text: String) -> (String, String)? {
        var rest = Substring(text)
        if rest.hasPrefix("["), let close = rest.prefix(12).firstIndex(of: "]") {
            rest = rest[rest.index(after: close)...].drop { $0 == " " }
        }
        for word in ["Step ", "STEP "] where rest.hasPrefix(word) {
            let afterWord = rest.dropFirst(word.count)
            let number = afterWord.prefix { ($0.isASCII && $0.isNumber) || $0 == "/" }
            guard !number.isEmpty else { return nil }
            var after = afterWord[number.endIndex...]
            if after.hasPrefix(" :") { after = after.dropFirst(2) } else if after.hasPrefix(":") { after = after.dropFirst() } else { return nil }
            let step = number.split(separator: "/").first.map(String.init) ?? String(number)
            return (word.trimmed() + " " + step, after.trimmed())
        }
        return nil
    }

    /// `[builder 4/7] RUN go mod download` → `[builder 4/7]`.
    static func bracketLabel(_ label: String) -> String? {
        guard label.hasPrefix("["), let close = label.firstIndex(of: "]") else { return nil }
        return String(label[...close])
    }

    /// `[builder 4/7] RUN go mod download` → `RUN go mod download`.
    static func afterBracket(_ label: String) -> String? {
        guard let close = label.firstIndex(of: "]") else { return nil }
        return label[label.index(after: close)...].trimmed()
    }

    /// ` RUN go mod download    12.3s` → without the trailing duration.
    static func dropDuration(_ text: String) -> String {
        let trimmed = text.trimmed()
        guard let space = trimmed.lastIndex(of: " ") else { return trimmed }
        let tail = trimmed[trimmed.index(after: space)...]
        if tail.hasSuffix("s"), tail.dropLast().allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == "." }) {
            return trimmed[..<space].trimmed()
        }
        return trimmed
    }
}
