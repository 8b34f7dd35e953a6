#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Sparse set of program counters with per-thread capture slots.
struct ThreadList {
    var dense: UnsafeMutablePointer<Int>
    var sparse: UnsafeMutablePointer<Int>
    var caps: UnsafeMutablePointer<Int>
    var count = 0

    @inline(__always)
    func contains(_ pc: Int) -> Bool {
        let s = sparse[pc]
        return s < count && dense[s] == pc
    }

    @inline(__always)
    mutating func insert(_ pc: Int) {
        dense[count] = pc
        sparse[pc] = count
        count += 1
    }
}

/// One search: a Pike VM over raw pointers; no allocation after setup.
struct PikeVM {
    let insts: UnsafePointer<Inst>
    let setWords: UnsafePointer<UInt64>
    let hay: UnsafePointer<UInt8>
    let n: Int
    /// Capture slots tracked in this run (0 when only "is there a match" matters).
    let nslots: Int
    /// Frames of two Ints: (pc, _) to explore, or (~slot, oldValue) to restore.
    let stack: UnsafeMutablePointer<Int>
    let scratch: UnsafeMutablePointer<Int>

    @inline(__always)
    func isWord(_ i: Int) -> Bool {
        guard i >= 0 && i < n else { return false }
        let c = hay[i]
        return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
    }

    @inline(__always)
    func check(_ kind: Int32, _ pos: Int) -> Bool {
        switch kind {
        case Assertion.start.rawValue: return pos == 0
        case Assertion.end.rawValue: return pos == n
        case Assertion.wordBoundary.rawValue: return isWord(pos - 1) != isWord(pos)
        default: return isWord(pos - 1) == isWord(pos)
        }
    }

    /// Follows the epsilon closure from `pc0` at `pos` with the captures in `scratch`,
    /// adding threads to `list` in priority order. `scratch` is unchanged on return.
    @inline(__always)
    func addThread(_ list: inout ThreadList, _ pc0: Int, _ pos: Int) {
        var sp = 0
        stack[0] = pc0
        sp = 1
        while sp > 0 {
            sp -= 1
            let a = stack[2 &* sp]
            if a < 0 {
                scratch[~a] = stack[2 &* sp &+ 1]
                continue
            }
            var pc = a
            explore: while true {
                if list.contains(pc) { break explore }
                list.insert(pc)
                let inst = insts[pc]
                switch inst.op {
                case .jump:
                    pc = Int(inst.a)
                case .split:
                    stack[2 &* sp] = Int(inst.b)
                    sp &+= 1
                    pc = Int(inst.a)
                case .save:
                    let s = Int(inst.a)
                    if s < nslots {
                        stack[2 &* sp] = ~s
                        stack[2 &* sp &+ 1] = scratch[s]
                        sp &+= 1
                        scratch[s] = pos
                    }
                    pc &+= 1
                case .assert:
                    if !check(inst.a, pos) { break explore }
                    pc &+= 1
                case .byte, .set, .match:
                    let dst = list.caps + pc &* nslots
                    for k in 0..<nslots { dst[k] = scratch[k] }
                    break explore
                }
            }
        }
    }
}

extension Needle {
    /// First offset >= `from` where the needle occurs in `hay[0..<n]`: memchr for its rarest
    /// byte, then memcmp (Glibc's memmem is not exported to Swift). Linear in n for a fixed needle.
    @inline(__always)
    func find(in hay: UnsafePointer<UInt8>, _ n: Int, from: Int) -> Int? {
        let k = count
        let r = rare
        let rb = Int32(bytes[r])
        let last = n - k + r  // the rare byte can sit at most here
        var i = from + r
        while i <= last {
            guard let hit = memchr(hay + i, rb, last + 1 - i) else { return nil }
            let p = UnsafeRawPointer(hit) - UnsafeRawPointer(hay)
            let start = p - r
            if k == 1 || memcmp(hay + start, bytes, k) == 0 { return start }
            i = p + 1
        }
        return nil
    }
}

extension Program {
    /// Next position >= `from` where a match could start, or nil.
    @inline(__always)
    func nextCandidate(_ hay: UnsafePointer<UInt8>, _ n: Int, from: Int) -> Int? {
        if let prefix {
            return prefix.find(in: hay, n, from: from)
        }
        if let t = firstByteTable {
            var i = from
            while i < n {
                if t[Int(hay[i])] != 0 { return i }
                i &+= 1
            }
            return nil
        }
        return from
    }

