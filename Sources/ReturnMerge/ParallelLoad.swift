import Dispatch
import DisclosureCatalog
import Foundation

/// Loads every input with a `ReturnLoader`, on all cores, and returns the outcomes in input order.
public enum ParallelLoad {
    /// - Parameters:
    ///   - files: inputs, in the order results come back.
    ///   - progress: called after each file with (done, total); calls are serialized.
    /// - Complexity: O(n) loads spread over `ProcessInfo.activeProcessorCount` threads.
    public static func load(_ files: [MergeInputFile], with loader: some ReturnLoader,
                            progress: (@Sendable (Int, Int) -> Void)? = nil) -> [Merger.Loaded] {
        let results = ResultBox(count: files.count)
        let total = files.count
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            let file = files[i]
            let outcome = screen(file) ?? loader.load(file.url, displayPath: file.displayPath)
            let done = results.store(outcome, at: i)
            progress?(done, total)
        }
        return zip(files, results.values).map { Merger.Loaded(file: $0, outcome: $1) }
    }

    /// Rejects what is certainly not a return before any reading: Office lock files and foreign extensions.
    static func screen(_ file: MergeInputFile) -> LoadOutcome? {
        if file.url.lastPathComponent.hasPrefix("~$") { return .rejected(.notAReturn, Messages.lockFile) }
        if !file.looksLikeReturn { return .rejected(.notAReturn, Messages.unsupportedType(file.fileExtension)) }
        return nil
    }
}

/// Results written by worker threads; the lock serializes stores and the progress count.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [LoadOutcome?]
    private var done = 0

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ outcome: LoadOutcome, at index: Int) -> Int {
        lock.lock(); defer { lock.unlock() }
        slots[index] = outcome
        done += 1
        return done
    }

    var values: [LoadOutcome] {
        lock.lock(); defer { lock.unlock() }
        return slots.map { $0 ?? .rejected(.unreadable, LocalizedText(zh: "未读取", en: "not read")) }
    }
}
