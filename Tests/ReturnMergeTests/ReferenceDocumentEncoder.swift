import Foundation
@testable import ReturnMerge
import SheetCore

// The reference the merge JSON is tested against: the document (`MergeResult.document`) written key by key, as the
// library wrote it before it wrote straight from the result (`MergeResult.writeJSON`). The two must give the
// same bytes.
extension MergeDocument {
    /// Deterministic UTF-8 JSON: every key present, fixed key order, two-space indentation, a final newline.
    func encoded() -> [UInt8] {
        let w = JSONWriter(capacity: 1 << 20)
        write(to: w)
        return w.finished()
    }

    /// `encoded()`'s bytes written to a file through a buffer of `chunk` bytes.
    func write(toFile url: URL, chunk: Int = 1 << 20) throws {
        try JSONWriter.stream(toFile: url, chunk: chunk) { write(to: $0) }
    }
}

extension MergeDocument {
    func write(to w: JSONWriter) {
        w.object { w in
            w.key("schema"); w.string(schema)
            w.key("version"); w.int(version)
            w.key("language"); w.string(language)
            w.key("as_of"); w.string(as_of)
            w.key("channels"); w.stringArray(channels)
            w.key("office_fields"); w.object { w in
                w.key("code"); w.string(office_fields.code)
                w.key("name"); w.string(office_fields.name)
                w.key("district"); w.string(office_fields.district)
            }
            w.key("summary"); summary.write(to: w, channelOrder: channels)
            w.key("inputs"); w.array(inputs) { w, i in i.write(to: w) }
            w.key("missing"); w.stringArray(missing)
            w.key("missing_offices"); w.array(missing_offices) { w, o in
                w.object { w in
                    w.key("code"); w.string(o.code)
                    w.key("name"); w.string(o.name)
                    w.key("district"); w.string(o.district)
                }
            }
            w.key("unknown_offices"); w.stringArray(unknown_offices)
            w.key("conflicts"); w.array(conflicts) { w, c in
                w.object { w in
                    w.key("code"); w.string(c.code)
                    w.key("item"); w.int(c.item)
                    w.key("field"); w.string(c.field)
                    w.key("kept_file"); w.string(c.kept_file)
                    w.key("kept_value"); w.string(c.kept_value)
                    w.key("superseded_file"); w.string(c.superseded_file)
                    w.key("superseded_value"); w.string(c.superseded_value)
                }
            }
            w.key("findings"); w.array(findings) { w, f in
                w.object { w in
                    w.key("office"); w.string(f.office)
                    w.key("rule"); w.string(f.rule)
                    w.key("severity"); w.string(f.severity)
                    w.key("file"); w.string(f.file)
                    w.key("sheet"); w.string(f.sheet)
                    w.key("cell"); w.string(f.cell)
                    w.key("line"); w.int(f.line)
                    w.key("item"); w.int(f.item)
                    w.key("message"); w.string(f.message)
                }
            }
            w.key("offices"); w.array(offices) { w, o in o.write(to: w) }
        }
    }
}

extension MergeDocument.Input {
    func write(to w: JSONWriter) {
        w.object { w in
            w.key("file"); w.string(file)
            w.key("status"); w.string(status)
            w.key("reason"); w.string(reason)
            w.key("message"); w.string(message)
            w.key("office_code"); w.string(office_code)
            w.key("superseded_by"); w.string(superseded_by)
            w.key("errors"); w.int(errors)
            w.key("warnings"); w.int(warnings)
        }
    }
}

extension MergeDocument.Office {
    func write(to w: JSONWriter) {
        w.object { w in
            w.key("code"); w.string(code)
            w.key("name"); w.string(name)
            w.key("district"); w.string(district)
            w.key("file"); w.string(file)
            w.key("on_roster"); w.bool(on_roster)
            w.key("filled_on"); w.string(filled_on)
            w.key("filled_by"); w.string(filled_by)
            w.key("phone"); w.string(phone)
            w.key("superseded"); w.stringArray(superseded)
            w.key("items"); w.array(items) { w, i in
                w.object { w in
                    w.key("item"); w.int(i.item)
                    w.key("name"); w.string(i.name)
                    w.key("status"); w.string(i.status)
                    w.key("status_text"); w.string(i.status_text)
                    w.key("channels"); w.stringArray(i.channels)
                    w.key("other_channel"); w.string(i.other_channel)
                    w.key("location"); w.string(i.location)
                    w.key("formed_on"); w.string(i.formed_on)
                    w.key("published"); w.string(i.published)
                    w.key("department"); w.string(i.department)
                    w.key("reason"); w.string(i.reason)
                    w.key("remarks"); w.string(i.remarks)
                    w.key("deadline_met"); w.bool(i.deadline_met)
                    w.key("compliant"); w.bool(i.compliant)
                    w.key("source"); w.string(i.source)
                }
            }
        }
    }
}

extension MergeDocument.Summary {
    func write(to w: JSONWriter, channelOrder: [String]) {
        w.object { w in
            w.key("inputs"); w.object { w in
                w.key("total"); w.int(inputs.total)
                w.key("merged"); w.int(inputs.merged)
                w.key("merged_with_findings"); w.int(inputs.merged_with_findings)
                w.key("superseded"); w.int(inputs.superseded)
                w.key("rejected"); w.int(inputs.rejected)
            }
            w.key("roster"); w.bool(roster)
            w.key("overall"); overall.write(to: w)
            w.key("districts"); w.array(districts) { w, d in d.write(to: w) }
            w.key("items"); w.array(items) { w, i in
                w.object { w in
                    w.key("item"); w.int(i.item)
                    w.key("name"); w.string(i.name)
                    w.key("deadline"); w.string(i.deadline)
                    w.key("answered"); w.int(i.answered)
                    w.key("status"); w.counts(i.status, order: i.statusOrder)
                    w.key("invalid_status"); w.int(i.invalid_status)
                    w.key("channels"); w.counts(i.channels, order: channelOrder)
                    w.key("published_without_channel"); w.int(i.published_without_channel)
                    w.key("deadline_met"); w.int(i.deadline_met)
                    w.key("deadline_missed"); w.int(i.deadline_missed)
                    w.key("deadline_not_judged"); w.int(i.deadline_not_judged)
                    w.key("compliant"); w.int(i.compliant)
                    w.key("compliance_rate"); w.number(i.compliance_rate)
                }
            }
        }
    }
}

extension MergeDocument.Counts {
    func write(to w: JSONWriter) {
        w.object { w in
            w.key("district"); w.string(district)
            w.key("expected"); w.int(expected)
            w.key("answered"); w.int(answered)
            w.key("missing"); w.int(missing)
            w.key("unknown"); w.int(unknown)
            w.key("response_rate"); w.number(response_rate)
            w.key("answers"); w.int(answers)
            w.key("compliant_answers"); w.int(compliant_answers)
            w.key("compliance_rate"); w.number(compliance_rate)
            w.key("errors"); w.int(errors)
            w.key("warnings"); w.int(warnings)
        }
    }
}

extension JSONWriter {
    /// A `{name: count}` object in the given order, then any other names sorted.
    func counts(_ values: [String: Int], order: [String]) {
        let rest = values.keys.filter { !order.contains($0) }.sorted()
        object { w in
            for name in order + rest {
                w.key(named: name); w.int(values[name] ?? 0)
            }
        }
    }
}
