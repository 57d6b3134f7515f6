import DisclosureCatalog
import Foundation
import OfficeReturns
import ReturnMerge

/// HTML of the portal's pages. Every text that comes from users or files goes through `h` (escaped).
enum Pages {
    /// Escapes text for HTML element content and quoted attribute values.
    static func h(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static func page(title: String, body: String, script: Bool = false) -> String {
        """
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(h(title))</title><link rel="stylesheet" href="/static/portal.css">\(script ? "<script src=\"/static/portal.js\" defer></script>" : "")</head>
        <body>\(body)</body></html>
        """
    }

    /// Beijing time (UTC+8) of a stored ISO timestamp, `yyyy-MM-dd HH:mm:ss`.
    static func beijing(_ iso: String) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = f.date(from: iso) else { return iso }
        let out = DateFormatter()
        out.locale = Locale(identifier: "en_US_POSIX")
        out.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        out.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return out.string(from: date)
    }

    static func statusLabel(_ status: String) -> String {
        switch status {
        case "accepted": return "已接收"
        case "accepted-with-findings": return "已接收（有问题）"
        case "rejected": return "被拒绝"
        default: return status
        }
    }

    static func statusClass(_ status: String) -> String {
        switch status {
        case "accepted": return "ok"
        case "accepted-with-findings": return "warn"
        default: return "bad"
        }
    }

    static func severityLabel(_ s: Severity) -> String {
        switch s {
        case .error: return "错误"
        case .warning: return "警告"
        case .info: return "提示"
        }
    }

    // MARK: office

    static func office(office: OfficeRecord, round: RoundRecord, history: [SubmissionRecord], csrf: String,
                       shown: SubmissionRecord?, maxUploadMB: Int) -> String {
        let base = "/o/\(office.token)"
        // The upload the merge takes: the latest one not rejected.
        let counted = history.first { $0.status != "rejected" }
        var b = "<header><h1>政务公开标准目录填报</h1><p class=\"sub\">\(h(round.name))</p></header><main>"
        b += "<section class=\"card\"><table class=\"kv\">"
        b += "<tr><th>填报单位</th><td id=\"office-name\">\(h(office.name))</td></tr>"
        b += "<tr><th>关区代码</th><td id=\"office-code\">\(h(office.code))</td></tr>"
        b += "<tr><th>所属直属海关</th><td>\(h(office.district))</td></tr>"
        b += "<tr><th>截止日期</th><td>\(h(round.due ?? "未定"))</td></tr>"
        b += "<tr><th>状态</th><td>\(round.closed == nil ? "正在填报" : "本轮已结束，不再接收上传")</td></tr>"
        b += "</table><p><a class=\"button\" id=\"template\" href=\"\(base)/template.xlsx\">下载本单位填报模板（已填好单位信息）</a></p></section>"
        if round.closed == nil {
            b += """
            <section class="card"><h2>上传填报表</h2>
            <form id="upload" method="post" action="\(base)/returns" enctype="multipart/form-data">
            <input type="hidden" name="csrf" value="\(h(csrf))">
            <input type="file" name="file" id="file" accept=".xlsx,.xlsm,.xls,.et,.ods,.csv" required>
            <button type="submit" id="submit">上传并校验</button>
            </form><p class="hint">XLSX、XLS、ODS 或 CSV，不超过 \(maxUploadMB) MB。后一次被接收的上传取代前一次；被拒绝的上传不取代已接收的填报表。历次上传均保留。</p></section>
            """
        }
        if let s = shown, let report = Portal.report(of: s) {
            b += "<section class=\"card\" id=\"findings\"><h2>校验结果：\(h(s.name)) <span class=\"status \(statusClass(s.status))\" id=\"status\">\(statusLabel(s.status))</span></h2>"
            b += "<p>上传于 \(h(beijing(s.received)))（北京时间）· 错误 \(s.errors) · 警告 \(s.warnings)"
            if s.status != "rejected" {
                b += " · <a id=\"checked\" href=\"\(base)/returns/\(s.id)/checked.xlsx\">下载标注副本</a>"
            }
            b += " · <a href=\"\(base)/returns/\(s.id)\">JSON</a></p>"
            if let error = report.error { b += "<p class=\"error\" id=\"reject-reason\">\(h(error))</p>" }
            if s.status == "rejected" {
                b += "<p id=\"counted\">" + (counted.map { c in
                    c.id > s.id ? "此后已有被接收的上传（编号 \(c.id)）。"
                        : "本次上传未被接收：汇总仍采用此前被接收的“\(h(c.name))”（编号 \(c.id)）。请修改后重新上传。"
                } ?? "本次上传未被接收：本单位尚无被接收的填报表。请修改后重新上传。") + "</p>"
            }
            if report.findings.isEmpty {
                if report.error == nil { b += "<p class=\"ok\">未发现问题。</p>" }
            } else {
                b += "<table class=\"grid\" id=\"findings-table\"><thead><tr><th>级别</th><th>单元格</th><th>事项</th><th>说明</th></tr></thead><tbody>"
                for f in report.findings {
                    let cell = [f.sheet, f.cell].compactMap { $0 }.joined(separator: "!")
                    b += "<tr class=\"\(f.severity.rawValue)\"><td>\(severityLabel(f.severity))</td><td>\(h(cell))</td><td>\(f.item.map(String.init) ?? "")</td><td>\(h(f.message))</td></tr>"
                }
                b += "</tbody></table>"
            }
            b += "</section>"
        }
        b += "<section class=\"card\"><h2>上传记录</h2>"
        if history.isEmpty {
            b += "<p>尚未上传。</p>"
        } else {
            b += "<table class=\"grid\" id=\"history\"><thead><tr><th>编号</th><th>时间（北京）</th><th>文件</th><th>结果</th><th>错误</th><th>警告</th><th></th></tr></thead><tbody>"
            for s in history {
                let note = s.status == "rejected" ? "" : (s.id == counted?.id ? "（汇总采用）" : "（已被取代）")
                b += "<tr><td>\(s.id)</td><td>\(h(beijing(s.received)))</td><td>\(h(s.name))</td><td class=\"\(statusClass(s.status))\">\(statusLabel(s.status))\(note)</td><td>\(s.errors)</td><td>\(s.warnings)</td><td><a href=\"\(base)?s=\(s.id)#findings\">查看</a></td></tr>"
            }
            b += "</tbody></table>"
        }
        b += "</section></main>"
        return page(title: "\(office.name) · \(round.name)", body: b)
    }

