/// The classifier's rules for look-alike errors: the same Go line can mean different root causes
/// depending on the host, the module path and the environment the log shows. A pattern opts in
/// with `refine: <name>`.
enum Refiners {
    struct Decision {
        var cause: String
        var confidence: Double
        var transient: Bool
        /// A second cause the evidence cannot rule out.
        var alternative: String?

        /// `cause` it is, more likely than `alternative`, which the log cannot rule out.
        mutating func undecided(_ cause: String, or alternative: String, confidence: Double = 0.6) {
            self.cause = cause
            self.confidence = confidence
            self.alternative = alternative
        }
    }

    static func refine(pattern: Pattern, captures: [String: String], evidence: String, environment: Environment) -> Decision {
        var decision = Decision(cause: pattern.cause, confidence: pattern.confidence, transient: pattern.transient)
        switch pattern.refine {
        case "http-status": httpStatus(&decision, captures, evidence, environment)
        case "network": network(&decision, captures, evidence, environment)
        case "auth-prompt": authPrompt(&decision, captures, evidence, environment)
        case "sumdb": sumdb(&decision, captures, evidence, environment)
        default: break
        }
        decision.transient = transient(decision.cause, fallback: decision.transient)
        return decision
    }

    static func transient(_ cause: String, fallback: Bool) -> Bool {
        switch cause {
        case "proxy-unstable", "dns": return true
        case "proxy-unreachable", "private-module-auth", "module-not-found", "checksum-mismatch", "tls-ca": return false
        default: return fallback
        }
    }

    /// Private when GOPRIVATE says so or the host looks like a company's; nil when the log cannot tell.
    static func isPrivate(_ module: String?, _ environment: Environment) -> Bool? {
        guard let module, !module.isEmpty else { return nil }
        if environment.isDeclaredPrivate(module) { return true }
        if Hosts.isPublicModule(module) { return false }
        let host = String(module.split(separator: "/").first ?? "")
        if Hosts.looksPrivate(host) { return true }
        return nil
    }

    /// A path on a public code host while the build declares its private modules (GOPRIVATE &c.)
    /// and none of the globs covers it or nearly does: a public module, so a 404 or a credential
    /// prompt means it does not exist.
    static func publicButOutsideDeclaredPrivate(_ module: String, _ environment: Environment) -> Bool {
        let parts = module.split(separator: "/")
        // host/owner/repo at least: a host alone (from `Username for 'https://github.com'`) is no module.
        guard parts.count >= 3, Hosts.publicCodeHosts.contains(String(parts[0])), !environment.privateGlobs.isEmpty else { return false }
        return !environment.isDeclaredPrivate(module) && environment.nearMiss(for: module) == nil
    }

    static func status(_ captures: [String: String], _ evidence: String) -> Int? {
        if let text = captures["status"], let value = Int(text.prefix(3)) { return value }
        for code in ["400", "401", "403", "404", "410", "429", "500", "502", "503", "504"] where evidence.containsLiteral(": " + code + " ") || evidence.containsLiteral(": " + code) {
            return Int(code)
        }
        return nil
    }

    static func httpStatus(_ decision: inout Decision, _ captures: [String: String], _ evidence: String, _ environment: Environment) {
        let host = captures["host"] ?? ""
        let privateModule = isPrivate(captures["module"], environment)
        guard let code = status(captures, evidence) else { return }
        if host.hasPrefix("sum.") || evidence.containsLiteral("/lookup/") || evidence.containsLiteral("/sumdb/") {
            sumdb(&decision, captures, evidence, environment)
            return
        }
        switch code {
        case 401:
            decision.cause = "private-module-auth"
        case 403:
            if privateModule == true {
                decision.cause = "private-module-auth"
            } else if !host.isEmpty, !Hosts.isGoDefault(host), !Hosts.publicMirrors.contains(host), !Hosts.publicCodeHosts.contains(host) {
                // A company mirror (Artifactory, Nexus, Athens) refusing this client: it wants credentials.
                decision.cause = "private-module-auth"
                decision.confidence = min(decision.confidence, 0.7)
                decision.alternative = "proxy-unreachable"
            } else {
                decision.cause = "proxy-unreachable"
                decision.confidence = min(decision.confidence, privateModule == nil ? 0.6 : 0.75)
                if privateModule == nil { decision.alternative = "private-module-auth" }
            }
        case 404, 410:
            if let module = captures["module"], publicButOutsideDeclaredPrivate(module, environment) {
                // The build lists its private modules, and this public path is not one of them.
                decision.undecided("module-not-found", or: "private-module-auth")
                return
            }
            if privateModule != true, captures["authPrompt"] != nil {
                // The proxy tried the repository and git asked for credentials: private (or gone).
                decision.undecided("private-module-auth", or: "module-not-found")
                return
            }
            switch privateModule {
            case true?:
                decision.cause = "private-module-auth"
                decision.confidence = max(decision.confidence, 0.8)
            case false?:
                decision.cause = "module-not-found"
            case nil:
                decision.undecided("private-module-auth", or: "module-not-found", confidence: 0.55)
            }
        case 429, 500...599:
            decision.cause = "proxy-unstable"
        default:
            break
        }
    }

