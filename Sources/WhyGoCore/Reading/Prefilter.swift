#if canImport(Glibc)
import Glibc
#endif

/// Finds any of many literal needles in a byte buffer, so that most log lines never reach a regular
/// expression.
///
/// Each needle is anchored on its rarest few bytes (`ByteRarity`, with a bonus for windows that
/// cross a word edge: `t ca` in `request canceled` is far rarer than `ques`). The scan hashes the
/// four bytes at a position and tests one bit of a 64 Kib Bloom filter that fits in L1 cache;
/// the rare positions that pass are looked up in a small hash table of anchors, and each needle on
/// that anchor is verified with `memcmp`. Every position is independent of the last, so the loop
/// pipelines (no skip table whose loads chain).
///
/// When every needle has 5 bytes or more, anchors are 5 bytes long and both of their 4-byte grams
/// go into the filter, so the scan looks at every other position only (`stride` 2): one of the
/// two grams of any occurrence lies on a visited position. When a needle is shorter than four
/// bytes (a user pattern's keyword) the whole prefilter falls back to Wu–Manber over 2-byte blocks.
///
/// The tables are raw allocations read through pointers, so the hot loops have no reference
/// counting and no bounds or overflow checks.
public struct Prefilter: Sendable {
    /// What must surround a needle for an occurrence to count.
    public enum Condition: UInt8, Sendable {
        /// Any occurrence counts.
        case anywhere
        /// No letter, digit or `_` right before or after it. Needles made only of digits (HTTP
        /// statuses like `404`) get it by default: a longer number or a hex digest does not count.
        case standsAlone
        /// Followed by `[0-9]*:[0-9]+:`: a `file.go:LINE:COL:` compiler position (the needle ends
        /// with the line's first digit), not a test's `t.Log` line `file_test.go:LINE: …`.
        case lineAndColumn
    }

    /// The needles, in the order given; hits report an index into this array.
    public let needles: [[UInt8]]
    private let tables: Tables

    /// `needles` must each be at least 2 bytes long; empty needles are ignored. `conditions` gives
    /// a needle's condition by index; needles past its end get the default (see `Condition`).
    public init(needles: [[UInt8]], conditions: [Condition] = []) {
        self.needles = needles
        let all = needles.indices.map { index in
            index < conditions.count ? conditions[index] : Prefilter.defaultCondition(needles[index])
        }
        tables = Tables(needles: needles, conditions: all)
    }

    /// `.standsAlone` for needles made only of digits, `.anywhere` for all others.
    public static func defaultCondition(_ needle: [UInt8]) -> Condition {
        !needle.isEmpty && needle.allSatisfy { $0 >= 48 && $0 <= 57 } ? .standsAlone : .anywhere
    }

    /// Whether the scan anchors needles on four bytes (false: Wu–Manber, for needles under 4 bytes).
    public var isAnchored: Bool { tables.anchored }
    /// 2 when the anchored scan looks at every other position only (every needle ≥ 5 bytes), else 1.
    public var stride: Int { tables.stride }

