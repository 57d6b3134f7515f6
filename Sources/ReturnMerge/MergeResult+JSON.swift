import DisclosureCatalog
import OfficeReturns
import Foundation
import SheetCore

/// The JSON form of a merge (`Schemas/merge.schema.json`), as readers decode it. Keys are snake_case; every key
/// is always written (null when absent), in a fixed order, so the same merge always gives the same bytes
/// (`MergeResult.writeJSON(toFile:)` writes it straight from the result).
public struct MergeDocument: Decodable, Sendable, Equatable {
    public static let schemaID = "https://disclosurekit.example/schemas/merge.schema.json"
    public static let formatVersion = 1

    public struct Input: Decodable, Sendable, Equatable {
        public var file: String
        public var status: String
        public var reason: String?
        public var message: String
        public var office_code: String?
        public var superseded_by: String?
        public var errors: Int
        public var warnings: Int

    }

    public struct Item: Decodable, Sendable, Equatable {
        public var item: Int
        public var name: String
        /// 已公开 / 部分公开 / 未公开 / 不适用, or null when empty or invalid (`status_text` keeps what was written).
        public var status: String?
        public var status_text: String
        public var channels: [String]
        public var other_channel: String
        public var location: String
        public var formed_on: String?
        /// 公开日期 (ISO 8601), null when not given.
        public var published: String?
        public var department: String
        public var reason: String
        public var remarks: String
        public var deadline_met: Bool?
        public var compliant: Bool
        public var source: String
    }

    public struct Office: Decodable, Sendable, Equatable {
        public var code: String
        public var name: String
        public var district: String
        public var file: String
        public var on_roster: Bool
        public var filled_on: String?
        public var filled_by: String
        public var phone: String
        public var superseded: [String]
        public var items: [Item]
    }

    public struct RosterOffice: Decodable, Sendable, Equatable {
        public var code: String
        public var name: String
        public var district: String
    }

    public struct Conflict: Decodable, Sendable, Equatable {
        public var code: String
        public var item: Int
        public var field: String
        public var kept_file: String
        public var kept_value: String
        public var superseded_file: String
        public var superseded_value: String
    }

    public struct FindingRow: Decodable, Sendable, Equatable {
        public var office: String?
        public var rule: String
        public var severity: String
        public var file: String?
        public var sheet: String?
        public var cell: String?
        public var line: Int?
        public var item: Int?
        public var message: String
    }

    public struct Counts: Decodable, Sendable, Equatable {
        public var district: String
        public var expected: Int?
        public var answered: Int
        public var missing: Int
        public var unknown: Int
        public var response_rate: Double?
        public var answers: Int
        public var compliant_answers: Int
        public var compliance_rate: Double?
        public var errors: Int
        public var warnings: Int
    }

    public struct ItemCounts: Decodable, Sendable, Equatable {
        public var item: Int
        public var name: String
        public var deadline: String
        public var answered: Int
        public var status: [String: Int]
        public var invalid_status: Int
        public var channels: [String: Int]
        public var published_without_channel: Int
        public var deadline_met: Int
        public var deadline_missed: Int
        public var deadline_not_judged: Int
        public var compliant: Int
        public var compliance_rate: Double?

        /// Key order of `status` when written.
        var statusOrder: [String] { ImplementationStatus.allCases.map(\.chineseLabel) }

        enum CodingKeys: String, CodingKey {
            case item, name, deadline, answered, status, invalid_status, channels, published_without_channel,
                 deadline_met, deadline_missed, deadline_not_judged, compliant, compliance_rate
        }
    }

    public struct InputCounts: Decodable, Sendable, Equatable {
        public var total: Int
        public var merged: Int
        public var merged_with_findings: Int
        public var superseded: Int
        public var rejected: Int
    }

    /// The labels of the identity fields of the catalog's returns (`OfficeFields`): what `code`, `name` and
    /// `district` are called (关区代码 / 填报单位 / 所属直属海关 for customs).
    public struct OfficeFieldLabels: Decodable, Sendable, Equatable {
        public var code: String
        public var name: String
        public var district: String
    }

    public struct Summary: Decodable, Sendable, Equatable {
        public var inputs: InputCounts
        public var roster: Bool
        public var overall: Counts
        public var districts: [Counts]
        public var items: [ItemCounts]
    }

