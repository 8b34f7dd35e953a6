/// A report format. Renderers turn findings into text; they never write: the executable does.
public protocol Renderer {
    /// Text for the findings of one input (called as findings arrive, live or per input).
    mutating func render(_ findings: [Finding]) -> String
    /// Text to write once every input is done (a JSON array's end, a summary). Default: nothing.
    mutating func finish() -> String
    /// Whether `render` depends on its argument alone (no state carried between inputs), so a
    /// batch may render each input on a copy, in parallel. Default: false.
    var rendersEachInputAlone: Bool { get }
}

extension Renderer {
    public mutating func finish() -> String { "" }
    public var rendersEachInputAlone: Bool { false }
}

/// `--format json`: JSON Lines, one object per finding.
public struct JSONLinesRenderer: Renderer {
    public init() {}

    public var rendersEachInputAlone: Bool { true }

    public mutating func render(_ findings: [Finding]) -> String {
        findings.map { $0.json + "\n" }.joined()
    }
}
