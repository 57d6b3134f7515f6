import Foundation

/// A one-line progress bar on standard error, drawn only when standard error is a terminal.
public final class TerminalProgress: @unchecked Sendable {
    private let lock = NSLock()
    private let enabled: Bool
    private let label: String
    private var lastDrawn = -1

    /// - Parameter force: draw even when standard error is not a terminal (for tests).
    public init(label: String, force: Bool = false) {
        self.label = label
        enabled = force || isatty(STDERR_FILENO) == 1
    }

    /// Redraws the bar for `done` of `total` (at most once per percent).
    public func update(_ done: Int, _ total: Int) {
        guard enabled, total > 0 else { return }
        let percent = done * 100 / total
        lock.lock(); defer { lock.unlock() }
        guard percent != lastDrawn else { return }
        lastDrawn = percent
        let width = 30
        let filled = done * width / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) \(bar) \(done)/\(total)".utf8))
    }

    /// Clears the line so the summary line that follows starts clean.
    public func finish() {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
