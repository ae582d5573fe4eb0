import Foundation
import MatchingCore

/// The Lagrangian bound of the set-partitioning formulation of circles:
/// maximise `Σ_G v(G) x_G` over every allowed group G (a size in range, no
/// forbidden pair, every rule kept), each person in exactly one chosen
/// group. For any multipliers u (one per person) and any partition P,
/// `Σ_{G∈P} v(G) = Σ_i u_i + Σ_{G∈P} (v(G) − u(G)) = Σ_i u_i + Σ_i r(G(i)) / |G(i)|`
/// with `r(G) = v(G) − u(G)`, so
/// `B(u) = Σ_i u_i + Σ_i max_{G ∋ i} r(G) / |G|` bounds every partition;
/// its minimum over u is the set-partitioning LP bound (`u_i + max_{G∋i} r(G)/|G|`
/// is a feasible LP dual). u follows subgradient steps (Held, Wolfe and
/// Crowder 1974) with Polyak's step towards the incumbent: the subgradient
/// of B at u is `1 − Σ_{k : i ∈ G*_k} 1 / |G*_k|` for the maximising groups G*_k.
///
/// Each evaluation enumerates every allowed group once (depth-first, members
/// ascending, with running sums `Σ_{c ∈ chosen} w_cx − u_x` per candidate x),
/// split over the cores by first member: O(Σ_s C(n, s)) for sizes s in range.
struct _GroupLagrangian: Sendable {
    let data: _CircleData
    /// Forbidden pairs as a score so low no allowed group is ever beaten by one holding it.
    let w: [Double]
    let smin: Int, smax: Int
    let workers: Int

    static let forbiddenScore = -1e30

    /// The number of groups an evaluation enumerates (before rules and forbidden pairs), as a Double.
    static func groupCount(people n: Int, sizes: CountRange) -> Double {
        var total = 0.0
        for s in Swift.max(1, sizes.min)...Swift.max(1, sizes.max) {
            var c = 1.0
            for t in 0..<s { c = c * Double(n - t) / Double(t + 1) }
            total += Swift.max(0, c)
        }
        return total
    }

    /// The bound of `data`, each evaluation split over `workers` threads (default: one per core).
    init(_ data: _CircleData, workers: Int? = nil) {
        self.data = data
        var w = data.w
        if data.hasForbidden { for x in w.indices where data.forbidden[x] { w[x] = Self.forbiddenScore } }
        self.w = w
        smin = Swift.max(1, data.sizes.min)
        smax = data.sizes.max
        self.workers = Swift.max(1, Swift.min(workers ?? ProcessInfo.processInfo.activeProcessorCount, data.n))
    }

    /// What one evaluation at u gives: B(u) and the subgradient.
    struct Evaluation {
        var bound: Double
        var subgradient: [Double]
    }

    /// Per worker: each person's best r(G)/|G| and that group.
    private struct Best: Sendable {
        var value: [Double]
        var group: [Int32]   // smax entries per person, -1 padded
    }

    /// B(u) and its subgradient; `nil` when someone has no allowed group at
    /// all, or when `shouldStop()` turned true during the enumeration (a
    /// partial enumeration bounds nothing: the step is dropped, so that a
    /// time limit is not overrun by a whole step).
    func evaluate(_ u: [Double], shouldStop: @Sendable () -> Bool = { false }) -> Evaluation? {
        let n = data.n, smax = self.smax
        let count = workers
        let results = concurrentValues(count: count) { t in
            var best = Best(value: [Double](repeating: -.infinity, count: n), group: [Int32](repeating: -1, count: n * smax))
            enumerate(u, firstMembers: stride(from: t, to: n, by: count), into: &best, shouldStop: shouldStop)
            return best
        }
        if shouldStop() { return nil }
        // Each worker keeps, among equal values, the first group of its
        // (lexicographic) enumeration; merging with the same rule makes the
        // maximising groups — and so every step — independent of the number of cores.
        var best = results[0]
        for t in 1..<count {
            let other = results[t]
            for i in 0..<n {
                let range = (i * smax)..<((i + 1) * smax)
                if other.value[i] > best.value[i]
                    || (other.value[i] == best.value[i] && other.group[range].lexicographicallyPrecedes(best.group[range])) {
                    best.value[i] = other.value[i]
                    for s in range { best.group[s] = other.group[s] }
                }
            }
        }
        var bound = 0.0
        var g = [Double](repeating: 1, count: n)
        for i in 0..<n {
            guard best.value[i] > Self.forbiddenScore / 2 else { return nil }
            bound += u[i] + best.value[i]
            let members = best.group[(i * smax)..<((i + 1) * smax)].filter { $0 >= 0 }
            for m in members { g[Int(m)] -= 1 / Double(members.count) }
        }
        return Evaluation(bound: bound, subgradient: g)
    }

