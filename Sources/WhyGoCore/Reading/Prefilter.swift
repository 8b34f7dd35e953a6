#if canImport(Glibc)
import Glibc
#endif

/// Finds any of many literal needles in a byte buffer, so that most log lines never reach a regular
/// expression. Wu–Manber: a shift table over 2-byte blocks lets the scan skip several bytes at a
/// time; candidate windows are verified with `memcmp`. Hits come in order of their start offset.
public struct Prefilter: Sendable {
    /// The needles, in the order given; hits report an index into this array.
    public let needles: [[UInt8]]
    private let minimumLength: Int
    /// Shift for each 2-byte block (`first << 8 | second`).
    private let shifts: [UInt8]
    /// For blocks that end a needle prefix: which needles to verify (CSR layout).
    private let bucketStarts: [Int32]
    private let bucketNeedles: [Int32]

    /// `needles` must each be at least 2 bytes long; empty needles are ignored.
    public init(needles: [[UInt8]]) {
        self.needles = needles
        let usable = needles.enumerated().filter { $0.element.count >= 2 }
        let m = min(255, usable.map(\.element.count).min() ?? 2)
        minimumLength = m
        var shifts = [UInt8](repeating: UInt8(m - 1), count: 65536)
        var buckets = [[Int32]](repeating: [], count: 65536)
        for (index, needle) in usable {
            for end in 2...m {
                let block = Int(needle[end - 2]) << 8 | Int(needle[end - 1])
                let shift = m - end
                if shift < Int(shifts[block]) { shifts[block] = UInt8(shift) }
                if shift == 0 { buckets[block].append(Int32(index)) }
            }
        }
        var starts: [Int32] = [0]
        var flat: [Int32] = []
        starts.reserveCapacity(65537)
        for bucket in buckets {
            flat.append(contentsOf: bucket)
            starts.append(Int32(flat.count))
        }
        self.shifts = shifts
        bucketStarts = starts
        bucketNeedles = flat
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
    public func forEachHit(in buffer: UnsafeBufferPointer<UInt8>, from: Int, to: Int, _ body: (Int, Int) -> Bool) {
        let m = minimumLength
        guard let base = buffer.baseAddress, to - from >= m, !needles.isEmpty else { return }
        shifts.withUnsafeBufferPointer { shiftTable in
            bucketStarts.withUnsafeBufferPointer { starts in
                bucketNeedles.withUnsafeBufferPointer { flat in
                    var position = from + m - 1
                    while position < to {
                        let block = Int(base[position - 1]) << 8 | Int(base[position])
                        let shift = Int(shiftTable[block])
                        if shift != 0 {
                            position += shift
                            continue
                        }
                        let windowStart = position - m + 1
                        for slot in Int(starts[block])..<Int(starts[block + 1]) {
                            let index = Int(flat[slot])
                            let count = needles[index].count
                            if windowStart + count <= to,
                               needles[index].withUnsafeBufferPointer({ memcmp(base + windowStart, $0.baseAddress!, count) }) == 0 {
                                if !body(windowStart, index) { return }
                            }
                        }
                        position += 1
                    }
                }
            }
        }
    }
}

/// Counting line breaks fast: 32 bytes at a time.
public enum LineCounter {
    /// Number of `\n` bytes in `buffer[from..<to]`.
    public static func count(_ buffer: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
        guard let base = buffer.baseAddress, from < to else { return 0 }
        var total = 0
        var index = from
        let newline = SIMD32<UInt8>(repeating: 10)
        while to - index >= 32 {
            var accumulator = SIMD32<UInt8>(repeating: 0)
            var rounds = 0
            while rounds < 255 && to - index >= 32 {
                let chunk = UnsafeRawPointer(base + index).loadUnaligned(as: SIMD32<UInt8>.self)
                accumulator &+= SIMD32<UInt8>(repeating: 1) & unsafeBitCast(chunk .== newline, to: SIMD32<UInt8>.self)
                index += 32
                rounds += 1
            }
            for lane in 0..<32 { total += Int(accumulator[lane]) }
        }
        while index < to {
            if base[index] == 10 { total += 1 }
            index += 1
        }
        return total
    }
}
