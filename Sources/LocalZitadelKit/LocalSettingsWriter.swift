#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Core
import Foundation

/// Writes ready-to-use settings for the five samples into one folder (default `env/local/`, git-ignored), so that
/// `--env-file env/local/client-jwt.env` and friends just work against the stand-in:
///
/// `api-basic.env`, `api-jwt.env` + `api-key-file.json` (type application), `client-jwt.env` +
/// `client-key-file.json` (type serviceaccount), `client-cc.env`, `client-pat.env`.
///
/// Every file holds a secret, so each is created with mode 0600 and replaced atomically (written beside, then
/// renamed). The folder gets a marker file; a folder that already holds other files but no marker — such as
/// the committed templates in `env/` — is never written into.
public struct LocalSettingsWriter: Sendable {
    public let directory: String

    public static let markerName = ".written-by-localzitadel"

    public init(directory: String) {
        self.directory = directory
    }

    /// The files and their contents, by name (pure, for tests and for `write`).
    public func files(for standIn: ZitadelStandIn) -> [(name: String, contents: String)] {
        let instance = standIn.instance
        let user = instance.serviceUser
        let domain = standIn.issuer
        let header = "# Written by LocalZitadel for its instance at \(domain); replaced on every start.\n"
        let apiBase = "API_BASE_URL=http://localhost:5000\n"
        var files: [(String, String)] = []
        if case .secret(let secret) = instance.basicApplication.credential {
            files.append(("api-basic.env", header + """
                ZITADEL_DOMAIN=\(domain)
                API_CLIENT_ID=\(instance.basicApplication.clientID)
                API_CLIENT_SECRET=\(secret)

                """ + apiBase))
        }
        if case .key(let key) = instance.jwtApplication.credential {
            files.append(("api-jwt.env", header + """
                ZITADEL_DOMAIN=\(domain)
                API_PRIVATE_KEY_FILE=api-key-file.json

                """ + apiBase))
            files.append(("api-key-file.json", Self.applicationKeyFile(instance.jwtApplication, key: key)))
        }
        files.append(("client-jwt.env", header + """
            ZITADEL_DOMAIN=\(domain)
            PROJECT_ID=\(instance.project.id)
            CLIENT_PRIVATE_KEY_FILE_PATH=client-key-file.json

            """ + apiBase))
        files.append(("client-key-file.json", Self.serviceAccountKeyFile(user)))
        files.append(("client-cc.env", header + """
            ZITADEL_DOMAIN=\(domain)
            PROJECT_ID=\(instance.project.id)
            CLIENT_ID=\(user.username)
            CLIENT_SECRET=\(user.clientSecret)

            """ + apiBase))
        files.append(("client-pat.env", header + "PAT=\(user.personalAccessToken)\n" + apiBase))
        return files
    }

    /// ZITADEL's service-user key file: `{"type":"serviceaccount","keyId","key","expirationDate","userId"}`, in
    /// the field order of ZITADEL's download, the key a PKCS#1 PEM. A key without expiry says 9999-12-31.
    static func serviceAccountKeyFile(_ user: Instance.ServiceUser) -> String {
        let expiration = user.key.expirationDate.map(Self.rfc3339) ?? "9999-12-31T23:59:59Z"
        return orderedObject([
            ("type", "serviceaccount"), ("keyId", user.key.keyID), ("key", user.key.privateKey.pkcs1PEM),
            ("expirationDate", expiration), ("userId", user.userID),
        ])
    }

    /// ZITADEL's API-application key file: `{"type":"application","keyId","key","appId","clientId"}`.
    static func applicationKeyFile(_ application: Instance.APIApplication, key: Instance.MachineKey) -> String {
        orderedObject([
            ("type", "application"), ("keyId", key.keyID), ("key", key.privateKey.pkcs1PEM),
            ("appId", application.appID), ("clientId", application.clientID),
        ])
    }

    /// A JSON object with its members in the given order (Core's serialiser sorts keys; a key file should read
    /// like ZITADEL's).
    private static func orderedObject(_ members: [(String, String)]) -> String {
        "{" + members.map { JSONValue.string($0.0).serializedString + ":" + JSONValue.string($0.1).serializedString }
            .joined(separator: ",") + "}"
    }

    private static func rfc3339(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// Writes every file; returns their paths.
    @discardableResult
    public func write(for standIn: ZitadelStandIn) throws(SettingsWriteError) -> [String] {
        try prepareDirectory()
        var written: [String] = []
        for file in files(for: standIn) {
            let path = (directory as NSString).appendingPathComponent(file.name)
            try Self.writePrivately(Array(file.contents.utf8), to: path)
            written.append(path)
        }
        return written
    }

    private func prepareDirectory() throws(SettingsWriteError) {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw .notADirectory(directory) }
            let entries = (try? manager.contentsOfDirectory(atPath: directory)) ?? []
            if !entries.isEmpty && !entries.contains(Self.markerName) {
                throw .foreignDirectory(directory)
            }
        } else {
            do {
                try manager.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                            attributes: [.posixPermissions: 0o700])
            } catch {
                throw .cannotWrite(directory, "\(error.localizedDescription)")
            }
        }
        let marker = (directory as NSString).appendingPathComponent(Self.markerName)
        try Self.writePrivately(Array("Files in this folder are written by LocalZitadel on every start.\n".utf8),
                                to: marker)
    }

    /// Creates `path.tmp-PID` with mode 0600 (O_EXCL: never through an existing file or link), writes, renames.
    static func writePrivately(_ bytes: [UInt8], to path: String) throws(SettingsWriteError) {
        let temporary = path + ".tmp-\(getpid())"
        unlink(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw .cannotWrite(path, String(cString: strerror(errno))) }
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { Glue.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                unlink(temporary)
                throw .cannotWrite(path, reason)
            }
            offset += count
        }
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .cannotWrite(path, reason)
        }
    }
}

/// The libc `write`, named apart from `LocalSettingsWriter.write`.
private enum Glue {
    static func write(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(descriptor, buffer, count)
        #else
        Darwin.write(descriptor, buffer, count)
        #endif
    }
}

public enum SettingsWriteError: Error, Equatable, CustomStringConvertible {
    case notADirectory(String)
    case foreignDirectory(String)
    case cannotWrite(String, String)

    public var description: String {
        switch self {
        case .notADirectory(let path):
            "cannot write the local settings: \(path) is not a folder (choose another with --env-dir)"
        case .foreignDirectory(let path):
            "refusing to write the local settings into \(path): it holds files LocalZitadel did not write "
                + "(such as the committed templates in env/); choose an empty folder with --env-dir"
        case .cannotWrite(let path, let reason):
            "cannot write \(path): \(reason)"
        }
    }
}
