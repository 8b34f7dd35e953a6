#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure to read an input or a pattern file, with the system's reason.
public struct FileError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    static func errno(_ path: String) -> FileError {
        FileError(path: path, reason: String(cString: strerror(Glibc.errno)))
    }
}

/// File-system helpers over the C library (no Foundation on the core's path).
public enum FileSystem {
    /// What a path names.
    public enum Kind: Sendable { case file, directory, other, missing }

    public static func kind(of path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// Modification time in seconds since 1970, or nil.
    public static func modificationTime(of path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_mtim.tv_sec)
    }

    /// The whole file as bytes.
    public static func read(_ path: String) throws(FileError) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw FileError.errno(path) }
        defer { close(fd) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileError.errno(path)
            }
            if count == 0 { break }
            result.append(contentsOf: chunk[0..<count])
        }
        return result
    }

    /// Entries of a directory (names only, without `.` and `..`), sorted.
    public static func entries(of directory: String) throws(FileError) -> [String] {
        guard let dir = opendir(directory) else { throw FileError.errno(directory) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Every regular file below `directory`, depth first, sorted by path. Unreadable subdirectories
    /// are reported through `onError` and skipped.
    public static func files(under directory: String, onError: (FileError) -> Void = { _ in }) -> [String] {
        var result: [String] = []
        func walk(_ path: String) {
            let names: [String]
            do { names = try entries(of: path) } catch { onError(error); return }
            for name in names {
                let child = path.hasSuffix("/") ? path + name : path + "/" + name
                switch kind(of: child) {
                case .directory: walk(child)
                case .file: result.append(child)
                default: break
                }
            }
        }
        walk(directory)
        return result
    }
}
