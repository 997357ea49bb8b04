import Foundation

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
