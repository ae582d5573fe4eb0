// Times the compatibility model on a seeded synthetic cohort and prints one
// JSON object; optionally writes the cohort's profiles as JSON for the NumPy
// comparison (compare_numpy_compat.py).
//   compat-timing MENTORS MENTEES [--seed S] [--precision single|byte] [--reps R] [--profiles FILE]
import Compatibility
import Foundation
import MatchingCore

var args = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String) -> String? {
    guard let k = args.firstIndex(of: name), k + 1 < args.count else { return nil }
    defer { args.removeSubrange(k...(k + 1)) }
    return args[k + 1]
}
let seed = UInt64(option("--seed") ?? "42")!
let precision = CriterionPrecision(rawValue: option("--precision") ?? "single")!
let reps = Int(option("--reps") ?? "3")!
let profilesFile = option("--profiles")
guard args.count == 2, let m = Int(args[0]), let n = Int(args[1]) else {
    FileHandle.standardError.write("usage: compat-timing MENTORS MENTEES [--seed S] [--precision single|byte] [--reps R] [--profiles FILE]\n".data(using: .utf8)!)
    exit(64)
}
let people = SyntheticCohort.generate(mentors: m, mentees: n, seed: seed)
if let profilesFile {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    try encoder.encode(people).write(to: URL(fileURLWithPath: profilesFile))
}
func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return s[s.count / 2] }
let model = try CompatibilityModel()
var builds = [Double](), reweights = [Double]()
var last: CompatibilityMatrices?
for _ in 0..<reps {
    last = nil
    let start = ContinuousClock.now
    let cohort = try Cohort(people)
    last = try model.matrices(for: cohort, precision: precision)
    builds.append(start.secondsElapsed)
}
// The researcher's loop: new weights on the same matrices, one after another.
for k in 0..<Swift.max(reps, 3) {
    let t = ContinuousClock.now
    let y = try last!.reweighted(["skillGap": Double(3 + k % 5), "availability": 9, "language": 2])
    reweights.append(t.secondsElapsed)
    precondition(y.total.mentors == m)
}
let x = last!
let total = x.total.values.reduce(0, +)
var usage = rusage()
#if os(Linux)
getrusage(RUSAGE_SELF.rawValue, &usage)
let peakBytes = Int(usage.ru_maxrss) * 1024   // Linux reports kilobytes
#else
getrusage(RUSAGE_SELF, &usage)
let peakBytes = Int(usage.ru_maxrss)          // macOS reports bytes
#endif
print("""
{"mentors": \(m), "mentees": \(n), "precision": "\(precision.rawValue)", "build_median_s": \(median(builds)), \
"reweight_median_s": \(median(reweights)), "cache_bytes": \(x.cacheBytes), "peak_rss_bytes": \(peakBytes), "excluded": \(x.excludedCount), "total_sum": \(total)}
""")
