import DisclosureCatalog

/// User-facing texts of the merge, in Chinese or English.
enum Messages {
    private static func t(_ zh: String, _ en: String) -> LocalizedText { LocalizedText(zh: zh, en: en) }

    static var rosterNoHeader: LocalizedText {
        t("没有工作表含“关区代码”表头（应有列：关区代码、名称、所属直属海关）",
          "no sheet has a 关区代码 header (expected columns 关区代码, name, 所属直属海关)")
    }
    static func rosterCodeInvalid(_ text: String) -> LocalizedText {
        t("关区代码“\(text)”不是四位数字，该行已忽略", "office code \"\(text)\" is not four digits; row ignored")
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
    static var noOfficeCode: LocalizedText {
        t("填报表缺少有效的关区代码，无法归属到关区", "the return has no valid office code, so it cannot be attributed")
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
}
