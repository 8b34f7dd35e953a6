import Foundation
import Testing
import WhyGoTestSupport

/// `whygo FILE|DIR …` over many inputs, end to end through the binary.
@Suite struct BatchEndToEndTests {
    static let hasTools = FileManager.default.isExecutableFile(atPath: "/usr/bin/gzip") && BatchTools.which("python3") != nil

    /// Standard Go messages with a known first root cause.
    static let checksum = """
    #9 [builder 4/7] RUN go mod download
    #9 0.412 go: downloading github.com/acme/kit v1.4.0
    #9 3.027 verifying github.com/acme/kit@v1.4.0: checksum mismatch
    #9 3.027 \tdownloaded: h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=
    #9 3.027 \tgo.sum:     h1:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=
    #9 ERROR: process "/bin/sh -c go mod download" did not complete successfully: exit code: 1

    """
    static let notShown = """
    #9 [builder 4/7] RUN go mod download
    #9 ERROR: process "/bin/sh -c go mod download" did not complete successfully: exit code: 1

    """
    static let proxy = """
    2025-01-02T03:04:05.0000000Z go: github.com/acme/kit@v1.4.0: Get "https://proxy.golang.org/github.com/acme/kit/@v/v1.4.0.mod": dial tcp 142.250.1.1:443: i/o timeout
    2025-01-02T03:04:06.0000000Z ##[error]Process completed with exit code 1.

    """
    static let clean = "Step 1/3 : FROM golang:1.22\nall good\n"
    static func teapot(_ module: String, _ version: String) -> String {
        "2025-02-01T00:00:00.0000000Z go: \(module)@\(version): reading https://goproxy.example/\(module)/@v/list: 418 I'm a teapot error\n"
    }

