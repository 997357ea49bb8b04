// LocalZitadel — a local stand-in for the few ZITADEL endpoints the samples use, so the tutorial runs offline.
//
//   swift run LocalZitadel                       # http://127.0.0.1:8080, settings in env/local/
//   swift run LocalZitadel --port 0 --access-token-type jwt --no-role --clock-offset -120
//   swift run LocalZitadel --help
//
// The logic lives in LocalZitadelKit (Instance, TokenEndpoint, IntrospectionEndpoint, ...).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LocalZitadelKit

exit(await LocalZitadelLauncher.run(arguments: Array(CommandLine.arguments.dropFirst())))
