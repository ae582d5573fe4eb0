/// What a problem's rules make it: the one place that decides which rules a
/// solving method holds exactly. Every solver and router asks it (the
/// network-flow solver, candidate pricing, the Lagrangian heuristic's choice
/// of rules to keep, the automatic route, the program's scoring plan), and
/// every refusal quotes its reason, which names the rule.
///
/// The classes, from the most special:
/// - ``Kind/assignment``: loads, demands, forbidden and fixed pairs, penalties
///   and no attribute rule — the transportation / b-matching problem, a
///   min-cost flow on the bipartite network.
/// - ``Kind/layeredNetwork``: one extra layer on that network, held by the
///   dense shortest-path engine — one `maxPerMentor` rule as (mentor, value)
///   slots; or `quota` rules on one mentee attribute (after an optional
///   leading `maxPerMentor`, each value once, no mentee minimums) as groups
///   before the sink; or `composition` caps (no minimum) on one mentor
///   attribute as (mentee, value) slots with mentees routed.
/// - ``Kind/ruleNetwork``: still a network, on explicit arcs with lower
///   bounds: at most one `maxPerMentor`, quotas on one mentee attribute and
///   compositions (minimums allowed) on one mentor attribute, each value once.
/// - ``Kind/integerProgram``: separations, `crossShare`, `parity`, `scoreParity`, a second
///   `maxPerMentor`, rules on two attributes of one kind, a value listed
///   twice, or a committee mentee with a penalty next to attribute rules —
///   none of them a network constraint (``integerProgramReason`` says which).
///
/// Orthogonal to the kind, ``candidatePricingRefusal`` says whether the
/// candidate-pricing (column generation) method holds the problem: the
/// total objective, no separations, no mentee minimums, no committee
/// penalties, and no attribute rule but a leading `maxPerMentor` and quotas
/// on one mentee attribute.
///
/// Source: the network constructions are those of Ahuja, Magnanti and Orlin,
/// *Network Flows* (1993), ch. 9–10 (transportation, lower bounds, side
/// layers); a rule outside them breaks total unimodularity.
public struct ProblemShape: Hashable, Sendable {
    /// The problem's class, from the most special: no attribute rule (a
    /// transportation / b-matching network), one extra layer held by the
    /// dense engine, a network on explicit arcs with lower bounds, and not a
    /// network problem (an integer program); see the type's documentation.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// See ``Kind``.
        case assignment, layeredNetwork, ruleNetwork, integerProgram
    }

    /// Rules of one kind on one attribute: the attribute and the rules'
    /// indices in ``MatchingRules/constraints``.
    public struct AttributeRules: Hashable, Sendable {
        /// The attribute the rules read.
        public var attribute: String
        /// Indices of the rules, ascending.
        public var indices: [Int]
    }

    /// The class.
    public let kind: Kind
    /// The `maxPerMentor` rule the network holds as a layer of (mentor, value) slots, if any (its index).
    public let maxPerMentor: Int?
    /// The `quota` rules the network holds as groups of mentees, if any.
    public let quotas: AttributeRules?
    /// The `composition` rules the network holds, if any.
    public let compositions: AttributeRules?
    /// Why the problem is not a network problem (``Kind/integerProgram`` only), naming the rule.
    public let integerProgramReason: String?
    /// Why candidate pricing cannot hold the problem, naming the rule or the
    /// person; `nil` when it can.
    public let candidatePricingRefusal: String?
    /// Why a method that maximises the total only (candidate pricing, the
    /// Lagrangian heuristic, price and branch, a warm start) cannot take the
    /// objective; `nil` for the total objective. `maxMin` is exact by the
    /// network-flow solver's bisection or by the integer program.
    public let totalObjectiveRefusal: String?

    /// Why the Lagrangian heuristic and price and branch (GLPK on priced
    /// candidate pairs) cannot take the rules — a `parity` or `scoreParity` rule, whose rows
    /// couple every mentee — naming the rule; `nil` when they can. The
    /// automatic route then goes straight to the integer program.
    public let heuristicRefusal: String?

    /// Whether the problem is a network problem (any kind but ``Kind/integerProgram``).
    public var isNetwork: Bool { kind != .integerProgram }

    /// Classifies `rules`. Sizes are taken as valid (call the validator first
    /// for a typed error about them).
    ///
    /// - Complexity: O(N + rules).
    public init(_ rules: MatchingRules) {
        let constraints = rules.constraints
        var maxPer = [Int]()
        var quotaOrder = [String](), quotaRules = [String: [Int]]()
        var compOrder = [String](), compRules = [String: [Int]]()
        var compositionMinimum = false
        var repeatedValue: Int?
        var crossShare: Int?
        var parity: Int?
        var seenValue = Set<[String]>()
        for (k, rule) in constraints.enumerated() {
            switch rule {
            case .maxPerMentor:
                maxPer.append(k)
            case .quota(let a, let v, _):
                if quotaRules[a] == nil { quotaOrder.append(a) }
                quotaRules[a, default: []].append(k)
                if !seenValue.insert(["quota", a, v]).inserted, repeatedValue == nil { repeatedValue = k }
            case .composition(let a, let v, let c):
                if compRules[a] == nil { compOrder.append(a) }
                compRules[a, default: []].append(k)
                if c.min > 0 { compositionMinimum = true }
                if !seenValue.insert(["composition", a, v]).inserted, repeatedValue == nil { repeatedValue = k }
            case .crossShare:
                if crossShare == nil { crossShare = k }
            case .parity, .scoreParity:
                if parity == nil { parity = k }
            }
        }
        let n = rules.menteeDemand.count
        let menteeMinimum = (0..<n).first { rules.menteeDemand[$0].min > 0 }
        let committeePenalty = (0..<n).first {
            rules.menteeDemand[$0].max > 1 && $0 < rules.unmatchedPenalty.count && rules.unmatchedPenalty[$0] > 0
        }
        func describe(_ k: Int) -> String { "constraints[\(k)] (\(constraints[k]))" }
        func rulesOn(_ order: [String], _ byAttribute: [String: [Int]]) -> AttributeRules? {
            order.first.map { AttributeRules(attribute: $0, indices: byAttribute[$0]!) }
        }

        // Why the rules are not a network, if they are not: every cause, one clause each.
        var causes = [String]()
        if let s = rules.separations.first {
            let more = rules.separations.count > 1 ? " and \(rules.separations.count - 1) more" : ""
            causes.append("separation 0 (mentees \(s.first.rawValue) and \(s.second.rawValue))\(more): separations are not network constraints")
        }
        if let k = crossShare {
            causes.append("\(describe(k)): a crossShare rule is not a network constraint")
        }
        if let k = parity {
            causes.append("\(describe(k)): a \(constraints[k].kind) rule is not a network constraint")
        }
        if maxPer.count > 1 {
            causes.append("\(describe(maxPer[1])): a second maxPerMentor rule is not a network constraint (the first is constraints[\(maxPer[0])])")
        }
        if quotaOrder.count > 1 {
            causes.append("\(describe(quotaRules[quotaOrder[1]]![0])): quotas on a second mentee attribute (the first is '\(quotaOrder[0])') are not network constraints")
        }
        if compOrder.count > 1 {
            causes.append("\(describe(compRules[compOrder[1]]![0])): compositions on a second mentor attribute (the first is '\(compOrder[0])') are not network constraints")
        }
        if let k = repeatedValue {
            causes.append("\(describe(k)): a second rule on the same value is not a network constraint")
        }
        if !constraints.isEmpty, maxPer != [0] || constraints.count > 1, let j = committeePenalty {
            causes.append("mentee \(j) takes a committee and has an unmatched penalty, beside attribute rules: not a network constraint")
        }
        let notNetwork = causes.isEmpty ? nil : causes.joined(separator: "; ")

        let quotas = rulesOn(quotaOrder, quotaRules), compositions = rulesOn(compOrder, compRules)
        var kind = Kind.ruleNetwork
        if notNetwork != nil {
            kind = .integerProgram
        } else if constraints.isEmpty {
            kind = .assignment
        } else if constraints.count == 1, maxPer == [0] {
            kind = .layeredNetwork
        } else if let quotas, compositions == nil, maxPer.isEmpty || maxPer == [0], menteeMinimum == nil,
                  quotas.indices.count + maxPer.count == constraints.count {
            kind = .layeredNetwork
        } else if compositions != nil, quotas == nil, maxPer.isEmpty, !compositionMinimum {
            kind = .layeredNetwork
        }
        self.kind = kind
        self.maxPerMentor = kind == .integerProgram ? nil : maxPer.first
        self.quotas = kind == .integerProgram ? nil : quotas
        self.compositions = kind == .integerProgram ? nil : compositions
        self.integerProgramReason = notNetwork

        let objective = rules.objective == .total ? nil
            : "the \(rules.objective.rawValue) objective: this method maximises the total score only (maxMin is exact by the network-flow solver or GLPKSolver)"
        self.totalObjectiveRefusal = objective

        // Candidate pricing: the total objective, a leading maxPerMentor and quotas on one mentee attribute at most.
        var pricing: String?
        if let objective {
            pricing = objective
        } else if let notNetwork {
            pricing = notNetwork
        } else if let k = compositions?.indices.first {
            pricing = "\(describe(k)): candidate pricing takes a maxPerMentor rule (first) and quotas on one mentee attribute only"
        } else if let k = maxPer.first, k != 0 {
            pricing = "\(describe(k)): candidate pricing takes the maxPerMentor rule first"
        } else if let j = menteeMinimum {
            pricing = "mentee \(j) has a minimum demand of \(rules.menteeDemand[j].min): candidate pricing takes mentee minimums of 0 only"
        } else if let j = committeePenalty {
            pricing = "mentee \(j) takes a committee and has an unmatched penalty: candidate pricing takes penalties for single-mentor mentees only"
        }
        self.candidatePricingRefusal = pricing
        self.heuristicRefusal = parity.map { "\(describe($0)): the Lagrangian heuristic and price and branch do not hold a \(constraints[$0].kind) rule; the integer program (GLPKSolver) holds it exactly" }
    }
}
