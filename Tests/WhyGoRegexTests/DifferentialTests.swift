import Testing
@testable import WhyGoRegex

/// A tiny independent regex AST, rendered to pattern syntax and matched by a backtracker.
private indirect enum RNode {
    case lit(UInt8)
    case any
    case cls([UInt8], negated: Bool)
    case cat([RNode])
    case alt([RNode])
    case group(RNode, capturing: Bool)
    case rep(RNode, min: Int, max: Int?, greedy: Bool)
    case bol, eol, wordB

    var pattern: String {
        switch self {
        case .lit(let b): return String(UnicodeScalar(b))
        case .any: return "."
        case .cls(let bs, let neg): return "[" + (neg ? "^" : "") + String(decoding: bs, as: UTF8.self) + "]"
        case .cat(let xs): return xs.map(\.pattern).joined()
        case .alt(let xs): return "(?:" + xs.map(\.pattern).joined(separator: "|") + ")"
        case .group(let x, let capturing): return (capturing ? "(" : "(?:") + x.pattern + ")"
        case .rep(let x, let lo, let hi, let greedy):
            var q: String
            switch (lo, hi) {
            case (0, nil): q = "*"
            case (1, nil): q = "+"
            case (0, 1): q = "?"
            case (_, nil): q = "{\(lo),}"
            case (_, let h?) where h == lo: q = "{\(lo)}"
            case (_, let h?): q = "{\(lo),\(h)}"
            }
            if !greedy { q += "?" }
            return "(?:" + x.pattern + ")" + q
        case .bol: return "^"
        case .eol: return "$"
        case .wordB: return "\\b"
        }
    }
}

/// Reference semantics (continuation-passing backtracking, leftmost-first). Loops follow
/// the Thompson-program convention: an unbounded loop may not re-enter its body at the
/// same position it entered the previous iteration (an empty iteration cannot repeat).
private struct Backtracker {
    let s: [UInt8]

    func isWord(_ i: Int) -> Bool {
        guard i >= 0 && i < s.count else { return false }
        let c = s[i]
        return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95
    }

    func m(_ n: RNode, _ i: Int, _ k: @escaping (Int) -> Bool) -> Bool {
        switch n {
        case .lit(let b): return i < s.count && s[i] == b && k(i + 1)
        case .any: return i < s.count && s[i] != 10 && k(i + 1)
        case .cls(let bs, let neg): return i < s.count && (bs.contains(s[i]) != neg) && k(i + 1)
        case .cat(let xs):
            func go(_ j: Int, _ idx: Int) -> Bool {
                idx == xs.count ? k(j) : m(xs[idx], j) { go($0, idx + 1) }
            }
            return go(i, 0)
        case .alt(let xs):
            for x in xs where m(x, i, k) { return true }
            return false
        case .group(let x, _): return m(x, i, k)
        case .bol: return i == 0 && k(i)
        case .eol: return i == s.count && k(i)
        case .wordB: return isWord(i - 1) != isWord(i) && k(i)
        case .rep(let x, let lo, let hi, let greedy):
            if let hi {
                // lo mandatory copies, then (hi - lo) nested optionals.
                func opt(_ j: Int, _ left: Int) -> Bool {
                    if left == 0 { return k(j) }
                    let more = { m(x, j) { opt($0, left - 1) } }
                    return greedy ? (more() || k(j)) : (k(j) || more())
                }
                func mand(_ j: Int, _ c: Int) -> Bool {
                    c == lo ? opt(j, hi - lo) : m(x, j) { mand($0, c + 1) }
                }
                return mand(i, 0)
            }
            if lo == 0 {
                // L: split(body, end); body; jump L
                func star(_ j: Int) -> Bool {
                    let more = { m(x, j) { e in e != j && star(e) } }
                    return greedy ? (more() || k(j)) : (k(j) || more())
                }
                return star(i)
            }
            // x{lo-1} then L: body; split(L, end)
            func loop(_ start: Int) -> Bool {
                m(x, start) { e in
                    let more = { e != start && loop(e) }
                    return greedy ? (more() || k(e)) : (k(e) || more())
                }
            }
            func mand(_ j: Int, _ c: Int) -> Bool {
                c == lo - 1 ? loop(j) : m(x, j) { mand($0, c + 1) }
            }
            return mand(i, 0)
        }
    }

