import Foundation

/// A minimal blocking HTTP/1.1 client for the portal's own tests and benchmark, over loopback only: one request
/// per connection (`Connection: close`), the answer read to the end. Not a general client.
public struct LoopbackClient: Sendable {
    public struct Reply: Sendable {
        public var status: Int
        /// Header names lower-cased; repeated headers (Set-Cookie) joined with "\n".
        public var headers: [String: String]
        public var body: [UInt8]
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    public let port: Int

    public init(port: Int) { self.port = port }

    /// Sends a request to 127.0.0.1. `headers` are sent as given; Host, Content-Length and Connection are added.
    /// - Parameter declaredLength: a Content-Length to announce instead of the body's (to test limits).
    public func request(_ method: String, _ path: String, headers: [(String, String)] = [], body: [UInt8] = [],
                        declaredLength: Int? = nil, timeout: Int = 60) throws -> Reply {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw PortalError.storage("socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var tv = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw PortalError.storage("connect: \(String(cString: strerror(errno)))") }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let declaredLength, declaredLength < 0 {
            // no Content-Length: the caller frames the body (chunked)
        } else if method != "GET" || !body.isEmpty {
            head += "Content-Length: \(declaredLength ?? body.count)\r\n"
        }
        head += "\r\n"
        // A server may answer (413) and close before the whole body is sent: a failed send is no error then.
        _ = sendAll(fd, Array(head.utf8)) && sendAll(fd, body)
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 18)
        var sized = false
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                received += buffer[0..<n]
                // Once the head is in, room for the whole announced body (no regrowing a large answer).
                if !sized, let end = Forms.find([13, 10, 13, 10], in: received, from: 0) {
                    sized = true
                    let head = String(decoding: received[0..<end], as: UTF8.self).lowercased()
                    if let line = head.components(separatedBy: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
                       let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)),
                       length > 0, length < 1 << 30 {
                        received.reserveCapacity(end + 4 + length)
                    }
                }
                continue
            }
            if n < 0 && errno == EINTR { continue }
            if n < 0 && received.isEmpty { throw PortalError.storage("recv: \(String(cString: strerror(errno)))") }
            break
        }
        return try Self.parse(received)
    }

    private func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if n < 0 { if errno == EINTR { continue }; return false }
            offset += n
        }
        return true
    }

    static func parse(_ data: [UInt8]) throws -> Reply {
        guard let end = Forms.find([13, 10, 13, 10], in: data, from: 0) else { throw PortalError.storage("no HTTP head in \(data.count) bytes") }
        let lines = String(decoding: data[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw PortalError.storage("bad status line \(lines[0])") }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[name] = headers[name].map { $0 + "\n" + value } ?? value
        }
        var body = Array(data[(end + 4)...])
        if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            var out: [UInt8] = []
            var i = 0
            while let lineEnd = Forms.find([13, 10], in: body, from: i) {
                let sizeText = String(decoding: body[i..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
                guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size > 0 else { break }
                let start = lineEnd + 2
                guard start + size <= body.count else { break }
                out += body[start..<start + size]
                i = start + size + 2
            }
            body = out
        }
        return Reply(status: status, headers: headers, body: body)
    }

    /// Runs `body(0..<n)` on n threads of their own at once (clients that block on the network; a
    /// `concurrentPerform` would run only as many as there are cores) and waits for all.
    public static func concurrently(_ n: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let group = DispatchGroup()
        for i in 0..<n {
            group.enter()
            let thread = Thread {
                body(i)
                group.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        group.wait()
    }

    /// A `multipart/form-data` body and its content type.
    public static func multipart(fields: [(String, String)], file: (field: String, name: String, bytes: [UInt8])?) -> (body: [UInt8], contentType: String) {
        let boundary = "----disclosurekit\(randomToken(bytes: 8))"
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        if let file {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
            body += file.bytes
            body += Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return (body, "multipart/form-data; boundary=\(boundary)")
    }
}
