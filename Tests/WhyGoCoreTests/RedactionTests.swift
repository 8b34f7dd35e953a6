import Foundation
import Testing
import WhyGoTestSupport
@testable import WhyGoCore

/// `Redactor.redact`: every credential shape becomes `***`; references and ordinary text stay.
@Suite struct RedactionTests {
    /// (input, the secret that must go, the exact output).
    static let cases: [(String, String, String)] = [
        ("reading https://ci-bot:Zx9-s3cret@goproxy.corp.example/github.com/acme/kit/@v/v1.4.0.zip: 404 Not Found", "Zx9-s3cret",
         "reading https://***@goproxy.corp.example/github.com/acme/kit/@v/v1.4.0.zip: 404 Not Found"),
        ("fatal: Authentication failed for 'https://ghp_R2d2C3poL8kE9xQ7wN4vB6mZ1aS5dF0gH3jK@github.com/acme/private/'", "R2d2C3poL8kE9xQ7wN4vB6mZ1aS5dF0gH3jK",
         "fatal: Authentication failed for 'https://***@github.com/acme/private/'"),
        ("> Authorization: Basic Y2k6czNjcjN0UDRzcw==", "Y2k6czNjcjN0UDRzcw==", "> Authorization: Basic ***"),
        ("curl -H \"Authorization: Bearer abc.DEF-123_xyz\" https://x", "abc.DEF-123_xyz", "curl -H \"Authorization: Bearer ***\" https://x"),
        ("Proxy-Authorization: token gho_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789", "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789", "Proxy-Authorization: token ***"),
        ("sent Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjaSJ9.c2ln to the proxy", "eyJhbGciOiJIUzI1NiJ9", "sent Bearer *** to the proxy"),
        ("token ghs_0123456789abcdefABCDEF0123456789abcd expired", "0123456789abcdefABCDEF0123456789abcd", "token ghs_*** expired"),
        ("ghu_Qw3rTy5uI7oP9aS1dF3gH5jK7lZ9xC1vB3nM ghr_Mn8Bv6Cx4Za2Sd0Fg8Hj6Kl4Qw2Er0Ty", "Qw3rTy5uI7oP9aS1dF3gH5jK7lZ9xC1vB3nM", "ghu_*** ghr_***"),
        ("pat github_pat_11ABCDEFG0aBcDeFgHiJkL_mNoPqRsTuVwXyZ0123456789", "11ABCDEFG0aBcDeFgHiJkL", "pat github_pat_***"),
        ("gitlab glpat-Q1w2E3r4T5y6U7i8O9p0 refused", "Q1w2E3r4T5y6U7i8O9p0", "gitlab glpat-*** refused"),
        ("npm npm_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5 set", "aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5", "npm npm_*** set"),
        ("key AKIAIOSFODNN7EXAMPLE and ASIAY34FZKBOKMUTVV7A", "IOSFODNN7EXAMPLE", "key AKIA*** and ASIA***"),
        ("hook xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "AbCdEfGhIjKlMnOpQrStUvWx", "hook xoxb-***"),
        ("machine goproxy.corp.example login ci password s3cr3tP4ss", "s3cr3tP4ss", "machine goproxy.corp.example login ci password ***"),
        ("  password s3cr3tP4ss", "s3cr3tP4ss", "  password ***"),
        ("docker build --build-arg GITHUB_TOKEN=tok3n-value --build-arg GOPROXY=direct .", "tok3n-value",
         "docker build --build-arg GITHUB_TOKEN=*** --build-arg GOPROXY=direct ."),
        ("ENV AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG", "wJalrXUtnFEMI/K7MDENG", "ENV AWS_SECRET_ACCESS_KEY=***"),
        ("ARG NETRC_PASSWORD=\"hunter2 x\"", "hunter2", "ARG NETRC_PASSWORD=\"***\""),
        ("RUN GIT_PASSWD=Tr0ub4dor go mod download", "Tr0ub4dor", "RUN GIT_PASSWD=*** go mod download"),
        ("api_key=k3y-Value&page=2", "k3y-Value", "api_key=***&page=2"),
        ("ENV GITLAB_TOKEN some-plain-secret", "some-plain-secret", "ENV GITLAB_TOKEN ***"),
    ]

    @Test(arguments: cases.indices)
    func redactsShape(_ index: Int) {
        let (input, secret, expected) = Self.cases[index]
        let output = Redactor.redact(input)
        #expect(!output.contains(secret), "\(output)")
        #expect(output == expected)
        #expect(Redactor.redact(output) == output, "redaction is idempotent")
    }

    /// References, user names and ordinary Go output are not secrets.
    @Test(arguments: [
        "RUN git config --global url.\"https://${GITHUB_TOKEN}@github.com/\".insteadOf \"https://github.com/\"",
        "# .netrc: machine <host> login <user> password <token>",
        "docker build --secret id=netrc,src=$HOME/.netrc .",
        "RUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download",
        "RUN git config --global url.\"https://github.com/\".insteadOf \"ssh://git@github.com/\"",
        "go: github.com/acme/kit@v1.4.0: reading https://proxy.golang.org/github.com/acme/kit/@v/v1.4.0.zip: 404 Not Found",
        "\tgo.sum:     h1:cXV1eGNvcmdlZ3JhdWx0Z2FycGx5Zm9vYmFyYmF6Pw8=",
        "ENV GOFLAGS=-mod=mod GOPRIVATE=git.corp.example GONOSUMDB=",
        "docker build --build-arg GITHUB_TOKEN=${{ secrets.GITHUB_TOKEN }} .",
        "fatal: could not read Password for 'https://github.com': terminal prompts disabled",
        "the proxy wants Bearer authentication",
        "git@github.com: Permission denied (publickey).",
    ])
    func keepsNonSecrets(_ text: String) {
        #expect(Redactor.redact(text) == text)
    }

    @Test func keepsMultiByteText() {
        let text = "ключ: token=сек рет ✓ https://юзер:пароль@host/"
        let output = Redactor.redact(text)
        #expect(output == "ключ: token=*** рет ✓ https://***@host/")
    }

    /// Findings built by hand are redacted by every CI renderer, step and module included.
    @Test func renderersRedactFindingsBuiltElsewhere() {
        let finding = Finding(
            file: "build.log", line: 3, rootCause: "private-module-auth", severity: .error,
            title: "https://bot:pa55w0rd@git.corp.example refused", evidence: "Authorization: Bearer abcdef123456",
            fix: "ENV GITHUB_TOKEN=ghp_R2d2C3poL8kE9xQ7wN4vB6mZ1aS5dF0gH3jK", confidence: 0.9, transient: false,
            pattern: "p", module: "git.corp.example/x", step: "[b 2/3] RUN NPM_TOKEN=npm-plain-secret go mod download",
            dockerfile: DockerfileLocation(path: "Dockerfile", line: 4)
        )
        var github = GitHubRenderer()
        var gitlab = GitLabRenderer()
        var sarif = SARIFRenderer(rootCauses: [], version: "0")
        var markdown = MarkdownRenderer()
        var text = RedactingRenderer(TextRenderer(color: false))
        var json = RedactingRenderer(JSONLinesRenderer())
        let outputs = [
            github.render([finding]) + github.finish() + github.stepSummary,
            gitlab.render([finding]) + gitlab.finish(), sarif.render([finding]) + sarif.finish(),
            markdown.render([finding]) + markdown.finish(), text.render([finding]), json.render([finding]),
        ]
        for output in outputs {
            for secret in ["pa55w0rd", "abcdef123456", "R2d2C3poL8kE9xQ7wN4vB6mZ1aS5dF0gH3jK", "npm-plain-secret"] {
                #expect(!output.contains(secret), "\(secret) in \(output)")
            }
        }
    }

    /// Every credential planted in `Corpus/cases/secrets/*.log`.
    static let corpusSecrets = [
        "R2d2C3poL8kE9xQ7wN4vB6mZ1aS5dF0gH3jK", "Zx9-s3cretPass", "Y2k6czNjcjN0UDRzcw==", "s3cr3tP4ss-netrc",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjaSJ9", "Q1w2E3r4T5y6U7i8O9p0", "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
        "11ABCDEFG0aBcDeFgHiJkL_mNoPqRsTuVwXyZ0123456789", "aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5", "IOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY", "FwoGZXIvYXdzEBYaDHhBTEXAMPLESESSION", "hunter2-Pa55word",
        "1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "k3y-Value-9f8e7d6c5b4a", "Y34FZKBOKMUTVV7A", "Tr0ub4dor",
        "Zz9Yy8Xx7Ww6Vv5Uu4Tt", "Qw3rTy5uI7oP9aS1dF3gH5jK7lZ9xC1vB3nM", "Mn8Bv6Cx4Za2Sd0Fg8Hj6Kl4Qw2Er0Ty",
    ]

    static var secretLogs: [URL] {
        let directory = WhygoProcess.corpus.appendingPathComponent("cases/secrets")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".log") }.sorted().map { directory.appendingPathComponent($0) }
    }

    /// Every format over every secrets log: no planted credential comes out (the report; the
    /// passthrough is the user's own log and is not redacted).
    @Test func secretsCorpusNeverLeaks() throws {
        let logs = Self.secretLogs
        #expect(logs.count >= 5)
        for log in logs {
            let text = try String(contentsOf: log, encoding: .utf8)
            #expect(Self.corpusSecrets.contains { text.contains($0) }, "\(log.lastPathComponent) plants no known secret")
            for format in ["text", "json", "github", "gitlab", "sarif", "markdown"] {
                let summary = FileManager.default.temporaryDirectory.appendingPathComponent("whygo-summary-\(UUID().uuidString).md")
                defer { try? FileManager.default.removeItem(at: summary) }
                let result = try WhygoProcess.run(
                    ["--quiet", "--color", "never", "--format", format, log.path],
                    environment: ["GITHUB_STEP_SUMMARY": summary.path, "PATH": "/usr/bin:/bin"]
                )
                #expect(result.status == 1, "\(log.lastPathComponent) \(format): \(result.stderrText)")
                let stepSummary = (try? String(contentsOf: summary, encoding: .utf8)) ?? ""
                for output in [result.stdoutText, result.stderrText, stepSummary] {
                    for secret in Self.corpusSecrets where output.contains(secret) {
                        Issue.record("\(secret) leaked by --format \(format) on \(log.lastPathComponent)")
                    }
                }
            }
        }
    }
}
