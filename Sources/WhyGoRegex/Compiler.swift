/// Instruction opcodes of the Thompson-NFA program.
enum Op: UInt8, Sendable {
    /// Consume byte `a`.
    case byte
    /// Consume any byte in set number `a`.
    case set
    /// Try `a` first, then `b` (priority order).
    case split
    /// Continue at `a`.
    case jump
    /// Record the current position in capture slot `a`.
    case save
    /// Continue only if assertion `a` holds here.
    case assert
    /// Accept.
    case match
}

/// One instruction (12 bytes, trivially copyable).
struct Inst: Sendable {
    var op: Op
    var a: Int32
    var b: Int32
}

/// A literal byte string to search for, owned by a `Program`.
struct Needle {
    let bytes: UnsafeMutablePointer<UInt8>
    let count: Int
    /// Index of the byte expected to be rarest in log text (searched with memchr).
    let rare: Int

    init(_ b: [UInt8]) {
        bytes = .allocate(capacity: max(b.count, 1))
        bytes.initialize(from: b, count: b.count)
        count = b.count
        var best = 0
        for (k, c) in b.enumerated() where Needle.rank(c) < Needle.rank(b[best]) { best = k }
        rare = best
    }

    /// Rough commonness of a byte in build logs (higher = more common).
    static func rank(_ c: UInt8) -> Int {
        switch c {
        case 0x20: return 255
        case UInt8(ascii: "e"), UInt8(ascii: "t"), UInt8(ascii: "a"), UInt8(ascii: "o"),
             UInt8(ascii: "i"), UInt8(ascii: "n"), UInt8(ascii: "s"), UInt8(ascii: "r"): return 210
        case UInt8(ascii: "/"), UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "-"): return 190
        case 0x30...0x39: return 180
        case UInt8(ascii: "h"), UInt8(ascii: "l"), UInt8(ascii: "d"), UInt8(ascii: "c"),
             UInt8(ascii: "u"), UInt8(ascii: "m"): return 170
        case UInt8(ascii: "f"), UInt8(ascii: "p"), UInt8(ascii: "g"), UInt8(ascii: "w"),
             UInt8(ascii: "y"), UInt8(ascii: "b"), UInt8(ascii: "v"): return 150
        case 0x61...0x7A: return 130  // k, x, j, q, z
        case UInt8(ascii: "_"), UInt8(ascii: "="), UInt8(ascii: "#"): return 120
        case 0x41...0x5A: return 100
        case 0x21...0x7E: return 60
        default: return 20
        }
    }
}

/// A compiled, immutable program plus the facts used to skip ahead in unanchored searches.
/// Its buffers are raw allocations, written only in `init` and freed in `deinit`.
final class Program: @unchecked Sendable {
    let instCount: Int
    let insts: UnsafeMutablePointer<Inst>
    /// Four 64-bit words per byte set.
    let setWords: UnsafeMutablePointer<UInt64>
    /// Number of capture slots: 2 for the whole match plus 2 per named group.
    let slotCount: Int
    let names: [String]
    /// The pattern can only match at offset 0.
    let anchoredStart: Bool
    /// Every match starts with these bytes.
    let prefix: Needle?
    /// Every match contains these bytes somewhere (checked once per search when it
    /// says more than `prefix`).
    let required: Needle?
    /// 256-entry table: 1 if a match can start with that byte; nil when any start is possible.
    let firstByteTable: UnsafeMutablePointer<UInt8>?

    init(insts: [Inst], setWords: [UInt64], slotCount: Int, names: [String],
         anchoredStart: Bool, prefix: [UInt8], required: [UInt8], firstBytes: ByteSet?) {
        instCount = insts.count
        self.insts = .allocate(capacity: max(insts.count, 1))
        self.insts.initialize(from: insts, count: insts.count)
        self.setWords = .allocate(capacity: max(setWords.count, 1))
        self.setWords.initialize(from: setWords, count: setWords.count)
        self.slotCount = slotCount
        self.names = names
        self.anchoredStart = anchoredStart
        self.prefix = prefix.isEmpty ? nil : Needle(prefix)
        self.required = required.count > prefix.count ? Needle(required) : nil
        if let f = firstBytes {
            let t = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
            for b in 0..<256 { t[b] = f.contains(UInt8(b)) ? 1 : 0 }
            firstByteTable = t
        } else {
            firstByteTable = nil
        }
    }

    deinit {
        insts.deallocate()
        setWords.deallocate()
        prefix?.bytes.deallocate()
        required?.bytes.deallocate()
        firstByteTable?.deallocate()
    }
}

