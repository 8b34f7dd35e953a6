import Foundation
import PackagePlugin

/// Embeds every `Patterns/**/*.pattern` file into the WhyGoCore module as `EmbeddedPatterns.swift`,
/// so that `Patterns/` stays the only source and the binary works when copied alone.
@main
struct EmbedPatterns: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let patterns = context.package.directoryURL.appending(path: "Patterns")
        var inputs: [URL] = []
        if let walker = FileManager.default.enumerator(at: patterns, includingPropertiesForKeys: nil) {
            for case let url as URL in walker {
                let name = url.lastPathComponent
                if name.hasSuffix(".pattern") || name.hasSuffix(".explain") { inputs.append(url) }
            }
        }
        inputs.sort { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedPatterns.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) files of Patterns/",
                executable: try context.tool(named: "whygo-embed").url,
                arguments: [patterns.path, output.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
