import Foundation
@testable import ODSReading
import SheetCore
import Testing
import TestSupport
import XLSXReading

/// The two-core streaming parse of a big content.xml (`ODSParallel.swift`) gives exactly what the sequential
/// parse gives: the same rows, the same sheets, the same located errors. Small segments make small files
/// take the parallel path.
@Suite struct ODSParallelTests {
    /// Every event of a streaming read, as text.
    private func events(_ path: String, parallel: Bool, segmentBytes: Int = 300, limits: XLSXLimits = .default,
                        stopAfterRows: Int? = nil) -> (events: [String], error: String?, segments: Int?) {
        var out: [String] = []
        var failure: String?
        var segments: Int?
        do {
            let workbook = try ODSWorkbook(path: path, limits: limits)
            workbook.parallelThreshold = parallel ? 0 : .max
            workbook.parallelSegmentBytes = segmentBytes
            struct Enough: Error {}
            do {
                try workbook.forEachSheet({ sheet in
                    out.append("sheet \(sheet.index) \(sheet.name) hidden=\(sheet.isHidden)")
                    return sheet.name != "skipped"
                }, row: { sheet, row, cells in
                    out.append("\(sheet.name)!\(row): " + cells.map { "\($0.column)=\($0.value)" }.joined(separator: " | "))
                    if let stopAfterRows, out.count >= stopAfterRows { throw Enough() }
                })
            } catch is Enough {
                out.append("stopped")
            }
            segments = workbook.lastParallelSegments
        } catch {
            failure = "\(error)"
        }
        return (out, failure, segments)
    }

    /// The first place two event lists differ (for a readable failure).
    private func firstDifference(_ a: [String], _ b: [String]) -> String {
        for k in 0..<max(a.count, b.count) where k >= a.count || k >= b.count || a[k] != b[k] {
            return "at \(k): \(k < a.count ? a[k] : "-") vs \(k < b.count ? b[k] : "-")"
        }
        return "none"
    }

    /// Tables with what a split must respect: repeats, spans, comments and CDATA holding row tags, a nested
    /// table in a cell, row groups and header rows, a column style that makes numbers booleans, annotations.
    private func bigContent(rows: Int, extra: (Int) -> String = { _ in "" }) -> String {
        var body = ""
        body += "<table:table table:name=\"first\"><table:table-column table:number-columns-repeated=\"2\"/>"
        body += "<table:table-column table:default-cell-style-name=\"bool\"/>"
        body += "<table:table-header-rows><table:table-row><table:table-cell office:value-type=\"string\"><text:p>head</text:p></table:table-cell></table:table-row></table:table-header-rows>"
        for r in 0..<rows {
            body += extra(r)
            switch r % 9 {
            case 0:
                body += "<table:table-row table:number-rows-repeated=\"3\"><table:table-cell office:value-type=\"float\" office:value=\"\(r)\"/><table:table-cell table:number-columns-repeated=\"2\" office:value-type=\"string\"><text:p>rep \(r)</text:p></table:table-cell></table:table-row>"
            case 1:
                body += "<!-- <table:table-row><table:table-cell> </table:table> --><table:table-row table:number-rows-repeated=\"5\"/>"
            case 2:
                body += "<table:table-row><table:table-cell table:number-columns-spanned=\"2\" table:number-rows-spanned=\"2\" office:value-type=\"string\"><text:p><![CDATA[<table:table-row>]]> \(r)</text:p></table:table-cell><table:covered-table-cell/><table:table-cell office:value-type=\"float\" office:value=\"1\"/></table:table-row>"
            case 3:
                body += "<table:table-row><table:table-cell><table:table table:name=\"inner\"><table:table-row><table:table-cell office:value-type=\"string\"><text:p>nested</text:p></table:table-cell></table:table-row></table:table></table:table-cell><table:table-cell office:value-type=\"string\"><text:p>after nested \(r)</text:p><office:annotation><text:p>note</text:p></office:annotation></table:table-cell></table:table-row>"
            case 4:
                body += "<table:table-row-group><table:table-row><table:table-cell office:value-type=\"date\" office:date-value=\"2025-01-0\(1 + r % 9)\"/></table:table-row></table:table-row-group>"
            case 5:
                body += "<?pi <table:table-row> ?><table:table-row>\n<table:table-cell office:value-type=\"string\"><text:p>a<text:s text:c=\"3\"/>b</text:p><text:p>line 2 &amp; &lt;x&gt;</text:p></table:table-cell></table:table-row>"
            default:
                body += "<table:table-row table:style-name=\"ro1\"><table:table-cell office:value-type=\"float\" office:value=\"\(r).5\"/><table:table-cell/><table:table-cell office:value-type=\"float\" office:value=\"\(r % 2)\"/></table:table-row>"
            }
        }
        body += "<table:table-row table:number-rows-repeated=\"1048000\"><table:table-cell table:number-columns-repeated=\"16384\"/></table:table-row>"
        body += "</table:table>"
        body += "<table:table table:name=\"skipped\"><table:table-row><table:table-cell office:value-type=\"string\"><text:p>x</text:p></table:table-cell></table:table-row></table:table>"
        body += "<table:table table:name=\"last\">"
        for r in 0..<rows / 3 {
            body += "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>last \(r)</text:p></table:table-cell></table:table-row>"
        }
        body += "</table:table>"
        let styles = """
        <number:boolean-style style:name="B1"><number:boolean/></number:boolean-style>\
        <style:style style:name="bool" style:family="table-cell" style:data-style-name="B1"/>
        """
        return ODSFixture.content(tables: body, automaticStyles: styles)
    }

