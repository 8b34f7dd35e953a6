/// What `whygo explain ID` prints: the meaning of a root cause, how to confirm it, and the fix.
public struct RootCause: Sendable {
    public var id: String
    public var title: String
    public var severity: Severity
    /// `yes`, `no` or `often`.
    public var transient: String
    public var meaning: String
    public var confirm: String
    public var fix: String
    public var lookalikes: String
    /// The source document's reasoning, where it has some.
    public var seed: String

    public init(
        id: String, title: String, severity: Severity, transient: String, meaning: String,
        confirm: String, fix: String, lookalikes: String, seed: String
    ) {
        self.id = id
        self.title = title
        self.severity = severity
        self.transient = transient
        self.meaning = meaning
        self.confirm = confirm
        self.fix = fix
        self.lookalikes = lookalikes
        self.seed = seed
    }
}

extension RootCause {
    /// Every root-cause id whygo may report: part of the interface (JSON, SARIF, GitLab, `explain`).
    public static let allIDs: [String] = [
        "proxy-unreachable", "proxy-unstable", "private-module-auth", "cache-not-reused", "checksum-mismatch",
        "gopath-conflict", "go-version-mismatch", "module-path-mismatch", "module-not-found", "gosum-stale",
        "tls-ca", "dns", "disk-full", "local-replace-missing", "git-missing", "modcache-permission",
        "cause-not-shown", "verification-disabled",
    ]
}
