/// The instructions of a Dockerfile with their line numbers, so that a legacy-builder or podman
/// step (`Step 5/9`, `STEP 5/9`: the 5th instruction of the file) can be placed on its line when the
/// user names the Dockerfile with `--dockerfile`.
public struct DockerfileIndex: Sendable {
    /// The Dockerfile path as the user gave it.
    public var path: String
    /// 1-based line of each instruction, in order (continuation lines belong to the instruction).
    public var instructionLines: [Int]

    public init(path: String, text: String) {
        self.path = path
        var lines: [Int] = []
        var continuing = false
        var number = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let line = raw.trimmed()
            if continuing {
                // Comments and blank lines inside a continued instruction do not end it.
                if line.isEmpty || line.hasPrefix("#") { continue }
                continuing = line.hasSuffix("\\")
                continue
            }
            if line.isEmpty || line.hasPrefix("#") { continue }
            lines.append(number)
            continuing = line.hasSuffix("\\")
        }
        instructionLines = lines
    }

    /// The line of the `step`-th instruction (1-based), or nil.
    public func line(ofStep step: Int) -> Int? {
        step >= 1 && step <= instructionLines.count ? instructionLines[step - 1] : nil
    }
}
