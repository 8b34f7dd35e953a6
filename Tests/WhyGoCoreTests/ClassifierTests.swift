import Testing
@testable import WhyGoCore

/// The classifier's correlation rules, through the library API on small logs.
@Suite struct ClassifierTests {
    static let matcher = Matcher(library: try! PatternLibrary.builtIn())

    func analyse(_ log: String, dockerfile: (path: String, text: String)? = nil) -> [Finding] {
        var analyzer = LogAnalyzer(matcher: Self.matcher, fileName: "test.log", dockerfilePath: dockerfile?.path, dockerfileText: dockerfile?.text)
        var bytes = Array(log.utf8)
        bytes.withUnsafeMutableBytes { analyzer.feed(UnsafeRawBufferPointer($0)) }
        return analyzer.finish()
    }

    func errors(_ log: String) -> [Finding] { analyse(log).filter { $0.severity == .error } }

    @Test func privateHost404IsPrivateModuleAuth() {
        let found = errors("go: git.corp.example/team/lib@v1.2.0: reading https://proxy.golang.org/git.corp.example/team/lib/@v/v1.2.0.mod: 404 Not Found\n")
        #expect(found.first?.rootCause == "private-module-auth")
        #expect(found.first?.fix.containsLiteral("git.corp.example/team/*") == true, "\(found.first?.fix ?? "")")
    }

    @Test func publicModule404IsModuleNotFound() {
        let found = errors("go: github.com/acme/nosuch@v1.2.0: reading https://proxy.golang.org/github.com/acme/nosuch/@v/v1.2.0.mod: 404 Not Found\n")
        #expect(found.first?.rootCause == "module-not-found")
    }

    @Test func declaredPrivateWins() {
        let log = "ENV GOPRIVATE=github.com/acme/*\ngo: github.com/acme/secret@v1.2.0: reading https://proxy.golang.org/github.com/acme/secret/@v/v1.2.0.mod: 410 Gone\n"
        #expect(errors(log).first?.rootCause == "private-module-auth")
    }

    /// GOPRIVATE is set, but its glob misses the module (a typo): the fix says so first.
    @Test func goprivateThatMissesTheModuleIsNamed() {
        let log = "RUN go env -w GOPRIVATE=git.corp.example/platfrom/*\n"
            + "go: git.corp.example/platform/lib@v1.2.0: reading https://proxy.golang.org/git.corp.example/platform/lib/@v/v1.2.0.mod: 404 Not Found\n"
        let found = errors(log)
        #expect(found.first?.rootCause == "private-module-auth")
        let fix = found.first?.fix ?? ""
        #expect(fix.hasPrefix("# this build's private glob git.corp.example/platfrom/* does not cover git.corp.example/platform/lib"), "\(fix)")
        #expect(fix.containsLiteral("ENV GOPRIVATE=git.corp.example/platform/*"))
        #expect(found.first?.details["goprivateSet"] == "git.corp.example/platfrom/*")
        // A glob that covers the module, or none at all: no such note.
        let covered = errors("ENV GOPRIVATE=github.com/acme/*\ngo: github.com/acme/secret@v1.2.0: reading https://proxy.golang.org/github.com/acme/secret/@v/v1.2.0.mod: 410 Gone\n")
        #expect(covered.first?.fix.hasPrefix("#") == false)
        let unset = errors("go: git.corp.example/team/lib@v1.2.0: reading https://proxy.golang.org/git.corp.example/team/lib/@v/v1.2.0.mod: 404 Not Found\n")
        #expect(unset.first?.fix.containsLiteral("does not cover") == false)
    }

    /// On a public host, an owner one edit away from the GOPRIVATE glob is the typo; an unrelated
    /// owner is a public module, so its 404 (or git's prompt) means it does not exist.
    @Test func declaredPrivateGlobsDecidePublicHostPaths() {
        let typo = errors("ENV GOPRIVATE=github.com/acme-corp/*\n"
            + "go: github.com/acmecorp/billing@v1.3.0: reading https://proxy.golang.org/github.com/acmecorp/billing/@v/v1.3.0.mod: 404 Not Found\n"
            + "\tserver response: not found: github.com/acmecorp/billing@v1.3.0: invalid version: git ls-remote -q origin in /go/pkg/mod/cache/vcs/0a: exit status 128:\n"
            + "\t\tfatal: could not read Username for 'https://github.com': terminal prompts disabled\n")
        #expect(typo.first?.rootCause == "private-module-auth")
        #expect(typo.first?.fix.hasPrefix("# this build's private glob github.com/acme-corp/* does not cover github.com/acmecorp/billing") == true, "\(typo.first?.fix ?? "")")
        let unrelated = errors("ENV GOPRIVATE=github.com/shipwright-labs/*\n"
            + "go: github.com/uber-go/zaplogger@v1.27.0: reading https://proxy.golang.org/github.com/uber-go/zaplogger/@v/v1.27.0.info: 404 Not Found\n"
            + "\tserver response: not found: github.com/uber-go/zaplogger@v1.27.0: invalid version: git ls-remote -q origin in /go/pkg/mod/cache/vcs/19: exit status 128:\n"
            + "\t\tfatal: could not read Username for 'https://github.com': terminal prompts disabled\n")
        #expect(unrelated.first?.rootCause == "module-not-found")
        #expect(unrelated.first?.fix.containsLiteral("does not cover") == false)
        #expect(Environment.editDistance("acme-corp", "acmecorp") == 1)
        #expect(Environment.editDistance("", "abc") == 3)
        #expect(Environment.editDistance("shipwright-labs", "uber-go") > 2)
    }

