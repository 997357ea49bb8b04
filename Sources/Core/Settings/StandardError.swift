import Foundation

/// Lines for people go to stderr, so that stdout stays the sample's answer (`TOKEN=$(ClientJWT)` works).
public enum StandardError {
    public static func write(_ line: String) {
        FileHandle.standardError.write(Data((line.hasSuffix("\n") ? line : line + "\n").utf8))
    }

    /// The running executable's name, as messages start with it.
    public static var programName: String {
        CommandLine.arguments.first.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "sample"
    }
}
