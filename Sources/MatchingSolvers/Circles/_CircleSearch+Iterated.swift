import MatchingCore

/// The parameters of the iterated maxima search.
struct _IteratedMaxima: Sendable {
    /// Random moves of a weak perturbation (the step between neighbouring local optima).
    var weak: Int
    /// Random moves of a strong perturbation (a jump away from the best partition).
    var strong: Int
    /// Rounds without a better partition before a strong perturbation.
    var stagnation: Int
}

extension _CircleSearch {
    /// The best partition found so far and its objective.
    struct Best: Sendable {
        var assignment: [Int]
        var objective: Double
    }

    /// Iterated maxima search (after Lai and Hao 2016) from the current
    /// partition, which must keep every rule: a descent, then `rounds`
    /// rounds of a weak perturbation and a descent — kept when the local
    /// optimum reached is at least as good as the one it left, taken back
    /// (the journal) otherwise; after `stagnation` rounds without a better
    /// partition, a strong perturbation from the best one.
    ///
    /// Stops early when `shouldStop()` (checked once per round) says so.
    /// Deterministic for a given `random` state and round count.
    ///
    /// - Returns: the best partition and the rounds made.
    /// - Complexity: O(n² + n · k) per descent pass, O(n) per move.
    mutating func iteratedMaxima(rounds: Int, _ p: _IteratedMaxima, tolerance: Double, random: inout SplitMix64,
                                 best: inout Best, shouldStop: () -> Bool) -> Int {
        descend(tolerance: tolerance)
        if objective > best.objective + tolerance { best = Best(assignment: group, objective: objective) }
        var current = objective
        var stale = 0
        var done = 0
        journal = []
        while done < rounds && !shouldStop() {
            done += 1
            journal!.removeAll(keepingCapacity: true)
            perturb(p.weak, random: &random)
            descend(tolerance: tolerance)
            if objective >= current - tolerance {
                if objective > best.objective + tolerance {
                    best = Best(assignment: group, objective: objective)
                    stale = 0
                } else {
                    stale += 1
                }
                current = objective
            } else {
                undo(to: 0)
                stale += 1
            }
            if stale >= p.stagnation {
                reset(to: best.assignment)
                perturb(p.strong, random: &random)
                descend(tolerance: tolerance)
                current = objective
                stale = 0
            }
        }
        journal = nil
        return done
    }
}
