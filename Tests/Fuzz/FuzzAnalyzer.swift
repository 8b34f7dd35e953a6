// libFuzzer target: the reader and framing tokenizer. The input is fed to LogAnalyzer whole and in
// random chunk splits (the first bytes choose the split sizes), taking live findings on the way;
// both must give the same line count and the same root causes. A third run searches in parallel
// parts (any region size, 3 threads): it must give exactly the whole run's findings.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAnalyzer(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    var whole = LogAnalyzer(matcher: FuzzShared.matcher, fileName: "fuzz")
    whole.feed(UnsafeRawBufferPointer(bytes))
    let expected = whole.finish()
    let expectedLines = whole.lineCount

    var parallel = LogAnalyzer(matcher: FuzzShared.matcher, fileName: "fuzz")
    parallel.searchThreads = 3
    parallel.parallelMinimumBytes = 1
    parallel.feed(UnsafeRawBufferPointer(bytes))
    let parallelFindings = parallel.finish()
    precondition(parallel.lineCount == expectedLines, "line count differs with parallel search: \(parallel.lineCount) vs \(expectedLines)")
    precondition(parallelFindings.map { "\($0.rootCause) \($0.line)" } == expected.map { "\($0.rootCause) \($0.line)" },
                 "findings differ with parallel search")

    var split = LogAnalyzer(matcher: FuzzShared.matcher, fileName: "fuzz")
    var seed: UInt64 = 0x9E37_79B9
    for byte in bytes.prefix(8) { seed = seed &* 31 &+ UInt64(byte) }
    var offset = 0
    var live: [Finding] = []
    while offset < size {
        seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17
        let length = min(size - offset, Int(seed % 17) == 0 ? 1 : Int(seed % 97) + 1)
        split.feed(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[offset..<(offset + length)])))
        if seed % 5 == 0 { live += split.takeLiveFindings() }
        offset += length
    }
    let rest = split.finish()
    precondition(split.lineCount == expectedLines, "line count differs with chunked input: \(split.lineCount) vs \(expectedLines)")
    let chunked = live + rest
    // Live findings are written when a failing step ends, from the evidence in by then; evidence
    // that arrives later may hold a better line or a better cause. So: live mode never loses a root
    // cause that the whole log shows (it may have said an earlier guess too).
    precondition(Set(chunked.map(\.rootCause)).isSuperset(of: Set(expected.map(\.rootCause))),
                 "findings differ with chunked input: \(chunked.map(\.rootCause)) vs \(expected.map(\.rootCause))")
    for finding in expected { precondition(finding.line >= 1 && finding.line <= max(1, expectedLines), "finding line \(finding.line) outside 1...\(expectedLines)") }
    return 0
}
