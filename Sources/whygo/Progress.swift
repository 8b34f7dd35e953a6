#if canImport(Glibc)
import Glibc
#endif

/// `inputs done/total, rate, ETA` on stderr, redrawn in place with `\r` at most 10 times a second.
/// Only when stderr is a terminal and the run has many inputs; it shows up after half a second so
/// that quick runs stay silent. Call `clear()` before writing anything else to stderr.
struct Progress {
    static let minimumInputs = 20
    let total: Int
    let enabled: Bool
    private let start: UInt64
    private var lastDraw: UInt64 = 0
    private var visible = false

    init(total: Int, enabled: Bool = isatty(2) == 1) {
        self.total = total
        self.enabled = enabled && total >= Progress.minimumInputs
        start = Runner.monotonicNanoseconds()
    }

    mutating func update(done: Int) {
        guard enabled else { return }
        let now = Runner.monotonicNanoseconds()
        guard now - start >= 500_000_000, now - lastDraw >= 100_000_000 else { return }
        lastDraw = now
        let seconds = Double(now - start) / 1e9
        let rate = seconds > 0 ? Double(done) / seconds : 0
        var line = "whygo: \(done)/\(total) inputs, \(Int(rate.rounded()))/s"
        if rate > 0, done < total {
            let eta = Int((Double(total - done) / rate).rounded(.up))
            line += ", ETA " + (eta >= 60 ? "\(eta / 60)m\(eta % 60)s" : "\(eta)s")
        }
        Output.standardError.write("\r" + line + "\u{1B}[K")
        visible = true
    }

    mutating func clear() {
        guard visible else { return }
        Output.standardError.write("\r\u{1B}[K")
        visible = false
    }
}