    @Test func publicProxy403IsNetworkPolicy() {
        let found = errors("go: github.com/acme/kit@v1.4.0: reading https://proxy.golang.org/github.com/acme/kit/@v/v1.4.0.zip: 403 Forbidden\n")
        #expect(found.first?.rootCause == "proxy-unreachable")
    }

    @Test func timeoutToConfiguredMirrorIsUnstableAndToDefaultIsUnreachable() {
        let mirror = "ENV GOPROXY=https://goproxy.corp.example,direct\ngo: github.com/acme/kit@v1.4.0: Get \"https://goproxy.corp.example/github.com/acme/kit/@v/v1.4.0.mod\": net/http: TLS handshake timeout\n"
        #expect(errors(mirror).first?.rootCause == "proxy-unstable")
        let blocked = "go: github.com/acme/kit@v1.4.0: Get \"https://proxy.golang.org/github.com/acme/kit/@v/v1.4.0.mod\": dial tcp 142.250.1.1:443: i/o timeout\n"
        #expect(errors(blocked).first?.rootCause == "proxy-unreachable")
        let dns = "go: github.com/acme/kit@v1.4.0: Get \"https://proxy.golang.org/github.com/acme/kit/@v/v1.4.0.mod\": dial tcp: lookup proxy.golang.org on 127.0.0.11:53: server misbehaving\n"
        #expect(errors(dns).first?.rootCause == "dns")
    }

    @Test func successfulStepDropsItsErrors() {
        let log = """
        #9 [builder 4/7] RUN go mod download
        #9 2.1 go: github.com/acme/kit@v1.4.0: reading https://goproxy.corp.example/github.com/acme/kit/@v/v1.4.0.zip: 502 Bad Gateway
        #9 DONE 9.3s

        """
        #expect(errors(log).isEmpty)
    }

    @Test func oneFailingStepGivesOneErrorFinding() {
        let log = """
        #9 [builder 4/7] RUN go mod download
        #9 2.1 go: github.com/acme/a@v1.0.0: Get "https://proxy.golang.org/github.com/acme/a/@v/v1.0.0.mod": dial tcp 1.2.3.4:443: i/o timeout
        #9 2.1 go: github.com/acme/b@v1.0.0: Get "https://proxy.golang.org/github.com/acme/b/@v/v1.0.0.mod": dial tcp 1.2.3.4:443: i/o timeout
        #9 ERROR: process "/bin/sh -c go mod download" did not complete successfully: exit code: 1

        """
        let found = errors(log)
        #expect(found.count == 1)
        #expect(found.first?.line == 2)
        #expect(found.first?.details["folded"] == "1")
    }

    @Test func goStepWithoutGoErrorIsCauseNotShown() {
        let log = "Step 4/6 : RUN go mod download\n ---> Running in 1a2b3c\nThe command '/bin/sh -c go mod download' returned a non-zero code: 1\n"
        let found = errors(log)
        #expect(found.first?.rootCause == "cause-not-shown")
        #expect(found.first?.line == 3)
    }

    @Test func compileErrorIsNoFinding() {
        let log = "#12 [builder 6/7] RUN go build -o /app .\n#12 3.2 ./main.go:12:5: undefined: foo\n#12 ERROR: process \"/bin/sh -c go build -o /app .\" did not complete successfully: exit code: 1\n"
        #expect(analyse(log).isEmpty)
    }

    @Test func legacyStepIsPlacedWithTheUsersDockerfile() {
        let dockerfile = (path: "build/Dockerfile", text: "# syntax\nFROM golang:1.22 AS builder\nWORKDIR /src\n\nCOPY go.mod go.sum ./\nRUN go mod download \\\n    -x\nCOPY . .\n")
        let log = "Step 4/5 : RUN go mod download -x\n ---> Running in 1a2b3c\nverifying github.com/acme/kit@v1.4.0: checksum mismatch\nThe command '/bin/sh -c go mod download -x' returned a non-zero code: 1\n"
        let found = analyse(log, dockerfile: dockerfile)
        #expect(found.first?.rootCause == "checksum-mismatch")
        #expect(found.first?.dockerfile == DockerfileLocation(path: "build/Dockerfile", line: 6))
    }

    @Test func multiPlatformRepeatIsReportedOnce() {
        let log = """
        #10 [linux/amd64 builder 4/7] RUN go mod download
        #11 [linux/arm64 builder 4/7] RUN go mod download
        #10 1.0 verifying github.com/acme/kit@v1.4.0: checksum mismatch
        #11 1.1 verifying github.com/acme/kit@v1.4.0: checksum mismatch
        #10 ERROR: process "/bin/sh -c go mod download" did not complete successfully: exit code: 1
        #11 ERROR: process "/bin/sh -c go mod download" did not complete successfully: exit code: 1

        """
        let found = errors(log)
        #expect(found.count == 1)
        #expect(found.first?.line == 3)
    }

    @Test func verificationDisabledWarnsEvenWhenTheBuildSucceeds() {
        let log = "#5 [builder 2/6] ENV GOSUMDB=off\n#5 DONE 0.0s\n"
        let found = analyse(log)
        #expect(found.contains { $0.rootCause == "verification-disabled" && $0.severity == .warning })
    }

    @Test func cacheOrderWarning() {
        let log = "#6 [builder 3/6] COPY . .\n#6 DONE 0.3s\n#7 [builder 4/6] RUN go mod download\n#7 DONE 20.1s\n"
        let found = analyse(log)
        #expect(found.map(\.rootCause) == ["cache-not-reused"])
        #expect(found.first?.line == 3)
        let good = "#5 [builder 2/6] COPY go.mod go.sum ./\n#6 [builder 3/6] RUN go mod download\n#7 [builder 4/6] COPY . .\n"
        #expect(analyse(good).isEmpty)
    }
}
