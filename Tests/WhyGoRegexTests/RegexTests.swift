import Testing
@testable import WhyGoRegex

/// Helpers: compile (failing the test on error) and describe a match as strings.
private func rx(_ p: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> WhyGoRegex.Regex {
    do {
        return try WhyGoRegex.Regex(p)
    } catch {
        Issue.record("pattern \(p) failed to compile: \(error)", sourceLocation: sourceLocation)
        throw error
    }
}

/// The matched substring of `s`, or nil.
private func found(_ p: String, _ s: String) throws -> String? {
    let r = try rx(p)
    guard let m = r.firstMatch(in: s) else { return nil }
    let u = Array(s.utf8)
    return String(decoding: u[m.range], as: UTF8.self)
}

/// The named capture `name` of the first match, or nil.
private func cap(_ p: String, _ s: String, _ name: String) throws -> String? {
    try rx(p).firstMatch(in: s)?.capture(name, in: s)
}

@Suite("Literals and basics")
struct BasicTests {
    @Test func literal() throws {
        #expect(try found("abc", "xxabcxx") == "abc")
        #expect(try rx("abc").firstMatch(in: "xxabcxx")?.range == 2..<5)
        #expect(try found("abc", "ab") == nil)
        #expect(try found("", "abc") == "")
        #expect(try rx("").firstMatch(in: "abc")?.range == 0..<0)
        #expect(try rx("needle").matches("hay needle hay"))
        #expect(try !rx("needle").matches("hay needl hay"))
        #expect(try found("aab", "aaab") == "aab")  // prefix skip must not skip overlapping start
        #expect(try found("abab", "abaabab") == "abab")
    }

    @Test func multiByteLiteral() throws {
        #expect(try found("é+", "caféééx") == "ééé")
        #expect(try rx("→").firstMatch(in: "a→b")?.range == 1..<4)
        #expect(try found("[é]x", "ééx") == "éx")
        #expect(try found("[aé]+", "zaéaz") == "aéa")
    }

    @Test func dot() throws {
        #expect(try found("a.c", "abc") == "abc")
        #expect(try found("a.c", "a\nc") == nil)
        #expect(try found("a.c", "a\tc") == "a\tc")
        #expect(try found(".+", "xy\nz") == "xy")
    }

    @Test func classes() throws {
        #expect(try found("[abc]+", "xxcabz") == "cab")
        #expect(try found("[^a-z0-9_]+", "ab_9-+*Z9") == "-+*Z")
        #expect(try found("[a-c]+", "dabcd") == "abc")
        #expect(try found("[\\]]", "a]b") == "]")
        #expect(try found("[]a]+", "x]a]") == "]a]")
        #expect(try found("[\\-a]+", "x-a-") == "-a-")
        #expect(try found("[a-]+", "x-a-") == "-a-")
        #expect(try found("[-a]+", "x-a-") == "-a-")
        #expect(try found("[\\s]+", "a \t\nb") == " \t\n")
        #expect(try found("[\\d]+", "ab123c") == "123")
        #expect(try found("[\\w.]+", "--go.mod--") == "go.mod")
        #expect(try found("[^\\s@]+", "  mod@v1") == "mod")
        #expect(try found("[\\\\]", "a\\b") == "\\")
        #expect(try found("[[:digit:]]+", "ab12c") == "12")
        #expect(try found("[[:alpha:]_]+", "1ab_c2") == "ab_c")
        #expect(try found("[.]", "ab.c") == ".")
        #expect(try found("[\\x41-\\x43]+", "xABCD") == "ABC")
        #expect(try found("[^a]", "a\n") == "\n")  // negated classes match newline
    }

    @Test func perlClasses() throws {
        #expect(try found("\\d+", "v1.16.3") == "1")
        #expect(try found("\\D+", "12ab3") == "ab")
        #expect(try found("\\s+", "a \t\r\n\u{0B}\u{0C}b") == " \t\r\n\u{0B}\u{0C}")
        #expect(try found("\\S+", "  ab  ") == "ab")
        #expect(try found("\\w+", "--a_Z9--") == "a_Z9")
        #expect(try found("\\W+", "ab-+cd") == "-+")
        #expect(try found("\\s", "\u{A0}") == nil)  // ASCII only
    }

    @Test func escapes() throws {
        let punct = [".", "\\", "/", "(", ")", "[", "]", "{", "}", "|", "*", "+", "?", "^", "$", "-", ":", "@", "\"", "'", "#", "&", "~", "!", "%", ",", "<", ">", "=", " ", "`", ";"]
        for p in punct {
            #expect(try found("a\\" + p + "b", "xa" + p + "b") == "a" + p + "b", "escape \\\(p)")
        }
        #expect(try found("\\t", "a\tb") == "\t")
        #expect(try found("\\n", "a\nb") == "\n")
        #expect(try found("\\r", "a\r\nb") == "\r")
        #expect(try found("\\x41", "zA") == "A")
        #expect(try found("a\\.b", "axb a.b") == "a.b")
        #expect(try found("v\\d+\\.\\d+", "go v1.21 ok") == "v1.21")
    }

    @Test func braceLiteralWhenNotQuantifier() throws {
        #expect(try found("a{", "a{") == "a{")
        #expect(try found("a{x}", "a{x}") == "a{x}")
        #expect(try found("{}", "{}") == "{}")
        #expect(try found("a{,2}", "a{,2}") == "a{,2}")
    }
}

@Suite("Alternation and quantifiers")
struct QuantifierTests {
    @Test func alternationPriority() throws {
        #expect(try found("a|ab", "ab") == "a")
        #expect(try found("ab|a", "ab") == "ab")
        #expect(try cap("(?<a>ab|a)", "ab", "a") == "ab")
        #expect(try cap("(?<a>a|ab)(?<b>c|bcd)", "abcd", "a") == "a")
        #expect(try cap("(?<a>a|ab)(?<b>c|bcd)", "abcd", "b") == "bcd")
        #expect(try found("cat|dog|bird", "a bird and a dog") == "bird")
        #expect(try found("x(|a)y", "xy") == "xy")
        #expect(try found("x(a|)y", "xay") == "xay")
        #expect(try found("(?:|a)+", "aa") == "")
        #expect(try found("foo|", "bar") == "")
    }

    @Test func greedyVersusLazy() throws {
        #expect(try cap("(?<x>a+)(?<y>a*)", "aaaa", "x") == "aaaa")
        #expect(try cap("(?<x>a+?)(?<y>a*)", "aaaa", "x") == "a")
        #expect(try cap("(?<x>a+?)(?<y>a*)", "aaaa", "y") == "aaa")
        #expect(try cap("<(?<t>.*)>", "<a><b>", "t") == "a><b")
        #expect(try cap("<(?<t>.*?)>", "<a><b>", "t") == "a")
        #expect(try cap("(?<x>a??)(?<y>a)", "a", "x") == "")
        #expect(try cap("(?<x>a?)(?<y>a?)", "a", "x") == "a")
        #expect(try cap("(?<x>a*?)b", "aaab", "x") == "aaa")
        #expect(try found("a{2,3}?", "aaaa") == "aa")
        #expect(try found("a{2,}?", "aaaa") == "aa")
        #expect(try found("a*?", "aaa") == "")
    }

    @Test func counted() throws {
        #expect(try found("a{3}", "aaaaa") == "aaa")
        #expect(try found("a{2,}", "a aaaaa") == "aaaaa")
        #expect(try found("a{2,3}", "aaaaa") == "aaa")
        #expect(try found("^a{2,3}$", "aaaa") == nil)
        #expect(try found("^a{2,3}$", "aa") == "aa")
        #expect(try found("a{0}b", "ab") == "b")
        #expect(try found("(?:ab){2}", "abab") == "abab")
        #expect(try found("\\d{3}", "HTTP 4041") == "404")
        #expect(try found("x{1,1000}", String(repeating: "x", count: 1200))?.count == 1000)
    }

    @Test func starAndPlus() throws {
        #expect(try found("ab*c", "ac abc abbbc") == "ac")
        #expect(try found("ab+c", "ac abc abbbc") == "abc")
        #expect(try found("ab?c", "abbc ac") == "ac")
        #expect(try found("(a*)*b", "aaab") == "aaab")
        #expect(try found("(a|b)*c", "abbac") == "abbac")
    }
}

@Suite("Anchors, boundaries, flags")
struct AnchorTests {
    @Test func anchors() throws {
        #expect(try found("^go", "go build") == "go")
        #expect(try found("^go", "ergo") == nil)
        #expect(try found("ok$", "ok ok") == "ok")
        #expect(try rx("ok$").firstMatch(in: "ok ok")?.range == 3..<5)
        #expect(try found("ok$", "ok\r") == nil)
        #expect(try found("^$", "") == "")
        #expect(try found("^$", "x") == nil)
        #expect(try found("^a|b$", "cab") == "b")
        #expect(try found("\\Aab\\z", "ab") == "ab")
        #expect(try found("(^|x)y", "zxy") == "xy")
    }

    @Test func wordBoundary() throws {
        #expect(try found("\\bgo\\b", "cargo go") == "go")
        #expect(try rx("\\bgo\\b").firstMatch(in: "cargo go")?.range == 6..<8)
        #expect(try found("\\bgo\\b", "gopher") == nil)
        #expect(try found("\\Bgo", "cargo") == "go")
        #expect(try found("\\Bgo", "go") == nil)
        #expect(try found("\\b", "") == nil)
        #expect(try found("\\B", "") == "")
        #expect(try found("x\\b", "x") == "x")
        #expect(try found("\\bé", "é") == nil)  // non-ASCII bytes are not word bytes
    }

    @Test func caseInsensitive() throws {
        #expect(try found("(?i)error", "An ERROR here") == "ERROR")
        #expect(try found("(?i)Error", "an error here") == "error")
        #expect(try found("(?i)[a-c]+", "xAbCd") == "AbC")
        #expect(try found("(?i)[^a]", "Ab") == "b")
        #expect(try found("(?i)\\x41", "a") == "a")
        #expect(try found("error", "ERROR") == nil)
        #expect(try found("(?i)go: (?<m>\\S+)", "GO: x") == "GO: x")
        #expect(try found("(?i)", "x") == "")
    }
}

@Suite("Captures on Go log lines")
struct CaptureTests {
    @Test func checksumMismatch() throws {
        let r = try rx(#"verifying (?<module>[^\s@]+)@(?<version>[^\s:]+): checksum mismatch"#)
        #expect(r.captureNames == ["module", "version"])
        let line = "#17 0.367 verifying github.com/onsi/ginkgo@v1.16.3: checksum mismatch"
        let m = try #require(r.firstMatch(in: line))
        #expect(m.capture("module", in: line) == "github.com/onsi/ginkgo")
        #expect(m.capture("version", in: line) == "v1.16.3")
        #expect(m.range == 10..<line.utf8.count)
        #expect(m.captures["module"] == 20..<42)
        #expect(!r.matches("#17 0.367 verifying github.com/onsi/ginkgo@v1.16.3: ok"))
    }

    @Test func proxy404() throws {
        let r = try rx(#"go: (?<module>\S+)@(?<version>\S+): reading (?<url>https?://(?<host>[^/\s]+)\S*): (?<status>\d{3})"#)
        #expect(r.captureNames == ["module", "version", "url", "host", "status"])
        let line = "#9 12.3 go: github.com/acme/widgets@v1.2.3: reading https://proxy.golang.org/github.com/acme/widgets/@v/v1.2.3.mod: 404 Not Found"
        let m = try #require(r.firstMatch(in: line))
        #expect(m.capture("module", in: line) == "github.com/acme/widgets")
        #expect(m.capture("version", in: line) == "v1.2.3")
        #expect(m.capture("url", in: line) == "https://proxy.golang.org/github.com/acme/widgets/@v/v1.2.3.mod")
        #expect(m.capture("host", in: line) == "proxy.golang.org")
        #expect(m.capture("status", in: line) == "404")
        #expect(m.capture("nope", in: line) == nil)
    }

    @Test func nonParticipatingAndUnnamedGroups() throws {
        let r = try rx("(?<a>x)|(?<b>y)")
        let m = try #require(r.firstMatch(in: "zy"))
        #expect(m.captures["a"] == nil)
        #expect(m.capture("b", in: "zy") == "y")
        let u = try rx("(a)(?P<n>b)(c)")
        #expect(u.captureNames == ["n"])
        #expect(u.firstMatch(in: "abc")?.captures == ["n": 1..<2])
    }

    @Test func lastIterationWins() throws {
        #expect(try cap("(?:(?<d>\\d),)+", "1,2,3,", "d") == "3")
    }

    @Test func goModLines() throws {
        let r = try rx(#"^(?<file>[^:\s]+\.go):(?<line>\d+):(?<col>\d+): (?<msg>.*)$"#)
        let line = "internal/app/server.go:42:17: undefined: fooBar"
        let m = try #require(r.firstMatch(in: line))
        #expect(m.capture("file", in: line) == "internal/app/server.go")
        #expect(m.capture("line", in: line) == "42")
        #expect(m.capture("col", in: line) == "17")
        #expect(m.capture("msg", in: line) == "undefined: fooBar")
    }
}

@Suite("Bytes")
struct ByteTests {
    @Test func invalidUTF8AndNUL() throws {
        let bytes: [UInt8] = [0x66, 0xFF, 0x00, 0xC3, 0x28, 0x6F, 0x6B, 0x80, 0x00]
        let r = try rx("f.{4}ok")
        bytes.withUnsafeBufferPointer { buf in
            let m = r.firstMatch(in: buf)
            #expect(m?.range == 0..<7)
        }
        let n = try rx("\\x00(?<x>[^o]+)ok(?<t>.*)")
        bytes.withUnsafeBufferPointer { buf in
            let m = n.firstMatch(in: buf)
            #expect(m?.captures["x"] == 3..<5)
            #expect(m?.capture("x", in: buf) == "\u{FFFD}(")  // lossy
            #expect(m?.capture("t", in: buf) == "\u{FFFD}\u{0}")
            #expect(n.matches(in: buf))
        }
        let s = try rx("\\S+")
        bytes.withUnsafeBufferPointer { buf in
            #expect(s.firstMatch(in: buf)?.range == 0..<9)  // NUL is not \s
        }
        let empty = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        #expect(try rx("").firstMatch(in: empty)?.range == 0..<0)
        #expect(try rx("a").firstMatch(in: empty) == nil)
        #expect(try rx("^$").matches(in: empty))
    }

    @Test func captureHelpersAreSafe() throws {
        let m = try #require(try rx("(?<x>b)").firstMatch(in: "abc"))
        #expect(m.capture("x", in: "") == nil)
        #expect(m.capture("x", in: "abc") == "b")
    }
}

@Suite("Rejections")
struct ErrorTests {
    static let cases: [(String, Int, String)] = [
        ("a\\1", 1, "backreference"),
        ("(?P=n)", 0, "backreference"),
        ("(?=a)", 0, "look-ahead"),
        ("x(?!a)", 1, "look-ahead"),
        ("(?<=a)b", 0, "look-behind"),
        ("ab(?<!a)", 2, "look-behind"),
        ("(ab", 0, "missing ')'"),
        ("a(b(c)", 1, "missing ')'"),
        ("ab)", 2, "unmatched ')'"),
        ("(a))", 3, "unmatched ')'"),
        ("[abc", 0, "missing ']'"),
        ("x[]", 1, "missing ']'"),
        ("[z-a]", 1, "range"),
        ("x[a-\\d]", 2, "range"),
        ("*a", 0, "nothing to repeat"),
        ("a|+", 2, "nothing to repeat"),
        ("(*)", 1, "nothing to repeat"),
        ("^*", 1, "nothing to repeat"),
        ("a**", 2, "nothing to repeat"),
        ("a++", 2, "possessive"),
        ("\\b+", 2, "nothing to repeat"),
        ("{2}", 0, "nothing to repeat"),
        ("\\q", 0, "unknown escape"),
        ("ab\\y", 2, "unknown escape"),
        ("[\\k]", 1, "unknown escape"),
        ("ab\\", 2, "trailing backslash"),
        ("(?<n>a)(?<n>b)", 10, "duplicate"),
        ("(?<>a)", 3, "empty"),
        ("(?<1a>x)", 3, "invalid"),
        ("a{3,2}", 1, "greater"),
        ("a{1,1001}", 1, "too large"),
        ("a{1001}", 1, "too large"),
        ("(?:a{1000}){1000}", 11, "20000"),
        ("x(?:(?:a{100}){100}){100}", 20, "20000"),
        ("(?x)a", 0, "unsupported"),
        ("a(?i)b", 1, "(?i)"),
        ("\\xZZ", 0, "hex"),
        ("[^é]", 2, "non-ASCII"),
        ("[[:nope:]]", 1, "POSIX"),
    ]

    @Test(arguments: cases)
    func rejected(_ c: (String, Int, String)) {
        let (pattern, offset, fragment) = c
        do {
            _ = try WhyGoRegex.Regex(pattern)
            Issue.record("\(pattern) should be rejected")
        } catch {
            #expect(error.offset == offset, "\(pattern): \(error)")
            #expect(error.message.contains(fragment), "\(pattern): \(error)")
            #expect(error.description.contains("offset \(offset)"))
        }
    }

    @Test func deepNestingRejectedNotCrashing() {
        let p = String(repeating: "(", count: 5000) + "a" + String(repeating: ")", count: 5000)
        #expect(throws: RegexError.self) { try WhyGoRegex.Regex(p) }
        let ok = String(repeating: "(", count: 100) + "a" + String(repeating: ")", count: 100)
        #expect(throws: Never.self) { try WhyGoRegex.Regex(ok) }
    }

    @Test func bigButAllowed() throws {
        let r = try rx("a{1000}b{1000}")
        #expect(r.matches(String(repeating: "a", count: 1000) + String(repeating: "b", count: 1000)))
    }
}

@Suite("Linear time")
struct PathologicalTests {
    static let n = 1 << 20

    @Test func nestedPlus() throws {
        let s = String(repeating: "x", count: Self.n) + "y"
        let r = try rx("(x+x+)+y")
        #expect(r.firstMatch(in: s)?.range == 0..<(Self.n + 1))
        #expect(!r.matches(String(repeating: "x", count: Self.n)))
    }

    @Test func nestedPlusDollar() throws {
        let s = String(repeating: "a", count: Self.n) + "!"
        let r = try rx("(a+)+$")
        #expect(r.firstMatch(in: s) == nil)
        let t = String(repeating: "a", count: Self.n)
        #expect(r.firstMatch(in: t)?.range == 0..<Self.n)
    }

    @Test func manyCandidates() throws {
        // Every position is a prefix candidate; still linear.
        let s = String(repeating: "ab", count: Self.n / 2)
        let r = try rx("ab(?<rest>.*)c")
        #expect(r.firstMatch(in: s) == nil)
        #expect(try rx("(?:a|b)*?c").firstMatch(in: s) == nil)
    }
}

@Suite("Prefilters")
struct PrefilterTests {
    @Test func requiredLiteralAnywhere() throws {
        let r = try rx(#"[a-z]+ (?<code>\d+) exit status"#)
        #expect(r.firstMatch(in: "build 2 exit status")?.capture("code", in: "build 2 exit status") == "2")
        #expect(r.firstMatch(in: "build 2 exit statu") == nil)
        #expect(try found("x*zqk", "zqk") == "zqk")            // rare byte not first
        #expect(try found("x*zqk", "aaaazqk") == "zqk")
        #expect(try found("x*zqk", "zq") == nil)
        #expect(try found("x*kqz", "kqkqz") == "kqz")
        #expect(try found("(?:ab){2}c", "abababc") == "ababc")
        #expect(try found("a(?:bc){0}d", "ad") == "ad")
    }

    @Test func anchoredPrefix() throws {
        #expect(try found("^go: ", "go: x") == "go: ")
        #expect(try found("^go: ", "g") == nil)
        #expect(try found("^go: ", "xgo: ") == nil)
        #expect(try found("^(?:go|GO): ", "GO: ") == "GO: ")
    }

    @Test func firstByteSet() throws {
        #expect(try found("[xy]z", "aaaxayz") == "yz")
        #expect(try found("(?i)zq", "aaZQ") == "ZQ")
        #expect(try found("(?:a|b)?c", "xxc") == "c")   // nullable head: no wrong skipping
        #expect(try found("\\bgo", "ago go") == "go")
        #expect(try rx("\\bgo").firstMatch(in: "ago go")?.range == 4..<6)
    }

    @Test func sameRegexManyInputs() throws {
        let r = try rx(#"(?<k>\w+)=(?<v>\w+)"#)
        for i in 0..<200 {
            let s = String(repeating: "-", count: i) + "key\(i)=val\(i)"
            let m = try #require(r.firstMatch(in: s))
            #expect(m.capture("k", in: s) == "key\(i)")
            #expect(m.capture("v", in: s) == "val\(i)")
        }
    }
}

@Suite("Concurrency")
struct ConcurrencyTests {
    @Test func sharedAcrossTasks() async throws {
        let r = try rx(#"go: (?<module>\S+)@(?<version>v[\w.\-]+)"#)
        let results = await withTaskGroup(of: String?.self) { group in
            for i in 0..<16 {
                group.addTask {
                    let line = "#\(i) go: example.com/m\(i)@v1.\(i).0 trailing"
                    return r.firstMatch(in: line)?.capture("version", in: line)
                }
            }
            var out: [String] = []
            for await v in group { if let v { out.append(v) } }
            return out.sorted()
        }
        #expect(results == (0..<16).map { "v1.\($0).0" }.sorted())
    }
}
