/// Removes credentials from text whygo writes (never from the passthrough, which is the user's own log).
public enum Redactor {
    /// The text with secrets replaced by `***`.
    public static func redact(_ text: String) -> String {
        var result = text
        // Credentials in URLs: scheme://user:token@host → scheme://***@host
        if result.containsLiteral("://") && result.contains("@") {
            var out = ""
            var rest = Substring(result)
            while let scheme = rest.range(of: "://") {
                out += rest[..<scheme.upperBound]
                rest = rest[scheme.upperBound...]
                let authority = rest.prefix { $0 != "/" && $0 != " " && $0 != "\"" && $0 != "'" && $0 != "\t" }
                if let at = authority.lastIndex(of: "@") {
                    out += "***"
                    rest = rest[at...]
                }
            }
            out += rest
            result = out
        }
        return result
    }
}
