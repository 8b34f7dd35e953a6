// whygo-bench: scan, passthrough, memory, start-up, live latency and many-small-inputs benchmarks.
//
//   swift run -c release whygo-bench [--quick] [--size MiB] [--reps N]
//
// It first brings the release `whygo` next to its own executable up to date (`swift build -c release
// --product whygo`), then runs it (or `--whygo PATH`, built by you)
// and the system's `rg`, `grep`, `cat`, `/usr/bin/time`, `hyperfine` when present (saying clearly
// what is missing). Inputs are generated once under `.build/bench-data/` (gitignored).
import Foundation
import WhyGoCore
#if canImport(Glibc)
import Glibc
#endif

// MARK: - Options

struct BenchOptions {
    var quick = false
    var sizeMiB = 1024
    var reps = 5
    var startupRuns = 60
    var smallFiles = 10_000
    var whygo: String?
    var only: Set<String> = []

    static func parse() -> BenchOptions {
        var options = BenchOptions()
        var arguments = Array(CommandLine.arguments.dropFirst())[...]
        while let argument = arguments.popFirst() {
            switch argument {
            case "--quick":
                options.quick = true
                options.sizeMiB = 256
                options.reps = 3
                options.smallFiles = 2_000
            case "--size": options.sizeMiB = Int(arguments.popFirst() ?? "") ?? options.sizeMiB
            case "--reps": options.reps = max(1, Int(arguments.popFirst() ?? "") ?? options.reps)
            case "--whygo": options.whygo = arguments.popFirst()
            case "--only": options.only = Set((arguments.popFirst() ?? "").split(separator: ",").map(String.init))
            case "-h", "--help":
                print("""
                usage: whygo-bench [--quick] [--size MiB] [--reps N] [--whygo PATH] [--only scan,pass,mem,start,live,many]
                  --quick   256 MiB scan input, 3 repetitions, 2,000 small inputs (default: 1 GiB, 5, 10,000)
                """)
                exit(0)
            default:
                FileHandle.standardError.write("whygo-bench: unknown argument \(argument)\n".data(using: .utf8)!)
                exit(2)
            }
        }
        return options
    }

    func wants(_ name: String) -> Bool { only.isEmpty || only.contains(name) }
}

// MARK: - Processes

struct RunResult {
    var status: Int32
    var seconds: Double
    var cpuSeconds: Double
    var maxRSSKiB: Int
}

/// Runs `argv` with stdin/stdout/stderr redirected to files (nil: /dev/null), waits, returns
/// the wall time, CPU time and the child's peak RSS from `wait4`.
func spawn(_ argv: [String], stdin: String? = nil, stdout: String? = nil, stderr: String? = nil, environment: [String: String] = [:]) -> RunResult {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, stdin ?? "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdout ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, stderr ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    var env = ProcessInfo.processInfo.environment
    for (key, value) in environment { env[key] = value }
    let cArgs = argv.map { strdup($0) } + [nil]
    let cEnv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { cArgs.forEach { free($0) }; cEnv.forEach { free($0) } }
    var pid: pid_t = 0
    let start = now()
    let rc = posix_spawnp(&pid, argv[0], &actions, nil, cArgs, cEnv)
    guard rc == 0 else { return RunResult(status: -1, seconds: 0, cpuSeconds: 0, maxRSSKiB: 0) }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    let seconds = now() - start
    let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return RunResult(status: exitStatus, seconds: seconds, cpuSeconds: cpu, maxRSSKiB: Int(usage.ru_maxrss))
}

func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

func which(_ name: String) -> String? {
    if name.hasPrefix("/") { return access(name, X_OK) == 0 ? name : nil }
    for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
        let path = "\(directory)/\(name)"
        if access(path, X_OK) == 0 { return path }
    }
    return nil
}

func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

/// Where counted-but-discarded output goes: not /dev/null, which GNU grep detects and then stops at
/// the first match.
let sinkPath = NSTemporaryDirectory() + "/whygo-bench-sink.txt"

