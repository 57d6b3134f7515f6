import Foundation
import Testing
import TestSupport
@testable import WorkCalendar

private func date(_ text: String) -> CalendarDate {
    guard let d = CalendarDate(iso: text) else {
        Issue.record("bad test date \(text)")
        return CalendarDate(dayNumber: 0)
    }
    return d
}

@Suite struct CalendarDateTests {
    @Test(arguments: ["2025-02-29", "2025-13-01", "2025-00-10", "2025-1-01", "20250101", "2024-02-30", "abcd-01-01"])
    func rejectsUnrealDates(_ text: String) {
        #expect(CalendarDate(iso: text) == nil)
    }

    @Test func leapDayAndDayNumbers() throws {
        let leap = try #require(CalendarDate(iso: "2024-02-29"))
        #expect(leap.adding(days: 1).iso8601 == "2024-03-01")
        #expect(CalendarDate(dayNumber: 0).iso8601 == "1970-01-01")
        // Round trip every day of 2019–2027 through the day number.
        let first = date("2019-01-01").dayNumber
        for n in first..<(first + 9 * 366) {
            let d = CalendarDate(dayNumber: n)
            #expect(d.dayNumber == n)
            #expect(CalendarDate(iso: d.iso8601) == d)
        }
    }

    @Test(arguments: [("2025-01-26", 7), ("2025-02-08", 6), ("2025-10-01", 3), ("1970-01-01", 4), ("2000-02-29", 2)])
    func isoWeekday(_ text: String, _ weekday: Int) {
        #expect(date(text).weekday == weekday)
    }
}

@Suite struct HolidayCalendarTests {
    let calendar: HolidayCalendar

    init() throws {
        calendar = try HolidayCalendar.builtIn()
    }

    @Test func builtInCovers2019Through2026() {
        #expect(calendar.coveredYears == Set(2019...2026))
    }

    /// 2025 Spring Festival: Sunday 26 Jan and Saturday 8 Feb are makeup workdays; 28 Jan–4 Feb are off.
    @Test(arguments: [
        ("2025-01-24", true),  // Friday
        ("2025-01-25", false), // Saturday
        ("2025-01-26", true),  // Sunday, 调休上班
        ("2025-01-27", true),  // Monday
        ("2025-01-28", false), // 除夕, Tuesday off
        ("2025-02-03", false), // Monday, holiday
        ("2025-02-04", false), // Tuesday, holiday
        ("2025-02-05", true),
        ("2025-02-08", true),  // Saturday, 调休上班
        ("2025-02-09", false),
        // National Day 2025: Sunday 28 Sep and Saturday 11 Oct are worked, 1–8 Oct off.
        ("2025-09-28", true),
        ("2025-10-01", false),
        ("2025-10-08", false), // Wednesday, holiday
        ("2025-10-09", true),
        ("2025-10-11", true),
        ("2025-10-12", false),
        // 2023.json lists 2022-12-31 (New Year bridge); 2019.json lists 2018-12-29 as a workday.
        ("2022-12-31", false),
        ("2023-01-02", false),
    ])
    func workingDaysFromTheNotices(_ text: String, _ working: Bool) throws {
        #expect(try calendar.isWorkingDay(date(text)) == working)
    }

    @Test func dayKindsNameTheHoliday() throws {
        #expect(try calendar.kind(of: date("2025-01-26")) == .makeupWorkday("春节"))
        #expect(try calendar.kind(of: date("2025-10-03")) == .holiday("国庆节、中秋节"))
        #expect(try calendar.kind(of: date("2025-03-03")) == .workday)
        #expect(try calendar.kind(of: date("2025-03-01")) == .weekend)
    }

    @Test func workingDaysAcrossSpringFestival2025() throws {
        // From Friday 24 Jan: 26 (Sun, worked) = 1, 27 = 2, then 28 Jan–4 Feb off, 5 Feb = 3.
        #expect(try calendar.workingDay(1, after: date("2025-01-24")) == date("2025-01-26"))
        #expect(try calendar.workingDay(3, after: date("2025-01-24")) == date("2025-02-05"))
        // 7 working days (国办发〔2018〕118号) after Monday 27 Jan: 5,6,7,8(Sat worked),10,11,12 Feb.
        #expect(try calendar.workingDay(7, after: date("2025-01-27")) == date("2025-02-12"))
        // Start day counted (the documented alternative): 27 Jan itself is day 1.
        #expect(try calendar.workingDay(7, after: date("2025-01-27"), startDay: .included) == date("2025-02-11"))
        // A start on a holiday: counting begins with the next working day either way.
        #expect(try calendar.workingDay(1, after: date("2025-01-30"), startDay: .included) == date("2025-02-05"))
        #expect(try calendar.workingDay(1, after: date("2025-01-30")) == date("2025-02-05"))
    }

