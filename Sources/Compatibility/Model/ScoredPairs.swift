import Dispatch
import Foundation
import MatchingCore

/// The scored pairs of a cohort as a program, its result and its report
/// read them — held densely (``CompatibilityMatrices``) or scored a block of
/// rows at a time (``CompatibilityScoreSource``). Rows are mentors, columns
/// mentees, both as indices into ``cohort``.
public protocol ScoredPairs: Sendable {
    /// The cohort scored.
    var cohort: Cohort { get }
    /// Rows: mentors' cohort indices.
    var mentorIndices: [Int] { get }
    /// Columns: mentees' cohort indices.
    var menteeIndices: [Int] { get }
    /// The criteria's names, in weight order.
    var criterionNames: [String] { get }
    /// Each criterion's weight, in ``criterionNames`` order.
    var weights: [Double] { get }
    /// The explanation of pair (row `i`, column `j`): its total, each
    /// criterion's contribution with its reason, and every exclusion.
    func explain(mentor i: Int, mentee j: Int) -> PairExplanation
    /// Every criterion's value (0…1) for pair (row `i`, column `j`), in
    /// ``criterionNames`` order, without reasons: what the score and
    /// learning read (``explain(mentor:mentee:)`` adds the reasons).
    ///
    /// - Complexity: O(K) for K criteria (cached values are read, others scored on the spot).
    func criterionValues(mentor i: Int, mentee j: Int) -> [Double]
    /// Per mentor and per mentee, how many of their pairs are allowed.
    ///
    /// - Complexity: O(M·N) (a streamed source scores every pair once).
    func allowedCounts() -> (mentors: [Int], mentees: [Int])
    /// For each mentee column in `columns`, how many of the mentors flagged
    /// in `rows` (one flag per mentor) it may be matched with.
    ///
    /// - Complexity: O(M · |columns|) dense; one pass over all pairs streamed.
    func allowedCounts(ofMentees columns: [Int], amongMentors rows: [Bool]) -> [Int]
    /// Every reason pair (row `i`, column `j`) is excluded; empty when it is allowed.
    func exclusions(mentor i: Int, mentee j: Int) -> [ExclusionReason]
    /// Excluded pairs per cause, most first. A streamed source does not keep
    /// each pair's cause: it reports one line
    /// (``CompatibilityScoreSource/streamedExclusionCause``) with the number
    /// of excluded pairs.
    ///
    /// - Complexity: O(M·N) streamed (every pair scored once); dense, one pass over the exclusion codes.
    func exclusionCounts() -> [(cause: String, pairs: Int)]
}

extension ScoredPairs {
    /// The row and column of a pair by ids.
    ///
    /// - Throws: ``/MatchingCore/MatchingError/Code/invalidProfile`` when an id is not a
    ///   mentor (row) or mentee (column) of these matrices.
    public func position(mentor: PersonID, mentee: PersonID) throws -> (mentor: Int, mentee: Int) {
        func missing(_ id: PersonID, _ side: String) -> MatchingError {
            guard let k = cohort.index[id] else { return MatchingError(.invalidProfile, "'\(id)' is not in the cohort") }
            let role = cohort.profiles[k].role
            return MatchingError(.invalidProfile, "'\(id)' is not a \(side) of these pairs: the profile's role is \(role.rawValue)" + (role == .mentor || role == .mentee ? " (swap --mentor and --mentee?)" : ""))
        }
        guard let k = cohort.index[mentor], let i = mentorIndices.firstIndex(of: k) else { throw missing(mentor, "mentor") }
        guard let q = cohort.index[mentee], let j = menteeIndices.firstIndex(of: q) else { throw missing(mentee, "mentee") }
        return (i, j)
    }
}

extension CompatibilityMatrices: ScoredPairs {
    /// Every criterion's value for the pair, from the cached matrices (a
    /// criterion not cached is scored on the spot).
    public func criterionValues(mentor i: Int, mentee j: Int) -> [Double] {
        criterionNames.indices.map { Double(criterionValue($0, i, j)) }
    }

    /// Per mentor and per mentee, how many of their pairs are allowed (the filter byte of each pair).
    public func allowedCounts() -> (mentors: [Int], mentees: [Int]) {
        let m = mentorIndices.count, n = menteeIndices.count
        var rows = [Int](repeating: 0, count: m), cols = [Int](repeating: 0, count: n)
        for i in 0..<m { for j in 0..<n where isAllowed(mentor: i, mentee: j) { rows[i] += 1; cols[j] += 1 } }
        return (rows, cols)
    }

    /// For each column in `columns`, its allowed pairs with the flagged mentors.
    public func allowedCounts(ofMentees columns: [Int], amongMentors rows: [Bool]) -> [Int] {
        columns.map { j in rows.indices.reduce(0) { $0 + (rows[$1] && isAllowed(mentor: $1, mentee: j) ? 1 : 0) } }
    }
}

extension CompatibilityScoreSource: ScoredPairs {
    /// The model's criteria.
    public var criterionNames: [String] { model.criterionNames }
    /// The model's weights, in ``criterionNames`` order.
    public var weights: [Double] { model.weights() }

    /// Every reason the pair is excluded, scored on the spot.
    public func exclusions(mentor i: Int, mentee j: Int) -> [ExclusionReason] { explain(mentor: i, mentee: j).exclusions }

