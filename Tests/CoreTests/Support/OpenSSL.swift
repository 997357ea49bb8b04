import Foundation

/// Runs the `openssl` command-line tool, the outside reference our crypto is checked against.
enum OpenSSL {
    struct Failure: Error, CustomStringConvertible {
        let arguments: [String]
        let status: Int32
        let output: String
        var description: String { "openssl \(arguments.joined(separator: " ")) exited \(status): \(output)" }
    }

    /// Runs `openssl` with `arguments`, feeding `input` on standard input; returns standard output. Async because
    /// the wait is blocking (pipes read to the end, then the exit): it happens on a thread of its own, never on the
    /// cooperative pool (see `offCooperativePool`).
    @discardableResult
    static func run(_ arguments: [String], input: [UInt8] = []) async throws -> [UInt8] {
        try await offCooperativePool { try runBlocking(arguments, input: input) }
    }

    private static func runBlocking(_ arguments: [String], input: [UInt8]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(
                arguments: arguments, status: process.terminationStatus,
                output: String(decoding: output + errors, as: UTF8.self))
        }
        return Array(output)
    }

    /// A scratch folder removed by the caller's `defer`.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("core-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
