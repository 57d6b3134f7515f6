import Foundation
import SheetCore

/// How the first day of a period is counted.
///
/// 民法典 art. 201: a period counted in days starts on the next day — the start day is not counted, so
/// "N working days after D" is the N-th working day strictly after D. Some popular explainers count the
/// start day; that reading is available as `.included`.
public enum StartDayConvention: String, Sendable, Hashable, Codable, CaseIterable {
    /// The start day is not counted (民法典 art. 201). The default.
    case excluded
    /// The start day counts as day 1 (when it is a working day, for working-day periods).
    case included
}

/// Counting settings for deadlines.
public struct CountingRules: Sendable, Hashable, Codable {
    public var startDay: StartDayConvention
    /// 民法典 art. 203: when the last day of a calendar-day period is a rest day (法定休假日, weekends
    /// included), the period ends on the next working day. On by default.
    public var extendsCalendarPeriodOverRestDays: Bool

    public init(startDay: StartDayConvention = .excluded, extendsCalendarPeriodOverRestDays: Bool = true) {
        self.startDay = startDay
        self.extendsCalendarPeriodOverRestDays = extendsCalendarPeriodOverRestDays
    }

    /// 民法典 art. 201 and 203.
    public static let standard = CountingRules()
}

/// What kind of day a date is under the State Council's holiday notices.
public enum DayKind: Hashable, Sendable {
    /// An ordinary Monday–Friday.
    case workday
    /// An ordinary Saturday or Sunday.
    case weekend
    /// A public holiday (or its bridging rest days), named as in the notice, e.g. 春节.
    case holiday(String)
    /// A weekend day made a working day (调休上班), named for the holiday it pays for.
    case makeupWorkday(String)

    public var isWorkingDay: Bool {
        switch self {
        case .workday, .makeupWorkday: return true
        case .weekend, .holiday: return false
        }
    }
}

/// Working days in mainland China: weekends off unless a makeup workday (调休上班), holidays off even on
/// weekdays, from holiday data in the holiday-cn JSON format (https://github.com/NateScarlet/holiday-cn).
///
/// The data for 2019–2026 is built in; more years load from files (`load(contentsOf:)`), so next year's
/// notice needs no new release. A date in a year with no data is an error, never a guess. A December
/// date also needs the next year's data, because holiday-cn lists late-December deviations there
/// (2023.json holds 2022-12-31).
public struct HolidayCalendar: Sendable {
    private struct Deviation: Sendable {
        var name: String
        var isOffDay: Bool
        /// The year of the file it came from (December dates sit in the next year's file).
        var fileYear: Int
    }

    private var deviations: [Int: Deviation] = [:]  // by day number
    /// The years whose holiday-cn file is loaded.
    public private(set) var coveredYears: Set<Int> = []
    /// Where each year's data came from (`built-in` or a file path).
    public private(set) var sources: [Int: String] = [:]
    /// Years whose holiday-cn file was loaded but is not published yet (no `papers`, no `days`: how next year's
    /// file looks before the State Council's notice), with the file. Such a year is not covered.
    public private(set) var unpublishedYears: [Int: String] = [:]

    /// A calendar with no data at all (every question is an error until data is loaded).
    public init() {}

    /// The built-in data (holiday-cn 2019–2026), loaded once.
    public static func builtIn() throws -> HolidayCalendar {
        try builtInResult.get()
    }

    private static let builtInResult: Result<HolidayCalendar, WorkCalendarError> = {
        var calendar = HolidayCalendar()
        guard let folder = Bundle.module.url(forResource: "Holidays", withExtension: nil) else {
            return .failure(WorkCalendarError(.unreadable(LocalizedText(zh: "缺少内置的 Holidays 资源文件夹", en: "the built-in Holidays resource folder is missing"))))
        }
        do {
            try calendar.load(contentsOf: folder, sourceName: "built-in")
        } catch let error as WorkCalendarError {
            return .failure(error)
        } catch {
            return .failure(WorkCalendarError(.unreadable(LocalizedText(zh: "\(error)", en: "\(error)"))))
        }
        return .success(calendar)
    }()

    /// Adds (or replaces) years from a holiday-cn JSON file, or from every `YYYY.json` in a folder.
    /// A year loaded again replaces the earlier file of that year entirely (a corrected notice).
    /// - Throws: `WorkCalendarError` `.unreadable` or `.malformed`, naming the file.
    public mutating func load(contentsOf url: URL) throws {
        try load(contentsOf: url, sourceName: nil)
    }

