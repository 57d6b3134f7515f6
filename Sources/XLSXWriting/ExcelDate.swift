import SheetCore

/// Days from 1899-12-30 in the proleptic Gregorian calendar, corrected for Excel's fictitious 1900-02-29.
func excelSerial(_ d: DateTimeValue) -> Double? {
    let time = (Double(d.hour) * 3600 + Double(d.minute) * 60 + Double(d.second) + Double(d.millisecond) / 1000) / 86_400
    if d.kind == .time { return time }
    if d.kind == .duration { return Double(d.elapsedMilliseconds) / 86_400_000 }
    guard d.month >= 1, d.month <= 12, d.year >= 1900, d.year <= 9999 else { return nil }
    let leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0
    let monthLength = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][d.month - 1]
    guard d.day >= 1, d.day <= monthLength else { return nil }
    // Howard Hinnant's days_from_civil.
    let y = d.month <= 2 ? d.year - 1 : d.year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (d.month + 9) % 12
    let doy = (153 * mp + 2) / 5 + d.day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    let daysSinceEpoch = era * 146_097 + doe - 719_468  // days since 1970-01-01
    var serial = daysSinceEpoch + 25_569  // 1970-01-01 is serial 25569
    if serial < 61 { serial -= 1 }  // before 1900-03-01 Excel's count lacks the leap-day bug's day
    guard serial >= 1 else { return nil }
    return Double(serial) + (d.kind == .dateTime ? time : 0)
}
