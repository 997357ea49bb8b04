import Core

/// The answers of the three sample routes, `{"message":"…"}` with the exact texts of ZITADEL's Python samples, taken
/// from Core's `APIRoute.samples` so every API of this project says the same words.
enum SampleMessage {
    static let publicRoute = message(of: "/api/public")
    static let privateRoute = message(of: "/api/private")
    static let privateScopedRoute = message(of: "/api/private-scoped")

    private static func message(of path: String) -> JSONValue {
        guard let route = APIRoute.samples.first(where: { $0.path == path }) else {
            preconditionFailure("APIRoute.samples has no route \(path)")
        }
        return ["message": .string(route.message)]
    }
}
