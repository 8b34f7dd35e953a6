extension Finding {
    /// The finding with `Redactor.redact` applied to every text field a report shows (the classifier
    /// redacts already; CI renderers apply it again for findings built elsewhere, e.g. by tests or
    /// plug-ins, and for the fields it leaves alone, such as the step).
    public var redacted: Finding {
        var copy = self
        copy.title = Redactor.redact(title)
        copy.evidence = Redactor.redact(evidence)
        copy.fix = Redactor.redact(fix)
        copy.file = Redactor.redact(file)
        copy.module = module.map(Redactor.redact)
        copy.version = version.map(Redactor.redact)
        copy.step = step.map(Redactor.redact)
        if let dockerfile { copy.dockerfile = DockerfileLocation(path: Redactor.redact(dockerfile.path), line: dockerfile.line) }
        copy.details = details.mapValues(Redactor.redact)
        return copy
    }
}

/// Wraps any renderer so that it only ever sees redacted findings (text and JSON Lines included).
public struct RedactingRenderer: Renderer {
    public var inner: any Renderer

    public init(_ inner: any Renderer) {
        self.inner = inner
    }

    public mutating func render(_ findings: [Finding]) -> String {
        inner.render(findings.map(\.redacted))
    }

    public mutating func finish() -> String {
        inner.finish()
    }

    public var rendersEachInputAlone: Bool { inner.rendersEachInputAlone }
}
