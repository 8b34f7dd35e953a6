/// The patterns whygo knows, the root causes they name, and the prefilter built from their keywords.
public struct PatternLibrary: Sendable {
    public private(set) var patterns: [Pattern]
    public private(set) var rootCauses: [String: RootCause]

    public init(patterns: [Pattern], rootCauses: [String: RootCause]) {
        self.patterns = patterns
        self.rootCauses = rootCauses
    }

    /// The library built into the binary from `Patterns/`.
    /// Expressions are compiled on first use: the library test compiles them all.
    public static func builtIn() throws(PatternFileError) -> PatternLibrary {
        try load(files: embeddedPatternFiles.map { (path: "Patterns/" + $0.path, text: $0.text) }, compile: false)
    }

    /// The library with every expression compiled now, so matching takes no lock: for threads that
    /// share it (a batch with several jobs). Built-ins are otherwise compiled on first use.
    public func compiledNow() -> PatternLibrary {
        var copy = self
        for index in copy.patterns.indices {
            copy.patterns[index].expressions = copy.patterns[index].expressions.compiledNow()
        }
        return copy
    }

    /// Parses pattern (`.pattern`) and root-cause (`.explain`) files; ids must be unique.
    public static func load(files: [(path: String, text: String)], compile: Bool = true) throws(PatternFileError) -> PatternLibrary {
        var patterns: [Pattern] = []
        var causes: [String: RootCause] = [:]
        var seen: [String: String] = [:]
        for file in files {
            if file.path.hasSuffix(".explain") {
                let cause = try PatternParser.rootCause(text: file.text, file: file.path)
                causes[cause.id] = cause
            } else if file.path.hasSuffix(".pattern") {
                let pattern = try PatternParser.pattern(text: file.text, file: file.path, compile: compile)
                if let other = seen[pattern.id] {
                    throw PatternFileError(file: file.path, line: 1, message: "duplicate id '\(pattern.id)' (also in \(other))")
                }
                seen[pattern.id] = file.path
                patterns.append(pattern)
            }
        }
        return PatternLibrary(patterns: patterns, rootCauses: causes)
    }

    /// Adds the `.pattern`/`.explain` files below `directory`; a pattern with an existing id replaces it.
    public mutating func add(directory: String) throws(PatternFileError) {
        var files: [(path: String, text: String)] = []
        var readError: PatternFileError?
        let paths = FileSystem.files(under: directory) { error in
            readError = PatternFileError(file: error.path, line: 0, message: error.reason)
        }
        if let readError { throw readError }
        if FileSystem.kind(of: directory) != .directory {
            throw PatternFileError(file: directory, line: 0, message: "not a directory")
        }
        for path in paths where path.hasSuffix(".pattern") || path.hasSuffix(".explain") {
            do {
                let bytes = try FileSystem.read(path)
                files.append((path, String(decoding: bytes, as: UTF8.self)))
            } catch {
                throw PatternFileError(file: path, line: 0, message: error.reason)
            }
        }
        let extra = try PatternLibrary.load(files: files)
        for pattern in extra.patterns {
            if let index = patterns.firstIndex(where: { $0.id == pattern.id }) {
                patterns[index] = pattern
            } else {
                patterns.append(pattern)
            }
        }
        rootCauses.merge(extra.rootCauses) { _, new in new }
    }
}
