/// A sparse integer program in the form every solver backend reads:
/// maximise `objective · x + objectiveConstant` subject to
/// `rowLower ≤ A x ≤ rowUpper` and `columnLower ≤ x ≤ columnUpper`, with the
/// marked columns integer.
///
/// Rows are stored compressed (CSR): row `r` holds the entries
/// `rowStart[r] ..< rowStart[r + 1]` of ``entryColumn`` and ``entryValue``.
/// Indices are 0-based; a backend that needs 1-based indices converts them in
/// one place. Infinite bounds are `±Double.infinity`.
///
/// Every row and column remembers where it came from (``RowOrigin``,
/// ``ColumnOrigin``), so that solvers can name rules in users' terms and
/// exports can name rows and columns readably.
public struct IntegerProgram: Sendable {
    /// Lower bound of each column.
    public var columnLower: ContiguousArray<Double> = []
    /// Upper bound of each column.
    public var columnUpper: ContiguousArray<Double> = []
    /// Objective coefficient of each column (maximised).
    public var objective: ContiguousArray<Double> = []
    /// Whether each column must take an integer value.
    public var isInteger: ContiguousArray<Bool> = []
    /// What each column stands for.
    public var columnOrigin: ContiguousArray<ColumnOrigin> = []
    /// Lower bound of each row (`-∞` when none).
    public var rowLower: ContiguousArray<Double> = []
    /// Upper bound of each row (`+∞` when none).
    public var rowUpper: ContiguousArray<Double> = []
    /// Which rule each row states.
    public var rowOrigin: [RowOrigin] = []
    /// Start of each row's entries, plus one final end offset.
    public var rowStart: ContiguousArray<Int> = [0]
    /// Column of each entry.
    public var entryColumn: ContiguousArray<Int32> = []
    /// Coefficient of each entry.
    public var entryValue: ContiguousArray<Double> = []
    /// A constant added to the objective (minus the sum of unmatched penalties).
    public var objectiveConstant: Double = 0

    /// Creates an empty program.
    public init() {}

    /// Number of columns.
    public var columnCount: Int { columnLower.count }
    /// Number of rows.
    public var rowCount: Int { rowLower.count }
    /// Number of non-zero entries.
    public var entryCount: Int { entryColumn.count }

    /// Appends a column and returns its index.
    @discardableResult
    public mutating func addColumn(
        lower: Double, upper: Double, objective c: Double, integer: Bool, origin: ColumnOrigin
    ) -> Int {
        columnLower.append(lower)
        columnUpper.append(upper)
        objective.append(c)
        isInteger.append(integer)
        columnOrigin.append(origin)
        return columnLower.count - 1
    }

    /// Appends a row whose entries were already appended to ``entryColumn``
    /// and ``entryValue`` since the previous row ended.
    public mutating func closeRow(lower: Double, upper: Double, origin: RowOrigin) {
        rowLower.append(lower)
        rowUpper.append(upper)
        rowOrigin.append(origin)
        rowStart.append(entryColumn.count)
    }

    /// Drops entries appended since the last row ended (a row found redundant).
    public mutating func discardOpenRow() {
        let keep = rowStart[rowStart.count - 1]
        entryColumn.removeSubrange(keep...)
        entryValue.removeSubrange(keep...)
    }

    /// The objective value of a column vector, including the constant.
    public func objectiveValue(_ x: some Collection<Double>) -> Double {
        var total = objectiveConstant
        for (c, v) in zip(objective, x) where v != 0 { total += c * v }
        return total
    }
}

/// What a column of an ``IntegerProgram`` stands for.
public enum ColumnOrigin: Hashable, Sendable {
    /// 1 when the pair is matched.
    case pair(Pair)
    /// 1 when the mentee has at least one mentor (used for committees with an unmatched penalty).
    case matched(MenteeIndex)
    /// Elastic slack on a row (diagnostics only).
    case slack(row: Int)
    /// Elastic indicator: 1 when the rule `row` (or fixed pair) is relaxed (diagnostics only).
    case relaxed(ElasticRule)
    /// A column fixed at 1 that carries the objective constant, for exports
    /// to formats without one (CPLEX LP keeps constants only as comments).
    case constant
    /// A column of the linearisation of `constraints[constraint]`, a
    /// ``MatchingConstraint/scoreParity(attribute:margin:)`` rule.
    case scoreParity(constraint: Int, part: ScoreParityColumn)
    /// 1 only when pool person `person` is full with partners it ranks
    /// above `partner` (stability in one pool with capacities,
    /// ``IntegerProgram/init(stablePool:capacity:score:)``).
    case saturated(person: Int, partner: Int)
}