    @Test func parallelStreamingMatchesSequential() throws {
        let path = try ODSFixture.write(content: bigContent(rows: 400))
        let sequential = events(path, parallel: false)
        let parallel = events(path, parallel: true)
        #expect(sequential.error == nil)
        #expect(sequential.segments == nil)
        #expect((parallel.segments ?? 0) > 20, "the parallel path was not taken (or fell back)")
        #expect(parallel.error == nil)
        #expect(parallel.events.count == sequential.events.count)
        #expect(parallel.events == sequential.events, "\(firstDifference(parallel.events, sequential.events))")
        #expect(sequential.events.contains { $0.hasPrefix("last!132:") })
        // Segments of about one row each, and of several rows.
        let large = events(path, parallel: true, segmentBytes: 4000)
        #expect(large.events == sequential.events)
        let one = events(path, parallel: true, segmentBytes: 1)
        #expect(one.events == sequential.events)
        #expect((one.segments ?? 0) > (parallel.segments ?? 0))
    }

    /// Many parallel reads started at once from Dispatch's pool threads (as a merge loads returns) all end
    /// with the sequential answer: segment parses run on threads of their own, so masters blocked on their
    /// segments never wait for a pool the other masters hold.
    @Test func parallelReadsStartedFromPoolThreadsAllFinish() throws {
        let path = try ODSFixture.write(content: bigContent(rows: 200))
        let sequential = events(path, parallel: false)
        let reads = 4 * max(ProcessInfo.processInfo.activeProcessorCount, 2)
        let results = UnsafeMutableBufferPointer<[String]?>.allocate(capacity: reads)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        nonisolated(unsafe) let slots = results
        let finished = DispatchGroup()
        for i in 0..<reads {
            DispatchQueue.global().async(group: finished) {
                let read = events(path, parallel: true)
                slots[i] = read.error == nil && (read.segments ?? 0) > 10 ? read.events : nil
            }
        }
        #expect(finished.wait(timeout: .now() + 120) == .success, "parallel reads from pool threads did not finish")
        for i in 0..<reads {
            #expect(results[i] == sequential.events, "read \(i) differs or fell back")
        }
    }

    /// The master takes the next segment only once libxml2 has met the previous one's marker: segments do not
    /// pile up in memory ahead of the parse (a read of a few kilobytes once took dozens of them).
    @Test func segmentsGoToWorkersOneMarkerAtATime() throws {
        let path = try ODSFixture.write(content: bigContent(rows: 400))
        for segmentBytes in [1, 300] {
            let workbook = try ODSWorkbook(path: path)
            workbook.parallelThreshold = 0
            workbook.parallelSegmentBytes = segmentBytes
            var rows = 0
            try workbook.forEachSheet({ _ in true }, row: { _, _, _ in rows += 1 })
            #expect(rows > 500)
            #expect((workbook.lastParallelSegments ?? 0) > 50, "the parallel path was not taken (or fell back)")
            #expect(workbook.lastParallelMaxAwaiting == 1, "\(String(describing: workbook.lastParallelMaxAwaiting)) segments waited at once")
        }
    }

