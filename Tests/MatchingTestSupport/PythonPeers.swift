import Foundation

/// Whether `python3` can run `import` statement `statement` (e.g.
/// `import networkx`): the peers the tests compare against, installed by
/// `make test` when missing (scripts/ensure-test-peers.sh).
public func pythonCanImport(_ statement: String) -> Bool {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", statement]
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    do { try p.run() } catch { return false }
    p.waitUntilExit()
    return p.terminationStatus == 0
}
