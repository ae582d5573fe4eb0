import Foundation
import MatchingCore

/// A regularised logistic regression with an intercept: the probability that
/// a pair succeeds, `p = σ(b₀ + Σₖ βₖ·xₖ)` with `σ(η) = 1 / (1 + e^−η)`, fitted by
/// minimising the penalised negative log-likelihood
///
///     f(b₀, β) = −Σᵢ [yᵢ·log pᵢ + (1 − yᵢ)·log(1 − pᵢ)] + ½·λ·‖β‖²
///
/// (the intercept is not penalised) with Newton's method — iteratively
/// reweighted least squares, Hastie, Tibshirani & Friedman, *The Elements
/// of Statistical Learning*, 2nd ed., §4.4.1 and, for the penalty, §4.4.4 —
/// and a backtracking (Armijo) line search. With ``nonNegative`` the
/// coefficients are kept ≥ 0 by the projected Newton method of Bertsekas
/// (1982, "Projected Newton methods for optimization problems with simple
/// constraints", *SIAM J. Control Optim.* 20(2)): coefficients at 0 whose
/// gradient pushes them below are held there, the Newton step is taken in
/// the others, and the step is projected back onto β ≥ 0.
///
/// Converged means the projected gradient's largest entry is at most
/// ``tolerance`` · max(1, n) (the first-order optimality — Karush–Kuhn–Tucker
/// — conditions for n examples); f is strictly convex for λ > 0, so that
/// point is the one optimum.
///
/// - Complexity: O(n · k²) per iteration for n examples and k columns, plus
///   O(k³) for the step; Newton converges in a handful of iterations.
public struct LogisticRegression: Hashable, Sendable {
    /// λ ≥ 0, the L2 penalty on the coefficients (not the intercept), in
    /// units of the log-likelihood summed over examples.
    public var penalty: Double
    /// Whether every coefficient must be ≥ 0 (weights on the 0–10 scale
    /// cannot be negative).
    public var nonNegative: Bool
    /// The most Newton iterations.
    public var maxIterations: Int
    /// The convergence test: the projected gradient's largest entry at most
    /// `tolerance · max(1, n)`.
    public var tolerance: Double

    /// A regression with penalty `penalty`, non-negative coefficients when
    /// `nonNegative`.
    public init(penalty: Double = 1, nonNegative: Bool = true, maxIterations: Int = 100, tolerance: Double = 1e-9) {
        self.penalty = penalty
        self.nonNegative = nonNegative
        self.maxIterations = maxIterations
        self.tolerance = tolerance
    }

    /// Fits the columns `columns` of `features` (default: every criterion)
    /// to their labels.
    ///
    /// - Throws: as ``fit(_:rows:columns:labels:start:)``.
    public func fit(_ features: PairFeatures, columns: [Int]? = nil, start: LogisticFit? = nil) throws -> LogisticFit {
        let columns = columns ?? Array(0..<features.dimension)
        return try fit(features.design(columns), rows: features.count, columns: columns.count, labels: features.labels, start: start)
    }

