import Foundation
import XMLStream
import ZipArchive
import Dispatch

/// A temporary file that a sheet's XML is streamed into; the zip writer deflates it at the end.
///
/// The file is unlinked as soon as it is created and lives on only as an open descriptor, so nothing is
/// left behind however the process ends; the space is returned when the file is closed.
final class SpoolFile {
    /// Where the file was created (it no longer has a name there); for error messages.
    let path: String
    private var handle: UnsafeMutablePointer<FILE>?
    /// Bytes written so far.
    private(set) var size = 0

    init(path: String) throws(XLSXWriteError) {
        self.path = path
        guard let handle = fopen(path, "w+b") else {
            throw XLSXWriteError(.ioFailure, file: path, message: "cannot create a spool file: \(String(cString: strerror(errno)))")
        }
        unlink(path)
        self.handle = handle
    }

    deinit { remove() }

    /// The descriptor the zip writer reads from.
    var fileDescriptor: Int32 {
        handle.map { fileno($0) } ?? -1
    }

    /// Appends the writer's bytes to the file and empties the writer (keeping its capacity).
    func drain(_ w: inout XMLWriter) throws(XLSXWriteError) {
        guard !w.bytes.isEmpty else { return }
        guard let handle else {
            throw XLSXWriteError(.ioFailure, file: path, message: "the spool file is already closed")
        }
        let written = w.bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, handle) }
        guard written == w.bytes.count else {
            throw XLSXWriteError(.ioFailure, file: path, message: "cannot write a spool file: \(String(cString: strerror(errno)))")
        }
        size += written
        w.bytes.removeAll(keepingCapacity: true)
    }

    /// Overwrites bytes already written (same length), e.g. a placeholder in the head.
    func overwrite(at offset: Int, with bytes: [UInt8]) throws(XLSXWriteError) {
        guard let handle, offset >= 0, offset + bytes.count <= size else {
            throw XLSXWriteError(.ioFailure, file: path, message: "cannot patch the spool file at byte \(offset)")
        }
        let ok = fseek(handle, offset, SEEK_SET) == 0
            && bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, handle) } == bytes.count
            && fseek(handle, 0, SEEK_END) == 0
        if !ok {
            throw XLSXWriteError(.ioFailure, file: path, message: "cannot patch the spool file: \(String(cString: strerror(errno)))")
        }
    }

    /// Flushes everything to the file so that it can be read through `fileDescriptor`.
    func finishWriting() throws(XLSXWriteError) {
        guard let handle, fflush(handle) == 0 else {
            throw XLSXWriteError(.ioFailure, file: path, message: "cannot finish a spool file: \(String(cString: strerror(errno)))")
        }
    }

    /// Closes the file, which frees its space.
    func remove() {
        if let handle { fclose(handle) }
        handle = nil
    }
}

/// A spool file's part being deflated on another thread while the writer goes on (`DeflatedEntry`).
///
/// The spool's descriptor is duplicated at once, so the file stays readable even if the spool is closed
/// before the work runs. The result is the same bytes libzip would write when deflating the part itself.
///
/// The work runs on a thread of its own, not on a GCD global queue: the writer blocks in `wait()`, and a caller
/// that writes workbooks from every worker of `concurrentPerform` must not depend on the pool growing.
final class BackgroundDeflate: @unchecked Sendable {
    /// Parts smaller than this are left to libzip at close: a thread hop would cost more than it saves.
    static let minimumSize = 64 << 10

    private let group = DispatchGroup()
    private var result: Result<DeflatedEntry, ZipError>?

    init(_ spool: SpoolFile, compressionLevel: Int) {
        let copy = dup(spool.fileDescriptor)
        let length = Int64(spool.size)
        let path = spool.path
        group.enter()
        Thread.detachNewThread { [self] in
            defer { group.leave() }
            guard copy >= 0 else {
                result = .failure(ZipError(.writeFailed, file: path, message: "cannot use the spool file: \(String(cString: strerror(errno)))"))
                return
            }
            defer { close(copy) }
            do throws(ZipError) {
                result = .success(try DeflatedEntry(fileDescriptor: copy, length: length, compressionLevel: compressionLevel, file: path))
            } catch {
                result = .failure(error)
            }
        }
    }

    /// Waits for the part to be deflated.
    func wait() throws(XLSXWriteError) -> DeflatedEntry {
        group.wait()
        switch result {
        case .success(let entry)?: return entry
        case .failure(let error)?: throw XLSXWriteError(error)
        case nil: throw XLSXWriteError(.ioFailure, message: "a part was not deflated")
        }
    }
}
