// libFuzzer target: the pattern-file parser. The input is one .pattern file (and, read again, one
// .explain file); errors must be thrown, never trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPatternParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let library = try? PatternLibrary.load(files: [(path: "fuzz/x.pattern", text: text), (path: "fuzz/cause.explain", text: text)]) {
        // A library that loads must be usable: build a matcher and scan the examples of its patterns.
        let matcher = Matcher(library: library)
        var analyzer = LogAnalyzer(matcher: matcher, fileName: "fuzz")
        var sample = Array(text.utf8)
        sample.append(10)
        sample.withUnsafeBytes { analyzer.feed($0) }
        _ = analyzer.finish()
    }
    return 0
}