    @Test func workingDaysAcrossNationalDay2025() throws {
        // 20 working days after Friday 26 Sep 2025: 28 Sep (Sun, worked) … skipping 1–8 Oct, 11 Oct worked.
        // 28,29,30 Sep = 3; 9,10,11 Oct = 6; 13–17 = 11; 20–24 = 16; 27,28,29,30 = 20.
        #expect(try calendar.workingDay(20, after: date("2025-09-26")) == date("2025-10-30"))
    }

    @Test func calendarDaysAndArticle203() throws {
        // 20 days after 10 Sep 2025 is 30 Sep (Tuesday, a working day).
        #expect(try calendar.calendarDayDeadline(20, after: date("2025-09-10")) == date("2025-09-30"))
        // 20 days after 11 Sep 2025 is 1 Oct, a holiday: art. 203 extends to 9 Oct.
        #expect(try calendar.calendarDayDeadline(20, after: date("2025-09-11")) == date("2025-10-09"))
        let plain = CountingRules(startDay: .excluded, extendsCalendarPeriodOverRestDays: false)
        #expect(try calendar.calendarDayDeadline(20, after: date("2025-09-11"), rules: plain) == date("2025-10-01"))
        #expect(try calendar.calendarDay(20, after: date("2025-09-11"), startDay: .included) == date("2025-09-30"))
    }

