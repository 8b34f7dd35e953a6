import Foundation
import Testing
import WhyGoTestSupport
@testable import WhyGoCore

/// `--format github|gitlab|sarif|markdown`: escaping, placement, the stop-commands window, budgets,
/// fingerprints and SARIF structure, through the library API and the built binary.
@Suite struct CIFormatTests {
    /// Batch workers render on copies only for renderers without state between inputs.
    @Test func onlyStatelessRenderersRenderEachInputAlone() {
        #expect(RedactingRenderer(JSONLinesRenderer()).rendersEachInputAlone)
        #expect(RedactingRenderer(TextRenderer(color: false)).rendersEachInputAlone)
        #expect(!RedactingRenderer(GitLabRenderer()).rendersEachInputAlone)
        #expect(!RedactingRenderer(SARIFRenderer(rootCauses: [], version: "0")).rendersEachInputAlone)
        #expect(!RedactingRenderer(MarkdownRenderer()).rendersEachInputAlone)
        #expect(!GitHubRenderer().rendersEachInputAlone)
    }

    // MARK: - logs (Go's and Docker's real wording)

    static let buildKit404 = """
    #1 [internal] load build definition from Dockerfile
    #1 transferring dockerfile: 412B done
    #1 DONE 0.0s

    #8 [builder 4/7] RUN go mod download
    #8 0.412 go: github.com/acme/kit@v1.4.0: reading https://proxy.golang.org/github.com/acme/kit/@v/v1.4.0.zip: 404 Not Found
    #8 ERROR: process "/bin/sh -c go mod download" did not complete successfully: exit code: 1
    ------
     > [builder 4/7] RUN go mod download:
    0.412 go: github.com/acme/kit@v1.4.0: reading https://proxy.golang.org/github.com/acme/kit/@v/v1.4.0.zip: 404 Not Found
    ------
    Dockerfile:9
    --------------------
       7 |     COPY go.mod go.sum ./
       8 |     ENV GOFLAGS=-mod=mod
       9 | >>> RUN go mod download
      10 |     COPY . .
    --------------------
    ERROR: failed to solve: process "/bin/sh -c go mod download" did not complete successfully: exit code: 1

    """

    static let legacyChecksum = """
    Sending build context to Docker daemon  12.29kB
    Step 1/6 : FROM golang:1.22 AS builder
     ---> 3f1c5b0a9d2e
    Step 2/6 : WORKDIR /src
     ---> Using cache
     ---> 8a9b0c1d2e3f
    Step 3/6 : COPY go.mod go.sum ./
     ---> 1b2c3d4e5f60
    Step 4/6 : RUN go mod download
     ---> Running in 0a1b2c3d4e5f
    verifying github.com/acme/lib@v1.2.0: checksum mismatch
    \tdownloaded: h1:Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5Pw=
    \tgo.sum:     h1:cXV1eGNvcmdlZ3JhdWx0Z2FycGx5Zm9vYmFyYmF6Pw8=

    SECURITY ERROR
    This download does NOT match an earlier download recorded in go.sum.
    The command '/bin/sh -c go mod download' returned a non-zero code: 1

    """

    static let legacyDockerfile = """
    # syntax=docker/dockerfile:1
    FROM golang:1.22 AS builder

    WORKDIR /src
    # dependencies first, for the cache
    COPY go.mod go.sum ./
    RUN go mod download
    COPY . .
    RUN go build -o /app ./cmd/app

    """

    static let success = "Step 1/2 : FROM golang:1.22\n ---> 3f1c5b0a9d2e\nStep 2/2 : RUN go version\ngo version go1.22.5 linux/amd64\nSuccessfully built 9a8b7c6d5e4f\n"

