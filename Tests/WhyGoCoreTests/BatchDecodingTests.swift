import Foundation
import Testing
@testable import WhyGoCore

/// Inflate, gzip and zip against archives made at test time by the system's `gzip` and `python3`.
@Suite struct BatchDecodingTests {
    static let hasTools = FileManager.default.isExecutableFile(atPath: "/usr/bin/gzip") && BatchTools.which("python3") != nil

    /// ~3 MiB of varied log-like text: needs many deflate blocks and long back references.
    static let bigText: Data = {
        var text = ""
        var seed: UInt64 = 42
        for line in 0..<60_000 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            let module = ["github.com/acme/kit", "golang.org/x/net", "example.com/m/v2"][Int(seed >> 60) % 3]
            text += "#9 \(line).\(seed % 1000) go: downloading \(module) v1.\(seed % 97).\(seed >> 50) \(String(seed, radix: 36))\n"
        }
        return Data(text.utf8)
    }()

    static func gunzip(_ data: Data) throws -> Data {
        let input = data
        var offset = 0
        var output = Data()
        try Gzip.decompress(reader: { buffer in
            let count = min(buffer.count, input.count - offset)
            input.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: count) }
            offset += count
            return count
        }, into: { output.append(contentsOf: $0) })
        return output
    }

    @Test(.enabled(if: hasTools)) func gzipSingleMemberManyBlocks() throws {
        let dir = try BatchTools.temporaryDirectory()
        try BatchDecodingTests.bigText.write(to: dir.appendingPathComponent("big.log"))
        for level in ["-1", "-6", "-9"] {
            let compressed = try BatchTools.run("/usr/bin/gzip", ["-c", level, dir.appendingPathComponent("big.log").path])
            #expect(compressed.count < BatchDecodingTests.bigText.count / 2)
            let output = try BatchDecodingTests.gunzip(compressed)
            #expect(output == BatchDecodingTests.bigText, "gzip \(level)")
        }
    }

    @Test(.enabled(if: hasTools)) func gzipMultiMemberAndStoredBlocks() throws {
        let script = """
        import gzip, sys
        a = b"first member\\n" * 1000
        b = bytes(range(256)) * 700
        sys.stdout.buffer.write(gzip.compress(a, compresslevel=0) + gzip.compress(b, compresslevel=9) + gzip.compress(b"", 6))
        """
        let compressed = try BatchTools.run(BatchTools.which("python3")!, ["-c", script])
        let output = try BatchDecodingTests.gunzip(compressed)
        var expected = Data(repeating: 0, count: 0)
        for _ in 0..<1000 { expected.append(contentsOf: Array("first member\n".utf8)) }
        for _ in 0..<700 { expected.append(contentsOf: (0...255).map { UInt8($0) }) }
        #expect(output == expected)
    }

    @Test(.enabled(if: hasTools)) func corruptAndTruncatedGzipThrow() throws {
        let dir = try BatchTools.temporaryDirectory()
        try BatchDecodingTests.bigText.prefix(200_000).write(to: dir.appendingPathComponent("a.log"))
        let good = try BatchTools.run("/usr/bin/gzip", ["-c", dir.appendingPathComponent("a.log").path])
        var flipped = good
        flipped[flipped.count / 2] ^= 0x55
        #expect(throws: DecodeError.self) { try BatchDecodingTests.gunzip(flipped) }
        #expect(throws: DecodeError.self) { try BatchDecodingTests.gunzip(good.prefix(good.count - 5)) }
        #expect(throws: DecodeError.self) { try BatchDecodingTests.gunzip(good.prefix(good.count / 3)) }
        var badCRC = good
        badCRC[badCRC.count - 8] ^= 1
        do {
            _ = try BatchDecodingTests.gunzip(badCRC)
            Issue.record("a CRC mismatch was not detected")
        } catch let error as DecodeError {
            #expect(error.reason.contains("CRC"))
        }
        #expect(throws: DecodeError.self) { try BatchDecodingTests.gunzip(Data("not gzip at all".utf8)) }
    }

    @Test(.enabled(if: hasTools)) func zipStoredDeflatedDirectoriesAndDataDescriptors() throws {
        let dir = try BatchTools.temporaryDirectory()
        let archive = dir.appendingPathComponent("run.zip")
        let script = """
        import zipfile, sys
        with zipfile.ZipFile(sys.argv[1], "w") as z:
            z.writestr(zipfile.ZipInfo("logs/"), b"")
            z.writestr("logs/stored.txt", b"stored entry\\n" * 100, compress_type=zipfile.ZIP_STORED)
            z.writestr("logs/deflated.txt", b"deflated entry\\n" * 5000, compress_type=zipfile.ZIP_DEFLATED)
            z.writestr("empty.txt", b"", compress_type=zipfile.ZIP_DEFLATED)
        # A stream (not seekable) makes zipfile write data descriptors.
        class Stream:
            def __init__(self, f): self.f = f
            def write(self, b): return self.f.write(b)
            def flush(self): self.f.flush()
        with open(sys.argv[2], "wb") as raw:
            with zipfile.ZipFile(Stream(raw), "w") as z:
                z.writestr("streamed.txt", b"streamed with a data descriptor\\n" * 300, compress_type=zipfile.ZIP_DEFLATED)
        """
        let streamed = dir.appendingPathComponent("streamed.zip")
        _ = try BatchTools.run(BatchTools.which("python3")!, ["-c", script, archive.path, streamed.path])

        let zip = try ZipArchive(path: archive.path)
        #expect(zip.entries.map(\.name) == ["logs/", "logs/stored.txt", "logs/deflated.txt", "empty.txt"])
        #expect(zip.entries[0].isDirectory)
        #expect(zip.entries.map(\.method) == [0, 0, 8, 8])
        func contents(_ zip: ZipArchive, _ entry: ZipArchive.Entry) throws -> String {
            var data = Data()
            try zip.extract(entry) { data.append(contentsOf: $0) }
            return String(decoding: data, as: UTF8.self)
        }
        #expect(try contents(zip, zip.entries[1]) == String(repeating: "stored entry\n", count: 100))
        #expect(try contents(zip, zip.entries[2]) == String(repeating: "deflated entry\n", count: 5000))
        #expect(try contents(zip, zip.entries[3]) == "")

        let stream = try ZipArchive(path: streamed.path)
        #expect(stream.entries.count == 1)
        #expect(stream.entries[0].flags & 8 != 0, "expected a data descriptor")
        #expect(try contents(stream, stream.entries[0]) == String(repeating: "streamed with a data descriptor\n", count: 300))

        // CRC mismatch: change one byte of the stored entry's data.
        var bytes = try Data(contentsOf: archive)
        let marker = Data("stored entry".utf8)
        let range = try #require(bytes.range(of: marker))
        bytes[range.lowerBound] = UInt8(ascii: "S")
        let damaged = dir.appendingPathComponent("damaged.zip")
        try bytes.write(to: damaged)
        let damagedZip = try ZipArchive(path: damaged.path)
        do {
            _ = try contents(damagedZip, damagedZip.entries[1])
            Issue.record("CRC mismatch not reported")
        } catch let error as DecodeError {
            #expect(error.reason.contains("CRC-32 mismatch"))
        }
        // Truncated: the central directory is gone.
        let truncated = dir.appendingPathComponent("truncated.zip")
        try bytes.prefix(bytes.count / 2).write(to: truncated)
        #expect(throws: DecodeError.self) { try ZipArchive(path: truncated.path) }
    }

    @Test func timestamps() throws {
        let line = Array("2025-03-04T10:21:07.1234567Z go: x\n".utf8)
        let seconds = try #require(line.withUnsafeBytes { Timestamps.parse($0, at: 0) })
        #expect(Timestamps.iso(seconds) == "2025-03-04T10:21:07Z")
        #expect(Timestamps.iso(0) == "1970-01-01T00:00:00Z")
        var scanner = TimestampScanner()
        let chunk = Array("a\n2024-12-31T23:59:59Z one\nlevel=info time=\"2025-01-01T00:00:01Z\" msg=two\nno time\n".utf8)
        chunk.withUnsafeBytes { scanner.scan($0) }
        #expect(scanner.latest.map(Timestamps.iso) == "2025-01-01T00:00:01Z")
    }

    @Test func unknownsAreNormalisedAndClustered() {
        let a = UnknownClusters.normalise("go: github.com/acme/kit@v1.4.0: reading https://proxy.example.com/github.com/acme/kit/@v/v1.4.0.mod: 418 I'm a teapot")
        let b = UnknownClusters.normalise("go: golang.org/x/net@v0.0.0-20240101120000-abcdef123456: reading https://proxy.example.com/golang.org/x/net/@v/list: 418 I'm a teapot")
        #expect(a == "go: <mod>@<ver>: reading https://proxy.example.com/<path>: <n> I'm a teapot")
        #expect(a == b)
        #expect(UnknownClusters.normalise("go: open /home/u/go/pkg/mod/cache/x.lock: invalid argument 0xdeadbeef12") == "go: open <path>: invalid argument <hash>")
        #expect(UnknownClusters.normalise("go: example.com/m/v2 failed at 2025-03-04T10:21:07Z") == "go: <mod> failed at <time>")
        var clusters = UnknownClusters()
        clusters.add(["go: a.com/x@v1.0.0: boom 1", "go: a.com/x@v1.0.0: boom 1"], input: "one")
        clusters.add(["go: b.org/y@v2.3.4: boom 22", "go: something else failed"], input: "two")
        #expect(clusters.sorted.map(\.count) == [2, 1])
        #expect(clusters.sorted.first?.shape == "go: <mod>@<ver>: boom <n>")
        #expect(clusters.sorted.first?.exampleInput == "one")
    }
}

/// Helpers for the batch tests: temporary directories and running tools.
enum BatchTools {
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("whygo-batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func which(_ tool: String) -> String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(directory)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Runs a tool and returns its stdout; throws when it fails.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "whygo-test", code: Int(process.terminationStatus), userInfo: [NSLocalizedDescriptionKey: "\(executable) \(arguments) failed"])
        }
        return data
    }
}