    public var schema: String
    public var version: Int
    public var language: String
    public var as_of: String?
    public var channels: [String]
    public var office_fields: OfficeFieldLabels
    public var inputs: [Input]
    public var offices: [Office]
    public var missing: [String]
    public var missing_offices: [RosterOffice]
    public var unknown_offices: [String]
    public var conflicts: [Conflict]
    public var findings: [FindingRow]
    public var summary: Summary
}

extension MergeResult {
    /// The JSON document of this merge.
    public var document: MergeDocument {
        func counts(_ d: DistrictSummary) -> MergeDocument.Counts {
            .init(district: d.district, expected: d.expected, answered: d.answered, missing: d.missing, unknown: d.unknown,
                  response_rate: d.responseRate, answers: d.answers, compliant_answers: d.compliantAnswers,
                  compliance_rate: d.complianceRate, errors: d.errors, warnings: d.warnings)
        }
        return MergeDocument(
            schema: MergeDocument.schemaID, version: MergeDocument.formatVersion, language: language.rawValue,
            as_of: asOf?.iso8601, channels: channelVocabulary,
            office_fields: .init(code: officeFields.code, name: officeFields.name, district: officeFields.parent),
            inputs: inputs.map {
                .init(file: $0.file, status: $0.status.rawValue, reason: $0.reason?.rawValue, message: $0.message,
                      office_code: $0.officeCode, superseded_by: $0.supersededBy, errors: $0.errors, warnings: $0.warnings)
            },
            offices: offices.map { o in
                .init(code: o.code, name: o.name, district: o.district, file: o.file, on_roster: o.onRoster,
                      filled_on: o.identity.filledOn?.iso8601, filled_by: o.identity.filledBy, phone: o.identity.phone,
                      superseded: o.superseded, items: o.answers.indices.map { k in
                          let a = o.answers[k]
                          return .init(item: a.item, name: a.name, status: a.status?.chineseLabel, status_text: a.statusText,
                                       channels: a.channels, other_channel: a.otherChannel, location: a.location,
                                       formed_on: a.formedOn?.iso8601, published: a.publishedOn?.iso8601,
                                       department: a.department, reason: a.reason, remarks: a.remarks,
                                       deadline_met: a.deadlineMet, compliant: o.compliant[k], source: a.source.description)
                      })
            },
            missing: missing.map(\.code),
            missing_offices: missing.map { .init(code: $0.code, name: $0.name, district: $0.district) },
            unknown_offices: unknownOffices,
            conflicts: conflicts.map {
                .init(code: $0.code, item: $0.item, field: $0.field, kept_file: $0.keptFile, kept_value: $0.keptValue,
                      superseded_file: $0.supersededFile, superseded_value: $0.supersededValue)
            },
            findings: zip(findings, findingOffices).map { f, code in
                .init(office: code, rule: f.code, severity: f.severity.rawValue, file: f.location?.file,
                      sheet: f.location?.sheet, cell: f.location?.cell, line: f.location?.line, item: f.itemNumber,
                      message: f.message.text(language))
            },
            summary: .init(
                inputs: .init(total: inputs.count, merged: count(.merged), merged_with_findings: count(.mergedWithFindings),
                              superseded: count(.superseded), rejected: count(.rejected)),
                roster: hasRoster, overall: counts(overall), districts: districtSummaries.map(counts),
                items: itemSummaries.map { i in
                    .init(item: i.item.number, name: i.item.name, deadline: i.item.deadline, answered: i.answered,
                          status: Dictionary(uniqueKeysWithValues: ImplementationStatus.allCases.map { ($0.chineseLabel, i.byStatus[$0] ?? 0) }),
                          invalid_status: i.invalidStatus,
                          channels: Dictionary(channelVocabulary.map { ($0, 0) } + i.channelUse.map { ($0.key, $0.value) },
                                             uniquingKeysWith: { $0 + $1 }),
                          published_without_channel: i.publishedWithoutChannel, deadline_met: i.deadlineMet,
                          deadline_missed: i.deadlineMissed, deadline_not_judged: i.deadlineNotJudged,
                          compliant: i.compliant, compliance_rate: i.complianceRate)
                }))
    }
}