    static func finding(_ index: Int, severity: Severity = .error, title: String? = nil, dockerfile: DockerfileLocation? = DockerfileLocation(path: "Dockerfile", line: 9)) -> Finding {
        Finding(
            file: "build.log", line: 10 + index, rootCause: severity == .error ? "module-not-found" : "verification-disabled",
            severity: severity, title: title ?? "proxy has no github.com/acme/mod\(index)", evidence: "go: github.com/acme/mod\(index)@v1.0.0: 404 Not Found",
            fix: "go get github.com/acme/mod\(index)@latest", confidence: 0.8, transient: false, pattern: "test/\(index)",
            module: "github.com/acme/mod\(index)", version: "v1.0.0", step: "[builder 4/7] RUN go mod download", dockerfile: dockerfile
        )
    }

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("whygo-ci-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func run(_ arguments: [String], input: String? = nil, environment: [String: String] = [:]) throws -> WhygoProcess.Result {
        var env = ["PATH": "/usr/bin:/bin"]
        env.merge(environment) { _, new in new }
        return try WhygoProcess.run(arguments, input: input.map { Data($0.utf8) }, environment: env)
    }

    func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    // MARK: - GitHub escaping

    @Test func escapesDataAndProperties() {
        #expect(GitHubRenderer.escapeData("100% sure\r\nnext: a,b %0A") == "100%25 sure%0D%0Anext: a,b %250A")
        #expect(GitHubRenderer.escapeProperty("C:\\src\\Docker,file 50%\n") == "C%3A\\src\\Docker%2Cfile 50%25%0A")
    }

    @Test func hostileFindingIsEscapedExactly() {
        var finding = Self.finding(1, title: "bad: 50%, then\r\n::add-mask::x", dockerfile: DockerfileLocation(path: "ci:build/Docker,file", line: 12))
        finding.evidence = "go: 100% broken\n::set-env name=X::y"
        finding.fix = "line one\nline, two: %0A"
        finding.step = nil
        var renderer = GitHubRenderer()
        let output = renderer.render([finding])
        #expect(output == "::error file=ci%3Abuild/Docker%2Cfile,line=12,title=whygo%3A bad%3A 50%25%2C then%0D%0A%3A%3Aadd-mask%3A%3Ax::go: 100%25 broken%0A::set-env name=X::y%0A%0AFix:%0Aline one%0Aline, two: %250A%0A%0AMore: whygo explain module-not-found\n")
        #expect(lines(output).count == 2, "one line per annotation")
    }

    @Test func noFileWhenUnknown() {
        var renderer = GitHubRenderer()
        let output = renderer.render([Self.finding(1, dockerfile: nil)])
        #expect(output.hasPrefix("::error title=whygo%3A proxy has no github.com/acme/mod1::"))
    }

    // MARK: - GitHub placement

    @Test func buildKitAnnotationOnDockerfileLine() throws {
        let result = try run(["--quiet", "--format", "github"], input: Self.buildKit404)
        let annotations = lines(result.stdoutText).filter { $0.hasPrefix("::error ") }
        #expect(annotations.count == 1, "\(result.stdoutText)")
        #expect(annotations.first?.hasPrefix("::error file=Dockerfile,line=9,title=whygo%3A ") == true, "\(result.stdoutText)")
        #expect(annotations.first?.contains("404 Not Found") == true)
        #expect(annotations.first?.contains("whygo explain ") == true)
        #expect(result.status == 1)
    }

