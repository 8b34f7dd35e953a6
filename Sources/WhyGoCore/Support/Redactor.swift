/// Removes credentials from text whygo writes (never from the passthrough, which is the user's own log).
///
/// Plain byte scanning, no regex: a quick pass looks for a trigger (`://`, `=`, `authorization`,
/// `bearer`, a token prefix, `password`, `ENV `) and returns the text untouched when there is none.
/// Every rule replaces only the secret itself with `***` and leaves references (`$TOKEN`,
/// `${{ secrets.X }}`, `<token>`, `***`) alone, so fix texts keep their meaning and redaction is
/// idempotent.
public enum Redactor {
    /// The text with secrets replaced by `***`.
    public static func redact(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard mayHoldSecret(bytes) else { return text }
        var result = bytes
        result = urlCredentials(result)
        result = authorizationHeaders(result)
        result = bearerTokens(result)
        result = tokenShapes(result)
        result = netrcPasswords(result)
        result = secretAssignments(result)
        return result == bytes ? text : String(decoding: result, as: UTF8.self)
    }

    /// Substring names whose values are secrets (`NAME=value`, `ENV NAME value`), upper-cased.
    public static let secretNameParts = ["TOKEN", "SECRET", "PASSWORD", "PASSWD", "KEY"]

    static let mask: [UInt8] = Array("***".utf8)

    // MARK: - trigger check

