/// Zero-width conditions.
enum Assertion: Int32, Sendable {
    case start = 0          // ^ and \A: start of input
    case end = 1            // $ and \z: end of input
    case wordBoundary = 2   // \b
    case notWordBoundary = 3 // \B
}

/// Parsed pattern.
indirect enum Node: Sendable {
    case empty
    case byte(UInt8)
    case set(ByteSet)
    case concat([Node])
    case alternate([Node])
    /// A named capture group; `index` is its position in `captureNames`.
    case capture(Node, index: Int)
    /// `max == nil` means unbounded. `offset` is where the quantifier starts in the pattern.
    case repetition(Node, min: Int, max: Int?, greedy: Bool, offset: Int)
    case assertion(Assertion)
}

/// Limits enforced while parsing.
enum Limits {
    static let maxRepeat = 1000
    static let maxNesting = 100  // keeps recursion shallow enough for small task stacks
    static let maxInstructions = 20_000
}

/// Recursive-descent parser over the pattern's UTF-8 bytes.
struct Parser {
    private let p: [UInt8]
    private var i = 0
    private var depth = 0
    private(set) var names: [String] = []
    private(set) var caseInsensitive = false

    init(_ pattern: String) {
        p = Array(pattern.utf8)
    }

    private static func ch(_ s: Unicode.Scalar) -> UInt8 { UInt8(ascii: s) }

    private func fail(_ offset: Int, _ message: String) -> RegexError {
        RegexError(offset: offset, message: message)
    }

    private func peek(_ k: Int = 0) -> UInt8? {
        i + k < p.count ? p[i + k] : nil
    }

    private func startsWith(_ s: String, at o: Int) -> Bool {
        let b = Array(s.utf8)
        guard o + b.count <= p.count else { return false }
        return Array(p[o..<(o + b.count)]) == b
    }

    mutating func parse() throws(RegexError) -> Node {
        if startsWith("(?i)", at: 0) {
            caseInsensitive = true
            i = 4
        }
        let node = try parseAlternation()
        if i < p.count {
            // Only a stray ')' can stop the top-level alternation early.
            throw fail(i, "unbalanced parenthesis: unmatched ')'")
        }
        return node
    }

    private mutating func parseAlternation() throws(RegexError) -> Node {
        var alts = [try parseConcat()]
        while let c = peek(), c == Parser.ch("|") {
            i += 1
            alts.append(try parseConcat())
        }
        return alts.count == 1 ? alts[0] : .alternate(alts)
    }

    private mutating func parseConcat() throws(RegexError) -> Node {
        var items: [Node] = []
        while let c = peek() {
            if c == Parser.ch("|") || c == Parser.ch(")") { break }
            let atomStart = i
            var atom: Node
            var repeatable = true
            switch c {
            case Parser.ch("("):
                atom = try parseGroup()
            case Parser.ch("["):
                atom = try parseClass()
            case Parser.ch("."):
                i += 1
                atom = .set(ByteSet.dot)
            case Parser.ch("^"):
                i += 1
                atom = .assertion(.start)
                repeatable = false
            case Parser.ch("$"):
                i += 1
                atom = .assertion(.end)
                repeatable = false
            case Parser.ch("\\"):
                (atom, repeatable) = try parseEscape()
            case Parser.ch("*"), Parser.ch("+"), Parser.ch("?"):
                throw fail(i, "nothing to repeat before '\(Character(Unicode.Scalar(c)))'")
            case Parser.ch("{"):
                if counted(at: i) != nil {
                    throw fail(i, "nothing to repeat before '{'")
                }
                i += 1
                atom = literal(c)
            default:
                atom = literalChar()
            }
            _ = atomStart
            atom = try parseQuantifiers(atom, repeatable: repeatable)
            items.append(atom)
        }
        switch items.count {
        case 0: return .empty
        case 1: return items[0]
        default: return .concat(items)
        }
    }

    /// A literal byte, case-folded when `(?i)` is on.
    private func literal(_ b: UInt8) -> Node {
        if caseInsensitive {
            let s = ByteSet([b]).caseFolded()
            if s.count > 1 { return .set(s) }
        }
        return .byte(b)
    }

    /// Reads one (possibly multi-byte UTF-8) character as a literal atom.
    private mutating func literalChar() -> Node {
        let bytes = readChar()
        if bytes.count == 1 { return literal(bytes[0]) }
        return .concat(bytes.map { .byte($0) })
    }

