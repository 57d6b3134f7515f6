import SheetCore
import SheetIO
import Testing

@Suite("CSV → XLSX value inference")
struct ValueInferenceTests {
    @Test(arguments: [
        ("101", 101.0), ("-5", -5), ("12.50", 12.5), ("0.5", 0.5), ("-0", 0), ("0", 0),
        ("123456789012345", 123456789012345), ("0.000000000000001", 1e-15),
    ])
    func plainNumbersBecomeNumbers(_ text: String, _ value: Double) {
        #expect(ValueInference.value(text) == .number(value, raw: text))
    }

    @Test(arguments: [
        "0101", "00.5", "+5", "1234567890123456", "123456789012345678", "0.1234567890123456", "1e5", "1E5",
        "1,000", " 5", "5 ", ".5", "5.", "-", "--5", "5-", "0x10", "NaN", "inf", "١٢٣", "５", "2025-01-02",
    ])
    func informationLosingTextStaysText(_ text: String) {
        #expect(ValueInference.value(text) == .string(text))
    }

    @Test func emptyIsEmpty() {
        #expect(ValueInference.value("") == .empty)
    }

    @Test(arguments: [
        ("2025-01-02", DateTimeValue(year: 2025, month: 1, day: 2)),
        ("2025/1/2", DateTimeValue(year: 2025, month: 1, day: 2)),
        ("2024-02-29", DateTimeValue(year: 2024, month: 2, day: 29)),
        ("2025-01-02 13:05", DateTimeValue(year: 2025, month: 1, day: 2, hour: 13, minute: 5, kind: .dateTime)),
        ("2025-01-02 13:05:09", DateTimeValue(year: 2025, month: 1, day: 2, hour: 13, minute: 5, second: 9, kind: .dateTime)),
    ])
    func datesOnlyWhenAsked(_ text: String, _ date: DateTimeValue) {
        #expect(ValueInference.value(text, dates: true) == .date(date))
        #expect(ValueInference.value(text) == .string(text))
    }

    @Test(arguments: ["2025-02-29", "2025-13-01", "2025-1-32", "25-01-02", "2025-01-02 24:00", "2025-01-02T13:05", "2025.01.02"])
    func impossibleDatesStayText(_ text: String) {
        #expect(ValueInference.value(text, dates: true) == .string(text))
    }
}

@Suite("Date display by number format")
struct DateDisplayTests {
    static let moment = DateTimeValue(year: 2025, month: 1, day: 2, hour: 13, minute: 5, second: 9, millisecond: 250, kind: .dateTime)

    @Test(arguments: [
        ("yyyy-mm-dd", "2025-01-02"),
        (#"yyyy"年"m"月"d"日""#, "2025年1月2日"),
        ("m/d/yy h:mm", "1/2/25 13:05"),
        ("h:mm AM/PM", "1:05 PM"),
        ("[$-409]mmmm d, yyyy", "January 2, 2025"),
        ("d-mmm-yy", "2-Jan-25"),
        ("dddd", "Thursday"),
        ("hh:mm:ss.000", "13:05:09.250"),
        (#"上午/下午h"时"mm"分""#, "下午1时05分"),
        ("yyyy/m/d;@", "2025/1/2"),
        ("mm:ss", "05:09"),
        ("[h]:mm:ss", "13:05:09"),
        ("General", "2025-01-02T13:05:09.250"),
    ])
    func rendersLikeTheFormat(_ code: String, _ expected: String) {
        #expect(DateDisplay.text(Self.moment, formatCode: code) == expected)
        #expect(DateDisplay.Cache().text(Self.moment, formatCode: code) == expected)
    }

    /// Durations (issue 14): the whole length in the format's largest unit, never a date.
    @Test(arguments: [
        ("[h]:mm:ss", "1392:00:00"), ("[h]:mm", "1392:00"), ("[mm]:ss", "83520:00"), ("[ss]", "5011200"),
        ("General", "1392:00:00"),
    ])
    func durationsShowTheirWholeLength(_ code: String, _ expected: String) {
        let fiftyEightDays = DateTimeValue.duration(milliseconds: 58 * 86_400_000)
        #expect(DateDisplay.text(fiftyEightDays, formatCode: code) == expected)
    }
}
