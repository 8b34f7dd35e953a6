#if canImport(Glibc)
import Glibc
#endif

/// Writes bytes to a file descriptor, whole, retrying short writes and EINTR.
struct Output {
    let fd: Int32

    /// `false` when the descriptor refused the bytes (reader gone, disk full, …).
    @discardableResult
    func write(_ buffer: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < buffer.count {
            let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }

    @discardableResult
    func write(_ text: String) -> Bool {
        guard !text.isEmpty else { return true }
        var copy = text
        return copy.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    static let standardOutput = Output(fd: 1)
    static let standardError = Output(fd: 2)
}

/// Prints `whygo: message` on stderr.
func complain(_ message: String) {
    Output.standardError.write("whygo: " + message + "\n")
}
