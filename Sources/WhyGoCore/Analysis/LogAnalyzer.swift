#if canImport(Glibc)
import Glibc
#endif
import Dispatch

/// Reads one log as a stream of byte chunks and turns it into findings, in constant memory.
///
/// Complete lines are searched with the prefilter over the whole buffer; only lines holding a
/// keyword are framed and matched, all others are just counted. A line longer than
/// `maximumLineBytes` is matched on a window around each keyword; it is never cut in passthrough,
/// which is the caller's business (the analyzer never writes).
public struct LogAnalyzer: Sendable {
    /// How much of one line is looked at around a keyword (default 64 KiB).
    public static let maximumLineBytes = 64 * 1024
    /// Above this, a line that has not ended yet is scanned in pieces (default 1 MiB).
    static let partialLineLimit = 1 << 20

    public let matcher: Matcher
    private var framer = Framer()
    public private(set) var classifier: Classifier
    private var pending: [UInt8] = []
    /// The last complete line of the previous scanned region (at most 4 KiB; empty when longer),
    /// so that a wrapped line is rejoined the same way whatever the read sizes were.
    private var previousLine: [UInt8] = []
    /// Number of `\n` seen so far: the next line's number is this plus one.
    private var completedLines = 0
    /// The pending bytes continue a line whose start was already scanned.
    private var continuingLine = false
    /// The first bytes of a line scanned in pieces (or windowed): its framing prefix (`#9 3.027 `,
    /// timestamps), put back in front of a later piece so that piece is framed as part of its step.
    private var lineHead: [UInt8] = []
    static let lineHeadBytes = 256

    // MARK: Unknowns (opt-in, for `whygo --summary`)

    /// Opt-in: remember Go error lines no pattern explains, in `unknownLines`. A line counts when,
    /// after framing, it starts with `go: `, holds one of `unknownWords`, is not in BuildKit's
    /// summary block, and no cause pattern matches it. The analyzer only sees lines with a
    /// prefilter keyword, so build the matcher with `Matcher(library:extraKeywords:
    /// LogAnalyzer.unknownKeywords)`; without it only `go: ` lines that hold another keyword are seen.
    public var collectUnknowns = false
    /// The unexplained lines (framing removed), at most `unknownLinesLimit` per input.
    public private(set) var unknownLines: [String] = []
    public static let unknownLinesLimit = 50
    /// The extra prefilter needle `collectUnknowns` needs.
    public static let unknownKeywords = ["go: "]
    /// Words that make a `go: ` line an error line (compared in lower case).
    public static let unknownWords = ["error", "invalid", "cannot", "failed", "unexpected", "not found", "refused", "denied", "timeout", "verifying"]

    /// `dockerfileText` is the text of `dockerfilePath` (`--dockerfile`); when nil and the path
    /// names a readable file, it is read here, to place steps the log shows without a line.
    public init(matcher: Matcher, fileName: String, dockerfilePath: String? = nil, dockerfileText: String? = nil) {
        self.matcher = matcher
        classifier = Classifier(library: matcher.library, fileName: fileName, defaultDockerfilePath: dockerfilePath)
        if let path = dockerfilePath, let text = dockerfileText ?? (try? FileSystem.read(path)).map({ String(decoding: $0, as: UTF8.self) }) {
            classifier.userDockerfile = (path, text)
        }
    }

    /// Lines read so far (a final line without a newline counts once `finish` ran).
    public var lineCount: Int { completedLines }

