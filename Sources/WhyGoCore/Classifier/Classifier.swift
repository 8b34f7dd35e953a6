import WhyGoRegex

/// Turns framed lines and the pattern matches on them into ranked findings for one input.
///
/// It correlates what one line cannot say alone: the step a line belongs to and whether it failed,
/// the Dockerfile line of that step, the environment (GOPROXY, GOPRIVATE, base image), continuation
/// lines, wrapper lines to fold, repeats to drop, and failures that show no Go error at all.
public struct Classifier: Sendable {
    /// A pattern match waiting to become a finding.
    struct Candidate: Sendable {
        var patternIndex: Int
        var captures: [String: String]
        var line: Int
        var evidence: String
        var stepKey: String?
    }

    /// What the log showed of one build step.
    struct Step: Sendable {
        var key: String
        var label: String
        var instruction: String
        var headerLine: Int
        var failed = false
        var cached = false
        /// The builder reported the step done: what Go printed in it was not fatal.
        var succeeded = false
        var dockerfile: DockerfileLocation?
        /// The step printed something Go-shaped (a `go:` message, `git ls-remote`, …).
        var showedGo = false
        /// The line where the builder said the step failed (`#9 ERROR`, ` => ERROR [..]`).
        var errorLine: Int?

        /// The step runs Go, or Go spoke in it.
        var involvesGo: Bool {
            showedGo || Classifier.showsGo(instruction) || Classifier.goCommand.matches(instruction)
        }
    }

    struct Wrapper: Sendable {
        var line: Int
        var text: String
        var command: String?
        var stepKey: String?
    }

    public let library: PatternLibrary
    public let fileName: String
    /// The Dockerfile path to report when the log names none (`--dockerfile`).
    public var defaultDockerfilePath: String?
    /// The user's Dockerfile (`--dockerfile`), read, to place steps the log shows without a line.
    public var userDockerfile: (path: String, text: String)?
    public private(set) var environment = Environment()

    private var candidates: [Candidate] = []
    private var wrappers: [Wrapper] = []
    private var steps: [String: Step] = [:]
    private var stepOrder: [String] = []
    private var aliases: [String: String] = [:]
    private var foreignFailure: Int?
    /// The last line saying the whole build or job succeeded (`Job succeeded`, `Successfully built`).
    private var succeededAt: Int?
    /// Lines saying a step or the build failed (step errors, wrappers, summary headers; the last 256).
    private var failureLines: [Int] = []
    /// The log shows Go at work somewhere (a go command, a `go:` message, a golang image, …).
    private var goContextSeen = false
    /// Echoed go commands of a raw log (`+ go mod download`): line and text.
    private var echoedGoCommands: [(line: Int, text: String)] = []
    private var summaryStepKey: String?
    private var dockerfileReferences: [DockerfileLocation] = []
    private var emitted: Set<String> = []
    /// A step failed (or a build ended in error) since the last `takeFindings`.
    public private(set) var failureEnded = false
    /// The build's last words were seen (`failed to solve`, `returned a non-zero code`, …).
    public private(set) var buildEnded = false

    public init(library: PatternLibrary, fileName: String, defaultDockerfilePath: String? = nil) {
        self.library = library
        self.fileName = fileName
        self.defaultDockerfilePath = defaultDockerfilePath
    }

    /// How many pattern matches the classifier holds so far.
    public var candidateCount: Int { candidates.count }