    @Test func legacyAnnotationUsesDockerfileOption() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("build"), withIntermediateDirectories: true)
        let dockerfile = root.appendingPathComponent("build/Dockerfile")
        try Self.legacyDockerfile.write(to: dockerfile, atomically: true, encoding: .utf8)
        let result = try run(["--quiet", "--format", "github", "--dockerfile", dockerfile.path], input: Self.legacyChecksum, environment: ["GITHUB_WORKSPACE": root.path])
        let annotations = lines(result.stdoutText).filter { $0.hasPrefix("::error ") }
        #expect(!annotations.isEmpty, "\(result.stdoutText)")
        for annotation in annotations {
            #expect(annotation.hasPrefix("::error file=build/Dockerfile,line=7,title=whygo%3A "), "\(annotation)")
        }
        #expect(annotations.contains { $0.contains("checksum mismatch") })
    }

    @Test func locatesLegacyAndBuildKitSteps() {
        #expect(DockerfileLocator.line(ofStep: "Step 4/6 : RUN go mod download", in: Self.legacyDockerfile) == 7)
        #expect(DockerfileLocator.line(ofStep: "[builder 3/5] RUN go mod download", in: Self.legacyDockerfile) == 7)
        #expect(DockerfileLocator.line(ofStep: "STEP 6/6: RUN go build -o /app ./cmd/app", in: Self.legacyDockerfile) == 9)
        let continued = "FROM golang\nRUN apt-get update && \\\n    apt-get install -y git\nRUN go mod download\n"
        #expect(DockerfileLocator.line(ofStep: "Step 2/3 : RUN apt-get update && apt-get install -y git", in: continued) == 2)
        #expect(DockerfileLocator.line(ofStep: "Step 3/3 : RUN go mod download", in: continued) == 4)
        #expect(DockerfileLocator.line(ofStep: "Step 3/3 : RUN make", in: continued) == nil)
    }

    // MARK: - GitHub stop-commands window

    /// The window token of each `::stop-commands::T` line, in order.
    func windows(_ output: String) -> [String] {
        lines(output).compactMap { $0.hasPrefix("::stop-commands::") ? String($0.dropFirst(17)) : nil }
    }

    @Test func passthroughRunsInsideStopCommandsWindow() throws {
        let hostile = "::add-mask::x\n::error::x\n::set-env name=GOFLAGS::-insecure\n"
        let input = hostile + Self.buildKit404
        let first = try run(["--format", "github"], input: input)
        let second = try run(["--format", "github"], input: input)
        let tokens = windows(first.stdoutText)
        #expect(!tokens.isEmpty, "\(first.stdoutText)")
        #expect(first.stderrText.isEmpty, "github reports on stdout: \(first.stderrText)")
        for token in tokens {
            #expect(token.count >= 32)
            #expect(!input.contains(token))
        }
        #expect(Set(tokens).isDisjoint(with: Set(windows(second.stdoutText))), "a new token each run")

        // Walk the output: every log line sits inside an open window; whygo's commands outside.
        var open: String?
        var logLines: [String] = []
        var annotations = 0
        for line in lines(first.stdoutText) {
            if line.hasPrefix("::stop-commands::") {
                #expect(open == nil)
                open = String(line.dropFirst(17))
            } else if let token = open, line == "::" + token + "::" {
                open = nil
            } else if open != nil {
                logLines.append(line)
            } else if line.hasPrefix("::error ") || line.hasPrefix("::warning ") {
                annotations += 1
            }
        }
        #expect(open == nil, "the window is closed at the end")
        #expect(annotations >= 1, "\(first.stdoutText)")
        for line in lines(hostile).filter({ !$0.isEmpty }) {
            #expect(logLines.contains(line), "\(line) outside the window")
        }
        // The passthrough is otherwise unchanged: the log lines in order are the input.
        #expect(logLines.joined(separator: "\n").hasPrefix(input.trimmingCharacters(in: .newlines)), "\(logLines)")
    }

    @Test func otherFormatsPassTheLogThroughUnchanged() throws {
        let result = try run(["--format", "gitlab"], input: "::add-mask::x\n" + Self.buildKit404)
        #expect(result.stdoutText == "::add-mask::x\n" + Self.buildKit404)
    }

    // MARK: - GitHub budget and summary

    @Test func budgetHoldsWithFortyFindings() {
        var renderer = GitHubRenderer(maxAnnotations: 10)
        let errors = (0..<40).map { Self.finding($0) }
        let warnings = (0..<40).map { Self.finding(100 + $0, severity: .warning) }
        let output = renderer.render(Array(errors[..<20]) + Array(warnings[..<5])) + renderer.render(Array(errors[20...]) + Array(warnings[5...]) + errors)
        let all = lines(output)
        #expect(all.filter { $0.hasPrefix("::error ") }.count == 10)
        #expect(all.filter { $0.hasPrefix("::warning ") }.count == 10)
        #expect(renderer.findings.count == 80, "duplicates dropped")
        let finish = renderer.finish()
        #expect(finish.contains("40 errors, 40 warnings found; 30 errors and 30 warnings more not annotated"), "\(finish)")
        #expect(renderer.stepSummary.contains("60 findings more than the annotation budget"))

        var wide = GitHubRenderer(maxAnnotations: 40)
        let both = lines(wide.render(errors + warnings))
        #expect(both.filter { $0.hasPrefix("::error ") }.count == 40)
        #expect(both.filter { $0.hasPrefix("::warning ") }.count == 10, "50 per job at most")
    }

    @Test func budgetHoldsEndToEnd() throws {
        var log = "#8 [builder 4/7] RUN go mod download\n"
        for index in 0..<40 {
            log += "#8 0.\(100 + index) go: github.com/acme/mod\(index)@v1.0.\(index): reading https://proxy.golang.org/github.com/acme/mod\(index)/@v/v1.0.\(index).zip: 404 Not Found\n"
        }
        log += "#8 ERROR: process \"/bin/sh -c go mod download\" did not complete successfully: exit code: 1\n"
        let result = try run(["--quiet", "--format", "github", "--max-annotations", "5"], input: log)
        let annotations = lines(result.stdoutText).filter { $0.hasPrefix("::error ") || $0.hasPrefix("::warning ") }
        #expect(!annotations.isEmpty)
        #expect(lines(result.stdoutText).filter { $0.hasPrefix("::error ") }.count <= 5)
        #expect(lines(result.stdoutText).filter { $0.hasPrefix("::warning ") }.count <= 5)
        #expect(Set(annotations).count == annotations.count, "no duplicate annotation")
        if annotations.count >= 5 {
            #expect(result.stdoutText.contains("more not annotated"), "\(result.stdoutText)")
        }
    }

    @Test func stepSummaryIsAppended() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let summary = root.appendingPathComponent("summary.md")
        try "# earlier step\n".write(to: summary, atomically: true, encoding: .utf8)
        let result = try run(["--quiet", "--format", "github"], input: Self.buildKit404, environment: ["GITHUB_STEP_SUMMARY": summary.path])
        let text = try String(contentsOf: summary, encoding: .utf8)
        #expect(text.hasPrefix("# earlier step\n### whygo: "), "\(text)")
        #expect(text.contains("**Root cause:**") && text.contains("**Fix:**") && text.contains("`Dockerfile` line 9"), "\(text)")
        #expect(text.contains("404 Not Found"))
        #expect(!result.stdoutText.contains("**Root cause:**"), "the summary goes to the file, not the log")
        let markdown = try run(["--quiet", "--format", "markdown"], input: Self.buildKit404)
        #expect(text.hasSuffix(markdown.stdoutText + "\n"), "--format markdown is the same summary")
    }

    @Test func markdownTableAndTruncation() {
        let findings = (0..<3000).map { Self.finding($0) }
        let small = MarkdownSummary.render(Array(findings[..<3]), locations: LocationResolver())
        #expect(small.contains("| ❌ | `module-not-found` |"))
        #expect(small.contains("#### 3. "))
        let big = MarkdownSummary.render(findings, locations: LocationResolver(), limit: 64 * 1024)
        #expect(big.utf8.count <= 64 * 1024)
        #expect(big.contains("more not shown"))
        let hostile = MarkdownSummary.render([Self.finding(1, title: "a | b <script>")], locations: LocationResolver())
        #expect(hostile.contains("a \\| b &lt;script&gt;"))
    }

    // MARK: - GitLab

    func gitlabIssues(_ data: Data) throws -> [[String: Any]] {
        let value = try JSONSerialization.jsonObject(with: data)
        return try #require(value as? [[String: Any]])
    }

    @Test func gitlabReportIsValidAndStable() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let first = root.appendingPathComponent("a.log"), second = root.appendingPathComponent("b.log")
        try Self.buildKit404.write(to: first, atomically: true, encoding: .utf8)
        try Self.legacyChecksum.write(to: second, atomically: true, encoding: .utf8)
        let one = try run(["--format", "gitlab", first.path, second.path], environment: ["CI_PROJECT_DIR": root.path])
        let two = try run(["--format", "gitlab", first.path, second.path], environment: ["CI_PROJECT_DIR": root.path])
        let issues = try gitlabIssues(one.stdout)
        #expect(issues.count >= 2)
        for issue in issues {
            #expect((issue["description"] as? String)?.isEmpty == false)
            #expect((issue["check_name"] as? String)?.hasPrefix("whygo/") == true)
            #expect(["info", "minor", "major", "critical", "blocker"].contains(issue["severity"] as? String ?? ""))
            let location = try #require(issue["location"] as? [String: Any])
            #expect((location["path"] as? String).map { !$0.hasPrefix("/") } == true, "repo-relative: \(location)")
            let lines = try #require(location["lines"] as? [String: Any])
            #expect((lines["begin"] as? Int ?? 0) >= 1)
        }
        let prints = issues.compactMap { $0["fingerprint"] as? String }
        #expect(prints.count == issues.count && Set(prints).count == prints.count, "unique: \(prints)")
        #expect(try gitlabIssues(two.stdout).compactMap { $0["fingerprint"] as? String } == prints, "stable across runs")
        #expect(issues.contains { $0["check_name"] as? String == "whygo/checksum-mismatch" && $0["severity"] as? String == "critical" })
    }

    @Test func gitlabFingerprintIgnoresLines() {
        var a = Self.finding(1)
        var b = a
        b.line = 400
        b.dockerfile = DockerfileLocation(path: "Dockerfile", line: 30)
        a.evidence = "other words"
        let locations = LocationResolver()
        #expect(FindingIdentity(a, location: locations.location(for: a)).fingerprint == FindingIdentity(b, location: locations.location(for: b)).fingerprint)
        var renderer = GitLabRenderer()
        _ = renderer.render([Self.finding(1), Self.finding(2), Self.finding(1)])
        let report = renderer.finish()
        #expect(report.components(separatedBy: "\"fingerprint\"").count - 1 == 2, "deduplicated")
    }

    @Test func gitlabEmptyReportIsAnArray() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent("gl-code-quality-report.json")
        let result = try run(["--format", "gitlab", "--output", output.path], input: Self.success)
        #expect(result.status == 0)
        #expect(result.stdoutText == Self.success, "the log still streams")
        #expect(try gitlabIssues(Data(contentsOf: output)).isEmpty)
    }

    // MARK: - SARIF

    @Test func sarifHasRequiredStructure() throws {
        let result = try run(["--quiet", "--format", "sarif"], input: Self.buildKit404)
        let log = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        #expect((log["$schema"] as? String)?.contains("sarif-2.1.0") == true)
        let runs = try #require(log["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        let driver = try #require((runs[0]["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "whygo")
        #expect((driver["version"] as? String)?.isEmpty == false)
        #expect((driver["informationUri"] as? String)?.hasPrefix("https://") == true)
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let ruleIds = rules.compactMap { $0["id"] as? String }
        #expect(Set(ruleIds).count == rules.count)
        let library = try PatternLibrary.builtIn()
        #expect(Set(library.rootCauses.keys).isSubset(of: Set(ruleIds)), "one rule per root cause")
        for rule in rules {
            #expect(((rule["shortDescription"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
            #expect(((rule["fullDescription"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
            let help = try #require(rule["help"] as? [String: Any])
            #expect(help["text"] is String && help["markdown"] is String)
            #expect(["none", "note", "warning", "error"].contains((rule["defaultConfiguration"] as? [String: Any])?["level"] as? String ?? ""))
        }
        let results = try #require(runs[0]["results"] as? [[String: Any]])
        #expect(!results.isEmpty)
        for item in results {
            #expect(ruleIds.contains(item["ruleId"] as? String ?? ""))
            #expect(["warning", "error"].contains(item["level"] as? String ?? ""))
            #expect(((item["message"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
            let physical = try #require(((item["locations"] as? [[String: Any]])?.first)?["physicalLocation"] as? [String: Any])
            let artifact = try #require(physical["artifactLocation"] as? [String: Any])
            #expect(artifact["uri"] as? String == "Dockerfile")
            #expect(artifact["uriBaseId"] as? String == "%SRCROOT%")
            #expect((physical["region"] as? [String: Any])?["startLine"] as? Int == 9)
            #expect((item["partialFingerprints"] as? [String: String])?.isEmpty == false)
        }
        try SchemaCheck.validate(result.stdout)
    }

    @Test func sarifWithoutDockerfileUsesTheLogAndIsValidWhenEmpty() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("logs"), withIntermediateDirectories: true)
        let log = root.appendingPathComponent("logs/build.log")
        try Self.legacyChecksum.write(to: log, atomically: true, encoding: .utf8)
        let result = try run(["--format", "sarif", log.path], environment: ["GITHUB_WORKSPACE": root.path])
        #expect(result.stdoutText.contains("\"uri\":\"logs/build.log\",\"uriBaseId\":\"%SRCROOT%\""), "\(result.stdoutText)")
        try SchemaCheck.validate(result.stdout)
        let empty = try run(["--quiet", "--format", "sarif"], input: Self.success)
        #expect(empty.stdoutText.contains("\"results\":[\n]"))
        try SchemaCheck.validate(empty.stdout)
    }
}

