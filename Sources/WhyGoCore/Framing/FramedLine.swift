/// What a log line is, once its framing is understood.
public enum LineKind: Sendable, Equatable {
    /// Output of a build command (or raw go output).
    case content
    /// A step starts: BuildKit `#9 [builder 4/7] RUN …`, tty ` => [..] …`, legacy `Step 5/9 : …`, podman `STEP 5/9: …`.
    case stepHeader
    /// A step's status line: `#9 DONE 1.2s`, `#9 CACHED`, ` ---> Running in …`.
    case stepStatus
    /// A step failed: `#9 ERROR: …`, ` => ERROR [..]`.
    case stepError
    /// BuildKit summary block header: ` > [builder 4/7] RUN go mod download:`.
    case summaryHeader
    /// `Dockerfile:9` above the excerpt of the failing instruction.
    case dockerfileReference
    /// A line of the Dockerfile excerpt: `   9 | >>> RUN go mod download`.
    case excerpt
    /// Decoration whygo ignores: `------`, `##[endgroup]`, section markers.
    case marker
}

/// A log line (or one `\r`-separated segment of it) with its framing removed.
public struct FramedLine: Sendable {
    /// 1-based line number in the input.
    public var number: Int
    /// The text with framing, ANSI sequences and paste damage removed.
    public var text: String
    public var kind: LineKind
    /// The step this line belongs to (`#9`, `Step 5`, `STEP 5`), when known.
    public var stepKey: String?
    /// Inside BuildKit's summary block, the `#N` the line carried, which is an alias of `stepKey`.
    public var stepAlias: String?
    /// For headers: the step's label, e.g. `[builder 4/7] RUN go mod download`.
    public var stepLabel: String?
    /// For headers: the instruction, e.g. `RUN go mod download`.
    public var instruction: String?
    /// Inside BuildKit's error summary block (a repeat of earlier output).
    public var inSummary: Bool
    /// For `.dockerfileReference`: the path and line; for `.excerpt`: the line and whether it is marked `>>>`.
    public var dockerfilePath: String?
    public var dockerfileLine: Int?
    public var isFailingInstruction: Bool
    /// For step headers and statuses: the step was served from cache.
    public var cached: Bool
    /// For statuses: the step finished successfully (`#9 DONE 1.2s`, legacy ` ---> 3f2a1b2c3d4e`).
    public var succeeded: Bool = false
}
