import Foundation
import MatchingCore

/// Steps 1–3 of ``CircleSolver``: counting, starts, and the searches.
extension CircleSolver {
    /// What the search thread hands back.
    struct _Searched: Sendable {
        var best: _Partition?
        var failure: Termination?
        var iterations = 0
        var moves = 0
        var groupCount = 0
        var groupCountsTried: [Int] = []
        var timedOut = false
        var seconds = 0.0
        /// The objective of ``best`` by the search's own sums (for picking among searches).
        var objective = -Double.infinity
    }

    /// A partition as a group per person.
    struct _Partition: Sendable {
        var assignment: [Int]
        var groups: [[Int]] {
            let k = (assignment.max() ?? -1) + 1
            var out = [[Int]](repeating: [], count: k)
            for (i, g) in assignment.enumerated() { out[g].append(i) }
            return out.filter { !$0.isEmpty }.sorted { $0[0] < $1[0] }
        }
    }

    /// ``searches`` runs of ``search(_:seed:target:stop:deadline:)``, in
    /// parallel, the best kept (ties: the first); the counters add up.
    func searchInParallel(_ data: _CircleData, target: Double, stop: _Stop, deadline: Deadline) -> _Searched {
        let runs = concurrentValues(count: searches) { t in
            search(data, seed: seed &+ UInt64(t) &* 0xD1B5_4A32_D192_ED03, target: target, stop: stop, deadline: deadline)
        }
        var chosen = runs[0]
        for run in runs.dropFirst() where run.best != nil && (chosen.best == nil || run.objective > chosen.objective) { chosen = run }
        chosen.iterations = runs.reduce(0) { $0 + $1.iterations }
        chosen.moves = runs.reduce(0) { $0 + $1.moves }
        chosen.timedOut = runs.contains { $0.timedOut }
        chosen.seconds = runs.map(\.seconds).max() ?? 0
        return chosen
    }

    /// Steps 1–3 with one seed, on the calling thread; stops early once a partition reaches `target`.
    func search(_ data: _CircleData, seed: UInt64, target: Double, stop: _Stop, deadline: Deadline) -> _Searched {
        let started = ContinuousClock.now
        var out = _Searched()
        let n = data.n
        guard n > 0 else {
            out.best = _Partition(assignment: [])
            out.objective = 0
            return out
        }
        var counts = CircleProblem.groupCounts(people: n, sizes: data.sizes)!
        if let proof = data.countingProof(groupCounts: &counts) {
            out.failure = Termination(.infeasible, detail: "no partition exists: \(proof)")
            return out
        }
        let tried = Self.spread(counts, atMost: 6)
        out.groupCountsTried = tried
        let budget = iterations ?? Self.defaultIterations(people: n)
        let tolerance = 1e-9 * Swift.max(1, data.largest)
        let settings = _TabuSettings(depth: Swift.max(50, n), tenure: Swift.max(2, n / 50), spread: Swift.max(3, n / 40))
        let strength = Swift.max(3, n / 20)
        let shouldStop: () -> Bool = { stop.isRequested || deadline.hasPassed }
        // Each k: a start, then its share of the budget.
        var runs = [(search: _CircleSearch, random: SplitMix64, best: _CircleSearch.Best)]()
        var blocked: _CircleSearch.Blocked?
        let share = tried.count == 1 ? budget : budget / (2 * tried.count)
        var used = 0
        for k in tried {
            // Out of time with a partition in hand: no more group counts to start.
            if shouldStop() && !runs.isEmpty { break }
            var random = SplitMix64(seed: seed &+ UInt64(k) &* 0x9E37_79B9_7F4A_7C15)
            var search = _CircleSearch(data: data, groups: k)
            var order = _CircleSearch.constrainedFirst(data)
            var placed = false
            for attempt in 0..<startAttempts {
                if attempt > 0 { Self.shuffle(&order, &random) }
                if let b = search.greedyStart(order: order) { blocked = blocked ?? b } else { placed = true; break }
                if shouldStop() { break }
            }
            guard placed else { continue }
            var best = _CircleSearch.Best(assignment: search.group, objective: search.objective)
            search.descend(tolerance: tolerance, shouldStop: shouldStop)
            used += search.iteratedTabu(budget: share, settings, strength: strength, tolerance: tolerance, target: target,
                                        random: &random, best: &best, shouldStop: shouldStop)
            runs.append((search, random, best))
            if best.objective >= target { break }
        }
        guard !runs.isEmpty else {
            let who = blocked.map { "person \($0.person) could not be placed in any group without breaking \($0.reason)" } ?? "the search was stopped before a start was found"
            out.failure = Termination(.noSolutionFound, limit: stop.isRequested ? .cancelled : (deadline.hasPassed ? .time : .none),
                                      detail: "no partition found: \(who) (greedy starts with ejections, \(startAttempts) orders per number of groups)")
            return out
        }
        // The best k continues with the rest of the budget.
        var chosen = 0
        for r in runs.indices where runs[r].best.objective > runs[chosen].best.objective + tolerance { chosen = r }
        if tried.count > 1 && runs[chosen].best.objective < target {
            var run = runs[chosen]
            used += run.search.iteratedTabu(budget: Swift.max(0, budget - used), settings, strength: strength, tolerance: tolerance,
                                            target: target, random: &run.random, best: &run.best, shouldStop: shouldStop)
            runs[chosen] = run
        }
        out.best = _Partition(assignment: runs[chosen].best.assignment)
        out.objective = runs[chosen].best.objective
        out.iterations = used
        out.moves = runs.reduce(0) { $0 + $1.search.moves }
        out.groupCount = runs[chosen].search.k
        out.timedOut = !stop.isRequested && deadline.hasPassed
        out.seconds = started.secondsElapsed
        return out
    }

    /// Up to `limit` numbers spread evenly over `range`, both ends included.
    static func spread(_ range: ClosedRange<Int>, atMost limit: Int) -> [Int] {
        let width = range.upperBound - range.lowerBound
        guard width + 1 > limit else { return Array(range) }
        var out = [Int]()
        for t in 0..<limit {
            let k = range.lowerBound + (width * t + (limit - 1) / 2) / (limit - 1)
            if out.last != k { out.append(k) }
        }
        return out
    }

    /// Fisher–Yates with the search's generator.
    static func shuffle(_ a: inout [Int], _ random: inout SplitMix64) {
        guard a.count > 1 else { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) {
            let j = Int(random.next() % UInt64(i + 1))
            a.swapAt(i, j)
        }
    }
}