    /// Every allowed group whose smallest member is in `firstMembers`.
    private func enumerate(_ u: [Double], firstMembers: StrideTo<Int>, into best: inout Best, shouldStop: () -> Bool) {
        let n = data.n
        let acc = UnsafeMutablePointer<Double>.allocate(capacity: smax * n)
        let chosen = UnsafeMutablePointer<Int>.allocate(capacity: smax)
        defer { acc.deallocate(); chosen.deallocate() }
        for x in 0..<n { acc[x] = -u[x] }
        let counts = data.rules.map { UnsafeMutablePointer<Int32>.allocate(capacity: $0.valueCount) }
        defer { counts.forEach { $0.deallocate() } }
        for (r, rule) in data.rules.enumerated() { counts[r].initialize(repeating: 0, count: rule.valueCount) }
        w.withUnsafeBufferPointer { w in
            best.value.withUnsafeMutableBufferPointer { bestValue in
                best.group.withUnsafeMutableBufferPointer { bestGroup in
                    withRuleValues { values in
                        let walk = _Walk(n: n, smin: smin, smax: smax, w: w.baseAddress!, acc: acc, chosen: chosen,
                                         bestValue: bestValue.baseAddress!, bestGroup: bestGroup.baseAddress!,
                                         rules: zip(values, zip(data.rules, counts)).map { ($0, $1.0.limit, $1.1) })
                        for first in firstMembers {
                            if shouldStop() { return }
                            walk.level(0, only: first, partial: 0)
                        }
                    }
                }
            }
        }
    }

    /// The rules' value codes as pointers for the walk.
    private func withRuleValues<T>(_ body: ([UnsafePointer<Int32>]) -> T) -> T {
        var pointers = [UnsafePointer<Int32>]()
        func next(_ r: Int) -> T {
            guard r < data.rules.count else { return body(pointers) }
            return data.rules[r].value.withUnsafeBufferPointer { p in
                pointers.append(p.baseAddress!)
                return next(r + 1)
            }
        }
        return next(0)
    }

    /// Subgradient descent on B from u_i = ½ · (i's best smax − 1 positive
    /// scores): `steps` evaluations at most, stopping early at `target`
    /// (the incumbent: no bound can go below it) or when `shouldStop()`.
    ///
    /// - Returns: the smallest B seen (each one a valid bound) and the evaluations made.
    func minimise(steps: Int, target: Double, tolerance: Double, shouldStop: @escaping @Sendable () -> Bool) -> (bound: Double?, steps: Int) {
        let n = data.n
        var u = [Double](repeating: 0, count: n)
        var row = [Double]()
        for i in 0..<n {
            row = (0..<n).filter { $0 != i && !data.isForbidden(i, $0) }.map { data.w[i * n + $0] }.filter { $0 > 0 }
            row.sort(by: >)
            u[i] = row.prefix(smax - 1).reduce(0, +) / 2
        }

        var best: Double?
        // Polyak's step scaled by θ, halved after 3 steps without a smaller
        // bound (measured on the 200-person benchmark: 280.69M after 80
        // steps, where θ₀ = 2 halved after 10 was at 281.18M).
        var theta = 1.0, stale = 0, done = 0
        let patience = 3
        while done < steps && !shouldStop() {
            guard let e = evaluate(u, shouldStop: shouldStop) else { break }
            done += 1
            if best == nil || e.bound < best! - tolerance { best = e.bound; stale = 0 } else {
                stale += 1
                if stale >= patience { theta /= 2; stale = 0 }
            }
            if best! <= target + tolerance { break }
            let norm = e.subgradient.reduce(0) { $0 + $1 * $1 }
            guard norm > 1e-12 else { break }
            let t = theta * (e.bound - target) / norm
            for i in 0..<n { u[i] -= t * e.subgradient[i] }
        }
        return (best, done)
    }
}

