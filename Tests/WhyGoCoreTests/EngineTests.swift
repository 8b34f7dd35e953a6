import Foundation
import Testing
import WhyGoTestSupport

/// End to end through the binary: passthrough, live reporting, Dockerfile lines, exit codes.
@Suite struct EngineTests {
    static let buildKitLog = """
    #1 [internal] load build definition from Dockerfile
    #1 DONE 0.0s
    #9 [builder 4/7] RUN go mod download
    #9 0.412 go: downloading github.com/acme/kit v1.4.0
    #9 3.027 verifying github.com/acme/kit@v1.4.0: checksum mismatch
    #9 3.027 \tdownloaded: h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=
    #9 3.027 \tgo.sum:     h1:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=
    #9 3.027 
    #9 3.027 SECURITY ERROR
    #9 ERROR: process "/bin/sh -c go mod download" did not complete successfully: exit code: 1
    ------
     > [builder 4/7] RUN go mod download:
    3.027 verifying github.com/acme/kit@v1.4.0: checksum mismatch
    ------
    Dockerfile:12
    --------------------
      11 |     COPY go.mod go.sum ./
      12 | >>> RUN go mod download
      13 |     COPY . .
    --------------------
    ERROR: failed to solve: process "/bin/sh -c go mod download" did not complete successfully: exit code: 1

    """

    @Test func reportsTheGoLineWithItsDockerfileLine() throws {
        let result = try WhygoProcess.run(["--quiet", "--format", "json"], input: Data(Self.buildKitLog.utf8))
        #expect(result.status == 1)
        let findings = try WhygoProcess.jsonLines(result.stdout)
        #expect(findings.count == 1, "\(findings)")
        let first = try #require(findings.first)
        #expect(first["rootCause"] as? String == "checksum-mismatch")
        #expect(first["line"] as? Int == 5)
        #expect(first["module"] as? String == "github.com/acme/kit")
        #expect(first["version"] as? String == "v1.4.0")
        let dockerfile = first["dockerfile"] as? [String: Any]
        #expect(dockerfile?["path"] as? String == "Dockerfile")
        #expect(dockerfile?["line"] as? Int == 12)
        for key in ["file", "line", "rootCause", "severity", "title", "evidence", "fix", "confidence", "transient", "pattern"] {
            #expect(first[key] != nil, "missing \(key)")
        }
    }

    @Test func passthroughIsByteIdenticalForEveryCorpusLog() throws {
        for log in CorpusTests.cases() {
            let input = try Data(contentsOf: log)
            let result = try WhygoProcess.run([], input: input)
            #expect(result.stdout == input, "\(log.lastPathComponent): passthrough differs")
        }
    }

    @Test func passthroughIsByteIdenticalForRandomBinary() throws {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: 3 << 20)
        for index in bytes.indices { bytes[index] = UInt8.random(in: 0...255, using: &generator) }
        let input = Data(bytes)
        let result = try WhygoProcess.run([], input: input)
        #expect(result.stdout == input)
        #expect(result.status == 0 || result.status == 1)
    }

    @Test func findingArrivesWhileThePipeStaysOpen() throws {
        let process = Process()
        process.executableURL = WhygoProcess.binary
        process.arguments = ["--format", "json"]
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        defer { process.terminate() }
        let lines = Self.buildKitLog.split(separator: "\n").prefix(10)  // up to `#9 ERROR`, no summary
        try input.fileHandleForWriting.write(contentsOf: Data((lines.joined(separator: "\n") + "\n").utf8))
        // Read what whygo says while stdin stays open.
        let reader = errors.fileHandleForReading
        let deadline = Date().addingTimeInterval(5)
        var received = Data()
        while Date() < deadline, !received.contains(UInt8(ascii: "\n")) {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            received.append(chunk)
        }
        let text = String(decoding: received, as: UTF8.self)
        #expect(text.contains("\"rootCause\":\"checksum-mismatch\""), "got: \(text)")
        #expect(process.isRunning, "whygo should still be waiting for input")
        try input.fileHandleForWriting.close()
    }

    @Test func exitCodes() throws {
        #expect(try WhygoProcess.run(["--quiet"], input: Data("all good\n".utf8)).status == 0)
        #expect(try WhygoProcess.run(["--quiet"], input: Data(Self.buildKitLog.utf8)).status == 1)
        let unknown = try WhygoProcess.run(["--bogus"])
        #expect(unknown.status == 2)
        #expect(unknown.stderrText.contains("unknown option"))
        let missing = try WhygoProcess.run(["/nonexistent/file.log"])
        #expect(missing.status == 2)
        #expect(missing.stderrText.contains("/nonexistent/file.log"))
    }

    @Test func malformedPatternFileIsRejectedWithFileAndLine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("whygo-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("bad.pattern")
        try "id: x/y\ncause: dns\nkeywords: lookup\nmatch: (oops\ntitle: t\nfix: f\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try WhygoProcess.run(["--patterns", directory.path, "--quiet"], input: Data())
        #expect(result.status == 2)
        #expect(result.stderrText.contains("bad.pattern:4:"), "\(result.stderrText)")
    }

    @Test func userPatternsAddAndOverride() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("whygo-user-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try """
        id: dns/acme-resolver
        cause: dns
        keywords: acme-resolver down
        match: acme-resolver down for (?<host>\\S+)
        title: ACME resolver is down for {host}
        fix: ping the network team
        example: acme-resolver down for proxy.golang.org
        near-miss: acme-resolver up
        """.write(to: directory.appendingPathComponent("acme.pattern"), atomically: true, encoding: .utf8)
        let result = try WhygoProcess.run(["--patterns", directory.path, "--quiet", "--format", "json"], input: Data("acme-resolver down for proxy.golang.org\n".utf8))
        let findings = try WhygoProcess.jsonLines(result.stdout)
        #expect(findings.first?["pattern"] as? String == "dns/acme-resolver")
        #expect(findings.first?["title"] as? String == "ACME resolver is down for proxy.golang.org")
    }

    @Test func explainAndPatternsCommands() throws {
        for id in ["checksum-mismatch", "private-module-auth", "cause-not-shown"] {
            let result = try WhygoProcess.run(["explain", id])
            #expect(result.status == 0)
            #expect(result.stdoutText.hasPrefix(id + ":"))
            #expect(result.stdoutText.contains("Fix"))
        }
        #expect(try WhygoProcess.run(["explain", "nope"]).status == 2)
        let list = try WhygoProcess.run(["patterns"])
        #expect(list.status == 0)
        #expect(list.stdoutText.contains("checksum-mismatch"))
    }
}
