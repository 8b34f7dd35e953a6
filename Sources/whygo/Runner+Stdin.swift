#if canImport(Glibc)
import Glibc
#endif
import WhyGoCore

/// The signal (SIGINT/SIGTERM) that asked a stdin run to stop, 0 while none did. Set by the handler,
/// read by the read loop: `read`/`poll` return EINTR (no SA_RESTART), the loop flushes and exits.
nonisolated(unsafe) var receivedSignal: Int32 = 0

extension Runner {
    /// While reading stdin, SIGINT and SIGTERM end the run cleanly: what was read is already passed
    /// through, the findings so far are reported, the exit status is 128 + the signal number. A
    /// second signal kills at once (the handler restores the default).
    static func installStopHandlers() {
        // A parent may have started us with these blocked (a thread's mask is inherited): unblock.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        sigaddset(&unblock, SIGTERM)
        sigprocmask(SIG_UNBLOCK, &unblock, nil)
        for signo in [SIGINT, SIGTERM] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signo in
                receivedSignal = signo
                signal(signo, SIG_DFL)
                // A signal between the loop's check and `read` must not leave it blocked: stdin
                // becomes /dev/null, so that read returns end of input at once.
                let null = open("/dev/null", O_RDONLY)
                if null >= 0 { dup2(null, 0); close(null) }
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(signo, &action, nil)
        }
    }

    // MARK: - stdin, live

    func analyseStandardInput(passthrough: Bool, renderer: inout any Renderer, report: Output, status: inout Status) {
        var analyzer = LogAnalyzer(matcher: matcher, fileName: "-", dockerfilePath: options.dockerfile)
        analyzer.searchThreads = options.jobs ?? Runner.processorCount
        let size = 4 << 20  // a file on stdin fills it; a pipe returns what it holds (live output is not delayed)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64)
        defer { buffer.deallocate() }
        var failureSince: UInt64?
        // --format github: the log goes out inside a stop-commands window (see PassthroughWriter).
        let stdout = passthroughWriter(for: renderer)
        func emit(_ findings: [Finding]) {
            guard !findings.isEmpty else { return }
            status.record(findings)
            if !report.write(renderer.render(findings)) { status.writeFailed = true }
        }
        Runner.installStopHandlers()
        Runner.widenPipe(0)
        while receivedSignal == 0 {
            if failureSince != nil {
                var poller = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
                let ready = poll(&poller, 1, Runner.settleMilliseconds)
                if ready < 0 { continue }
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
            if passthrough, !stdout.log(chunk) {
                if errno == EPIPE { exit(141) }
                complain("writing the log to stdout: \(String(cString: strerror(errno)))")
                status.writeFailed = true
                break
            }
            analyzer.feed(chunk)
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
        stdout.close()
        emit(analyzer.finish())
        if receivedSignal != 0 {
            // Interrupted: the report so far, then the conventional status.
            if !report.write(renderer.finish()) || status.writeFailed {
                complain("cannot write the report: \(String(cString: strerror(errno)))")
            }
            exit(128 + receivedSignal)
        }
    }

    /// A pipe on `fd` holds 64 KiB by default: ask for 1 MiB (the unprivileged maximum), so a fast
    /// writer's output arrives in large reads that the parallel search can split. Reads still
    /// return whatever is there, so live output is not delayed. Not a pipe, or refused: no change.
    static func widenPipe(_ fd: Int32) {
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFIFO else { return }
        _ = fcntl(fd, 1031 /* F_SETPIPE_SZ */, Int32(1 << 20))
    }

    static func monotonicNanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