    /// Reads one UTF-8 encoded character's bytes (a lone byte if not a lead byte).
    private mutating func readChar() -> [UInt8] {
        let lead = p[i]
        i += 1
        guard lead >= 0xC0 else { return [lead] }
        var out = [lead]
        while let c = peek(), c & 0xC0 == 0x80, out.count < 4 {
            out.append(c)
            i += 1
        }
        return out
    }

    /// Parses `{n}`, `{n,}`, `{n,m}` starting at `o` (which must be `{`) without consuming.
    /// Returns nil when the text is not a valid counted quantifier (then `{` is a literal).
    private func counted(at o: Int) -> (min: Int, max: Int?, end: Int)? {
        var j = o + 1
        func number() -> Int? {
            var v = 0
            var digits = 0
            while j < p.count, p[j] >= 0x30, p[j] <= 0x39 {
                if v < 1_000_000 { v = v * 10 + Int(p[j] - 0x30) }
                j += 1
                digits += 1
            }
            return digits == 0 ? nil : v
        }
        guard let lo = number() else { return nil }
        guard j < p.count else { return nil }
        if p[j] == Parser.ch("}") { return (lo, lo, j + 1) }
        guard p[j] == Parser.ch(",") else { return nil }
        j += 1
        guard j < p.count else { return nil }
        if p[j] == Parser.ch("}") { return (lo, nil, j + 1) }
        guard let hi = number(), j < p.count, p[j] == Parser.ch("}") else { return nil }
        return (lo, hi, j + 1)
    }

    private mutating func parseQuantifiers(_ atom: Node, repeatable: Bool) throws(RegexError) -> Node {
        var node = atom
        var quantified = false
        while let c = peek() {
            let qStart = i
            var lo = 0
            var hi: Int? = nil
            switch c {
            case Parser.ch("*"): lo = 0; hi = nil; i += 1
            case Parser.ch("+"): lo = 1; hi = nil; i += 1
            case Parser.ch("?"): lo = 0; hi = 1; i += 1
            case Parser.ch("{"):
                guard let q = counted(at: i) else { return node }
                lo = q.min; hi = q.max
                if lo > Limits.maxRepeat || (hi ?? 0) > Limits.maxRepeat {
                    throw fail(qStart, "repetition count too large (maximum is \(Limits.maxRepeat))")
                }
                if let h = hi, lo > h {
                    throw fail(qStart, "invalid repetition {\(lo),\(h)}: minimum is greater than maximum")
                }
                i = q.end
            default:
                return node
            }
            if quantified {
                if c == Parser.ch("+") {
                    throw fail(qStart, "possessive quantifiers are not supported")
                }
                throw fail(qStart, "nothing to repeat: quantifier follows another quantifier")
            }
            if !repeatable {
                throw fail(qStart, "nothing to repeat: an assertion cannot be quantified")
            }
            var greedy = true
            if let n = peek(), n == Parser.ch("?") {
                greedy = false
                i += 1
            }
            node = .repetition(node, min: lo, max: hi, greedy: greedy, offset: qStart)
            quantified = true
        }
        return node
    }

    private mutating func parseGroup() throws(RegexError) -> Node {
        let start = i
        depth += 1
        defer { depth -= 1 }
        if depth > Limits.maxNesting {
            throw fail(start, "parentheses nested too deeply (maximum \(Limits.maxNesting))")
        }
        i += 1
        var captureIndex: Int? = nil
        if let q = peek(), q == Parser.ch("?") {
            if startsWith("?:", at: i) {
                i += 2
            } else if startsWith("?=", at: i) || startsWith("?!", at: i) {
                throw fail(start, "look-ahead assertions are not supported")
            } else if startsWith("?<=", at: i) || startsWith("?<!", at: i) {
                throw fail(start, "look-behind assertions are not supported")
            } else if startsWith("?<", at: i) || startsWith("?P<", at: i) {
                i += startsWith("?<", at: i) ? 2 : 3
                captureIndex = try parseGroupName()
            } else if startsWith("?P=", at: i) {
                throw fail(start, "backreferences are not supported")
            } else if startsWith("?i)", at: i) {
                throw fail(start, "the (?i) flag is only supported at the very start of the pattern")
            } else {
                throw fail(start, "unsupported group syntax '(?'")
            }
        }
        let body = try parseAlternation()
        guard let c = peek(), c == Parser.ch(")") else {
            throw fail(start, "unbalanced parenthesis: missing ')'")
        }
        i += 1
        if let idx = captureIndex { return .capture(body, index: idx) }
        return body
    }

