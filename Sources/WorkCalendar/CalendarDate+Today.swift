import Foundation

extension CalendarDate {
    /// Today's date in China (UTC+8, no daylight saving), where the offices are: the as-of date `validate` and
    /// `merge` take when none is given, and the one a portal round without an as-of date judges by.
    public static func todayInBeijing(now: Date = Date()) -> CalendarDate {
        let seconds = Int(now.timeIntervalSince1970.rounded(.down)) + 8 * 3600
        return CalendarDate(dayNumber: seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
    }
}