/// Median wall time of `reps` runs (after one untimed warm-up run).
func timed(_ argv: [String], reps: Int, stdin: String? = nil, warmup: Bool = true, stdout: String? = sinkPath) -> (median: Double, last: RunResult) {
    if warmup { _ = spawn(argv, stdin: stdin, stdout: stdout, environment: ["LC_ALL": "C"]) }
    var times: [Double] = []
    var last = RunResult(status: 0, seconds: 0, cpuSeconds: 0, maxRSSKiB: 0)
    for _ in 0..<reps {
        last = spawn(argv, stdin: stdin, stdout: stdout, environment: ["LC_ALL": "C"])
        times.append(last.seconds)
    }
    return (median(times), last)
}

func log(_ text: String) {
    FileHandle.standardError.write((text + "\n").data(using: .utf8)!)
}

// MARK: - Report table

struct Row {
    var name: String
    var value: String
    var baseline: String
    var ratio: String
    var target: String
    var verdict: String
}

nonisolated(unsafe) var rows: [Row] = []
nonisolated(unsafe) var notes: [String] = []

func seconds(_ value: Double) -> String {
    if value.isNaN { return "-" }
    if value < 0.1 { return String(format: "%.2f ms", value * 1000) }
    return String(format: "%.3f s", value)
}

func verdict(_ ok: Bool, must: Bool? = nil) -> String {
    if ok { return "met" }
    if let must, must { return "MISSED (within must)" }
    return "MISSED"
}

func printTable() {
    let headers = ["benchmark", "whygo", "baseline", "ratio", "target", "verdict"]
    let table = [headers] + rows.map { [$0.name, $0.value, $0.baseline, $0.ratio, $0.target, $0.verdict] }
    var widths = headers.map(\.count)
    for row in table { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
    func line(_ cells: [String]) -> String {
        "| " + cells.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }.joined(separator: " | ") + " |"
    }
    print(line(headers))
    print("|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|")
    for row in table.dropFirst() { print(line(row)) }
    if !notes.isEmpty {
        print("")
        for note in notes { print("- " + note) }
    }
}

// MARK: - Inputs

struct Random {
    var state: UInt64
    mutating func next() -> UInt64 {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return state
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

let fallbackFailure = """
#1 [internal] load build definition from Dockerfile
#1 transferring dockerfile: 312B done
#1 DONE 0.0s
#5 [builder 1/6] FROM docker.io/library/golang:1.22-alpine@sha256:0466223b8544fb7d4ff04748acc4d75a608234bf4e79563bff208d2060c0dd79
#5 DONE 0.1s
#8 [builder 4/6] COPY go.mod go.sum ./
#8 DONE 0.0s
#9 [builder 5/6] RUN go mod download
#9 0.412 go: github.com/sirupsen/logrus@v1.9.3: Get "https://proxy.golang.org/github.com/sirupsen/logrus/@v/v1.9.3.mod": dial tcp: lookup proxy.golang.org on 127.0.0.11:53: read udp 127.0.0.1:41735->127.0.0.11:53: i/o timeout
#9 ERROR: process "/bin/sh -c go mod download" did not complete successfully: exit code: 1
------
 > [builder 5/6] RUN go mod download:
0.412 go: github.com/sirupsen/logrus@v1.9.3: Get "https://proxy.golang.org/github.com/sirupsen/logrus/@v/v1.9.3.mod": dial tcp: lookup proxy.golang.org on 127.0.0.11:53: read udp 127.0.0.1:41735->127.0.0.11:53: i/o timeout
------
Dockerfile:12
--------------------
  10 |     WORKDIR /src
  11 |     COPY go.mod go.sum ./
  12 | >>> RUN go mod download
  13 |     COPY . .
--------------------
ERROR: failed to solve: process "/bin/sh -c go mod download" did not complete successfully: exit code: 1

"""

/// The failing logs to spread through the big input: `Corpus/cases/**/*.log`, else `../shared/devset`.
func failureLogs(root: URL) -> [Data] {
    var found: [URL] = []
    for directory in [root.appendingPathComponent("Corpus/cases"), root.deletingLastPathComponent().appendingPathComponent("shared/devset")] {
        if let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) {
            for case let url as URL in walker where url.pathExtension == "log" { found.append(url) }
        }
        if !found.isEmpty {
            notes.append("failure logs: \(found.count) from \(directory.path.replacingOccurrences(of: root.path + "/", with: ""))")
            break
        }
    }
    if found.isEmpty { notes.append("failure logs: no Corpus/cases/**/*.log found; used one built-in failing BuildKit log") }
    let logs = found.sorted { $0.path < $1.path }.compactMap { try? Data(contentsOf: $0) }.filter { !$0.isEmpty }
    return logs.isEmpty ? [Data(fallbackFailure.utf8)] : logs
}

/// Realistic successful-build output: BuildKit-framed go downloads, compiler and `go test` output,
/// layer pulls, and now and then a line of several KB.
struct FillerWriter {
    var random = Random(state: 0x9E37_79B9_7F4A_7C15)
    var step = 12
    var time = 0.0
    let owners = ["github.com/spf13", "github.com/sirupsen", "golang.org/x", "google.golang.org", "github.com/prometheus", "go.uber.org", "github.com/aws/aws-sdk-go-v2", "k8s.io", "github.com/hashicorp", "github.com/stretchr", "gopkg.in", "cloud.google.com/go", "github.com/grpc-ecosystem"]
    let names = ["cobra", "viper", "logrus", "net", "sys", "text", "grpc", "protobuf", "client_golang", "zap", "atomic", "service/s3", "apimachinery", "client-go", "go-multierror", "testify", "yaml.v3", "storage", "grpc-gateway", "crypto", "oauth2", "sync", "mod", "tools"]
    let packages = ["internal/config", "pkg/server", "pkg/api/v1", "cmd/agent", "internal/store/sql", "pkg/util/strings", "internal/auth", "pkg/metrics", "internal/queue", "pkg/cache"]
    let words = ["handler", "request", "upstream", "cache", "session", "token", "config", "worker", "shard", "replica", "bucket", "stream", "cursor", "ledger", "tenant"]

