#if canImport(Glibc)
import Glibc
#endif
import WhyGoCore

/// whygo's version, as `--version` and SARIF report it.
let whygoVersion = "0.1.0"

signal(SIGPIPE, SIG_DFL)
let arguments = Array(CommandLine.arguments.dropFirst())
let options: Options
do {
    options = try Options.parse(arguments)
} catch {
    complain(error.message)
    exit(2)
}

var library: PatternLibrary
do {
    library = try PatternLibrary.builtIn()
    for directory in options.patternDirectories { try library.add(directory: directory) }
} catch {
    complain(error.description)
    exit(2)
}

switch options.command {
case "help":
    Output.standardOutput.write(Options.help + "\n")
    exit(0)
case "version":
    Output.standardOutput.write("whygo \(whygoVersion)\n")
    exit(0)
case "patterns":
    Output.standardOutput.write(Commands.patternList(library))
    exit(0)
case "explain":
    let id = options.commandArgument ?? ""
    guard let text = Commands.explain(id, library: library) else {
        complain("no root cause '\(id)'; known: \(library.rootCauses.keys.sorted().joined(separator: ", "))")
        exit(2)
    }
    Output.standardOutput.write(text)
    exit(0)
default:
    break
}

let matcher = Matcher(library: library)
exit(Runner(options: options, matcher: matcher).run())
