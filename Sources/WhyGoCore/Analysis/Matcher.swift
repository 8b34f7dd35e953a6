/// The pattern library compiled for scanning: one prefilter over every keyword (the patterns',
/// the framer's and the classifier's), and for each keyword the patterns it admits. Built once,
/// shared by every input.
public struct Matcher: Sendable {
    public let library: PatternLibrary
    public let prefilter: Prefilter
    /// For each prefilter needle: the indices of the patterns that list it as a keyword.
    public let patternsForNeedle: [[Int]]
    /// Needles added by `extraKeywords`: a line selected only by them is not shown to the
    /// classifier, so findings never depend on them.
    public let extraNeedles: Set<Int>

    /// - Parameter extraKeywords: more prefilter needles that select lines for the framer and
    ///   classifier without admitting any pattern. Only `whygo --summary` uses it, with
    ///   `LogAnalyzer.unknownKeywords`, so that `LogAnalyzer.collectUnknowns` sees `go: ` lines;
    ///   the default matcher has none and scans exactly as before.
    public init(library: PatternLibrary, extraKeywords: [String] = []) {
        self.library = library
        var needles: [String] = []
        var index: [String: Int] = [:]
        var patternsFor: [[Int]] = []
        func needle(_ keyword: String) -> Int {
            if let existing = index[keyword] { return existing }
            index[keyword] = needles.count
            needles.append(keyword)
            patternsFor.append([])
            return needles.count - 1
        }
        for (patternIndex, pattern) in library.patterns.enumerated() {
            for keyword in pattern.keywords {
                patternsFor[needle(keyword)].append(patternIndex)
            }
        }
        for keyword in Framer.keywords + Classifier.foreignMarkers + Classifier.successMarkers { _ = needle(keyword) }
        var conditions = needles.map { Prefilter.defaultCondition(Array($0.utf8)) }
        for keyword in Framer.diagnosticKeywords where index[keyword] == nil {
            _ = needle(keyword)
            conditions.append(.lineAndColumn)
        }
        let classifying = needles.count
        for keyword in extraKeywords { _ = needle(keyword) }
        // An extra keyword that is also a real one keeps classifying.
        extraNeedles = Set((classifying..<needles.count))
        prefilter = Prefilter(needles: needles.map { Array($0.utf8) }, conditions: conditions)
        patternsForNeedle = patternsFor
    }

    /// Every prefilter keyword (for benchmarks that compare against grep).
    public var keywords: [String] { prefilter.needles.map { String(decoding: $0, as: UTF8.self) } }
}
