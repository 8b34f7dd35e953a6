import WhyGoRegex

/// What the log says about the build's environment: GOPROXY, GOPRIVATE, GOFLAGS, the base image, …
/// Used to decide between look-alike causes and to fill fixes.
public struct Environment: Sendable {
    /// Values seen per variable (`GOPROXY` → [`https://goproxy.cn,direct`]), in order of appearance.
    public var variables: [String: [String]] = [:]
    /// `golang:X` image tags seen in `FROM` lines.
    public var goImages: [String] = []

    static let names = ["GOPROXY", "GOPRIVATE", "GONOSUMDB", "GONOPROXY", "GOFLAGS", "GOTOOLCHAIN", "GOSUMDB", "GO111MODULE", "GOINSECURE", "GONOSUMCHECK"]
    static let assignment = try! Regex(#"\b(?<name>GOPROXY|GOPRIVATE|GONOSUMDB|GONOPROXY|GOFLAGS|GOTOOLCHAIN|GOSUMDB|GO111MODULE|GOINSECURE|GONOSUMCHECK)(?:=|:?\s+)["']?(?<value>[^\s"'&;|]*)"#)
    static let image = try! Regex(#"(?i)\bFROM\s+(?:--platform=\S+\s+)?(?:\S+/)?golang:(?<tag>[0-9][0-9a-z.\-]*)"#)

    public init() {}

    /// Reads the settings a line shows (an ENV/ARG line, a `go env -w`, a command with VAR=value).
    mutating func observe(_ text: String) {
        // Most lines name no setting: two literal checks keep them away from the expressions.
        guard text.containsLiteral("GO") || text.containsLiteral("golang:") else { return }
        var remaining = Substring(text)
        var rounds = 0
        while rounds < 8, let match = Environment.assignment.firstMatch(in: String(remaining)) {
            rounds += 1
            let current = String(remaining)
            if let name = match.capture("name", in: current), let value = match.capture("value", in: current),
               !value.isEmpty, !value.hasPrefix("$") {
                if variables[name, default: []].last != value { variables[name, default: []].append(value) }
            }
            let end = current.utf8.index(current.utf8.startIndex, offsetBy: max(match.range.upperBound, 1))
            remaining = Substring(current[end...])
        }
        if text.containsLiteral("golang:"), let match = Environment.image.firstMatch(in: text), let tag = match.capture("tag", in: text) {
            goImages.append(tag)
        }
    }

    /// The last value seen for a variable.
    public func last(_ name: String) -> String? { variables[name]?.last }

    /// GOPROXY entries the build uses (defaults to the public proxy when the log shows none).
    public var proxyHosts: [String] {
        guard let value = last("GOPROXY") else { return ["proxy.golang.org"] }
        return value.split(whereSeparator: { $0 == "," || $0 == "|" }).compactMap { entry in
            let text = String(entry)
            if text == "direct" || text == "off" { return nil }
            return URLParts.host(of: text)
        }
    }

    /// Whether `module` is covered by GOPRIVATE/GONOPROXY/GONOSUMDB as the log shows them.
    public func isDeclaredPrivate(_ module: String) -> Bool {
        privateGlobs.contains { Environment.globMatches($0, module) }
    }

    /// The GOPRIVATE/GONOPROXY/GONOSUMDB globs the log shows, in order.
    public var privateGlobs: [String] {
        ["GOPRIVATE", "GONOPROXY", "GONOSUMDB"].flatMap { name in
            (variables[name] ?? []).flatMap { $0.split(separator: ",").map(String.init) }.filter { !$0.isEmpty }
        }
    }

    /// A glob that misses `module` but was likely meant for it: the same host, and on a public code
    /// host also an owner within two edits (`acme-corp/*` for `acmecorp/…`); nil otherwise.
    public func nearMiss(for module: String) -> String? {
        let parts = module.split(separator: "/").map(String.init)
        guard let host = parts.first, !isDeclaredPrivate(module) else { return nil }
        for glob in privateGlobs {
            let globParts = glob.split(separator: "/").map(String.init)
            guard globParts.first == host else { continue }
            if !Hosts.publicCodeHosts.contains(host) { return glob }
            if globParts.count >= 2, parts.count >= 2, Environment.editDistance(globParts[1].replacingLiteral("*", with: ""), parts[1]) <= 2 {
                return glob
            }
        }
        return nil
    }

    /// Levenshtein distance on bytes (short owner names only).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.utf8.prefix(64)), y = Array(b.utf8.prefix(64))
        // previous[j]: distance between the first i - 1 bytes of x and the first j of y.
        var previous = Array(0...y.count)
        for (i, byte) in x.enumerated() {
            var current = [i + 1]
            for (j, other) in y.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (byte == other ? 0 : 1)))
            }
            previous = current
        }
        return previous[y.count]
    }

    /// Go's module glob: each path element prefix must match (`*` within an element).
    static func globMatches(_ glob: String, _ path: String) -> Bool {
        let globParts = glob.split(separator: "/")
        let pathParts = path.split(separator: "/")
        guard !globParts.isEmpty, pathParts.count >= globParts.count else { return false }
        for (pattern, element) in zip(globParts, pathParts) {
            if pattern == "*" { continue }
            if pattern.hasSuffix("*") {
                if !element.hasPrefix(pattern.dropLast()) { return false }
            } else if pattern != element {
                return false
            }
        }
        return true
    }
}

/// Pieces of URLs and module paths, without Foundation.
enum URLParts {
    /// `https://user:pw@host:443/path` → `host`; a bare `host/path` → `host`.
    static func host(of url: String) -> String? {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") {
            rest = rest[scheme.upperBound...]
        } else if let scheme = rest.range(of: ":/"), rest[..<scheme.lowerBound].allSatisfy({ $0.isLetter }) {
            rest = rest[scheme.upperBound...]  // Go prints `read "https:/host/…"` with one slash
        }
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "'" && $0 != "\"" }
        var host = authority
        if let at = host.lastIndex(of: "@") { host = host[host.index(after: at)...] }
        if let colon = host.firstIndex(of: ":") { host = host[..<colon] }
        return host.isEmpty ? nil : host.lowercased()
    }

    /// The path after the host, without query: `https://github.com/acme/kit?go-get=1` → `acme/kit`.
    static func path(of url: String) -> String {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") {
            rest = rest[scheme.upperBound...]
        } else if let scheme = rest.range(of: ":/"), rest[..<scheme.lowerBound].allSatisfy({ $0.isLetter }) {
            rest = rest[scheme.upperBound...]
        }
        guard let slash = rest.firstIndex(of: "/") else { return "" }
        let path = rest[rest.index(after: slash)...].prefix { $0 != "?" && $0 != "'" && $0 != "\"" }
        return String(path.hasSuffix("/") ? path.dropLast() : path)
    }

    /// Decodes the proxy's case encoding: `github.com/!azure/go` → `github.com/Azure/go`.
    static func decodeModulePath(_ path: String) -> String {
        guard path.contains("!") else { return path }
        var out = ""
        var upper = false
        for character in path {
            if character == "!" { upper = true; continue }
            out.append(upper ? Character(character.uppercased()) : character)
            upper = false
        }
        return out
    }

    /// `GOPRIVATE` glob for a module: `git.corp.example/team/lib` → `git.corp.example/team/*`;
    /// `github.com/acme/kit` → `github.com/acme/*`; a bare host → `host/*`.
    static func privateGlob(for module: String) -> String {
        let parts = module.split(separator: "/")
        if parts.count >= 2 { return parts[0] + "/" + parts[1] + "/*" }
        return module + "/*"
    }
}
