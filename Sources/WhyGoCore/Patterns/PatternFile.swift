/// A problem in a pattern or explain file, reported as `file:line: message`.
public struct PatternFileError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int
    public var message: String
    public var description: String { "\(file):\(line): \(message)" }

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }
}

/// The `key: value` text format shared by `.pattern` and `.explain` files: values may continue on
/// lines starting with `  | `; blank lines and `#` comments are ignored; keys may repeat.
struct KeyValueFile {
    struct Entry {
        var key: String
        var value: String
        var line: Int
    }

    var entries: [Entry] = []

    /// Parses on UTF-8 bytes (Character-wise string handling dominated start-up).
    init(text: String, file: String) throws(PatternFileError) {
        let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), colon = UInt8(ascii: ":")
        var lineNumber = 0
        for rawLine in text.utf8.split(separator: 10, omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = rawLine
            if line.last == 13 { line = line.dropLast() }
            if line.starts(with: "  |".utf8) {
                guard !entries.isEmpty else {
                    throw PatternFileError(file: file, line: lineNumber, message: "continuation line before any key")
                }
                var rest = line.dropFirst(3)
                if rest.first == space { rest = rest.dropFirst() }
                let previous = entries[entries.count - 1].value
                let piece = String(Substring(rest))
                entries[entries.count - 1].value = previous.isEmpty ? piece : previous + "\n" + piece
                continue
            }
            let trimmed = line.drop { $0 == space || $0 == tab }
            if trimmed.isEmpty || trimmed.first == UInt8(ascii: "#") { continue }
            if line.first == space || line.first == tab {
                // Indented `expect:` lines belong to the example above them.
                guard trimmed.starts(with: "expect:".utf8) else {
                    throw PatternFileError(file: file, line: lineNumber, message: "unexpected indented line (continuations start with '  | ')")
                }
            }
            guard let colonIndex = trimmed.firstIndex(of: colon) else {
                throw PatternFileError(file: file, line: lineNumber, message: "expected 'key: value'")
            }
            let keyBytes = trimmed[..<colonIndex]
            let key = String(Substring(keyBytes))
            guard !keyBytes.isEmpty, keyBytes.allSatisfy({ ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") || $0 == UInt8(ascii: "-") }) else {
                throw PatternFileError(file: file, line: lineNumber, message: "bad key '\(key)'")
            }
            var value = trimmed[trimmed.index(after: colonIndex)...]
            if value.first == space { value = value.dropFirst() }
            entries.append(Entry(key: key, value: String(Substring(value)), line: lineNumber))
        }
    }

    func first(_ key: String) -> Entry? { entries.first { $0.key == key } }
    func all(_ key: String) -> [Entry] { entries.filter { $0.key == key } }
}