    /// A holiday-cn file with no papers and no days (next year's before the notice) is "not published": its dates
    /// are errors, never a year without holidays (2027-10-01 would otherwise be a working Friday).
    @Test func unpublishedYearIsNotAYearWithoutHolidays() throws {
        var withPlaceholder = calendar
        try withPlaceholder.load(data: Data(#"{"year":2027,"papers":[],"days":[]}"#.utf8), source: "2027.json")
        #expect(!withPlaceholder.coveredYears.contains(2027))
        #expect(withPlaceholder.unpublishedYears[2027] == "2027.json")
        #expect(throws: WorkCalendarError(.yearNotPublished(2027), file: "2027.json")) {
            try withPlaceholder.isWorkingDay(date("2027-10-01"))
        }
        // December 2026 needs 2027, which is not published.
        #expect(throws: WorkCalendarError(.yearNotPublished(2027), file: "2027.json")) {
            try withPlaceholder.isWorkingDay(date("2026-12-15"))
        }
        let message = WorkCalendarError(.yearNotPublished(2027), file: "2027.json")
        #expect(message.chineseMessage.contains("尚未发布"))
        #expect(message.englishMessage.contains("not published"))
        // Without "papers" at all, the same.
        var noPapers = calendar
        try noPapers.load(data: Data(#"{"year":2027,"days":[]}"#.utf8), source: "x/2027.json")
        #expect(throws: WorkCalendarError(.yearNotPublished(2027), file: "x/2027.json")) { try noPapers.isWorkingDay(date("2027-03-01")) }
        // A placeholder never replaces a published year.
        var kept = calendar
        try kept.load(data: Data(#"{"year":2025,"papers":[],"days":[]}"#.utf8), source: "2025.json")
        #expect(try kept.isWorkingDay(date("2025-10-01")) == false)
        // The published file, loaded later, covers the year.
        try withPlaceholder.load(data: Data(#"{"year":2027,"papers":["https://www.gov.cn/x"],"days":[{"name":"国庆节","date":"2027-10-01","isOffDay":true}]}"#.utf8), source: "2027.json")
        #expect(withPlaceholder.unpublishedYears[2027] == nil)
        #expect(try withPlaceholder.isWorkingDay(date("2027-10-01")) == false)
        // The shared placeholder file, when the corpus has one.
        if let shared = TestSupport.sharedDirectory?.appendingPathComponent("calendar/holiday-cn/2027.json"),
           FileManager.default.fileExists(atPath: shared.path) {
            var fromFile = calendar
            try fromFile.load(contentsOf: shared)
            #expect(throws: WorkCalendarError.self) { try fromFile.isWorkingDay(date("2027-10-01")) }
        }
    }

    @Test func uncoveredYearIsAClearError() throws {
        do {
            _ = try calendar.isWorkingDay(date("2027-03-01"))
            Issue.record("expected an error for 2027")
        } catch let error as WorkCalendarError {
            #expect(error.kind == .yearNotCovered(2027))
            #expect(error.chineseMessage.contains("2027"))
            #expect(error.chineseMessage.contains("--holidays"))
            #expect(error.englishMessage.contains("2027.json"))
        }
        // December 2026 may be changed by the 2027 notice, which is not built in.
        #expect(throws: WorkCalendarError(.decemberNeedsNextYear(year: 2026))) {
            try calendar.isWorkingDay(date("2026-12-15"))
        }
        // A count running off the end of the data is an error too, never a guess.
        #expect(throws: WorkCalendarError.self) {
            try calendar.workingDay(40, after: date("2026-11-01"))
        }
        #expect(throws: WorkCalendarError(.yearNotCovered(2018))) {
            try calendar.isWorkingDay(date("2018-06-01"))
        }
    }

    @Test func nextYearLoadsFromAFileOrFolder() throws {
        let dir = try TestSupport.makeTemporaryDirectory("holidays")
        let json = """
        {"year": 2027, "papers": [], "days": [
          {"name": "元旦", "date": "2026-12-31", "isOffDay": true},
          {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
          {"name": "春节", "date": "2027-02-06", "isOffDay": false}
        ]}
        """
        let file = dir.appendingPathComponent("2027.json")
        try Data(json.utf8).write(to: file)
        var fromFile = calendar
        try fromFile.load(contentsOf: file)
        #expect(try fromFile.isWorkingDay(date("2026-12-31")) == false)  // Thursday, now a holiday
        #expect(try fromFile.isWorkingDay(date("2027-02-06")) == true)   // Saturday, makeup
        #expect(try fromFile.isWorkingDay(date("2027-01-04")) == true)
        var fromFolder = HolidayCalendar()
        try fromFolder.load(contentsOf: dir)
        #expect(fromFolder.coveredYears == [2027])
        #expect(!fromFolder.covers(date("2026-06-01")))
    }

    @Test func reloadingAYearReplacesItsFile() throws {
        var cal = calendar
        // A corrected 2025 file without the Spring Festival: 28 Jan is an ordinary Tuesday again.
        try cal.load(data: Data(#"{"year": 2025, "papers": [], "days": [{"name": "元旦", "date": "2025-01-01", "isOffDay": true}]}"#.utf8),
                     source: "2025.json")
        #expect(try cal.isWorkingDay(date("2025-01-28")) == true)
        #expect(try cal.isWorkingDay(date("2025-01-26")) == false)  // Sunday, no longer a makeup day
        #expect(try cal.isWorkingDay(date("2025-01-01")) == false)
        // Other years are untouched: Sunday 4 Feb 2024 stays a makeup workday.
        #expect(try cal.isWorkingDay(date("2024-02-04")) == true)
        #expect(cal.sources[2025] == "2025.json")
    }

    @Test(arguments: [
        ("{\"year\": 2027}", "days"),
        ("not json", "JSON"),
        ("{\"year\": 2027, \"papers\": [], \"days\": [{\"name\": \"x\", \"date\": \"2027-02-30\", \"isOffDay\": true}]}", "2027-02-30"),
        ("{\"year\": 2027, \"papers\": [], \"days\": [{\"name\": \"x\", \"date\": \"2025-05-01\", \"isOffDay\": true}]}", "outside"),
    ])
    func malformedHolidayFilesNameTheProblem(_ json: String, _ expected: String) throws {
        var cal = HolidayCalendar()
        do {
            try cal.load(data: Data(json.utf8), source: "2027.json")
            Issue.record("expected a malformed-data error")
        } catch let error as WorkCalendarError {
            #expect(error.file == "2027.json")
            #expect(error.englishMessage.contains(expected))
        }
        #expect(cal.coveredYears.isEmpty)
    }

    /// Python reads the same JSON files and computes working days on its own; both must agree on every
    /// day of 2019–2026 and on N-th-working-day results from many start dates.
    @Test func agreesWithAnIndependentPythonComputation() throws {
        let folder = TestSupport.packageRoot.appendingPathComponent("Sources/WorkCalendar/Holidays")
        let script = """
        import json, sys, datetime, os
        folder = sys.argv[1]
        dev = {}
        for y in range(2019, 2027):
            for d in json.load(open(os.path.join(folder, f"{y}.json"), encoding="utf-8"))["days"]:
                dev[d["date"]] = d["isOffDay"]
        def working(day):
            k = day.isoformat()
            if k in dev: return not dev[k]
            return day.weekday() < 5
        start = datetime.date(2019, 1, 1)
        flags = []
        day = start
        while day <= datetime.date(2026, 11, 30):
            flags.append("1" if working(day) else "0")
            day += datetime.timedelta(days=1)
        print("".join(flags))
        for i in range(0, 2700, 37):
            d0 = start + datetime.timedelta(days=i)
            for n in (3, 7, 20):
                d, left = d0, n
                while left:
                    d += datetime.timedelta(days=1)
                    if working(d): left -= 1
                print(d0.isoformat(), n, d.isoformat())
        """
        let result = try TestSupport.python(script, [folder.path])
        #expect(result.status == 0, "\(result.stderr)")
        var lines = result.stdout.split(separator: "\n")
        let flags = Array(lines.removeFirst())
        var day = date("2019-01-01")
        for flag in flags {
            #expect(try calendar.isWorkingDay(day) == (flag == "1"), "\(day)")
            day = day.adding(days: 1)
        }
        #expect(day == date("2026-12-01"))
        #expect(lines.count == 73 * 3)
        for line in lines {
            let parts = line.split(separator: " ")
            let n = try #require(Int(parts[1]))
            #expect(try calendar.workingDay(n, after: date(String(parts[0]))) == date(String(parts[2])), "\(line)")
        }
    }
}

/// `workingDay` walks day numbers and checks coverage once per year (and December): it gives what counting
/// `isWorkingDay` day by day gives, the same dates and the same errors.
@Suite struct WorkingDayDefinitionTests {
    /// The definition: step one day at a time, asking `isWorkingDay` of each.
    static func byDay(_ calendar: HolidayCalendar, _ count: Int, after start: CalendarDate,
                      startDay: StartDayConvention) throws -> CalendarDate {
        if count == 0 { return start }
        var remaining = count, day = start
        if startDay == .included, try calendar.isWorkingDay(start) {
            remaining -= 1
            if remaining == 0 { return start }
        }
        while remaining > 0 {
            day = day.adding(days: 1)
            if try calendar.isWorkingDay(day) { remaining -= 1 }
        }
        return day
    }

    static func outcome(_ body: () throws -> CalendarDate) -> String {
        do { return try body().description } catch { return "error: \(error)" }
    }

    @Test(arguments: [StartDayConvention.excluded, .included])
    func matchesDayByDayCounting(startDay: StartDayConvention) throws {
        let calendar = try HolidayCalendar.builtIn()
        // Every fifth day from late 2018 to 2027 (uncovered years at both ends, every December of the data).
        let first = try #require(CalendarDate(year: 2018, month: 12, day: 1)).dayNumber
        let last = try #require(CalendarDate(year: 2027, month: 1, day: 31)).dayNumber
        var compared = 0, errors = 0
        for dayNumber in stride(from: first, through: last, by: 5) {
            let start = CalendarDate(dayNumber: dayNumber)
            for count in [1, 5, 15, 20, 60] {
                let fast = Self.outcome { try calendar.workingDay(count, after: start, startDay: startDay) }
                let slow = Self.outcome { try Self.byDay(calendar, count, after: start, startDay: startDay) }
                #expect(fast == slow, "\(start) + \(count)")
                compared += 1
                if fast.hasPrefix("error") { errors += 1 }
            }
        }
        #expect(compared > 2_900)
        #expect(errors > 100)
    }
}

/// Issue 13: counts from file data never trap (a count of 10^18 overflowed `count * 7`).
@Suite struct HugeCountTests {
    @Test func hugeWorkingDayCountIsAnErrorNotATrap() throws {
        let calendar = try HolidayCalendar.builtIn()
        let start = try #require(CalendarDate(iso: "2025-03-03"))
        for count in [Int.max, Int.max / 7 + 1, 1_000_000_000_000_000_000] {
            #expect(throws: WorkCalendarError.self) { _ = try calendar.workingDay(count, after: start) }
        }
        let far = try calendar.calendarDay(Int.max, after: start)
        #expect(far.year > 9999)
    }
}
