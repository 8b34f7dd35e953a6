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

    init(text: String, file: String) throws(PatternFileError) {
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Substring(rawLine)
            if line.last == "\r" { line = line.dropLast() }
            if line.hasPrefix("  |") {
                guard !entries.isEmpty else {
                    throw PatternFileError(file: file, line: lineNumber, message: "continuation line before any key")
                }
                var rest = line.dropFirst(3)
                if rest.first == " " { rest = rest.dropFirst() }
                let previous = entries[entries.count - 1].value
                entries[entries.count - 1].value = previous.isEmpty ? String(rest) : previous + "\n" + rest
                continue
            }
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if line.first == " " || line.first == "\t" {
                // Indented `expect:` lines belong to the example above them.
                guard trimmed.hasPrefix("expect:") else {
                    throw PatternFileError(file: file, line: lineNumber, message: "unexpected indented line (continuations start with '  | ')")
                }
            }
            guard let colon = trimmed.firstIndex(of: ":") else {
                throw PatternFileError(file: file, line: lineNumber, message: "expected 'key: value'")
            }
            let key = String(trimmed[..<colon])
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0 == "-" }) else {
                throw PatternFileError(file: file, line: lineNumber, message: "bad key '\(key)'")
            }
            var value = trimmed[trimmed.index(after: colon)...]
            if value.first == " " { value = value.dropFirst() }
            entries.append(Entry(key: key, value: String(value), line: lineNumber))
        }
    }

    func first(_ key: String) -> Entry? { entries.first { $0.key == key } }
    func all(_ key: String) -> [Entry] { entries.filter { $0.key == key } }
}