    // MARK: HQ

    static func login(csrf: String, message: String? = nil) -> String {
        var b = "<header><h1>政务公开填报汇总 · 总署登录</h1></header><main><section class=\"card\">"
        if let message { b += "<p class=\"error\">\(h(message))</p>" }
        b += """
        <form method="post" action="/login" id="login">
        <input type="hidden" name="csrf" value="\(h(csrf))">
        <label>管理令牌（数据目录中 admin-token 文件的内容）<br><input type="password" name="token" id="token" autocomplete="off" required></label>
        <button type="submit" id="login-submit">登录</button></form></section></main>
        """
        return page(title: "登录", body: b)
    }

    static func rounds(_ rounds: [RoundRecord], csrf: String, message: String? = nil) -> String {
        var b = "<header><h1>填报轮次</h1><form method=\"post\" action=\"/logout\" class=\"inline\"><input type=\"hidden\" name=\"csrf\" value=\"\(h(csrf))\"><button>退出</button></form></header><main>"
        if let message { b += "<p class=\"error\">\(h(message))</p>" }
        b += "<section class=\"card\"><table class=\"grid\" id=\"rounds\"><thead><tr><th>编号</th><th>名称</th><th>截止</th><th>校验日期</th><th>状态</th></tr></thead><tbody>"
        for r in rounds.reversed() {
            b += "<tr><td>\(r.id)</td><td><a href=\"/rounds/\(r.id)\">\(h(r.name))</a></td><td>\(h(r.due ?? ""))</td><td>\(h(r.asOf ?? ""))</td><td>\(r.closed == nil ? "进行中" : "已结束")</td></tr>"
        }
        b += "</tbody></table></section>"
        b += """
        <section class="card"><h2>开启新一轮</h2>
        <form method="post" action="/rounds" enctype="multipart/form-data" id="open-round">
        <input type="hidden" name="csrf" value="\(h(csrf))">
        <label>名称 <input name="name" required></label>
        <label>名单（CSV/XLSX：关区代码、关区名称、所属直属海关） <input type="file" name="roster" required></label>
        <label>截止日期 <input type="date" name="due"></label>
        <label>校验日期 <input type="date" name="as_of"></label>
        <button type="submit">开启</button></form></section></main>
        """
        return page(title: "填报轮次", body: b)
    }

