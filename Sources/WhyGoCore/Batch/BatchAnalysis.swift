#if canImport(Glibc)
import Glibc
#endif

/// What one input of a batch run gave: its findings, or why it could not be read, and the facts
/// the summary needs.
public struct InputResult: Sendable {
    public var name: String
    /// Empty when the input could not be read (findings of a partly read input are dropped).
    public var findings: [Finding] = []
    /// Why the input could not be read (`whygo: NAME: reason`), or nil.
    public var error: String?
    /// Go error lines no pattern explains (only with `collectUnknowns`).
    public var unknownLines: [String] = []
    /// The last wall-clock time the log shows, else the file's (or zip entry's) modification time.
    public var time: Int?
    /// `golang:X` tags of the build's FROM lines.
    public var goImages: [String] = []
    /// Uncompressed bytes analysed.
    public var bytes: Int = 0

    public init(name: String) { self.name = name }

    /// The first error finding, the input's root cause.
    public var firstError: Finding? { findings.first { $0.severity == .error } }
}

/// Analyses one batch input at a time; shareable between threads (each call has its own state).
public struct BatchAnalyzer: Sendable {
    public let matcher: Matcher
    public let dockerfilePath: String?
    public let collectUnknowns: Bool
    /// `LogAnalyzer.searchThreads` for each input (more than 1 pays off when inputs are fewer
    /// than cores, e.g. one big log).
    public let searchThreads: Int
    static let chunkSize = 4 << 20

    public init(matcher: Matcher, dockerfilePath: String? = nil, collectUnknowns: Bool = false, searchThreads: Int = 1) {
        self.matcher = matcher
        self.dockerfilePath = dockerfilePath
        self.collectUnknowns = collectUnknowns
        self.searchThreads = max(1, searchThreads)
    }

    public func analyse(_ input: BatchInput) -> InputResult {
        var result = InputResult(name: input.name)
        var analyzer = LogAnalyzer(matcher: matcher, fileName: input.name, dockerfilePath: dockerfilePath)
        analyzer.collectUnknowns = collectUnknowns
        analyzer.searchThreads = searchThreads
        var times = TimestampScanner()
        var bytes = 0
        let consume: ByteSink = { chunk in
            analyzer.feed(chunk)
            times.scan(chunk)
            bytes += chunk.count
        }
        var fallbackTime: Int?
        do {
            switch input.source {
            case .unreadable(let reason):
                result.error = reason
                return result
            case .file(let path):
                fallbackTime = try BatchAnalyzer.readFile(path, into: consume)
            case .zipEntry(let archive, let entry):
                fallbackTime = entry.modified ?? FileSystem.modificationTime(of: archive.path)
                try archive.extract(entry, into: consume)
            }
        } catch let error as DecodeError {
            result.error = error.reason
            return result
        } catch {
            result.error = "\(error)"
            return result
        }
        result.findings = analyzer.finish()
        result.unknownLines = analyzer.unknownLines
        result.goImages = analyzer.classifier.environment.goImages
        result.time = times.latest ?? fallbackTime
        result.bytes = bytes
        return result
    }

    /// Streams a plain or gzip file (recognised by its magic bytes) into `sink`; returns its mtime.
    static func readFile(_ path: String, into sink: ByteSink) throws -> Int? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw DecodeError(String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        var mtime: Int?
        if fstat(fd, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFDIR { throw DecodeError("is a directory") }
            mtime = Int(info.st_mtim.tv_sec)
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 64)
        defer { buffer.deallocate() }
        func readSome(_ into: UnsafeMutableRawBufferPointer) throws -> Int {
            while true {
                let count = read(fd, into.baseAddress, into.count)
                if count >= 0 { return count }
                if errno != EINTR { throw DecodeError(String(cString: strerror(errno))) }
            }
        }
        // The first bytes decide: gzip or plain. Read at least 3 unless the input ends first.
        var filled = 0
        while filled < 3 {
            let count = try readSome(UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            if count == 0 { break }
            filled += count
        }
        if Gzip.hasMagic(UnsafeRawBufferPointer(rebasing: buffer[0..<filled])) {
            var prefixOffset = 0
            let prefixEnd = filled
            try Gzip.decompress(reader: { into in
                if prefixOffset < prefixEnd {
                    let count = min(into.count, prefixEnd - prefixOffset)
                    into.baseAddress!.copyMemory(from: buffer.baseAddress! + prefixOffset, byteCount: count)
                    prefixOffset += count
                    return count
                }
                return try readSome(into)
            }, into: sink)
            return mtime
        }
        if filled > 0 { try sink(UnsafeRawBufferPointer(rebasing: buffer[0..<filled])) }
        while true {
            let count = try readSome(buffer)
            if count == 0 { break }
            try sink(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        return mtime
    }
}