    /// Every built-in criterion's value for the pair, scored on the spot.
    public func criterionValues(mentor i: Int, mentee j: Int) -> [Double] {
        Criterion.allCases.map { Double(kernel.value($0, i, j)) }
    }

    /// For each column in `columns`, its allowed pairs with the flagged
    /// mentors: the blocks holding a flagged row scored once, in parallel.
    public func allowedCounts(ofMentees columns: [Int], amongMentors rows: [Bool]) -> [Int] {
        allowedCounts(ofMentees: columns, amongMentors: rows, blockValues: 1 << 20)
    }

    /// ``allowedCounts(ofMentees:amongMentors:)`` with blocks of about `blockValues` scores.
    func allowedCounts(ofMentees columns: [Int], amongMentors rows: [Bool], blockValues: Int) -> [Int] {
        let n = menteeCount
        guard n > 0, !columns.isEmpty, rows.contains(true) else { return [Int](repeating: 0, count: columns.count) }
        let k = columns.count
        let perWorker = countsPerWorker(k, blockValues: blockValues) { worker, block, buffer, counts in
            for i in block where rows[i] {
                let row = buffer.baseAddress! + (i - block.lowerBound) * n
                for (c, j) in columns.enumerated() where row[j] > -.infinity { counts[worker * k + c] += 1 }
            }
        } skipping: { block in !block.contains { rows[$0] } }
        return (0..<k).map { c in stride(from: c, to: perWorker.count, by: k).reduce(0) { $0 + perWorker[$1] } }
    }

    /// Per mentor and per mentee, how many of their pairs are allowed: every
    /// pair scored once, a block of rows at a time, blocks in parallel.
    public func allowedCounts() -> (mentors: [Int], mentees: [Int]) { allowedCounts(blockValues: 1 << 20) }

    /// ``allowedCounts()`` with blocks of about `blockValues` scores.
    func allowedCounts(blockValues: Int) -> (mentors: [Int], mentees: [Int]) {
        let m = mentorCount, n = menteeCount
        guard m > 0, n > 0 else { return ([Int](repeating: 0, count: m), [Int](repeating: 0, count: n)) }
        var rows = [Int](repeating: 0, count: m)
        let perWorker = rows.withUnsafeMutableBufferPointer { r in
            let rowOut = DisjointWrites(r.baseAddress!)
            return countsPerWorker(n, blockValues: blockValues) { worker, block, buffer, counts in
                for i in block {
                    let row = buffer.baseAddress! + (i - block.lowerBound) * n
                    var count = 0
                    for j in 0..<n where row[j] > -.infinity { count += 1; counts[worker * n + j] += 1 }
                    rowOut.base[i] = count
                }
            }
        }
        let cols = (0..<n).map { j in stride(from: j, to: perWorker.count, by: n).reduce(0) { $0 + perWorker[$1] } }
        return (rows, cols)
    }

    /// One parallel pass over the scores: a worker per core, each scoring
    /// every `workers`-th block of about `blockValues` scores into a buffer of its own
    /// (allocated once) and counting into its own `width` counters of the
    /// returned array (`workers · width` values, to be summed per counter).
    /// Blocks for which `skipping` holds are not scored.
    ///
    /// - Complexity: O(M·N) scoring; memory O(workers · (blockValues + width)).
    private func countsPerWorker(
        _ width: Int, blockValues: Int,
        _ count: @Sendable (_ worker: Int, _ block: Range<Int>, _ scores: UnsafeBufferPointer<Double>, _ counts: UnsafeMutablePointer<Int>) -> Void,
        skipping: @Sendable (Range<Int>) -> Bool = { _ in false }
    ) -> [Int] {
        let m = mentorCount, n = menteeCount
        let rowsPerBlock = Swift.max(1, blockValues / n)
        let blocks = (m + rowsPerBlock - 1) / rowsPerBlock
        let workers = Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, blocks))
        var counts = [Int](repeating: 0, count: workers * width)
        counts.withUnsafeMutableBufferPointer { c in
            let out = DisjointWrites(c.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var buffer = [Double](repeating: 0, count: rowsPerBlock * n)
                buffer.withUnsafeMutableBufferPointer { b in
                    for k in stride(from: worker, to: blocks, by: workers) {
                        let block = (k * rowsPerBlock)..<Swift.min(m, (k + 1) * rowsPerBlock)
                        if skipping(block) { continue }
                        let scores = UnsafeMutableBufferPointer(rebasing: b[0..<(block.count * n)])
                        self.scores(mentors: block, into: scores)
                        count(worker, block, UnsafeBufferPointer(scores), out.base)
                    }
                }
            }
        }
        return counts
    }

    /// The one cause a streamed source reports for its excluded pairs.
    public static let streamedExclusionCause = "a filter or must-have (causes are not counted when streamed)"

    /// One line: the excluded pairs, counted in one streamed pass (their causes are not kept).
    public func exclusionCounts() -> [(cause: String, pairs: Int)] {
        let allowed = allowedCounts().mentors.reduce(0, +)
        let excluded = mentorCount * menteeCount - allowed
        return excluded > 0 ? [(Self.streamedExclusionCause, excluded)] : []
    }
}