    mutating func digits(_ out: inout [UInt8], _ value: Int) { out.append(contentsOf: String(value).utf8) }

    mutating func pick(_ list: [String]) -> String { list[random.below(list.count)] }

    mutating func prefix(_ out: inout [UInt8]) {
        time += Double(random.below(40)) / 1000
        out.append(UInt8(ascii: "#"))
        digits(&out, step)
        out.append(32)
        out.append(contentsOf: String(format: "%.3f", time).utf8)
        out.append(32)
    }

    mutating func line(_ out: inout [UInt8]) {
        let kind = random.below(1000)
        if kind < 2 {
            // A new step.
            step = 5 + random.below(30)
            time = 0
            out.append(contentsOf: "#\(step) [builder \(1 + random.below(8))/9] RUN go build -trimpath -o /out/app ./cmd/\(pick(words))\n".utf8)
            return
        }
        prefix(&out)
        switch kind {
        case ..<300:
            out.append(contentsOf: "go: downloading \(pick(owners))/\(pick(names)) v\(random.below(3)).\(random.below(30)).\(random.below(12))".utf8)
        case ..<500:
            out.append(contentsOf: "\(pick(owners))/\(pick(names))/\(pick(packages))".utf8)
        case ..<600:
            out.append(contentsOf: "ok  \texample.com/app/\(pick(packages))\t\(random.below(3)).\(random.below(900) + 10)s".utf8)
        case ..<700:
            out.append(contentsOf: "=== RUN   Test\(pick(words).capitalized)\(pick(words).capitalized)/case_\(random.below(64))".utf8)
        case ..<800:
            out.append(contentsOf: "--- PASS: Test\(pick(words).capitalized)\(pick(words).capitalized) (0.\(random.below(90) + 10)s)".utf8)
        case ..<860:
            out.append(contentsOf: "    \(pick(words))_test.go:\(random.below(400) + 10): \(pick(words)) \(pick(words)) ready after \(random.below(90))ms".utf8)
        case ..<920:
            var hex = ""
            for _ in 0..<8 { hex += String(format: "%08x", UInt32(truncatingIfNeeded: random.next())) }
            out.append(contentsOf: "sha256:\(hex) \(random.below(40)).\(random.below(99))MB / 48.21MB \(random.below(9)).\(random.below(9))s".utf8)
        case ..<996:
            out.append(contentsOf: "# example.com/app/\(pick(packages))".utf8)
        default:
            // A long line: an ldflags command or a JSON log record of several KB.
            let target = 2048 + random.below(8192)
            out.append(contentsOf: "{\"level\":\"info\",\"msg\":\"config loaded\",\"values\":{".utf8)
            var written = 0
            while written < target {
                let piece = "\"\(pick(words))_\(random.below(10000))\":\"\(pick(words))-\(random.below(100000))\","
                out.append(contentsOf: piece.utf8)
                written += piece.utf8.count
            }
            out.append(contentsOf: "\"end\":true}}".utf8)
        }
        out.append(10)
    }
}

/// Writes `bytes` of filler with one failing log every `spacing` bytes.
func generateBig(path: String, bytes: Int, failures: [Data]) throws {
    let fd = open(path + ".tmp", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
    var filler = FillerWriter()
    var written = 0
    var buffer: [UInt8] = []
    buffer.reserveCapacity(5 << 20)
    let spacing = 24 << 20
    var nextFailure = spacing / 2
    var failureIndex = 0
    while written < bytes {
        buffer.removeAll(keepingCapacity: true)
        while buffer.count < min(4 << 20, bytes - written) { filler.line(&buffer) }
        if written + buffer.count >= nextFailure {
            buffer.append(contentsOf: failures[failureIndex % failures.count])
            if buffer.last != 10 { buffer.append(10) }
            failureIndex += 1
            nextFailure += spacing
        }
        let ok = buffer.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
        guard ok else { close(fd); throw CocoaError(.fileWriteOutOfSpace) }
        written += buffer.count
    }
    close(fd)
    rename(path + ".tmp", path)
}

func fileSize(_ path: String) -> Int {
    var info = stat()
    return stat(path, &info) == 0 ? Int(info.st_size) : -1
}

// MARK: - Main

let options = BenchOptions.parse()
let root: URL = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
        url.deleteLastPathComponent()
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
    }
    return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
}()
let dataDirectory = root.appendingPathComponent(".build/bench-data")
try? FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)

