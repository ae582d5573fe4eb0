import MatchingCore

/// The tabu walk's settings.
struct _TabuSettings: Sendable {
    /// Moves without a better partition before the walk ends.
    var depth: Int
    /// A moved person may not return to the group they left for
    /// `tenure + random(0..<spread)` moves.
    var tenure: Int
    /// The random part of the tenure (see ``tenure``).
    var spread: Int
}

extension _CircleSearch {
    /// A tabu walk (Glover 1989) over the swap and insertion neighbourhoods:
    /// every move takes the best admissible neighbour, improving or not; a
    /// person who moves may not return to the group they left for a few
    /// moves (unless that reaches a partition better than any the walk has
    /// seen: aspiration). Ends after `settings.depth` moves without a better
    /// partition, after `budget` moves, at `target`, or when `shouldStop()`
    /// (checked every 64 moves). Leaves the walk's best partition in `best`
    /// when it beats it, and the current partition wherever the walk ended.
    ///
    /// - Returns: the moves made.
    /// - Complexity: O(n² + n · k) per move (the full neighbourhood is scanned).
    mutating func tabuWalk(_ settings: _TabuSettings, budget: Int, tolerance: Double, target: Double, tabu: inout [Int],
                           clock: inout Int, random: inout SplitMix64, best: inout Best, shouldStop: () -> Bool) -> Int {
        let insertions = data.sizes.min < data.sizes.max
        var walkBest = objective
        var stale = 0, done = 0
        let n = self.n, k = self.k
        var own = [Double](repeating: 0, count: n)
        while done < budget && stale < settings.depth && best.objective < target {
            if done & 63 == 63 && shouldStop() { break }
            done += 1
            clock += 1
            // The best admissible move: (i, j) a swap, (i, -1 - g) an insertion into g.
            var bestGain = -Double.infinity, mi = -1, mj = 0
            // own[x]: x's score with their own group.
            for x in 0..<n { own[x] = sums[group[x] * n + x] }
            for i in 0..<n {
                let a = group[i], base = a * n
                // One tight pass over the partners j > i, unchecked: the largest gain above the best so far.
                var top = bestGain, arg = -1
                scanPartners(of: i, own: own, above: &top, at: &arg)
                if arg >= 0 {
                    let b = group[arg]
                    let isTabu = tabu[i * k + b] > clock || tabu[arg * k + a] > clock
                    if !(isTabu && objective + top <= walkBest + tolerance) && canSwap(i, arg) {
                        bestGain = top; mi = i; mj = arg
                    } else {
                        // Rare: the leader is tabu or breaks a rule; the best admissible partner by a full scan.
                        for j in (i + 1)..<n {
                            let b = group[j]
                            if b == a { continue }
                            let gain = byPerson[i * k + b] - own[i] + sums[base + j] - own[j] - 2 * data.w[i * n + j]
                            if gain <= bestGain { continue }
                            let isTabu = tabu[i * k + b] > clock || tabu[j * k + a] > clock
                            if isTabu && objective + gain <= walkBest + tolerance { continue }
                            if canSwap(i, j) { bestGain = gain; mi = i; mj = j }
                        }
                    }
                }
                if insertions {
                    for g in 0..<k where g != a {
                        let gain = byPerson[i * k + g] - own[i]
                        if gain <= bestGain { continue }
                        if tabu[i * k + g] > clock && objective + gain <= walkBest + tolerance { continue }
                        if canInsert(i, to: g) { bestGain = gain; mi = i; mj = -1 - g }
                    }
                }
            }
            guard mi >= 0 else { break }
            let a = group[mi]
            if mj >= 0 {
                let b = group[mj]
                swap(mi, mj)
                tabu[mi * k + a] = clock + settings.tenure + Int(random.next() % UInt64(Swift.max(1, settings.spread)))
                tabu[mj * k + b] = clock + settings.tenure + Int(random.next() % UInt64(Swift.max(1, settings.spread)))
            } else {
                insert(mi, to: -1 - mj)
                tabu[mi * k + a] = clock + settings.tenure + Int(random.next() % UInt64(Swift.max(1, settings.spread)))
            }
            if objective > walkBest + tolerance {
                walkBest = objective
                stale = 0
                if objective > best.objective + tolerance { best = Best(assignment: group, objective: objective) }
            } else {
                stale += 1
            }
        }
        return done
    }

    /// The partner j > i (in another group) of the largest swap gain above
    /// `top`, without checking tabu or rules: one tight pass.
    @inline(__always) func scanPartners(of i: Int, own: [Double], above top: inout Double, at arg: inout Int) {
        let n = self.n, k = self.k, a = group[i]
        var best = top, found = -1
        group.withUnsafeBufferPointer { group in
            sums.withUnsafeBufferPointer { sums in
                byPerson.withUnsafeBufferPointer { byPerson in
                    data.w.withUnsafeBufferPointer { w in
                        own.withUnsafeBufferPointer { own in
                            // gain = s[b][i] − s[a][i] + s[a][j] − s[b][j] − 2 w_ij
                            let row = w.baseAddress! + i * n, mine = sums.baseAddress! + a * n
                            let towards = byPerson.baseAddress! + i * k, stay = own[i]
                            for j in (i + 1)..<n {
                                let b = group[j]
                                if b == a { continue }
                                let gain = towards[b] - stay + mine[j] - own[j] - 2 * row[j]
                                if gain > best { best = gain; found = j }
                            }
                        }
                    }
                }
            }
        }
        top = best
        arg = found
    }

    /// Iterated tabu search: from the current partition, tabu walks, each
    /// followed by a perturbation of `strength` random moves applied to the
    /// best partition found so far; `budget` moves in all (walk moves plus
    /// perturbation moves). See ``tabuWalk(_:budget:tolerance:target:tabu:clock:random:best:shouldStop:)``.
    ///
    /// - Returns: the moves made.
    mutating func iteratedTabu(budget: Int, _ settings: _TabuSettings, strength: Int, tolerance: Double, target: Double,
                               random: inout SplitMix64, best: inout Best, shouldStop: () -> Bool) -> Int {
        var tabu = [Int](repeating: 0, count: n * k)
        var clock = 0, done = 0
        if objective > best.objective + tolerance { best = Best(assignment: group, objective: objective) }
        while done < budget && best.objective < target && !shouldStop() {
            let walked = tabuWalk(settings, budget: budget - done, tolerance: tolerance, target: target, tabu: &tabu, clock: &clock,
                                  random: &random, best: &best, shouldStop: shouldStop)
            done += walked
            guard done < budget, best.objective < target, !shouldStop() else { break }
            reset(to: best.assignment)
            let kicked = perturb(strength, random: &random)
            done += kicked
            if walked == 0 && kicked == 0 { break }   // no move is possible at all
        }
        return done
    }
}
