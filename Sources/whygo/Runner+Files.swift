#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import WhyGoCore

extension Runner {
    // MARK: - files, directories, archives: in parallel, reported in order

    /// Reads every input (directories walked, zip entries split out), analyses them on `--jobs`
    /// threads, and writes each input's report (or with `--summary`, the aggregate) in name order.
    /// Unreadable inputs are reported on stderr as `whygo: NAME: reason` and counted.
    func analyseBatch(renderer: inout any Renderer, report: Output, status: inout Status) {
        let inputs = InputSource.enumerate(options.inputs, includes: options.includes, excludes: options.excludes)
        let threads = options.jobs ?? Runner.processorCount
        let jobs = max(1, min(threads, inputs.count))
        // Several workers share the patterns: compile them all first, then matching takes no lock.
        let library = jobs > 1 ? matcher.library.compiledNow() : matcher.library
        let batchMatcher = options.summary || jobs > 1
            ? Matcher(library: library, extraKeywords: options.summary ? LogAnalyzer.unknownKeywords : []) : matcher
        // Fewer inputs than threads (one big log): the spare threads search each input's chunks.
        let analyzer = BatchAnalyzer(matcher: batchMatcher, dockerfilePath: options.dockerfile, collectUnknowns: options.summary,
                                     searchThreads: inputs.isEmpty ? 1 : threads / jobs)
        let slots = ResultSlots(count: inputs.count)
        // Rendering (redaction, JSON) costs about as much as analysing: when a copy of the renderer
        // can render an input alone, the workers do it too, so the main thread only writes.
        let template = !options.summary && renderer.rendersEachInputAlone ? RendererTemplate(renderer) : nil
        for _ in 0..<(inputs.isEmpty ? 0 : jobs) {
            DispatchQueue.global().async {
                var own = template?.renderer
                while let index = slots.claim() {
                    let result = analyzer.analyse(inputs[index])
                    let rendered = result.error == nil ? own?.render(result.findings) : nil
                    slots.store(Analysed(result: result, rendered: rendered), at: index)
                }
            }
        }
        var progress = Progress(total: inputs.count)
        var summary = BatchSummary()
        for index in inputs.indices {
            let done = slots.take(index) { done in progress.update(done: done) }
            let result = done.result
            summary.add(result)
            if let error = result.error {
                progress.clear()
                complain("\(result.name): \(error)")
                status.inputFailed = true
                continue
            }
            status.record(result.findings)
            if !options.summary, !status.writeFailed, !report.write(done.rendered ?? renderer.render(result.findings)) { status.writeFailed = true }
            if progress.enabled { progress.update(done: slots.completed) }
        }
        progress.clear()
        if options.summary {
            let text: String
            switch options.format {
            case .json: text = summary.json()
            case .markdown: text = summary.markdown()
            default: text = summary.text()
            }
            if !report.write(text) { status.writeFailed = true }
        }
    }

    /// Online processors (`--jobs` default).
    static var processorCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}

/// A renderer that workers copy: it renders each input alone (`rendersEachInputAlone`), so its
/// copies share nothing mutable.
final class RendererTemplate: @unchecked Sendable {
    let renderer: any Renderer
    init(_ renderer: any Renderer) { self.renderer = renderer }
}

/// One input's result, with its report already rendered when a worker could do it.
struct Analysed {
    var result: InputResult
    var rendered: String?
}

/// Results of a batch by input index: workers claim indices and store results; the main thread
/// takes them in index order, waiting as needed.
final class ResultSlots: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var results: [Analysed?]
    private var nextClaim = 0
    private var completedCount = 0

    init(count: Int) {
        results = Array(repeating: nil, count: count)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        pthread_cond_destroy(condition)
        mutex.deallocate()
        condition.deallocate()
    }

    /// Inputs analysed so far.
    var completed: Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return completedCount
    }

    /// The next index to analyse, or nil when all are handed out.
    func claim() -> Int? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard nextClaim < results.count else { return nil }
        nextClaim += 1
        return nextClaim - 1
    }

    func store(_ result: Analysed, at index: Int) {
        pthread_mutex_lock(mutex)
        results[index] = result
        completedCount += 1
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
    }

    /// Waits for the result at `index` and removes it; `tick` runs about every 100 ms while waiting.
    func take(_ index: Int, tick: (Int) -> Void) -> Analysed {
        pthread_mutex_lock(mutex)
        while results[index] == nil {
            var now = timespec()
            clock_gettime(CLOCK_REALTIME, &now)
            var deadline = now
            deadline.tv_nsec += 100_000_000
            if deadline.tv_nsec >= 1_000_000_000 {
                deadline.tv_sec += 1
                deadline.tv_nsec -= 1_000_000_000
            }
            pthread_cond_timedwait(condition, mutex, &deadline)
            if results[index] == nil {
                let done = completedCount
                pthread_mutex_unlock(mutex)
                tick(done)
                pthread_mutex_lock(mutex)
            }
        }
        let result = results[index]!
        results[index] = nil
        pthread_mutex_unlock(mutex)
        return result
    }
}
