import DisclosureCatalog
import Foundation
import OfficeReturns
import SheetCore

/// The merge document written straight from the result, without building a `MergeDocument` first: the keys,
/// order and values of `MergeResult.document` (the tests hold the bytes to those of writing the document).
extension MergeResult {
    /// Writes the JSON form of this merge (`Schemas/merge.schema.json`, `document`'s keys and values) to a new
    /// file at `url`, streamed through a buffer of `chunk` bytes.
    /// - Throws: the file system's error (creating, writing or closing the file).
    public func writeJSON(toFile url: URL) throws { try writeJSON(toFile: url, chunk: 1 << 19) }

    func writeJSON(toFile url: URL, chunk: Int) throws {
        try JSONWriter.stream(toFile: url, chunk: chunk) { writeJSON(to: $0) }
    }

    /// The JSON text in memory (for tests and small merges).
    func encodedJSON() -> [UInt8] {
        let w = JSONWriter(capacity: 1 << 20)
        writeJSON(to: w)
        return w.finished()
    }

    func writeJSON(to w: JSONWriter) {
        w.object { w in
            w.key("schema"); w.string(MergeDocument.schemaID)
            w.key("version"); w.int(MergeDocument.formatVersion)
            w.key("language"); w.string(language.rawValue)
            w.key("as_of"); w.date(asOf)
            w.key("channels"); w.stringArray(channelVocabulary)
            w.key("office_fields"); w.object { w in
                w.key("code"); w.string(officeFields.code)
                w.key("name"); w.string(officeFields.name)
                w.key("district"); w.string(officeFields.parent)
            }
            w.key("summary"); writeSummary(to: w)
            w.key("inputs"); w.array(inputs) { w, i in
                w.object { w in
                    w.key("file"); w.string(i.file)
                    w.key("status"); w.string(i.status.rawValue)
                    w.key("reason"); w.string(i.reason?.rawValue)
                    w.key("message"); w.string(i.message)
                    w.key("office_code"); w.string(i.officeCode)
                    w.key("superseded_by"); w.string(i.supersededBy)
                    w.key("errors"); w.int(i.errors)
                    w.key("warnings"); w.int(i.warnings)
                }
            }
            w.key("missing"); w.array(missing) { w, o in w.string(o.code) }
            w.key("missing_offices"); w.array(missing) { w, o in
                w.object { w in
                    w.key("code"); w.string(o.code)
                    w.key("name"); w.string(o.name)
                    w.key("district"); w.string(o.district)
                }
            }
            w.key("unknown_offices"); w.stringArray(unknownOffices)
            w.key("conflicts"); w.array(conflicts) { w, c in
                w.object { w in
                    w.key("code"); w.string(c.code)
                    w.key("item"); w.int(c.item)
                    w.key("field"); w.string(c.field)
                    w.key("kept_file"); w.string(c.keptFile)
                    w.key("kept_value"); w.string(c.keptValue)
                    w.key("superseded_file"); w.string(c.supersededFile)
                    w.key("superseded_value"); w.string(c.supersededValue)
                }
            }
            w.key("findings"); w.array(count: min(findings.count, findingOffices.count)) { w, k in
                let location = findings[k].location
                w.object { w in
                    w.key("office"); w.string(findingOffices[k])
                    w.key("rule"); w.string(findings[k].code)
                    w.key("severity"); w.string(findings[k].severity.rawValue)
                    w.key("file"); w.string(location?.file)
                    w.key("sheet"); w.string(location?.sheet)
                    w.key("cell"); w.string(location?.cell)
                    w.key("line"); w.int(location?.line)
                    w.key("item"); w.int(findings[k].itemNumber)
                    w.key("message"); w.string(findings[k].message.text(language))
                }
            }
            // Offices and answers by index: fields are read in place, no answer is copied (with its strings).
            w.key("offices"); w.array(count: offices.count) { w, n in
                w.object { w in
                    w.key("code"); w.string(offices[n].code)
                    w.key("name"); w.string(offices[n].name)
                    w.key("district"); w.string(offices[n].district)
                    w.key("file"); w.string(offices[n].file)
                    w.key("on_roster"); w.bool(offices[n].onRoster)
                    w.key("filled_on"); w.date(offices[n].identity.filledOn)
                    w.key("filled_by"); w.string(offices[n].identity.filledBy)
                    w.key("phone"); w.string(offices[n].identity.phone)
                    w.key("superseded"); w.stringArray(offices[n].superseded)
                    w.key("items"); w.array(count: offices[n].answers.count) { w, k in
                        writeAnswer(offices[n].answers[k], compliant: offices[n].compliant[k], to: w)
                    }
                }
            }
        }
    }