    /// Runs the Pike VM over `bytes`. With `wantSlots`, fills `slotsOut` (slotCount entries)
    /// with the leftmost-first match's capture positions (-1 when unset).
    func execute(_ bytes: UnsafeBufferPointer<UInt8>, wantSlots: Bool, slotsOut: UnsafeMutablePointer<Int>?) -> Bool {
        guard let hay = bytes.baseAddress, bytes.count > 0 else {
            // Empty input: use a 1-byte dummy so pointers are never nil.
            var dummy: UInt8 = 0
            return withUnsafePointer(to: &dummy) {
                run($0, 0, start: 0, wantSlots: wantSlots, slotsOut: slotsOut)
            }
        }
        let n = bytes.count
        if let required, required.find(in: hay, n, from: 0) == nil { return false }
        var start = 0
        if anchoredStart {
            if let prefix {
                if n < prefix.count || memcmp(hay, prefix.bytes, prefix.count) != 0 { return false }
            }
        } else if prefix != nil || firstByteTable != nil {
            guard let c = nextCandidate(hay, n, from: 0) else { return false }
            start = c
        }
        return run(hay, n, start: start, wantSlots: wantSlots, slotsOut: slotsOut)
    }

    private func run(_ hay: UnsafePointer<UInt8>, _ n: Int, start: Int, wantSlots: Bool,
                     slotsOut: UnsafeMutablePointer<Int>?) -> Bool {
        let m = instCount
        let nslots = wantSlots ? slotCount : 0
        // One allocation: 2 lists × (dense m + sparse m + caps m*nslots) + stack 2(m+1) + scratch + match.
        let listSize = 2 * m + m * nslots
        let total = 2 * listSize + 2 * (m + 1) + 2 * nslots
        let mem = UnsafeMutablePointer<Int>.allocate(capacity: total)
        defer { mem.deallocate() }
        // Sparse entries must be in range; zero them (dense/caps never read before written).
        (mem + m).initialize(repeating: 0, count: m)
        (mem + listSize + m).initialize(repeating: 0, count: m)
        var clist = ThreadList(dense: mem, sparse: mem + m, caps: mem + 2 * m)
        var nlist = ThreadList(dense: mem + listSize, sparse: mem + listSize + m, caps: mem + listSize + 2 * m)
        let stack = mem + 2 * listSize
        let scratch = stack + 2 * (m + 1)
        let matchSlots = scratch + nslots
        let canSkip = !anchoredStart && (prefix != nil || firstByteTable != nil)
        let anchored = anchoredStart
        let ib = insts
        let sw = setWords
        let vm = PikeVM(insts: ib, setWords: sw, hay: hay, n: n, nslots: nslots,
                        stack: stack, scratch: scratch)
        var matched = false
        var pos = start
        while true {
            if !matched && (!anchored || pos == 0) {
                if clist.count == 0 && canSkip {
                    guard let c = nextCandidate(hay, n, from: pos) else { break }
                    pos = c
                }
                for k in 0..<nslots { scratch[k] = -1 }
                vm.addThread(&clist, 0, pos)
            }
            if clist.count == 0 { break }
            let byte: Int = pos < n ? Int(hay[pos]) : -1
            nlist.count = 0
            var i = 0
            while i < clist.count {
                let pc = clist.dense[i]
                i &+= 1
                let inst = ib[pc]
                switch inst.op {
                case .byte:
                    if byte == Int(inst.a) {
                        let src = clist.caps + pc &* nslots
                        for k in 0..<nslots { scratch[k] = src[k] }
                        vm.addThread(&nlist, pc &+ 1, pos &+ 1)
                    }
                case .set:
                    if byte >= 0 {
                        let w = sw[Int(inst.a) &* 4 &+ (byte &>> 6)]
                        if (w &>> UInt64(byte & 63)) & 1 != 0 {
                            let src = clist.caps + pc &* nslots
                            for k in 0..<nslots { scratch[k] = src[k] }
                            vm.addThread(&nlist, pc &+ 1, pos &+ 1)
                        }
                    }
                case .match:
                    if nslots == 0 { return true }
                    let src = clist.caps + pc &* nslots
                    for k in 0..<nslots { matchSlots[k] = src[k] }
                    matched = true
                    // Lower-priority threads are cut off.
                    i = clist.count
                default:
                    break
                }
            }
            swap(&clist, &nlist)
            if pos >= n { break }
            pos &+= 1
        }
        if matched, let out = slotsOut {
            for k in 0..<nslots { out[k] = matchSlots[k] }
        }
        return matched
    }
}
