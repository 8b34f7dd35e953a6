import Foundation
import PackagePlugin

/// Embeds every `Patterns/**/*.pattern` and `*.explain` file into the WhyGoCore module as
/// `EmbeddedPatterns.swift`, so that `Patterns/` stays the only source and the binary works when
/// copied alone. The folders are inputs too: adding a file changes its folder, which reruns the
/// command, and `whygo-embed` walks `Patterns/` itself.
@main
struct EmbedPatterns: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let patterns = context.package.directoryURL.appending(path: "Patterns")
        var inputs: [URL] = [patterns]
        if let walker = FileManager.default.enumerator(at: patterns, includingPropertiesForKeys: nil) {
            for case let url as URL in walker {
                let name = url.lastPathComponent
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
                    inputs.append(url)
                } else if name.hasSuffix(".pattern") || name.hasSuffix(".explain") {
                    inputs.append(url)
                }
            }
        }
        inputs.sort { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedPatterns.swift")
        return [
            .buildCommand(
                displayName: "Embedding Patterns/",
                executable: try context.tool(named: "whygo-embed").url,
                arguments: [patterns.path, output.path],
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