/// The columns a ``MatchingConstraint/scoreParity(attribute:margin:)`` rule
/// adds to an ``IntegerProgram`` (see ``IntegerProgram/init(matching:threshold:keep:)``).
public enum ScoreParityColumn: Hashable, Sendable {
    /// The whole's mean pair score `μ`, normalised as the rule's rows hold
    /// the scores, `(s − lowest) · scale` (0…1, from the smallest and the
    /// largest score of a counted mentee's pair column).
    case mean(lowest: Double, scale: Double)
    /// 1 when the number of matched pairs — of the whole (`value` nil) or of
    /// the group with `value` — is `count` (the unary expansion of that count).
    case count(value: String?, count: Int)
    /// `μ` times the ``count(value:count:)`` indicator with the same fields.
    case meanAtCount(value: String?, count: Int)
}

/// A rule that the elastic re-solve may relax.
public enum ElasticRule: Hashable, Sendable {
    /// A row of the original program.
    case row(Int)
    /// A fixed pair, relaxed by leaving it unmatched.
    case fixedPair(Pair)
}

/// Which rule a row of an ``IntegerProgram`` states.
public enum RowOrigin: Hashable, Sendable {
    /// The mentee's demand bounds.
    case menteeDemand(MenteeIndex)
    /// The mentor's load bounds.
    case mentorLoad(MentorIndex)
    /// Links the mentee's "matched" column to its pairs.
    case matchedLink(MenteeIndex)
    /// Separation number `index` at one mentor.
    case separation(index: Int, mentor: MentorIndex)
    /// `constraints[constraint]` (maxPerMentor) at one mentor and one attribute value.
    case maxPerMentor(constraint: Int, mentor: MentorIndex, value: String)
    /// `constraints[constraint]` (quota).
    case quota(constraint: Int)
    /// `constraints[constraint]` (composition) for one mentee.
    case composition(constraint: Int, mentee: MenteeIndex)
    /// `constraints[constraint]` (crossShare).
    case crossShare(constraint: Int)
    /// `constraints[constraint]` (parity) for one value's group.
    case parity(constraint: Int, value: String)
    /// Forces a mentee's "matched" column to 1 when it has a mentor (`Σ x ≤ max · y`, for a parity rule).
    case matchedCap(MenteeIndex)
    /// `constraints[constraint]` (scoreParity): the bounds on the mean of one value's group.
    case scoreParity(constraint: Int, value: String)
    /// A row of the linearisation of `constraints[constraint]` (scoreParity)
    /// that defines the whole's mean, a count's expansion or a product: a
    /// definition, never relaxed by the elastic re-solve.
    case scoreParityLink(constraint: Int)
    /// The pair does not block (two-sided stability, ``IntegerProgram/init(stable:preferences:)``,
    /// or in one pool, ``IntegerProgram/init(stablePool:capacity:score:)``).
    case stability(Pair)
    /// Pool person `person` may count as full with partners it ranks above
    /// `partner` only when it is (``ColumnOrigin/saturated(person:partner:)``).
    case saturation(person: Int, partner: Int)
    /// A pool person's number of partners (``PoolProblem/partners``).
    case partners(Int)
    /// Links a pool person's "has a partner" column to their pairs.
    case partnerLink(Int)
    /// Forces a pool person's "has a partner" column to 1 when they have a pair (for a quota's maximum).
    case partnerCap(Int)
    /// `rules[rule]` of a pool (quota, crossShare).
    case poolRule(rule: Int)
    /// `rules[rule]` of a pool (maxPerPerson) at one person and one value.
    case poolRuleAtPerson(rule: Int, person: Int, value: String)
}
