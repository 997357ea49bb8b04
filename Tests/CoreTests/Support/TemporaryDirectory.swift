import Foundation

/// A fresh folder under the system's temporary directory, removed when the value goes away. Tests write env files
/// and key files into it to exercise file loading and relative paths.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "/settings-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `contents` at `relativePath` (creating folders) and returns the absolute path.
    @discardableResult
    func write(_ relativePath: String, _ contents: String) throws -> String {
        try write(relativePath, bytes: Array(contents.utf8))
    }

    @discardableResult
    func write(_ relativePath: String, bytes: [UInt8]) throws -> String {
        let full = path + "/" + relativePath
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
        return full
    }
}

/// The original Python samples' files, kept byte for byte in Vectors/original-env (hidden `.env` files included:
/// the test target copies the folder as it is).
enum OriginalEnv {
    static func folder(_ sample: String) throws -> String {
        guard let url = Bundle.module.url(forResource: "original-env", withExtension: nil, subdirectory: "Vectors") else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "Vectors/original-env"])
        }
        return url.appendingPathComponent(sample).path
    }

    static func envFile(_ sample: String) throws -> String {
        try folder(sample) + "/.env"
    }
}