/// Compiles a parsed pattern to a Thompson-NFA program (leftmost-first priorities).
struct Compiler {
    private var insts: [Inst] = []
    private var sets: [ByteSet] = []
    private var setIndex: [ByteSet: Int32] = [:]
    /// Offsets of the repetitions being expanded, outermost first (for size errors).
    private var repeatOffsets: [Int] = []

    static func compile(_ root: Node, names: [String]) throws(RegexError) -> Program {
        var c = Compiler()
        _ = try c.emit(Inst(op: .save, a: 0, b: 0))
        try c.compile(root)
        _ = try c.emit(Inst(op: .save, a: 1, b: 0))
        _ = try c.emit(Inst(op: .match, a: 0, b: 0))
        var words: [UInt64] = []
        words.reserveCapacity(c.sets.count * 4)
        for s in c.sets { words += s.words }

        let anchored = Analysis.anchoredStart(root)
        let (prefix, _) = Analysis.literalPrefix(root)
        let (first, nullable) = Analysis.firstBytes(root)
        var literals: [[UInt8]] = []
        Analysis.requiredLiterals(root, into: &literals)
        let required = literals.max { $0.count < $1.count } ?? []
        return Program(insts: c.insts, setWords: words, slotCount: 2 + 2 * names.count,
                       names: names, anchoredStart: anchored, prefix: prefix,
                       required: required,
                       firstBytes: !nullable && first.count < 256 ? first : nil)
    }

    @discardableResult
    private mutating func emit(_ inst: Inst) throws(RegexError) -> Int {
        if insts.count >= Limits.maxInstructions {
            throw RegexError(
                offset: repeatOffsets.first ?? 0,
                message: "pattern too large: the compiled program would exceed \(Limits.maxInstructions) instructions (counted repetitions like {n,m} are expanded; use smaller counts)")
        }
        insts.append(inst)
        return insts.count - 1
    }

    private mutating func setNumber(_ s: ByteSet) -> Int32 {
        if let n = setIndex[s] { return n }
        let n = Int32(sets.count)
        sets.append(s)
        setIndex[s] = n
        return n
    }

    private var here: Int32 { Int32(insts.count) }

    private mutating func compile(_ node: Node) throws(RegexError) {
        switch node {
        case .empty:
            break
        case .byte(let b):
            try emit(Inst(op: .byte, a: Int32(b), b: 0))
        case .set(let s):
            if let b = s.single {
                try emit(Inst(op: .byte, a: Int32(b), b: 0))
            } else {
                let n = setNumber(s)
                try emit(Inst(op: .set, a: n, b: 0))
            }
        case .concat(let items):
            for x in items { try compile(x) }
        case .alternate(let alts):
            var jumps: [Int] = []
            for (k, x) in alts.enumerated() {
                if k == alts.count - 1 {
                    try compile(x)
                } else {
                    let sp = try emit(Inst(op: .split, a: 0, b: 0))
                    insts[sp].a = here
                    try compile(x)
                    jumps.append(try emit(Inst(op: .jump, a: 0, b: 0)))
                    insts[sp].b = here
                }
            }
            for j in jumps { insts[j].a = here }
        case .capture(let x, let index):
            try emit(Inst(op: .save, a: Int32(2 + 2 * index), b: 0))
            try compile(x)
            try emit(Inst(op: .save, a: Int32(3 + 2 * index), b: 0))
        case .assertion(let a):
            try emit(Inst(op: .assert, a: a.rawValue, b: 0))
        case .repetition(let x, let min, let max, let greedy, let offset):
            repeatOffsets.append(offset)
            defer { repeatOffsets.removeLast() }
            try compileRepetition(x, min: min, max: max, greedy: greedy)
        }
    }

    /// A split preferring `first` when greedy.
    private func split(_ body: Int32, _ skip: Int32, greedy: Bool) -> Inst {
        greedy ? Inst(op: .split, a: body, b: skip) : Inst(op: .split, a: skip, b: body)
    }

