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

    /// Parses on UTF-8 bytes with integer offsets (Character-wise string handling, then
    /// `UTF8View` slicing, dominated start-up).
    init(text: String, file: String) throws(PatternFileError) {
        var text = text
        var entries: [Entry] = []
        let result = text.withUTF8 { bytes -> PatternFileError? in
            do throws(PatternFileError) {
                try KeyValueFile.parse(bytes, file: file) { entries.append($0) } continuation: { piece in
                    guard !entries.isEmpty else { return false }
                    let previous = entries[entries.count - 1].value
                    entries[entries.count - 1].value = previous.isEmpty ? piece : previous + "\n" + piece
                    return true
                }
                return nil
            } catch {
                return error
            }
        }
        if let result { throw result }
        self.entries = entries
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>, file: String, entry: (Entry) -> Void, continuation: (String) -> Bool) throws(PatternFileError) {
        let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), colon = UInt8(ascii: ":")
        func string(_ from: Int, _ to: Int) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self)
        }
        func starts(_ at: Int, _ end: Int, with prefix: StaticString) -> Bool {
            let count = prefix.utf8CodeUnitCount
            guard end - at >= count else { return false }
            for index in 0..<count where bytes[at + index] != prefix.utf8Start[index] { return false }
            return true
        }
        var lineNumber = 0
        var lineStart = 0
        while lineStart <= bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 10 { lineEnd += 1 }
            defer { lineStart = lineEnd + 1 }
            lineNumber += 1
            var end = lineEnd
            if end > lineStart, bytes[end - 1] == 13 { end -= 1 }
            if starts(lineStart, end, with: "  |") {
                var rest = lineStart + 3
                if rest < end, bytes[rest] == space { rest += 1 }
                guard continuation(string(rest, end)) else {
                    throw PatternFileError(file: file, line: lineNumber, message: "continuation line before any key")
                }
                continue
            }
            var first = lineStart
            while first < end, bytes[first] == space || bytes[first] == tab { first += 1 }
            if first == end || bytes[first] == UInt8(ascii: "#") { continue }
            if first > lineStart {
                // Indented `expect:` lines belong to the example above them.
                guard starts(first, end, with: "expect:") else {
                    throw PatternFileError(file: file, line: lineNumber, message: "unexpected indented line (continuations start with '  | ')")
                }
            }
            var colonIndex = first
            while colonIndex < end, bytes[colonIndex] != colon { colonIndex += 1 }
            guard colonIndex < end else {
                throw PatternFileError(file: file, line: lineNumber, message: "expected 'key: value'")
            }
            let key = string(first, colonIndex)
            let keyIsWord = (first..<colonIndex).allSatisfy { index in
                let byte = bytes[index]
                return ((byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")) || byte == UInt8(ascii: "-")
            }
            guard colonIndex > first, keyIsWord else {
                throw PatternFileError(file: file, line: lineNumber, message: "bad key '\(key)'")
            }
            var value = colonIndex + 1
            if value < end, bytes[value] == space { value += 1 }
            entry(Entry(key: key, value: string(value, end), line: lineNumber))
        }
    }

    func first(_ key: String) -> Entry? { entries.first { $0.key == key } }
    func all(_ key: String) -> [Entry] { entries.filter { $0.key == key } }
}
