import Testing

@testable import Core

@Suite struct HTTPServerConfigurationTests {
    @Test func defaultsAreTheDocumentedOnes() {
        let configuration = HTTPServer.Configuration()
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 0)
        #expect(configuration.maxRequestLineLength == 8 * 1024)
        #expect(configuration.maxHeaderLineLength == 16 * 1024)
        #expect(configuration.maxHeaderBytes == 64 * 1024)
        #expect(configuration.maxHeaderCount == 100)
        #expect(configuration.maxBodyLength == 1024 * 1024)
        #expect(configuration.maxConnections == 1024)
        #expect(configuration.headerTimeout == .seconds(10))
        #expect(configuration.idleTimeout == .seconds(60))
        #expect(configuration.writeTimeout == .seconds(10))
    }

    @Test func sweepsOftenEnoughForShortTimeouts() {
        var configuration = HTTPServer.Configuration()
        #expect(configuration.loopSettings.sweepInterval == 250)
        configuration.idleTimeout = .milliseconds(200)
        #expect(configuration.loopSettings.sweepInterval == 50)
        #expect(configuration.loopSettings.idleTimeout == 200)
    }

    @Test func convertsDurationsToMilliseconds() {
        #expect(HTTPServer.Configuration.milliseconds(.seconds(2)) == 2000)
        #expect(HTTPServer.Configuration.milliseconds(.milliseconds(1500)) == 1500)
        #expect(HTTPServer.Configuration.milliseconds(.seconds(-1)) == 0)
    }

    @Test func rejectsImpossibleValues() {
        var configuration = HTTPServer.Configuration(port: 70000)
        #expect(throws: HTTPServerError.invalidConfiguration("port must be 0...65535, got 70000")) {
            try configuration.validate()
        }
        configuration.port = 0
        configuration.writeTimeout = .zero
        #expect(throws: HTTPServerError.invalidConfiguration("writeTimeout must be positive")) {
            try configuration.validate()
        }
    }
}
