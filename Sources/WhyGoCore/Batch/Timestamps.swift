/// Wall-clock times found in logs: GitHub Actions' `2025-03-04T10:21:07.1234567Z ` line prefix and
/// logrus' `time="2025-03-04T10:21:07Z"`. Times are seconds since 1970, UTC (an offset is ignored).
public enum Timestamps {
    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
    public static func epochSeconds(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return days * 86400 + hour * 3600 + minute * 60 + second
    }

    /// `2025-03-04T10:21:07Z`.
    public static func iso(_ seconds: Int) -> String {
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let rest = seconds - days * 86400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))T\(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60))Z"
    }

    /// Parses `YYYY-MM-DD[T ]HH:MM:SS` at `offset`, or nil.
    public static func parse(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Int? {
        guard offset >= 0, offset + 19 <= bytes.count else { return nil }
        func digits(_ from: Int, _ count: Int) -> Int? {
            var value = 0
            for index in from..<(from + count) {
                let byte = bytes[offset + index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard bytes[offset + 4] == 45, bytes[offset + 7] == 45, bytes[offset + 10] == 84 || bytes[offset + 10] == 32,
              bytes[offset + 13] == 58, bytes[offset + 16] == 58,
              let year = digits(0, 4), let month = digits(5, 2), let day = digits(8, 2),
              let hour = digits(11, 2), let minute = digits(14, 2), let second = digits(17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        return epochSeconds(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// A time on one line: at its start, or after `time="`.
    static func find(inLine bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Int? {
        if let value = parse(bytes, at: start) { return value }
        let limit = min(end, start + 400)
        var index = start
        while index + 6 < limit {
            if bytes[index] == 116, bytes[index + 1] == 105, bytes[index + 2] == 109, bytes[index + 3] == 101,
               bytes[index + 4] == 61, bytes[index + 5] == 34 {
                return parse(bytes, at: index + 6)
            }
            index += 1
        }
        return nil
    }
}

/// Follows a stream of chunks and remembers the latest time found at the end of a chunk: the
/// time of the last lines before the failure, in O(1) work per chunk.
public struct TimestampScanner: Sendable {
    public private(set) var latest: Int?
    private var atLineStart = true
    static let tail = 8192

    public init() {}

    public mutating func scan(_ chunk: UnsafeRawBufferPointer) {
        guard chunk.count > 0 else { return }
        let floor = max(0, chunk.count - TimestampScanner.tail)
        var end = chunk.count
        var index = chunk.count - 1
        while index >= floor {
            let isStart = index == 0 ? (atLineStart && floor == 0) : chunk[index - 1] == 10
            if isStart {
                if index < end, let value = Timestamps.find(inLine: chunk, from: index, to: end) {
                    latest = value
                    break
                }
                end = index
            }
            index -= 1
        }
        atLineStart = chunk[chunk.count - 1] == 10
    }
}
