#if canImport(Glibc)
import Glibc
#endif
import WhyGoCore

/// Wires inputs, the analyzer and a renderer to the process's streams; decides the exit status.
struct Runner {
    let options: Options
    let matcher: Matcher

    /// Milliseconds of silence after a failing step before the finding is written (lets the
    /// summary block and Dockerfile line arrive first).
    static let settleMilliseconds: Int32 = 25
    /// At the latest this long after a failing step, even while input keeps coming.
    static let maximumDelayNanoseconds: UInt64 = 200_000_000

    func run() -> Int32 {
        let readsStdin = options.inputs.isEmpty || options.inputs == ["-"]
        let passthrough = readsStdin && !options.quiet
        var report = Output.standardOutput
        var reportFile: Int32 = -1
        if let path = options.output {
            reportFile = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard reportFile >= 0 else {
                complain("\(path): \(String(cString: strerror(errno)))")
                return 2
            }
            report = Output(fd: reportFile)
        } else if passthrough {
            report = Output.standardError
        }
        var renderer = makeRenderer(reportFd: report.fd)
        var status = Status()
        if readsStdin {
            analyseStandardInput(passthrough: passthrough, renderer: &renderer, report: report, status: &status)
        } else {
            for input in expandInputs(status: &status) {
                analyseFile(input, renderer: &renderer, report: report, status: &status)
            }
        }
        if !report.write(renderer.finish()) { status.writeFailed = true }
        if reportFile >= 0, close(reportFile) != 0 { status.writeFailed = true }
        if status.writeFailed {
            complain("cannot write the report: \(String(cString: strerror(errno)))")
            return 2
        }
        if status.inputFailed { return 2 }
        return status.sawError ? 1 : 0
    }

    struct Status {
        var sawError = false
        var inputFailed = false
        var writeFailed = false

        mutating func record(_ findings: [Finding]) {
            if findings.contains(where: { $0.severity == .error }) { sawError = true }
        }
    }

    func makeRenderer(reportFd: Int32) -> any Renderer {
        switch options.format {
        case .json:
            return JSONLinesRenderer()
        default:
            let colorful: Bool
            switch options.color {
            case .always: colorful = true
            case .never: colorful = false
            case .auto: colorful = isatty(reportFd) == 1 && getenv("NO_COLOR") == nil
            }
            return TextRenderer(color: colorful)
        }
    }

    // MARK: - stdin, live

    func analyseStandardInput(passthrough: Bool, renderer: inout any Renderer, report: Output, status: inout Status) {
        var analyzer = LogAnalyzer(matcher: matcher, fileName: "-", dockerfilePath: options.dockerfile)
        let size = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64)
        defer { buffer.deallocate() }
        var failureSince: UInt64?
        func emit(_ findings: [Finding]) {
            guard !findings.isEmpty else { return }
            status.record(findings)
            if !report.write(renderer.render(findings)) { status.writeFailed = true }
        }
        while true {
            if failureSince != nil {
                var poller = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
                let ready = poll(&poller, 1, Runner.settleMilliseconds)
                if ready == 0 {
                    emit(analyzer.takeLiveFindings())
                    failureSince = nil
                    continue
                }
            }
            let count = read(0, buffer.baseAddress, size)
            if count < 0 {
                if errno == EINTR { continue }
                complain("reading stdin: \(String(cString: strerror(errno)))")
                status.inputFailed = true
                break
            }
            if count == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            if passthrough, !Output.standardOutput.write(chunk) {
                if errno == EPIPE { exit(141) }
                complain("writing the log to stdout: \(String(cString: strerror(errno)))")
                status.writeFailed = true
                break
            }
            analyzer.feed(chunk)
            if passthrough || options.output != nil || true {
                let classifier = analyzer.classifier
                if classifier.buildEnded {
                    emit(analyzer.takeLiveFindings())
                    failureSince = nil
                } else if classifier.failureEnded {
                    let now = Runner.monotonicNanoseconds()
                    if let since = failureSince {
                        if now - since > Runner.maximumDelayNanoseconds {
                            emit(analyzer.takeLiveFindings())
                            failureSince = nil
                        }
                    } else {
                        failureSince = now
                    }
                }
            }
        }
        emit(analyzer.finish())
    }

    static func monotonicNanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    // MARK: - files

    func expandInputs(status: inout Status) -> [String] {
        var result: [String] = []
        for input in options.inputs {
            switch FileSystem.kind(of: input) {
            case .directory:
                let files = FileSystem.files(under: input) { error in
                    complain(error.description)
                }
                result += files.filter { Runner.selected($0, includes: options.includes, excludes: options.excludes) }
            case .missing:
                complain("\(input): no such file or directory")
                status.inputFailed = true
            default:
                result.append(input)
            }
        }
        return result
    }

    static func selected(_ path: String, includes: [String], excludes: [String]) -> Bool {
        let name = String(path.split(separator: "/").last ?? "")
        if !includes.isEmpty, !includes.contains(where: { Glob.matches($0, name) || Glob.matches($0, path) }) { return false }
        if excludes.contains(where: { Glob.matches($0, name) || Glob.matches($0, path) }) { return false }
        return true
    }

    func analyseFile(_ path: String, renderer: inout any Renderer, report: Output, status: inout Status) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            complain("\(path): \(String(cString: strerror(errno)))")
            status.inputFailed = true
            return
        }
        defer { close(fd) }
        var analyzer = LogAnalyzer(matcher: matcher, fileName: path, dockerfilePath: options.dockerfile)
        let size = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let count = read(fd, buffer.baseAddress, size)
            if count < 0 {
                if errno == EINTR { continue }
                complain("\(path): \(String(cString: strerror(errno)))")
                status.inputFailed = true
                return
            }
            if count == 0 { break }
            analyzer.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        let findings = analyzer.finish()
        status.record(findings)
        if !report.write(renderer.render(findings)) { status.writeFailed = true }
    }
}

/// Shell-style globs for --include/--exclude: `*`, `?`, `[abc]`.
enum Glob {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        fnmatch(pattern, text, 0) == 0
    }
}