    private mutating func parseGroupName() throws(RegexError) -> Int {
        let nameStart = i
        while let c = peek(), c != Parser.ch(">") {
            let ok = (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
                || (c >= 0x30 && c <= 0x39 && i > nameStart)
            if !ok {
                if c == Parser.ch(")") { break }
                throw fail(i, "invalid character in capture group name")
            }
            i += 1
        }
        guard let c = peek(), c == Parser.ch(">") else {
            throw fail(nameStart, "missing '>' after capture group name")
        }
        if i == nameStart {
            throw fail(nameStart, "empty capture group name")
        }
        let name = String(decoding: p[nameStart..<i], as: UTF8.self)
        if names.contains(name) {
            throw fail(nameStart, "duplicate capture group name '\(name)'")
        }
        i += 1
        names.append(name)
        return names.count - 1
    }

    private static func isLetter(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
    }

    /// `\x` followed by two hex digits or `{h..}` (at most FF); `i` is after the `x`.
    private mutating func parseHex(escapeStart: Int) throws(RegexError) -> UInt8 {
        func hexVal(_ c: UInt8) -> Int? {
            switch c {
            case 0x30...0x39: return Int(c - 0x30)
            case 0x41...0x46: return Int(c - 0x41 + 10)
            case 0x61...0x66: return Int(c - 0x61 + 10)
            default: return nil
            }
        }
        if let c = peek(), c == Parser.ch("{") {
            var j = i + 1
            var v = 0
            var digits = 0
            while j < p.count, let h = hexVal(p[j]) {
                v = v * 16 + h
                j += 1
                digits += 1
                if v > 0xFF { break }
            }
            guard digits > 0, v <= 0xFF, j < p.count, p[j] == Parser.ch("}") else {
                throw fail(escapeStart, "invalid \\x{...} escape (only \\x{0}-\\x{FF} bytes are supported)")
            }
            i = j + 1
            return UInt8(v)
        }
        guard let a = peek(), let h1 = hexVal(a), let b = peek(1), let h2 = hexVal(b) else {
            throw fail(escapeStart, "invalid \\x escape: expected two hex digits")
        }
        i += 2
        return UInt8(h1 * 16 + h2)
    }

    /// Escape outside a class. Returns the atom and whether it may be quantified.
    private mutating func parseEscape() throws(RegexError) -> (Node, Bool) {
        let start = i
        i += 1
        guard let c = peek() else {
            throw fail(start, "trailing backslash at end of pattern")
        }
        switch c {
        case Parser.ch("d"): i += 1; return (.set(ByteSet.digit), true)
        case Parser.ch("D"): i += 1; return (.set(ByteSet.digit.inverted()), true)
        case Parser.ch("s"): i += 1; return (.set(ByteSet.space), true)
        case Parser.ch("S"): i += 1; return (.set(ByteSet.space.inverted()), true)
        case Parser.ch("w"): i += 1; return (.set(ByteSet.word), true)
        case Parser.ch("W"): i += 1; return (.set(ByteSet.word.inverted()), true)
        case Parser.ch("b"): i += 1; return (.assertion(.wordBoundary), false)
        case Parser.ch("B"): i += 1; return (.assertion(.notWordBoundary), false)
        case Parser.ch("A"): i += 1; return (.assertion(.start), false)
        case Parser.ch("z"): i += 1; return (.assertion(.end), false)
        default:
            let b = try escapedByte(start: start, inClass: false)
            if let b { return (literal(b), true) }
            return (literalChar(), true)
        }
    }

    /// Escapes common to both contexts that denote a single byte. Returns nil for a
    /// non-ASCII escaped character (then `i` still points at it).
    private mutating func escapedByte(start: Int, inClass: Bool) throws(RegexError) -> UInt8? {
        let c = p[i]
        switch c {
        case Parser.ch("t"): i += 1; return 0x09
        case Parser.ch("n"): i += 1; return 0x0A
        case Parser.ch("r"): i += 1; return 0x0D
        case Parser.ch("f"): i += 1; return 0x0C
        case Parser.ch("v"): i += 1; return 0x0B
        case Parser.ch("a"): i += 1; return 0x07
        case Parser.ch("e"): i += 1; return 0x1B
        case Parser.ch("x"):
            i += 1
            return try parseHex(escapeStart: start)
        case Parser.ch("0"):
            i += 1
            return 0x00
        case 0x31...0x39:
            throw fail(start, inClass
                ? "octal escapes are not supported in classes"
                : "backreferences are not supported")
        default:
            if Parser.isLetter(c) {
                throw fail(start, "unknown escape '\\\(Character(Unicode.Scalar(c)))'")
            }
            if c >= 0x80 { return nil }
            i += 1
            return c
        }
    }

    private enum ClassAtom {
        case byte(UInt8)
        case set(ByteSet)
        case sequence([UInt8])
    }

    private mutating func parseClassAtom() throws(RegexError) -> ClassAtom {
        let start = i
        let c = p[i]
        if c == Parser.ch("\\") {
            i += 1
            guard let e = peek() else {
                throw fail(start, "trailing backslash at end of pattern")
            }
            switch e {
            case Parser.ch("d"): i += 1; return .set(ByteSet.digit)
            case Parser.ch("D"): i += 1; return .set(ByteSet.digit.inverted())
            case Parser.ch("s"): i += 1; return .set(ByteSet.space)
            case Parser.ch("S"): i += 1; return .set(ByteSet.space.inverted())
            case Parser.ch("w"): i += 1; return .set(ByteSet.word)
            case Parser.ch("W"): i += 1; return .set(ByteSet.word.inverted())
            case Parser.ch("b"): i += 1; return .byte(0x08)
            default:
                if let b = try escapedByte(start: start, inClass: true) { return .byte(b) }
                let seq = readChar()
                return .sequence(seq)
            }
        }
        if c == Parser.ch("["), let n = peek(1), n == Parser.ch(":") {
            // POSIX class [:name:]
            var j = i + 2
            while j < p.count, Parser.isLetter(p[j]) { j += 1 }
            if j + 1 < p.count, p[j] == Parser.ch(":"), p[j + 1] == Parser.ch("]") {
                let name = String(decoding: p[(i + 2)..<j], as: UTF8.self)
                guard let s = Parser.posixClass(name) else {
                    throw fail(start, "unknown POSIX class [:\(name):]")
                }
                i = j + 2
                return .set(s)
            }
        }
        let seq = readChar()
        return seq.count == 1 ? .byte(seq[0]) : .sequence(seq)
    }

    private static func posixClass(_ name: String) -> ByteSet? {
        let upper = ByteSet.range(0x41, 0x5A)
        let lower = ByteSet.range(0x61, 0x7A)
        var alpha = upper; alpha.formUnion(lower)
        var alnum = alpha; alnum.formUnion(.digit)
        var punct = ByteSet.range(0x21, 0x7E)
        punct = ByteSet(Array(0...255).map(UInt8.init).filter { punct.contains($0) && !alnum.contains($0) })
        switch name {
        case "alpha": return alpha
        case "digit": return .digit
        case "alnum": return alnum
        case "upper": return upper
        case "lower": return lower
        case "space": return .space
        case "blank": return ByteSet([0x20, 0x09])
        case "word": return .word
        case "xdigit":
            var s = ByteSet.digit; s.insertRange(0x41, 0x46); s.insertRange(0x61, 0x66)
            return s
        case "punct": return punct
        case "cntrl": var s = ByteSet.range(0, 0x1F); s.insert(0x7F); return s
        case "print": return .range(0x20, 0x7E)
        case "graph": return .range(0x21, 0x7E)
        case "ascii": return .range(0, 0x7F)
        default: return nil
        }
    }

    private mutating func parseClass() throws(RegexError) -> Node {
        let start = i
        depth += 1
        defer { depth -= 1 }
        i += 1
        var negated = false
        if let c = peek(), c == Parser.ch("^") {
            negated = true
            i += 1
        }
        var set = ByteSet()
        var sequences: [[UInt8]] = []
        var first = true
        while true {
            guard let c = peek() else {
                throw fail(start, "missing ']' to close character class")
            }
            if c == Parser.ch("]") && !first {
                i += 1
                break
            }
            first = false
            let itemStart = i
            let lo = try parseClassAtom()
            // Range?
            if let d = peek(), d == Parser.ch("-"), let e = peek(1), e != Parser.ch("]") {
                i += 1
                let hi = try parseClassAtom()
                guard case .byte(let a) = lo, case .byte(let b) = hi else {
                    throw fail(itemStart, "bad character class range: endpoints must be single ASCII characters or bytes")
                }
                guard a <= b else {
                    throw fail(itemStart, "bad character class range: start is greater than end")
                }
                set.insertRange(a, b)
                continue
            }
            switch lo {
            case .byte(let b): set.insert(b)
            case .set(let s): set.formUnion(s)
            case .sequence(let s):
                if negated {
                    throw fail(itemStart, "non-ASCII characters are not supported in negated character classes")
                }
                sequences.append(s)
            }
        }
        if caseInsensitive { set = set.caseFolded() }
        if negated { set = set.inverted() }
        if sequences.isEmpty { return .set(set) }
        var alts: [Node] = set.isEmpty ? [] : [.set(set)]
        for s in sequences { alts.append(.concat(s.map { .byte($0) })) }
        return alts.count == 1 ? alts[0] : .alternate(alts)
    }
}
