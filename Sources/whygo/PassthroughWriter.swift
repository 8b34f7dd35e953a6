#if canImport(Glibc)
import Glibc
#endif
import WhyGoCore

/// Standard output in stdin mode: the log passed through and, with `--format github`, whygo's own
/// workflow commands, which the runner reads as one stream.
///
/// With `.stopCommands` the log goes out inside a `::stop-commands::TOKEN` … `::TOKEN::` window, so a
/// log line such as `::add-mask::x`, `::set-env` or `::error::x` cannot act on the runner. TOKEN is 192
/// random bits from /dev/urandom; a chunk that holds it (even split across reads) makes the window
/// close and reopen under a new token first. whygo's commands are written with the window closed; it
/// reopens with the next log bytes.
final class PassthroughWriter {
    /// How the log is passed through.
    enum Policy {
        /// Byte for byte (every format but github).
        case plain
        /// Inside a stop-commands window (github).
        case stopCommands
    }

    let policy: Policy
    private let output: Output
    /// The open window's token; nil while closed.
    private var token: [UInt8]?
    private var atLineStart = true
    /// The last bytes of the log, to see a token that straddles two reads.
    private var tail: [UInt8] = []
    /// Tokens used so far: a new window never reuses one.
    private var used: Set<[UInt8]> = []

    init(policy: Policy, output: Output = .standardOutput) {
        self.policy = policy
        self.output = output
    }

    /// Writes a chunk of the log. `false` when stdout refused it (errno tells why).
    func log(_ chunk: UnsafeRawBufferPointer) -> Bool {
        guard !chunk.isEmpty else { return true }
        guard policy == .stopCommands else { return output.write(chunk) }
        if let current = token, occurs(current, in: chunk) {
            guard closeWindow() else { return false }
        }
        if token == nil {
            var fresh = PassthroughWriter.randomToken()
            while used.contains(fresh) || occurs(fresh, in: chunk) { fresh = PassthroughWriter.randomToken() }
            used.insert(fresh)
            guard lineStart(), output.write("::stop-commands::" + String(decoding: fresh, as: UTF8.self) + "\n") else { return false }
            token = fresh
        }
        guard output.write(chunk) else { return false }
        atLineStart = chunk[chunk.count - 1] == UInt8(ascii: "\n")
        let keep = 64
        if chunk.count >= keep {
            tail = Array(chunk[(chunk.count - keep)...])
        } else {
            tail = Array((tail + Array(chunk)).suffix(keep))
        }
        return true
    }

    /// Writes whygo's own text (workflow commands, the summary) outside the window.
    func command(_ text: String) -> Bool {
        guard !text.isEmpty else { return true }
        guard closeWindow() else { return false }
        guard lineStart(), output.write(text) else { return false }
        atLineStart = text.hasSuffix("\n")
        return true
    }

    /// Closes the window (end of input). Safe to call more than once.
    @discardableResult
    func close() -> Bool {
        closeWindow()
    }

    private func closeWindow() -> Bool {
        guard let current = token else { return true }
        token = nil
        return lineStart() && output.write("::" + String(decoding: current, as: UTF8.self) + "::\n") && { atLineStart = true; return true }()
    }

    /// Ends a partial log line, so that the next command starts a line.
    private func lineStart() -> Bool {
        if atLineStart { return true }
        atLineStart = true
        return output.write("\n")
    }

    /// Whether `needle` occurs in the chunk or across the seam between the previous bytes and it.
    private func occurs(_ needle: [UInt8], in chunk: UnsafeRawBufferPointer) -> Bool {
        if PassthroughWriter.contains(chunk, needle) { return true }
        let seam = tail.suffix(needle.count - 1) + Array(chunk.prefix(needle.count - 1))
        return seam.withUnsafeBytes { PassthroughWriter.contains($0, needle) }
    }

    /// Plain search: memchr for the first byte, then compare (the token's first byte is rare in logs).
    static func contains(_ haystack: UnsafeRawBufferPointer, _ needle: [UInt8]) -> Bool {
        guard let base = haystack.baseAddress, !needle.isEmpty, haystack.count >= needle.count else { return false }
        let last = haystack.count - needle.count
        var offset = 0
        return needle.withUnsafeBytes { pattern in
            while offset <= last {
                guard let hit = memchr(base + offset, Int32(needle[0]), last - offset + 1) else { return false }
                let position = base.distance(to: UnsafeRawPointer(hit))
                if memcmp(base + position, pattern.baseAddress!, needle.count) == 0 { return true }
                offset = position + 1
            }
            return false
        }
    }

    /// `whygo-` and 48 hex digits from /dev/urandom (the system generator if that cannot be read).
    static func randomToken() -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 24)
        var filled = 0
        let fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        if fd >= 0 {
            while filled < bytes.count {
                let count = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
                if count < 0, errno == EINTR { continue }
                if count <= 0 { break }
                filled += count
            }
            Glibc.close(fd)
        }
        if filled < bytes.count {
            var generator = SystemRandomNumberGenerator()
            for index in bytes.indices { bytes[index] = generator.next() }
        }
        let digits = Array("0123456789abcdef".utf8)
        var token = Array("whygo-".utf8)
        for byte in bytes {
            token.append(digits[Int(byte >> 4)])
            token.append(digits[Int(byte & 0x0F)])
        }
        return token
    }
}

extension Runner {
    /// The writer for the log in stdin mode: the github renderer's own (so that annotations and log
    /// share stdout and its window), a guarded one for github with `--output`, else a plain one.
    func passthroughWriter(for renderer: any Renderer) -> PassthroughWriter {
        if let sink = renderer as? WorkflowCommandSink, let writer = sink.writer { return writer }
        return PassthroughWriter(policy: options.format == .github ? .stopCommands : .plain)
    }
}
