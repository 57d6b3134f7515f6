import Foundation

/// Request bodies the portal's forms send.
enum Forms {
    /// `application/x-www-form-urlencoded` fields.
    static func urlEncoded(_ bytes: [UInt8]) -> [String: String] {
        var out: [String: String] = [:]
        for pair in String(decoding: bytes, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            let key = decode(parts[0])
            if out[key] == nil { out[key] = parts.count > 1 ? decode(parts[1]) : "" }
        }
        return out
    }

    /// One part of a `multipart/form-data` body.
    struct Part {
        var name: String
        var filename: String?
        var body: ArraySlice<UInt8>
    }

    /// The boundary named in a `multipart/form-data` content type.
    static func boundary(contentType: String) -> String? {
        guard contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for param in contentType.split(separator: ";").dropFirst() {
            let kv = param.split(separator: "=", maxSplits: 1)
            guard kv.count == 2, kv[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" else { continue }
            var value = kv[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// Splits a multipart body into parts; nil when it is malformed.
    static func multipart(_ body: [UInt8], boundary: String) -> [Part]? {
        let delimiter = Array(("--" + boundary).utf8)
        var parts: [Part] = []
        guard var position = find(delimiter, in: body, from: 0) else { return nil }
        while true {
            position += delimiter.count
            // "--" after the delimiter ends the body.
            if position + 1 < body.count, body[position] == 0x2D, body[position + 1] == 0x2D { return parts }
            guard position + 1 < body.count, body[position] == 0x0D, body[position + 1] == 0x0A else { return nil }
            position += 2
            guard let headerEnd = find([0x0D, 0x0A, 0x0D, 0x0A], in: body, from: position) else { return nil }
            let headers = String(decoding: body[position..<headerEnd], as: UTF8.self)
            let start = headerEnd + 4
            guard let next = find([0x0D, 0x0A] + delimiter, in: body, from: start) else { return nil }
            var name = "", filename: String?
            for line in headers.components(separatedBy: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
                name = parameter("name", in: line) ?? ""
                filename = parameter("filename", in: line)
            }
            parts.append(Part(name: name, filename: filename, body: body[start..<next]))
            position = next + 2
        }
    }

    /// A quoted parameter of a Content-Disposition line (`name="file"`).
    static func parameter(_ key: String, in line: String) -> String? {
        for piece in line.split(separator: ";").dropFirst() {
            let kv = piece.split(separator: "=", maxSplits: 1)
            guard kv.count == 2, kv[0].trimmingCharacters(in: .whitespaces).lowercased() == key else { continue }
            var value = kv[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }

    static func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, hay.count >= needle.count else { return nil }
        let first = needle[0]
        var i = from
        let last = hay.count - needle.count
        while i <= last {
            if hay[i] == first {
                var j = 1
                while j < needle.count && hay[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// Cookies of a `Cookie` header.
    static func cookies(_ header: String?) -> [String: String] {
        var out: [String: String] = [:]
        for piece in (header ?? "").split(separator: ";") {
            let kv = piece.split(separator: "=", maxSplits: 1)
            guard kv.count == 2 else { continue }
            out[kv[0].trimmingCharacters(in: .whitespaces)] = kv[1].trimmingCharacters(in: .whitespaces)
        }
        return out
    }
}