    /// The leftmost needle occurrence starting at or after `from` and ending at or before `to`.
    public func firstHit(in buffer: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> (start: Int, needle: Int)? {
        var first: (start: Int, needle: Int, anchor: Int)?
        scan(buffer, from: from, to: to, anchorsFrom: from, anchorsTo: to) { start, needle, anchor in
            first = (start, needle, anchor)
            return false
        }
        guard var best = first else { return nil }
        // A needle anchored further into itself may start before this one: its anchor lies at
        // most `maximumAnchorOffset` bytes after this anchor.
        let reach = tables.maximumAnchorOffset
        if reach > 0 {
            scan(buffer, from: from, to: to, anchorsFrom: best.anchor + 1, anchorsTo: min(to, best.anchor + reach + tables.stride)) { start, needle, anchor in
                if start < best.start { best = (start, needle, anchor) }
                return true
            }
        }
        return (best.start, best.needle)
    }

    /// Calls `body` for every occurrence of every needle in `buffer[from..<to]` until it returns
    /// `false`. Hits come in order of their anchor, so a hit may start a few bytes before one
    /// reported earlier; take the minimum where order matters (or use `firstHit`).
    @inline(__always)
    public func forEachHit(in buffer: UnsafeBufferPointer<UInt8>, from: Int, to: Int, _ body: (Int, Int) -> Bool) {
        scan(buffer, from: from, to: to, anchorsFrom: from, anchorsTo: to) { start, needle, _ in body(start, needle) }
    }

    /// Reports needles lying within `buffer[from..<to]` whose anchor starts in
    /// `anchorsFrom..<anchorsTo`, as (start, needle, anchor position).
    @inline(__always)
    private func scan(_ buffer: UnsafeBufferPointer<UInt8>, from: Int, to: Int, anchorsFrom: Int, anchorsTo: Int, _ body: (Int, Int, Int) -> Bool) {
        let t = tables
        guard let base = buffer.baseAddress, t.usable, to <= buffer.count, from >= 0 else { return }
        if !t.anchored {
            wuManber(base, buffer, from: max(from, anchorsFrom), to: to) { start, needle in body(start, needle, start) }
            return
        }
        let bloom = t.bloom, slotKeys = t.slotKeys, slotStarts = t.slotStarts, slotEnds = t.slotEnds
        let flat = t.anchorNeedles, mask = t.slotMask, stride = t.stride
        let bytes = t.needleBytes, offsets = t.needleOffsets, lengths = t.needleLengths
        let anchorOffsets = t.anchorOffsets, conditions = t.conditions
        let raw = UnsafeRawPointer(base)
        var position = anchorsFrom
        let last = min(anchorsTo, to &- 3)
        while true {
            position = stride == 2
                ? Prefilter.nextCandidate(raw, bloom, from: position, to: last, stride: 2)
                : Prefilter.nextCandidate(raw, bloom, from: position, to: last, stride: 1)
            guard position < last else { return }
            let key = raw.loadUnaligned(fromByteOffset: position, as: UInt32.self)
            let hash = Prefilter.anchorHash(key)
            var slot = hash & mask
            while slotEnds[slot] != 0, slotKeys[slot] != key { slot = (slot &+ 1) & mask }
            var entry = Int(slotStarts[slot])
            let entryEnd = Int(slotEnds[slot])
            while entry < entryEnd {
                // A needle and which gram of its anchor this is.
                let index = Int(flat[entry] &>> 1)
                let anchor = position &- Int(flat[entry] & 1)
                entry &+= 1
                let start = anchor &- Int(anchorOffsets[index])
                let count = Int(lengths[index])
                if start >= from, start &+ count <= to,
                   memcmp(base + start, bytes + Int(offsets[index]), count) == 0,
                   conditions[index] == 0 || Prefilter.holds(conditions[index], buffer, start, count, to) {
                    if !body(start, index, anchor) { return }
                }
            }
            position &+= stride
        }
    }

    /// Wu–Manber over 2-byte blocks (needles shorter than four bytes): a shift table lets the scan
    /// skip several bytes at a time; candidate windows are checked on their first byte, then
    /// verified with `memcmp`. Hits come in order of their start.
    @inline(__always)
    private func wuManber(_ base: UnsafePointer<UInt8>, _ buffer: UnsafeBufferPointer<UInt8>, from: Int, to: Int, _ body: (Int, Int) -> Bool) {
        let t = tables
        let m = t.minimumLength
        guard to - from >= m else { return }
        let shifts = t.shifts, starts = t.bucketStarts, flat = t.bucketNeedles
        let bytes = t.needleBytes, offsets = t.needleOffsets, lengths = t.needleLengths
        let firsts = t.firstBytes, conditions = t.conditions
        var position = from &+ m &- 1
        while position < to {
            let block = Int(base[position &- 1]) &<< 8 | Int(base[position])
            let shift = Int(shifts[block])
            if shift != 0 {
                position &+= shift
                continue
            }
            let windowStart = position &- m &+ 1
            let first = base[windowStart]
            var slot = Int(starts[block])
            let slotEnd = Int(starts[block &+ 1])
            while slot < slotEnd {
                let index = Int(flat[slot])
                slot &+= 1
                let count = Int(lengths[index])
                if firsts[index] == first, windowStart &+ count <= to,
                   memcmp(base + windowStart, bytes + Int(offsets[index]), count) == 0,
                   conditions[index] == 0 || Prefilter.holds(conditions[index], buffer, windowStart, count, to) {
                    if !body(windowStart, index) { return }
                }
            }
            position &+= 1
        }
    }

    /// The offset of the `length` bytes of `needle` (at least that long) to anchor it on: the
    /// rarest window by `ByteRarity`, with a bonus for each change between letters, upper case,
    /// digits and other bytes inside it.
    static func anchorOffset(_ needle: [UInt8], length: Int = 4) -> Int {
        func kind(_ byte: UInt8) -> Int {
            switch byte {
            case 97...122: return 0
            case 65...90: return 1
            case 48...57: return 2
            default: return 3 + Int(byte)
            }
        }
        var best = (score: -1, offset: 0)
        for offset in 0...(needle.count - length) {
            var score = 0
            for index in offset..<(offset + length) {
                score += Int(ByteRarity.table[Int(needle[index])])
                if index > offset, kind(needle[index]) != kind(needle[index - 1]) { score += 30 }
            }
            if score > best.score { best = (score, offset) }
        }
        return best.offset
    }

    @inline(__always)
    static func anchorHash(_ key: UInt32) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B1) &>> 16)
    }

    /// The first position in `from, from + stride, …` below `to` whose four bytes hash to a set
    /// Bloom bit, or a position at or past `to`. The hot loop of the whole scan: kept apart so its
    /// few values stay in registers, and unrolled four positions a step with one branch.
    @inline(__always)
    static func nextCandidate(_ raw: UnsafeRawPointer, _ bloom: UnsafePointer<UInt64>, from: Int, to: Int, stride: Int) -> Int {
        @inline(__always) func bit(_ position: Int) -> UInt64 {
            let hash = anchorHash(raw.loadUnaligned(fromByteOffset: position, as: UInt32.self))
            return bloom[hash &>> 6] & (1 &<< UInt64(truncatingIfNeeded: hash & 63))
        }
        var position = from
        while to &- position > 3 &* stride {
            if bit(position) | bit(position &+ stride) | bit(position &+ 2 &* stride) | bit(position &+ 3 &* stride) != 0 { break }
            position &+= 4 &* stride
        }
        while position < to {
            if bit(position) != 0 { return position }
            position &+= stride
        }
        return position
    }

    /// The prefilter's tables, freed with the last copy of the prefilter.
    private final class Tables: @unchecked Sendable {
        let usable: Bool
        let anchored: Bool
        /// 2 when every needle has 5 bytes or more (anchors of 5 bytes, two grams each), else 1.
        let stride: Int
        let maximumAnchorOffset: Int
        // Needles, for verifying.
        let needleBytes: UnsafeMutablePointer<UInt8>
        let needleOffsets: UnsafeMutablePointer<Int32>
        let needleLengths: UnsafeMutablePointer<Int32>
        let firstBytes: UnsafeMutablePointer<UInt8>
        /// Each needle's `Condition` raw value (0: anywhere).
        let conditions: UnsafeMutablePointer<UInt8>
        // Anchored scan.
        let anchorOffsets: UnsafeMutablePointer<Int32>
        /// 65,536 bits, one set for the hash of each anchor.
        let bloom: UnsafeMutablePointer<UInt64>
        /// Open addressing, linear probing: gram → `anchorNeedles[start..<end]` (end 0: empty),
        /// each entry a needle index times 2 plus which gram of its anchor it is (0 or 1).
        let slotKeys: UnsafeMutablePointer<UInt32>
        let slotStarts: UnsafeMutablePointer<Int32>
        let slotEnds: UnsafeMutablePointer<Int32>
        let slotMask: Int
        let anchorNeedles: UnsafeMutablePointer<Int32>
        // Wu–Manber fallback.
        let minimumLength: Int
        let shifts: UnsafeMutablePointer<UInt8>
        let bucketStarts: UnsafeMutablePointer<Int32>
        let bucketNeedles: UnsafeMutablePointer<Int32>

        init(needles: [[UInt8]], conditions needleConditions: [Condition]) {
            let usableNeedles = needles.enumerated().filter { $0.element.count >= 2 }
            usable = !usableNeedles.isEmpty
            let shortest = usableNeedles.map(\.element.count).min() ?? 2
            anchored = shortest >= 4
            stride = shortest >= 5 ? 2 : 1
            let anchorLength = 3 + stride

            let byteCount = needles.reduce(0) { $0 + $1.count }
            needleBytes = .allocate(capacity: max(1, byteCount))
            needleOffsets = .allocate(capacity: max(1, needles.count))
            needleLengths = .allocate(capacity: max(1, needles.count))
            firstBytes = .allocate(capacity: max(1, needles.count))
            conditions = .allocate(capacity: max(1, needles.count))
            let anchorAt = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, needles.count))
            anchorOffsets = anchorAt
            var offset = 0
            for (index, needle) in needles.enumerated() {
                needleOffsets[index] = Int32(offset)
                needleLengths[index] = Int32(needle.count)
                firstBytes[index] = needle.first ?? 0
                conditions[index] = needleConditions[index].rawValue
                anchorAt[index] = needle.count >= anchorLength ? Int32(Prefilter.anchorOffset(needle, length: anchorLength)) : 0
                (needleBytes + offset).initialize(from: needle, count: needle.count)
                offset += needle.count
            }

            // Anchors: Bloom bits and the hash table.
            var groups: [UInt32: [Int32]] = [:]
            var order: [UInt32] = []
            if anchored {
                for (index, needle) in usableNeedles {
                    for gram in 0..<stride {
                        let at = Int(anchorAt[index]) + gram
                        let key = UInt32(needle[at]) | UInt32(needle[at + 1]) << 8 | UInt32(needle[at + 2]) << 16 | UInt32(needle[at + 3]) << 24
                        if groups[key] == nil { order.append(key) }
                        groups[key, default: []].append(Int32(index * 2 + gram))
                    }
                }
            }
            maximumAnchorOffset = anchored ? usableNeedles.map { Int(anchorAt[$0.offset]) }.max() ?? 0 : 0
            bloom = .allocate(capacity: 1024)
            bloom.initialize(repeating: 0, count: 1024)
            var capacity = 64
            while capacity < order.count * 4 { capacity *= 2 }
            slotMask = capacity - 1
            slotKeys = .allocate(capacity: capacity)
            slotKeys.initialize(repeating: 0, count: capacity)
            slotStarts = .allocate(capacity: capacity)
            slotStarts.initialize(repeating: 0, count: capacity)
            slotEnds = .allocate(capacity: capacity)
            slotEnds.initialize(repeating: 0, count: capacity)
            anchorNeedles = .allocate(capacity: max(1, usableNeedles.count * stride))
            var filled = 0
            for key in order {
                let hash = Prefilter.anchorHash(key)
                bloom[hash >> 6] |= 1 << UInt64(hash & 63)
                var slot = hash & (capacity - 1)
                while slotEnds[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
                slotKeys[slot] = key
                slotStarts[slot] = Int32(filled)
                for index in groups[key] ?? [] { anchorNeedles[filled] = index; filled += 1 }
                slotEnds[slot] = Int32(filled)
            }

            // Wu–Manber tables: only when not anchored (empty otherwise; start-up stays cheap).
            let m = min(255, shortest)
            minimumLength = m
            let blocks = anchored ? 0 : 65536
            shifts = .allocate(capacity: max(1, blocks))
            shifts.initialize(repeating: UInt8(m - 1), count: max(1, blocks))
            bucketStarts = .allocate(capacity: blocks + 1)
            var buckets = [[Int32]](repeating: [], count: blocks)
            if !anchored {
                for (index, needle) in usableNeedles {
                    for end in 2...m {
                        let block = Int(needle[end - 2]) << 8 | Int(needle[end - 1])
                        let shift = m - end
                        if shift < Int(shifts[block]) { shifts[block] = UInt8(shift) }
                        if shift == 0 { buckets[block].append(Int32(index)) }
                    }
                }
            }
            bucketNeedles = .allocate(capacity: max(1, buckets.reduce(0) { $0 + $1.count }))
            var bucketFilled = 0
            for block in 0..<blocks {
                bucketStarts[block] = Int32(bucketFilled)
                for index in buckets[block] { bucketNeedles[bucketFilled] = index; bucketFilled += 1 }
            }
            bucketStarts[blocks] = Int32(bucketFilled)
        }

        deinit {
            needleBytes.deallocate()
            needleOffsets.deallocate()
            needleLengths.deallocate()
            firstBytes.deallocate()
            conditions.deallocate()
            anchorOffsets.deallocate()
            bloom.deallocate()
            slotKeys.deallocate()
            slotStarts.deallocate()
            slotEnds.deallocate()
            anchorNeedles.deallocate()
            shifts.deallocate()
            bucketStarts.deallocate()
            bucketNeedles.deallocate()
        }
    }
}
extension Prefilter {
    @inline(__always)
    static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte | 0x20 >= 97 && byte | 0x20 <= 122) || byte == 95
    }

    /// Whether `condition` (a raw `Condition`) holds for the occurrence `buffer[start..<start+count]`
    /// in a region ending at `end`.
    static func holds(_ condition: UInt8, _ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int, _ end: Int) -> Bool {
        switch Condition(rawValue: condition) {
        case .standsAlone: return standsAlone(buffer, start, count)
        case .lineAndColumn: return followedByLineAndColumn(buffer, start + count, end)
        case .anywhere, nil: return true
        }
    }

    /// `buffer[position..<end]` starts with `[0-9]*:[0-9]+:`.
    static func followedByLineAndColumn(_ buffer: UnsafeBufferPointer<UInt8>, _ position: Int, _ end: Int) -> Bool {
        var index = position
        while index < end, buffer[index] >= 48, buffer[index] <= 57 { index += 1 }
        guard index < end, buffer[index] == 58 else { return false }
        index += 1
        let column = index
        while index < end, buffer[index] >= 48, buffer[index] <= 57 { index += 1 }
        return index > column && index < end && buffer[index] == 58
    }

    /// No letter, digit or `_` right before or after `buffer[start..<start+count]`.
    @inline(__always)
    static func standsAlone(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Bool {
        if start > 0, isWordByte(buffer[start - 1]) { return false }
        if start + count < buffer.count, isWordByte(buffer[start + count]) { return false }
        return true
    }
}