    static func isDNS(_ evidence: String) -> Bool {
        ["no such host", "server misbehaving", "Temporary failure in name resolution", "Could not resolve host",
         "Name or service not known", "nodename nor servname", "Could not resolve hostname"].contains { evidence.containsLiteral($0) }
            || (evidence.containsLiteral("lookup ") && evidence.containsLiteral(":53"))
    }

    static func network(_ decision: inout Decision, _ captures: [String: String], _ evidence: String, _ environment: Environment) {
        if isDNS(evidence) {
            decision.cause = "dns"
            return
        }
        if evidence.containsLiteral("proxyconnect") {
            decision.cause = "proxy-unreachable"
            return
        }
        // No URL in the message (`read tcp …: connection reset by peer`): it talked to the proxy the build set.
        let host = captures["host"] ?? hostInEvidence(evidence) ?? environment.proxyHosts.first ?? ""
        if host.isEmpty || Hosts.isGoDefault(host) || Hosts.publicCodeHosts.contains(host) {
            decision.cause = "proxy-unreachable"
            return
        }
        // A mirror the build configured: it answered before, so it is flaky rather than blocked.
        let configured = environment.proxyHosts.contains(host) || Hosts.publicMirrors.contains(host)
        if configured || Hosts.looksPrivate(host) {
            decision.cause = "proxy-unstable"
            decision.confidence = min(decision.confidence, 0.75)
            decision.alternative = configured ? nil : "proxy-unreachable"
        } else {
            decision.cause = "proxy-unreachable"
            decision.confidence = min(decision.confidence, 0.7)
        }
    }

    /// The host of the first URL in a line (`Get "https://host/…"`).
    static func hostInEvidence(_ evidence: String) -> String? {
        guard let range = Substring(evidence).range(of: "://") ?? Substring(evidence).range(of: "https:/") ?? Substring(evidence).range(of: "http:/") else { return nil }
        var start = range.lowerBound
        while start > evidence.startIndex, evidence[evidence.index(before: start)].isLetter { start = evidence.index(before: start) }
        return URLParts.host(of: String(evidence[start...]))
    }

    static func authPrompt(_ decision: inout Decision, _ captures: [String: String], _ evidence: String, _ environment: Environment) {
        let url = captures["url"] ?? ""
        let host = captures["host"] ?? URLParts.host(of: url) ?? hostInEvidence(evidence) ?? ""
        let module = captures["module"] ?? (host.isEmpty ? nil : host + "/" + URLParts.path(of: url))
        if let module, environment.isDeclaredPrivate(module) || Hosts.looksPrivate(host) {
            decision.cause = "private-module-auth"
            decision.confidence = max(decision.confidence, 0.85)
            return
        }
        if let module, publicButOutsideDeclaredPrivate(module, environment) {
            decision.undecided("module-not-found", or: "private-module-auth")
            return
        }
        if Hosts.publicCodeHosts.contains(host) {
            // git names the whole repository only when it asks for that repository's credentials: a
            // public host answering so for one repo is usually a repo that does not exist (any more).
            if URLParts.path(of: url).split(separator: "/").count >= 2 {
                decision.undecided("module-not-found", or: "private-module-auth")
            } else {
                decision.undecided("private-module-auth", or: "module-not-found", confidence: 0.65)
            }
            return
        }
        decision.cause = "private-module-auth"
    }

    static func sumdb(_ decision: inout Decision, _ captures: [String: String], _ evidence: String, _ environment: Environment) {
        if evidence.containsLiteral("/tile/") {
            decision.cause = "proxy-unstable"
            return
        }
        if evidence.containsLiteral("dial tcp") || evidence.containsLiteral("timeout") || evidence.containsLiteral("connection")
            || evidence.containsLiteral("EOF") || isDNS(evidence) {
            network(&decision, captures.merging(["host": captures["host"] ?? "sum.golang.org"]) { a, _ in a }, evidence, environment)
            return
        }
        let code = status(captures, evidence)
        if let module = captures["module"], publicButOutsideDeclaredPrivate(module, environment) {
            decision.undecided("module-not-found", or: "private-module-auth")
            return
        }
        if captures["authPrompt"] != nil, isPrivate(captures["module"], environment) != true {
            decision.undecided("private-module-auth", or: "module-not-found")
            return
        }
        switch isPrivate(captures["module"], environment) {
        case true?:
            decision.cause = "private-module-auth"
            decision.confidence = max(decision.confidence, 0.85)
        case false?:
            if let code, code >= 500 {
                decision.cause = "proxy-unstable"
            } else {
                decision.cause = "module-not-found"
                decision.confidence = min(decision.confidence, 0.6)
                decision.alternative = "private-module-auth"
            }
        case nil:
            decision.cause = "private-module-auth"
            decision.confidence = min(decision.confidence, 0.7)
        }
    }
}
