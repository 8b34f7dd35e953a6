#if canImport(Glibc)
import Glibc
#endif
import WhyGoCore

extension Runner {
    // MARK: - files

    func expandInputs(status: inout Status) -> [String] {
        var result: [String] = []
        for input in options.inputs {
            switch FileSystem.kind(of: input) {
            case .directory:
                let files = FileSystem.files(under: input) { error in
                    complain(error.description)
                }
                result += files.filter { Runner.selected($0, includes: options.includes, excludes: options.excludes) }
            case .missing:
                complain("\(input): no such file or directory")
                status.inputFailed = true
            default:
                result.append(input)
            }
        }
        return result
    }

    static func selected(_ path: String, includes: [String], excludes: [String]) -> Bool {
        let name = String(path.split(separator: "/").last ?? "")
        if !includes.isEmpty, !includes.contains(where: { Glob.matches($0, name) || Glob.matches($0, path) }) { return false }
        if excludes.contains(where: { Glob.matches($0, name) || Glob.matches($0, path) }) { return false }
        return true
    }

    func analyseFile(_ path: String, renderer: inout any Renderer, report: Output, status: inout Status) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            complain("\(path): \(String(cString: strerror(errno)))")
            status.inputFailed = true
            return
        }
        defer { close(fd) }
        var analyzer = LogAnalyzer(matcher: matcher, fileName: path, dockerfilePath: options.dockerfile)
        let size = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let count = read(fd, buffer.baseAddress, size)
            if count < 0 {
                if errno == EINTR { continue }
                complain("\(path): \(String(cString: strerror(errno)))")
                status.inputFailed = true
                return
            }
            if count == 0 { break }
            analyzer.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        let findings = analyzer.finish()
        status.record(findings)
        if !report.write(renderer.render(findings)) { status.writeFailed = true }
    }
}

/// Shell-style globs for --include/--exclude: `*`, `?`, `[abc]`.
enum Glob {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        fnmatch(pattern, text, 0) == 0
    }
}
