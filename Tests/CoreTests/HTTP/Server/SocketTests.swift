import Testing

@testable import Core

@Suite struct SocketTests {
    @Test func listeningOnPortZeroReturnsTheBoundPort() throws {
        let (fd, port) = try Socket.listen(host: "127.0.0.1", port: 0, backlog: 8)
        defer { Socket.close(fd) }
        #expect(fd >= 0)
        #expect(port > 0)
    }

    @Test func anUnresolvableHostIsReportedByName() {
        do {
            _ = try Socket.listen(host: "no such host.invalid", port: 0, backlog: 8)
            Issue.record("listening succeeded")
        } catch {
            guard case .cannotResolve(let host, _) = error else {
            Issue.record("\(error)")
            return
        }
            #expect(host == "no such host.invalid")
            #expect(error.description.contains("no such host.invalid"))
        }
    }
}