    private func writeAnswer(_ a: borrowing ItemAnswer, compliant: Bool, to w: JSONWriter) {
        w.object { w in
            w.key("item"); w.int(a.item)
            w.key("name"); w.string(a.name)
            w.key("status"); w.string(a.status?.chineseLabel)
            w.key("status_text"); w.string(a.statusText)
            w.key("channels"); w.stringArray(a.channels)
            w.key("other_channel"); w.string(a.otherChannel)
            w.key("location"); w.string(a.location)
            w.key("formed_on"); w.date(a.formedOn)
            w.key("published"); w.date(a.publishedOn)
            w.key("department"); w.string(a.department)
            w.key("reason"); w.string(a.reason)
            w.key("remarks"); w.string(a.remarks)
            w.key("deadline_met"); w.bool(a.deadlineMet)
            w.key("compliant"); w.bool(compliant)
            w.key("source"); w.string(a.source)
        }
    }

    private func writeSummary(to w: JSONWriter) {
        w.object { w in
            w.key("inputs"); w.object { w in
                w.key("total"); w.int(inputs.count)
                w.key("merged"); w.int(count(.merged))
                w.key("merged_with_findings"); w.int(count(.mergedWithFindings))
                w.key("superseded"); w.int(count(.superseded))
                w.key("rejected"); w.int(count(.rejected))
            }
            w.key("roster"); w.bool(hasRoster)
            w.key("overall"); Self.writeCounts(overall, to: w)
            w.key("districts"); w.array(districtSummaries) { w, d in Self.writeCounts(d, to: w) }
            w.key("items"); w.array(itemSummaries) { w, i in
                w.object { w in
                    w.key("item"); w.int(i.item.number)
                    w.key("name"); w.string(i.item.name)
                    w.key("deadline"); w.string(i.item.deadline)
                    w.key("answered"); w.int(i.answered)
                    w.key("status"); w.object { w in
                        for status in ImplementationStatus.allCases {
                            w.key(named: status.chineseLabel); w.int(i.byStatus[status] ?? 0)
                        }
                    }
                    w.key("invalid_status"); w.int(i.invalidStatus)
                    // The vocabulary's channels in order, then any others sorted (as `JSONWriter.counts` orders them).
                    w.key("channels"); w.object { w in
                        for name in channelVocabulary { w.key(named: name); w.int(i.channelUse[name] ?? 0) }
                        for name in i.channelUse.keys.filter({ !channelVocabulary.contains($0) }).sorted() {
                            w.key(named: name); w.int(i.channelUse[name] ?? 0)
                        }
                    }
                    w.key("published_without_channel"); w.int(i.publishedWithoutChannel)
                    w.key("deadline_met"); w.int(i.deadlineMet)
                    w.key("deadline_missed"); w.int(i.deadlineMissed)
                    w.key("deadline_not_judged"); w.int(i.deadlineNotJudged)
                    w.key("compliant"); w.int(i.compliant)
                    w.key("compliance_rate"); w.number(i.complianceRate)
                }
            }
        }
    }

    private static func writeCounts(_ d: DistrictSummary, to w: JSONWriter) {
        w.object { w in
            w.key("district"); w.string(d.district)
            w.key("expected"); w.int(d.expected)
            w.key("answered"); w.int(d.answered)
            w.key("missing"); w.int(d.missing)
            w.key("unknown"); w.int(d.unknown)
            w.key("response_rate"); w.number(d.responseRate)
            w.key("answers"); w.int(d.answers)
            w.key("compliant_answers"); w.int(d.compliantAnswers)
            w.key("compliance_rate"); w.number(d.complianceRate)
            w.key("errors"); w.int(d.errors)
            w.key("warnings"); w.int(d.warnings)
        }
    }
}
