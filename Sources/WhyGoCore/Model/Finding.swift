/// How bad a finding is: an `error` explains a failure, a `warning` points at a risk or a waste.
public enum Severity: String, Sendable, Comparable {
    case error
    case warning

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        lhs == .error && rhs == .warning
    }
}

/// Where in a Dockerfile a finding belongs: the instruction of the failing step.
public struct DockerfileLocation: Sendable, Equatable, Hashable {
    /// Path as the log or the user gave it (`Dockerfile` when the log shows no other name).
    public var path: String
    /// 1-based line of the instruction.
    public var line: Int

    public init(path: String, line: Int) {
        self.path = path
        self.line = line
    }
}

/// One diagnosis: the root cause of a failure (or a warning), its evidence and the fix.
public struct Finding: Sendable, Equatable {
    /// Input name: a path, `-` for stdin, or `archive.zip:entry`.
    public var file: String
    /// 1-based input line that holds the key evidence.
    public var line: Int
    /// Root-cause id, e.g. `checksum-mismatch` (see `whygo explain`).
    public var rootCause: String
    public var severity: Severity
    public var title: String
    /// The key line with its framing removed.
    public var evidence: String
    /// Lines to paste, then one line of why.
    public var fix: String
    /// 0–1: how much of the evidence agreed.
    public var confidence: Double
    /// Whether a retry can help.
    public var transient: Bool
    /// Id of the pattern that found it.
    public var pattern: String
    public var module: String?
    public var version: String?
    /// The build step, e.g. `[builder 4/7] RUN go mod download`.
    public var step: String?
    public var dockerfile: DockerfileLocation?
    /// Other named captures (host, url, status, goVersion, …): used by renderers and the summary.
    public var details: [String: String]

    public init(
        file: String, line: Int, rootCause: String, severity: Severity, title: String,
        evidence: String, fix: String, confidence: Double, transient: Bool, pattern: String,
        module: String? = nil, version: String? = nil, step: String? = nil,
        dockerfile: DockerfileLocation? = nil, details: [String: String] = [:]
    ) {
        self.file = file
        self.line = line
        self.rootCause = rootCause
        self.severity = severity
        self.title = title
        self.evidence = evidence
        self.fix = fix
        self.confidence = confidence
        self.transient = transient
        self.pattern = pattern
        self.module = module
        self.version = version
        self.step = step
        self.dockerfile = dockerfile
        self.details = details
    }
}
