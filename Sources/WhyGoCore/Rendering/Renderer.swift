/// A report format. Renderers turn findings into text; they never write: the executable does.
public protocol Renderer {
    /// Text for the findings of one input (called as findings arrive, live or per input).
    mutating func render(_ findings: [Finding]) -> String
    /// Text to write once every input is done (a JSON array's end, a summary). Default: nothing.
    mutating func finish() -> String
}

extension Renderer {
    public mutating func finish() -> String { "" }
}

/// `--format json`: JSON Lines, one object per finding.
public struct JSONLinesRenderer: Renderer {
    public init() {}

    public mutating func render(_ findings: [Finding]) -> String {
        findings.map { $0.json + "\n" }.joined()
    }
}
