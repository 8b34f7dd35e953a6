// WhyGoRegex: a Thompson-NFA / Pike-VM regular-expression engine over UTF-8 bytes.
//
// Matching is O(input length × program size) for every pattern (no backtracking), with
// leftmost-first (Perl-like) priorities for alternation and greedy/lazy quantifiers.
//
// Syntax: literals (a multi-byte character is its byte sequence), `.` (any byte but \n),
// classes `[abc]` `[^a-z0-9_]` `[[:alpha:]]` with escapes inside, `\d \D \s \S \w \W` (ASCII),
// `\b \B`, `^ $` (`\A \z`: start/end of the input), escaped punctuation, `\t \n \r \f \v \a \e \0 \xHH`,
// groups `( )` `(?: )` `(?<name> )` `(?P<name> )`, `|`, `* + ? {n} {n,} {n,m}` and their lazy `?`
// forms, and a leading `(?i)` (ASCII case-insensitive). Only named groups are reported.
// Rejected: backreferences, look-around, other inline flags, possessive quantifiers, counts
// over 1000, nesting over 100 groups, programs over 20,000 instructions.

/// A compiled regular expression, matched in time linear in the input (Pike VM over UTF-8 bytes).
public struct Regex: Sendable {
    /// The source pattern this expression was compiled from.
    public let pattern: String
    let program: Program

    /// Compiles `pattern`, throwing a `RegexError` (with the byte offset) when it is invalid or too large.
    public init(_ pattern: String) throws(RegexError) {
        self.pattern = pattern
        var parser = Parser(pattern)
        let root = try parser.parse()
        program = try Compiler.compile(root, names: parser.names)
    }

    /// Names of the named capture groups, in order of appearance in the pattern.
    public var captureNames: [String] { program.names }

    /// The leftmost-first match in `bytes`, with byte-offset ranges, or nil.
    public func firstMatch(in bytes: UnsafeBufferPointer<UInt8>) -> RegexMatch? {
        let count = program.slotCount
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: count) { slots -> RegexMatch? in
            guard let base = slots.baseAddress,
                  program.execute(bytes, wantSlots: true, slotsOut: base) else { return nil }
            var captures: [String: Range<Int>] = [:]
            for (k, name) in program.names.enumerated() {
                let lo = base[2 + 2 * k], hi = base[3 + 2 * k]
                if lo >= 0 && hi >= lo { captures[name] = lo..<hi }
            }
            return RegexMatch(range: base[0]..<base[1], captures: captures)
        }
    }

    /// The leftmost-first match in `text` (searched as UTF-8); ranges are UTF-8 byte offsets.
    public func firstMatch(in text: String) -> RegexMatch? {
        var text = text
        return text.withUTF8 { firstMatch(in: $0) }
    }

    /// Whether `text` contains a match anywhere (faster than `firstMatch`: no captures).
    public func matches(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { matches(in: $0) }
    }

    /// Whether `bytes` contains a match anywhere (no captures are tracked).
    public func matches(in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        program.execute(bytes, wantSlots: false, slotsOut: nil)
    }
}

/// One match: the overall byte range and the byte ranges of the named groups that took part.
public struct RegexMatch: Sendable, Equatable {
    /// Byte offsets of the whole match.
    public let range: Range<Int>
    /// Byte ranges of the named groups that participated in the match, keyed by name.
    public let captures: [String: Range<Int>]
}

extension RegexMatch {
    /// The text of named group `name` within `bytes` (lossy UTF-8), or nil if it did not participate.
    public func capture(_ name: String, in bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let r = captures[name], r.lowerBound >= 0, r.upperBound <= bytes.count else { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self)
    }

    /// The text of named group `name` within `text` (the string that was searched), or nil.
    public func capture(_ name: String, in text: String) -> String? {
        var text = text
        return text.withUTF8 { capture(name, in: $0) }
    }
}