/// Counting line breaks fast: eight bytes per step (SWAR), 32 per loop iteration. Swift's generic
/// `SIMD32` comparisons compile to slow per-lane code here; plain 64-bit arithmetic does not.
public enum LineCounter {
    @inline(__always)
    static func newlines(in word: UInt64) -> Int {
        let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let x = word ^ 0x0A0A_0A0A_0A0A_0A0A
        // High bit set in each byte of `x` that is zero, exactly (no borrow across bytes).
        let zeros = ~(((x & lows) &+ lows) | x | lows)
        return zeros.nonzeroBitCount
    }

    /// Number of `\n` bytes in `buffer[from..<to]`.
    public static func count(_ buffer: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
        guard let base = buffer.baseAddress, from < to else { return 0 }
        let raw = UnsafeRawPointer(base)
        var total = 0
        var index = from
        while to - index >= 32 {
            let a = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            let b = raw.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self)
            let c = raw.loadUnaligned(fromByteOffset: index + 16, as: UInt64.self)
            let d = raw.loadUnaligned(fromByteOffset: index + 24, as: UInt64.self)
            total &+= newlines(in: a) &+ newlines(in: b) &+ newlines(in: c) &+ newlines(in: d)
            index &+= 32
        }
        while to - index >= 8 {
            total &+= newlines(in: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            index &+= 8
        }
        while index < to {
            if base[index] == 10 { total &+= 1 }
            index &+= 1
        }
        return total
    }
}