/// A small JSON-Schema (draft-07) check of the parts SARIF's schema uses: `$ref`, `type`, `required`,
/// `properties`, `additionalProperties`, `items`, `enum`, `minimum`, `minItems`, `anyOf`. Skipped
/// when `shared/schemas/` is absent.
enum SchemaCheck {
    struct Failure: Error, CustomStringConvertible { var description: String }

    static func validate(_ data: Data) throws {
        guard let shared = WhygoProcess.shared else { return }
        let schemaData = try Data(contentsOf: shared.appendingPathComponent("schemas/sarif-schema-2.1.0.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: schemaData) as? [String: Any])
        let value = try JSONSerialization.jsonObject(with: data)
        var problems: [String] = []
        check(value, against: schema, root: schema, path: "$", problems: &problems)
        if !problems.isEmpty { throw Failure(description: problems.prefix(10).joined(separator: "\n")) }
    }

    static func check(_ value: Any, against schema: [String: Any], root: [String: Any], path: String, problems: inout [String]) {
        if let reference = schema["$ref"] as? String, reference.hasPrefix("#/definitions/") {
            let name = String(reference.dropFirst(14))
            guard let target = (root["definitions"] as? [String: Any])?[name] as? [String: Any] else {
                problems.append("\(path): unknown \(reference)"); return
            }
            check(value, against: target, root: root, path: path, problems: &problems)
        }
        if let options = schema["anyOf"] as? [[String: Any]] {
            let passes = options.contains { option in
                var local: [String] = []
                check(value, against: option, root: root, path: path, problems: &local)
                return local.isEmpty
            }
            if !passes { problems.append("\(path): matches no anyOf branch") }
        }
        if let type = schema["type"] as? String, !matches(value, type) {
            problems.append("\(path): expected \(type)"); return
        }
        if let allowed = schema["enum"] as? [Any], !allowed.contains(where: { "\($0)" == "\(value)" }) {
            problems.append("\(path): \(value) not in \(allowed)")
        }
        if let minimum = schema["minimum"] as? Int, let number = value as? Int, number < minimum {
            problems.append("\(path): \(number) < \(minimum)")
        }
        if let object = value as? [String: Any], !(value is [Any]) {
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                problems.append("\(path): missing \(key)")
            }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for (key, item) in object {
                if let sub = properties[key] as? [String: Any] {
                    check(item, against: sub, root: root, path: path + "." + key, problems: &problems)
                } else if let additional = schema["additionalProperties"] as? [String: Any] {
                    check(item, against: additional, root: root, path: path + "." + key, problems: &problems)
                } else if schema["additionalProperties"] as? Bool == false {
                    problems.append("\(path): property \(key) not allowed")
                }
            }
        }
        if let array = value as? [Any] {
            if let minItems = schema["minItems"] as? Int, array.count < minItems { problems.append("\(path): fewer than \(minItems) items") }
            if let items = schema["items"] as? [String: Any] {
                for (index, item) in array.enumerated() {
                    check(item, against: items, root: root, path: path + "[\(index)]", problems: &problems)
                }
            }
        }
    }

    static func matches(_ value: Any, _ type: String) -> Bool {
        switch type {
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        case "string": return value is String
        case "boolean": return value is Bool
        case "integer": return (value as? NSNumber).map { $0.doubleValue == $0.doubleValue.rounded() } ?? false
        case "number": return value is NSNumber
        default: return true
        }
    }
}