    /// Feeds one framed line with the indices of the patterns whose keywords occur in it.
    public mutating func consume(_ line: FramedLine, patterns: [Int]) {
        if let alias = line.stepAlias, let key = line.stepKey { aliases[alias] = key }
        switch line.kind {
        case .stepHeader, .stepError:
            if let key = line.stepKey {
                if steps[key] == nil {
                    stepOrder.append(key)
                    steps[key] = Step(key: key, label: line.stepLabel ?? line.text, instruction: line.instruction ?? "", headerLine: line.number)
                }
                if line.cached { steps[key]?.cached = true }
                if line.kind == .stepError {
                    noteFailure(at: line.number)
                    steps[key]?.failed = true
                    if steps[key]?.errorLine == nil { steps[key]?.errorLine = line.number }
                    failureEnded = true
                }
            }
        case .stepStatus:
            if let key = line.stepKey {
                if line.cached { steps[key]?.cached = true }
                if line.succeeded { steps[key]?.succeeded = true }
            }
        case .summaryHeader:
            noteFailure(at: line.number)
            summaryStepKey = line.stepKey
            if let key = line.stepKey {
                if steps[key] == nil {
                    stepOrder.append(key)
                    steps[key] = Step(key: key, label: line.stepLabel ?? line.text, instruction: line.instruction ?? "", headerLine: line.number)
                }
                steps[key]?.failed = true
            }
        case .dockerfileReference:
            if let path = line.dockerfilePath, let number = line.dockerfileLine {
                let location = DockerfileLocation(path: path, line: number)
                dockerfileReferences.append(location)
                let key = summaryStepKey ?? stepOrder.last(where: { steps[$0]?.failed == true })
                if let key, steps[key]?.dockerfile == nil { steps[key]?.dockerfile = location }
                summaryStepKey = nil
            }
        case .excerpt, .marker, .content:
            break
        }
        environment.observe(line.text)
        if foreignFailure == nil, Classifier.isForeignFailure(line.text) { foreignFailure = line.number }
        if line.kind == .content, !line.inSummary, Classifier.saysBuildSucceeded(line.text) { succeededAt = line.number }
        let showsGo = Classifier.showsGo(line.text)
        if !goContextSeen, showsGo || Classifier.goCommand.matches(line.instruction ?? "") { goContextSeen = true }
        if showsGo, line.kind == .content, let key = line.stepKey.map({ aliases[$0] ?? $0 }) { steps[key]?.showedGo = true }
        // An echoed go command (`+ go mod download`, `$ go build ./...`) names what a later
        // `make: *** … Error 1` was running.
        if line.kind == .content, echoedGoCommands.count < 64, line.text.containsLiteral("go "), Classifier.echoedGoCommand.matches(line.text) {
            echoedGoCommands.append((line.number, line.text))
        }

        var bytes = line.text
        bytes.withUTF8 { buffer in
            for index in patterns {
                let pattern = library.patterns[index]
                guard let captures = pattern.match(buffer) else { continue }
                switch pattern.role {
                case .wrapper:
                    noteFailure(at: line.number)
                    wrappers.append(Wrapper(line: line.number, text: line.text.trimmed(), command: captures["command"], stepKey: line.stepKey))
                    failureEnded = true
                    if Classifier.endsBuild(line.text) { buildEnded = true }
                    if let key = line.stepKey { steps[key]?.failed = true }
                case .context:
                    break
                case .cause:
                    guard line.kind != .excerpt || pattern.severity == .warning else { continue }
                    // A test's own log line quoting an error (`fetch_test.go:44: … checksum mismatch`).
                    guard !Classifier.isTestLog(line.text) else { continue }
                    candidates.append(Candidate(patternIndex: index, captures: captures, line: line.number, evidence: line.text.trimmed(), stepKey: line.stepKey))
                }
            }
        }
        fillContinuation(line)
    }

    /// Continuation lines complete the candidate just before them (two-line Go messages).
    private mutating func fillContinuation(_ line: FramedLine) {
        guard !candidates.isEmpty else { return }
        let text = line.text
        // A proxy's or checksum DB's `server response:` that quotes git asking for credentials:
        // the repository could not be read without them.
        if Classifier.credentialPrompts.contains(where: { text.containsLiteral($0) }) {
            for index in candidates.indices.reversed() {
                let candidate = candidates[index]
                guard line.number - candidate.line <= 10 else { break }
                guard candidate.line < line.number, candidate.stepKey == line.stepKey, candidate.captures["authPrompt"] == nil else { continue }
                candidates[index].captures["authPrompt"] = "yes"
            }
        }
        if text.containsLiteral("required as"), let match = Classifier.requiredAs.firstMatch(in: text), let value = match.capture("required", in: text) {
            if candidates[candidates.count - 1].captures["required"] == nil {
                candidates[candidates.count - 1].captures["required"] = value
            }
        }
    }

