import SheetCore
import XMLStream

// Charts need three parts per sheet: `xl/drawings/drawingN.xml` (where each chart sits), its relationships,
// and one `xl/charts/chartK.xml` per chart (the DrawingML chart itself).
extension PackageParts {
    var chartCount: Int { chartSheets.reduce(0) { $0 + sheets[$1].charts.count } }

    func drawing(_ sheet: Sheet) -> [UInt8] {
        var w = XMLWriter()
        w.declaration()
        w.raw("<xdr:wsDr xmlns:xdr=\"http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\">")
        for (i, (_, area)) in sheet.charts.enumerated() {
            w.raw("<xdr:twoCellAnchor editAs=\"oneCell\"><xdr:from><xdr:col>")
            w.integer(area.start.column)
            w.raw("</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>")
            w.integer(area.start.row)
            w.raw("</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>")
            w.integer(area.end.column + 1)
            w.raw("</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>")
            w.integer(area.end.row + 1)
            w.raw("</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>")
            w.raw("<xdr:graphicFrame macro=\"\"><xdr:nvGraphicFramePr><xdr:cNvPr id=\"")
            w.integer(i + 2)
            w.raw("\" name=\"Chart ")
            w.integer(i + 1)
            w.raw("\"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"0\" cy=\"0\"/></xdr:xfrm>")
            w.raw("<a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/chart\"><c:chart xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" r:id=\"rId")
            w.integer(i + 1)
            w.raw("\"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>")
        }
        w.raw("</xdr:wsDr>")
        return w.bytes
    }

    func drawingRelationships(_ sheet: Sheet, firstChart: Int) -> [UInt8] {
        relationships(sheet.charts.indices.map { i in
            ("rId\(i + 1)", Self.officeRel + "/chart", "../charts/chart\(firstChart + i).xml", false)
        })
    }

