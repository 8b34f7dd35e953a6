/// A minimal JSON writer (no Foundation): values are built as text in a fixed key order.
public enum JSON {
    /// A JSON string literal for `text`, with every control character escaped.
    public static func quote(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// An object from ordered key/value pairs whose values are already JSON text.
    public static func object(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { quote($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    /// A number with at most two decimals, as JSON prints it.
    public static func number(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(rounded)
    }
}

extension Finding {
    /// The finding as one JSON object with the documented keys.
    public var json: String {
        var pairs: [(String, String)] = [
            ("file", JSON.quote(file)), ("line", String(line)), ("rootCause", JSON.quote(rootCause)),
            ("severity", JSON.quote(severity.rawValue)), ("title", JSON.quote(title)),
            ("evidence", JSON.quote(evidence)), ("fix", JSON.quote(fix)),
            ("confidence", JSON.number(confidence)), ("transient", transient ? "true" : "false"),
            ("pattern", JSON.quote(pattern)),
        ]
        if let module { pairs.append(("module", JSON.quote(module))) }
        if let version { pairs.append(("version", JSON.quote(version))) }
        if let step { pairs.append(("step", JSON.quote(step))) }
        if let dockerfile {
            pairs.append(("dockerfile", JSON.object([("path", JSON.quote(dockerfile.path)), ("line", String(dockerfile.line))])))
        }
        return JSON.object(pairs)
    }
}