let whygo: String = {
    if let path = options.whygo { return path }
    let own = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    // One command from a clean clone: build (or bring up to date) the whygo next to this harness.
    if which("swift") != nil, own.lastPathComponent == "release" {
        log("building whygo (swift build -c release --product whygo)…")
        let built = spawn(["swift", "build", "-c", "release", "--product", "whygo", "--package-path", root.path,
                           "--scratch-path", own.deletingLastPathComponent().deletingLastPathComponent().path], stderr: dataDirectory.appendingPathComponent("build.log").path)
        if built.status != 0 { log("whygo-bench: building whygo failed; see .build/bench-data/build.log") }
    }
    for candidate in [own.appendingPathComponent("whygo").path, root.appendingPathComponent(".build/release/whygo").path] where access(candidate, X_OK) == 0 {
        return candidate
    }
    log("whygo-bench: no whygo binary next to \(own.path); run `swift build -c release` first (or pass --whygo PATH)")
    exit(2)
}()

var cpu = "unknown CPU"
if let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8), let line = info.split(separator: "\n").first(where: { $0.hasPrefix("model name") }) {
    cpu = line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? cpu
}
let cores = sysconf(Int32(_SC_NPROCESSORS_ONLN))
var load = [0.0, 0.0, 0.0]
getloadavg(&load, 3)
print("whygo-bench: \(whygo)")
print("machine: \(cpu), \(cores) cores, load \(String(format: "%.2f %.2f %.2f", load[0], load[1], load[2]))")

let missing = ["rg", "grep", "cat", "hyperfine", "/usr/bin/time"].filter { which($0) == nil }
if !missing.isEmpty {
    print("missing: \(missing.joined(separator: ", ")) (apt-get install -y ripgrep hyperfine time); those comparisons are skipped")
}