    func chart(_ chart: BarChart, on sheet: Sheet, number: Int) -> [UInt8] {
        let categoryAxis = 50_000 + number * 10 + 1
        let valueAxis = categoryAxis + 1
        let horizontal = chart.direction == .bar
        var w = XMLWriter()
        w.declaration()
        w.raw("<c:chartSpace xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">")
        w.raw("<c:lang val=\"zh-CN\"/><c:roundedCorners val=\"0\"/><c:chart>")
        if let title = chart.title {
            richTitle(&w, title, size: 1400)
            w.raw("<c:autoTitleDeleted val=\"0\"/>")
        } else {
            w.raw("<c:autoTitleDeleted val=\"1\"/>")
        }
        w.raw("<c:plotArea><c:layout/><c:barChart><c:barDir val=\"\(chart.direction.rawValue)\"/><c:grouping val=\"clustered\"/><c:varyColors val=\"0\"/>")
        let palette: [UInt32] = [0x4472C4, 0xED7D31, 0xA5A5A5, 0xFFC000, 0x5B9BD5, 0x70AD47]
        for (i, series) in chart.series.enumerated() {
            let sheetName = quoteSheetName(series.sheet ?? sheet.name)
            w.raw("<c:ser><c:idx val=\"\(i)\"/><c:order val=\"\(i)\"/><c:tx><c:v>")
            w.text(series.name)
            w.raw("</c:v></c:tx><c:spPr><a:solidFill><a:srgbClr val=\"")
            w.raw(String((series.color ?? Color(rgb: palette[i % palette.count])).argb.dropFirst(2)))
            w.raw("\"/></a:solidFill></c:spPr><c:invertIfNegative val=\"0\"/>")
            if chart.showValues {
                w.raw("<c:dLbls>")
                if let format = chart.valueFormat { w.empty("c:numFmt", [("formatCode", format), ("sourceLinked", "0")]) }
                // Every flag spelled out: an absent flag is not "off" to every reader (LibreOffice then shows
                // legend key, category and series name too: "机构职能; 合规率; 89%"). The label sits just
                // outside the bar's end.
                w.raw("<c:dLblPos val=\"outEnd\"/><c:showLegendKey val=\"0\"/><c:showVal val=\"1\"/><c:showCatName val=\"0\"/><c:showSerName val=\"0\"/><c:showPercent val=\"0\"/><c:showBubbleSize val=\"0\"/></c:dLbls>")
            }
            w.raw("<c:cat><c:strRef><c:f>")
            w.text("\(sheetName)!\(series.categories.start.absolute):\(series.categories.end.absolute)")
            w.raw("</c:f></c:strRef></c:cat><c:val><c:numRef><c:f>")
            w.text("\(sheetName)!\(series.values.start.absolute):\(series.values.end.absolute)")
            w.raw("</c:f></c:numRef></c:val></c:ser>")
        }
        w.raw("<c:gapWidth val=\"80\"/><c:axId val=\"\(categoryAxis)\"/><c:axId val=\"\(valueAxis)\"/></c:barChart>")

        // Category axis. Reversing it (maxMin) lists bars top-down; the value axis then crosses at the maximum
        // category so that it stays at the bottom.
        let reversed = horizontal && chart.categoriesTopDown
        w.raw("<c:catAx><c:axId val=\"\(categoryAxis)\"/><c:scaling><c:orientation val=\"\(reversed ? "maxMin" : "minMax")\"/></c:scaling>")
        w.raw("<c:delete val=\"0\"/><c:axPos val=\"\(horizontal ? "l" : "b")\"/>")
        if let title = chart.categoryAxisTitle { richTitle(&w, title, size: 1000) }
        w.raw("<c:numFmt formatCode=\"General\" sourceLinked=\"1\"/><c:majorTickMark val=\"none\"/><c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/>")
        w.raw("<c:crossAx val=\"\(valueAxis)\"/><c:crosses val=\"autoZero\"/><c:auto val=\"1\"/><c:lblAlgn val=\"ctr\"/><c:lblOffset val=\"100\"/><c:noMultiLvlLbl val=\"0\"/></c:catAx>")

        w.raw("<c:valAx><c:axId val=\"\(valueAxis)\"/><c:scaling><c:orientation val=\"minMax\"/>")
        if let maximum = chart.valueMaximum { w.raw("<c:max val=\""); w.double(maximum); w.raw("\"/>") }
        if let minimum = chart.valueMinimum { w.raw("<c:min val=\""); w.double(minimum); w.raw("\"/>") }
        w.raw("</c:scaling><c:delete val=\"0\"/><c:axPos val=\"\(horizontal ? "b" : "l")\"/><c:majorGridlines/>")
        if let title = chart.valueAxisTitle { richTitle(&w, title, size: 1000) }
        if let format = chart.valueFormat {
            w.empty("c:numFmt", [("formatCode", format), ("sourceLinked", "0")])
        } else {
            w.raw("<c:numFmt formatCode=\"General\" sourceLinked=\"1\"/>")
        }
        w.raw("<c:majorTickMark val=\"none\"/><c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/>")
        w.raw("<c:crossAx val=\"\(categoryAxis)\"/><c:crosses val=\"\(reversed ? "max" : "autoZero")\"/><c:crossBetween val=\"between\"/></c:valAx>")
        w.raw("</c:plotArea>")
        if chart.showLegend { w.raw("<c:legend><c:legendPos val=\"b\"/><c:overlay val=\"0\"/></c:legend>") }
        w.raw("<c:plotVisOnly val=\"1\"/><c:dispBlanksAs val=\"gap\"/></c:chart></c:chartSpace>")
        return w.bytes
    }

    /// `<c:title>` with rich text (sizes in hundredths of a point).
    private func richTitle(_ w: inout XMLWriter, _ text: String, size: Int) {
        w.raw("<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"\(size)\" b=\"1\"/></a:pPr><a:r><a:rPr lang=\"zh-CN\" sz=\"\(size)\" b=\"1\"/><a:t>")
        w.text(text)
        w.raw("</a:t></a:r></a:p></c:rich></c:tx><c:overlay val=\"0\"/></c:title>")
    }
}