    func firstMatch(_ n: RNode) -> Range<Int>? {
        for start in 0...s.count {
            var end = -1
            if m(n, start, { end = $0; return true }) { return start..<end }
        }
        return nil
    }
}

/// Deterministic generator (SplitMix64).
private struct RNG {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

private let alphabet: [UInt8] = Array("abc".utf8)

private func gen(_ r: inout RNG, depth: Int) -> RNode {
    let leaf = depth <= 0 || r.int(3) == 0
    if leaf {
        switch r.int(10) {
        case 0: return .any
        case 1: return .cls([alphabet[r.int(3)], alphabet[r.int(3)]], negated: r.int(3) == 0)
        case 2: return [.bol, .eol, .wordB][r.int(3)]
        default: return .lit(alphabet[r.int(3)])
        }
    }
    switch r.int(4) {
    case 0: return .cat((0..<(1 + r.int(3))).map { _ in gen(&r, depth: depth - 1) })
    case 1:
        // Empty alternatives allowed.
        return .alt((0..<(2 + r.int(2))).map { _ in r.int(6) == 0 ? .cat([]) : gen(&r, depth: depth - 1) })
    case 2: return .group(gen(&r, depth: depth - 1), capturing: r.int(2) == 0)
    default:
        let (lo, hi): (Int, Int?) = [(0, nil), (1, nil), (0, 1), (2, nil), (2, 2), (1, 3), (0, 2)][r.int(7)]
        return .rep(gen(&r, depth: depth - 1), min: lo, max: hi, greedy: r.int(2) == 0)
    }
}

@Suite("Differential against a backtracking reference")
struct DifferentialTests {
    @Test func randomPatterns() throws {
        var r = RNG(state: 0x5EED_1234)
        var checked = 0
        var mismatches: [String] = []
        for _ in 0..<600 {
            let node = gen(&r, depth: 3)
            let pattern = node.pattern
            let regex: WhyGoRegex.Regex
            do { regex = try WhyGoRegex.Regex(pattern) } catch {
                Issue.record("generated pattern \(pattern) rejected: \(error)")
                continue
            }
            for _ in 0..<12 {
                let len = r.int(8)
                let subject = String(decoding: (0..<len).map { _ in alphabet[r.int(3)] }, as: UTF8.self)
                let expected = Backtracker(s: Array(subject.utf8)).firstMatch(node)
                let got = regex.firstMatch(in: subject)?.range
                let any = regex.matches(subject)
                checked += 1
                if got != expected || any != (expected != nil) {
                    mismatches.append("/\(pattern)/ on \"\(subject)\": expected \(String(describing: expected)), got \(String(describing: got)) matches=\(any)")
                }
            }
        }
        let report = "\(mismatches.count) mismatches, e.g.:\n" + mismatches.prefix(10).joined(separator: "\n")
        let agree = mismatches.isEmpty
        #expect(agree, "\(report)")
        #expect(checked == 600 * 12)
    }

    @Test func referenceAgreesOnKnownCases() {
        // Sanity check of the reference itself, so the differential test can fail for real.
        let b = Backtracker(s: Array("ab".utf8))
        #expect(b.firstMatch(.alt([.lit(97), .cat([.lit(97), .lit(98)])])) == 0..<1)
        #expect(b.firstMatch(.rep(.lit(98), min: 1, max: nil, greedy: true)) == 1..<2)
        #expect(b.firstMatch(.cat([.lit(98), .bol])) == nil)
    }
}
