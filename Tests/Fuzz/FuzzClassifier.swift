// libFuzzer target: the classifier over the built-in library. Each input line is framed as if it came
// from a BuildKit step (and also fed raw), so the pattern regexes, refiners and step bookkeeping all see
// fuzzed text. Use with -dict=keywords.dict (written by run.sh) to reach the patterns.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzClassifier(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    var framed: [UInt8] = Array("#9 [builder 5/6] RUN go mod download\n".utf8)
    var line: [UInt8] = []
    for byte in bytes {
        if byte == 10 {
            framed += Array("#9 0.412 ".utf8) + line + [10]
            line.removeAll()
        } else {
            line.append(byte)
        }
    }
    framed += Array("#9 0.500 ".utf8) + line + [10]
    framed += Array("#9 ERROR: process \"/bin/sh -c go mod download\" did not complete successfully: exit code: 1\n".utf8)
    framed += bytes
    var analyzer = LogAnalyzer(matcher: FuzzShared.matcher, fileName: "fuzz")
    framed.withUnsafeBytes { analyzer.feed($0) }
    _ = analyzer.takeLiveFindings()
    for finding in analyzer.finish() {
        precondition(!finding.rootCause.isEmpty)
        precondition(finding.confidence >= 0 && finding.confidence <= 1, "confidence \(finding.confidence)")
    }
    return 0
}
