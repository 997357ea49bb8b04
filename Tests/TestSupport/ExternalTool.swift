import Foundation

/// Programs some tests drive that the Swift toolchain does not ship: `redis-server`, `promtool`, `openssl`.
///
/// A test that needs one is enabled only when it is installed, and says so by name when it is not (Swift Testing
/// lists it as skipped, with the reason). `./run-tests` installs them and sets `REQUIRE_EXTERNAL_TOOLS=1`: then
/// every such test runs, and one whose program is missing fails saying which, instead of being skipped.
public enum ExternalTool {
    /// The full path of `name` on `PATH` (or in the usual system folders), nil when it is not installed.
    public static func path(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/sbin", "/usr/local/bin"]
        return folders.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Whether the tests needing `name` should run: it is installed, or `./run-tests` requires it.
    public static func isUsable(_ name: String) -> Bool {
        path(name) != nil || ProcessInfo.processInfo.environment["REQUIRE_EXTERNAL_TOOLS"] == "1"
    }

    /// The path of `name`, or an error naming it and how to get it.
    public static func require(_ name: String) throws -> String {
        guard let found = path(name) else { throw Missing(name: name) }
        return found
    }

    public struct Missing: Error, CustomStringConvertible {
        public let name: String
        public var description: String {
            "\(name) is not installed; ./run-tests installs it (apt-get install "
                + (name == "promtool" ? "prometheus" : name == "redis-server" ? "redis-server" : name) + ")"
        }
    }
}

extension ExternalTool {
    /// `promtool check metrics` with `text` on its standard input: its exit status (0: no problem found) and what it
    /// printed.
    public static func promtoolCheck(_ text: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try require("promtool"))
        process.arguments = ["check", "metrics"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

