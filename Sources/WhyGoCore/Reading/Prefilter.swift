#if canImport(Glibc)
import Glibc
#endif

/// Finds any of many literal needles in a byte buffer, so that most log lines never reach a regular
/// expression. Wu–Manber: a shift table over 2-byte blocks lets the scan skip several bytes at a
/// time; candidate windows are checked on their first byte, then verified with `memcmp`. Hits come
/// in order of their start offset. The tables live in one allocation read through raw pointers, so
/// the hot loop has no reference counting and no bounds or overflow checks.
public struct Prefilter: Sendable {
    /// The needles, in the order given; hits report an index into this array.
    public let needles: [[UInt8]]
    private let tables: Tables

    /// `needles` must each be at least 2 bytes long; empty needles are ignored.
    public init(needles: [[UInt8]]) {
        self.needles = needles
        tables = Tables(needles: needles)
    }

    /// The leftmost needle occurrence starting at or after `from` and ending at or before `to`.
    public func firstHit(in buffer: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> (start: Int, needle: Int)? {
        var first: (start: Int, needle: Int)?
        forEachHit(in: buffer, from: from, to: to) { start, needle in
            first = (start, needle)
            return false
        }
        return first
    }

    /// Calls `body` for every occurrence of every needle in `buffer[from..<to]`, in order of start
    /// offset, until it returns `false`.
    @inline(__always)
    public func forEachHit(in buffer: UnsafeBufferPointer<UInt8>, from: Int, to: Int, _ body: (Int, Int) -> Bool) {
        let t = tables
        let m = t.minimumLength
        guard let base = buffer.baseAddress, to - from >= m, t.usable else { return }
        let shifts = t.shifts, starts = t.bucketStarts, flat = t.bucketNeedles
        let bytes = t.needleBytes, offsets = t.needleOffsets, lengths = t.needleLengths
        let firsts = t.firstBytes, alone = t.standalone
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
                   alone[index] == 0 || Prefilter.standsAlone(buffer, windowStart, count) {
                    if !body(windowStart, index) { return }
                }
            }
            position &+= 1
        }
    }

    /// The prefilter's tables in one allocation, freed with the last copy of the prefilter.
    private final class Tables: @unchecked Sendable {
        let minimumLength: Int
        let usable: Bool
        let shifts: UnsafeMutablePointer<UInt8>
        let bucketStarts: UnsafeMutablePointer<Int32>
        let bucketNeedles: UnsafeMutablePointer<Int32>
        let needleBytes: UnsafeMutablePointer<UInt8>
        let needleOffsets: UnsafeMutablePointer<Int32>
        let needleLengths: UnsafeMutablePointer<Int32>
        let firstBytes: UnsafeMutablePointer<UInt8>
        /// 1 for needles made only of digits (HTTP statuses like `404`): they count only where
        /// they stand alone, not inside a longer number, a hex digest or a word.
        let standalone: UnsafeMutablePointer<UInt8>

        init(needles: [[UInt8]]) {
            let usableNeedles = needles.enumerated().filter { $0.element.count >= 2 }
            usable = !usableNeedles.isEmpty
            let m = min(255, usableNeedles.map(\.element.count).min() ?? 2)
            minimumLength = m
            var shiftTable = [UInt8](repeating: UInt8(m - 1), count: 65536)
            var buckets = [[Int32]](repeating: [], count: 65536)
            for (index, needle) in usableNeedles {
                for end in 2...m {
                    let block = Int(needle[end - 2]) << 8 | Int(needle[end - 1])
                    let shift = m - end
                    if shift < Int(shiftTable[block]) { shiftTable[block] = UInt8(shift) }
                    if shift == 0 { buckets[block].append(Int32(index)) }
                }
            }
            shifts = .allocate(capacity: 65536)
            shifts.initialize(from: shiftTable, count: 65536)
            bucketStarts = .allocate(capacity: 65537)
            let total = buckets.reduce(0) { $0 + $1.count }
            bucketNeedles = .allocate(capacity: max(1, total))
            var filled = 0
            for (block, bucket) in buckets.enumerated() {
                bucketStarts[block] = Int32(filled)
                for index in bucket { bucketNeedles[filled] = index; filled += 1 }
            }
            bucketStarts[65536] = Int32(filled)
            let byteCount = needles.reduce(0) { $0 + $1.count }
            needleBytes = .allocate(capacity: max(1, byteCount))
            needleOffsets = .allocate(capacity: max(1, needles.count))
            needleLengths = .allocate(capacity: max(1, needles.count))
            firstBytes = .allocate(capacity: max(1, needles.count))
            standalone = .allocate(capacity: max(1, needles.count))
            var offset = 0
            for (index, needle) in needles.enumerated() {
                needleOffsets[index] = Int32(offset)
                needleLengths[index] = Int32(needle.count)
                firstBytes[index] = needle.first ?? 0
                standalone[index] = !needle.isEmpty && needle.allSatisfy { $0 >= 48 && $0 <= 57 } ? 1 : 0
                (needleBytes + offset).initialize(from: needle, count: needle.count)
                offset += needle.count
            }
        }

        deinit {
            shifts.deallocate()
            bucketStarts.deallocate()
            bucketNeedles.deallocate()
            needleBytes.deallocate()
            needleOffsets.deallocate()
            needleLengths.deallocate()
            firstBytes.deallocate()
            standalone.deallocate()
        }
    }
}

extension Prefilter {
    @inline(__always)
    static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte | 0x20 >= 97 && byte | 0x20 <= 122) || byte == 95
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
