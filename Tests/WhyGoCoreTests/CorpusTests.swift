import Foundation
import Testing
import WhyGoTestSupport

/// Runs every `Corpus/cases/**/*.log` through the built binary and compares with its `.expect`.
@Suite struct CorpusTests {
    struct Expected: CustomStringConvertible {
        var rootCause: String
        var line: Int?
        var dockerfileLine: Int?
        var description: String {
            rootCause + (line.map { " line=\($0)" } ?? "") + (dockerfileLine.map { " dockerfile=\($0)" } ?? "")
        }
    }

    static func cases() -> [URL] {
        let root = WhygoProcess.corpus.appendingPathComponent("cases")
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "log" }.sorted { $0.path < $1.path }
    }

    static func expectations(for log: URL) throws -> [Expected]? {
        let url = log.deletingPathExtension().appendingPathExtension("expect")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
        var result: [Expected] = []
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line == "none" { continue }
            let fields = line.split(separator: " ")
            var expected = Expected(rootCause: String(fields[0]))
            for field in fields.dropFirst() {
                let pair = field.split(separator: "=", maxSplits: 1)
                guard pair.count == 2 else { continue }
                if pair[0] == "line" { expected.line = Int(pair[1]) }
                if pair[0] == "dockerfile" { expected.dockerfileLine = Int(pair[1].split(separator: ":").last ?? "") }
            }
            result.append(expected)
        }
        return result
    }

    @Test func corpusHasEnoughCases() {
        #expect(Self.cases().count >= 120, "only \(Self.cases().count) corpus cases")
    }

    @Test(arguments: cases())
    func caseGivesItsExpectedFindings(_ log: URL) throws {
        guard let expected = try Self.expectations(for: log) else {
            Issue.record("\(log.lastPathComponent): no .expect file")
            return
        }
        let result = try WhygoProcess.run(["--quiet", "--format", "json", log.path])
        #expect(result.status == (expected.isEmpty || !expected.contains(where: { !["verification-disabled", "cache-not-reused"].contains($0.rootCause) }) ? 0 : 1),
                "\(log.lastPathComponent): exit \(result.status), stderr: \(result.stderrText)")
        let findings = try WhygoProcess.jsonLines(result.stdout)
        let got = findings.map { finding in
            Expected(
                rootCause: finding["rootCause"] as? String ?? "?",
                line: finding["line"] as? Int,
                dockerfileLine: (finding["dockerfile"] as? [String: Any])?["line"] as? Int
            )
        }
        let name = log.path.replacingOccurrences(of: WhygoProcess.corpus.path + "/", with: "")
        if expected.isEmpty {
            #expect(got.isEmpty, "\(name): expected no finding, got \(got)")
            return
        }
        guard let first = got.first else {
            Issue.record("\(name): expected \(expected), got no finding")
            return
        }
        let want = expected[0]
        #expect(first.rootCause == want.rootCause, "\(name): expected \(want), got \(got)")
        if let line = want.line { #expect(first.line == line, "\(name): expected \(want), got \(got)") }
        if let dockerfile = want.dockerfileLine { #expect(first.dockerfileLine == dockerfile, "\(name): expected \(want), got \(got)") }
        #expect(Set(got.map(\.rootCause)) == Set(expected.map(\.rootCause)), "\(name): expected \(expected), got \(got)")
    }
}
