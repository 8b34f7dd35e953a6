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
            analyseBatch(renderer: &renderer, report: report, status: &status)
        }
        // With --summary the aggregate is the whole report.
        if !options.summary, !report.write(renderer.finish()) { status.writeFailed = true }
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
}
