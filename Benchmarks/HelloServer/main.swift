// A hello-JSON server for Benchmarks/server-bench.sh: GET /api/public answers the contract's public message.
// Usage: HelloServer [PORT]   (default 0: a free port). Prints "listening on http://127.0.0.1:PORT" to stderr.
import Core
import Foundation

struct Hello: HTTPHandler {
    static let body = Array(#"{"message":"Public route - You don't need to be authenticated to see this."}"#.utf8)

    func handle(_ request: HTTPRequest) -> HTTPHandlerResult {
        guard request.path == "/api/public" else {
            return .response(.error(status: 404, error: "not_found", description: "no route for this path"))
        }
        guard request.method == "GET" || request.method == "HEAD" else {
            return .response(
                .error(status: 405, error: "method_not_allowed", description: "use GET", headers: ["Allow": "GET, HEAD"]))
        }
        return .response(HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Self.body))
    }
}

let configuration = HTTPServer.Configuration(port: Int(CommandLine.arguments.dropFirst().first ?? "0") ?? 0)
let server = HTTPServer(configuration: configuration, handler: Hello())
let termination = TerminationSignal()
do {
    let port = try server.start()
    FileHandle.standardError.write(Data("listening on http://\(configuration.host):\(port)\n".utf8))
} catch {
    FileHandle.standardError.write(Data("HelloServer: \(error)\n".utf8))
    exit(1)
}
_ = await termination.wait()
await server.shutdown(gracePeriod: .seconds(5))
exit(0)
