/// A pattern that could not be compiled: where (UTF-8 byte offset into the pattern) and why.
public struct RegexError: Error, CustomStringConvertible, Sendable, Equatable {
    /// UTF-8 byte offset into the pattern where the problem was detected.
    public let offset: Int
    /// Human-readable explanation of the problem.
    public let message: String

    /// Creates an error at `offset` with `message`.
    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    /// "offset N: message", suitable for showing to a user who wrote the pattern.
    public var description: String { "regex error at offset \(offset): \(message)" }
}
