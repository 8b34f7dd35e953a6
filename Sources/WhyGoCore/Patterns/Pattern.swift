#if canImport(Glibc)
import Glibc
#endif
import WhyGoRegex

/// A pattern's `match:` expressions, compiled on first use. Built-in patterns are checked by the
/// library test, so start-up only parses the files; user patterns are compiled when loaded, so a
/// bad expression is reported with its file and line. Safe to share between threads.
public final class PatternExpressions: @unchecked Sendable {
    /// The `match:` texts, in order.
    public let sources: [String]
    /// Compiled when made: read without the lock (threads sharing the library do not contend).
    private let eager: [Regex]?
    private var compiled: [Regex]?
    private var lock = pthread_mutex_t()

    init(sources: [String], compiled: [Regex]?) {
        self.sources = sources
        eager = compiled
        pthread_mutex_init(&lock, nil)
    }

    deinit { pthread_mutex_destroy(&lock) }

    /// The same expressions, compiled now.
    public func compiledNow() -> PatternExpressions {
        eager != nil ? self : PatternExpressions(sources: sources, compiled: regexes)
    }

    /// The compiled expressions (compiled now if they were not yet).
    public var regexes: [Regex] {
        if let eager { return eager }
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        if let compiled { return compiled }
        let made = sources.map { source in
            guard let regex = try? Regex(source) else { fatalError("built-in pattern expression does not compile: \(source)") }
            return regex
        }
        compiled = made
        return made
    }
}

/// What a pattern's match means to the classifier.
public enum PatternRole: String, Sendable {
    /// The line is evidence of a root cause.
    case cause
    /// A step-failure line that names a step but never a cause (folded, or `cause-not-shown`).
    case wrapper
    /// Evidence about the environment (GOPROXY, GOPRIVATE, base image) used to decide and fill fixes.
    case context
}

/// A sample line stored beside a pattern: it must match (with the captures given) or must not.
public struct PatternExample: Sendable {
    public var text: String
    /// Captures the match must yield; empty for near-misses and unchecked examples.
    public var expectedCaptures: [String: String]
    /// Line in the pattern file, for error messages.
    public var line: Int
}

/// One entry of the pattern library, loaded from a `Patterns/<cause>/<name>.pattern` file.
public struct Pattern: Sendable {
    public var id: String
    public var cause: String
    public var role: PatternRole
    public var severity: Severity
    public var confidence: Double
    public var transient: Bool
    /// Higher wins when several cause patterns match one failure (default 50).
    public var priority: Int
    /// Prefilter literals: a line is only tried when it holds one of them.
    public var keywords: [String]
    public var expressions: PatternExpressions
    /// Classifier rule that may move the finding to a look-alike cause.
    public var refine: String?
    public var title: String
    public var fix: String
    public var description: String
    public var examples: [PatternExample]
    public var nearMisses: [PatternExample]
    /// Where it came from: `Patterns/…` for built-ins, the file path for user patterns.
    public var source: String

    /// The first expression that matches `line`, with its named captures decoded.
    public func match(_ line: UnsafeBufferPointer<UInt8>) -> [String: String]? {
        for expression in expressions.regexes {
            if let found = expression.firstMatch(in: line) {
                var captures: [String: String] = [:]
                for name in found.captures.keys {
                    if let value = found.capture(name, in: line) { captures[name] = value }
                }
                return captures
            }
        }
        return nil
    }

    /// `match` over a String (tests, examples).
    public func match(_ line: String) -> [String: String]? {
        var copy = line
        return copy.withUTF8 { match($0) }
    }
}