let failures = failureLogs(root: root)
let bigBytes = options.sizeMiB << 20
let bigPath = dataDirectory.appendingPathComponent("big-\(options.sizeMiB)MiB.log").path
if fileSize(bigPath) < bigBytes {
    log("generating \(bigPath) (\(options.sizeMiB) MiB)…")
    try generateBig(path: bigPath, bytes: bigBytes, failures: failures)
}
let smallPath = dataDirectory.appendingPathComponent("small-1MiB.log").path
if fileSize(smallPath) < 1 << 20 { try generateBig(path: smallPath, bytes: 1 << 20, failures: failures) }
let emptyPath = dataDirectory.appendingPathComponent("empty.log").path
FileManager.default.createFile(atPath: emptyPath, contents: Data())
let twentyPath = dataDirectory.appendingPathComponent("twenty.log").path
try Data(fallbackFailure.split(separator: "\n", omittingEmptySubsequences: false).prefix(20).joined(separator: "\n").utf8 + [10]).write(to: URL(fileURLWithPath: twentyPath))

let keywords = Matcher(library: try PatternLibrary.builtIn()).keywords
let keywordsPath = dataDirectory.appendingPathComponent("keywords.txt").path
try Data((keywords.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: keywordsPath))
let alternation = keywords.map { keyword in
    var escaped = ""
    for character in keyword {
        if ".[]()*+?{}|^$\\".contains(character) { escaped.append("\\") }
        escaped.append(character)
    }
    return escaped
}.joined(separator: "|")
let sizeLabel = options.sizeMiB >= 1024 ? "\(options.sizeMiB / 1024) GiB" : "\(options.sizeMiB) MiB"
print("scan input: \(sizeLabel), \(keywords.count) prefilter keywords, \(options.reps) repetitions (median)\(options.quick ? ", --quick" : "")")
print("")

// Warm the page cache.
_ = spawn(["cat", bigPath])

// 1. Scan
if options.wants("scan") {
    log("scan…")
    let mine = timed([whygo, "--quiet", "--format", "json", bigPath], reps: options.reps)
    let throughput = Double(bigBytes) / mine.median / 1e9
    if mine.last.status != 0 && mine.last.status != 1 { notes.append("whygo exited \(mine.last.status) on the scan input") }
    var rgTime = Double.nan
    if which("rg") != nil {
        let rg = timed(["rg", "-c", "-F", "-f", keywordsPath, bigPath], reps: options.reps)
        rgTime = rg.last.status > 1 ? .nan : rg.median
        if rg.last.status > 1 { notes.append("rg exited \(rg.last.status) on the scan input: its row is not a measurement") }
        rows.append(Row(name: "scan \(sizeLabel) vs rg -c -F -f", value: seconds(mine.median) + String(format: " (%.2f GB/s)", throughput), baseline: seconds(rgTime),
                        ratio: String(format: "%.2f×", mine.median / rgTime), target: "≤ 1.0× (must ≤ 1.5×)",
                        verdict: verdict(mine.median <= rgTime, must: mine.median <= 1.5 * rgTime)))
    } else {
        rows.append(Row(name: "scan \(sizeLabel) vs rg", value: seconds(mine.median), baseline: "rg missing", ratio: "-", target: "≤ 1.0×", verdict: "not measured"))
    }
    // The same scan on one thread (`--jobs 1`): rg searches one file on one thread too.
    let single = timed([whygo, "--quiet", "--format", "json", "--jobs", "1", bigPath], reps: options.reps)
    rows.append(Row(name: "scan, whygo --jobs 1 vs rg", value: seconds(single.median), baseline: rgTime.isNaN ? "rg missing" : seconds(rgTime),
                    ratio: rgTime.isNaN ? "-" : String(format: "%.2f×", single.median / rgTime), target: "(info)", verdict: "-"))
    let grepF = timed(["grep", "-c", "-F", "-f", keywordsPath, bigPath], reps: options.reps).median
    rows.append(Row(name: "scan vs grep -c -F -f", value: seconds(mine.median), baseline: seconds(grepF), ratio: String(format: "%.2f×", mine.median / grepF), target: "(info)", verdict: "-"))
    // `-e`: several keywords start with `--` (`--mount=type=cache`), which grep would take for an option.
    let grepE = timed(["grep", "-c", "-E", "-e", alternation, bigPath], reps: max(1, options.reps / 2), warmup: false)
    if grepE.last.status > 1 {
        rows.append(Row(name: "scan vs grep -c -E alternation", value: seconds(mine.median), baseline: "grep exited \(grepE.last.status)", ratio: "-", target: "< 1.0×", verdict: "not measured"))
    } else {
        rows.append(Row(name: "scan vs grep -c -E alternation", value: seconds(mine.median), baseline: seconds(grepE.median), ratio: String(format: "%.2f×", mine.median / grepE.median), target: "< 1.0×", verdict: verdict(mine.median < grepE.median)))
    }
}

