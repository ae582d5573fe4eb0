import Foundation

/// Headless Chromium as a real process, for the report's browser test.
///
/// `make test` installs Debian's `chromium` when it is missing
/// (`scripts/ensure-test-peers.sh`); where it cannot, the test is skipped
/// and says why.
///
/// Headless Chromium lays a page out at least 500 px wide whatever
/// `--window-size` says, so each width is an `<iframe>` of exactly that
/// width in a harness page: the report in it sees that `innerWidth`, and its
/// media queries apply as on a phone. A measuring script, added to a copy
/// of the report (never to the shipped page), posts its findings to the
/// harness, which `--dump-dom` prints.
enum Chromium {
    /// The browser's path, or `nil` when none is installed.
    static let path: String? = {
        let names = ["chromium", "chromium-browser", "google-chrome"]
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":").map(String.init) + ["/usr/bin"]
        for name in names {
            for dir in dirs where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") { return "\(dir)/\(name)" }
        }
        return nil
    }()

    /// Why the browser test is skipped here.
    static let missing = "headless Chromium is not installed (make test installs Debian's chromium when it can): the report's browser test is skipped"

    /// Loads `page` (with `script` added before `</body>`, and an error
    /// catcher first in `<head>`) at each of `widths` and returns, per width,
    /// the JSON the script posted.
    ///
    /// - Throws: when the copy cannot be written or the browser cannot start.
    static func measure(_ page: String, script: String, widths: [Int], in directory: String) throws -> [Int: String] {
        let errors = "<script>window.__errors = []; addEventListener('error', function (e) { window.__errors.push(String(e.message)); });</script>"
        var copy = page.replacingOccurrences(of: "<head>", with: "<head>" + errors)
        copy = copy.replacingOccurrences(of: "</body>", with: "<script>\(script)</script></body>")
        try copy.write(toFile: "\(directory)/measured.html", atomically: true, encoding: .utf8)
        let frames = widths.map { w in
            "<pre id=\"out-\(w)\"></pre><iframe id=\"frame-\(w)\" src=\"measured.html\" style=\"display:block;border:0;width:\(w)px;height:900px\"></iframe>"
        }.joined()
        let harness = """
            <!DOCTYPE html><html><body style="margin:0">\(frames)<script>
            function keep(text) {
              var w = JSON.parse(text).width, out = document.getElementById("out-" + w);
              if (out && !out.textContent) { out.textContent = btoa(unescape(encodeURIComponent(text))); }
            }
            addEventListener("message", function (e) { keep(e.data); });
            Array.prototype.forEach.call(document.querySelectorAll("iframe"), function (f) {
              f.addEventListener("load", function () {
                var r = f.contentDocument && f.contentDocument.getElementById("layout-result");
                if (r) { keep(r.textContent); }
              });
            });
            </script></body></html>
            """
        try harness.write(toFile: "\(directory)/harness.html", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path!)
        process.arguments = ["--headless=new", "--disable-gpu", "--no-sandbox", "--hide-scrollbars", "--allow-file-access-from-files",
                             "--no-first-run", "--user-data-dir=\(directory)/profile", "--window-size=\((widths.max() ?? 1000) + 40),1000",
                             "--dump-dom", URL(fileURLWithPath: "\(directory)/harness.html").absoluteString]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        // A hung browser must not hang the suite: stopped after two minutes (a safety, not a measurement).
        DispatchQueue.global().asyncAfter(deadline: .now() + 120) { if process.isRunning { process.terminate() } }
        let dom = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        var results = [Int: String]()
        for w in widths {
            guard let start = dom.range(of: "<pre id=\"out-\(w)\">"),
                  let end = dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex),
                  let data = Data(base64Encoded: String(dom[start.upperBound..<end.lowerBound])), !data.isEmpty else { continue }
            results[w] = String(decoding: data, as: UTF8.self)
        }
        return results
    }
}
