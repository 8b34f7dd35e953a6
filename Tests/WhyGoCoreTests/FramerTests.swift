import Testing
@testable import WhyGoCore

/// Each framing whygo reads: the framing is stripped, the step and line number are right.
@Suite struct FramerTests {
    func frame(_ lines: [String]) -> [FramedLine] {
        var framer = Framer()
        var result: [FramedLine] = []
        for (index, line) in lines.enumerated() {
            var bytes = Array(line.utf8)
            bytes.withUnsafeMutableBufferPointer { buffer in
                result += framer.frame(UnsafeBufferPointer(buffer), number: index + 1)
            }
        }
        return result
    }

    let goLine = "go: github.com/acme/kit@v1.4.0: reading https://proxy.golang.org/github.com/acme/kit/@v/v1.4.0.zip: 404 Not Found"

    @Test func buildKitPlain() {
        let lines = frame(["#9 [builder 4/7] RUN go mod download", "#9 3.027 " + goLine, "#9 ERROR: process \"/bin/sh -c go mod download\" did not complete successfully: exit code: 1"])
        #expect(lines[0].kind == .stepHeader)
        #expect(lines[0].instruction == "RUN go mod download")
        #expect(lines[1].text == goLine)
        #expect(lines[1].stepKey == "#9")
        #expect(lines[1].number == 2)
        #expect(lines[2].kind == .stepError)
    }

    @Test func buildKitSummaryBlockAndDockerfileExcerpt() {
        let lines = frame([
            "#9 [builder 4/7] RUN go mod download", "------", " > [builder 4/7] RUN go mod download:", "3.027 " + goLine, "------",
            "Dockerfile:9", "--------------------", "   8 |     COPY go.mod go.sum ./", "   9 | >>> RUN go mod download", "--------------------",
        ])
        #expect(lines[2].kind == .summaryHeader)
        #expect(lines[2].stepKey == "#9")
        #expect(lines[3].text == goLine)
        #expect(lines[3].inSummary)
        #expect(lines[3].stepKey == "#9")
        #expect(lines[5].kind == .dockerfileReference)
        #expect(lines[5].dockerfileLine == 9)
        #expect(lines[8].kind == .excerpt)
        #expect(lines[8].isFailingInstruction)
        #expect(lines[8].dockerfileLine == 9)
        #expect(lines[7].isFailingInstruction == false)
    }

    @Test func buildKitTTY() {
        let lines = frame([" => ERROR [builder 4/7] RUN go mod download                 3.1s", " => => # " + goLine])
        #expect(lines[0].kind == .stepError)
        #expect(lines[0].instruction == "RUN go mod download")
        #expect(lines[1].text == goLine)
    }

    @Test func legacyBuilder() {
        let lines = frame(["Step 5/9 : RUN go mod download", " ---> Running in 3f2a1b", goLine, "The command '/bin/sh -c go mod download' returned a non-zero code: 1"])
        #expect(lines[0].kind == .stepHeader)
        #expect(lines[0].stepKey == "Step 5")
        #expect(lines[2].stepKey == "Step 5")
        #expect(lines[2].text == goLine)
        #expect(lines[2].number == 3)
    }

    @Test func podman() {
        let lines = frame(["[2/2] STEP 5/9: RUN go mod download", goLine])
        #expect(lines[0].kind == .stepHeader)
        #expect(lines[0].instruction == "RUN go mod download")
        #expect(lines[1].stepKey == "STEP 5")
    }

    @Test func composePrefix() {
        let lines = frame(["api-1  | " + goLine, "worker  | #9 0.5 " + goLine])
        #expect(lines[0].text == goLine)
        #expect(lines[1].text == goLine)
        #expect(lines[1].stepKey == "#9")
    }

    @Test func gitHubActionsDownload() {
        let lines = frame(["2025-03-04T10:21:07.1234567Z #9 3.027 " + goLine, "2025-03-04T10:21:07.1234567Z ##[error]" + goLine, "2025-03-04T10:21:07.1234567Z ##[group]Run docker build"])
        #expect(lines[0].text == goLine)
        #expect(lines[0].stepKey == "#9")
        #expect(lines[1].text == goLine)
        #expect(lines[2].text == "Run docker build")
    }

    @Test func gitLabTraceWithANSIAndSections() {
        let lines = frame(["\u{1B}[0Ksection_start:1712345678:build_image\r\u{1B}[0K\u{1B}[36;1mBuilding\u{1B}[0;m", "\u{1B}[31m" + goLine + "\u{1B}[0m\r"])
        #expect(lines.contains { $0.text == "Building" })
        #expect(lines.last?.text == goLine)
        #expect(lines.last?.number == 2)
    }

    @Test func pasteDamage() {
        let lines = frame(["> " + goLine, "`" + goLine + "`", "**" + goLine + "**", "go: [github.com/acme/kit](http://github.com/acme/kit)@v1.4.0: x &quot;y&quot;"])
        #expect(lines[0].text == goLine)
        #expect(lines[1].text == goLine)
        #expect(lines[2].text == goLine)
        #expect(lines[3].text == "go: github.com/acme/kit@v1.4.0: x \"y\"")
    }

    @Test func literalNewlineEscapesFromReWrappingTools() {
        let lines = frame(["level=error msg=\"Running error: err: exit status 1: stderr: go: downloading go1.22 (linux/amd64)\\ngo: download go1.22 for linux/amd64: toolchain not available\\n\""])
        #expect(lines.contains { $0.text == "go: download go1.22 for linux/amd64: toolchain not available" })
    }

    @Test func interleavedStepsStayApart() {
        let lines = frame(["#9 [builder 4/7] RUN go mod download", "#10 [web 2/5] RUN npm ci", "#10 1.0 npm ERR! x", "#9 3.0 " + goLine])
        #expect(lines[2].stepKey == "#10")
        #expect(lines[3].stepKey == "#9")
    }
}
