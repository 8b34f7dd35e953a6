/// Groups the Go error lines no pattern explains by their shape, so that one new kind of failure
/// shows up as one row however many modules, versions and hosts it hit.
public struct UnknownClusters: Sendable {
    public struct Cluster: Sendable {
        /// The normalised text, e.g. `go: <mod>@<ver>: reading <url>: 418 I'm a teapot`.
        public var shape: String
        /// Inputs that showed it (a line repeated in one input counts once).
        public var count: Int
        /// One original line and the input it came from.
        public var example: String
        public var exampleInput: String
    }

    private var clusters: [String: Cluster] = [:]
    private var order: [String] = []

    public init() {}

    public mutating func add(_ lines: [String], input: String) {
        var seen: Set<String> = []
        for line in lines {
            let shape = UnknownClusters.normalise(line)
            guard seen.insert(shape).inserted else { continue }
            if clusters[shape] == nil {
                clusters[shape] = Cluster(shape: shape, count: 0, example: String(line.prefix(300)), exampleInput: input)
                order.append(shape)
            }
            clusters[shape]!.count += 1
        }
    }

    /// Most frequent first; ties in order of first appearance.
    public var sorted: [Cluster] {
        order.enumerated().map { ($0.offset, clusters[$0.element]!) }
            .sorted { ($1.1.count, $0.0) < ($0.1.count, $1.0) }
            .map(\.1)
    }

    public var total: Int { clusters.values.reduce(0) { $0 + $1.count } }

    // MARK: - Normalisation

    /// Replaces what varies between occurrences by placeholders: `<url>` paths (the host stays),
    /// `<mod>` module paths, `<ver>` versions and pseudo-versions, `<path>` file paths, `<time>`
    /// timestamps, `<hash>` hashes, `<n>` numbers.
    public static func normalise(_ line: String) -> String {
        var words: [String] = []
        for raw in line.split(separator: " ", omittingEmptySubsequences: true) {
            words.append(normaliseWord(Substring(raw)))
        }
        return words.joined(separator: " ")
    }

    static let trailing: Set<Character> = [":", ",", ";", ")", "]", "\"", "'", ".", "}", ">"]
    static let leading: Set<Character> = ["(", "[", "\"", "'", "{", "<"]

    static func normaliseWord(_ word: Substring) -> String {
        var core = word
        var prefix = ""
        var suffix = ""
        while let first = core.first, leading.contains(first), core.count > 1 {
            prefix.append(first)
            core = core.dropFirst()
        }
        while let last = core.last, trailing.contains(last), core.count > 1 {
            suffix.insert(last, at: suffix.startIndex)
            core = core.dropLast()
        }
        return prefix + normaliseCore(String(core)) + suffix
    }

    static func normaliseCore(_ core: String) -> String {
        if core.isEmpty { return core }
        if let scheme = core.firstRange(of: "://") {
            let afterScheme = core[scheme.upperBound...]
            let host = afterScheme.prefix { $0 != "/" && $0 != "?" }
            let hasPath = afterScheme.count > host.count
            return String(core[..<scheme.upperBound]) + normaliseNumbers(String(host.split(separator: "@").last ?? host)) + (hasPath ? "/<path>" : "")
        }
        if isTimestamp(core) { return "<time>" }
        if let at = core.firstIndex(of: "@") {
            let module = core[..<at]
            let version = core[core.index(after: at)...]
            let left = looksLikeModule(String(module)) || !module.contains(" ") && module.contains(".") ? "<mod>" : normaliseCore(String(module))
            let right = isVersion(String(version)) ? "<ver>" : normaliseNumbers(String(version))
            return left + "@" + right
        }
        if core.hasPrefix("h1:") { return "h1:<hash>" }
        if core.count >= 20, core.hasSuffix("=") { return "<hash>" }
        if core.hasPrefix("/") || core.hasPrefix("./") || core.hasPrefix("../") || core.hasPrefix("~/") || core.hasPrefix("C:\\") { return "<path>" }
        if isVersion(core) { return "<ver>" }
        if core.hasPrefix("go1.") || core.hasPrefix("go1") && core.count > 3 && isVersion("v" + core.dropFirst(2)) { return "go<ver>" }
        if looksLikeModule(core) { return "<mod>" }
        if core.count >= 8, core.allSatisfy(\.isHexDigit), core.contains(where: \.isNumber) { return "<hash>" }
        if core.hasPrefix("0x"), core.count > 2, core.dropFirst(2).allSatisfy(\.isHexDigit) { return "<hash>" }
        return normaliseNumbers(core)
    }

    /// `v1.2.3`, `v0.0.0-20240101120000-abcdef123456`, `v2.0.0+incompatible`, `v1.2.3-rc.1`.
    static func isVersion(_ text: String) -> Bool {
        guard text.hasPrefix("v"), text.count >= 2 else { return false }
        let rest = text.dropFirst()
        guard let first = rest.first, first.isNumber else { return false }
        let numeric = rest.prefix { $0.isNumber || $0 == "." }
        let tail = rest.dropFirst(numeric.count)
        return tail.isEmpty || tail.first == "-" || tail.first == "+"
    }

    /// `github.com/acme/kit`, `golang.org/x/net/http2`, `example.com/m/v2`: a dotted first element and a slash.
    static func looksLikeModule(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 2, let first = parts.first, first.contains("."), !first.hasPrefix("."),
              first.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == ":" })
        else { return false }
        return parts.dropFirst().allSatisfy { !$0.isEmpty }
    }

    static func isTimestamp(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { Timestamps.parse($0, at: 0) != nil }
    }

    /// Every run of digits (with dots between, as in `1.22.0` or an IP) becomes `<n>`.
    static func normaliseNumbers(_ text: String) -> String {
        var out = ""
        var inNumber = false
        var pendingDot = false
        for character in text {
            if character.isASCII, character.isNumber {
                if !inNumber { out += "<n>" }
                inNumber = true
                pendingDot = false
            } else if character == ".", inNumber, !pendingDot {
                pendingDot = true
            } else {
                if pendingDot { out.append(".") }
                pendingDot = false
                inNumber = false
                out.append(character)
            }
        }
        if pendingDot { out.append(".") }
        return out
    }
}
