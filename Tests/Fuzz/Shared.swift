// Shared by every fuzz target: the built-in library, compiled once.
enum FuzzShared {
    nonisolated(unsafe) static let matcher: Matcher = Matcher(library: try! PatternLibrary.builtIn())
}
