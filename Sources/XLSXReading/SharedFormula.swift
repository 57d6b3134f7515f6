import SheetCore

/// Shared formulas (`<f t="shared" si="0">` on the first cell, an empty `<f t="shared" si="0"/>` on the others):
/// each other cell's formula is the first one with its relative references moved.
enum SharedFormula {
    /// Moves the relative (non-`$`) parts of every A1 reference in `formula` by `rows` and `columns`.
    /// String literals, quoted sheet names, function names and defined names are left alone.
    static func translate(_ formula: String, rows: Int, columns: Int) -> String {
        guard rows != 0 || columns != 0 else { return formula }
        let chars = Array(formula.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        func isNameChar(_ c: Unicode.Scalar) -> Bool {
            c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || c == "." || c == "\\"
        }
        while i < chars.count {
            let c = chars[i]
            if c == "\"" || c == "'" {
                // A string literal or a quoted sheet name: copied as is (doubled quotes stay inside).
                out.append(c)
                i += 1
                while i < chars.count {
                    out.append(chars[i])
                    if chars[i] == c {
                        if i + 1 < chars.count, chars[i + 1] == c { out.append(chars[i + 1]); i += 2; continue }
                        i += 1
                        break
                    }
                    i += 1
                }
                continue
            }
            if (c == "$" || c.properties.isAlphabetic), i == 0 || !isNameChar(chars[i - 1]),
               let (text, length) = reference(chars, at: i, rows: rows, columns: columns) {
                out.append(contentsOf: text.unicodeScalars)
                i += length
                continue
            }
            // Copy a whole name token at once so its tail is never read as a reference.
            if c.properties.isAlphabetic || c == "_" {
                while i < chars.count, isNameChar(chars[i]) { out.append(chars[i]); i += 1 }
                continue
            }
            out.append(c)
            i += 1
        }
        return String(out)
    }

    /// A reference `$?COL$?ROW` starting at `start`, moved; nil when the text there is not a plain reference.
    private static func reference(_ chars: [Unicode.Scalar], at start: Int, rows: Int, columns: Int) -> (String, Int)? {
        var i = start
        let absoluteColumn = chars[i] == "$"
        if absoluteColumn { i += 1 }
        var letters = ""
        while i < chars.count, letters.count < 4, ("A"..."Z").contains(chars[i]) || ("a"..."z").contains(chars[i]) {
            letters.unicodeScalars.append(chars[i]); i += 1
        }
        guard !letters.isEmpty, letters.count <= 3, let column = CellReference.columnIndex(letters) else { return nil }
        let absoluteRow = i < chars.count && chars[i] == "$"
        if absoluteRow { i += 1 }
        var digits = ""
        while i < chars.count, ("0"..."9").contains(chars[i]) { digits.unicodeScalars.append(chars[i]); i += 1 }
        guard let row = Int(digits), row >= 1 else { return nil }
        // Followed by a name character, "(" (a function such as LOG10) or "!" (a sheet name): not a reference.
        if i < chars.count {
            let next = chars[i]
            if next == "(" || next == "!" || next.properties.isAlphabetic || next == "_" || next == "." { return nil }
        }
        let newColumn = absoluteColumn ? column : column + columns
        let newRow = absoluteRow ? row : row + rows
        guard newColumn >= 0, newColumn < CellReference.maxColumns, newRow >= 1, newRow <= CellReference.maxRows else {
            return ("#REF!", i - start)
        }
        let text = (absoluteColumn ? "$" : "") + CellReference.columnName(newColumn) + (absoluteRow ? "$" : "") + String(newRow)
        return (text, i - start)
    }
}
