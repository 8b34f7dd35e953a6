/// A failure to decode compressed input: corrupt or truncated data, a CRC mismatch, an
/// unsupported feature. `reason` is what `whygo: NAME: reason` prints.
public struct DecodeError: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// Where compressed bytes come from: fills the buffer, returns how many bytes it wrote (0 at the end).
public typealias ByteReader = (UnsafeMutableRawBufferPointer) throws -> Int

/// Where decompressed bytes go, in chunks of up to 64 KiB (the buffer is only valid during the call).
public typealias ByteSink = (UnsafeRawBufferPointer) throws -> Void

/// A streaming DEFLATE (RFC 1951) decoder in constant memory: a 64 KiB input buffer and a
/// 96 KiB output buffer of which the last 32 KiB are kept as the back-reference window.
///
/// It pulls input through a `ByteReader` and pushes output to a `ByteSink`. After a stream ends,
/// the bytes that follow it (a gzip trailer, the next member) can be read with `readByte()`.
public struct Inflater {
    static let inputSize = 64 * 1024
    static let windowSize = 32 * 1024
    static let outputSize = 96 * 1024

    final class Storage {
        let input = UnsafeMutablePointer<UInt8>.allocate(capacity: Inflater.inputSize)
        let output = UnsafeMutablePointer<UInt8>.allocate(capacity: Inflater.outputSize)
        deinit {
            input.deallocate()
            output.deallocate()
        }
    }

    private let storage = Storage()
    private let input: UnsafeMutablePointer<UInt8>
    private let output: UnsafeMutablePointer<UInt8>
    private let reader: ByteReader
    private var inPos = 0
    private var inEnd = 0
    private var inputEnded = false
    private var bitBuffer: UInt64 = 0
    private var bitCount = 0
    private var outPos = 0
    private var flushed = 0
    private var delivered = 0
    /// Bytes taken from the reader so far.
    public private(set) var bytesRead = 0

    public init(reader: @escaping ByteReader) {
        self.reader = reader
        input = storage.input
        output = storage.output
    }

    // MARK: - Input

    private mutating func refillInput() throws {
        guard !inputEnded else { return }
        let count = try reader(UnsafeMutableRawBufferPointer(start: input, count: Inflater.inputSize))
        inPos = 0
        inEnd = count
        bytesRead += count
        if count == 0 { inputEnded = true }
    }

    /// Loads whole bytes into the bit buffer until it holds at least 57 bits or input ends.
    @inline(__always)
    private mutating func fillBits() throws {
        while bitCount <= 56 {
            if inPos == inEnd {
                try refillInput()
                if inPos == inEnd { return }
            }
            bitBuffer |= UInt64(input[inPos]) << UInt64(bitCount)
            inPos += 1
            bitCount += 8
        }
    }

    @inline(__always)
    private mutating func bits(_ count: Int) throws -> Int {
        if count == 0 { return 0 }
        if bitCount < count {
            try fillBits()
            guard bitCount >= count else { throw DecodeError("unexpected end of compressed data") }
        }
        let value = Int(bitBuffer & ((1 << UInt64(count)) - 1))
        bitBuffer >>= UInt64(count)
        bitCount -= count
        return value
    }

    /// Drops the bits up to the next byte boundary.
    public mutating func alignToByte() {
        let drop = bitCount & 7
        bitBuffer >>= UInt64(drop)
        bitCount -= drop
    }

    /// The next whole byte after the bit position (aligns first), or nil at the end of input.
    public mutating func readByte() throws -> UInt8? {
        alignToByte()
        if bitCount >= 8 {
            let byte = UInt8(truncatingIfNeeded: bitBuffer)
            bitBuffer >>= 8
            bitCount -= 8
            return byte
        }
        if inPos == inEnd {
            try refillInput()
            if inPos == inEnd { return nil }
        }
        let byte = input[inPos]
        inPos += 1
        return byte
    }