    /// Fits `labels` on the design matrix `x` (row-major, `rows × columns`).
    ///
    /// - Parameters:
    ///   - x: the design matrix, row-major.
    ///   - n: its rows (pairs).
    ///   - k: its columns (criteria).
    ///   - y: each row's outcome.
    ///   - start: a fit to start from (a warm start: the bootstrap
    ///     and cross-validation refits start from the full fit); its
    ///     coefficients are projected onto the bounds first.
    /// - Throws: ``/MatchingCore/MatchingError/Code/invalidProblem`` for no
    ///   rows, a value that is not finite, a negative or non-finite penalty,
    ///   a start of another width, or labels all of one class (the intercept
    ///   would run to infinity: a regression needs both outcomes).
    public func fit(_ x: [Double], rows n: Int, columns k: Int, labels y: [Bool], start: LogisticFit? = nil) throws -> LogisticFit {
        guard n > 0, x.count == n * k, y.count == n else {
            throw MatchingError(.invalidProblem, "logistic regression: \(n) rows, \(k) columns, \(x.count) values and \(y.count) labels do not agree (or there are no rows)")
        }
        guard penalty.isFinite, penalty >= 0 else { throw MatchingError(.invalidProblem, "logistic regression: the penalty \(penalty) must be a number ≥ 0") }
        if let bad = x.firstIndex(where: { !$0.isFinite }) {
            throw MatchingError(.invalidProblem, "logistic regression: row \(bad / max(1, k)), column \(bad % max(1, k)) is \(x[bad]), not a number")
        }
        let positives = y.reduce(0) { $0 + ($1 ? 1 : 0) }
        guard positives > 0, positives < n else {
            throw MatchingError(.invalidProblem, "logistic regression: all \(n) examples are \(positives > 0 ? "successes" : "failures"); a fit needs both outcomes")
        }
        var theta = [Double](repeating: 0, count: k + 1)
        if let start {
            guard start.coefficients.count == k else { throw MatchingError(.invalidProblem, "logistic regression: the start has \(start.coefficients.count) coefficients, not \(k)") }
            theta = [start.intercept] + start.coefficients
        } else {
            // The base rate: the optimum of the intercept alone.
            let rate = Double(positives) / Double(n)
            theta[0] = log(rate / (1 - rate))
        }
        let d = k + 1
        if nonNegative { for c in 1..<d { theta[c] = max(0, theta[c]) } }
        var state = evaluate(theta, x, n, k, y)
        var iterations = 0
        var converged = false
        while true {
            let pg = projectedGradient(theta, state.gradient)
            if pg <= tolerance * Double(max(1, n)) { converged = true; break }
            guard iterations < maxIterations else { break }
            iterations += 1
            // ε-active set (Bertsekas 1982): coefficients within ε of 0 whose gradient pushes them down.
            let epsilon = min(1e-3, pg)
            let free = (0..<d).filter { c in !(nonNegative && c > 0 && theta[c] <= epsilon && state.gradient[c] > 0) }
            var h = [Double](repeating: 0, count: free.count * free.count)
            for (a, ca) in free.enumerated() { for (b, cb) in free.enumerated() { h[a * free.count + b] = state.hessian[ca * d + cb] } }
            var step = [Double](repeating: 0, count: d)
            var damping = 0.0
            var solved: [Double]? = nil
            while solved == nil {
                var damped = h
                if damping > 0 { for a in free.indices { damped[a * free.count + a] += damping } }
                if let chol = _Cholesky(damped, n: free.count) {
                    solved = chol.solve(free.map { -state.gradient[$0] })
                } else {
                    // Not positive definite (λ = 0 and collinear columns): Levenberg–Marquardt damping.
                    damping = damping == 0 ? 1e-10 * max(1, free.indices.map { h[$0 * free.count + $0] }.max() ?? 1) : damping * 10
                    if damping > 1e12 { break }
                }
            }
            guard let solved else { break }
            for (a, c) in free.enumerated() { step[c] = solved[a] }
            // Backtracking on the projected path θ(α) = P(θ + α·step), Armijo's condition.
            var alpha = 1.0
            var accepted: (theta: [Double], state: _State)? = nil
            for _ in 0..<60 {
                var trial = theta
                for c in 0..<d { trial[c] += alpha * step[c] }
                if nonNegative { for c in 1..<d { trial[c] = max(0, trial[c]) } }
                let next = evaluate(trial, x, n, k, y)
                var decrease = 0.0
                for c in 0..<d { decrease += state.gradient[c] * (trial[c] - theta[c]) }
                if next.objective <= state.objective + 1e-4 * decrease || next.objective < state.objective - 1e-12 * max(1, abs(state.objective)) {
                    accepted = (trial, next)
                    break
                }
                alpha /= 2
            }
            guard let accepted else { break }   // no decrease left: at the optimum to machine precision
            let change = zip(accepted.theta, theta).map { abs($0 - $1) }.max() ?? 0
            theta = accepted.theta
            state = accepted.state
            if change < 1e-14 { converged = projectedGradient(theta, state.gradient) <= tolerance * Double(max(1, n)) * 1e3; break }
        }
        let covariance = _Cholesky(state.hessian, n: d)?.inverse()
        return LogisticFit(intercept: theta[0], coefficients: Array(theta[1...]), iterations: iterations, converged: converged,
                           projectedGradient: projectedGradient(theta, state.gradient), objective: state.objective,
                           logLikelihood: state.logLikelihood, covariance: covariance, examples: n)
    }

    /// The largest entry of the projected gradient: a coefficient held at 0
    /// whose gradient pushes it down counts 0.
    func projectedGradient(_ theta: [Double], _ g: [Double]) -> Double {
        var out = 0.0
        for c in g.indices {
            let v = nonNegative && c > 0 && theta[c] <= 0 ? min(g[c], 0) : g[c]
            out = max(out, abs(v))
        }
        return out
    }

