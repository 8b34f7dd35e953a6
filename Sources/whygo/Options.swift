/// What the command line asked for.
struct Options {
    enum Format: String, CaseIterable { case text, json, github, gitlab, sarif, markdown }
    enum ColorChoice: String { case auto, always, never }

    var format: Format = .text
    var quiet = false
    var patternDirectories: [String] = []
    var dockerfile: String?
    var output: String?
    var summary = false
    var includes: [String] = []
    var excludes: [String] = []
    var jobs: Int?
    var maxAnnotations = 10
    var color: ColorChoice = .auto
    var inputs: [String] = []
    /// `explain ID`, `patterns`, `help`, `version`, or nil to analyse.
    var command: String?
    var commandArgument: String?

    struct UsageError: Error { var message: String }

    static func parse(_ arguments: [String]) throws(UsageError) -> Options {
        var options = Options()
        var index = 0
        var onlyInputs = false
        func value(_ name: String) throws(UsageError) -> String {
            index += 1
            guard index < arguments.count else { throw UsageError(message: "\(name) needs a value") }
            return arguments[index]
        }
        while index < arguments.count {
            var argument = arguments[index]
            var inline: String?
            if !onlyInputs, argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                inline = String(argument[argument.index(after: equals)...])
                argument = String(argument[..<equals])
            }
            func take(_ name: String) throws(UsageError) -> String {
                if let inline { return inline }
                return try value(name)
            }
            if onlyInputs || argument == "-" || !argument.hasPrefix("-") {
                if options.inputs.isEmpty, options.command == nil, !onlyInputs, ["explain", "patterns", "help", "version"].contains(argument) {
                    options.command = argument
                    if argument == "explain" {
                        guard index + 1 < arguments.count else { throw UsageError(message: "explain needs a root-cause id (see 'whygo patterns')") }
                        index += 1
                        options.commandArgument = arguments[index]
                    }
                } else {
                    options.inputs.append(argument)
                }
                index += 1
                continue
            }
            switch argument {
            case "--": onlyInputs = true
            case "-h", "--help": options.command = "help"
            case "-V", "--version": options.command = "version"
            case "-q", "--quiet": options.quiet = true
            case "-f", "--format":
                let name = try take("--format")
                guard let format = Format(rawValue: name) else {
                    throw UsageError(message: "unknown format '\(name)' (one of \(Format.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                options.format = format
            case "--json": options.format = .json
            case "--patterns": options.patternDirectories.append(try take("--patterns"))
            case "--dockerfile": options.dockerfile = try take("--dockerfile")
            case "-o", "--output": options.output = try take("--output")
            case "--summary": options.summary = true
            case "--include": options.includes.append(try take("--include"))
            case "--exclude": options.excludes.append(try take("--exclude"))
            case "-j", "--jobs":
                let text = try take("--jobs")
                guard let jobs = Int(text), jobs >= 1, jobs <= 256 else { throw UsageError(message: "--jobs takes a whole number from 1 to 256") }
                options.jobs = jobs
            case "--max-annotations":
                let text = try take("--max-annotations")
                guard let count = Int(text), count >= 0 else { throw UsageError(message: "--max-annotations takes a whole number") }
                options.maxAnnotations = count
            case "--color", "--colour":
                let text = try take("--color")
                guard let choice = ColorChoice(rawValue: text) else { throw UsageError(message: "--color takes auto, always or never") }
                options.color = choice
            case "--no-color", "--no-colour": options.color = .never
            default:
                throw UsageError(message: "unknown option '\(argument)' (see 'whygo --help')")
            }
            index += 1
        }
        return options
    }

    static let help = """
    whygo: why did my Go build break inside Docker or CI, and what do I change?

    USAGE
      docker build --progress=plain . 2>&1 | whygo [options]     live: passes the log through, then the diagnosis
      whygo [options] FILE|DIR ...                               analyse saved logs (.log, .txt, .gz, .zip)
      whygo explain ID                                           what a root cause means, how to confirm and fix it
      whygo patterns                                             list the pattern library

    OPTIONS
      -f, --format FORMAT    text (default), json (JSON Lines), github, gitlab, sarif, markdown
      -q, --quiet            stdin mode: do not pass the log through; the report goes to stdout
      -o, --output FILE      write the report to FILE (the log still streams to stdout)
          --dockerfile PATH  the Dockerfile to name in annotations when the log does not show it
          --patterns DIR     add the .pattern files in DIR (an id already known is replaced)
          --summary          aggregate over all inputs: causes, counts, modules, hosts, unknowns
          --include GLOB     with directories: only files whose name matches (repeatable)
          --exclude GLOB     with directories: skip files whose name matches (repeatable)
      -j, --jobs N           threads: inputs analysed in parallel, or parts of one big input searched at once (default: all cores)
          --max-annotations N  github: error and warning annotations per step (default 10)
          --color WHEN       auto (default: only on a terminal, never with NO_COLOR), always, never
      -h, --help             this help
      -V, --version          the version

    INPUT AND OUTPUT
      With no FILE (or '-'), whygo reads stdin, copies every byte to stdout unchanged as it arrives,
      and writes the report to stderr as soon as a failing step ends. With --quiet or with files there
      is no passthrough and the report goes to stdout.

    EXIT STATUS
      0  no error-severity finding      1  at least one error finding
      2  usage error, or an input or pattern file could not be read (other inputs are still analysed)

    ROOT CAUSES
      proxy-unreachable proxy-unstable private-module-auth cache-not-reused checksum-mismatch
      gopath-conflict go-version-mismatch module-path-mismatch module-not-found gosum-stale tls-ca dns
      disk-full local-replace-missing git-missing modcache-permission cause-not-shown verification-disabled
      ('whygo explain ID' for each)
    """
}