    static let credentialPrompts = ["terminal prompts disabled", "could not read Username", "Repository not found", "Authentication failed"]

    static let requiredAs = try! Regex(#"but was required as:\s*(?<required>\S+)"#)

    /// Findings not reported yet. With `final` false (live mode) only once a failure has ended.
    public mutating func takeFindings(final: Bool) -> [Finding] {
        guard final || failureEnded else { return [] }
        failureEnded = false
        let all = rankedFindings(final: final)
        var fresh: [Finding] = []
        for finding in all {
            let key = Classifier.identity(finding)
            if emitted.insert(key).inserted { fresh.append(finding) }
        }
        return fresh
    }

    /// Two findings with the same identity explain the same failure: report it once.
    static func identity(_ finding: Finding) -> String {
        finding.rootCause + "|" + (finding.module ?? "")
    }

    // MARK: - Ranking

    private func canonical(_ key: String?) -> String? {
        guard let key else { return nil }
        return aliases[key] ?? key
    }

    /// A candidate with its root cause decided: cheap to rank; turned into a `Finding` (templates,
    /// redaction) only when it survives ranking.
    struct Draft {
        var candidate: Candidate
        var pattern: Pattern
        var step: Step?
        var captures: [String: String]
        var decision: Refiners.Decision
        var priority: Int
        var order: Int
        var line: Int
        var evidence: String
        var folded = 0

        var module: String? { captures["module"] }
        var failure: String { step.map { Classifier.stepName($0) } ?? "" }
        var identity: String { decision.cause + "|" + (module ?? "") }
    }

    private func rankedFindings(final: Bool) -> [Finding] {
        // Decide each candidate's cause; skip steps that are not commands (BuildKit's own git
        // fetch), steps the builder reported done, and non-Go tools' errors.
        var drafts: [Draft] = []
        var repeats: Set<String> = []
        for (order, candidate) in candidates.enumerated() {
            let stepKey = canonical(candidate.stepKey)
            let step = stepKey.flatMap { steps[$0] }
            if let step, step.label.hasPrefix("[internal]") { continue }
            let pattern = library.patterns[candidate.patternIndex]
            if pattern.severity == .error, let step, step.succeeded, !step.failed { continue }
            if pattern.severity == .error, recovered(candidate.line) { continue }
            if !goContextSeen, !Classifier.showsGo(candidate.evidence) { continue }
            // Another tool's step (cargo, npm, mix) that fails the same way git does for Go.
            if let step, !step.instruction.isEmpty, !step.involvesGo, !Classifier.showsGo(candidate.evidence) { continue }
            // The summary block and each platform repeat the same line: decide it once.
            guard repeats.insert(String(candidate.patternIndex) + "|" + (stepKey ?? "") + "|" + candidate.evidence).inserted else { continue }
            drafts.append(draft(candidate, pattern: pattern, step: step, order: order))
        }
        drafts.sort { a, b in
            if a.pattern.severity != b.pattern.severity { return a.pattern.severity < b.pattern.severity }
            if a.priority != b.priority { return a.priority > b.priority }
            if a.decision.confidence != b.decision.confidence { return a.decision.confidence > b.decision.confidence }
            return a.order < b.order
        }
        var errors: [Draft] = []
        var warnings: [Draft] = []
        var seen: Set<String> = []
        for draft in drafts {
            guard seen.insert(draft.identity).inserted else {
                if let kept = errors.firstIndex(where: { $0.identity == draft.identity }) { Classifier.point(&errors[kept], at: draft) }
                continue
            }
            if draft.pattern.severity == .warning {
                warnings.append(draft)
                continue
            }
            // One failing step, one root cause: what else it printed folds into the top finding
            // (a raw log without steps is one failure).
            if let kept = errors.firstIndex(where: { $0.failure == draft.failure }) {
                errors[kept].folded += 1
                if draft.decision.cause == errors[kept].decision.cause { Classifier.point(&errors[kept], at: draft) }
                continue
            }
            errors.append(draft)
        }
        // Several failures: the first in the log comes first (what fails later often follows from it).
        errors.sort { $0.line < $1.line }
        var result = errors.map(makeFinding)
        // "The log holds no Go error" can only be said of the whole log (BuildKit's summary block
        // may still bring it).
        if result.isEmpty, final, let notShown = causeNotShown() { result.append(notShown) }
        var warningFindings = warnings.map(makeFinding)
        // Without modules (GOPATH mode) there is nothing to cache.
        let gopathMode = result.contains { $0.rootCause == "gopath-conflict" } || environment.last("GO111MODULE") == "off"
        // A layer-order warning is no emergency: decided once the whole log is in.
        if final, !gopathMode, let cache = cacheNotReused() { warningFindings.append(cache) }
        warningFindings.sort { $0.line < $1.line }
        return result + warningFindings
    }

    /// `other` shows the same cause in the same failure: point `kept` at the first line of the
    /// strongest evidence (a weaker, generic line such as git's `exit status 128` does not take it),
    /// keeping what the stronger match knew. Go's own `go:` line beats a `-x` trace line (`# get …`).
    static func point(_ kept: inout Draft, at other: Draft) {
        let keptIsTrace = isTrace(kept.evidence)
        let otherIsTrace = isTrace(other.evidence)
        let asStrong = other.priority >= kept.priority
        if (asStrong && other.line < kept.line && (!otherIsTrace || keptIsTrace)) || (keptIsTrace && !otherIsTrace) {
            kept.line = other.line
            kept.evidence = other.evidence
        }
        if kept.module == nil, let module = other.module {
            kept.captures["module"] = module
            kept.captures["version"] = other.captures["version"]
        }
    }

    private func draft(_ candidate: Candidate, pattern: Pattern, step: Step?, order: Int) -> Draft {
        var captures = candidate.captures
        if let module = captures["module"] { captures["module"] = URLParts.decodeModulePath(Classifier.cleanModule(module)) }
        // The host is the URL's (never its `user:token@` part).
        if let url = captures["url"], let host = URLParts.host(of: url) {
            captures["host"] = host
        } else if let host = captures["host"], let at = host.lastIndex(of: "@") {
            captures["host"] = String(host[host.index(after: at)...])
        }
        if captures["module"] == nil, let url = captures["url"], let module = Classifier.moduleFromURL(url) { captures["module"] = module }
        var decision = Refiners.refine(pattern: pattern, captures: captures, evidence: candidate.evidence, environment: environment)
        if decision.alternative != nil { decision.confidence = min(decision.confidence, 0.6) }
        var priority = pattern.priority
        if step?.failed == true { priority += 10 }
        return Draft(
            candidate: candidate, pattern: pattern, step: step, captures: captures, decision: decision,
            priority: priority, order: order, line: candidate.line, evidence: candidate.evidence
        )
    }

    private func makeFinding(_ draft: Draft) -> Finding {
        var captures = draft.captures
        let decision = draft.decision
        let pattern = draft.pattern
        if let module = captures["module"] { captures["goprivate"] = URLParts.privateGlob(for: module) }
        if captures["goVersion"] == nil, decision.cause == "go-version-mismatch", let image = environment.goImages.last {
            captures["runningImage"] = image
        }
        let cause = library.rootCauses[decision.cause]
        var title = Template.fill(pattern.title, captures)
        var fix = Template.fill(pattern.fix, captures)
        if decision.cause != pattern.cause {
            // The refiner moved the finding: use the target cause's own wording.
            if let cause { title = Template.fill(cause.title, captures) + Classifier.subject(captures) }
            if let cause, !cause.fix.isEmpty { fix = Template.fill(cause.fix, captures) }
        }
        if let alternative = decision.alternative { title += " (or \(alternative))" }
        // The build's GOPRIVATE (or GONOPROXY/GONOSUMDB) glob nearly covers the module (a typo like
        // `acme-corp` for `acmecorp`, a missing subgroup): say so above the fix.
        if decision.cause == "private-module-auth", let module = captures["module"], let glob = environment.nearMiss(for: module) {
            fix = "# this build's private glob \(glob) does not cover \(module): fix the glob\n" + fix
            captures["goprivateSet"] = glob
        }
        var details = captures
        details.removeValue(forKey: "module")
        details.removeValue(forKey: "version")
        if let alternative = decision.alternative { details["alternative"] = alternative }
        if draft.folded > 0 { details["folded"] = String(draft.folded) }
        return Finding(
            file: fileName, line: draft.line, rootCause: decision.cause, severity: pattern.severity,
            title: Redactor.redact(title), evidence: Redactor.redact(String(draft.evidence.prefix(600))),
            fix: Redactor.redact(fix), confidence: (decision.confidence * 100).rounded() / 100,
            transient: decision.transient, pattern: pattern.id, module: captures["module"].map(Redactor.redact),
            version: captures["version"], step: draft.step.map { Classifier.stepName($0) }, dockerfile: dockerfileLocation(of: draft.step),
            details: details.mapValues(Redactor.redact)
        )
    }

    /// Where a step sits in the Dockerfile: from BuildKit's summary block, else the only
    /// `Dockerfile:N` of the log, else (legacy/podman step numbers) from `--dockerfile`.
    private func dockerfileLocation(of step: Step?) -> DockerfileLocation? {
        if let location = step?.dockerfile { return location }
        if dockerfileReferences.count == 1 { return dockerfileReferences[0] }
        if let dockerfile = userDockerfile, let step, let line = DockerfileLocator.line(ofStep: step.label, in: dockerfile.text) {
            return DockerfileLocation(path: dockerfile.path, line: line)
        }
        if let path = defaultDockerfilePath, let location = dockerfileReferences.last { return DockerfileLocation(path: path, line: location.line) }
        return nil
    }

    static func subject(_ captures: [String: String]) -> String {
        if let module = captures["module"] {
            return ": " + module + (captures["version"].map { "@" + $0 } ?? "")
        }
        if let host = captures["host"] { return ": " + host }
        return ""
    }

    static func stepName(_ step: Step) -> String {
        step.label.hasPrefix("Step ") || step.label.hasPrefix("STEP ") || step.label.hasPrefix("[") ? step.label : step.key + " " + step.label
    }

    /// Module paths can arrive with Markdown or quoting around them.
    static func cleanModule(_ text: String) -> String {
        var module = Substring(text)
        while let last = module.last, ":,;\"'`)".contains(last) { module = module.dropLast() }
        while let first = module.first, "\"'`(".contains(first) { module = module.dropFirst() }
        return String(module)
    }

    /// `https://proxy.golang.org/github.com/acme/kit/@v/v1.0.0.zip` → `github.com/acme/kit`.
    static func moduleFromURL(_ url: String) -> String? {
        let path = URLParts.path(of: url)
        if let marker = Substring(path).range(of: "/@v/") ?? Substring(path).range(of: "/@latest") {
            let module = String(path[..<marker.lowerBound])
            if module.hasPrefix("lookup/") { return String(module.dropFirst(7)) }
            return URLParts.decodeModulePath(module)
        }
        if path.hasPrefix("lookup/"), let at = path.firstIndex(of: "@") {
            return URLParts.decodeModulePath(String(path[path.index(path.startIndex, offsetBy: 7)..<at]))
        }
        return nil
    }

    // MARK: - Failures without a Go error

    static let goCommand = try! Regex(#"(?:^|[\s;&|(/"'\[])go\s+(?:mod|build|get|install|run|generate|test|vet|list|work|env)\b"#)

    private func causeNotShown() -> Finding? {
        guard foreignFailure == nil else { return nil }
        for wrapper in wrappers where !recovered(wrapper.line) {
            let stepInstruction = canonical(wrapper.stepKey).flatMap { steps[$0]?.instruction } ?? ""
            var command = wrapper.command ?? wrapper.text
            // `make: *** [Makefile:8: deps] Error 1` after an echoed `go mod download`.
            if !Classifier.goCommand.matches(command), stepInstruction.isEmpty, wrapper.text.hasPrefix("make"),
               let echoed = echoedGoCommands.last(where: { $0.line < wrapper.line }) {
                command = echoed.text
            }
            guard Classifier.goCommand.matches(command) || Classifier.goCommand.matches(stepInstruction) else { continue }
            let step = canonical(wrapper.stepKey).flatMap { steps[$0] }
                ?? stepOrder.reversed().compactMap({ steps[$0] }).first(where: { $0.failed && Classifier.goCommand.matches($0.instruction) })
            // The builder's own error line for the step (` => ERROR [..] RUN go …`) comes first.
            var line = wrapper.line
            var evidence = wrapper.text
            if let step, let errorLine = step.errorLine, errorLine < line {
                line = errorLine
                evidence = step.label
            }
            let cause = library.rootCauses["cause-not-shown"]
            let location = dockerfileLocation(of: step)
            let goCommand = Classifier.goCommand.firstMatch(in: command).flatMap { match -> String? in
                let utf8 = Array(command.utf8)
                return String(decoding: utf8[match.range], as: UTF8.self).trimmed()
            } ?? "go"
            let fix = cause.map { Template.fill($0.fix, ["command": goCommand]) } ??
                "Rerun the build with `--progress=plain` and `\(goCommand) -x` so the Go error reaches the log."
            return Finding(
                file: fileName, line: line, rootCause: "cause-not-shown", severity: .error,
                title: "A Go step failed but the log does not show Go's error", evidence: Redactor.redact(String(evidence.prefix(600))),
                fix: Redactor.redact(fix), confidence: 0.5, transient: false, pattern: "cause-not-shown/wrapper",
                step: step.map { Classifier.stepName($0) }, dockerfile: location, details: ["command": Redactor.redact(goCommand)]
            )
        }
        return nil
    }

    /// Output that explains a failure without Go modules: compile errors, failing tests, other tools.
    static let foreignMarkers: [String] = [
        "undefined: ", "cannot use ", "syntax error", "declared and not used", "imported and not used",
        "declared but not used", "# command-line-arguments", "cgo: C compiler", "C compiler \"", "gcc\": executable file not found",
        "npm ERR!", "npm error", "E: Unable to locate package", "E: Package '", "has no installation candidate",
        "ERROR: unable to select packages", "apk: not found", "Temporary failure resolving", "temporary error (try again later)",
        "exec format error", "--- FAIL", "FAIL\t", "No matching distribution", "fatal error: ", "collect2: error",
        "too many errors", "has no field or method", "not enough arguments", "too many arguments",
        "redeclared in this block", "FAILED!", "undefined reference", "is not used", "missing return",
        "cannot find -l", "ld returned", "permission denied while trying to connect to the Docker daemon",
        // Out of memory: the compiler or linker killed, the container OOM-killed.
        "compile: signal: killed", "link: signal: killed", "OOMKilled",
    ]

    static func isForeignFailure(_ text: String) -> Bool {
        if foreignMarkers.contains(where: { text.containsLiteral($0) }) { return true }
        // A compiler or vet diagnostic (`./main.go:12:5: …`) that is not about modules.
        if let message = compilerDiagnosticMessage(text) {
            return !moduleDiagnosticMarkers.contains { message.containsLiteral($0) }
        }
        return false
    }

    /// The message of `path/file.go:LINE:COL: message`, or nil (a byte scan: this runs on every
    /// line of compiler and test output).
    static func compilerDiagnosticMessage(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        func digits(from start: Int) -> Int {
            var end = start
            while end < bytes.count, bytes[end] >= 48, bytes[end] <= 57 { end += 1 }
            return end
        }
        var index = 1
        while index + 4 < bytes.count {
            defer { index += 1 }
            // `x.go:` (a file name before it), LINE, `:`, COL, `: `
            guard bytes[index] == UInt8(ascii: "."), bytes[index + 1] == UInt8(ascii: "g"), bytes[index + 2] == UInt8(ascii: "o"),
                  bytes[index + 3] == UInt8(ascii: ":"), bytes[index - 1] != UInt8(ascii: " ") else { continue }
            let lineEnd = digits(from: index + 4)
            guard lineEnd > index + 4, lineEnd < bytes.count, bytes[lineEnd] == UInt8(ascii: ":") else { continue }
            let columnEnd = digits(from: lineEnd + 1)
            guard columnEnd > lineEnd + 1, columnEnd + 1 < bytes.count, bytes[columnEnd] == UInt8(ascii: ":"),
                  bytes[columnEnd + 1] == UInt8(ascii: " ") else { continue }
            return String(decoding: bytes[(columnEnd + 2)...], as: UTF8.self)
        }
        return nil
    }

    /// Diagnostics at a source position that are module failures, not compile errors.
    static let moduleDiagnosticMarkers = [
        "missing go.sum entry", "no required module provides", "cannot find package", "is not in GOROOT", "is not in std",
        "cannot find module providing", "to add:", "updates to go.mod needed", "reading ", "verifying ", "go.mod",
        "no such host", "timeout", "module lookup disabled", "unrecognized import path", "@v", "permission denied",
        "no space left", "read-only file system", "x509", "connection refused", "connection reset", "terminal prompts",
        "does not contain package", "invalid version", "unknown revision", "Get \"", "403", "404", "410", "50",
    ]

    /// `go mod download -x` traces: `# get https://…`, `# cd …; git …`.
    static func isTrace(_ evidence: String) -> Bool {
        evidence.hasPrefix("# get ") || evidence.hasPrefix("# cd ")
    }

    static let echoedGoCommand = try! Regex(#"^\s*(?:[+$>#]\s*)?go\s+(?:mod|build|get|install|run|generate|test|vet|list|work)\b"#)

    /// Words that show Go at work on a line: a finding needs Go somewhere in the log.
    static let goMarkers = [
        "go: ", "go.mod", "go.sum", "golang", "GOPATH", "GOPROXY", "GOFLAGS", "GOPRIVATE", "/go/pkg/mod", ".go:", "git ls-remote", "Confirm the import path", "@v", "go1.", "(download)", "GO111MODULE",
        "/go-build", "$WORK/", "compile: ", "module declares its path as", "but was required as", "parsing go.mod", "GOSUMDB", "GONOSUMDB", "GOINSECURE", "GONOSUMCHECK", "GOTOOLCHAIN", "GONOPROXY",
    ]

    static func showsGo(_ text: String) -> Bool {
        goMarkers.contains { text.containsLiteral($0) } || (text.containsLiteral("go ") && goCommand.matches(text))
    }

    /// `    verify_test.go:44: message`: what a Go test logged (`t.Log`, `t.Errorf`). Go's own
    /// module errors never take this form, whatever words the message holds.
    static func isTestLog(_ text: String) -> Bool {
        let bytes = text.utf8.drop { $0 == 32 || $0 == 9 }
        guard let marker = bytes.prefix(300).firstRange(of: "_test.go:".utf8) else { return false }
        // The file name before it: no spaces.
        guard !bytes[..<marker.lowerBound].contains(32) else { return false }
        let digits = bytes[marker.upperBound...].prefix { $0 >= 48 && $0 <= 57 }
        guard !digits.isEmpty else { return false }
        return bytes[digits.endIndex...].starts(with: ": ".utf8)
    }

    /// Lines that only a build or CI job that ended well prints.
    static let successMarkers = ["Job succeeded", "Finished: SUCCESS", "Successfully built ", "Successfully tagged "]

    static func saysBuildSucceeded(_ text: String) -> Bool {
        let trimmed = text.trimmed()
        return successMarkers.contains { trimmed.hasPrefix($0) }
    }

    /// An error at `line` that the build got past: the build or job said it succeeded later, and
    /// nothing failed between the two (a retried download, an `|| true`). Its errors are no finding.
    private func recovered(_ line: Int) -> Bool {
        guard let succeededAt, line < succeededAt else { return false }
        return !failureLines.contains { $0 > line && $0 < succeededAt }
    }

    private mutating func noteFailure(at line: Int) {
        if failureLines.count == 256 { failureLines.removeFirst() }
        failureLines.append(line)
    }

    static func endsBuild(_ text: String) -> Bool {
        ["failed to solve", "returned a non-zero code", "building at STEP", "buildx failed", "failed to build"].contains { text.containsLiteral($0) }
    }

    // MARK: - Cache order

    static let wholeContextCopy = try! Regex(#"^(?:COPY|ADD)\s+(?:--\S+\s+)*\.\/?\s+\S+"#)
    static let moduleDownload = try! Regex(#"\bgo\s+(?:mod\s+download|build|install|get)\b"#)

    /// `COPY . .` before the step that downloads modules, without a cache mount: every change refetches.
    private func cacheNotReused() -> Finding? {
        var copyLine: (line: Int, stage: String, text: String)?
        for key in stepOrder {
            guard let step = steps[key] else { continue }
            let stage = Classifier.stage(of: step.label)
            let instruction = step.instruction
            if Classifier.wholeContextCopy.matches(instruction) {
                if copyLine == nil || copyLine!.stage != stage { copyLine = (step.headerLine, stage, instruction) }
                continue
            }
            guard let copy = copyLine, copy.stage == stage, instruction.uppercased().hasPrefix("RUN"),
                  instruction.containsLiteral("go mod download") || (Classifier.moduleDownload.matches(instruction) && !stepOrder.contains { steps[$0]?.instruction.containsLiteral("go mod download") == true }),
                  !instruction.containsLiteral("type=cache"), !step.cached else { continue }
            let cause = library.rootCauses["cache-not-reused"]
            let fix = cause.map { Template.fill($0.fix, [:]) } ?? """
                COPY go.mod go.sum ./
                RUN --mount=type=cache,target=/go/pkg/mod go mod download
                COPY . .
                Copy only go.mod/go.sum before downloading, so source changes keep the module layer cached.
                """
            return Finding(
                file: fileName, line: step.headerLine, rootCause: "cache-not-reused", severity: .warning,
                title: "Modules are refetched on every build: `\(copy.text)` comes before `\(instruction.prefix(80))`",
                evidence: Redactor.redact(step.label), fix: fix, confidence: 0.7, transient: false,
                pattern: "cache-not-reused/layer-order", step: Classifier.stepName(step), dockerfile: step.dockerfile
            )
        }
        return nil
    }

    /// `[builder 4/7] …` → `builder`; legacy steps share one stage.
    static func stage(of label: String) -> String {
        guard label.hasPrefix("["), let close = label.firstIndex(of: "]") else { return "" }
        let inside = label[label.index(after: label.startIndex)..<close]
        let words = inside.split(separator: " ")
        return words.dropLast().joined(separator: " ")
    }
}

/// `{name}` and `{name|default}` placeholders in titles and fixes.
enum Template {
    static func fill(_ template: String, _ values: [String: String]) -> String {
        guard template.contains("{") else { return template }
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { out += rest[open...]; return out }
            let inside = rest[rest.index(after: open)..<close]
            let parts = inside.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            if name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !name.isEmpty {
                if let value = values[name], !value.isEmpty {
                    out += value
                } else {
                    out += parts.count > 1 ? String(parts[1]) : "<\(name)>"
                }
            } else {
                out += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return out
    }
}