    static func dashboard(round: RoundRecord, live: String, csrf: String, offices: [OfficeRecord]) -> String {
        var b = "<header><h1>\(h(round.name))</h1><p class=\"sub\"><a href=\"/rounds\">全部轮次</a> · 截止 \(h(round.due ?? "未定")) · 校验日期 \(h(round.asOf ?? "未定")) · \(round.closed == nil ? "进行中" : "已结束")</p></header><main>"
        b += "<section class=\"card\"><a class=\"button\" href=\"/api/rounds/\(round.id)/merged.xlsx\">下载汇总工作簿</a> <a class=\"button\" href=\"/api/rounds/\(round.id)/merge\">汇总 JSON</a>"
        if round.closed == nil {
            b += " <form method=\"post\" action=\"/rounds/\(round.id)/close\" class=\"inline\"><input type=\"hidden\" name=\"csrf\" value=\"\(h(csrf))\"><button>结束本轮</button></form>"
        }
        b += "</section><div id=\"live\" data-round=\"\(round.id)\">\(live)</div>"
        b += "<section class=\"card\"><details><summary>各单位填报链接（\(offices.count)）</summary><table class=\"grid\" id=\"links\"><thead><tr><th>关区代码</th><th>名称</th><th>所属直属海关</th><th>链接</th></tr></thead><tbody>"
        for o in offices {
            b += "<tr><td>\(h(o.code))</td><td>\(h(o.name))</td><td>\(h(o.district))</td><td><a href=\"/o/\(h(o.token))\">/o/\(h(o.token))</a></td></tr>"
        }
        b += "</tbody></table></details></section></main>"
        return page(title: round.name, body: b, script: true)
    }

    /// The part of the dashboard that updates itself.
    static func live(version: Int, result: MergeResult, rejectedLatest: [(OfficeRecord, SubmissionRecord)],
                     recent: [SubmissionRecord], officeNames: [Int64: OfficeRecord]) -> String {
        let o = result.overall
        var b = "<div data-version=\"\(version)\" id=\"live-body\">"
        b += "<section class=\"card stats\"><div><b id=\"expected\">\(o.expected ?? 0)</b>应报</div><div><b id=\"answered\">\(o.answered)</b>已报</div><div><b id=\"missing\">\(o.missing)</b>未报</div><div><b>\(o.errors)</b>错误</div><div><b>\(o.warnings)</b>警告</div></section>"
        b += "<section class=\"card\"><h2>各直属海关</h2><table class=\"grid\" id=\"districts\"><thead><tr><th>直属海关</th><th>应报</th><th>已报</th><th>未报</th><th>名单外</th><th>合规率</th><th>错误</th></tr></thead><tbody>"
        for d in result.districtSummaries {
            b += "<tr><td>\(h(d.district))</td><td>\(d.expected.map(String.init) ?? "")</td><td>\(d.answered)</td><td>\(d.missing)</td><td>\(d.unknown)</td><td>\(percent(d.complianceRate))</td><td>\(d.errors)</td></tr>"
        }
        b += "</tbody></table></section>"
        b += "<section class=\"card\"><h2>各事项合规率</h2>\(chart(result.itemSummaries))</section>"
        // Offices with errors: merged returns with errors, and offices whose latest upload was rejected.
        b += "<section class=\"card\"><h2>有错误的单位</h2><table class=\"grid\" id=\"offices-with-errors\"><thead><tr><th>关区代码</th><th>名称</th><th>文件</th><th>错误</th><th>警告</th></tr></thead><tbody>"
        var names: [String: String] = [:]
        for office in result.offices { names[office.code] = office.name }
        for input in result.inputs where input.errors > 0 {
            let code = input.officeCode ?? ""
            b += "<tr><td>\(h(code))</td><td>\(h(names[code] ?? ""))</td><td>\(h(input.file))</td><td>\(input.errors)</td><td>\(input.warnings)</td></tr>"
        }
        for (office, s) in rejectedLatest {
            b += "<tr><td>\(h(office.code))</td><td>\(h(office.name))</td><td>\(h(s.name))（最近一次上传被拒绝）</td><td>\(s.errors)</td><td>\(s.warnings)</td></tr>"
        }
        b += "</tbody></table></section>"
        if !result.missing.isEmpty {
            b += "<section class=\"card\"><h2>未报单位（\(result.missing.count)）</h2><p id=\"missing-list\">"
            b += result.missing.prefix(300).map { "\(h($0.code)) \(h($0.name))" }.joined(separator: "、")
            if result.missing.count > 300 { b += " …" }
            b += "</p></section>"
        }
        b += "<section class=\"card\"><h2>最近上传</h2><table class=\"grid\" id=\"recent\"><thead><tr><th>时间（北京）</th><th>单位</th><th>文件</th><th>结果</th><th>错误</th><th>警告</th></tr></thead><tbody>"
        for s in recent {
            let office = officeNames[s.officeID]
            b += "<tr><td>\(h(beijing(s.received)))</td><td>\(h(s.officeCode)) \(h(office?.name ?? ""))</td><td>\(h(s.name))</td><td class=\"\(statusClass(s.status))\">\(statusLabel(s.status))</td><td>\(s.errors)</td><td>\(s.warnings)</td></tr>"
        }
        b += "</tbody></table></section></div>"
        return b
    }

    static func percent(_ rate: Double?) -> String {
        guard let rate else { return "—" }
        return String(format: "%.0f%%", rate * 100)
    }

