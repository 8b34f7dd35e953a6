/// A set of bytes (256-bit bitmap).
struct ByteSet: Sendable, Hashable {
    var w0: UInt64 = 0
    var w1: UInt64 = 0
    var w2: UInt64 = 0
    var w3: UInt64 = 0

    init() {}

    init(_ bytes: some Sequence<UInt8>) {
        for b in bytes { insert(b) }
    }

    static func range(_ lo: UInt8, _ hi: UInt8) -> ByteSet {
        var s = ByteSet()
        s.insertRange(lo, hi)
        return s
    }

    var words: [UInt64] { [w0, w1, w2, w3] }

    @inline(__always)
    func contains(_ b: UInt8) -> Bool {
        let bit = UInt64(1) &<< UInt64(b & 63)
        switch b >> 6 {
        case 0: return w0 & bit != 0
        case 1: return w1 & bit != 0
        case 2: return w2 & bit != 0
        default: return w3 & bit != 0
        }
    }

    mutating func insert(_ b: UInt8) {
        let bit = UInt64(1) &<< UInt64(b & 63)
        switch b >> 6 {
        case 0: w0 |= bit
        case 1: w1 |= bit
        case 2: w2 |= bit
        default: w3 |= bit
        }
    }

    mutating func insertRange(_ lo: UInt8, _ hi: UInt8) {
        guard lo <= hi else { return }
        for b in lo...hi { insert(b) }
    }

    mutating func formUnion(_ o: ByteSet) {
        w0 |= o.w0; w1 |= o.w1; w2 |= o.w2; w3 |= o.w3
    }

    func inverted() -> ByteSet {
        var s = ByteSet()
        s.w0 = ~w0; s.w1 = ~w1; s.w2 = ~w2; s.w3 = ~w3
        return s
    }

    var count: Int { w0.nonzeroBitCount + w1.nonzeroBitCount + w2.nonzeroBitCount + w3.nonzeroBitCount }
    var isEmpty: Bool { (w0 | w1 | w2 | w3) == 0 }

    /// The only member, if the set has exactly one.
    var single: UInt8? {
        guard count == 1 else { return nil }
        for b in 0...255 where contains(UInt8(b)) { return UInt8(b) }
        return nil
    }

    /// Adds the other ASCII case of every ASCII letter in the set.
    func caseFolded() -> ByteSet {
        var s = self
        for b in UInt8(ascii: "A")...UInt8(ascii: "Z") {
            if contains(b) || contains(b | 0x20) {
                s.insert(b); s.insert(b | 0x20)
            }
        }
        return s
    }

    static let digit = ByteSet.range(0x30, 0x39)
    static let word: ByteSet = {
        var s = ByteSet.range(0x30, 0x39)
        s.insertRange(0x41, 0x5A)
        s.insertRange(0x61, 0x7A)
        s.insert(0x5F)
        return s
    }()
    /// space, \t, \n, \v, \f, \r
    static let space: ByteSet = {
        var s = ByteSet.range(0x09, 0x0D)
        s.insert(0x20)
        return s
    }()
    /// `.`: any byte except `\n`.
    static let dot: ByteSet = ByteSet([0x0A]).inverted()
}
