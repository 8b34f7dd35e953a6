import Testing
@testable import WhyGoCore

/// The prefilter against a naive search: same hits on random text, in both of its algorithms
/// (anchored Bloom scan for needles of 4+ bytes, Wu–Manber when one is shorter).
@Suite struct PrefilterTests {
    /// Every (start, needle) where a needle lies inside `text[from..<to]`, by brute force.
    static func naiveHits(_ needles: [[UInt8]], _ text: [UInt8], from: Int, to: Int) -> Set<Hit> {
        var hits: Set<Hit> = []
        for (index, needle) in needles.enumerated() where needle.count >= 2 {
            var start = from
            while start + needle.count <= to {
                if text[start..<(start + needle.count)].elementsEqual(needle) { hits.insert(Hit(start: start, needle: index)) }
                start += 1
            }
        }
        return hits
    }

    struct Hit: Hashable { var start: Int; var needle: Int }

    static func hits(_ prefilter: Prefilter, _ text: [UInt8], from: Int, to: Int) -> [Hit] {
        var found: [Hit] = []
        text.withUnsafeBufferPointer { buffer in
            prefilter.forEachHit(in: buffer, from: from, to: to) { start, needle in
                found.append(Hit(start: start, needle: needle))
                return true
            }
        }
        return found
    }

    /// Random needles over a small alphabet, so they overlap, share anchors and occur often.
    static func randomCase(_ random: inout Xorshift, shortest: Int) -> (needles: [[UInt8]], text: [UInt8]) {
        let alphabet = Array("ab (.:".utf8)
        func word(_ count: Int) -> [UInt8] { (0..<count).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] } }
        let needles = (0..<(1 + Int(random.next() % 12))).map { _ in word(shortest + Int(random.next() % 9)) }
        var text = word(Int(random.next() % 400))
        // Plant some needles so that hits are not left to chance.
        for _ in 0..<4 where !text.isEmpty {
            let needle = needles[Int(random.next() % UInt64(needles.count))]
            text.insert(contentsOf: needle, at: Int(random.next() % UInt64(text.count)))
        }
        return (needles, text)
    }

    @Test(arguments: [5, 4, 2])
    func sameHitsAsNaiveSearch(shortest: Int) {
        var random = Xorshift(state: 0x5EED_0000 + UInt64(shortest))
        for _ in 0..<400 {
            let (needles, text) = Self.randomCase(&random, shortest: shortest)
            let prefilter = Prefilter(needles: needles, conditions: needles.map { _ in .anywhere })
            let shortest = needles.map(\.count).min()!
            #expect(prefilter.isAnchored == (shortest >= 4))
            #expect(prefilter.stride == (shortest >= 5 ? 2 : 1))
            let from = text.isEmpty ? 0 : Int(random.next() % UInt64(text.count / 2 + 1))
            let to = max(from, text.count - Int(random.next() % 8))
            let found = Self.hits(prefilter, text, from: from, to: to)
            let expected = Self.naiveHits(needles, text, from: from, to: to)
            #expect(Set(found) == expected, "needles \(needles.map { String(decoding: $0, as: UTF8.self) }) text \(String(decoding: text, as: UTF8.self))")
            #expect(found.count == expected.count, "a hit reported twice")
            let first = text.withUnsafeBufferPointer { prefilter.firstHit(in: $0, from: from, to: to) }
            #expect(first?.start == expected.map(\.start).min())
            if let first { #expect(expected.contains(Hit(start: first.start, needle: first.needle))) }
        }
    }

    @Test func firstHitFindsAnEarlierStartWhoseAnchorComesLater() {
        // `xxxxxxxx(Z)` is anchored on its rare end (`x(Z)`); `xxx(` inside it starts later but
        // its anchor comes first, so the scan meets it first.
        let needles = [Array("xxxxxxxx(Z)".utf8), Array("xxx(".utf8)]
        #expect(Prefilter.anchorOffset(needles[0]) == 7)
        let prefilter = Prefilter(needles: needles)
        let text = Array("..xxxxxxxx(Z)..".utf8)
        let first = text.withUnsafeBufferPointer { prefilter.firstHit(in: $0, from: 0, to: $0.count) }
        #expect(first?.start == 2 && first?.needle == 0)
        let order = Self.hits(prefilter, text, from: 0, to: text.count)
        #expect(order == [Hit(start: 7, needle: 1), Hit(start: 2, needle: 0)])
    }

    @Test func anchorsOnTheRarestWindow() {
        func anchor(_ needle: String) -> String {
            let bytes = Array(needle.utf8)
            let offset = Prefilter.anchorOffset(bytes)
            return String(decoding: bytes[offset..<(offset + 4)], as: UTF8.self)
        }
        // Lower-case runs are the commonest four bytes of a log: prefer a word edge or punctuation.
        #expect(anchor("request canceled").contains(" "))
        #expect(anchor("(download)").contains("(") || anchor("(download)").contains(")"))
        #expect(anchor("Confirm the import path") != "path")
        #expect(anchor("abcd") == "abcd")
    }

    @Test func compilerPositionsNeedAColumn() {
        let prefilter = Prefilter(needles: [Array(".go:1".utf8)], conditions: [.lineAndColumn])
        func count(_ text: String) -> Int { Self.hits(prefilter, Array(text.utf8), from: 0, to: text.utf8.count).count }
        #expect(count("./main.go:12:5: undefined: foo") == 1)
        #expect(count("main.go:1:1: expected 'package'") == 1)
        #expect(count("    handler_test.go:123: cache ready after 12ms") == 0)
        #expect(count("main.go:12:") == 0)
        #expect(count("main.go:12:x:") == 0)
        #expect(count("main.go:1") == 0)
    }

    @Test func builtInKeywordsUseTheAnchoredScan() throws {
        let matcher = Matcher(library: try PatternLibrary.builtIn())
        #expect(matcher.prefilter.isAnchored && matcher.prefilter.stride == 2)
        let short = Prefilter(needles: [Array("EOF".utf8), Array("checksum mismatch".utf8)])
        #expect(!short.isAnchored)
    }
}