    /// f, its gradient and Hessian (row-major, (k+1)², intercept first) at θ.
    struct _State {
        var objective: Double
        var logLikelihood: Double
        var gradient: [Double]
        var hessian: [Double]
    }

    func evaluate(_ theta: [Double], _ x: [Double], _ n: Int, _ k: Int, _ y: [Bool]) -> _State {
        let d = k + 1
        var g = [Double](repeating: 0, count: d)
        var h = [Double](repeating: 0, count: d * d)
        var loss = 0.0
        var row = [Double](repeating: 1, count: d)
        for i in 0..<n {
            var eta = theta[0]
            for c in 0..<k { let v = x[i * k + c]; row[c + 1] = v; eta += theta[c + 1] * v }
            let p = LogisticFit.sigmoid(eta)
            loss += LogisticFit.softplus(eta) - (y[i] ? eta : 0)
            let r = p - (y[i] ? 1 : 0), w = p * (1 - p)
            for a in 0..<d {
                g[a] += r * row[a]
                let wa = w * row[a]
                for b in 0...a { h[a * d + b] += wa * row[b] }
            }
        }
        for a in 0..<d { for b in 0..<a { h[b * d + a] = h[a * d + b] } }
        var penaltyTerm = 0.0
        for c in 1..<d {
            penaltyTerm += theta[c] * theta[c]
            g[c] += penalty * theta[c]
            h[c * d + c] += penalty
        }
        return _State(objective: loss + 0.5 * penalty * penaltyTerm, logLikelihood: -loss, gradient: g, hessian: h)
    }
}

/// A fitted ``LogisticRegression``.
public struct LogisticFit: Hashable, Sendable {
    /// b₀, the log-odds of success when every value is 0.
    public var intercept: Double
    /// βₖ per column: the change in log-odds per unit of the column.
    public var coefficients: [Double]
    /// Newton iterations taken.
    public var iterations: Int
    /// Whether the projected gradient fell below the tolerance.
    public var converged: Bool
    /// The projected gradient's largest entry at the end (0 at the optimum).
    public var projectedGradient: Double
    /// The penalised negative log-likelihood at the end (what the fit minimises).
    public var objective: Double
    /// The log-likelihood Σ log p(yᵢ) at the end (without the penalty).
    public var logLikelihood: Double
    /// The inverse of the penalised Hessian at the end, row-major
    /// ((k+1)², intercept first): the approximate covariance of the estimates
    /// (ESL §4.4.2), `nil` if singular. Not valid for coefficients held at 0.
    public var covariance: [Double]?
    /// The number of examples fitted.
    public var examples: Int

    /// Creates a fit (for tests and for models known in advance, such as a simulator's truth).
    public init(intercept: Double, coefficients: [Double], iterations: Int = 0, converged: Bool = true, projectedGradient: Double = 0,
                objective: Double = 0, logLikelihood: Double = 0, covariance: [Double]? = nil, examples: Int = 0) {
        self.intercept = intercept
        self.coefficients = coefficients
        self.iterations = iterations
        self.converged = converged
        self.projectedGradient = projectedGradient
        self.objective = objective
        self.logLikelihood = logLikelihood
        self.covariance = covariance
        self.examples = examples
    }

    /// The log-odds b₀ + Σ βₖ·xₖ of values `x` (one per coefficient).
    public func linearPredictor<C: Collection<Double>>(_ x: C) -> Double {
        var eta = intercept
        for (b, v) in zip(coefficients, x) { eta += b * v }
        return eta
    }

    /// The probability of success for values `x` (one per coefficient).
    public func probability<C: Collection<Double>>(_ x: C) -> Double { Self.sigmoid(linearPredictor(x)) }

    /// The standard errors from ``covariance`` (intercept first), `nil` if singular.
    public var standardErrors: [Double]? {
        guard let covariance else { return nil }
        let d = coefficients.count + 1
        return (0..<d).map { max(0, covariance[$0 * d + $0]).squareRoot() }
    }

    /// σ(η) = 1 / (1 + e^−η), computed without overflow.
    @inlinable
    public static func sigmoid(_ eta: Double) -> Double {
        if eta >= 0 { return 1 / (1 + exp(-eta)) }
        let e = exp(eta)
        return e / (1 + e)
    }

    /// log(1 + e^η), computed without overflow.
    @inlinable
    public static func softplus(_ eta: Double) -> Double { max(eta, 0) + log1p(exp(-abs(eta))) }
}
