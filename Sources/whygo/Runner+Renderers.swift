#if canImport(Glibc)
import Glibc
#endif
import WhyGoCore

extension Runner {
    func makeRenderer(reportFd: Int32) -> any Renderer {
        let renderer = makeFormatRenderer(reportFd: reportFd)
        // The github sink must stay visible to `passthroughWriter(for:)`; it redacts by itself.
        return renderer is WorkflowCommandSink ? renderer : RedactingRenderer(renderer)
    }

    private func makeFormatRenderer(reportFd: Int32) -> any Renderer {
        switch options.format {
        case .json:
            return JSONLinesRenderer()
        case .github:
            let renderer = GitHubRenderer(maxAnnotations: options.maxAnnotations, locations: reportLocations())
            // Passing the log through: annotations go to stdout too, outside the stop-commands window.
            let writer = passesLogThrough && options.output == nil ? PassthroughWriter(policy: .stopCommands) : nil
            let summary = getenv("GITHUB_STEP_SUMMARY").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
            return WorkflowCommandSink(inner: renderer, writer: writer, stepSummaryPath: summary)
        case .gitlab:
            return GitLabRenderer(locations: reportLocations())
        case .sarif:
            return SARIFRenderer(rootCauses: Array(matcher.library.rootCauses.values), version: whygoVersion, locations: reportLocations())
        case .markdown:
            return MarkdownRenderer(locations: reportLocations())
        case .text:
            let colorful: Bool
            switch options.color {
            case .always: colorful = true
            case .never: colorful = false
            case .auto: colorful = isatty(reportFd) == 1 && getenv("NO_COLOR") == nil
            }
            return TextRenderer(color: colorful)
        }
    }

    /// Stdin mode without `--quiet`: the log is copied to stdout.
    var passesLogThrough: Bool {
        (options.inputs.isEmpty || options.inputs == ["-"]) && !options.quiet
    }

    /// Paths for CI reports: relative to the repository (`GITHUB_WORKSPACE`, `CI_PROJECT_DIR`, or the
    /// working directory); `--dockerfile` read so that a legacy step's line can be found.
    func reportLocations() -> LocationResolver {
        var root: String?
        for name in ["GITHUB_WORKSPACE", "CI_PROJECT_DIR"] {
            if let value = getenv(name), value.pointee != 0 { root = String(cString: value); break }
        }
        if root == nil {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            if getcwd(&buffer, buffer.count) != nil { root = String(cString: buffer) }
        }
        var text: String?
        if let path = options.dockerfile, let bytes = try? FileSystem.read(path), bytes.count < 4 << 20 {
            text = String(decoding: bytes, as: UTF8.self)
        }
        return LocationResolver(dockerfilePath: options.dockerfile, dockerfileText: text, root: root)
    }
}

/// `--format github` in the executable: writes the renderer's commands through the passthrough
/// writer when the log is passed through (returning nothing to the caller), and at the end appends
/// the Markdown summary to `$GITHUB_STEP_SUMMARY` when the runner sets it.
struct WorkflowCommandSink: Renderer {
    var inner: GitHubRenderer
    /// Set when the log is passed through on stdout: whygo's commands must share its stream.
    let writer: PassthroughWriter?
    let stepSummaryPath: String?

    mutating func render(_ findings: [Finding]) -> String {
        route(inner.render(findings))
    }

    mutating func finish() -> String {
        writer?.close()
        let text = inner.finish()
        if let path = stepSummaryPath { appendStepSummary(inner.stepSummary, to: path) }
        return route(text)
    }

    private func route(_ text: String) -> String {
        guard let writer else { return text }
        if !writer.command(text) {
            if errno == EPIPE { exit(141) }
            complain("writing annotations to stdout: \(String(cString: strerror(errno)))")
        }
        return ""
    }

    private func appendStepSummary(_ markdown: String, to path: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            complain("\(path) (GITHUB_STEP_SUMMARY): \(String(cString: strerror(errno)))")
            return
        }
        if !Output(fd: fd).write(markdown + "\n") {
            complain("\(path) (GITHUB_STEP_SUMMARY): \(String(cString: strerror(errno)))")
        }
        close(fd)
    }
}
