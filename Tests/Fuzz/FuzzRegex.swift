// libFuzzer target: the regex engine. Input: pattern, a NUL byte, subject. Compiling may throw, never
// trap; matching must be linear (libFuzzer's -timeout catches a hang).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRegex(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let split = bytes.firstIndex(of: 0) ?? size
    guard split <= 512 else { return 0 }
    let pattern = String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<split]), as: UTF8.self)
    let subject = split < size ? UnsafeBufferPointer(rebasing: bytes[(split + 1)...]) : UnsafeBufferPointer(rebasing: bytes[0..<0])
    guard let regex = try? Regex(pattern) else { return 0 }
    if let match = regex.firstMatch(in: subject) {
        precondition(match.range.lowerBound >= 0 && match.range.upperBound <= subject.count, "match range \(match.range) outside 0...\(subject.count)")
        for (name, range) in match.captures {
            precondition(range.lowerBound >= 0 && range.upperBound <= subject.count, "capture \(name) \(range) outside subject")
            _ = match.capture(name, in: subject)
        }
        precondition(regex.matches(in: subject))
    }
    let text = String(decoding: subject, as: UTF8.self)
    _ = regex.firstMatch(in: text)
    return 0
}