    /// `count` bytes as a little-endian number; throws at the end of input.
    public mutating func readLittleEndian(_ count: Int) throws -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<count {
            guard let byte = try readByte() else { throw DecodeError("unexpected end of data") }
            value |= UInt64(byte) << UInt64(8 * index)
        }
        return value
    }

    // MARK: - Output

    /// Hands the bytes not delivered yet to the sink; with `compact`, keeps only the window.
    private mutating func flush(_ sink: ByteSink, compact: Bool) throws {
        if outPos > flushed {
            try sink(UnsafeRawBufferPointer(start: output + flushed, count: outPos - flushed))
            delivered += outPos - flushed
        }
        flushed = outPos
        if compact, outPos > Inflater.windowSize {
            (output).update(from: output + (outPos - Inflater.windowSize), count: Inflater.windowSize)
            outPos = Inflater.windowSize
            flushed = outPos
        }
    }

    // MARK: - Huffman

    struct Huffman {
        static let fastBits = 9
        /// Indexed by the next `fastBits` input bits: `symbol << 4 | length`, 0 when the code is longer.
        var fast = [UInt16](repeating: 0, count: 1 << Huffman.fastBits)
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int] = []

        init(lengths: [Int]) throws {
            for length in lengths { counts[length] += 1 }
            counts[0] = 0
            var left = 1
            for length in 1...15 {
                left <<= 1
                left -= counts[length]
                if left < 0 { throw DecodeError("invalid Huffman code (over-subscribed)") }
            }
            var offsets = [Int](repeating: 0, count: 16)
            for length in 1..<15 { offsets[length + 1] = offsets[length] + counts[length] }
            symbols = [Int](repeating: 0, count: lengths.count)
            for (symbol, length) in lengths.enumerated() where length != 0 {
                symbols[offsets[length]] = symbol
                offsets[length] += 1
            }
            // Canonical codes, bit-reversed for the LSB-first stream, into the fast table.
            var code = 0
            var index = 0
            for length in 1...15 {
                for _ in 0..<counts[length] {
                    if length <= Huffman.fastBits {
                        var reversed = 0
                        for bit in 0..<length where code & (1 << bit) != 0 { reversed |= 1 << (length - 1 - bit) }
                        let entry = UInt16(symbols[index] << 4 | length)
                        var fill = reversed
                        while fill < (1 << Huffman.fastBits) {
                            fast[fill] = entry
                            fill += 1 << length
                        }
                    }
                    code += 1
                    index += 1
                }
                code <<= 1
            }
        }
    }

    @inline(__always)
    private mutating func decode(_ table: Huffman) throws -> Int {
        if bitCount < 15 { try fillBits() }
        let entry = table.fast[Int(bitBuffer & UInt64((1 << Huffman.fastBits) - 1))]
        if entry != 0 {
            let length = Int(entry & 15)
            guard length <= bitCount else { throw DecodeError("unexpected end of compressed data") }
            bitBuffer >>= UInt64(length)
            bitCount -= length
            return Int(entry >> 4)
        }
        var code = 0
        var first = 0
        var index = 0
        for length in 1...15 {
            guard length <= bitCount else { throw DecodeError("unexpected end of compressed data") }
            code |= Int((bitBuffer >> UInt64(length - 1)) & 1)
            let count = table.counts[length]
            if code - count < first {
                bitBuffer >>= UInt64(length)
                bitCount -= length
                return table.symbols[index + (code - first)]
            }
            index += count
            first += count
            first <<= 1
            code <<= 1
        }
        throw DecodeError("invalid Huffman code")
    }

    static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    static let fixedLiterals: Huffman = {
        var lengths = [Int](repeating: 8, count: 288)
        for index in 144..<256 { lengths[index] = 9 }
        for index in 256..<280 { lengths[index] = 7 }
        return try! Huffman(lengths: lengths)
    }()
    static let fixedDistances: Huffman = try! Huffman(lengths: [Int](repeating: 5, count: 30))

    // MARK: - Blocks

    /// Decodes one complete DEFLATE stream, delivering its output to `sink`. Returns the number
    /// of bytes produced. Afterwards the input is positioned at the byte after the stream.
    @discardableResult
    public mutating func inflate(into sink: ByteSink) throws -> Int {
        outPos = 0
        flushed = 0
        delivered = 0
        var last = false
        while !last {
            last = try bits(1) == 1
            switch try bits(2) {
            case 0: try storedBlock(sink)
            case 1: try codesBlock(Inflater.fixedLiterals, Inflater.fixedDistances, sink)
            case 2:
                let (literals, distances) = try dynamicTables()
                try codesBlock(literals, distances, sink)
            default: throw DecodeError("invalid block type")
            }
        }
        try flush(sink, compact: false)
        alignToByte()
        return delivered
    }

    private mutating func storedBlock(_ sink: ByteSink) throws {
        alignToByte()
        let length = try bits(16)
        let complement = try bits(16)
        guard length == ~complement & 0xFFFF else { throw DecodeError("invalid stored block length") }
        var remaining = length
        // Bytes still in the bit buffer come first.
        while remaining > 0, bitCount >= 8 {
            if outPos == Inflater.outputSize { try flush(sink, compact: true) }
            output[outPos] = UInt8(truncatingIfNeeded: bitBuffer)
            outPos += 1
            bitBuffer >>= 8
            bitCount -= 8
            remaining -= 1
        }
        while remaining > 0 {
            if inPos == inEnd {
                try refillInput()
                guard inPos < inEnd else { throw DecodeError("unexpected end of compressed data") }
            }
            if outPos == Inflater.outputSize { try flush(sink, compact: true) }
            let count = min(remaining, inEnd - inPos, Inflater.outputSize - outPos)
            (output + outPos).update(from: input + inPos, count: count)
            outPos += count
            inPos += count
            remaining -= count
        }
    }

    private mutating func dynamicTables() throws -> (Huffman, Huffman) {
        let literalCount = try bits(5) + 257
        let distanceCount = try bits(5) + 1
        let codeLengthCount = try bits(4) + 4
        guard literalCount <= 286, distanceCount <= 30 else { throw DecodeError("invalid dynamic block header") }
        var codeLengths = [Int](repeating: 0, count: 19)
        for index in 0..<codeLengthCount { codeLengths[Inflater.codeLengthOrder[index]] = try bits(3) }
        let codeLengthTable = try Huffman(lengths: codeLengths)
        var lengths: [Int] = []
        lengths.reserveCapacity(literalCount + distanceCount)
        while lengths.count < literalCount + distanceCount {
            let symbol = try decode(codeLengthTable)
            switch symbol {
            case 0...15: lengths.append(symbol)
            case 16:
                guard let previous = lengths.last else { throw DecodeError("repeat with no first length") }
                lengths.append(contentsOf: repeatElement(previous, count: 3 + (try bits(2))))
            case 17: lengths.append(contentsOf: repeatElement(0, count: 3 + (try bits(3))))
            default: lengths.append(contentsOf: repeatElement(0, count: 11 + (try bits(7))))
            }
        }
        guard lengths.count == literalCount + distanceCount else { throw DecodeError("too many code lengths") }
        guard lengths[256] != 0 else { throw DecodeError("no end-of-block code") }
        let literals = try Huffman(lengths: Array(lengths[0..<literalCount]))
        let distances = try Huffman(lengths: Array(lengths[literalCount...]))
        return (literals, distances)
    }

    private mutating func codesBlock(_ literals: Huffman, _ distances: Huffman, _ sink: ByteSink) throws {
        while true {
            if outPos > Inflater.outputSize - 258 { try flush(sink, compact: true) }
            let symbol = try decode(literals)
            if symbol < 256 {
                output[outPos] = UInt8(symbol)
                outPos += 1
            } else if symbol == 256 {
                return
            } else {
                let lengthIndex = symbol - 257
                guard lengthIndex < 29 else { throw DecodeError("invalid length code") }
                let length = Inflater.lengthBase[lengthIndex] + (try bits(Inflater.lengthExtra[lengthIndex]))
                let distanceSymbol = try decode(distances)
                guard distanceSymbol < 30 else { throw DecodeError("invalid distance code") }
                let distance = Inflater.distanceBase[distanceSymbol] + (try bits(Inflater.distanceExtra[distanceSymbol]))
                guard distance <= outPos else { throw DecodeError("invalid distance (too far back)") }
                var from = outPos - distance
                if distance >= length {
                    (output + outPos).update(from: output + from, count: length)
                    outPos += length
                } else {
                    for _ in 0..<length {
                        output[outPos] = output[from]
                        outPos += 1
                        from += 1
                    }
                }
            }
        }
    }
}