// 2. Passthrough
if options.wants("pass") {
    log("passthrough…")
    let mine = timed([whygo], reps: options.reps, stdin: bigPath, stdout: "/dev/null")
    let cat = timed(["cat"], reps: options.reps, stdin: bigPath, stdout: "/dev/null")
    rows.append(Row(name: "passthrough whygo <BIG >/dev/null vs cat", value: seconds(mine.median), baseline: seconds(cat.median), ratio: String(format: "%.2f×", mine.median / cat.median), target: "≤ 2×", verdict: verdict(mine.median <= 2 * cat.median)))
    // The pipe case, as in `docker build … 2>&1 | whygo`.
    let piped = timed(["sh", "-c", "cat \"$0\" | \"$1\" >/dev/null 2>&1", bigPath, whygo], reps: options.reps)
    let pipedCat = timed(["sh", "-c", "cat \"$0\" | cat >/dev/null", bigPath], reps: options.reps)
    rows.append(Row(name: "passthrough via pipe: cat BIG | whygo vs | cat", value: seconds(piped.median), baseline: seconds(pipedCat.median), ratio: String(format: "%.2f×", piped.median / pipedCat.median), target: "≤ 2× (info)", verdict: verdict(piped.median <= 2 * pipedCat.median)))
}

// 3. Memory
if options.wants("mem") {
    log("memory…")
    func peak(_ argv: [String], stdin: String?) -> Int {
        if which("/usr/bin/time") != nil {
            let report = dataDirectory.appendingPathComponent("time.txt").path
            _ = spawn(["/usr/bin/time", "-v"] + argv, stdin: stdin, stderr: report)
            if let text = try? String(contentsOfFile: report, encoding: .utf8),
               let line = text.split(separator: "\n").first(where: { $0.contains("Maximum resident set size") }),
               let value = Int(line.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "") {
                return value
            }
        }
        return spawn(argv, stdin: stdin).maxRSSKiB
    }
    for (mode, argv, useStdin) in [("stdin passthrough", [whygo], true), ("file --quiet --format json", [whygo, "--quiet", "--format", "json"], false)] {
        let small = peak(useStdin ? argv : argv + [smallPath], stdin: useStdin ? smallPath : nil)
        let big = peak(useStdin ? argv : argv + [bigPath], stdin: useStdin ? bigPath : nil)
        let mib = { (kib: Int) in String(format: "%.1f MiB", Double(kib) / 1024) }
        rows.append(Row(name: "peak RSS, \(mode), \(sizeLabel) vs 1 MiB", value: mib(big), baseline: mib(small), ratio: "+" + mib(big - small),
                        target: "≤ 32 MiB, ≤ +8 MiB", verdict: verdict(big <= 32 * 1024 && big - small <= 8 * 1024)))
    }
    if which("/usr/bin/time") == nil { notes.append("/usr/bin/time missing: peak RSS from wait4 ru_maxrss") }
}

// 4. Start-up
if options.wants("start") {
    log("start-up…")
    for (label, path) in [("empty input", emptyPath), ("20-line log", twentyPath)] {
        var value = Double.nan
        var how = ""
        if which("hyperfine") != nil {
            let export = dataDirectory.appendingPathComponent("hyperfine.json").path
            let run = spawn(["hyperfine", "-N", "--warmup", "5", "--runs", "\(options.startupRuns)", "-i", "--export-json", export, "\(whygo) --quiet \(path)"])
            if run.status == 0, let data = try? Data(contentsOf: URL(fileURLWithPath: export)),
               let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
               let results = json["results"] as? [[String: Any]], let times = results.first?["times"] as? [Double] {
                value = median(times)
                how = "hyperfine"
            }
        }
        if value.isNaN {
            value = timed([whygo, "--quiet", path], reps: options.startupRuns).median
            how = "posix_spawn loop"
        }
        rows.append(Row(name: "start-up, \(label) (median of \(options.startupRuns), \(how))", value: seconds(value), baseline: "-", ratio: "-", target: "≤ 10 ms", verdict: verdict(value <= 0.010)))
    }
}