    func write(_ text: String, _ url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func files(_ result: WhygoProcess.Result) throws -> [String] {
        try WhygoProcess.jsonLines(result.stdout).map { $0["file"] as? String ?? "?" }
    }

    @Test func directoriesWithIncludeAndExclude() throws {
        let dir = try BatchTools.temporaryDirectory()
        try write(BatchEndToEndTests.checksum, dir.appendingPathComponent("a/build.log"))
        try write(BatchEndToEndTests.checksum, dir.appendingPathComponent("a/b/deep.log"))
        try write(BatchEndToEndTests.checksum, dir.appendingPathComponent("a/notes.txt"))
        try write(BatchEndToEndTests.checksum, dir.appendingPathComponent("a/skip-me.log"))
        let root = dir.appendingPathComponent("a").path
        let all = try WhygoProcess.run(["--format", "json", root])
        #expect(all.status == 1)
        #expect(try files(all) == ["\(root)/b/deep.log", "\(root)/build.log", "\(root)/notes.txt", "\(root)/skip-me.log"])
        let some = try WhygoProcess.run(["--format", "json", "--include", "*.log", "--exclude", "skip-*", root])
        #expect(try files(some) == ["\(root)/b/deep.log", "\(root)/build.log"])
        let byPath = try WhygoProcess.run(["--format", "json", "--include", "*/b/*", root])
        #expect(try files(byPath) == ["\(root)/b/deep.log"])
        let none = try WhygoProcess.run(["--format", "json", "--include", "*.nothing", root])
        #expect(none.status == 0)
        #expect(none.stdout.isEmpty)
    }

    @Test(.enabled(if: hasTools)) func gzipAndZipInputsAreNamedByEntry() throws {
        let dir = try BatchTools.temporaryDirectory()
        let log = dir.appendingPathComponent("one.log")
        try write(BatchEndToEndTests.checksum, log)
        try Data(BatchTools.run("/usr/bin/gzip", ["-c", log.path])).write(to: dir.appendingPathComponent("one.log.gz"))
        // Magic bytes, not the name, make a gzip file.
        try Data(BatchTools.run("/usr/bin/gzip", ["-c", log.path])).write(to: dir.appendingPathComponent("disguised.txt"))
        // Multi-member: a clean log then the failing one.
        let clean = dir.appendingPathComponent("clean.log")
        try write(String(repeating: BatchEndToEndTests.clean, count: 20_000), clean)
        var multi = try BatchTools.run("/usr/bin/gzip", ["-c", clean.path])
        multi.append(try BatchTools.run("/usr/bin/gzip", ["-c", log.path]))
        try multi.write(to: dir.appendingPathComponent("multi.gz"))
        let script = """
        import zipfile, sys
        with zipfile.ZipFile(sys.argv[1], "w") as z:
            z.writestr(zipfile.ZipInfo("build/"), b"")
            z.writestr("build/1_stored.txt", sys.argv[2], compress_type=zipfile.ZIP_STORED)
            z.writestr("build/2_deflated.txt", sys.argv[3] * 50, compress_type=zipfile.ZIP_DEFLATED)
            z.writestr("build/3_clean.txt", "ok\\n", compress_type=zipfile.ZIP_DEFLATED)
        """
        let zip = dir.appendingPathComponent("run.zip")
        try BatchTools.run(BatchTools.which("python3")!, ["-c", script, zip.path, BatchEndToEndTests.checksum, BatchEndToEndTests.proxy])
        try FileManager.default.removeItem(at: log)
        try FileManager.default.removeItem(at: clean)

        let result = try WhygoProcess.run(["--format", "json", "--jobs", "2", dir.path])
        #expect(result.status == 1, "stderr: \(result.stderrText)")
        #expect(result.stderr.isEmpty)
        let objects = try WhygoProcess.jsonLines(result.stdout)
        let errors = objects.filter { $0["severity"] as? String == "error" }
        #expect(errors.map { $0["file"] as? String ?? "" } == [
            dir.path + "/disguised.txt", dir.path + "/multi.gz", dir.path + "/one.log.gz",
            dir.path + "/run.zip:build/1_stored.txt", dir.path + "/run.zip:build/2_deflated.txt",
        ])
        #expect(errors.map { $0["rootCause"] as? String ?? "" } == ["checksum-mismatch", "checksum-mismatch", "checksum-mismatch", "checksum-mismatch", "proxy-unreachable"])
        // The failing member comes after 40,000 clean lines.
        #expect(errors[1]["line"] as? Int == 40_003)
    }

    @Test(.enabled(if: hasTools)) func corruptInputsAreReportedCountedAndSkipped() throws {
        let dir = try BatchTools.temporaryDirectory()
        let log = dir.appendingPathComponent("good.log")
        try write(BatchEndToEndTests.checksum, log)
        var gz = try BatchTools.run("/usr/bin/gzip", ["-c", log.path])
        gz = gz.prefix(gz.count - 6)
        try gz.write(to: dir.appendingPathComponent("bad.log.gz"))
        try Data("PK\u{3}\u{4} this is no zip archive".utf8).write(to: dir.appendingPathComponent("bad.zip"))
        let result = try WhygoProcess.run(["--format", "json", dir.path])
        #expect(result.status == 2)
        #expect(result.stderrText.contains("whygo: \(dir.path)/bad.log.gz: gzip:"))
        #expect(result.stderrText.contains("whygo: \(dir.path)/bad.zip: zip:"))
        #expect(try files(result) == [dir.path + "/good.log"])

        let summary = try WhygoProcess.run(["--summary", "--format", "json", dir.path])
        #expect(summary.status == 2)
        let object = try #require(try JSONSerialization.jsonObject(with: summary.stdout) as? [String: Any])
        #expect(object["inputs"] as? Int == 3)
        #expect(object["unreadable"] as? Int == 2)
        #expect(object["withFailure"] as? Int == 1)

        let missing = try WhygoProcess.run(["--format", "json", dir.path + "/nope.log", log.path])
        #expect(missing.status == 2)
        #expect(missing.stderrText.contains("nope.log: No such file or directory"))
        #expect(try files(missing) == [log.path])
    }

    @Test func outputOrderIsStableWithTwoJobs() throws {
        let dir = try BatchTools.temporaryDirectory()
        var expected: [String] = []
        for index in 0..<60 {
            let name = "log-\(String(index * 7919 % 60, radix: 36))-\(index).log"
            // Uneven sizes so that workers finish out of order.
            let padding = String(repeating: "noise line\n", count: index % 3 == 0 ? 30_000 : 1)
            try write(padding + (index % 2 == 0 ? BatchEndToEndTests.checksum : BatchEndToEndTests.proxy), dir.appendingPathComponent(name))
            expected.append(dir.path + "/" + name)
        }
        expected.sort()
        let one = try WhygoProcess.run(["--format", "json", "--jobs", "1", dir.path])
        let two = try WhygoProcess.run(["--format", "json", "--jobs", "2", dir.path])
        #expect(try files(two).filter { !$0.isEmpty } == expected)
        #expect(one.stdout == two.stdout)
        let text1 = try WhygoProcess.run(["--jobs", "1", dir.path])
        let text2 = try WhygoProcess.run(["--jobs", "2", dir.path])
        #expect(text1.stdoutText == text2.stdoutText)
    }

    @Test func summaryCountsMatchTheInputs() throws {
        let dir = try BatchTools.temporaryDirectory()
        for index in 0..<5 { try write(BatchEndToEndTests.checksum, dir.appendingPathComponent("checksum-\(index).log")) }
        for index in 0..<3 { try write(BatchEndToEndTests.proxy, dir.appendingPathComponent("proxy-\(index).log")) }
        for index in 0..<2 { try write(BatchEndToEndTests.notShown, dir.appendingPathComponent("unshown-\(index).log")) }
        for index in 0..<4 { try write(BatchEndToEndTests.clean, dir.appendingPathComponent("clean-\(index).log")) }
        try write(BatchEndToEndTests.teapot("github.com/a/b", "v1.0.0") + BatchEndToEndTests.teapot("github.com/a/b", "v1.0.0"), dir.appendingPathComponent("teapot-1.log"))
        try write(BatchEndToEndTests.teapot("golang.org/x/text", "v0.14.0"), dir.appendingPathComponent("teapot-2.log"))

        let result = try WhygoProcess.run(["--summary", "--format", "json", "--jobs", "2", dir.path])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        #expect(object["inputs"] as? Int == 16)
        #expect(object["withFailure"] as? Int == 10)
        #expect(object["withoutFailure"] as? Int == 6)
        #expect(object["unreadable"] as? Int == 0)
        #expect(object["classificationRate"] as? Double == 0.8)
        let causes = try #require(object["causes"] as? [[String: Any]])
        #expect(causes.map { $0["rootCause"] as? String ?? "" } == ["checksum-mismatch", "proxy-unreachable", "cause-not-shown"])
        #expect(causes.map { $0["count"] as? Int ?? -1 } == [5, 3, 2])
        #expect(causes[0]["examples"] as? [String] == (0..<3).map { dir.path + "/checksum-\($0).log" })
        #expect(causes[1]["firstSeen"] as? String == "2025-01-02T03:04:06Z")
        #expect(causes[1]["share"] as? Double == 0.3)
        let modules = try #require(object["modules"] as? [[String: Any]])
        #expect(modules.first?["value"] as? String == "github.com/acme/kit")
        #expect(modules.first?["count"] as? Int == 8)
        let hosts = try #require(object["hosts"] as? [[String: Any]])
        #expect(hosts.first?["value"] as? String == "proxy.golang.org")
        let unknowns = try #require(object["unknowns"] as? [[String: Any]])
        #expect(unknowns.count == 1)
        #expect(unknowns.first?["count"] as? Int == 2)
        #expect(unknowns.first?["shape"] as? String == "go: <mod>@<ver>: reading https://goproxy.example/<path>: <n> I'm a teapot error")

        let text = try WhygoProcess.run(["--summary", dir.path])
        #expect(text.stdoutText.contains("checksum-mismatch"))
        #expect(text.stdoutText.contains("unreadable           0"))
        let markdown = try WhygoProcess.run(["--summary", "--format", "markdown", dir.path])
        #expect(markdown.stdoutText.contains("| `checksum-mismatch` | 5 | 50.0% |"))
    }

    /// Over whatever corpus cases exist: the summary agrees with the per-input reports.
    @Test func summaryAgreesWithPerInputReportsOnTheCorpus() throws {
        let cases = WhygoProcess.corpus.appendingPathComponent("cases")
        guard FileManager.default.fileExists(atPath: cases.path) else { return }
        let perInput = try WhygoProcess.run(["--format", "json", "--include", "*.log", cases.path])
        var firstCause: [String: String] = [:]
        for object in try WhygoProcess.jsonLines(perInput.stdout) where object["severity"] as? String == "error" {
            let file = object["file"] as? String ?? ""
            if firstCause[file] == nil { firstCause[file] = object["rootCause"] as? String }
        }
        var expected: [String: Int] = [:]
        for cause in firstCause.values { expected[cause, default: 0] += 1 }
        let logs = FileManager.default.enumerator(atPath: cases.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".log") } ?? []
        let summary = try WhygoProcess.run(["--summary", "--format", "json", "--include", "*.log", cases.path])
        let object = try #require(try JSONSerialization.jsonObject(with: summary.stdout) as? [String: Any])
        #expect(object["inputs"] as? Int == logs.count)
        #expect(object["withFailure"] as? Int == firstCause.count)
        let causes = try #require(object["causes"] as? [[String: Any]])
        var got: [String: Int] = [:]
        for cause in causes { got[cause["rootCause"] as? String ?? ""] = cause["count"] as? Int }
        #expect(got == expected)
    }
}