    /// Compliance per item as horizontal bars (inline SVG).
    static func chart(_ items: [ItemSummary]) -> String {
        let rowHeight = 18, labelWidth = 260, barWidth = 360, width = labelWidth + barWidth + 60
        let height = max(1, items.count) * rowHeight + 24
        var s = "<svg id=\"compliance-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"各事项合规率\">"
        for (i, item) in items.enumerated() {
            let y = i * rowHeight + 4
            let rate = item.complianceRate ?? 0
            let w = Int((rate * Double(barWidth)).rounded())
            let color = rate >= 0.9 ? "#2e7d32" : rate >= 0.6 ? "#f9a825" : "#c62828"
            let label = "\(item.item.number). \(item.item.name)"
            let short = label.count > 20 ? String(label.prefix(19)) + "…" : label
            s += "<g><title>\(h(label))：\(item.compliant)/\(item.answered) 合规</title>"
            s += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 13)\" text-anchor=\"end\" font-size=\"12\">\(h(short))</text>"
            s += "<rect x=\"\(labelWidth)\" y=\"\(y + 2)\" width=\"\(barWidth)\" height=\"\(rowHeight - 6)\" fill=\"#eeeeee\"/>"
            s += "<rect class=\"bar\" x=\"\(labelWidth)\" y=\"\(y + 2)\" width=\"\(w)\" height=\"\(rowHeight - 6)\" fill=\"\(color)\"/>"
            s += "<text x=\"\(labelWidth + barWidth + 6)\" y=\"\(y + 13)\" font-size=\"12\">\(item.answered == 0 ? "—" : percent(rate))</text></g>"
        }
        let axisY = items.count * rowHeight + 18
        s += "<text x=\"\(labelWidth)\" y=\"\(axisY)\" font-size=\"11\" fill=\"#666\">0%</text><text x=\"\(labelWidth + barWidth)\" y=\"\(axisY)\" font-size=\"11\" fill=\"#666\" text-anchor=\"end\">100%</text>"
        return s + "</svg>"
    }

    static func message(title: String, text: String, link: (String, String)? = nil) -> String {
        var b = "<header><h1>\(h(title))</h1></header><main><section class=\"card\"><p>\(h(text))</p>"
        if let link { b += "<p><a href=\"\(h(link.0))\">\(h(link.1))</a></p>" }
        return page(title: title, body: b + "</section></main>")
    }

    static let css = """
    body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;margin:0;background:#f5f6f8;color:#222}
    header{background:#0b3d91;color:#fff;padding:12px 24px;display:flex;align-items:baseline;gap:16px}
    header h1{font-size:20px;margin:0}header .sub{margin:0;opacity:.9}header a{color:#fff}
    main{max-width:1100px;margin:16px auto;padding:0 16px}
    .card{background:#fff;border-radius:6px;box-shadow:0 1px 3px rgba(0,0,0,.12);padding:12px 18px;margin-bottom:14px}
    h2{font-size:16px;margin:4px 0 10px}
    table.grid{border-collapse:collapse;width:100%;font-size:13px}table.grid th,table.grid td{border-bottom:1px solid #e3e3e3;padding:4px 6px;text-align:left;vertical-align:top}
    table.kv th{text-align:right;padding-right:12px;color:#555;font-weight:normal}
    .ok{color:#2e7d32}.warn{color:#9c5700}.bad,.error{color:#c62828}tr.error td:first-child{color:#c62828;font-weight:bold}tr.warning td:first-child{color:#9c5700;font-weight:bold}
    .status{font-size:13px;padding:2px 8px;border-radius:10px;background:#f0f0f0}
    .button,button{display:inline-block;background:#0b3d91;color:#fff;border:0;border-radius:4px;padding:6px 14px;text-decoration:none;font-size:14px;cursor:pointer}
    form.inline{display:inline}header form.inline{margin-left:auto}
    .stats{display:flex;gap:28px}.stats div{font-size:13px;color:#555}.stats b{display:block;font-size:26px;color:#0b3d91}
    label{display:block;margin:6px 0}.hint{color:#666;font-size:12px}
    """

    /// Polls the live part of the dashboard; the server answers 204 while nothing changed.
    static let js = """
    (function(){
      var live=document.getElementById('live'); if(!live) return;
      var round=live.getAttribute('data-round');
      function version(){var b=document.getElementById('live-body');return b?b.getAttribute('data-version'):'';}
      function poll(){
        fetch('/rounds/'+round+'/live?v='+encodeURIComponent(version()),{credentials:'same-origin'})
          .then(function(r){ if(r.status===200){ return r.text().then(function(t){ live.innerHTML=t; }); } })
          .catch(function(){}).then(function(){ setTimeout(poll, 2000); });
      }
      setTimeout(poll, 2000);
    })();
    """
}
