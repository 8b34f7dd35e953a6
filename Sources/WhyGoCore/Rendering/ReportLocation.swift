/// Where a CI report places a finding: a repository-relative path and, when known, a 1-based line.
public struct ReportLocation: Sendable, Equatable, Hashable {
    public var path: String
    public var line: Int?

    public init(path: String, line: Int?) {
        self.path = path
        self.line = line
    }
}

/// Decides which file and line the CI formats (GitHub, GitLab, SARIF, Markdown) show for a finding.
public struct LocationResolver: Sendable {
    /// `--dockerfile PATH`, named when the log shows no Dockerfile (default: none).
    public var dockerfilePath: String?
    /// The text of that Dockerfile, read by the executable, to find the line of a step the log
    /// names without a line (legacy builder, podman). Default: none, so no line.
    public var dockerfileText: String?
    /// The absolute repository root (`GITHUB_WORKSPACE`, `CI_PROJECT_DIR` or the working directory):
    /// absolute paths under it are made relative. Default: none.
    public var root: String?

    public init(dockerfilePath: String? = nil, dockerfileText: String? = nil, root: String? = nil) {
        self.dockerfilePath = dockerfilePath
        self.dockerfileText = dockerfileText
        self.root = root
    }

    /// The Dockerfile and line of the failing step: the log's own `Dockerfile:N`, else `--dockerfile`
    /// with the line found by matching the step's instruction; nil when neither is known.
    public func dockerfile(for finding: Finding) -> ReportLocation? {
        if let location = finding.dockerfile {
            return ReportLocation(path: relative(location.path), line: location.line > 0 ? location.line : nil)
        }
        guard let path = dockerfilePath else { return nil }
        var line: Int?
        if let text = dockerfileText, let step = finding.step {
            line = DockerfileLocator.line(ofStep: step, in: text)
        }
        return ReportLocation(path: relative(path), line: line)
    }

    /// A location every finding has: its Dockerfile line, else the log file and its line, else
    /// `Dockerfile` (stdin with no Dockerfile in sight).
    public func location(for finding: Finding) -> ReportLocation {
        if let location = dockerfile(for: finding) { return location }
        if finding.file != "-", !finding.file.isEmpty {
            var file = finding.file
            if let entry = Substring(file).range(of: ".zip:") { file = String(file[..<file.index(entry.lowerBound, offsetBy: 4)]) }
            return ReportLocation(path: relative(file), line: finding.line)
        }
        return ReportLocation(path: "Dockerfile", line: nil)
    }

    /// `path` relative to `root` when it lies below it; `./` prefixes dropped; other paths as given.
    public func relative(_ path: String) -> String {
        var result = path
        if let root, !root.isEmpty, result.hasPrefix("/") {
            let base = root.hasSuffix("/") ? root : root + "/"
            if result.hasPrefix(base) { result = String(result.dropFirst(base.count)) }
        }
        while result.hasPrefix("./") { result = String(result.dropFirst(2)) }
        return result
    }
}
