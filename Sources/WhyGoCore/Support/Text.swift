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
    /// The first range of `needle` in the text (plain literal search).
    func range(of needle: String) -> Range<Index>? {
        guard !needle.isEmpty else { return nil }
        var start = startIndex
        while start < endIndex {
            guard let first = self[start...].firstIndex(of: needle.first!) else { return nil }
            if self[first...].hasPrefix(needle) { return first..<index(first, offsetBy: needle.count) }
            start = index(after: first)
        }
        return nil
    }
}

extension String {
    /// `true` when the text holds `needle` (byte-wise, like `memmem`).
    func containsLiteral(_ needle: String) -> Bool {
        Substring(self).range(of: needle) != nil
    }

    /// Replaces every occurrence of a literal.
    func replacingLiteral(_ needle: String, with replacement: String) -> String {
        split(string: needle).joined(separator: replacement)
    }
}