    private mutating func compileRepetition(_ x: Node, min: Int, max: Int?, greedy: Bool) throws(RegexError) {
        if let max {
            for _ in 0..<min { try compile(x) }
            // (max - min) nested optionals: (x(x(x)?)?)? — skipping one skips the rest.
            var splits: [Int] = []
            for _ in 0..<(max - min) {
                splits.append(try emit(Inst(op: .split, a: 0, b: 0)))
                try compile(x)
            }
            let end = here
            for sp in splits { insts[sp] = split(Int32(sp + 1), end, greedy: greedy) }
            return
        }
        if min == 0 {
            // L: split body, end; body; jump L; end:
            let l = try emit(Inst(op: .split, a: 0, b: 0))
            try compile(x)
            try emit(Inst(op: .jump, a: Int32(l), b: 0))
            insts[l] = split(Int32(l + 1), here, greedy: greedy)
            return
        }
        // x{min-1} then x+ as: L: body; split L, end
        for _ in 0..<(min - 1) { try compile(x) }
        let l = here
        try compile(x)
        let sp = try emit(Inst(op: .split, a: 0, b: 0))
        insts[sp] = split(l, Int32(sp + 1), greedy: greedy)
    }
}

/// Static facts about a parsed pattern, used to speed up unanchored search.
enum Analysis {
    static func anchoredStart(_ n: Node) -> Bool {
        switch n {
        case .assertion(.start): return true
        case .concat(let xs): return xs.first.map(anchoredStart) ?? false
        case .capture(let x, _): return anchoredStart(x)
        case .alternate(let xs): return xs.allSatisfy(anchoredStart)
        default: return false
        }
    }

    /// Bytes every match must start with; `complete` when the node is exactly that literal.
    static func literalPrefix(_ n: Node) -> (bytes: [UInt8], complete: Bool) {
        switch n {
        case .empty: return ([], true)
        case .byte(let b): return ([b], true)
        case .set(let s):
            if let b = s.single { return ([b], true) }
            return ([], false)
        case .assertion: return ([], true)
        case .capture(let x, _): return literalPrefix(x)
        case .concat(let xs):
            var out: [UInt8] = []
            for x in xs {
                let (b, complete) = literalPrefix(x)
                out += b
                if !complete { return (out, false) }
            }
            return (out, true)
        case .repetition(let x, let min, _, _, _):
            if min == 0 { return ([], false) }
            return (literalPrefix(x).bytes, false)
        case .alternate:
            return ([], false)
        }
    }

    /// The node, if it always matches exactly one literal byte string (assertions ignored).
    static func exactLiteral(_ n: Node) -> [UInt8]? {
        switch n {
        case .empty, .assertion: return []
        case .byte(let b): return [b]
        case .set(let s): return s.single.map { [$0] }
        case .capture(let x, _): return exactLiteral(x)
        case .concat(let xs):
            var out: [UInt8] = []
            for x in xs {
                guard let b = exactLiteral(x) else { return nil }
                out += b
            }
            return out
        case .repetition(let x, let min, let max, _, _):
            guard min == max, min <= 64, let b = exactLiteral(x), b.count * min <= 256 else { return nil }
            return Array([[UInt8]](repeating: b, count: min).joined())
        case .alternate: return nil
        }
    }

    /// Collects literal byte strings that every match must contain.
    static func requiredLiterals(_ n: Node, into out: inout [[UInt8]]) {
        switch n {
        case .byte(let b): out.append([b])
        case .set(let s): if let b = s.single { out.append([b]) }
        case .capture(let x, _): requiredLiterals(x, into: &out)
        case .repetition(let x, let min, _, _, _): if min >= 1 { requiredLiterals(x, into: &out) }
        case .concat(let xs):
            var run: [UInt8] = []
            for x in xs {
                if let b = exactLiteral(x) {
                    run += b
                } else {
                    if !run.isEmpty { out.append(run); run = [] }
                    requiredLiterals(x, into: &out)
                }
            }
            if !run.isEmpty { out.append(run) }
        case .empty, .assertion, .alternate: break
        }
    }

    /// The set of bytes a match can start with, and whether the node can match empty.
    static func firstBytes(_ n: Node) -> (ByteSet, Bool) {
        switch n {
        case .empty, .assertion: return (ByteSet(), true)
        case .byte(let b): return (ByteSet([b]), false)
        case .set(let s): return (s, false)
        case .capture(let x, _): return firstBytes(x)
        case .concat(let xs):
            var acc = ByteSet()
            for x in xs {
                let (s, nullable) = firstBytes(x)
                acc.formUnion(s)
                if !nullable { return (acc, false) }
            }
            return (acc, true)
        case .alternate(let xs):
            var acc = ByteSet()
            var nullable = false
            for x in xs {
                let (s, n) = firstBytes(x)
                acc.formUnion(s)
                nullable = nullable || n
            }
            return (acc, nullable)
        case .repetition(let x, let min, _, _, _):
            let (s, n) = firstBytes(x)
            return (s, n || min == 0)
        }
    }
}
