#if canImport(Glibc)
import Glibc
#endif

/// One input of a batch run: a file (plain or gzip), an entry of a zip archive, or something that
/// could not be opened (kept so that it is reported in order and counted).
public struct BatchInput: Sendable {
    public enum Source: Sendable {
        /// A plain or gzip file (gzip is recognised by its magic bytes), a FIFO, a device.
        case file(path: String)
        case zipEntry(archive: ZipArchive, entry: ZipArchive.Entry)
        case unreadable(reason: String)
    }

    /// `path`, or `archive.zip:path/inside`.
    public var name: String
    public var source: Source

    public init(name: String, source: Source) {
        self.name = name
        self.source = source
    }
}

/// Turns the command line's FILE|DIR arguments into the sorted list of inputs.
public enum InputSource {
    /// Directories are walked recursively; their files are kept when `selected` says so. Zip
    /// archives (by the `.zip` suffix) become one input per file entry. The result is sorted by name.
    public static func enumerate(_ arguments: [String], includes: [String] = [], excludes: [String] = []) -> [BatchInput] {
        var result: [BatchInput] = []
        for argument in arguments {
            var info = stat()
            guard stat(argument, &info) == 0 else {
                result.append(BatchInput(name: argument, source: .unreadable(reason: String(cString: strerror(errno)))))
                continue
            }
            if info.st_mode & S_IFMT == S_IFDIR {
                let files = FileSystem.files(under: argument) { error in
                    result.append(BatchInput(name: error.path, source: .unreadable(reason: error.reason)))
                }
                for file in files where selected(file, includes: includes, excludes: excludes) {
                    result += expand(file)
                }
            } else {
                result += expand(argument)
            }
        }
        return result.enumerated().sorted { ($0.element.name, $0.offset) < ($1.element.name, $1.offset) }.map(\.element)
    }

    /// A zip archive's file entries, or the file itself.
    static func expand(_ path: String) -> [BatchInput] {
        guard path.lowercased().hasSuffix(".zip") else { return [BatchInput(name: path, source: .file(path: path))] }
        do {
            let archive = try ZipArchive(path: path)
            return archive.entries.filter { !$0.isDirectory }.map {
                BatchInput(name: path + ":" + $0.name, source: .zipEntry(archive: archive, entry: $0))
            }
        } catch {
            return [BatchInput(name: path, source: .unreadable(reason: error.reason))]
        }
    }

    /// `--include`/`--exclude`: a shell glob (`*`, `?`, `[…]`) on the file's name or its path; a
    /// `.gz` file is also tried without that suffix. With includes, one must match; no exclude may.
    public static func selected(_ path: String, includes: [String], excludes: [String]) -> Bool {
        let name = String(path.split(separator: "/").last ?? "")
        var candidates = [name, path]
        if name.hasSuffix(".gz") { candidates += [String(name.dropLast(3)), String(path.dropLast(3))] }
        func matches(_ glob: String) -> Bool { candidates.contains { fnmatch(glob, $0, 0) == 0 } }
        if !includes.isEmpty, !includes.contains(where: matches) { return false }
        return !excludes.contains(where: matches)
    }
}