// 5. Live latency
if options.wants("live") {
    log("live latency…")
    let lines = fallbackFailure.split(separator: "\n").map { String($0) + "\n" }
    let endIndex = lines.firstIndex { $0.hasPrefix("#9 ERROR:") }!
    var latencies: [Double] = []
    for _ in 0..<max(5, options.reps) {
        var toChild: [Int32] = [0, 0]
        var fromChild: [Int32] = [0, 0]
        pipe(&toChild)
        pipe(&fromChild)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 2)
        posix_spawn_file_actions_addclose(&actions, toChild[1])
        posix_spawn_file_actions_addclose(&actions, fromChild[0])
        let cArgs = [strdup(whygo), nil]
        var pid: pid_t = 0
        posix_spawn(&pid, whygo, &actions, nil, cArgs, environ)
        posix_spawn_file_actions_destroy(&actions)
        free(cArgs[0])
        close(toChild[0])
        close(fromChild[1])
        var sentAt = 0.0
        for (index, line) in lines.prefix(endIndex + 1).enumerated() {
            usleep(2000)
            if index == endIndex { sentAt = now() }
            _ = line.withCString { write(toChild[1], $0, strlen($0)) }
        }
        var poller = pollfd(fd: fromChild[0], events: Int16(POLLIN), revents: 0)
        var latency = Double.nan
        if poll(&poller, 1, 5000) > 0 {
            latency = now() - sentAt
        }
        close(toChild[1])
        var sink = [UInt8](repeating: 0, count: 65536)
        while read(fromChild[0], &sink, sink.count) > 0 {}
        close(fromChild[0])
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        latencies.append(latency.isNaN ? 5 : latency)
    }
    let value = median(latencies)
    rows.append(Row(name: "live latency, failing step end → first report byte", value: seconds(value), baseline: "-", ratio: "-", target: "≤ 50 ms", verdict: verdict(value <= 0.050)))
}

// 6. Many small inputs
if options.wants("many") {
    log("many small inputs…")
    let directory = dataDirectory.appendingPathComponent("small-\(options.smallFiles)")
    let marker = directory.appendingPathComponent(".complete")
    if !FileManager.default.fileExists(atPath: marker.path) {
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for index in 0..<options.smallFiles {
            try failures[index % failures.count].write(to: directory.appendingPathComponent(String(format: "%05d.log", index)))
        }
        FileManager.default.createFile(atPath: marker.path, contents: Data())
    }
    var results: [Int: (Double, RunResult)] = [:]
    for jobs in [1, 2] {
        let run = timed([whygo, "--quiet", "--format", "json", "--jobs", "\(jobs)", directory.path], reps: max(1, options.reps / 2 + 1))
        results[jobs] = (run.median, run.last)
    }
    let one = results[1]!, two = results[2]!
    let speedup = one.0 / two.0
    let label = "\(options.smallFiles) small logs, --jobs 2 vs --jobs 1"
    if one.1.status == 2 && two.1.status == 2 {
        rows.append(Row(name: label, value: "-", baseline: "-", ratio: "-", target: "≥ 1.7×", verdict: "not measured (--jobs unsupported / exit 2)"))
    } else if two.1.cpuSeconds < 1.2 * two.1.seconds && speedup < 1.2 {
        rows.append(Row(name: label, value: seconds(two.0), baseline: seconds(one.0), ratio: String(format: "%.2f× speed-up", speedup), target: "≥ 1.7×", verdict: "not measured (--jobs accepted but runs on one core)"))
    } else {
        rows.append(Row(name: label, value: seconds(two.0), baseline: seconds(one.0), ratio: String(format: "%.2f× speed-up", speedup), target: "≥ 1.7×", verdict: verdict(speedup >= 1.7)))
    }
}

getloadavg(&load, 3)
notes.append(String(format: "load average at the end: %.2f %.2f %.2f (2 cores shared: figures are noisy; ratios are from the same run)", load[0], load[1], load[2]))
printTable()