    /// `false` when no rule can apply: the common case, decided in one pass.
    static func mayHoldSecret(_ bytes: [UInt8]) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            switch bytes[index] {
            case UInt8(ascii: "="), UInt8(ascii: "@"):
                return true
            case UInt8(ascii: "g"):
                if hasPrefix(bytes, at: index, "github_pat_") || hasPrefix(bytes, at: index, "glpat-") { return true }
                if hasPrefix(bytes, at: index, "gh"), index + 3 < bytes.count, bytes[index + 3] == UInt8(ascii: "_"),
                   [UInt8(ascii: "p"), UInt8(ascii: "o"), UInt8(ascii: "s"), UInt8(ascii: "u"), UInt8(ascii: "r")].contains(bytes[index + 2]) {
                    return true
                }
            case UInt8(ascii: "n"):
                if hasPrefix(bytes, at: index, "npm_") { return true }
            case UInt8(ascii: "x"):
                if hasPrefix(bytes, at: index, "xox") { return true }
            case UInt8(ascii: "A"), UInt8(ascii: "a"):
                if hasPrefix(bytes, at: index, "AKIA") || hasPrefix(bytes, at: index, "ASIA")
                    || hasPrefix(bytes, at: index, "uthorization", caseInsensitive: true, offset: 1) {
                    return true
                }
            case UInt8(ascii: "B"), UInt8(ascii: "b"):
                if hasPrefix(bytes, at: index, "earer", caseInsensitive: true, offset: 1) { return true }
            case UInt8(ascii: "p"):
                if hasPrefix(bytes, at: index, "password") { return true }
            case UInt8(ascii: "E"):
                if hasPrefix(bytes, at: index, "ENV ") { return true }
            default:
                break
            }
            index += 1
        }
        return false
    }

    // MARK: - rules

    /// `scheme://user:password@host` and `https://TOKEN@host` → `scheme://***@host`. A bare user
    /// name on an SSH URL (`ssh://git@github.com`) is kept.
    static func urlCredentials(_ bytes: [UInt8]) -> [UInt8] {
        var edits: [Edit] = []
        var index = 0
        while let scheme = find(bytes, "://", from: index) {
            let start = scheme + 3
            var end = start
            var lastAt: Int?
            while end < bytes.count, !isAuthorityEnd(bytes[end]) {
                if bytes[end] == UInt8(ascii: "@") { lastAt = end }
                end += 1
            }
            index = end > start ? end : start
            guard let at = lastAt, at > start else { continue }
            let userinfo = Array(bytes[start..<at])
            if isPlaceholder(userinfo[...]) { continue }
            if !userinfo.contains(UInt8(ascii: ":")), schemeName(bytes, before: scheme).hasSuffix("ssh") { continue }
            edits.append(Edit(range: start..<at, replacement: mask))
        }
        return apply(edits, to: bytes)
    }

    /// `Authorization: Basic …` / `Bearer …` / `token …` (also `Proxy-Authorization`): the value,
    /// up to the end of the line or a closing quote, becomes `***`; the scheme word stays.
    static func authorizationHeaders(_ bytes: [UInt8]) -> [UInt8] {
        var edits: [Edit] = []
        var index = 0
        while let found = find(bytes, "authorization", from: index, caseInsensitive: true) {
            var cursor = found + 13
            index = cursor
            while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") { cursor += 1 }
            guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: ":") || bytes[cursor] == UInt8(ascii: "=") else { continue }
            cursor += 1
            while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: "\t") { cursor += 1 }
            let wordEnd = scan(bytes, from: cursor) { isWordByte($0) || $0 == UInt8(ascii: "-") }
            let word = String(decoding: bytes[cursor..<wordEnd], as: UTF8.self).lowercased()
            if authorizationSchemes.contains(word) {
                cursor = wordEnd
                while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") { cursor += 1 }
            }
            let valueEnd = scan(bytes, from: cursor) { !isLineEnd($0) && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "'") }
            var trimmedEnd = valueEnd
            while trimmedEnd > cursor, bytes[trimmedEnd - 1] == UInt8(ascii: " ") { trimmedEnd -= 1 }
            guard trimmedEnd > cursor, !isPlaceholder(bytes[cursor..<trimmedEnd]) else { continue }
            edits.append(Edit(range: cursor..<trimmedEnd, replacement: mask))
            index = valueEnd
        }
        return apply(edits, to: bytes)
    }

    static let authorizationSchemes: Set<String> = [
        "basic", "bearer", "token", "digest", "negotiate", "ntlm", "aws4-hmac-sha256", "remoteauth",
    ]

    /// `Bearer <token>` anywhere (curl traces, error messages): the token becomes `***`. Prose such
    /// as "bearer authentication" (a lower-case word) is kept.
    static func bearerTokens(_ bytes: [UInt8]) -> [UInt8] {
        var edits: [Edit] = []
        var index = 0
        while let found = find(bytes, "bearer", from: index, caseInsensitive: true) {
            index = found + 6
            guard found == 0 || !isWordByte(bytes[found - 1]) else { continue }
            var cursor = found + 6
            guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") else { continue }
            while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") { cursor += 1 }
            let end = scan(bytes, from: cursor, while: isTokenByte)
            let token = bytes[cursor..<end]
            guard token.count >= 8, !isPlaceholder(token) else { continue }
            if token.allSatisfy({ $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }) { continue }
            edits.append(Edit(range: cursor..<end, replacement: mask))
            index = end
        }
        return apply(edits, to: bytes)
    }

    /// A well-known token prefix and the least number of characters that must follow it.
    struct TokenShape: Sendable {
        var prefix: String
        var minimum: Int
        var maximum: Int = .max
        /// Characters allowed after the prefix.
        var allowed: @Sendable (UInt8) -> Bool
    }

    static let tokenShapes: [TokenShape] = [
        TokenShape(prefix: "github_pat_", minimum: 20, allowed: isWordByte),
        TokenShape(prefix: "ghp_", minimum: 16, allowed: isAlphanumeric),
        TokenShape(prefix: "gho_", minimum: 16, allowed: isAlphanumeric),
        TokenShape(prefix: "ghs_", minimum: 16, allowed: isAlphanumeric),
        TokenShape(prefix: "ghu_", minimum: 16, allowed: isAlphanumeric),
        TokenShape(prefix: "ghr_", minimum: 16, allowed: isAlphanumeric),
        TokenShape(prefix: "glpat-", minimum: 16, allowed: { isWordByte($0) || $0 == UInt8(ascii: "-") }),
        TokenShape(prefix: "npm_", minimum: 20, allowed: isAlphanumeric),
        TokenShape(prefix: "AKIA", minimum: 16, maximum: 16, allowed: isUpperOrDigit),
        TokenShape(prefix: "ASIA", minimum: 16, maximum: 16, allowed: isUpperOrDigit),
        TokenShape(prefix: "xoxb-", minimum: 10, allowed: { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }),
        TokenShape(prefix: "xoxp-", minimum: 10, allowed: { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }),
        TokenShape(prefix: "xoxa-", minimum: 10, allowed: { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }),
        TokenShape(prefix: "xoxr-", minimum: 10, allowed: { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }),
        TokenShape(prefix: "xoxs-", minimum: 10, allowed: { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }),
        TokenShape(prefix: "xoxe-", minimum: 10, allowed: { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }),
    ]

    /// GitHub, GitLab, npm, AWS and Slack token shapes: the prefix stays, the rest becomes `***`.
    static func tokenShapes(_ bytes: [UInt8]) -> [UInt8] {
        var edits: [Edit] = []
        for shape in tokenShapes {
            let prefix = Array(shape.prefix.utf8)
            var index = 0
            while let found = find(bytes, prefix, from: index) {
                let start = found + prefix.count
                let end = scan(bytes, from: start, while: shape.allowed)
                index = max(end, start)
                guard found == 0 || !isAlphanumeric(bytes[found - 1]) else { continue }
                let length = end - start
                guard length >= shape.minimum, length <= shape.maximum else { continue }
                if shape.maximum != .max, end < bytes.count, isAlphanumeric(bytes[end]) { continue }
                edits.append(Edit(range: start..<end, replacement: mask))
            }
        }
        return apply(edits, to: bytes)
    }

    /// `.netrc` syntax: `machine h login u password p`, or a `password p` line of a printed
    /// `.netrc`: the password becomes `***`.
    static func netrcPasswords(_ bytes: [UInt8]) -> [UInt8] {
        var edits: [Edit] = []
        var index = 0
        while let found = find(bytes, "password", from: index) {
            index = found + 8
            guard found == 0 || !isWordByte(bytes[found - 1]) else { continue }
            var cursor = found + 8
            guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: "\t") else { continue }
            while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: "\t") { cursor += 1 }
            let lineStart = (bytes[..<found].lastIndex(where: isLineEnd) ?? -1) + 1
            let before = bytes[lineStart..<found]
            let netrcLine = before.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
                || find(Array(before), "machine ", from: 0) != nil || find(Array(before), "login ", from: 0) != nil
                || find(Array(before), "default ", from: 0) != nil
            guard netrcLine else { continue }
            let end = scan(bytes, from: cursor) { !isSpaceOrLineEnd($0) && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "'") }
            guard end > cursor, !isPlaceholder(bytes[cursor..<end]) else { continue }
            edits.append(Edit(range: cursor..<end, replacement: mask))
            index = end
        }
        return apply(edits, to: bytes)
    }

    /// `NAME=value` (also in `--build-arg`, `ENV`, `ARG`, `-e`, a URL query) and `ENV NAME value`
    /// where NAME holds TOKEN, SECRET, PASSWORD, PASSWD or KEY: the value becomes `***`. Flag names
    /// (`--secret=…`) are not variable names and stay.
    static func secretAssignments(_ bytes: [UInt8]) -> [UInt8] {
        var edits: [Edit] = []
        var index = 0
        while index < bytes.count {
            guard let equals = bytes[index...].firstIndex(of: UInt8(ascii: "=")) else { break }
            index = equals + 1
            var nameStart = equals
            while nameStart > 0, isWordByte(bytes[nameStart - 1]) { nameStart -= 1 }
            guard nameStart < equals else { continue }
            if nameStart > 0, bytes[nameStart - 1] == UInt8(ascii: "-") { continue }
            guard isSecretName(bytes[nameStart..<equals]) else { continue }
            if let edit = valueEdit(bytes, from: equals + 1) {
                edits.append(edit)
                index = edit.range.upperBound
            }
        }
        // Dockerfile's old `ENV NAME value` form.
        index = 0
        while let found = find(bytes, "ENV ", from: index) {
            index = found + 4
            guard found == 0 || !isWordByte(bytes[found - 1]) else { continue }
            var cursor = found + 4
            while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") { cursor += 1 }
            let nameEnd = scan(bytes, from: cursor, while: isWordByte)
            guard nameEnd > cursor, nameEnd < bytes.count, bytes[nameEnd] == UInt8(ascii: " "), isSecretName(bytes[cursor..<nameEnd]) else { continue }
            var valueStart = nameEnd
            while valueStart < bytes.count, bytes[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
            if let edit = valueEdit(bytes, from: valueStart, toLineEnd: true) {
                edits.append(edit)
                index = edit.range.upperBound
            }
        }
        return apply(edits, to: bytes)
    }

    static func isSecretName(_ name: ArraySlice<UInt8>) -> Bool {
        let upper = String(decoding: name, as: UTF8.self).uppercased()
        return secretNameParts.contains { upper.contains($0) }
    }

    /// The edit that masks the value starting at `start` (quoted or bare), or nil for an empty or placeholder value.
    static func valueEdit(_ bytes: [UInt8], from start: Int, toLineEnd: Bool = false) -> Edit? {
        guard start < bytes.count else { return nil }
        var valueStart = start
        var end: Int
        let quote = bytes[start]
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            valueStart = start + 1
            end = scan(bytes, from: valueStart) { $0 != quote && !isLineEnd($0) }
        } else if toLineEnd {
            end = scan(bytes, from: start) { !isLineEnd($0) }
            while end > start, bytes[end - 1] == UInt8(ascii: " ") { end -= 1 }
        } else {
            end = scan(bytes, from: start) {
                !isSpaceOrLineEnd($0) && $0 != UInt8(ascii: "&") && $0 != UInt8(ascii: ";")
                    && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "'")
            }
        }
        guard end > valueStart, !isPlaceholder(bytes[valueStart..<end]) else { return nil }
        return Edit(range: valueStart..<end, replacement: mask)
    }

    /// A reference or a mask rather than a value: `$X`, `${X}`, `$(cmd)`, `${{ secrets.X }}`, `<token>`, `***`, `%s`.
    static func isPlaceholder(_ value: ArraySlice<UInt8>) -> Bool {
        guard let first = value.first else { return true }
        switch first {
        case UInt8(ascii: "$"), UInt8(ascii: "<"), UInt8(ascii: "{"), UInt8(ascii: "%"): return true
        case UInt8(ascii: "*"): return value.allSatisfy { $0 == UInt8(ascii: "*") }
        default: return false
        }
    }

    // MARK: - byte helpers

    struct Edit {
        var range: Range<Int>
        var replacement: [UInt8]
    }

    /// The bytes with non-overlapping edits applied (an edit overlapping an earlier one is skipped).
    static func apply(_ edits: [Edit], to bytes: [UInt8]) -> [UInt8] {
        guard !edits.isEmpty else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var position = 0
        for edit in edits.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) where edit.range.lowerBound >= position {
            out += bytes[position..<edit.range.lowerBound]
            out += edit.replacement
            position = edit.range.upperBound
        }
        out += bytes[position...]
        return out
    }

    static func find(_ bytes: [UInt8], _ needle: String, from start: Int, caseInsensitive: Bool = false) -> Int? {
        find(bytes, Array(needle.utf8), from: start, caseInsensitive: caseInsensitive)
    }

    static func find(_ bytes: [UInt8], _ needle: [UInt8], from start: Int, caseInsensitive: Bool = false) -> Int? {
        guard !needle.isEmpty, bytes.count >= needle.count else { return nil }
        var index = start
        let last = bytes.count - needle.count
        let first = caseInsensitive ? lower(needle[0]) : needle[0]
        while index <= last {
            let byte = caseInsensitive ? lower(bytes[index]) : bytes[index]
            if byte == first {
                var matched = true
                for offset in 1..<needle.count {
                    let a = bytes[index + offset], b = needle[offset]
                    if caseInsensitive ? lower(a) != lower(b) : a != b { matched = false; break }
                }
                if matched { return index }
            }
            index += 1
        }
        return nil
    }

    static func hasPrefix(_ bytes: [UInt8], at index: Int, _ literal: String, caseInsensitive: Bool = false, offset: Int = 0) -> Bool {
        let needle = Array(literal.utf8)
        let start = index + offset
        guard start + needle.count <= bytes.count else { return false }
        for (position, byte) in needle.enumerated() {
            let value = bytes[start + position]
            if caseInsensitive ? lower(value) != lower(byte) : value != byte { return false }
        }
        return true
    }

    static func scan(_ bytes: [UInt8], from start: Int, while accepts: (UInt8) -> Bool) -> Int {
        var index = start
        while index < bytes.count, accepts(bytes[index]) { index += 1 }
        return index
    }

    /// The URL scheme just before `://`, lower-cased (`git+ssh`, `https`).
    static func schemeName(_ bytes: [UInt8], before index: Int) -> String {
        var start = index
        while start > 0, isAlphanumeric(bytes[start - 1]) || bytes[start - 1] == UInt8(ascii: "+") || bytes[start - 1] == UInt8(ascii: "-") || bytes[start - 1] == UInt8(ascii: ".") {
            start -= 1
        }
        return String(decoding: bytes[start..<index], as: UTF8.self).lowercased()
    }

    static func lower(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    static func isUpperOrDigit(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    static func isWordByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: "_")
    }

    /// Characters of a bearer token (RFC 6750 `b64token`).
    static func isTokenByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: "~") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=")
    }

    static func isLineEnd(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }

    static func isSpaceOrLineEnd(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || isLineEnd(byte)
    }

    /// Where a URL's authority ends (path, query, fragment, whitespace, quoting).
    static func isAuthorityEnd(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: " "), UInt8(ascii: "\t"),
             UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "<"),
             UInt8(ascii: ">"), UInt8(ascii: "`"), UInt8(ascii: "\\"), UInt8(ascii: "("), UInt8(ascii: ")"):
            return true
        default:
            return false
        }
    }
}
