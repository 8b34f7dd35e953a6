import Testing
@testable import WhyGoCore

/// Walks the whole built-in library: every pattern compiles, has fixtures that behave, a fix, and
/// a root cause that exists; every root cause has its explain text.
@Suite struct PatternLibraryTests {
    let library: PatternLibrary

    init() throws {
        library = try PatternLibrary.builtIn()
    }

    @Test func everyRootCauseHasAnExplanationAndPatterns() {
        for id in RootCause.allIDs {
            let cause = library.rootCauses[id]
            #expect(cause != nil, "Patterns/\(id)/cause.explain is missing")
            #expect(cause?.fix.isEmpty == false, "cause.explain for \(id) has no fix")
            #expect(cause?.meaning.isEmpty == false, "cause.explain for \(id) has no meaning")
            if id != "cause-not-shown" && id != "cache-not-reused" {
                #expect(library.patterns.contains { $0.cause == id && $0.role == .cause }, "no pattern names \(id)")
            }
        }
        for id in library.rootCauses.keys {
            #expect(RootCause.allIDs.contains(id), "unknown root cause \(id) in Patterns/")
        }
    }

    @Test func patternsSitInTheirCauseFolderWithKnownCauses() {
        for pattern in library.patterns {
            #expect(RootCause.allIDs.contains(pattern.cause), "\(pattern.source): unknown cause \(pattern.cause)")
            let folder = pattern.source.split(separator: "/").dropLast().last.map(String.init)
            #expect(folder == pattern.cause, "\(pattern.source): cause \(pattern.cause) but folder \(folder ?? "?")")
        }
    }

    @Test func everyPatternHasExamplesAndNearMisses() {
        for pattern in library.patterns {
            #expect(!pattern.examples.isEmpty, "\(pattern.source): no example")
            #expect(!pattern.nearMisses.isEmpty, "\(pattern.source): no near-miss")
            if pattern.role == .cause {
                #expect(!pattern.fix.trimmed().isEmpty, "\(pattern.source): empty fix")
            }
        }
    }

    /// Batches with several jobs share a library compiled up front (`compiledNow`, no lock):
    /// it must behave exactly as the one compiled on first use.
    @Test(arguments: [false, true])
    func examplesMatchWithTheirCapturesAndNearMissesDoNot(compiledUpFront: Bool) {
        for pattern in (compiledUpFront ? library.compiledNow() : library).patterns {
            for example in pattern.examples {
                let keywordPresent = pattern.keywords.contains { example.text.containsLiteral($0) }
                #expect(keywordPresent, "\(pattern.source):\(example.line): example holds none of the keywords")
                let captures = pattern.match(example.text)
                #expect(captures != nil, "\(pattern.source):\(example.line): example does not match")
                for (name, value) in example.expectedCaptures {
                    #expect(captures?[name] == value, "\(pattern.source):\(example.line): \(name) = \(captures?[name] ?? "nil"), expected \(value)")
                }
            }
            for nearMiss in pattern.nearMisses {
                let keywordPresent = pattern.keywords.contains { nearMiss.text.containsLiteral($0) }
                let matched = keywordPresent && pattern.match(nearMiss.text) != nil
                #expect(!matched, "\(pattern.source):\(nearMiss.line): near-miss matches")
            }
        }
    }

    @Test func fixesNeverSwitchOffVerification() {
        let forbidden = ["GOSUMDB=off", "GOINSECURE", "-insecure", "GONOSUMCHECK", "GOFLAGS=-insecure", "GOPRIVATE=*"]
        for pattern in library.patterns where pattern.role == .cause {
            for word in forbidden {
                #expect(!pattern.fix.containsLiteral(word) || pattern.fix.containsLiteral("never") || pattern.fix.containsLiteral("Never") || pattern.fix.containsLiteral("remove") || pattern.fix.containsLiteral("Remove"),
                        "\(pattern.source): fix advises \(word)")
            }
        }
    }

    @Test func everyBuiltInExpressionCompiles() throws {
        let files = embeddedPatternFiles.map { (path: "Patterns/" + $0.path, text: $0.text) }
        let eager = try PatternLibrary.load(files: files, compile: true)
        #expect(eager.patterns.count == library.patterns.count)
    }

    @Test func idsAreUnique() {
        var seen: Set<String> = []
        for pattern in library.patterns {
            #expect(seen.insert(pattern.id).inserted, "duplicate id \(pattern.id)")
        }
    }

    @Test func continuationsCommentsAndCRLFParse() throws {
        let text = "# a comment\r\nid: a/b\r\ncause: dns\nkeywords: lookup, no such host\nmatch: lookup (?<host>\\S+)\r\n"
            + "title: DNS\nfix: line one\n  | line two\n  |line three\n\nexample: lookup x.org\n  expect: host=x.org\nnear-miss: nothing\n"
        let library = try PatternLibrary.load(files: [("user/dns/a.pattern", text)])
        let pattern = try #require(library.patterns.first { $0.id == "a/b" })
        #expect(pattern.keywords == ["lookup", "no such host"])
        #expect(pattern.fix == "line one\nline two\nline three")
        #expect(pattern.title == "DNS")
    }

    @Test func malformedPatternFilesAreRejectedWithFileAndLine() {
        let cases: [(String, Int, String)] = [
            ("id: a/b\ncause: dns\nkeywords: lookup\nmatch: (unclosed\ntitle: t\nfix: f\n", 4, "match"),
            ("id: a/b\ncause: dns\nkeywords: lookup\nmatch: x\ntitle: t\nfix: f\nbogus: 1\n", 7, "unknown key"),
            ("id: a/b\ncause: dns\nconfidence: 2\nkeywords: lookup\nmatch: x\ntitle: t\nfix: f\n", 3, "confidence"),
            ("id: a/b\ncause: dns\nkeywords: lo\nmatch: x\ntitle: t\nfix: f\n", 3, "shorter"),
            ("id: a/b\ncause: dns\nkeywords: lookup\nmatch: (?=x)\ntitle: t\nfix: f\n", 4, "match"),
            ("id: a/b\ncause: dns\nkeywords: lookup\nmatch: x\ntitle: t\n", 5, "fix"),
            // The key: value format itself.
            ("  | orphan\nid: a/b\n", 1, "continuation line before any key"),
            ("id: a/b\ncause dns\n", 2, "expected 'key: value'"),
            ("id: a/b\nca use: dns\n", 2, "bad key"),
            ("id: a/b\n: dns\n", 2, "bad key"),
            ("id: a/b\n\n   cause: dns\n", 3, "unexpected indented line"),
        ]
        for (text, line, word) in cases {
            do {
                _ = try PatternLibrary.load(files: [("user/bad.pattern", text)])
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.file == "user/bad.pattern")
                #expect(error.line == line, "\(error.description)")
                #expect(error.description.containsLiteral(word), "\(error.description)")
            }
        }
    }
}
