#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Small string helpers, so the core needs no Foundation.
extension StringProtocol {
    /// The text without leading and trailing spaces, tabs, CR and LF.
    func trimmed() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = lastIndex(where: { !isSpace($0) })!
        return String(self[first...last])
    }

    /// Splits on every occurrence of `separator` (a non-empty string).
    func split(string separator: String) -> [Substring] {
        var parts: [Substring] = []
        var rest = Substring(self)
        while let range = rest.range(of: separator) {
            parts.append(rest[..<range.lowerBound])
            rest = rest[range.upperBound...]
        }
        parts.append(rest)
        return parts
    }
}

extension Substring {
    /// The first range of `needle` in the text (plain literal search over the UTF-8 bytes).
    func range(of needle: String) -> Range<Index>? {
        guard !needle.isEmpty else { return nil }
        var needleCopy = needle
        let found: Int? = needleCopy.withUTF8 { pattern in
            utf8.withContiguousStorageIfAvailable { text in byteSearch(text, pattern) } ?? byteSearch(Array(utf8), pattern)
        }
        guard let offset = found else { return nil }
        let lower = utf8.index(utf8.startIndex, offsetBy: offset)
        let upper = utf8.index(lower, offsetBy: needle.utf8.count)
        return lower..<upper
    }
}

/// Offset of the first occurrence of `pattern` in `text` (memchr for the first byte, then memcmp).
@inline(__always)
func byteSearch(_ text: UnsafeBufferPointer<UInt8>, _ pattern: UnsafeBufferPointer<UInt8>) -> Int? {
    guard pattern.count > 0, text.count >= pattern.count, let base = text.baseAddress, let needle = pattern.baseAddress else { return nil }
    let first = Int32(needle[0])
    let last = text.count - pattern.count
    var offset = 0
    while offset <= last {
        guard let hit = memchr(base + offset, first, last - offset + 1) else { return nil }
        offset = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
        if memcmp(base + offset, needle, pattern.count) == 0 { return offset }
        offset += 1
    }
    return nil
}

func byteSearch(_ text: [UInt8], _ pattern: UnsafeBufferPointer<UInt8>) -> Int? {
    text.withUnsafeBufferPointer { byteSearch($0, pattern) }
}

extension String {
    /// `true` when the text holds `needle` (byte-wise, like `memmem`).
    func containsLiteral(_ needle: String) -> Bool {
        guard !needle.isEmpty else { return false }
        var text = self
        var pattern = needle
        return text.withUTF8 { bytes in pattern.withUTF8 { byteSearch(bytes, $0) != nil } }
    }

    /// Replaces every occurrence of a literal.
    func replacingLiteral(_ needle: String, with replacement: String) -> String {
        split(string: needle).joined(separator: replacement)
    }
}