    @Test func sheetListingAndEarlyStopMatchSequential() throws {
        let path = try ODSFixture.write(content: bigContent(rows: 200))
        let sequential = events(path, parallel: false, stopAfterRows: 150)
        let parallel = events(path, parallel: true, stopAfterRows: 150)
        #expect(parallel.events.last == "stopped")
        #expect(parallel.events == sequential.events)
        let workbook = try ODSWorkbook(path: path)
        workbook.parallelThreshold = 0
        workbook.parallelSegmentBytes = 300
        #expect(try workbook.tables().map(\.name) == ["first", "skipped", "last"])
        var rows: [Int] = []
        try workbook.forEachRow(in: "LAST") { row, _ in rows.append(row) }
        #expect(rows == Array(0..<66))
    }

    /// A broken cell deep in the file: the error is the sequential parse's (line and column), and the rows
    /// before it reach the caller once each.
    @Test(arguments: [
        "<table:table-row><table:table-cell office:value-type=\"float\" office:value=\"abc\"/></table:table-row>",
        "<table:table-row><table:table-cell></table:table-row>",
        "<table:table-row table:number-rows-repeated=\"1000000\"><table:table-cell office:value-type=\"float\" office:value=\"1\" table:number-columns-repeated=\"100\"/></table:table-row>",
        "<table:table-column table:default-cell-style-name=\"bool\"/>",
        "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>a<text:s text:c=\"x\"/></text:p></table:table-cell></table:table-row>",
    ])
    func errorsAndOddElementsDeepInTheFileAreTheSequentialOnes(injected: String) throws {
        let path = try ODSFixture.write(content: bigContent(rows: 400) { $0 == 300 ? "\n" + injected : "" })
        let limits = XLSXLimits(maxGridCells: 2_000_000)
        let sequential = events(path, parallel: false, limits: limits)
        let parallel = events(path, parallel: true, limits: limits)
        #expect(parallel.error == sequential.error)
        #expect(parallel.events == sequential.events, "\(firstDifference(parallel.events, sequential.events))")
        if let error = sequential.error {
            #expect(error.contains("[content.xml]:") || error.contains("!"), "not located: \(error)")
        }
    }

    @Test func valuesPastTheLastRowAreALimitAsSequential() throws {
        let content = bigContent(rows: 50) { $0 == 40 ? "<table:table-row table:number-rows-repeated=\"1048576\"/>" : "" }
        let path = try ODSFixture.write(content: content)
        let sequential = events(path, parallel: false)
        let parallel = events(path, parallel: true)
        #expect(sequential.error?.contains("1048576") == true)
        #expect(parallel.error == sequential.error)
        #expect(parallel.events == sequential.events)
    }

    @Test func splitterKeepsEveryByteInOrder() throws {
        let content = Array(bigContent(rows: 120).utf8)
        for segmentBytes in [1, 200, 5000] {
            for chunk in [7, 64, 1000, content.count] {
                var master: [UInt8] = []
                var segments: [[UInt8]] = []
                var joined: [UInt8] = []
                var header: [UInt8] = []
                let splitter = ContentSplitter(segmentBytes: segmentBytes) { item in
                    switch item {
                    case .bytes(let b): master += b; joined += b
                    case .segment(let s): segments.append(s); joined += s
                    case .header(let h, let f): header = h; #expect(f == Array("</office:document-content>".utf8))
                    }
                }
                var k = 0
                while k < content.count {
                    try splitter.consume(content[k..<min(k + chunk, content.count)])
                    k += chunk
                }
                try splitter.finish()
                #expect(joined == content)
                #expect(String(decoding: header, as: UTF8.self).hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content xmlns:office="))
                #expect(segments.count > 3)
                for segment in segments {
                    #expect(segment.starts(with: Array("<table:table-row".utf8)))
                }
            }
        }
    }
}
