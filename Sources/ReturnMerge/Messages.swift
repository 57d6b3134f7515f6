import DisclosureCatalog

/// User-facing texts of the merge, in Chinese or English.
enum Messages {
    private static func t(_ zh: String, _ en: String) -> LocalizedText { LocalizedText(zh: zh, en: en) }

    static func rosterNoHeader(_ fields: OfficeFields) -> LocalizedText {
        t("没有工作表含“\(fields.code)”表头（应有列：\(fields.code)、名称、\(fields.parent)）",
          "no sheet has a \(fields.code) header (expected columns \(fields.code), name, \(fields.parent))")
    }
    static func rosterCodeInvalid(_ text: String, _ fields: OfficeFields = .customs) -> LocalizedText {
        guard let digits = fields.codeDigits else {
            return t("\(fields.code)为空，该行已忽略", "empty office code; row ignored")
        }
        let zhDigits = digits == 4 ? "四" : String(digits)
        return t("\(fields.code)“\(text)”不是\(zhDigits)位数字，该行已忽略", "office code \"\(text)\" is not \(digits == 4 ? "four" : String(digits)) digits; row ignored")
    }
    static func codeRestored(found: String, code: String) -> LocalizedText {
        t("关区代码 \(found) 被存为数字，已按 \(code) 读取（请将该列设为文本）",
          "office code \(found) was stored as a number; read as \(code) (format the column as text)")
    }
    static func rosterDuplicate(code: String, firstRow: Int) -> LocalizedText {
        t("关区代码 \(code) 在名单中重复（首次出现在第 \(firstRow) 行），以首次为准",
          "office code \(code) appears twice in the roster (first on row \(firstRow)); the first is used")
    }
    static func superseded(by file: String) -> LocalizedText {
        t("同一关区有更新的填报表 \(file)，本表未采用", "superseded by the later return \(file) of the same office")
    }
    static func unknownOffice(_ code: String) -> LocalizedText {
        t("关区代码 \(code) 不在名单中", "office code \(code) is not on the roster")
    }
    static func noOfficeCode(_ fields: OfficeFields) -> LocalizedText {
        fields == .customs ? t("填报表缺少有效的关区代码，无法归属到关区", "the return has no valid office code, so it cannot be attributed")
            : t("填报表缺少有效的\(fields.code)，无法归属到单位", "the return has no valid office code, so it cannot be attributed")
    }
    static func missingPath(_ path: String) -> LocalizedText {
        t("路径不存在：\(path)", "no such file or folder: \(path)")
    }
    static func unsupportedType(_ ext: String) -> LocalizedText {
        t("不是填报表文件（扩展名 .\(ext)，应为 .xlsx、.xls 或 .csv）", "not a return file (extension .\(ext); expected .xlsx, .xls or .csv)")
    }
    static var lockFile: LocalizedText {
        t("Office 临时锁定文件（~$ 开头），不是填报表", "an Office lock file (~$…), not a return")
    }
}

extension Messages {
    static var overall: LocalizedText { t("合计", "Total") }

    static func nameDiffers(code: String, roster: String, office: String) -> LocalizedText {
        t("名单中 \(code) 的名称为“\(roster)”，填报表的填报单位为“\(office)”；汇总按名单名称",
          "the roster names \(code) \"\(roster)\" but the return says \"\(office)\"; the roster's name is used")
    }
}
