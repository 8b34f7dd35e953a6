import Foundation
import Testing
import WhyGoTestSupport

/// Pipes and signals: a closed reader, SIGINT/SIGTERM while reading stdin, report write errors.
@Suite(.serialized) struct SignalTests {
    static var log: String { HostileInputTests.clean }

    /// `whygo < big | head -1`: ends quietly (SIGPIPE), no crash report, head gets its line.
    @Test func readerGoneEndsQuietly() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("whygo-head-\(getpid()).log")
        var big = Data()
        let block = Data(String(repeating: "#7 0.1 go: downloading github.com/acme/kit v1.4.0\n", count: 10_000).utf8)
        while big.count < 32 << 20 { big.append(block) }
        try big.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "'\(WhygoProcess.binary.path)' < '\(file.path)' | head -1"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(output == "#7 0.1 go: downloading github.com/acme/kit v1.4.0\n")
        #expect(errors.isEmpty, "\(errors)")
    }

    /// Starts whygo in passthrough mode, sends `text`, waits until it came through, sends `signo`.
    static func interrupt(with signo: Int32, arguments: [String] = []) throws -> (status: Int32, reason: Process.TerminationReason, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = WhygoProcess.binary
        process.arguments = arguments
        let input = Pipe(), out = Pipe(), err = Pipe()
        process.standardInput = input
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Everything but the final summary: the build has not ended, stdin stays open.
        let text = log.components(separatedBy: "#9 ERROR:")[0]
        try input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
        var seen = Data()
        let deadline = Date().addingTimeInterval(20)
        while seen.count < text.utf8.count, Date() < deadline {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        kill(process.processIdentifier, signo)
        let rest = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try? input.fileHandleForWriting.close()
        return (process.terminationStatus, process.terminationReason, String(decoding: seen + rest, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func signalFlushesAndExitsConventionally(signo: Int32) throws {
        let result = try Self.interrupt(with: signo, arguments: ["--format", "json"])
        #expect(result.reason == .exit, "killed instead of a clean exit")
        #expect(result.status == 128 + signo)
        #expect(result.stdout == Self.log.components(separatedBy: "#9 ERROR:")[0], "passthrough lost bytes")
        #expect(result.stderr.contains("checksum-mismatch"), "report so far: \(result.stderr)")
    }

    @Test func reportToFullDeviceIsAnError() throws {
        let result = try WhygoProcess.run(["--quiet", "--output", "/dev/full"], input: Data(Self.log.utf8))
        #expect(result.status == 2)
        #expect(result.stderrText.contains("cannot write the report"), "\(result.stderrText)")
        #expect(result.stderrText.split(separator: "\n").count == 1)
    }

    @Test func reportOnStderrToFullDeviceIsAnError() throws {
        let process = Process()
        process.executableURL = WhygoProcess.binary
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/full"))
        try process.run()
        try input.fileHandleForWriting.write(contentsOf: Data(Self.log.utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 2)
    }
}
