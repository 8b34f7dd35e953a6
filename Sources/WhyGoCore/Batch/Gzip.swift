/// gzip (RFC 1952) decoding over the streaming `Inflater`: every member of a multi-member file,
/// with each member's CRC-32 and length checked.
public enum Gzip {
    /// Whether bytes start like a gzip member (`1f 8b 08`).
    public static func hasMagic(_ prefix: UnsafeRawBufferPointer) -> Bool {
        prefix.count >= 3 && prefix[0] == 0x1F && prefix[1] == 0x8B && prefix[2] == 8
    }

    /// Decompresses all members read from `reader` into `sink`. Returns the total output size.
    /// Bytes after the last member that are not another member are ignored (as gzip does).
    @discardableResult
    public static func decompress(reader: @escaping ByteReader, into sink: ByteSink) throws -> UInt64 {
        var inflater = Inflater(reader: reader)
        var total: UInt64 = 0
        var member = 0
        while true {
            guard let first = try inflater.readByte() else {
                if member == 0 { throw DecodeError("not in gzip format (empty)") }
                return total
            }
            if member > 0, first == 0 {
                // Zero padding after the last member (tape-style): accepted.
                while let byte = try inflater.readByte() {
                    if byte != 0 { return total }
                }
                return total
            }
            let second = try inflater.readByte()
            guard first == 0x1F, second == 0x8B else {
                if member == 0 { throw DecodeError("not in gzip format") }
                return total // trailing garbage after a complete member
            }
            guard try inflater.readLittleEndian(1) == 8 else { throw DecodeError("gzip: unknown compression method") }
            let flags = try inflater.readLittleEndian(1)
            guard flags & 0xE0 == 0 else { throw DecodeError("gzip: reserved header flags set") }
            _ = try inflater.readLittleEndian(6) // mtime, xfl, os
            if flags & 4 != 0 {
                let length = Int(try inflater.readLittleEndian(2))
                for _ in 0..<length { _ = try inflater.readLittleEndian(1) }
            }
            for bit in [UInt64(8), 16] where flags & bit != 0 {
                while try inflater.readLittleEndian(1) != 0 {}
            }
            if flags & 2 != 0 { _ = try inflater.readLittleEndian(2) }
            var crc = CRC32()
            let size: Int
            do {
                size = try inflater.inflate { chunk in
                    crc.update(chunk)
                    try sink(chunk)
                }
            } catch let error as DecodeError {
                throw DecodeError("gzip: \(error.reason)")
            }
            let storedCRC: UInt64
            let storedSize: UInt64
            do {
                storedCRC = try inflater.readLittleEndian(4)
                storedSize = try inflater.readLittleEndian(4)
            } catch {
                throw DecodeError("gzip: unexpected end of file (trailer missing)")
            }
            guard UInt32(storedCRC) == crc.value else {
                throw DecodeError("gzip: CRC-32 mismatch (stored \(hex(UInt32(storedCRC))), computed \(hex(crc.value)))")
            }
            guard UInt32(storedSize) == UInt32(truncatingIfNeeded: size) else { throw DecodeError("gzip: length mismatch") }
            total += UInt64(size)
            member += 1
        }
    }

    static func hex(_ value: UInt32) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 8 - text.count) + text
    }
}
