// libFuzzer target: the output writers. Findings with fuzzed strings (invalid UTF-8 repaired, control
// characters, quotes, ANSI, secrets) go through every renderer; JSON Lines output must parse back.
import Foundation

func fuzzFields(_ bytes: UnsafeBufferPointer<UInt8>) -> [String] {
    var fields = bytes.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    while fields.count < 12 { fields.append(fields.count % 2 == 0 ? "" : "https://user:ghp_abcdefghijklmnopqrstuvwxyz0123456789@example.com/x") }
    return fields
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWriters(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let f = fuzzFields(UnsafeBufferPointer(start: data, count: size))
    let number = size > 0 ? Int(data[0]) : 0
    let finding = Finding(
        file: f[0], line: number, rootCause: f[1].isEmpty ? "dns" : f[1], severity: number % 2 == 0 ? .error : .warning,
        title: f[2], evidence: f[3], fix: f[4], confidence: Double(number) / 255, transient: number % 3 == 0, pattern: f[5],
        module: f[6].isEmpty ? nil : f[6], version: f[7].isEmpty ? nil : f[7], step: f[8].isEmpty ? nil : f[8],
        dockerfile: f[9].isEmpty ? nil : DockerfileLocation(path: f[9], line: number + 1),
        details: ["host": f[10], "url": f[11], f[min(12, f.count - 1)]: f[0]])
    let findings = [finding, finding]

    var json = JSONLinesRenderer()
    let jsonText = json.render(findings) + json.finish()
    for line in jsonText.split(separator: "\n") {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            preconditionFailure("JSON Lines output does not parse: \(line)")
        }
        precondition(object["rootCause"] != nil || object["root_cause"] != nil || !object.isEmpty)
    }
    var plain = TextRenderer(color: false)
    _ = plain.render(findings) + plain.finish()
    var colored = TextRenderer(color: true)
    _ = colored.render(findings) + colored.finish()
#if HAVE_CI_RENDERERS
    var github = GitHubRenderer(maxAnnotations: number % 12)
    _ = github.render(findings) + github.finish()
    var gitlab = GitLabRenderer()
    let gitlabText = gitlab.render(findings) + gitlab.finish()
    if !gitlabText.isEmpty { precondition((try? JSONSerialization.jsonObject(with: Data(gitlabText.utf8))) != nil, "GitLab report does not parse") }
    var sarif = SARIFRenderer(rootCauses: [], version: "0.0.0")
    let sarifText = sarif.render(findings) + sarif.finish()
    if !sarifText.isEmpty { precondition((try? JSONSerialization.jsonObject(with: Data(sarifText.utf8))) != nil, "SARIF report does not parse") }
    var markdown = MarkdownRenderer()
    _ = markdown.render(findings) + markdown.finish()
#endif
    return 0
}
