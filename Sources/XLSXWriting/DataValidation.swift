import SheetCore

/// A data validation rule over one or more ranges (Excel's Data ▸ Validation).
public struct DataValidation: Hashable, Sendable {
    /// The comparison for number, date and text-length rules.
    public enum Operator: String, Hashable, Sendable {
        case between, notBetween, equal, notEqual, greaterThan, lessThan, greaterThanOrEqual, lessThanOrEqual
    }

    public enum Rule: Hashable, Sendable {
        /// A dropdown of fixed options. Written inline when the options fit Excel's 255-character limit
        /// (and contain no comma or quote), otherwise as a range on a hidden sheet of the workbook.
        case list([String])
        /// A dropdown whose options come from a range or a defined name, e.g. `'Lists'!$A$1:$A$9`.
        case listSource(String)
        case wholeNumber(Operator, Double, Double? = nil)
        case decimal(Operator, Double, Double? = nil)
        case date(Operator, DateTimeValue, DateTimeValue? = nil)
        case textLength(Operator, Int, Int? = nil)
        /// A formula that must be true, e.g. `LEN(A2)=4`.
        case custom(String)
    }

    /// How a rejected entry is handled.
    public enum ErrorStyle: String, Hashable, Sendable {
        /// The entry is refused.
        case stop
        /// The user is warned and may keep it.
        case warning
        /// The user is informed.
        case information
    }

    public var ranges: [CellRange]
    public var rule: Rule
    public var allowBlank: Bool
    /// Title (≤ 32 characters) and text (≤ 255) shown when the cell is selected.
    public var inputTitle: String?
    public var inputMessage: String?
    /// Title (≤ 32 characters) and text (≤ 255) of the alert for a rejected entry.
    public var errorTitle: String?
    public var errorMessage: String?
    public var errorStyle: ErrorStyle
    /// Whether an invalid entry raises an alert at all.
    public var showErrorAlert: Bool

    public init(ranges: [CellRange], rule: Rule, allowBlank: Bool = true, inputTitle: String? = nil,
                inputMessage: String? = nil, errorTitle: String? = nil, errorMessage: String? = nil,
                errorStyle: ErrorStyle = .stop, showErrorAlert: Bool = true) {
        self.ranges = ranges
        self.rule = rule
        self.allowBlank = allowBlank
        self.inputTitle = inputTitle
        self.inputMessage = inputMessage
        self.errorTitle = errorTitle
        self.errorMessage = errorMessage
        self.errorStyle = errorStyle
        self.showErrorAlert = showErrorAlert
    }
}
