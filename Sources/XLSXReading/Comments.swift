import SheetCore
import XMLStream

/// A comments part (`xl/comments1.xml`): note text by cell, runs joined, phonetic runs left out.
enum Comments {
    static func read(part: String, in package: PackageReader) throws -> [CellReference: String] {
        let handler = Handler()
        try package.parse(part, kind: .comments, names: Handler.names, handler: handler)
        return handler.comments
    }

    private final class Handler: XMLStreamHandler {
        static let names = ["comment", "ref", "t", "rPh", "space"]
        var comments: [CellReference: String] = [:]
        var current: CellReference?
        var phoneticDepth = 0
        var trimmer = TextRunTrimmer()

        func startElement(_ name: Int, attributes: XMLAttributes, parser: XMLPushParser) throws {
            switch name {
            case 0:
                current = attributes.string(1).flatMap { CellRange($0)?.start }
                parser.clearText()
            case 2:
                if current != nil, phoneticDepth == 0 {
                    trimmer.begin(attributes, spaceName: 4, parser: parser)
                    parser.beginText(clear: false)
                }
            case 3: phoneticDepth += 1
            default: break
            }
        }

        func endElement(_ name: Int, parser: XMLPushParser) throws {
            switch name {
            case 0:
                if let current { comments[current] = OOXMLText.decode(parser.text) }
                current = nil
                parser.clearText()
            case 2:
                parser.endText()
                trimmer.end(parser: parser)
            case 3: phoneticDepth -= 1
            default: break
            }
        }
    }
}