    /// Feeds the next chunk of input.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer) {
        guard chunk.count > 0 else { return }
        let bytes = chunk.bindMemory(to: UInt8.self)
        // Fast path: nothing pending, scan the chunk in place.
        if pending.isEmpty {
            let end = LogAnalyzer.lastNewline(bytes, from: 0, to: bytes.count)
            if let end {
                scanLines(bytes, from: 0, to: end + 1)
                pending.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[(end + 1)...]))
            } else {
                pending.append(contentsOf: bytes)
            }
        } else if let firstEnd = LogAnalyzer.nextNewline(bytes, from: 0, to: bytes.count) {
            // Finish the pending line alone, then scan the rest of the chunk in place: a chunk is
            // never copied whole (a cut between reads changes nothing, see `previousLine`).
            pending.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[...firstEnd]))
            pending.withUnsafeBufferPointer { scanLines($0, from: 0, to: $0.count) }
            pending.removeAll(keepingCapacity: true)
            if let end = LogAnalyzer.lastNewline(bytes, from: firstEnd + 1, to: bytes.count) {
                scanLines(bytes, from: firstEnd + 1, to: end + 1)
                pending.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[(end + 1)...]))
            } else {
                pending.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[(firstEnd + 1)...]))
            }
        } else {
            pending.append(contentsOf: bytes)
        }
        if pending.count > LogAnalyzer.partialLineLimit { scanPartialLine() }
    }

    /// Ends the input and returns the findings not yet taken, most likely root cause first.
    public mutating func finish() -> [Finding] {
        if !pending.isEmpty {
            let head = continuingLine ? lineHead : nil
            pending.withUnsafeBufferPointer { buffer in
                let hits = keywordHits(buffer, from: 0, to: buffer.count)
                if !hits.isEmpty { process(buffer, lineStart: 0, lineEnd: buffer.count, hits: hits, head: head) }
            }
            completedLines += 1
            pending.removeAll()
            continuingLine = false
        }
        return classifier.takeFindings(final: true)
    }

    /// In live mode: findings that are complete now, once a failing step ended.
    public mutating func takeLiveFindings() -> [Finding] {
        classifier.takeFindings(final: false)
    }

    // MARK: - Scanning

    private mutating func scanLines(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) {
        defer { rememberLastLine(buffer, from: start, to: end) }
        var position = start
        for part in keywordLines(buffer, from: start, to: end) {
            for line in part.lines {
                take((line.start, line.end), buffer, newlines: line.newlines, position: &position, region: start..<end)
            }
            // What a part's search left over (it stops at `KeywordLines.limit` lines).
            var searched = part.searchedUpTo
            while let line = LogAnalyzer.nextKeywordLine(matcher.prefilter, buffer, from: searched, to: part.end) {
                take(line, buffer, newlines: LineCounter.count(buffer, from: position, to: line.start), position: &position, region: start..<end)
                searched = line.end + 1
            }
            if position < part.end {
                completedLines += part.tailNewlines ?? LineCounter.count(buffer, from: position, to: part.end)
                continuingLine = false
                position = part.end
            }
        }
    }

    /// Frames and classifies `line`, `newlines` line ends after `position`.
    private mutating func take(_ line: (start: Int, end: Int), _ buffer: UnsafeBufferPointer<UInt8>, newlines: Int, position: inout Int, region: Range<Int>) {
        if newlines > 0 { continuingLine = false }
        completedLines += newlines
        let hits = keywordHits(buffer, from: line.start, to: line.end)
        let head = continuingLine && line.start == region.lowerBound ? lineHead : nil
        process(buffer, lineStart: line.start, lineEnd: line.end, hits: hits, head: head, regionStart: region.lowerBound)
        if line.end < region.upperBound { completedLines += 1 }
        continuingLine = false
        position = line.end + 1
    }

    /// The next line in `buffer[from..<to]` holding a keyword (`from` starts a line), as the
    /// offsets of its first byte and of its newline (or `to`).
    static func nextKeywordLine(_ prefilter: Prefilter, _ buffer: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> (start: Int, end: Int)? {
        guard from < to, let hit = prefilter.firstHit(in: buffer, from: from, to: to) else { return nil }
        let lineStart = LogAnalyzer.lineStart(buffer, before: hit.start, floor: from)
        let lineEnd = LogAnalyzer.nextNewline(buffer, from: hit.start, to: to) ?? to
        return (lineStart, lineEnd)
    }

    // MARK: Parallel search

    /// Threads that search a large region for keyword lines (`--jobs`; default 1). Only the
    /// search runs in parallel, on parts of the region split at line ends; the lines found are
    /// framed and classified in order on the calling thread, so findings never depend on it.
    public var searchThreads = 1
    /// Regions smaller than this are searched on the calling thread (tests and fuzzing lower it).
    var parallelMinimumBytes = 256 * 1024

    /// The keyword lines one part of a region holds, as far as they were searched.
    struct KeywordLines {
        /// At most this many lines a part: memory stays bounded however dense the keywords are.
        static let limit = 4096
        /// Each line with the number of line ends between the previous one (or the part's start) and it.
        var lines: [(start: Int, end: Int, newlines: Int)] = []
        /// Every keyword line before this offset is in `lines`.
        var searchedUpTo: Int
        var end: Int
        /// Line ends after the last line, when the whole part was searched.
        var tailNewlines: Int?
    }

    /// The region split in `searchThreads` parts searched at once (keyword lines found, line ends
    /// counted); a single part left unsearched when the region is small or there is one thread.
    private func keywordLines(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> [KeywordLines] {
        // Parts of at least a quarter of the minimum (64 KiB): more threads than that do not pay.
        let threads = min(searchThreads, (end - start) / max(1, parallelMinimumBytes / 4))
        guard threads > 1, end - start >= parallelMinimumBytes else {
            return [KeywordLines(searchedUpTo: start, end: end)]
        }
        var bounds = [start]
        for index in 1..<threads {
            let target = max(bounds[index - 1], start + (end - start) / threads * index)
            bounds.append(target >= end ? end : (LogAnalyzer.nextNewline(buffer, from: target, to: end) ?? (end - 1)) + 1)
        }
        bounds.append(end)
        let parts = UnsafeMutableBufferPointer<KeywordLines>.allocate(capacity: threads)
        defer { parts.deinitialize().deallocate() }
        for index in 0..<threads { (parts.baseAddress! + index).initialize(to: KeywordLines(searchedUpTo: bounds[index], end: bounds[index + 1])) }
        let shared = SearchShared(prefilter: matcher.prefilter, buffer: buffer, parts: parts)
        DispatchQueue.concurrentPerform(iterations: threads) { index in
            var part = shared.parts[index]
            while part.lines.count < KeywordLines.limit,
                  let line = LogAnalyzer.nextKeywordLine(shared.prefilter, shared.buffer, from: part.searchedUpTo, to: part.end) {
                let newlines = LineCounter.count(shared.buffer, from: part.searchedUpTo, to: line.start)
                part.lines.append((line.start, line.end, newlines))
                part.searchedUpTo = line.end + 1
            }
            if part.lines.count < KeywordLines.limit {
                part.tailNewlines = LineCounter.count(shared.buffer, from: part.searchedUpTo, to: part.end)
                part.searchedUpTo = part.end
            }
            shared.parts[index] = part
        }
        return Array(parts)
    }

    /// Keeps the region's last complete line (`end - 1` is its newline) for `wrappedPrevious`.
    private mutating func rememberLastLine(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) {
        guard end > start, buffer[end - 1] == 10 else { previousLine = []; return }
        let lineStart = (LogAnalyzer.lastNewline(buffer, from: start, to: end - 1) ?? (start - 1)) + 1
        previousLine = end - 1 - lineStart <= 4096 ? Array(buffer[lineStart..<(end - 1)]) : []
    }

    /// A line still growing past the limit: scan what we have and keep only an overlap.
    private mutating func scanPartialLine() {
        let keep = 4096
        if !continuingLine { lineHead = Array(pending.prefix(LogAnalyzer.lineHeadBytes)) }
        let head = continuingLine ? lineHead : nil
        pending.withUnsafeBufferPointer { buffer in
            let hits = keywordHits(buffer, from: 0, to: buffer.count)
            if !hits.isEmpty { process(buffer, lineStart: 0, lineEnd: buffer.count, hits: hits, head: head) }
        }
        pending.removeFirst(pending.count - keep)
        continuingLine = true
    }

    /// Prefilter needles in a line, each with its first offset.
    private func keywordHits(_ buffer: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> [(needle: Int, offset: Int)] {
        var hits: [(needle: Int, offset: Int)] = []
        matcher.prefilter.forEachHit(in: buffer, from: from, to: to) { start, needle in
            // Hits come in anchor order, not quite in start order: keep each needle's first.
            if let known = hits.firstIndex(where: { $0.needle == needle }) {
                hits[known].offset = min(hits[known].offset, start)
            } else {
                hits.append((needle, start))
            }
            return true
        }
        return hits
    }

    private mutating func process(_ buffer: UnsafeBufferPointer<UInt8>, lineStart: Int, lineEnd: Int, hits: [(needle: Int, offset: Int)], head: [UInt8]? = nil, regionStart: Int? = nil) {
        guard !hits.isEmpty else { return }
        var patterns: [Int] = []
        for hit in hits {
            for index in matcher.patternsForNeedle[hit.needle] where !patterns.contains(index) { patterns.append(index) }
        }
        patterns.sort()
        let number = completedLines + 1
        var windowStart = lineStart
        var windowEnd = lineEnd
        if lineEnd - lineStart > LogAnalyzer.maximumLineBytes {
            let first = hits.map(\.offset).min() ?? lineStart
            windowStart = max(lineStart, first - LogAnalyzer.maximumLineBytes / 2)
            windowEnd = min(lineEnd, windowStart + LogAnalyzer.maximumLineBytes)
        }
        let window = UnsafeBufferPointer(rebasing: buffer[windowStart..<windowEnd])
        // A piece of a long line: frame it behind the line's own head, so it keeps its step.
        var prefix = head ?? []
        if head == nil, windowStart > lineStart {
            prefix = Array(buffer[lineStart..<min(lineStart + LogAnalyzer.lineHeadBytes, windowStart)])
        }
        let framed: [FramedLine]
        if prefix.isEmpty {
            framed = framer.frame(window, number: number)
        } else {
            prefix.append(contentsOf: window)
            framed = prefix.withUnsafeBufferPointer { framer.frame($0, number: number) }
        }
        // Lines that only the unknowns' extra needle selected are not the classifier's business:
        // findings must not depend on --summary.
        let classify = !hits.allSatisfy { matcher.extraNeedles.contains($0.needle) }
        let candidatesBefore = classifier.candidateCount
        for line in framed {
            if classify { classifier.consume(line, patterns: patterns) }
            if collectUnknowns { noteUnknown(line, patterns: patterns) }
        }
        // A keyword line that explains nothing may be the second half of a line that a paste
        // wrapped (`…reading https://proxy.golan` / `g.org/…: 404 Not Found`): try the two joined,
        // reported on the first one's line.
        if classify, classifier.candidateCount == candidatesBefore, prefix.isEmpty, framed.allSatisfy({ $0.kind == .content }),
           let regionStart, !continuingLine {
            // The line before: in this buffer, or kept from the previous read.
            var joined = lineStart > regionStart
                ? Array(buffer[((LogAnalyzer.lastNewline(buffer, from: regionStart, to: lineStart - 1) ?? (regionStart - 1)) + 1)..<(lineStart - 1)])
                : previousLine
            guard LogAnalyzer.looksWrapped(previous: joined, current: UnsafeBufferPointer(rebasing: buffer[lineStart..<lineEnd])) else { return }
            if joined.last == 13 { joined.removeLast() }
            joined.append(contentsOf: buffer[lineStart..<lineEnd])
            let joinedHits = joined.withUnsafeBufferPointer { keywordHits($0, from: 0, to: $0.count) }
            var joinedPatterns: [Int] = []
            for hit in joinedHits {
                for index in matcher.patternsForNeedle[hit.needle] where !joinedPatterns.contains(index) { joinedPatterns.append(index) }
            }
            joinedPatterns.sort()
            for line in joined.withUnsafeBufferPointer({ framer.frame($0, number: number - 1) }) where line.kind == .content {
                classifier.consume(line, patterns: joinedPatterns)
            }
        }
    }

    /// Whether `previous` looks cut by a paste's hard wrap with `current` as its rest: long enough,
    /// and `current` does not open a record of its own (`go: `, `#9 `, `Step`, a tab, …).
    static func looksWrapped(previous: [UInt8], current: UnsafeBufferPointer<UInt8>) -> Bool {
        guard previous.count >= 40, previous.count <= 4096 else { return false }
        var first = 0
        while first < current.count, current[first] == 32 { first += 1 }
        guard first < current.count else { return false }
        let head = UnsafeBufferPointer(rebasing: current[first..<min(current.count, first + 16)])
        let byte = head[0]
        // A tab-indented line is Go's own continuation; a new record starts as one of these.
        if byte == 9 || byte == UInt8(ascii: "#") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "=") || byte == UInt8(ascii: ">") { return false }
        for opener in ["go: ", "Step ", "STEP ", "The command", "ERROR", "Error", "fatal:", "make", "verifying", "Dockerfile", "$ ", "+ "] {
            if head.starts(with: opener.utf8) { return false }
        }
        if byte >= 48, byte <= 57 {
            // `0.412 go: …` (BuildKit seconds) or a timestamp opens a record; a bare status does not.
            let digits = head.prefix { $0 >= 48 && $0 <= 57 }
            if digits.count >= 4 || (head.count > digits.count && head[digits.count] == UInt8(ascii: ".")) { return false }
        }
        return true
    }

    private mutating func noteUnknown(_ line: FramedLine, patterns: [Int]) {
        guard unknownLines.count < LogAnalyzer.unknownLinesLimit, line.kind == .content, !line.inSummary else { return }
        let text = line.text.drop(while: { $0 == " " || $0 == "\t" })
        guard text.hasPrefix("go: ") else { return }
        let lower = text.lowercased()
        guard LogAnalyzer.unknownWords.contains(where: { lower.contains($0) }) else { return }
        let library = matcher.library
        if patterns.contains(where: { library.patterns[$0].role == .cause && library.patterns[$0].match(String(text)) != nil }) { return }
        unknownLines.append(String(text))
    }

    // MARK: - Byte helpers

    static func lastNewline(_ buffer: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        guard to > from else { return nil }
        var index = to - 1
        while index >= from {
            if buffer[index] == 10 { return index }
            index -= 1
        }
        return nil
    }

    static func nextNewline(_ buffer: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        guard let base = buffer.baseAddress, to > from else { return nil }
        guard let found = memchr(base + from, 10, to - from) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    static func lineStart(_ buffer: UnsafeBufferPointer<UInt8>, before position: Int, floor: Int) -> Int {
        guard let newline = lastNewline(buffer, from: floor, to: position) else { return floor }
        return newline + 1
    }
}

/// What the parallel search's threads share: the region (read only) and one result slot each.
private struct SearchShared: @unchecked Sendable {
    let prefilter: Prefilter
    let buffer: UnsafeBufferPointer<UInt8>
    let parts: UnsafeMutableBufferPointer<LogAnalyzer.KeywordLines>
}
