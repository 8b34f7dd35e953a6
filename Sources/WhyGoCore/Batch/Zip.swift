#if canImport(Glibc)
import Glibc
#endif

/// A zip archive read through its central directory (stored and deflated entries, data
/// descriptors, ZIP64 sizes and offsets). Each entry's CRC-32 and size are checked on extraction.
public struct ZipArchive: Sendable {
    public struct Entry: Sendable {
        public var name: String
        public var method: Int
        public var flags: Int
        public var crc: UInt32
        public var compressedSize: UInt64
        public var size: UInt64
        public var localHeaderOffset: UInt64
        /// The entry's DOS date and time as seconds since 1970 (taken as UTC), or nil.
        public var modified: Int?
        public var isDirectory: Bool { name.hasSuffix("/") }
    }

    public var path: String
    public var entries: [Entry]

    /// Reads the central directory of the archive at `path`.
    public init(path: String) throws(DecodeError) {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw DecodeError(String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw DecodeError(String(cString: strerror(errno))) }
        let fileSize = UInt64(info.st_size)
        let tailSize = Int(min(fileSize, 22 + 65535 + 20))
        guard tailSize >= 22 else { throw DecodeError("zip: not a zip archive (too short)") }
        let tail = try ZipArchive.read(fd, at: fileSize - UInt64(tailSize), count: tailSize)
        var eocd = -1
        var index = tailSize - 22
        while index >= 0 {
            if ZipArchive.u32(tail, index) == 0x0605_4B50 { eocd = index; break }
            index -= 1
        }
        guard eocd >= 0 else { throw DecodeError("zip: end of central directory not found (not a zip, or truncated)") }
        var count = UInt64(ZipArchive.u16(tail, eocd + 10))
        var directorySize = UInt64(ZipArchive.u32(tail, eocd + 12))
        var directoryOffset = UInt64(ZipArchive.u32(tail, eocd + 16))
        if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            // ZIP64: the locator sits just before the end record.
            guard eocd >= 20, ZipArchive.u32(tail, eocd - 20) == 0x0706_4B50 else {
                throw DecodeError("zip: ZIP64 end of central directory locator missing")
            }
            let recordOffset = ZipArchive.u64(tail, eocd - 20 + 8)
            guard recordOffset + 56 <= fileSize else { throw DecodeError("zip: ZIP64 record out of range") }
            let record = try ZipArchive.read(fd, at: recordOffset, count: 56)
            guard ZipArchive.u32(record, 0) == 0x0606_4B50 else { throw DecodeError("zip: bad ZIP64 end of central directory") }
            count = ZipArchive.u64(record, 32)
            directorySize = ZipArchive.u64(record, 40)
            directoryOffset = ZipArchive.u64(record, 48)
        }
        guard directoryOffset <= fileSize, directorySize <= fileSize - directoryOffset else {
            throw DecodeError("zip: central directory out of range (truncated?)")
        }
        guard directorySize < 1 << 30 else { throw DecodeError("zip: central directory too large") }
        let directory = try ZipArchive.read(fd, at: directoryOffset, count: Int(directorySize))
        var entries: [Entry] = []
        var position = 0
        for _ in 0..<count {
            guard position + 46 <= directory.count, ZipArchive.u32(directory, position) == 0x0201_4B50 else {
                throw DecodeError("zip: corrupt central directory")
            }
            let nameLength = Int(ZipArchive.u16(directory, position + 28))
            let extraLength = Int(ZipArchive.u16(directory, position + 30))
            let commentLength = Int(ZipArchive.u16(directory, position + 32))
            let end = position + 46 + nameLength + extraLength + commentLength
            guard end <= directory.count else { throw DecodeError("zip: corrupt central directory") }
            let name = String(decoding: directory[(position + 46)..<(position + 46 + nameLength)], as: UTF8.self)
            var entry = Entry(
                name: name,
                method: Int(ZipArchive.u16(directory, position + 10)),
                flags: Int(ZipArchive.u16(directory, position + 8)),
                crc: ZipArchive.u32(directory, position + 16),
                compressedSize: UInt64(ZipArchive.u32(directory, position + 20)),
                size: UInt64(ZipArchive.u32(directory, position + 24)),
                localHeaderOffset: UInt64(ZipArchive.u32(directory, position + 42)),
                modified: ZipArchive.dosTime(date: ZipArchive.u16(directory, position + 14), time: ZipArchive.u16(directory, position + 12))
            )
            // ZIP64 extra field: the 0xFFFFFFFF values, in order.
            var extra = position + 46 + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let id = ZipArchive.u16(directory, extra)
                let size = Int(ZipArchive.u16(directory, extra + 2))
                if id == 1 {
                    var field = extra + 4
                    let fieldEnd = min(extraEnd, field + size)
                    if entry.size == 0xFFFF_FFFF, field + 8 <= fieldEnd { entry.size = ZipArchive.u64(directory, field); field += 8 }
                    if entry.compressedSize == 0xFFFF_FFFF, field + 8 <= fieldEnd { entry.compressedSize = ZipArchive.u64(directory, field); field += 8 }
                    if entry.localHeaderOffset == 0xFFFF_FFFF, field + 8 <= fieldEnd { entry.localHeaderOffset = ZipArchive.u64(directory, field) }
                }
                extra += 4 + size
            }
            entries.append(entry)
            position = end
        }
        self.entries = entries
    }

    /// Extracts one entry, delivering its bytes to `sink` in chunks; checks size and CRC-32.
    public func extract(_ entry: Entry, into sink: ByteSink) throws {
        guard entry.flags & 1 == 0 else { throw DecodeError("zip: encrypted entry") }
        guard entry.method == 0 || entry.method == 8 else { throw DecodeError("zip: unsupported compression method \(entry.method)") }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw DecodeError(String(cString: strerror(errno))) }
        defer { close(fd) }
        let header = try ZipArchive.read(fd, at: entry.localHeaderOffset, count: 30)
        guard ZipArchive.u32(header, 0) == 0x0403_4B50 else { throw DecodeError("zip: bad local header") }
        let dataOffset = entry.localHeaderOffset + 30 + UInt64(ZipArchive.u16(header, 26)) + UInt64(ZipArchive.u16(header, 28))
        var offset = dataOffset
        var remaining = entry.compressedSize
        let reader: ByteReader = { buffer in
            let want = Int(min(UInt64(buffer.count), remaining))
            guard want > 0 else { return 0 }
            while true {
                let count = pread(fd, buffer.baseAddress, want, off_t(offset))
                if count < 0 {
                    if errno == EINTR { continue }
                    throw DecodeError(String(cString: strerror(errno)))
                }
                if count == 0 { throw DecodeError("zip: unexpected end of file in entry data") }
                offset += UInt64(count)
                remaining -= UInt64(count)
                return count
            }
        }
        let (crc, size) = try withoutActuallyEscaping(sink) { sink in try extractData(entry, reader: reader, sink: sink) }
        guard size == entry.size else { throw DecodeError("zip: size mismatch (\(size) bytes, directory says \(entry.size))") }
        guard crc.value == entry.crc else {
            throw DecodeError("zip: CRC-32 mismatch (stored \(Gzip.hex(entry.crc)), computed \(Gzip.hex(crc.value)))")
        }
    }

    private func extractData(_ entry: Entry, reader: @escaping ByteReader, sink: @escaping ByteSink) throws -> (CRC32, UInt64) {
        var crc = CRC32()
        var size: UInt64 = 0
        let counting: ByteSink = { chunk in
            crc.update(chunk)
            size += UInt64(chunk.count)
            try sink(chunk)
        }
        if entry.method == 0 {
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
            defer { buffer.deallocate() }
            while true {
                let count = try reader(buffer)
                if count == 0 { break }
                try counting(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            }
        } else {
            var inflater = Inflater(reader: reader)
            do {
                try inflater.inflate(into: counting)
            } catch let error as DecodeError {
                throw DecodeError(error.reason.hasPrefix("zip:") ? error.reason : "zip: \(error.reason)")
            }
        }
        return (crc, size)
    }

    // MARK: - Helpers

    static func read(_ fd: Int32, at offset: UInt64, count: Int) throws(DecodeError) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let got = result.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset) + off_t(done)) }
            if got < 0 {
                if errno == EINTR { continue }
                throw DecodeError(String(cString: strerror(errno)))
            }
            if got == 0 { throw DecodeError("zip: unexpected end of file") }
            done += got
        }
        return result
    }

    static func u16(_ bytes: [UInt8], _ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
    static func u32(_ bytes: [UInt8], _ at: Int) -> UInt32 { UInt32(u16(bytes, at)) | UInt32(u16(bytes, at + 2)) << 16 }
    static func u64(_ bytes: [UInt8], _ at: Int) -> UInt64 { UInt64(u32(bytes, at)) | UInt64(u32(bytes, at + 4)) << 32 }

    static func dosTime(date: UInt16, time: UInt16) -> Int? {
        let day = Int(date & 31), month = Int((date >> 5) & 15), year = 1980 + Int(date >> 9)
        guard day >= 1, month >= 1, month <= 12 else { return nil }
        let seconds = Int(time & 31) * 2, minutes = Int((time >> 5) & 63), hours = Int(time >> 11)
        return Timestamps.epochSeconds(year: year, month: month, day: day, hour: hours, minute: minutes, second: seconds)
    }
}