    private mutating func load(contentsOf url: URL, sourceName: String?) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw WorkCalendarError(.unreadable(LocalizedText(zh: "文件或文件夹不存在", en: "no such file or folder")), file: url.path)
        }
        if isDirectory.boolValue {
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: url.path)
            } catch {
                throw WorkCalendarError(.unreadable(Self.reason(error)), file: url.path)
            }
            let yearFiles = names.filter { name in
                name.hasSuffix(".json") && name.count == 9 && name.prefix(4).allSatisfy(\.isNumber)
            }.sorted()
            guard !yearFiles.isEmpty else {
                throw WorkCalendarError(.malformed(LocalizedText(zh: "文件夹中没有 YYYY.json 文件", en: "the folder holds no YYYY.json file")), file: url.path)
            }
            for name in yearFiles {
                try loadFile(url.appendingPathComponent(name), sourceName: sourceName)
            }
        } else {
            try loadFile(url, sourceName: sourceName)
        }
    }

    /// Why a file or folder could not be read, in both languages (not Foundation's English description).
    private static func reason(_ error: any Error) -> LocalizedText {
        let ns = error as NSError
        let code = ns.domain == NSPOSIXErrorDomain ? Int32(ns.code)
            : (ns.userInfo[NSUnderlyingErrorKey] as? NSError).flatMap { $0.domain == NSPOSIXErrorDomain ? Int32($0.code) : nil }
        switch code {
        case ENOENT?: return LocalizedText(zh: "文件或文件夹不存在", en: "no such file or folder")
        case EACCES?, EPERM?: return LocalizedText(zh: "没有权限", en: "permission denied")
        case EISDIR?: return LocalizedText(zh: "是一个文件夹", en: "is a folder")
        case ENOTDIR?: return LocalizedText(zh: "路径中有一部分不是文件夹", en: "a part of the path is not a folder")
        default:
            if ns.domain == NSCocoaErrorDomain, ns.code == CocoaError.fileReadNoPermission.rawValue {
                return LocalizedText(zh: "没有权限", en: "permission denied")
            }
            if ns.domain == NSCocoaErrorDomain, ns.code == CocoaError.fileReadNoSuchFile.rawValue || ns.code == CocoaError.fileNoSuchFile.rawValue {
                return LocalizedText(zh: "文件或文件夹不存在", en: "no such file or folder")
            }
            return LocalizedText(zh: "无法读取", en: "cannot be read")
        }
    }

    private struct FileFormat: Decodable {
        struct Day: Decodable {
            var name: String
            var date: String
            var isOffDay: Bool
        }
        var year: Int
        var papers: [String]?
        var days: [Day]
    }

    private mutating func loadFile(_ url: URL, sourceName: String?) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw WorkCalendarError(.unreadable(Self.reason(error)), file: url.path)
        }
        try load(data: data, source: sourceName.map { "\($0):\(url.lastPathComponent)" } ?? url.path)
    }

    /// Adds one year from holiday-cn JSON bytes; `source` names it in errors.
    public mutating func load(data: Data, source: String) throws {
        let format: FileFormat
        do {
            format = try JSONDecoder().decode(FileFormat.self, from: data)
        } catch {
            // Our own wording (Foundation's is English only), at the line and column of the JSON.
            let problem = JSONProblem(error, in: data)
            throw WorkCalendarError(.malformed(problem.text), file: source, line: problem.line, column: problem.column)
        }
        func fail(_ zh: String, _ en: String, at path: [JSONProblem.Step]) -> WorkCalendarError {
            let position = JSONProblem.position(of: path, in: data)
            return WorkCalendarError(.malformed(LocalizedText(zh: zh, en: en)), file: source, line: position?.line, column: position?.column)
        }
        guard (1900...9998).contains(format.year) else {
            throw fail("年份 \(format.year) 超出范围", "year \(format.year) is out of range", at: [.key("year")])
        }
        // No notice and no days: the year is not published yet, never a year without holidays. Its working days
        // stay unknown (RET-CALENDAR); a year already covered keeps its data.
        if format.days.isEmpty, format.papers?.isEmpty ?? true {
            if !coveredYears.contains(format.year) { unpublishedYears[format.year] = source }
            return
        }
        var parsed: [(Int, Deviation)] = []
        for (index, day) in format.days.enumerated() {
            let at: [JSONProblem.Step] = [.key("days"), .index(index), .key("date")]
            guard let date = CalendarDate(iso: day.date) else {
                throw fail("days[\(index)].date 的“\(day.date)”不是 YYYY-MM-DD 日期",
                           "days[\(index)].date \"\(day.date)\" is not a YYYY-MM-DD date", at: at)
            }
            guard date.year == format.year || (date.year == format.year - 1 && date.month == 12) else {
                throw fail("days[\(index)].date \(day.date) 不在 \(format.year) 年及其前一年 12 月之内",
                           "days[\(index)].date \(day.date) lies outside year \(format.year) and its preceding December", at: at)
            }
            parsed.append((date.dayNumber, Deviation(name: day.name, isOffDay: day.isOffDay, fileYear: format.year)))
        }
        // A year loaded again replaces that year's file entirely.
        deviations = deviations.filter { $0.value.fileYear != format.year }
        for (dayNumber, deviation) in parsed { deviations[dayNumber] = deviation }
        coveredYears.insert(format.year)
        sources[format.year] = source
        unpublishedYears[format.year] = nil
    }

    /// Throws unless working days of `date` are known from loaded data.
    public func checkCovered(_ date: CalendarDate) throws {
        guard coveredYears.contains(date.year) else {
            if let file = unpublishedYears[date.year] { throw WorkCalendarError(.yearNotPublished(date.year), file: file) }
            throw WorkCalendarError(.yearNotCovered(date.year))
        }
        if date.month == 12, !coveredYears.contains(date.year + 1) {
            if let file = unpublishedYears[date.year + 1] {
                throw WorkCalendarError(.yearNotPublished(date.year + 1), file: file)
            }
            throw WorkCalendarError(.decemberNeedsNextYear(year: date.year))
        }
    }

    /// Whether `date` is known (see `checkCovered`).
    public func covers(_ date: CalendarDate) -> Bool {
        (try? checkCovered(date)) != nil
    }

    /// The kind of day `date` is.
    /// - Throws: `WorkCalendarError` when the year (or, for December, the next year) has no data.
    public func kind(of date: CalendarDate) throws -> DayKind {
        try checkCovered(date)
        if let deviation = deviations[date.dayNumber] {
            return deviation.isOffDay ? .holiday(deviation.name) : .makeupWorkday(deviation.name)
        }
        return date.isWeekend ? .weekend : .workday
    }

    /// Whether `date` is a working day: weekends off unless a makeup workday, holidays off even on weekdays.
    public func isWorkingDay(_ date: CalendarDate) throws -> Bool {
        try kind(of: date).isWorkingDay
    }

    /// The `count`-th working day after `start`.
    ///
    /// With `.excluded` (民法典 art. 201, the default) the start day is not counted: the result is the
    /// `count`-th working day strictly after `start`. With `.included`, `start` itself counts as the first
    /// day when it is a working day. `count` 0 returns `start`.
    /// - Throws: `WorkCalendarError` when any day of the period lies outside the loaded data.
    public func workingDay(_ count: Int, after start: CalendarDate,
                           startDay: StartDayConvention = .excluded) throws -> CalendarDate {
        guard count >= 0 else { throw WorkCalendarError(.invalidCount(count)) }
        if count == 0 { return start }
        var remaining = count
        var day = start
        if startDay == .included {
            if try isWorkingDay(start) {
                remaining -= 1
                if remaining == 0 { return start }
            }
        }
        // A bound well beyond any real holiday run; reaching it means the data is absurd.
        var steps = 0
        // Days by day number; coverage (which depends only on the year and on whether the month is December)
        // checked when either changes rather than every day: the same days fail as with `isWorkingDay` per day.
        var dayNumber = start.dayNumber
        var checkedYear = Int.min, checkedDecember = false
        while remaining > 0 {
            dayNumber += 1
            day = CalendarDate(dayNumber: dayNumber)
            steps += 1
            if day.year != checkedYear || (day.month == 12 && !checkedDecember) {
                try checkCovered(day)
                checkedYear = day.year
                checkedDecember = day.month == 12
            }
            if isCoveredWorkingDay(dayNumber: dayNumber) { remaining -= 1 }
            if steps > count.multipliedReportingOverflow(by: 7).partialValue &+ 60 || steps > 400_000 {
                throw WorkCalendarError(.invalidCount(count))
            }
        }
        return day
    }

    /// `isWorkingDay` of a day whose year is known to be covered, by its day number.
    private func isCoveredWorkingDay(dayNumber: Int) -> Bool {
        if let deviation = deviations[dayNumber] { return !deviation.isOffDay }
        return CalendarDate.weekday(dayNumber: dayNumber) <= 5
    }

    /// The date `count` calendar days after `start` (start day not counted under `.excluded`; under
    /// `.included` the start day is day 1). Needs no holiday data.
    public func calendarDay(_ count: Int, after start: CalendarDate,
                            startDay: StartDayConvention = .excluded) throws -> CalendarDate {
        guard count >= 0 else { throw WorkCalendarError(.invalidCount(count)) }
        if count == 0 { return start }
        return start.adding(days: startDay == .excluded ? count : count - 1)
    }

    /// The last day of a period of `count` working days from `start`, under `rules`.
    public func workingDayDeadline(_ count: Int, after start: CalendarDate,
                                   rules: CountingRules = .standard) throws -> CalendarDate {
        try workingDay(count, after: start, startDay: rules.startDay)
    }

    /// The last day of a period of `count` calendar days from `start`, under `rules`: when that day is a rest
    /// day and `extendsCalendarPeriodOverRestDays` holds (民法典 art. 203), the next working day.
    public func calendarDayDeadline(_ count: Int, after start: CalendarDate,
                                    rules: CountingRules = .standard) throws -> CalendarDate {
        var end = try calendarDay(count, after: start, startDay: rules.startDay)
        if rules.extendsCalendarPeriodOverRestDays {
            var steps = 0
            while try !isWorkingDay(end) {
                end = end.adding(days: 1)
                steps += 1
                if steps > 60 { throw WorkCalendarError(.invalidCount(count)) }
            }
        }
        return end
    }
}