/// The depth-first walk over groups of one evaluation: `acc[l · n + x]` is
/// `Σ_{c chosen at levels < l} w_cx − u_x`, with ``_GroupLagrangian/forbiddenScore``
/// added for a candidate forbidden with a chosen member or whose value of a
/// rule is full; such candidates are skipped, so only allowed groups are scored.
private struct _Walk {
    let n: Int, smin: Int, smax: Int
    let w: UnsafePointer<Double>
    let acc: UnsafeMutablePointer<Double>
    let chosen: UnsafeMutablePointer<Int>
    let bestValue: UnsafeMutablePointer<Double>
    let bestGroup: UnsafeMutablePointer<Int32>
    /// Per rule: each person's value code, the limit, the chosen members per value.
    let rules: [(value: UnsafePointer<Int32>, limit: Int32, counts: UnsafeMutablePointer<Int32>)]

    static let blocked = _GroupLagrangian.forbiddenScore / 2

    /// Person m's best group becomes chosen[0..<size − 1] + last, with share `share`.
    @inline(__always) func store(_ m: Int, _ share: Double, size: Int, last: Int) {
        bestValue[m] = share
        let out = bestGroup + m * smax
        for s in 0..<(size - 1) { out[s] = Int32(chosen[s]) }
        out[size - 1] = Int32(last)
        for s in size..<smax { out[s] = -1 }
    }

    /// Level l: chosen[0..<l] fixed with r(chosen) = `partial`; candidates
    /// x from `start` (or only `only`) as member l.
    func level(_ l: Int, from start: Int = 0, only: Int = -1, partial: Double) {
        let here = acc + l * n
        let size = l + 1
        let inverse = 1 / Double(size)
        let lo = only >= 0 ? only : start, hi = only >= 0 ? only + 1 : n
        if size == smax {
            // The leaf: every group chosen + x, scored in one pass.
            var top = -Double.infinity, arg = -1
            for x in lo..<hi {
                let v = partial + here[x]
                if v > top { top = v; arg = x }
                if v * inverse > bestValue[x] { store(x, v * inverse, size: size, last: x) }
            }
            if arg >= 0 && top > Self.blocked {
                for a in 0..<l where top * inverse > bestValue[chosen[a]] { store(chosen[a], top * inverse, size: size, last: arg) }
            }
            return
        }
        let next = acc + (l + 1) * n
        for x in lo..<hi {
            let hx = here[x]
            if hx < Self.blocked { continue }
            let v = partial + hx
            chosen[l] = x
            if size >= smin {
                let share = v * inverse
                for a in 0...l where share > bestValue[chosen[a]] { store(chosen[a], share, size: size, last: x) }
            }
            guard x + 1 < n else { continue }
            let row = w + x * n
            for y in (x + 1)..<n { next[y] = here[y] + row[y] }
            for rule in rules {
                let value = rule.value[x]
                rule.counts[Int(value)] += 1
                if rule.counts[Int(value)] >= rule.limit {
                    for y in (x + 1)..<n where rule.value[y] == value { next[y] += _GroupLagrangian.forbiddenScore }
                }
            }
            level(l + 1, from: x + 1, partial: v)
            for rule in rules { rule.counts[Int(rule.value[x])] -= 1 }
        }
    }
}
