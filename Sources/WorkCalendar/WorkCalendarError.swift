import SheetCore

/// Why the calendar could not answer: missing holiday data for a year, or an unreadable data file.
public struct WorkCalendarError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// No holiday data is loaded for this year, so working days cannot be known.
        case yearNotCovered(Int)
        /// The year's holiday-cn file has no `papers` and no `days`: the State Council has not published the
        /// year's holidays yet, so its working days are unknown (never taken as a year without holidays).
        case yearNotPublished(Int)
        /// December of `year` needs the next year's file too (holiday-cn puts late-December deviations there).
        case decemberNeedsNextYear(year: Int)
        /// A holiday file or folder could not be read.
        case unreadable(LocalizedText)
        /// A holiday file is not in the holiday-cn JSON format.
        case malformed(LocalizedText)
        /// A negative count or a search that ran past the covered years.
        case invalidCount(Int)
    }

    public var kind: Kind
    /// The data file concerned, when there is one.
    public var file: String?
    /// Where in the file (1-based), when the problem is at a place in its JSON.
    public var line: Int?
    public var column: Int?

    public init(_ kind: Kind, file: String? = nil, line: Int? = nil, column: Int? = nil) {
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file: `, `file:3:7: ` or nothing.
    private var prefix: String {
        guard let file else { return "" }
        return SourceLocation(file: file, line: line, column: line == nil ? nil : column).description + ": "
    }

    /// Chinese message (the default language of the tool).
    public var chineseMessage: String {
        switch kind {
        case .yearNotCovered(let year):
            return prefix + "未载入 \(year) 年的节假日数据，无法判断工作日。请用 --holidays 指定 holiday-cn 格式的 \(year).json 文件或其所在目录（格式见 https://github.com/NateScarlet/holiday-cn）。"
        case .yearNotPublished(let year):
            return prefix + "\(year) 年的节假日安排尚未发布（该文件没有 papers 和 days），无法判断工作日；国务院公布后请更新该文件。"
        case .decemberNeedsNextYear(let year):
            return prefix + "\(year) 年 12 月的调休安排可能写在 \(year + 1) 年的节假日数据中，但未载入 \(year + 1) 年的数据。请用 --holidays 指定 \(year + 1).json。"
        case .unreadable(let detail):
            return prefix + "无法读取节假日数据：\(detail.zh)"
        case .malformed(let detail):
            return prefix + "节假日数据不是 holiday-cn JSON 格式：\(detail.zh)"
        case .invalidCount(let n):
            return prefix + "天数无效：\(n)"
        }
    }

    /// English message.
    public var englishMessage: String {
        switch kind {
        case .yearNotCovered(let year):
            return prefix + "no holiday data loaded for \(year), so working days cannot be determined; add \(year).json in the holiday-cn format with --holidays FILE|DIR (format: https://github.com/NateScarlet/holiday-cn)"
        case .yearNotPublished(let year):
            return prefix + "the \(year) holidays are not published yet (the file has no papers and no days), so working days cannot be determined; update the file once the State Council publishes them"
        case .decemberNeedsNextYear(let year):
            return prefix + "December \(year) may have makeup days listed in the \(year + 1) data, which is not loaded; add \(year + 1).json with --holidays"
        case .unreadable(let detail):
            return prefix + "cannot read holiday data: \(detail.en)"
        case .malformed(let detail):
            return prefix + "holiday data is not in the holiday-cn JSON format: \(detail.en)"
        case .invalidCount(let n):
            return prefix + "invalid day count: \(n)"
        }
    }

    public func message(english: Bool) -> String { english ? englishMessage : chineseMessage }

    public var description: String { englishMessage }
}

extension WorkCalendarError: LocalizedDescribing {
    public func description(in language: Language) -> String { message(english: language == .en) }
}
