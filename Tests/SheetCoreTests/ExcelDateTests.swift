import SheetCore
import Testing

/// Excel serial dates, both directions and both systems (moved here from the reader's and the writer's tests
/// when the two ExcelDate copies became one).
@Suite struct ExcelDateTests {
    @Test func knownSerials1900() {
        // 1900-01-01 is 1, 1900-02-28 is 59, 1900-03-01 is 61 (Excel's phantom 1900-02-29 is 60).
        #expect(ExcelDate.serial(DateTimeValue(year: 1900, month: 1, day: 1)) == 1)
        #expect(ExcelDate.serial(DateTimeValue(year: 1900, month: 2, day: 28)) == 59)
        #expect(ExcelDate.serial(DateTimeValue(year: 1900, month: 2, day: 29)) == 60)
        #expect(ExcelDate.serial(DateTimeValue(year: 1900, month: 3, day: 1)) == 61)
        #expect(ExcelDate.serial(DateTimeValue(year: 2025, month: 1, day: 1)) == 45_658)
        #expect(ExcelDate.serial(DateTimeValue(year: 2025, month: 1, day: 1, hour: 12, kind: .dateTime)) == 45_658.5)
        #expect(ExcelDate.serial(DateTimeValue(year: 0, month: 0, day: 0, hour: 6, kind: .time)) == 0.25)
        #expect(ExcelDate.serial(DateTimeValue(year: 9999, month: 12, day: 31)) == 2_958_465)
    }

    @Test(arguments: [
        DateTimeValue(year: 2025, month: 2, day: 29), DateTimeValue(year: 1899, month: 12, day: 31),
        DateTimeValue(year: 2025, month: 13, day: 1), DateTimeValue(year: 2025, month: 4, day: 31),
        DateTimeValue(year: 10_000, month: 1, day: 1), DateTimeValue(year: 2025, month: 1, day: 0),
    ])
    func datesExcelCannotStore(date: DateTimeValue) {
        #expect(ExcelDate.serial(date) == nil)
    }

    @Test func system1904() throws {
        #expect(ExcelDate.serial(DateTimeValue(year: 1904, month: 1, day: 1), date1904: true) == 0)
        #expect(ExcelDate.serial(DateTimeValue(year: 2025, month: 1, day: 1), date1904: true) == 44_196)  // 45,658 − 1,462
        #expect(ExcelDate.serial(DateTimeValue(year: 1903, month: 12, day: 31), date1904: true) == nil)
        // No leap-year quirk in 1904: 1900-02-29 does not exist there (and is before the system's start).
        #expect(ExcelDate.serial(DateTimeValue(year: 1900, month: 2, day: 29), date1904: true) == nil)
        let back = try #require(ExcelDate.dateTime(serial: 1_462, date1904: true, kind: .date))
        #expect(back == DateTimeValue(year: 1908, month: 1, day: 2))
    }

    @Test func bothDirectionsAgreeEveryDayOfACentury() throws {
        for system in [false, true] {
            // Serial 0 of the 1900 system is no date (Excel's 1900-01-00): the number stays a number.
            if !system { #expect(ExcelDate.dateTime(serial: 0, date1904: false, kind: .date) == nil) }
            for serial in stride(from: system ? 0.0 : 1.0, through: 40_000, by: 1) {
                let date = try #require(ExcelDate.dateTime(serial: serial, date1904: system, kind: .date))
                #expect(ExcelDate.serial(date, date1904: system) == serial, "serial \(serial)")
            }
        }
    }

    @Test func iso8601Text() {
        #expect(DateTimeValue(iso8601: "2025-03-01") == DateTimeValue(year: 2025, month: 3, day: 1))
        #expect(DateTimeValue(iso8601: "2025-03-01T08:30:00.5")?.millisecond == 500)
        #expect(DateTimeValue(iso8601: "08:30")?.kind == .time)
        #expect(DateTimeValue(iso8601: "2025/03/01") == nil)
    }
}
